"""Property tests: no breakdown ever lets a group below the minimum be recovered by subtraction."""

from itertools import combinations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from werkbaar.analysis.engine import score, suppress
from werkbaar.analysis.instrument import instrument_from_dict

L = {"en": "x"}
ONE_ITEM = instrument_from_dict(
    {
        "id": "one",
        "version": "1",
        "title": L,
        "languages": ["en"],
        "answer_scales": {"f4": {"values": [1, 2, 3, 4], "labels": {"en": list("abcd")}}},
        "items": [{"id": "q", "answer_scale": "f4", "text": L}],
        "scales": [
            {"id": "s", "kind": "workability", "title": L, "items": ["q"], "higher_is": "worse",
             "cutoffs": {"problem": 50, "acute": 75}},
        ],
    }
)  # fmt: skip


def assert_safe(true_sizes: list[int], suppressed: set[int], minimum: int, total_published: bool):
    """Every set of respondents whose size follows from published figures is empty or >= minimum."""
    shown = [i for i in range(len(true_sizes)) if i not in suppressed]
    for i in shown:
        assert true_sizes[i] >= minimum
    hidden_total = sum(true_sizes[i] for i in suppressed)
    assert hidden_total == 0 or hidden_total >= minimum or not total_published and len(shown) == 0
    if total_published:
        # total minus any set of shown siblings = hidden groups + the other shown groups
        for k in range(len(shown) + 1):
            for subset in combinations(shown, k):
                rest = sum(true_sizes) - sum(true_sizes[i] for i in subset)
                assert rest == 0 or rest >= minimum


@given(sizes=st.lists(st.integers(min_value=0, max_value=15), min_size=1, max_size=8), minimum=st.integers(3, 10))
def test_suppress_leaves_nothing_small(sizes, minimum):
    hidden = suppress(sizes, minimum)
    assert {i for i, n in enumerate(sizes) if n < minimum} <= hidden
    assert_safe(sizes, hidden, minimum, total_published=sum(sizes) >= minimum)


group_value = st.one_of(st.none(), st.sampled_from(["A", "B", "C", "D", "E", "", " "]))


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.one_of(st.none(), st.integers(1, 4)), group_value, group_value), min_size=0, max_size=60
    ),
    minimum=st.integers(3, 8),
)
def test_no_breakdown_reveals_a_small_group(rows, minimum):
    df = pl.DataFrame(rows, schema={"q": pl.Int64, "team": pl.String, "site": pl.String}, orient="row")
    result = score(ONE_ITEM, df, by=["team", "site"], min_group=minimum)
    total = len(rows)
    total_published = not result["overall"]["suppressed"]
    assert total_published == (total >= minimum)
    if total_published:
        assert result["overall"]["n"] == total
    for col in ("team", "site"):
        cleaned = [None if v is None or not v.strip() else v for v in df[col].to_list()]
        cells = result["groups"][col]
        values = [c["value"] for c in cells]
        true_sizes = [sum(1 for v in cleaned if v == value) for value in values]
        assert sum(true_sizes) == total
        hidden = {i for i, c in enumerate(cells) if c["suppressed"]}
        for i, c in enumerate(cells):
            if not c["suppressed"]:
                assert c["n"] == true_sizes[i]
                # every published figure is about at least `minimum` people or about nobody
                figure_n = c["scales"]["s"]["n"]
                assert figure_n is None or figure_n == 0 or minimum <= figure_n <= c["n"]
            else:
                assert c["n"] is None and set(c) == {"value", "n", "suppressed", "suppressed_reason"}
        assert_safe(true_sizes, hidden, minimum, total_published)


def test_the_complementary_cell_counts_on_every_measure_at_once():
    """Respondents (minimum 5) and organisations (minimum 3): cell 0 has 4 respondents, so it is hidden,
    and the smallest helper on respondents is cell 1 (10). Hiding it brings the hidden cells to 14
    respondents and 7 organisations, enough on both measures: cell 2 stays (hand-worked)."""
    from werkbaar.analysis.suppression import COMPLEMENTARY, SMALL, suppression

    measures = [([4, 10, 20], 5), ([4, 3, 8], 3)]
    assert suppression(measures) == {0: SMALL, 1: COMPLEMENTARY}
