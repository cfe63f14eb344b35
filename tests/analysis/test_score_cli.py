"""`werkbaar score` command line: outputs and error cases (exit status 2, nothing written)."""

import io
import json

import polars as pl
import pytest
import yaml

from werkbaar.analysis.cli import main


@pytest.fixture
def files(tmp_path, mini_yaml):
    inst = mini_yaml
    responses = tmp_path / "r.csv"
    pl.DataFrame(
        {"a1": [1, 2, 3, 4] * 3, "a2": [2, 3, 4, 1] * 3, "a3": [1, 1, 2, 2] * 3, "b1": [4, 3, 2, 1] * 3,
         "b2": [1, 2, 3, 4] * 3, "c1": [1, 2, 3, 5] * 3, "d1": [5, 4, 3, 2] * 3, "team": ["A", "B", "A", ""] * 3}
    ).write_csv(responses)  # fmt: skip
    return tmp_path, inst, responses


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_json_to_stdout(files):
    _, inst, responses = files
    status, out, err = run("--instrument", str(inst), "--responses", str(responses), "--by", "team", "--min-group", "3")
    assert status == 0, err
    result = json.loads(out)
    assert result["overall"]["n"] == 12
    assert [g["value"] for g in result["groups"]["team"]] == ["A", "B", None]


def test_table_and_xlsx_outputs(files):
    tmp, inst, responses = files
    status, out, _ = run("--instrument", str(inst), "--responses", str(responses), "--format", "table")
    assert status == 0 and "Overall: n=12" in out and "w1" in out
    target = tmp / "out.xlsx"
    status, out, _ = run(
        "--instrument",
        str(inst),
        "--responses",
        str(responses),
        "--by",
        "team",
        "--format",
        "xlsx",
        "--out",
        str(target),
    )
    assert status == 0 and out == "" and target.exists()
    from openpyxl import load_workbook

    ws = load_workbook(target).worksheets[0]
    assert ws.cell(1, 1).value == "breakdown" and ws.cell(2, 3).value == 12


def test_shipped_instrument_by_id_and_skipped_scale_warning(tmp_path):
    from werkbaar.analysis.instrument import get_shipped

    inst = get_shipped("werkbaarheidsscan-basis")
    path = tmp_path / "r.parquet"
    pl.DataFrame({i.id: [1, 2, 3, 4, 2, 3] for i in inst.items_for([])}).write_parquet(path)
    status, out, err = run("--instrument", "werkbaarheidsscan-basis", "--responses", str(path))
    assert status == 0
    assert "warning: scale 'dc_travel' skipped" in err
    assert set(json.loads(out)["overall"]["scales"]) == set(inst.scale_ids_by_kind["workability"]) | set(
        inst.scale_ids_by_kind["risk"]
    )


def _error_case(files, tmp, args, expected):
    target = tmp / "out.json"
    status, out, err = run(*args, "--out", str(target))
    assert status == 2
    assert expected in err, err
    assert out == ""
    assert not target.exists()
    assert [p.name for p in tmp.iterdir() if p.name.startswith(".out")] == []


def test_error_invalid_instrument(files):
    tmp, inst, responses = files
    bad = yaml.safe_load(inst.read_text())
    bad["scales"][0]["cutoffs"] = {"problem": 80, "acute": 75}
    inst.write_text(yaml.safe_dump(bad))
    _error_case(files, tmp, ["--instrument", str(inst), "--responses", str(responses)], "scales[0].cutoffs")


def test_error_unknown_instrument(files):
    tmp, _, responses = files
    _error_case(files, tmp, ["--instrument", "nope", "--responses", str(responses)], "no shipped instrument")


def test_error_missing_responses_file(files):
    tmp, inst, _ = files
    _error_case(files, tmp, ["--instrument", str(inst), "--responses", str(tmp / "none.csv")], "file not found")


def test_error_bad_answer_names_row_column_value(files):
    tmp, inst, responses = files
    text = responses.read_text().splitlines()
    text[3] = text[3].replace("3,", "9,", 1)
    responses.write_text("\n".join(text) + "\n")
    _error_case(files, tmp, ["--instrument", str(inst), "--responses", str(responses)], "row 4, column 'a1', value 9")


def test_error_partial_scale(files):
    tmp, inst, responses = files
    pl.read_csv(responses).drop("a2").write_csv(responses)
    _error_case(files, tmp, ["--instrument", str(inst), "--responses", str(responses)], "scale 'w1' is incomplete")


def test_error_unknown_by_column(files):
    tmp, inst, responses = files
    args = ["--instrument", str(inst), "--responses", str(responses), "--by", "site"]
    _error_case(files, tmp, args, "grouping column 'site'")


def test_error_min_group_too_small(files):
    tmp, inst, responses = files
    args = ["--instrument", str(inst), "--responses", str(responses), "--min-group", "2"]
    _error_case(files, tmp, args, "--min-group must be at least 3")


def test_error_usage(files):
    tmp, inst, responses = files
    _error_case(files, tmp, ["--responses", str(responses)], "--instrument")
    _error_case(
        files, tmp, ["--instrument", str(inst), "--responses", str(responses), "--format", "pdf"], "invalid choice"
    )
    _error_case(
        files, tmp, ["--instrument", str(inst), "--responses", str(responses), "--min-group", "x"], "invalid int"
    )


def test_error_xlsx_needs_out_and_out_dir_must_exist(files):
    tmp, inst, responses = files
    status, out, err = run("--instrument", str(inst), "--responses", str(responses), "--format", "xlsx")
    assert status == 2 and "--out" in err and out == ""
    status, _, err = run("--instrument", str(inst), "--responses", str(responses), "--out", str(tmp / "no" / "x.json"))
    assert status == 2 and "does not exist" in err


def test_management_command_forwards(files, capsys):
    from django.core.management import call_command

    _, inst, responses = files
    out = io.StringIO()
    call_command(
        "score",
        instrument=str(inst),
        responses=str(responses),
        by=["team"],
        min_group=3,
        format="json",
        out=None,
        stdout=out,
    )
    assert json.loads(out.getvalue())["overall"]["n"] == 12


def test_real_entry_point_exit_status_2_and_nothing_written(files):
    import subprocess
    import sys
    from pathlib import Path

    tmp, inst, responses = files
    pl.read_csv(responses).drop("a2").write_csv(responses)
    target = tmp / "out.json"
    werkbaar = Path(sys.executable).with_name("werkbaar")
    proc = subprocess.run(
        [str(werkbaar), "score", "--instrument", str(inst), "--responses", str(responses), "--out", str(target)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "scale 'w1' is incomplete" in proc.stderr
    assert proc.stdout == "" and not target.exists()


def test_modules_limit_scales_without_warnings():
    from werkbaar.analysis.engine import score
    from werkbaar.analysis.instrument import get_shipped

    inst = get_shipped("werkbaarheidsscan-basis")
    df = pl.DataFrame({i.id: [1, 2, 3, 4, 2] for i in inst.items_for([])})
    warnings = []
    result = score(inst, df, warnings=warnings, modules=[])
    assert warnings == [] and "dc_travel" not in result["overall"]["scales"]
    warnings = []
    score(inst, df, warnings=warnings)
    assert len(warnings) == 7  # the module's scales, skipped


def test_every_hidden_group_and_figure_says_why(tmp_path, mini_yaml):
    # team A 3 people (small), B 6 (hidden to protect A), C 8 of whom only 2 answered c1 (scale r1)
    responses = tmp_path / "r.csv"
    c1 = [1] * 3 + [2] * 6 + [3, 4] + [None] * 6
    pl.DataFrame({"a1": [1] * 17, "a2": [2] * 17, "a3": [4] * 17, "b1": [4] * 17, "b2": [3] * 17, "c1": c1,
                  "d1": [4] * 17, "team": ["A"] * 3 + ["B"] * 6 + ["C"] * 8}).write_csv(responses)
    args = ("--instrument", str(mini_yaml), "--responses", str(responses), "--by", "team", "--min-group", "5")
    status, out, err = run(*args)
    assert status == 0, err
    a, b, c = json.loads(out)["groups"]["team"]
    assert (a["suppressed_reason"], b["suppressed_reason"]) == ("small", "complementary")
    assert c["n"] == 8 and c["scales"]["r1"]["suppressed_reason"] == "small" and c["scales"]["r1"]["n"] is None
    status, out, _ = run(*args, "--format", "table")
    assert "team = A: fewer than 5 respondents" in out
    assert "team = B: hidden so that a smaller group cannot be worked out" in out
    assert "r1          fewer than 5 respondents (suppressed)" in out
    target = tmp_path / "out.xlsx"
    assert run(*args, "--format", "xlsx", "--out", str(target))[0] == 0
    from openpyxl import load_workbook

    rows = list(load_workbook(target).worksheets[0].values)
    reasons = {row[1]: row[4] for row in rows[1:]}
    assert reasons == {"all": None, "A": "small", "B": "complementary", "C": None}
    header = rows[0]
    assert rows[-1][header.index("r1_suppressed_reason")] == "small"
