"""The covenant file: validation problems (one line per problem), import, export and round trip."""

import textwrap
from decimal import Decimal

import pytest
import yaml

from werkbaar.covenants.covenant_file import (
    CovenantFileError,
    clean,
    export_covenant,
    import_text,
    parse,
    terms_from_data,
)
from werkbaar.covenants.models import Absence, Covenant, Priority
from werkbaar.covenants.settlement import settle


def problems_of(raw: dict) -> list[str]:
    return clean(raw)[1]


@pytest.fixture
def raw(valid_text):
    return yaml.safe_load(valid_text())


def test_valid_file_has_no_problems(valid_text):
    data, problems = parse(valid_text())
    assert problems == []
    assert data["funded_fte"] == Decimal("2")
    assert data["consultants"][1]["start"].isoformat() == "2016-07-01"


def test_settle_from_file(valid_text):
    data, _ = parse(valid_text())
    out = settle(terms_from_data(data)).as_json()
    assert out["term_days"] == 731
    # An: 31 days; Bert: 0.5 FTE short all term plus 1 FTE until 30 June 2016 (182 days) -> 0.5*731 + 0.5*182
    assert out["shortfall_fte_days"] == "487.5000"
    assert out["priorities_pending"] == ["P2"]


@pytest.mark.parametrize("mutate, expected", [
    (lambda r: r["consultants"][0]["absences"].append(
        {"start": "2018-01-01", "end": "2018-01-10", "kind": "sickness"}), "consultants[0].absences[1]: the absence"),
    (lambda r: r["consultants"][1].update(absences=[{"start": "2016-02-01", "end": "2016-02-05"}]),
     "consultants[1].absences[0]: the absence (2016-02-01 – 2016-02-05) lies outside the employment"),
    (lambda r: r["consultants"][0]["absences"].append({"start": "2016-03-15", "end": "2016-04-15"}),
     "consultants[0].absences[1]: overlaps absence consultants[0].absences[0]"),
    (lambda r: r.update(end="2015-12-31"), "end: the end (2015-12-31) lies before the start (2016-01-01)"),
    (lambda r: r["consultants"][0]["absences"][0].update(end="2016-02-01"),
     "consultants[0].absences[0].end: the end (2016-02-01) lies before the start"),
    (lambda r: r["consultants"][0].update(fte=0), "consultants[0].fte: must be greater than 0"),
    (lambda r: r["consultants"][0].update(fte=-1), "consultants[0].fte: must be greater than 0"),
    (lambda r: r.update(funded_fte=0), "funded_fte: must be greater than 0"),
    (lambda r: r["indicator_results"].update(P9={"met": True}), "indicator_results.P9: unknown priority code"),
    (lambda r: r.pop("code"), "code: missing field"),
    (lambda r: r.pop("start"), "start: missing field"),
    (lambda r: r["priorities"][0].pop("indicator"), "priorities[0].indicator: missing field"),
    (lambda r: r["priorities"][0]["indicator"].pop("target"), "priorities[0].indicator.target: missing field"),
    (lambda r: r.update(start="1 januari 2016"), "start: “1 januari 2016” is not a date (YYYY-MM-DD)"),
    (lambda r: r.update(max_grant_eur="veel"), "max_grant_eur: “veel” is not a number"),
    (lambda r: r.update(result_share=1.5), "result_share: must be at most 1"),
    (lambda r: r.update(colour="blue"), "colour: unknown field"),
    (lambda r: r["consultants"][0]["absences"][0].update(kind="holiday"), "consultants[0].absences[0].kind: “holiday”"),
    (lambda r: r["consultants"][0]["absences"][0].update(replaced="yes"),
     "consultants[0].absences[0].replaced: expected true or false"),
    (lambda r: r["priorities"].append(dict(r["priorities"][1])), "priorities[2].code: duplicate priority code"),
    (lambda r: (r.pop("max_grant_eur"), r.update(rate_per_fte_year_eur=49000, end="2017-06-30")),
     "max_grant_eur: the term is not a whole number of years"),
    (lambda r: r.pop("max_grant_eur"), "max_grant_eur: missing field"),
    (lambda r: r.update(max_grant_eur=None), "max_grant_eur: missing field"),
    (lambda r: r.update(rate_per_fte_year_eur=49000), "rate_per_fte_year_eur: give either"),
    (lambda r: r["consultants"][0].update(fte=0.333), "consultants[0].fte: at most 2 decimals"),
    (lambda r: r["consultants"][0].update(start="2018-01-01", end="2018-06-30", absences=[]), "consultants[0]: the employment"),
])
def test_each_problem_names_its_field(raw, mutate, expected):
    mutate(raw)
    problems = problems_of(raw)
    assert any(p.startswith(expected) for p in problems), problems


def test_all_problems_are_collected(raw):
    raw.pop("code")
    raw["consultants"][0]["fte"] = 0
    raw["indicator_results"]["PX"] = {"met": True}
    assert len(problems_of(raw)) == 3


def test_not_yaml():
    data, problems = parse("code: [unclosed")
    assert data is None and problems and problems[0].startswith("line")


def test_not_a_mapping():
    assert parse("- a\n- b\n")[1]


@pytest.mark.django_db
def test_import_creates_and_updates_with_audit(sector_factory, valid_text):
    from werkbaar.core.audit import history_for

    sector = sector_factory("vivo")
    covenant, created = import_text(valid_text())
    assert created and covenant.sector == sector
    assert covenant.priorities.count() == 2
    assert Absence.objects.filter(consultant__covenant=covenant).count() == 1
    entries = history_for(covenant).count()
    assert entries > 0
    # unchanged re-import writes nothing
    import_text(valid_text())
    assert history_for(covenant).count() == entries
    # a change is recorded with before and after
    covenant2, created = import_text(valid_text().replace("funded_fte: 2", "funded_fte: 3"))
    assert not created and covenant2.pk == covenant.pk
    entry = history_for(covenant).filter(object_type="covenants.covenant", action="update").first()
    assert entry.before == {"funded_fte": "2.00"} and entry.after == {"funded_fte": "3.00"}


@pytest.mark.django_db
def test_import_keeps_priority_identity_and_drops_removed(sector_factory, valid_text):
    sector_factory("vivo")
    covenant, _ = import_text(valid_text())
    p1 = covenant.priorities.get(code="P1")
    text = valid_text()
    text = text[: text.index("  - code: P2")] + text[text.index("consultants:"):]
    text = text.replace("P1: {value: 3, met: true}", "P1: {value: 4, met: false}")
    import_text(text)
    assert list(covenant.priorities.values_list("code", flat=True)) == ["P1"]
    assert Priority.objects.get(pk=p1.pk).indicator.result_met is False


@pytest.mark.django_db
def test_import_writes_nothing_on_error(sector_factory, valid_text):
    sector_factory("vivo")
    with pytest.raises(CovenantFileError):
        import_text(valid_text().replace("fte: 0.5", "fte: 0"))
    with pytest.raises(CovenantFileError) as exc:
        import_text(valid_text(sector="nosuchsector"))
    assert exc.value.problems == ["sector: unknown sector “nosuchsector”"]
    assert not Covenant.objects.exists()


@pytest.mark.django_db
def test_unknown_joint_committee_is_a_problem(sector_factory, valid_text):
    sector_factory("vivo")
    text = valid_text().replace("fte: 0.5", "fte: 0.5\n    sector_account: '999.99'")
    with pytest.raises(CovenantFileError) as exc:
        import_text(text)
    assert exc.value.problems[0].startswith("consultants[1].sector_account")


@pytest.mark.django_db
def test_export_round_trip(sector_factory):
    from pathlib import Path

    from werkbaar.covenants import demo

    sector_factory("vivo")
    sector_factory("vormdc")
    import io

    demo.load(io.StringIO())
    for path in sorted(Path(demo.DEMO_DATA).glob("*.yaml")):
        original, _ = parse(path.read_text())
        covenant = Covenant.objects.get(code=original["code"])
        exported = export_covenant(covenant)
        again, problems = parse(exported)
        assert problems == []
        assert settle(terms_from_data(again)).as_json() == settle(terms_from_data(original)).as_json()
        # importing the export changes nothing, and exports the very same text
        import_text(exported)
        assert export_covenant(Covenant.objects.get(code=original["code"])) == exported
        assert [p["code"] for p in again["priorities"]] == [p["code"] for p in original["priorities"]]
        assert again["consultants"] == original["consultants"]


def test_settle_cli_json_without_database(tmp_path, valid_text, capsys):
    from django.core.management import call_command

    path = tmp_path / "c.yaml"
    path.write_text(valid_text())
    call_command("settle", str(path), "--json")
    import json

    out = json.loads(capsys.readouterr().out)
    assert list(out) == [
        "max_grant_eur", "term_days", "day_rate_eur", "shortfall_fte_days", "deduction_eur", "result_share_eur",
        "priorities_total", "priorities_met", "priorities_pending", "result_share_paid_eur", "payable_eur",
        "addenda_max_eur", "addenda_payable_eur", "total_payable_eur", "eligible_costs_eur", "advances_paid_eur",
        "final_grant_eur", "balance_eur",
        "effort_share_eur", "effort_paid_eur", "efforts_total", "efforts_fulfilled", "efforts_partly",
        "efforts_pending", "addenda_shortfall_fte_days", "addenda_deduction_eur", "addenda",
    ]
    assert out["max_grant_eur"] == "196000.00"
    assert out["shortfall_fte_days"] == "487.5000"
    assert isinstance(out["term_days"], int)
    assert out["priorities_pending"] == ["P2"]


def test_settle_cli_table(tmp_path, valid_text, capsys):
    from django.core.management import call_command

    path = tmp_path / "c.yaml"
    path.write_text(valid_text())
    call_command("settle", str(path))
    out = capsys.readouterr().out
    assert "payable (EUR)" in out and "An Peeters" in out


def test_settle_cli_invalid_exits_2(tmp_path, valid_text, capsys):
    from django.core.management import call_command

    path = tmp_path / "c.yaml"
    path.write_text(valid_text().replace("fte: 0.5", "fte: 0").replace("code: TEST-2016-2017\n", ""))
    with pytest.raises(SystemExit) as exc:
        call_command("settle", str(path), "--json")
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["code: missing field", "consultants[1].fte: must be greater than 0"]


@pytest.mark.django_db
def test_import_cli(tmp_path, valid_text, sector_factory, capsys):
    from django.core.management import call_command

    sector_factory("vivo")
    path = tmp_path / "c.yaml"
    path.write_text(valid_text().replace("end: 2016-03-31", "end: 2018-03-31"))
    with pytest.raises(SystemExit) as exc:
        call_command("import-covenant", str(path))
    assert exc.value.code == 2
    assert capsys.readouterr().err.startswith("consultants[0].absences[0]: the absence")
    assert not Covenant.objects.exists()
    path.write_text(valid_text())
    call_command("import-covenant", str(path))
    assert "TEST-2016-2017 created" in capsys.readouterr().out


def test_settle_process_exit_status(tmp_path, valid_text):
    """The real `werkbaar settle` process: JSON on stdout, status 2 with one line per problem."""
    import json
    import subprocess
    import sys

    path = tmp_path / "c.yaml"
    path.write_text(valid_text())
    env_db = {"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}  # proves no database is touched
    import os

    env = {**os.environ, **env_db}
    done = subprocess.run([sys.executable, "-m", "werkbaar", "settle", str(path), "--json"], capture_output=True,
                          text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["payable_eur"]
    path.write_text(textwrap.dedent(valid_text()).replace("funded_fte: 2", "funded_fte: -2"))
    done = subprocess.run([sys.executable, "-m", "werkbaar", "settle", str(path)], capture_output=True, text=True,
                          env=env)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [line for line in done.stderr.strip().splitlines() if ": " in line]
    assert "funded_fte:" in done.stderr


def test_numbers_are_exact_and_codes_keep_their_zeros(valid_text):
    text = valid_text().replace('code: "1.1"', "code: 1.10").replace("result_share: 0.10", "result_share: 0.1")
    data, problems = parse(text)
    assert problems == []
    assert data["priorities"][0]["actions"][0]["code"] == "1.10"
    assert data["result_share"] == Decimal("0.1")
