"""The facets' rules (knowledge/facets.py) over plain rows: what a choice keeps, the counts, the order."""

import datetime

import pytest

from werkbaar.knowledge.facets import Row, apply, counts, matches, order

UTC = datetime.UTC


def rows():
    return [
        Row(1, "research", themes=["physical"], sectors=["bouw"], sizes=["1-9"], titles={"nl": "Bouw", "fr": "Zèbre"},
            published_at=datetime.datetime(2026, 1, 1, tzinfo=UTC), relevance=1.0),
        Row(2, "tool", themes=["physical", "psychosocial"], titles={"nl": "Aap"},
            published_at=datetime.datetime(2026, 3, 1, tzinfo=UTC), relevance=3.0),
        Row(3, "research", themes=["psychosocial"], sectors=["zorg"], sizes=["250+"], titles={"nl": "Citroen"},
            published_at=None, relevance=2.0),
    ]


def test_an_item_for_every_sector_or_size_stays_when_one_is_chosen():
    general, construction = rows()[1], rows()[0]
    assert matches(general, "sector", "zorg") and matches(general, "size", "250+")
    assert not matches(construction, "sector", "zorg") and not matches(construction, "size", "250+")
    assert matches(construction, "theme", "physical") and not matches(construction, "theme", "psychosocial")
    assert matches(construction, "kind", "research") and not matches(construction, "kind", "tool")
    with pytest.raises(ValueError):
        matches(general, "colour", "red")


def test_chosen_facets_combine_and_empty_choices_are_ignored():
    assert [r.pk for r in apply(rows(), {"kind": "research"})] == [1, 3]
    assert [r.pk for r in apply(rows(), {"kind": "research", "sector": "zorg"})] == [3]
    assert [r.pk for r in apply(rows(), {"theme": "physical", "sector": "zorg"})] == [2]
    assert [r.pk for r in apply(rows(), {"kind": "", "theme": None})] == [1, 2, 3]


def test_counts_show_what_each_option_would_give_with_the_other_choices_kept():
    numbers = counts(rows(), {"kind": "research", "theme": "physical"},
                     {"kind": ["research", "tool"], "theme": ["physical", "psychosocial"], "sector": ["bouw", "zorg"]})
    # kind: the theme "physical" is kept, the kind itself is swapped
    assert numbers["kind"] == {"research": 1, "tool": 1}
    # theme: the kind "research" is kept
    assert numbers["theme"] == {"physical": 1, "psychosocial": 1}
    # sector: both choices kept -> only item 1 is left, and it is for "bouw" only
    assert numbers["sector"] == {"bouw": 1, "zorg": 0}


def test_order_by_relevance_newest_and_title_in_the_readers_language():
    assert [r.pk for r in order(rows(), "relevance", "nl")] == [2, 3, 1]
    assert [r.pk for r in order(rows(), "newest", "nl")] == [2, 1, 3]  # never published: last
    assert [r.pk for r in order(rows(), "title", "nl")] == [2, 1, 3]  # Aap, Bouw, Citroen
    assert [r.pk for r in order(rows(), "title", "fr")] == [2, 3, 1]  # Aap, Citroen, Zèbre (French title)
