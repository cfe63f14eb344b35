"""Full-text search of the menu: the same tests run on SQLite (FTS5) and PostgreSQL (tsvector)."""

import pytest

from werkbaar.actions.models import Action
from werkbaar.actions.search import backend, fts5_query, search, tsquery, words


def test_query_building_strips_syntax():
    assert words('ergo* "OR" (stress) -x') == ["ergo", "or", "stress", "x"]
    assert fts5_query("werk stress") == '"werk"* "stress"*'
    assert tsquery("werk stress") == "werk:* & stress:*"


@pytest.mark.django_db
def test_backend_matches_the_database(settings):
    from django.db import connection

    assert backend() == {"sqlite": "sqlite", "postgresql": "postgresql"}.get(connection.vendor, "fallback")


@pytest.mark.django_db
def test_prefix_search_in_titles_and_descriptions(menu):
    keys = set(search(Action.objects.all(), "ergonom").values_list("key", flat=True))
    assert {"ergonomic-equipment", "ergonomics-basic-training", "ergonomics-scan"} <= keys
    assert "stress-burnout-policy" not in keys


@pytest.mark.django_db
def test_all_words_required_and_languages_searched(menu):
    keys = set(search(Action.objects.all(), "ploegen").values_list("key", flat=True))
    assert "shift-work-rules" in keys
    assert set(search(Action.objects.all(), "shift rest").values_list("key", flat=True)) == {"shift-work-rules"}
    assert "shift-work-rules" in set(search(Action.objects.all(), "travail posté").values_list("key", flat=True))


@pytest.mark.django_db
def test_title_hit_ranks_above_description_hit(menu):
    ranked = list(search(Action.objects.all(), "vertrouwenspersoon").order_by("-relevance"))
    assert ranked[0].key == "confidential-counsellor"


@pytest.mark.django_db
def test_index_follows_changes_and_deletions(menu):
    action = Action.objects.get(key="ergonomics-scan")
    action.title_nl = "Zeldzaamwoord analyse"
    action.save()
    assert list(search(Action.objects.all(), "zeldzaamwoord").values_list("key", flat=True)) == ["ergonomics-scan"]
    action.delete()
    assert not search(Action.objects.all(), "zeldzaamwoord").exists()


@pytest.mark.django_db
def test_hostile_input_does_not_break(menu):
    for text in ['"', "*", "NEAR(", "a AND OR", "'; DROP TABLE x; --", "ü:*&|!"]:
        list(search(Action.objects.all(), text))
    assert search(Action.objects.all(), "   ").count() == Action.objects.count()
