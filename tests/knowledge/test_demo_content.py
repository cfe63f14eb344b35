"""The knowledge platform's demo content (knowledge/demo.py, data/demo_items.yaml): enough, varied, idempotent,
and written for Werkbaar (no run of eight words taken from a seed text)."""

import io
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from django.utils import timezone

from werkbaar.actions.taxonomy import Theme
from werkbaar.knowledge import demo
from werkbaar.knowledge.models import Audience, Item, Kind, Status

#: The seed texts beside the checkout (../shared/seeds; read only; WERKBAAR_SEEDS points elsewhere).
SEEDS = Path(os.environ.get("WERKBAAR_SEEDS", Path(__file__).resolve().parents[3] / "shared" / "seeds"))
RUN = 8


@pytest.fixture
def loaded(db):
    from werkbaar.actions import catalogue
    from werkbaar.core import demo as core_demo

    core_demo.load(io.StringIO())
    catalogue.load()
    demo.load(io.StringIO())
    return Item.objects.all()


def test_loading_twice_changes_nothing(loaded):
    before = sorted(Item.objects.values_list("slug", "status", "title_nl"))
    links = sorted(Item.related_actions.through.objects.values_list("item__slug", "action__key"))
    demo.load(io.StringIO())
    assert sorted(Item.objects.values_list("slug", "status", "title_nl")) == before
    assert sorted(Item.related_actions.through.objects.values_list("item__slug", "action__key")) == links
    assert Item.objects.count() == len(demo.entries())
    assert sorted(Item.objects.values_list("versions__number", flat=True)) == [1] * len(demo.entries())


def test_enough_published_items_of_every_kind_and_theme(loaded):
    published = loaded.filter(status=Status.PUBLISHED)
    assert published.count() >= 25
    kinds = Counter(published.values_list("kind", flat=True))
    assert {kind: kinds[kind] for kind in Kind.values} == {kind: max(4, kinds[kind]) for kind in Kind.values}
    themes = Counter(theme for item in published for theme in item.theme_list)
    assert all(themes[theme] >= 2 for theme in Theme.values), themes


def test_published_items_are_owned_dated_and_translated(loaded):
    for item in loaded.filter(status=Status.PUBLISHED):
        assert item.owner is not None and item.published_at and item.reviewed_at, item.slug
        assert item.title_nl and item.summary_nl and item.body_nl, item.slug
        assert item.title_fr and item.summary_fr and item.title_en and item.summary_en, item.slug
    assert loaded.filter(status=Status.PUBLISHED, related_actions__isnull=False).distinct().count() >= 20
    assert loaded.filter(sectors__code__in=["vormdc", "vivo", "constructiv"]).exists()


def test_editors_have_work_review_due_drafts_and_items_in_review(loaded):
    now = timezone.now()
    assert sum(item.review_due(now) for item in loaded.filter(status=Status.PUBLISHED)) >= 2
    assert loaded.filter(status=Status.DRAFT).exists() and loaded.filter(status=Status.IN_REVIEW).exists()
    assert not loaded.exclude(status=Status.PUBLISHED).filter(published_at__isnull=False).exists()


def test_measures_make_the_finder_interesting(loaded):
    measures = loaded.filter(kind=Kind.MEASURE, status=Status.PUBLISHED)
    audiences = {a for m in measures for a in m.audience_list}
    assert audiences == set(Audience.values)
    assert {r for m in measures for r in m.region_list} >= {"flanders", "belgium"}
    assert measures.exclude(company_sizes="").exists() and measures.filter(company_sizes="").exists()
    assert measures.filter(sectors__isnull=False).exists() and measures.filter(sectors__isnull=True).exists()
    today = timezone.localdate()
    assert measures.filter(deadline__lt=today).count() == 1 and measures.filter(deadline__gte=today).exists()


def test_every_action_and_sector_named_in_the_file_exists(loaded):
    from werkbaar.actions.models import Action
    from werkbaar.core.models import Sector

    keys = {k for e in demo.entries() for k in e.get("actions", [])}
    assert keys - set(Action.objects.values_list("key", flat=True)) == set()
    codes = {c for e in demo.entries() for c in e.get("sectors", []) + [e.get("owner_sector")] if c}
    assert codes - set(Sector.objects.values_list("code", flat=True)) == set()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def runs(text: str, n: int = RUN) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


def seed_runs() -> set[tuple[str, ...]]:
    files = sorted(SEEDS.glob("*.txt"))
    if not files:
        pytest.fail(f"no seed texts in {SEEDS}: set WERKBAAR_SEEDS to the directory of the seed texts")
    found = set()
    for path in files:
        for sentence in re.split(r"(?<=[.!?;:])\s+|\n\s*\n", path.read_text(encoding="utf-8", errors="replace")):
            found |= runs(sentence)
    return found


def texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from texts(v)


def test_runs_finds_an_eight_word_run_but_not_seven():
    seed = "De werkgever bespreekt de resultaten van de scan met het comité."
    assert runs("Wij zeggen: de werkgever bespreekt de resultaten van de scan met iedereen.") & runs(seed)
    assert not runs("Dus de werkgever bespreekt de resultaten van de meting.") & runs(seed)


def test_no_demo_text_repeats_eight_words_of_a_seed():
    seeds = seed_runs()
    copied = {}
    for entry in demo.entries():
        for text in texts({lang: entry.get(lang) for lang in ("nl", "fr", "en")}):
            hits = runs(text) & seeds
            if hits:
                copied[entry["slug"]] = " ".join(sorted(hits)[0])
    assert copied == {}
