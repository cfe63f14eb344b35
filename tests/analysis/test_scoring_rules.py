"""Scoring rules on small hand-computed examples (docs/analysis-method.md)."""

import polars as pl
import pytest

from werkbaar.analysis.engine import ResponsesError, read_responses, scale_scores, score, suppress

# Hand computation for w1 (1-4, a3 reversed: v -> 5 - v; score = 100 (sum - k) / 3k):
#   r1: 4,4,1(->4)  = 100       acute      r5: 4,3,2(->3) = 700/9 = 77.78  acute
#   r2: 1,1,4(->1)  = 0         fine       r6: 3,3,2(->3) = 600/9 = 66.67  problem
#   r3: 2,3,-       = 300/6=50  problem    r7: 1,1,4(->1) = 0              fine
#   r4: 3,-,-       = missing (1 < min_answered 2)        r8: 2,2,3(->2) = 300/9 = 33.33 fine
# w2 (1-4, better; score = 100 (sum - 2) / 6):
#   r1 4,4=100 fine | r2 2,3=50 problem | r3 1,2=16.67 acute | r4 3,3=66.67 | r5 -,4 missing
#   r6 2,2=33.33 problem | r7 4,4=100 | r8 3,4=83.33
ROWS = {
    "a1": [4, 1, 2, 3, 4, 3, 1, 2],
    "a2": [4, 1, 3, None, 3, 3, 1, 2],
    "a3": [1, 4, None, None, 2, 2, 4, 3],
    "b1": [4, 2, 1, 3, None, 2, 4, 3],
    "b2": [4, 3, 2, 3, 4, 2, 4, 4],
    "c1": [1, 2, 3, 4, 5, None, 1, 1],
    "d1": [1, 2, 3, 4, 5, 1, None, 5],
    "team": ["A", "A", "B", "B", "B", "A", "A", "B"],
}


def frame(rows=ROWS):
    return pl.DataFrame(rows, schema_overrides={k: pl.Int64 for k in rows if k != "team"})


def test_respondent_scores_reverse_coding_and_min_answered(mini):
    s = scale_scores(mini, frame())
    w1 = s["w1"].to_list()
    assert w1[:3] == [100.0, 0.0, 50.0]
    assert w1[3] is None  # only one of three answered, min_answered is 2
    assert w1[4] == pytest.approx(700 / 9)
    assert w1[5] == pytest.approx(600 / 9)
    assert s["w1__problem"].to_list() == [True, False, True, None, True, True, False, False]
    assert s["w1__acute"].to_list() == [True, False, False, None, True, False, False, False]


def test_better_direction(mini):
    s = scale_scores(mini, frame())
    assert s["w2"].to_list()[:2] == [100.0, 50.0]
    assert s["w2__problem"].to_list() == [False, True, True, False, None, True, False, False]
    assert s["w2__acute"].to_list() == [False, False, True, False, None, False, False, False]


@pytest.mark.parametrize(
    ("value", "score_", "worse", "better"),
    [
        # (problem, acute) for r1 (worse: problem >= 50, acute >= 75) and r2 (better: <= 50, <= 25)
        (1, 0.0, (False, False), (True, True)),
        (2, 25.0, (False, False), (True, True)),  # exactly at the 'better' acute cut-off
        (3, 50.0, (True, False), (True, False)),  # exactly at both problem cut-offs
        (4, 75.0, (True, True), (False, False)),  # exactly at the 'worse' acute cut-off
        (5, 100.0, (True, True), (False, False)),
    ],
)
def test_boundaries_are_inclusive(mini, value, score_, worse, better):
    s = scale_scores(mini, pl.DataFrame({"c1": [value], "d1": [value]}))
    assert s["r1"][0] == score_ and s["r2"][0] == score_
    assert (s["r1__problem"][0], s["r1__acute"][0]) == worse
    assert (s["r2__problem"][0], s["r2__acute"][0]) == better


def test_scores_exactly_at_cutoff_from_several_items_are_not_lost_to_rounding(mini):
    # 4 items are not available in mini; instead check a 3-item mean that equals a cut-off exactly:
    # w1 with a1=3, a2=2, a3=4 (->1): sum 6, k 3 -> 100 * 3 / 9 = 33.33; with a1=3,a2=3,a3=2(->3): 66.67.
    # and 2,3,- gives exactly 50.0 which must count as a problem
    s = scale_scores(
        mini, pl.DataFrame({"a1": [2], "a2": [3], "a3": [None]}, schema={k: pl.Int64 for k in ["a1", "a2", "a3"]})
    )
    assert s["w1"][0] == 50.0 and s["w1__problem"][0] is True


def test_workable_respondent_and_rate(mini):
    s = scale_scores(mini, frame())
    # rows 4 and 5 miss a workability scale; of the 6 others only rows 7 and 8 have no problem
    assert s["workable"].to_list() == [False, False, False, None, None, False, True, True]
    result = score(mini, frame(), min_group=3)
    assert result["overall"]["workability_n"] == 6
    assert result["overall"]["workability_rate"] == round(2 / 6, 4)


def test_overall_scale_figures(mini):
    result = score(mini, frame(), min_group=3)
    w1 = result["overall"]["scales"]["w1"]
    expected = [100, 0, 50, 700 / 9, 600 / 9, 0, 100 / 3]
    assert w1 == {
        "n": 7,
        "mean": round(sum(expected) / 7, 2),
        "problem_rate": round(4 / 7, 4),
        "acute_rate": round(2 / 7, 4),
    }
    assert result["overall"]["n"] == 8
    assert result["instrument"] == "mini" and result["version"] == "0.1" and result["min_group"] == 3


def test_groups_separate_breakdowns(mini):
    df = frame().with_columns(pl.Series("site", ["x", "y"] * 4))
    result = score(mini, df, by=["team", "site"], min_group=3)
    assert list(result["groups"]) == ["team", "site"]
    team = {g["value"]: g for g in result["groups"]["team"]}
    assert team["A"]["n"] == 4 and team["B"]["n"] == 4
    # team A: rows 1,2,6,7 -> w1 scores 100, 0, 66.67, 0
    assert team["A"]["scales"]["w1"]["problem_rate"] == 0.5
    # 4 of A's people and 2 of B's have all workability scores: B's rate rests on 2 people (hidden),
    # and A's too, else the overall rate over 6 minus A's would give B's away
    assert result["overall"]["workability_n"] == 6
    assert team["B"]["workability_suppressed_reason"] == "small" and team["B"]["workability_rate"] is None
    assert team["A"]["workability_suppressed_reason"] == "complementary" and team["A"]["workability_n"] is None


def test_blank_group_values_form_one_unknown_group(mini):
    df = frame().with_columns(pl.Series("team", ["A", "", None, " ", "A", "A", "A", None]))
    result = score(mini, df, by=["team"], min_group=3)
    groups = result["groups"]["team"]
    assert [g["value"] for g in groups] == ["A", None]  # blank last, JSON null
    assert [g["n"] for g in groups] == [4, 4]


def test_numeric_group_values_become_text(mini):
    df = frame().with_columns(pl.Series("team", [1, 1, 1, 2, 2, 2, 2, 1]))
    result = score(mini, df, by=["team"], min_group=3)
    assert [g["value"] for g in result["groups"]["team"]] == ["1", "2"]


def test_primary_suppression(mini):
    df = frame().with_columns(pl.Series("team", ["A"] * 4 + ["B"] * 2 + ["C"] * 2))
    result = score(mini, df, by=["team"], min_group=3)
    a, b, c = result["groups"]["team"]
    assert a["suppressed"] is False and a["n"] == 4
    # B and C are too small; together they hold 4 >= 3, so no secondary suppression is needed
    assert b == {"value": "B", "n": None, "suppressed": True, "suppressed_reason": "small"}
    assert c == {"value": "C", "n": None, "suppressed": True, "suppressed_reason": "small"}
    # with B alone too small (2 < 3), the smallest other group is suppressed as well
    df = frame().with_columns(pl.Series("team", ["A"] * 3 + ["B"] * 2 + ["C"] * 3))
    cells = score(mini, df, by=["team"], min_group=3)["groups"]["team"]
    assert [g["suppressed"] for g in cells] == [True, True, False]


@pytest.mark.parametrize(
    ("sizes", "minimum", "expected"),
    [
        ([10, 6, 3, 7], 5, {1, 2}),  # 3 alone is recoverable from the total: add the smallest (6)
        ([2, 3, 10], 5, {0, 1}),  # 2 + 3 = 5 together: enough
        ([3, 1, 20], 5, {0, 1, 2}),  # 3 + 1 = 4: the last group is suppressed too, then all are
        ([4, 6, 6], 5, {0, 1}),  # tie: the first of the smallest
        ([5, 5], 5, set()),
        ([0, 9], 5, {0}),  # an empty group holds nobody
        ([12], 5, set()),
        ([2], 5, {0}),
    ],
)
def test_suppress(sizes, minimum, expected):
    assert suppress(sizes, minimum) == expected


def test_secondary_suppression_in_result(mini):
    rows = {k: v * 3 for k, v in ROWS.items()}  # 24 respondents
    df = frame(rows).with_columns(pl.Series("team", ["A"] * 10 + ["B"] * 8 + ["C"] * 4 + [None] * 2))
    result = score(mini, df, by=["team"], min_group=5)
    cells = {g["value"]: g for g in result["groups"]["team"]}
    assert cells["A"]["suppressed"] is False
    assert cells["C"]["suppressed"] and cells[None]["suppressed"]  # 4 + 2 = 6 >= 5: enough
    assert cells["B"]["suppressed"] is False
    df2 = df.with_columns(pl.Series("team", ["A"] * 10 + ["B"] * 8 + ["C"] * 4 + ["D"] * 2).alias("team"))
    df2 = df2.with_columns(
        pl.when(pl.int_range(pl.len()) >= 22).then(pl.lit("A")).otherwise(pl.col("team")).alias("team")
    )
    cells = {g["value"]: g for g in score(mini, df2, by=["team"], min_group=5)["groups"]["team"]}
    # A 12, B 8, C 4: C alone (4) would follow from the total minus A and B -> B (the smallest other) goes too
    assert [cells[v]["suppressed"] for v in "ABC"] == [False, True, True]


def test_small_total_suppresses_everything(mini):
    df = frame().head(4)
    result = score(mini, df, by=["team"], min_group=5)
    assert result["overall"] == {"n": None, "suppressed": True, "suppressed_reason": "small"}
    assert all(g["suppressed"] and g["n"] is None for g in result["groups"]["team"])
    assert {g["suppressed_reason"] for g in result["groups"]["team"]} == {"small"}


def test_answer_errors_name_row_column_value(mini):
    df = pl.DataFrame({"a1": ["1", "x", "", "5"], "a2": ["1", "2", "3.5", "2.0"], "a3": ["1", "2", "3", " 4 "]})
    with pytest.raises(ResponsesError) as info:
        score(mini, df)
    found = {(e.row, e.column, e.value) for e in info.value.errors}
    assert found == {(3, "a1", "x"), (5, "a1", "5"), (4, "a2", "3.5")}  # header is row 1
    assert info.value.total == 3


def test_float_answers_must_be_whole(mini):
    df = pl.DataFrame({"c1": [1.0, 2.5, None]})
    with pytest.raises(ResponsesError) as info:
        score(mini, df)
    assert [(e.row, e.column, e.value) for e in info.value.errors] == [(3, "c1", 2.5)]


def test_scale_with_some_items_missing_is_an_error(mini):
    with pytest.raises(ResponsesError) as info:
        score(mini, pl.DataFrame({"a1": [1], "a2": [2], "c1": [3]}))
    assert "scale 'w1' is incomplete" in str(info.value) and "a3" in str(info.value)


def test_absent_scale_is_skipped_with_warning_and_workability_unknown(mini):
    warnings = []
    result = score(mini, pl.DataFrame({"c1": [1, 2, 3, 4, 5]}), min_group=3, warnings=warnings)
    assert set(result["overall"]["scales"]) == {"r1"}
    assert any("'w1' skipped" in w for w in warnings) and any("'d1'" in w or "'r2'" in w for w in warnings)
    assert result["overall"]["workability_rate"] is None and result["overall"]["workability_n"] == 0


def test_other_columns_ignored_and_unknown_by_column_error(mini, tmp_path):
    path = tmp_path / "r.csv"
    frame().with_columns(pl.lit("free text").alias("remark")).write_csv(path)
    result = score(mini, path, by=["team"], min_group=3)
    assert result["overall"]["n"] == 8
    with pytest.raises(ResponsesError, match="grouping column 'site' is not in the file"):
        score(mini, path, by=["site"])


@pytest.mark.parametrize("suffix", ["csv", "parquet", "xlsx"])
def test_read_all_formats_give_same_result(mini, tmp_path, suffix):
    df = frame()
    path = tmp_path / f"r.{suffix}"
    if suffix == "csv":
        df.write_csv(path)
    elif suffix == "parquet":
        df.write_parquet(path)
    else:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.append(df.columns)
        for row in df.iter_rows():
            ws.append(list(row))
        wb.save(path)
    assert read_responses(path).height == 8
    assert score(mini, path, by=["team"], min_group=3) == score(mini, df, by=["team"], min_group=3)


def test_unsupported_file_type(mini, tmp_path):
    path = tmp_path / "r.json"
    path.write_text("{}")
    with pytest.raises(ResponsesError, match="unsupported file type"):
        score(mini, path)


def test_min_group_below_three_refused(mini):
    with pytest.raises(ValueError):
        score(mini, frame(), min_group=2)


def test_semicolon_csv_with_bom(mini, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffc1;team;remark\n1;A;x\n5;A;y\n3;;z\n".encode())
    result = score(mini, path, by=["team"], min_group=3)
    assert result["overall"]["n"] == 3 and result["overall"]["scales"]["r1"]["mean"] == 50.0


def test_csv_with_decimal_answers_falls_back_to_text_and_accepts_whole_numbers(mini, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("c1,d1\n1.0,2\n5,3.0\n,4\n")
    result = score(mini, path, min_group=3)
    assert result["overall"]["scales"]["r2"]["n"] == 3
    assert result["overall"]["scales"]["r1"]["suppressed_reason"] == "small"  # 2 answers, minimum 3


def test_published_figures_are_exactly_rounded_decimals(mini):
    import numpy as np

    rng = np.random.default_rng(7)
    n = 5000
    data = {k: rng.integers(1, 5, n) for k in ["a1", "a2", "a3", "b1", "b2"]}
    data.update(c1=rng.integers(1, 6, n), d1=rng.integers(1, 6, n), team=rng.integers(0, 80, n).astype(str))
    result = score(mini, pl.DataFrame(data), by=["team"], min_group=5)
    cells = [result["overall"], *[c for c in result["groups"]["team"] if not c["suppressed"]]]
    assert len(cells) > 50
    for cell in cells:
        figures = [(cell["workability_rate"], 4)]
        figures += [(f[k], 4) for f in cell["scales"].values() for k in ("problem_rate", "acute_rate")]
        figures += [(f["mean"], 2) for f in cell["scales"].values()]
        for value, digits in figures:
            assert value == float(f"{value:.{digits}f}"), value  # e.g. 0.4417, never 0.44170000000000004


def test_boundary_holds_on_large_frames(mini):
    # vectorised (SIMD) paths must not turn an exact 50 into 50.000000000000014 or 49.99999999999999
    n = 60_000
    df = pl.DataFrame({"b1": [2] * n, "b2": [3] * n, "a1": [2] * n, "a2": [3] * n, "a3": [None] * n})
    s = scale_scores(mini, df.with_columns(pl.col("a3").cast(pl.Int64)))
    assert (s["w2"] == 50.0).all() and s["w2__problem"].all() and not s["w2__acute"].any()
    assert (s["w1"] == 50.0).all() and s["w1__problem"].all()


def test_unit_denominator_exact_and_fallback(mini):
    from werkbaar.analysis.engine import FALLBACK_DENOMINATOR, unit_denominator
    from werkbaar.analysis.instrument import instrument_from_dict

    # w1: 2 or 3 answered items on 1-4: lcm(2*3, 3*3) = 18
    assert unit_denominator(mini, mini.scale_by_id["w1"]) == 18
    text = {"en": "x"}
    long = instrument_from_dict(
        {
            "id": "long",
            "version": "1",
            "title": text,
            "languages": ["en"],
            "answer_scales": {"s11": {"values": list(range(11)), "labels": {"en": [str(v) for v in range(11)]}}},
            "items": [{"id": f"q{i}", "answer_scale": "s11", "text": text} for i in range(40)],
            "scales": [
                {"id": "big", "kind": "risk", "title": text, "items": [f"q{i}" for i in range(40)], "min_answered": 1,
                 "higher_is": "worse", "cutoffs": {"problem": 50, "acute": 75}}
            ],
        }
    )  # fmt: skip
    assert unit_denominator(long, long.scale_by_id["big"]) == FALLBACK_DENOMINATOR
    df = pl.DataFrame({f"q{i}": [i % 11, (i * 7) % 11, None, 10] for i in range(40)})
    result = score(long, df, min_group=3)
    assert result["overall"]["scales"]["big"]["n"] == 3
