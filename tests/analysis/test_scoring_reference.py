"""Property test: the Polars engine agrees with a plain-Python reference of the scoring rules."""

from fractions import Fraction

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from werkbaar.analysis.engine import scale_scores, score

answer = st.one_of(st.none(), st.integers(1, 4))
row = st.fixed_dictionaries({"a1": answer, "a2": answer, "a3": answer, "b1": answer, "b2": answer})


def reference_score(values, reverse, lo, hi, min_answered):
    coded = [lo + hi - v if r else v for v, r in zip(values, reverse, strict=True) if v is not None]
    if len(coded) < min_answered:
        return None
    return Fraction(100) * (Fraction(sum(coded), len(coded)) - lo) / (hi - lo)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(row, min_size=1, max_size=30))
def test_engine_matches_reference(mini, rows):
    df = pl.DataFrame(rows, schema={k: pl.Int64 for k in ["a1", "a2", "a3", "b1", "b2"]})
    scored = scale_scores(mini, df)
    workable_count = workable_n = 0
    w1_scores = []
    for i, r in enumerate(rows):
        w1 = reference_score([r["a1"], r["a2"], r["a3"]], [False, False, True], 1, 4, 2)
        w2 = reference_score([r["b1"], r["b2"]], [False, False], 1, 4, 2)
        got1, got2 = scored["w1"][i], scored["w2"][i]
        assert (got1 is None) == (w1 is None) and (got2 is None) == (w2 is None)
        if w1 is not None:
            assert abs(got1 - float(w1)) < 1e-9
            assert scored["w1__problem"][i] == (w1 >= 50) and scored["w1__acute"][i] == (w1 >= 75)
            w1_scores.append(w1)
        if w2 is not None:
            assert scored["w2__problem"][i] == (w2 <= 50) and scored["w2__acute"][i] == (w2 <= 25)
        if w1 is not None and w2 is not None:
            workable_n += 1
            workable_count += w1 < 50 and w2 > 50
    result = score(mini, df, min_group=3) if len(rows) >= 3 else None
    if result:
        # a figure with 1 or 2 people behind it is hidden (minimum 3), one about nobody is empty
        shown_work = workable_n == 0 or workable_n >= 3
        assert result["overall"]["workability_n"] == (workable_n if shown_work else None)
        assert bool(result["overall"].get("workability_suppressed")) is not shown_work
        if len(w1_scores) >= 3:
            mean = sum(w1_scores) / len(w1_scores)
            expected = float(int(mean * 100 + Fraction(1, 2))) / 100  # exact, halves up
            assert result["overall"]["scales"]["w1"]["mean"] == expected
        elif w1_scores:
            assert result["overall"]["scales"]["w1"]["suppressed_reason"] == "small"
        if workable_n >= 3:
            rate = Fraction(workable_count, workable_n)
            assert result["overall"]["workability_rate"] == int(rate * 10000 + Fraction(1, 2)) / 10000
