"""The activity log of /reporting/covenant/<code>/ reads like the covenant's history tab (no internal
action names, field names, ids or Python values) and comes in pages."""

import re

import pytest

from werkbaar.core import audit
from werkbaar.core.roles import Role
from werkbaar.covenants.models import Absence

pytestmark = pytest.mark.django_db


def _text(page: str) -> str:
    return re.sub(r"<[^>]+>", " ", page.split('id="activity"')[1])


def test_the_activity_reads_like_the_history_tab(covenant_factory, make_user, client):
    covenant = covenant_factory()
    indicator = covenant.priorities.get(code="P1").indicator
    before = audit.snapshot(indicator)
    indicator.result_met = True
    indicator.save()
    audit.record(None, indicator, "evaluation", before, audit.snapshot(indicator), root=covenant)
    audit.record(None, covenant, "transition:approve", {"status": "drafted"}, {"status": "active"})
    consultant = covenant.consultants.get()
    absence = Absence.objects.create(consultant=consultant, start="2021-03-01", end="2021-03-31", kind="sickness")
    audit.record(None, consultant, "update", {"absences": []},
                 {"absences": [{"start": "2021-03-01", "kind": absence.kind, "replaced": False}]}, root=covenant)
    audit.record(None, covenant, "update", {"sector": None}, {"sector": covenant.sector.pk})
    client.force_login(make_user(Role.ACCOUNT_MANAGER))
    text = _text(client.get(f"/reporting/covenant/{covenant.code}/").content.decode())
    for raw in ("transition:approve", "result_met", "True", "{'", '{"', f"→ {covenant.sector.pk} "):
        assert raw not in text, raw
    assert str(covenant.sector) in text  # the sector by name, not by id


def test_the_activity_comes_in_pages(covenant_factory, make_user, client):
    covenant = covenant_factory()
    for n in range(30):
        audit.record(None, covenant, "update", {"title": f"t{n}"}, {"title": f"title number {n}"})
    client.force_login(make_user(Role.ACCOUNT_MANAGER))
    first = client.get(f"/reporting/covenant/{covenant.code}/").content.decode()
    assert _text(first).count("title number") == 25
    second = client.get(f"/reporting/covenant/{covenant.code}/?page=2").content.decode()
    assert _text(second).count("title number") == 5
