"""Full-text search of the knowledge platform: the same tests run on SQLite (FTS5) and PostgreSQL (tsvector)."""

import importlib

import pytest

from werkbaar.core.fulltext import Index
from werkbaar.knowledge.models import Item, Status
from werkbaar.knowledge.search import INDEX, search

pytestmark = pytest.mark.django_db


def slugs(text, queryset=None):
    return set(search(queryset if queryset is not None else Item.objects.all(), text).values_list("slug", flat=True))


def test_the_migration_indexes_the_fields_the_code_searches():
    for name in ("0004_public_search", "0006_public_search_published_only"):
        assert importlib.import_module(f"werkbaar.knowledge.migrations.{name}").INDEX == INDEX
    assert "company_name" not in INDEX.title + INDEX.body


def test_prefix_search_in_every_language_and_every_word_required(public_item):
    public_item(slug="til", title_nl="Tilhulpmiddelen in de thuiszorg", title_fr="Aides au levage à domicile",
                summary_en="Lifting aids for home care workers")
    public_item(slug="stress", title_nl="Werkstress bij poetshulpen", body_fr="Charge psychosociale")
    assert slugs("tilhulp") == {"til"}
    assert slugs("levage") == {"til"}
    assert slugs("lifting aids") == {"til"}
    assert slugs("lifting stress") == set()
    assert slugs("psychosoc") == {"stress"}
    assert slugs("à domicile") == {"til"}


def test_good_practice_texts_are_searched_but_not_an_anonymised_company(public_item):
    public_item(slug="case", kind="good_practice", company_name="Geheimbedrijf", anonymised=True,
                approach_nl="Zij voerden roterende taken in", effect_fr="Moins d'absentéisme")
    assert slugs("roterende") == {"case"}
    assert slugs("absentéisme") == {"case"}
    assert slugs("geheimbedrijf") == set()


def test_a_title_hit_ranks_above_a_text_hit(public_item):
    public_item(slug="in-text", title_nl="Een gids", summary_nl="Over ergonomie op de werkvloer")
    public_item(slug="in-title", title_nl="Ergonomie in de zorg")
    ranked = list(search(Item.objects.all(), "ergonomie").order_by("-relevance"))
    assert [i.slug for i in ranked] == ["in-title", "in-text"]


def test_the_index_follows_changes_and_deletions(public_item):
    item = public_item(slug="moving", title_nl="Oud woord")
    item.title_nl = "Zeldzaamwoord"
    item.save()
    assert slugs("zeldzaamwoord") == {"moving"} and slugs("oud") == set()
    item.delete()
    assert slugs("zeldzaamwoord") == set()


def test_search_keeps_the_querysets_filter(public_item):
    public_item(slug="pub", title_nl="Werkpostaanpassing")
    public_item(slug="draft", title_nl="Werkpostaanpassing ontwerp", status=Status.DRAFT)
    assert slugs("werkpost", Item.objects.filter(status=Status.PUBLISHED)) == {"pub"}


def test_hostile_input_does_not_break(public_item):
    public_item()
    for text in ['"', "*", "NEAR(", "a AND OR", "'; DROP TABLE x; --", "ü:*&|!"]:
        list(search(Item.objects.all(), text))
    assert search(Item.objects.all(), "   ").count() == 1


def test_the_fallback_without_full_text_searches_every_field(public_item, monkeypatch):
    public_item(slug="fallback", title_nl="Iets", how_to_apply_fr="Formulaire en ligne")
    monkeypatch.setattr("werkbaar.core.fulltext.backend", lambda: "fallback")
    assert slugs("formulaire ligne") == {"fallback"}
    assert slugs("formulaire papier") == set()
    assert isinstance(INDEX, Index)


def _ranking(client, text) -> list[str]:
    import re

    body = client.get("/kennis/", {"q": text, "sort": "relevance"}).content.decode()
    return re.findall(r'href="/kennis/(rank-[a-z]+)/"', body)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED])
def test_an_unpublished_items_words_never_change_the_public_ranking(client, public_item, status):
    # bm25 (SQLite) weighs each word by how many indexed rows hold it. With unpublished items in the index,
    # an outsider could see drafts full of one word push the public results around: a draft's words leaked.
    public_item(slug="rank-alpha", title_nl="Kwartel kwartel", summary_nl="fazant fazant")
    public_item(slug="rank-beta", title_nl="Fazant", summary_nl="kwartel kwartel")
    for n in range(8):
        public_item(title_nl=f"Iets anders {n}", summary_nl="Geen van beide")
    before = _ranking(client, "kwartel fazant")
    assert before == ["rank-alpha", "rank-beta"]
    drafts = [public_item(status=status, title_nl=f"Geheim {n}", summary_nl="kwartel " * 20) for n in range(12)]
    assert _ranking(client, "kwartel fazant") == before
    drafts[0].delete()
    assert _ranking(client, "kwartel fazant") == before


def test_the_index_follows_publishing_and_withdrawing(public_item):
    item = public_item(slug="flip", title_nl="Schommelwoord", status=Status.DRAFT)
    assert slugs("schommelwoord", Item.objects.filter(status=Status.PUBLISHED)) == set()
    Item.objects.filter(pk=item.pk).update(status=Status.PUBLISHED)
    assert slugs("schommelwoord", Item.objects.filter(status=Status.PUBLISHED)) == {"flip"}
    Item.objects.filter(pk=item.pk).update(status=Status.ARCHIVED)
    Item.objects.filter(pk=item.pk).update(status=Status.PUBLISHED)
    assert slugs("schommelwoord") == {"flip"}
