"""The engine's exact behaviour that the broader scoring tests let slip (issue 13, mutation run of engine.py).

Reading files (separator, text columns kept as text, only the wanted columns), the cell errors (order,
row numbers, the exact message) and the exact half-up rounding of the published figures.
"""

import polars as pl
import pytest

from werkbaar.analysis.engine import (
    CellError,
    ResponsesError,
    figures,
    group_counts,
    prepare,
    read_responses,
    round_half_up,
    scale_scores,
    score,
    unit_denominator,
)

# --- reading files ------------------------------------------------------------------------------------


def test_a_header_that_is_not_utf8_is_still_read(mini, tmp_path):
    # an old spreadsheet export: a column the instrument does not use has a Latin-1 name
    path = tmp_path / "old.csv"
    path.write_bytes("c1;team;r\xe9marque\n1;A;x\n5;A;y\n3;A;z\n".encode("latin-1"))
    frame = read_responses(path, mini, ["team"])
    assert frame.columns == ["c1", "team"]
    assert frame["c1"].to_list() == [1, 5, 3]
    assert score(mini, path, by=["team"], min_group=3)["overall"]["scales"]["r1"]["mean"] == 50.0


@pytest.mark.parametrize("header, expected", [
    ("c1;team,x", ["c1;team", "x"]),  # as many semicolons as commas: the comma separates
    ("c1;team;x,y", ["c1", "team", "x,y"]),  # more semicolons
    ("c1,team;x;y,z,w", ["c1", "team;x;y", "z", "w"]),  # more commas
])
def test_the_separator_is_the_more_frequent_of_comma_and_semicolon(tmp_path, header, expected):
    path = tmp_path / "r.csv"
    path.write_text(header + "\n")
    assert read_responses(path).columns == expected


def test_grouping_values_stay_text_exactly_as_written(mini, tmp_path):
    # "007" and "010" are department codes, not numbers: the fast path reads only items as numbers
    path = tmp_path / "r.csv"
    path.write_text("c1,dept,remark\n1,007,x\n5,007,y\n3,010,z\n")
    frame = read_responses(path, mini, ["dept"])
    assert frame.columns == ["c1", "dept"]  # the remark is not read
    assert frame.schema == {"c1": pl.Int16, "dept": pl.String}
    assert frame["dept"].to_list() == ["007", "007", "010"]
    result = score(mini, path, by=["dept"], min_group=3)
    assert [c["value"] for c in result["groups"]["dept"]] == ["007", "010"]


def test_the_text_fallback_also_keeps_codes_and_reads_only_the_wanted_columns(mini, tmp_path):
    # "3.0" is no plain integer: the whole file is read as text, with the separator of the header
    path = tmp_path / "r.csv"
    path.write_text("c1;dept;remark\n1;007;x\n5;007;y\n3.0;010;z\n")
    frame = read_responses(path, mini, ["dept"])
    assert frame.columns == ["c1", "dept"]
    assert frame.schema == {"c1": pl.String, "dept": pl.String}
    assert frame.to_dict(as_series=False) == {"c1": ["1", "5", "3.0"], "dept": ["007", "007", "010"]}
    without_instrument = read_responses(path)
    assert without_instrument.columns == ["c1", "dept", "remark"]
    assert without_instrument["dept"].to_list() == ["007", "007", "010"]


def test_a_file_without_any_wanted_column_is_an_empty_frame(mini, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("remark,site\nx,y\n")
    assert read_responses(path, mini).shape == (0, 0)
    with pytest.raises(ResponsesError) as info:
        score(mini, path)
    assert str(info.value) == "no item column of instrument 'mini' is in the file"


def write_xlsx(path, rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)


def test_xlsx_cells_are_read_as_text_and_blank_rows_are_skipped(mini, tmp_path):
    path = tmp_path / "r.xlsx"
    write_xlsx(path, [
        [" c1 ", "team", None, "remark"],
        [1, "A", "ignored", "x"],
        [None, None, None, None],  # a blank row in the middle of the sheet
        [5.0, 7, None, ""],  # a whole float is a whole number; a number in a grouping column is text
        [3, None],  # a short row: the missing cells are blank
        ["", "  "],
    ])
    frame = read_responses(path, mini, ["team"])
    assert frame.schema == {"c1": pl.String, "team": pl.String}
    assert frame.to_dict(as_series=False) == {"c1": ["1", "5", "3"], "team": ["A", "7", None]}
    assert read_responses(path).columns == ["c1", "team", "remark"]  # the nameless column is left out
    empty = tmp_path / "empty_column.xlsx"
    write_xlsx(empty, [["c1", "team"], [1, None], [2, None]])
    assert read_responses(empty, mini, ["team"]).schema == {"c1": pl.String, "team": pl.String}  # not Null


def test_an_xlsx_without_a_header_is_an_empty_frame(tmp_path):
    path = tmp_path / "r.xlsx"
    write_xlsx(path, [])
    assert read_responses(path).shape == (0, 0)


# --- cell errors --------------------------------------------------------------------------------------


def test_cell_errors_come_row_by_row_with_the_exact_message(mini):
    df = pl.DataFrame({"a1": ["1", "2", "9"], "a2": ["x", "2", "1"], "a3": ["1", "0", "7"]})
    with pytest.raises(ResponsesError) as info:
        score(mini, df)
    errors = info.value.errors
    assert [(e.row, e.column, e.value) for e in errors] == [(2, "a2", "x"), (3, "a3", "0"), (4, "a1", "9"),
                                                             (4, "a3", "7")]
    assert errors[0].problem == "not an answer of f4 (1, 2, 3, 4, or blank)"
    assert str(errors[0]) == "row 2, column 'a2', value 'x': not an answer of f4 (1, 2, 3, 4, or blank)"
    assert info.value.total == 4
    assert str(info.value).splitlines()[-1] == "row 4, column 'a3', value '7': not an answer of f4 (1, 2, 3, 4, or blank)"


def test_more_than_fifty_cell_errors_are_counted_and_summarised(mini):
    df = pl.DataFrame({"c1": ["9"] * 60})
    with pytest.raises(ResponsesError) as info:
        score(mini, df)
    assert len(info.value.errors) == 50 and info.value.total == 60
    assert [e.row for e in info.value.errors] == list(range(2, 52))
    assert str(info.value).splitlines()[-1] == "... and 10 more problems"
    assert info.value.errors[0].problem == "not an answer of f5 (1, 2, 3, 4, 5, or blank)"


def test_a_cell_error_says_only_what_it_knows():
    assert str(CellError("file not found: x.csv")) == "file not found: x.csv"
    assert str(CellError("bad", row=3)) == "row 3: bad"
    assert str(CellError("bad", column="a1")) == "column 'a1': bad"
    assert str(CellError("bad", value=0)) == "value 0: bad"
    assert str(ResponsesError([CellError("a"), CellError("b")])) == "a\nb"
    assert ResponsesError([CellError("a")], total=3).total == 3


# --- exact rounding -----------------------------------------------------------------------------------


@pytest.mark.parametrize("num, den, digits, expected", [
    (1, 8, 2, 0.13),  # 0.125: a half goes up
    (1, 8, 3, 0.125),
    (3, 8, 2, 0.38),  # 0.375
    (1, 3, 4, 0.3333),
    (2, 3, 4, 0.6667),
    (5, 2, 0, 3.0),  # 2.5
    (0, 7, 2, 0.0),
    (7, 7, 4, 1.0),
])
def test_round_half_up_is_exact(num, den, digits, expected):
    assert round_half_up(num, den, digits) == expected


def test_figures_of_a_counts_row_are_the_published_figures(mini):
    """``figures`` (one row of counts) gives exactly what ``score`` publishes for the same cell."""
    from .test_scoring_rules import frame

    scored = scale_scores(mini, frame())
    scale_ids = ["w1", "w2", "r1", "r2"]
    row = group_counts(scored, mini, (), scale_ids)["__overall__"].row(0, named=True)
    denominators = {s: unit_denominator(mini, mini.scale_by_id[s]) for s in scale_ids}
    cell = figures(row, scale_ids, denominators)
    published = score(mini, frame(), min_group=3)["overall"]
    assert cell == published
    # by hand (tests/analysis/test_scoring_rules.py): 6 people have both workability scales, r7 and r8 are
    # workable (2 / 6); w1 over 7 people: (100 + 0 + 50 + 77.78 + 66.67 + 0 + 33.33) / 7
    assert cell["n"] == 8 and cell["workability_n"] == 6 and cell["workability_rate"] == 0.3333
    assert cell["scales"]["w1"] == {"n": 7, "mean": 46.83, "problem_rate": 0.5714, "acute_rate": 0.2857}


def test_figures_of_an_empty_cell_are_empty():
    row = {"n": 0, "workability_n": None, "workable": None, "s__n": None, "s__units": None, "s__problems": None,
           "s__acutes": None}
    assert figures(row, ["s"], {"s": 6}) == {
        "n": 0, "suppressed": False, "workability_rate": None, "workability_n": 0,
        "scales": {"s": {"n": 0, "mean": None, "problem_rate": None, "acute_rate": None}},
    }
    row = {"n": 8, "workability_n": 8, "workable": None, "s__n": 8, "s__units": 1, "s__problems": None,
           "s__acutes": 1}
    # units: score x 6 / 100, so 1 unit over 8 people is a mean of 100 / 48 = 2.0833
    assert figures(row, ["s"], {"s": 6}) == {
        "n": 8, "suppressed": False, "workability_rate": 0.0, "workability_n": 8,
        "scales": {"s": {"n": 8, "mean": 2.08, "problem_rate": 0.0, "acute_rate": 0.125}},
    }


# --- file types and modules ---------------------------------------------------------------------------


def test_every_file_type_reads_only_the_wanted_columns(mini, tmp_path):
    df = pl.DataFrame({"c1": [1, 5, 3], "team": ["A", "A", "B"], "remark": ["x", "y", "z"]})
    df.write_parquet(tmp_path / "r.parquet")
    df.write_csv(tmp_path / "r.txt")
    write_xlsx(tmp_path / "r.xlsx", [df.columns, *[list(r) for r in df.iter_rows()]])
    for name in ("r.parquet", "r.txt", "r.xlsx"):
        frame = read_responses(tmp_path / name, mini, ["team"])
        assert frame.columns == ["c1", "team"], name
        assert frame["team"].to_list() == ["A", "A", "B"], name
        assert read_responses(tmp_path / name).columns == ["c1", "team", "remark"], name


def test_an_xlsm_workbook_is_read_like_an_xlsx(mini, tmp_path):
    write_xlsx(tmp_path / "r.xlsx", [["c1", "team"], [1, "A"], [5, "A"], [3, "A"]])
    (tmp_path / "r.xlsx").rename(tmp_path / "r.xlsm")
    assert read_responses(tmp_path / "r.xlsm", mini, ["team"]).to_dict(as_series=False) == {
        "c1": ["1", "5", "3"], "team": ["A", "A", "A"]}


@pytest.mark.parametrize("name, message", [
    ("r.json", "unsupported file type .json: use .csv, .xlsx or .parquet"),
    ("responses", "unsupported file type (none): use .csv, .xlsx or .parquet"),
])
def test_an_unsupported_file_type_is_named(tmp_path, name, message):
    (tmp_path / name).write_text("{}")
    with pytest.raises(ResponsesError) as info:
        read_responses(tmp_path / name)
    assert str(info.value) == message


def test_scale_scores_leave_out_the_modules_not_chosen():
    from werkbaar.analysis.instrument import get_shipped

    inst = get_shipped("werkbaarheidsscan-basis")
    (module,) = [m.id for m in inst.modules]
    df = pl.DataFrame({i.id: [1, 2, 3, 4, 2] for i in inst.items_for([module])})
    module_scales = [s.id for s in inst.scales if s.module == module]
    assert module_scales and not set(module_scales) & set(scale_scores(inst, df, modules=[]).columns)
    assert set(module_scales) <= set(scale_scores(inst, df).columns)
    assert set(module_scales) <= set(scale_scores(inst, df, modules=[module]).columns)


def test_the_cell_errors_of_one_row_come_in_column_order_whatever_the_instrument_order():
    import copy

    from werkbaar.analysis.instrument import instrument_from_dict

    from .conftest import MINI

    data = copy.deepcopy(MINI)
    data["scales"][0]["items"] = ["a3", "a2", "a1"]  # the instrument asks a3 first
    inst = instrument_from_dict(data, source="reordered.yaml")
    df = pl.DataFrame({"a1": ["9"], "a2": ["1"], "a3": ["8"]})
    with pytest.raises(ResponsesError) as info:
        score(inst, df)
    assert [(e.row, e.column) for e in info.value.errors] == [(2, "a1"), (2, "a3")]


def test_figures_read_missing_units_as_zero():
    row = {"n": 4, "workability_n": 0, "workable": None, "s__n": 4, "s__units": None, "s__problems": 0,
           "s__acutes": 0}
    assert figures(row, ["s"], {"s": 6})["scales"]["s"]["mean"] == 0.0


def test_a_whole_number_stored_as_a_decimal_in_xlsx_is_read_as_a_whole_number(mini, tmp_path):
    import zipfile

    plain = tmp_path / "plain.xlsx"
    write_xlsx(plain, [["c1", "team"], [5, "A"], [2.5, "A"]])
    path = tmp_path / "r.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v>5</v>", b"<v>5.0</v>")  # as some spreadsheet programs write it
                assert b"<v>5.0</v>" in data
            out.writestr(item, data)
    assert read_responses(path, mini, ["team"])["c1"].to_list() == ["5", "2.5"]


def test_cluster_counts_by_value_keep_their_columns_order_and_zeros():
    from werkbaar.analysis.engine import _by_value

    frame = pl.DataFrame({"value": ["A", "B"], "n": [3, 0], "workability": [2, None]})
    # in the order asked; a value the frame lacks, a zero and a missing count all give 0 (never 1)
    assert _by_value(frame, ["B", "A", "C"]) == {"n": [0, 3, 0], "workability": [0, 2, 0]}


# --- aggregation, order and result keys (mutation run of engine.py, 2026-11-30) ------------------------


def _long_scale_instrument():
    """One risk scale of six items on 1-5, one answer enough: D = lcm(4, 8, ..., 24) = 240."""
    from werkbaar.analysis.instrument import instrument_from_dict

    from .conftest import MINI

    items = [f"l{i}" for i in range(1, 7)]
    data = {
        **MINI,
        "items": [{"id": i, "answer_scale": "f5", "text": {"nl": "x", "en": "y"}} for i in items],
        "scales": [{"id": "long", "kind": "risk", "title": {"nl": "x", "en": "y"}, "items": items,
                    "min_answered": 1, "higher_is": "worse", "cutoffs": {"problem": 50, "acute": 75}}],
    }
    return instrument_from_dict(data, source="long.yaml"), items


def test_a_long_scale_is_summed_in_exact_units_of_its_own_denominator():
    instrument, items = _long_scale_instrument()
    assert unit_denominator(instrument, instrument.scale_by_id["long"]) == 240
    rows = [
        dict.fromkeys(items, 5),  # (30 - 6) / 24 = 100       -> 240 units
        dict(zip(items, [2, 3, 4, 5, 1, 1], strict=True)),  # (16 - 6) / 24 = 41.67 -> 100 units
        {"l1": 3},  # one answer: (3 - 1) / 4 = 50 -> 120 units
    ]
    df = pl.DataFrame(rows, schema=dict.fromkeys(items, pl.Int64))
    # (240 + 100 + 120) units x 100 / (240 x 3) = 63.888... -> 63.89
    assert score(instrument, df, min_group=3)["overall"]["scales"]["long"]["mean"] == 63.89
    counts = group_counts(scale_scores(instrument, df), instrument)["__overall__"].row(0, named=True)
    assert counts["long__units"] == 460 and counts["long__n"] == 3
    assert counts["long__sum"] == pytest.approx(100 + 125 / 3 + 50)


def test_the_exact_denominator_is_used_up_to_its_limit_and_the_fallback_above(monkeypatch):
    from werkbaar.analysis import engine

    instrument, _ = _long_scale_instrument()
    long = instrument.scale_by_id["long"]
    monkeypatch.setattr(engine, "MAX_EXACT_DENOMINATOR", 240)
    assert unit_denominator(instrument, long) == 240
    monkeypatch.setattr(engine, "MAX_EXACT_DENOMINATOR", 239)
    assert unit_denominator(instrument, long) == engine.FALLBACK_DENOMINATOR == 10**6


def test_group_counts_without_a_list_of_scales_count_every_scale_in_the_frame(mini):
    from werkbaar.analysis.engine import prepare, score_lazy

    from .test_scoring_rules import frame

    scored = score_lazy(mini, prepare(mini, frame(), ["team"])).collect().drop("r2", "r2__problem", "r2__acute")
    counts = group_counts(scored, mini)
    overall = counts["__overall__"].row(0, named=True)
    assert [c for c in counts["__overall__"].columns if c.endswith("__n")] == ["w1__n", "w2__n", "r1__n"]
    # w1 over 7 people (tests/analysis/test_scoring_rules.py): 100 + 0 + 50 + 77.78 + 66.67 + 0 + 33.33
    assert overall["w1__n"] == 7 and overall["w1__sum"] == pytest.approx(100 + 50 + 700 / 9 + 600 / 9 + 100 / 3)
    assert overall["w1__units"] * 100 / unit_denominator(mini, mini.scale_by_id["w1"]) == overall["w1__sum"]
    by_team = group_counts(scored, mini, ["team"])
    assert set(by_team) == {"__overall__", "team"}
    assert by_team["team"]["w1__sum"].sum() == pytest.approx(overall["w1__sum"])


def test_grouping_values_are_stripped_and_blanks_are_one_blank_group(mini):
    rows = [{"a1": 1, "a2": 1, "a3": 4, "b1": 4, "b2": 4, "c1": 1, "d1": 5, "team": t}
            for t in ["Noord"] * 2 + [" Noord", "Noord  "] + ["Zuid"] * 3 + ["\tZuid"] + ["  ", ""] + [None] * 2]
    df = pl.DataFrame(rows, schema={**dict.fromkeys(["a1", "a2", "a3", "b1", "b2", "c1", "d1"], pl.Int64),
                                    "team": pl.String})
    groups = score(mini, df, by=["team"], min_group=3)["groups"]["team"]
    assert [(g["value"], g["n"]) for g in groups] == [("Noord", 4), ("Zuid", 4), (None, 4)]


def test_groups_follow_the_given_order_then_the_others_sorted_then_the_blank(mini):
    from werkbaar.analysis.engine import in_order

    frame = pl.DataFrame({"value": [None, "c", "35+", "a", "< 35"], "n": [1, 2, 3, 4, 5]})
    ordered = in_order(frame, ["< 35", "35+"])
    assert ordered["value"].to_list() == ["< 35", "35+", "a", "c", None]
    assert ordered["n"].to_list() == [5, 3, 4, 2, 1]
    assert in_order(frame, None)["value"].to_list() == frame["value"].to_list()


@pytest.mark.parametrize("dtype", [pl.Int32, pl.UInt32, pl.UInt64, pl.Int64])
def test_the_published_figures_of_every_counts_row_are_those_of_figures(mini, dtype):
    """``_figure_columns`` (all rows at once) agrees with ``figures`` (one row), one respondent and none included,
    whatever integer type the counts come in (no overflow of 32 bits on the way)."""
    from werkbaar.analysis.engine import _figure_columns

    frame = pl.DataFrame({
        "n": [1, 0, 7, 300_000], "workability_n": [1, 0, 6, 400_000], "workable": [1, 0, 2, 300_001],
        "s__n": [1, 0, 7, 400_000], "s__units": [5, 0, 17, 2_000_003], "s__problems": [1, 0, 3, 1],
        "s__acutes": [0, 0, 1, 399_999],
    }, schema=dict.fromkeys(["n", "workability_n", "workable", "s__n", "s__units", "s__problems", "s__acutes"],
                           dtype))
    columns = _figure_columns(frame, ["s"], {"s": 6})
    for i, row in enumerate(frame.iter_rows(named=True)):
        expected = figures(row, ["s"], {"s": 6})
        assert columns["workability_rate"][i] == expected["workability_rate"]
        assert columns["s.mean"][i] == expected["scales"]["s"]["mean"]
        assert columns["s.problem_rate"][i] == expected["scales"]["s"]["problem_rate"]
        assert columns["s.acute_rate"][i] == expected["scales"]["s"]["acute_rate"]
    # one respondent: 5 units x 100 / 6 = 83.33; none: no figure at all
    assert columns["s.mean"][:2] == [83.33, None] and columns["workability_rate"][:2] == [1.0, None]
    assert columns["workability_rate"][3] == 0.75  # 300,001 / 400,000 = 0.7500025, no overflow on the way


def test_the_cluster_minimum_is_reported_only_when_clusters_count(mini):
    from werkbaar.analysis.engine import build_result, cluster_counts, prepare, score_lazy

    from .test_scoring_rules import frame

    df = frame().with_columns(pl.Series("org", ["o1", "o2", "o3", "o4"] * 2))
    assert "min_clusters" not in score(mini, df, min_group=3)
    assert score(mini, df, min_group=3, cluster="org", min_clusters=3)["min_clusters"] == 3
    prepared = prepare(mini, df, ["org"])
    scored = score_lazy(mini, prepared)
    scale_ids = [s.id for s in prepared.scales]
    result = build_result(mini, group_counts(scored, mini, (), scale_ids), scale_ids, (), 3,
                          cluster_counts(scored, (), scale_ids, "org"))
    assert result["min_clusters"] == 1


FULL = {"a1": 1, "a2": 1, "a3": 4, "b1": 4, "b2": 4, "c1": 1, "d1": 5}
ITEMS = dict.fromkeys(FULL, pl.Int64)


def _teams(*parts):
    """Rows of FULL answers per team, each part (team, count, changes to FULL)."""
    rows = [{**FULL, **changes, "team": team} for team, count, changes in parts for _ in range(count)]
    return pl.DataFrame(rows, schema={**ITEMS, "team": pl.String})


def test_a_total_from_too_few_organisations_is_hidden_however_many_people(mini):
    df = _teams(("A", 8, {})).with_columns(pl.Series("org", ["o1"] * 4 + ["o2"] * 4))
    result = score(mini, df, min_group=5, cluster="org", min_clusters=3)
    assert result["overall"] == {"n": None, "suppressed": True, "suppressed_reason": "small"}
    assert score(mini, df, min_group=5, cluster="org", min_clusters=2)["overall"]["n"] == 8


def test_a_figure_about_nobody_in_a_shown_group_is_empty_not_hidden(mini):
    result = score(mini, _teams(("A", 5, {"c1": None}), ("B", 5, {})), by=["team"], min_group=5)
    a, b = result["groups"]["team"]
    assert a["scales"]["r1"] == {"n": 0, "mean": None, "problem_rate": None, "acute_rate": None}
    assert b["scales"]["r1"]["n"] == 5 and result["overall"]["scales"]["r1"]["n"] == 5


def test_a_group_hidden_as_a_whole_already_protects_the_figures_of_the_others(mini):
    """A (2) is hidden as small and B (6) as its complement; C's w1 rests on 5 people and stays shown:
    A's and B's w1 together (8) cannot be split by subtraction, so no third group must give way."""
    skip_w1 = {"a1": None, "a2": None, "a3": None}
    result = score(mini, _teams(("A", 2, {}), ("B", 6, {}), ("C", 5, {}), ("C", 2, skip_w1)), by=["team"],
                   min_group=5)
    a, b, c = result["groups"]["team"]
    assert (a["suppressed_reason"], b["suppressed_reason"]) == ("small", "complementary")
    assert c["n"] == 7 and c["scales"]["w1"]["n"] == 5 and "suppressed" not in c["scales"]["w1"]


@pytest.mark.parametrize("bad", [5.0, True, 2, "5", None])
def test_the_minimum_group_size_must_be_a_whole_number_of_at_least_3(mini, bad):
    with pytest.raises(ValueError) as exc:
        score(mini, _teams(("A", 5, {})), min_group=bad)
    assert str(exc.value) == f"the minimum group size must be a whole number of at least 3, got {bad!r}"
    assert score(mini, _teams(("A", 5, {})), min_group=3)["overall"]["n"] == 5


def test_without_a_cluster_minimum_one_organisation_is_enough(mini):
    df = _teams(("A", 5, {})).with_columns(pl.lit("o1").alias("org"))
    result = score(mini, df, min_group=5, cluster="org")
    assert result["min_clusters"] == 1 and result["overall"]["n"] == 5


# --- answers of every column type (mutation run of engine.py, 2026-11-30) ----------------------------


def _with_column(name, values, dtype):
    """len(values) rows of FULL answers, column ``name`` replaced by ``values`` of type ``dtype``."""
    df = pl.DataFrame([FULL] * len(values), schema=ITEMS)
    return df.with_columns(pl.Series(name, values, dtype=dtype))


def _bad_cells(mini, df):
    with pytest.raises(ResponsesError) as info:
        prepare(mini, df)
    return [(e.row, e.column) for e in info.value.errors]


def test_a_decimal_column_accepts_whole_numbers_only(mini):
    df = _with_column("a1", [1.0, 4.0, 2.5, float("nan"), float("inf"), 1e20, None, 9.0], pl.Float64)
    # rows are numbered as in the file: the header is row 1
    assert _bad_cells(mini, df) == [(4, "a1"), (5, "a1"), (6, "a1"), (7, "a1"), (9, "a1")]
    assert prepare(mini, df[[0, 1, 6]]).frame["a1"].to_list() == [1, 4, None]
    assert prepare(mini, df[[0, 1, 6]]).frame.schema["a1"] == pl.Int64


def test_a_text_column_accepts_whole_numbers_written_any_way(mini):
    df = _with_column("a1", [" 3 ", "3.0", "", None, "1e20", "drie", "4"], pl.String)
    assert _bad_cells(mini, df) == [(6, "a1"), (7, "a1")]
    assert prepare(mini, df[[0, 1, 2, 3, 6]]).frame["a1"].to_list() == [3, 3, None, None, 4]


def test_an_integer_column_names_only_the_cells_outside_the_scale(mini):
    df = _with_column("a1", [1, 4, 9, 0, None], pl.Int8)
    assert _bad_cells(mini, df) == [(4, "a1"), (5, "a1")]
    assert prepare(mini, df[[0, 1, 4]]).frame["a1"].to_list() == [1, 4, None]


def test_an_empty_column_and_a_yes_no_column(mini):
    empty = _with_column("c1", [None, None, None], pl.Null)
    prepared = prepare(mini, empty)
    assert prepared.frame["c1"].to_list() == [None] * 3 and prepared.frame.schema["c1"] == pl.Int64
    assert score(mini, empty, min_group=3)["overall"]["scales"]["r1"]["n"] == 0
    assert _bad_cells(mini, _with_column("c1", [True, None, False], pl.Boolean)) == [(2, "c1"), (4, "c1")]
    unanswered = prepare(mini, _with_column("c1", [None, None, None], pl.Boolean))
    assert unanswered.frame["c1"].to_list() == [None] * 3 and unanswered.frame.schema["c1"] == pl.Int64


def test_an_answer_scale_with_a_gap_refuses_the_missing_value():
    from werkbaar.analysis.instrument import instrument_from_dict

    from .conftest import MINI

    data = {**MINI, "answer_scales": {**MINI["answer_scales"],
                                      "f4": {"values": [1, 2, 4, 5], "labels": {"nl": list("abcd"), "en": list("abcd")}}}}
    gapped = instrument_from_dict(data, source="gapped.yaml")
    df = pl.DataFrame([FULL] * 3, schema=ITEMS).with_columns(pl.Series("b1", [1, 3, 5]))
    assert _bad_cells(gapped, df) == [(3, "b1")]
    # only the gapped scale's items: 1 <= 3 <= 5 must not pass for "all answers within the scale"
    assert _bad_cells(gapped, df.select("b1", "b2")) == [(3, "b1")]


def test_without_workability_scales_there_is_no_workability_figure():
    instrument, items = _long_scale_instrument()
    df = pl.DataFrame([dict.fromkeys(items, 3)] * 3, schema=dict.fromkeys(items, pl.Int64))
    overall = score(instrument, df, min_group=3)["overall"]
    assert (overall["workability_n"], overall["workability_rate"]) == (0, None)
    assert overall["scales"]["long"] == {"n": 3, "mean": 50.0, "problem_rate": 1.0, "acute_rate": 0.0}


def test_responses_may_come_as_pandas_or_as_rows_and_anything_else_is_named(mini):
    import pandas as pd

    rows = [{**FULL, "a1": a1} for a1 in (1, 2, 4)]
    expected = score(mini, pl.DataFrame(rows, schema=ITEMS), min_group=3)
    assert score(mini, pd.DataFrame(rows), min_group=3) == expected
    assert score(mini, rows, min_group=3) == expected
    with pytest.raises(ResponsesError) as info:
        score(mini, 42, min_group=3)
    assert str(info.value).startswith("cannot use responses of type int: ")


def test_integer_answers_within_a_gap_free_scale_take_the_fast_check(mini):
    """The fast path of ``prepare``: only the minimum and maximum of each integer column are read."""
    from werkbaar.analysis.engine import _plainly_valid

    cols = ["a1", "a2", "a3", "c1"]  # f4 (1-4) and f5 (1-5)
    ends = pl.DataFrame({"a1": [1, 4], "a2": [4, 1], "a3": [None, None], "c1": [1, 5]},
                        schema=dict.fromkeys(cols, pl.Int64))
    assert _plainly_valid(ends, cols, mini) is True
    assert _plainly_valid(ends.with_columns(pl.Series("a2", [0, 1])), cols, mini) is False
    assert _plainly_valid(ends.with_columns(pl.Series("c1", [1, 6])), cols, mini) is False
    assert _plainly_valid(ends.with_columns(pl.col("a1").cast(pl.Float64)), cols, mini) is False
    assert _plainly_valid(ends, [], mini) is False


def test_each_problem_with_the_columns_is_named_exactly(mini):
    df = pl.DataFrame([FULL] * 3, schema=ITEMS)
    with pytest.raises(ResponsesError) as info:
        prepare(mini, df.drop("a2", "a3"), ["site", "b1"])
    assert [(e.problem, e.row, e.column) for e in info.value.errors] == [
        ("grouping column 'site' is not in the file", None, "site"),
        ("'b1' is an item of the instrument, not a grouping column", None, "b1"),
        ("scale 'w1' is incomplete: item column(s) a2, a3 missing (present: a1)", None, "a2"),
    ]
    with pytest.raises(ResponsesError) as info:
        prepare(mini, df.drop("a1", "a3"))
    assert [(e.problem, e.column) for e in info.value.errors] == [
        ("scale 'w1' is incomplete: item column(s) a1, a3 missing (present: a2)", "a1")]
    with pytest.raises(ResponsesError) as info:
        prepare(mini, df.drop("a3"))
    assert str(info.value) == "column 'a3': scale 'w1' is incomplete: item column(s) a3 missing (present: a1, a2)"


def test_a_scale_without_any_of_its_items_is_skipped_with_a_warning(mini):
    prepared = prepare(mini, pl.DataFrame([FULL] * 3, schema=ITEMS).drop("a1", "a2", "a3", "b1", "b2"))
    assert [s.id for s in prepared.skipped] == ["w1", "w2"] and [s.id for s in prepared.scales] == ["r1", "r2"]
    assert prepared.warnings == ["scale 'w1' skipped: none of its items (a1, a2, a3) is in the file",
                                 "scale 'w2' skipped: none of its items (b1, b2) is in the file"]
