"""Task adaptation for domestic helpers (an adapted client portfolio) as entries of the inspiration menu,
under the re-integration theme, loadable like every other entry."""

import pytest
import yaml

from werkbaar.actions.catalogue import CATALOGUE_FILE, load, validate
from werkbaar.actions.models import Action

PORTFOLIO = {"portfolio-fewer-heavy-clients", "portfolio-pause-windows-ironing", "portfolio-shorter-routes",
             "portfolio-mixed-light-tasks", "portfolio-gradual-hours", "portfolio-client-letter"}


def _entries():
    return {a["key"]: a for a in yaml.safe_load(CATALOGUE_FILE.read_text())["actions"]}


def test_the_portfolio_adaptations_are_reintegration_entries_in_three_languages():
    data = yaml.safe_load(CATALOGUE_FILE.read_text())
    assert validate(data) == []
    entries = _entries()
    assert PORTFOLIO <= set(entries)
    for key in PORTFOLIO:
        entry = entries[key]
        assert entry["theme"] == "reintegration", key
        assert all(entry["title"].get(lang) for lang in ("nl", "fr", "en")), key
        assert len({entry["description"][lang] for lang in ("nl", "fr", "en")}) == 3, key
        assert "seed" not in entry["source"].lower(), key


@pytest.mark.django_db
def test_the_menu_offers_them_under_the_reintegration_theme(client):
    load()
    assert set(Action.objects.filter(key__in=PORTFOLIO, theme="reintegration").values_list("key", flat=True)) == PORTFOLIO
    page = client.get("/actions/?theme=reintegration").content.decode()
    assert "Tijdelijk geen ramen of strijk" in page and "Uren stap voor stap opbouwen" in page
