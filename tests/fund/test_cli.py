"""`werkbaar fund-assess FILE.yaml`: the worked example, and invalid files listing every problem with exit 2."""

import json

import pytest
from django.core.management import call_command
from django.utils import translation

EXAMPLE = """\
call:
  code: WF-2027-1
  title: Werkbaarheidsfonds 2027
  opens: 2027-01-01
  closes: 2027-06-30
  budget_eur: 500000
  committed_eur: 120000
  rate: 0.5
  ceiling_eur: 10000
  minimum_eur: 500
  eligible_categories: [scan, coaching, training, ergonomics, action]
  requires_scan: true
  scan_max_age_months: 24
applicant:
  enterprise_number: "0403.170.701"
  name: Poets & Co bv
  de_minimis:
    - {granted_on: 2025-03-01, amount_eur: 150000}
  scan_closed_on: 2026-10-15
application:
  submitted_on: 2027-02-10
  costs:
    - {category: coaching, description: Externe coach werkdruk, amount_eur: 6400}
    - {category: catering, description: Broodjes, amount_eur: 420}
"""


def run(tmp_path, capsys, text, *args):
    path = tmp_path / "a.yaml"
    path.write_text(text)
    with translation.override("en"):
        call_command("fund-assess", str(path), *args)
    return capsys.readouterr().out


def test_worked_example_json(tmp_path, capsys):
    out = json.loads(run(tmp_path, capsys, EXAMPLE, "--json"))
    assert out == {
        "eligible_cost_eur": "6400.00", "ineligible_cost_eur": "420.00", "rate_amount_eur": "3200.00",
        "de_minimis_used_eur": "150000.00", "de_minimis_room_eur": "150000.00", "grant_eur": "3200.00",
        "capped_by": "rate", "eligible": True, "refusals": [],
    }


def test_table_output(tmp_path, capsys):
    out = run(tmp_path, capsys, EXAMPLE)
    assert "grant_eur" in out and "3200.00" in out and "rate" in out


def test_leap_day_file(tmp_path, capsys):
    text = (EXAMPLE.replace("2027-01-01", "2028-01-01").replace("2027-06-30", "2028-06-30")
            .replace("submitted_on: 2027-02-10", "submitted_on: 2028-02-29")
            .replace("granted_on: 2025-03-01", "granted_on: 2025-02-28").replace("2026-10-15", "2027-10-15"))
    out = json.loads(run(tmp_path, capsys, text, "--json"))
    assert out["de_minimis_used_eur"] == "0.00" and out["de_minimis_room_eur"] == "300000.00"


def test_refused_file(tmp_path, capsys):
    text = EXAMPLE.replace("scan_closed_on: 2026-10-15", "scan_closed_on: null").replace("committed_eur: 120000",
                                                                                          "committed_eur: 500000")
    out = json.loads(run(tmp_path, capsys, text, "--json"))
    assert out["refusals"] == ["no_recent_scan", "budget_exhausted"]
    assert out["grant_eur"] == "0.00" and out["capped_by"] is None and out["eligible"] is False


def test_defaults(tmp_path, capsys):
    text = (EXAMPLE.replace("  committed_eur: 120000\n", "").replace("  minimum_eur: 500\n", "")
            .replace("  requires_scan: true\n", "").replace("  scan_max_age_months: 24\n", "")
            .replace("scan_closed_on: 2026-10-15", "scan_closed_on: null"))
    out = json.loads(run(tmp_path, capsys, text, "--json"))
    assert out["eligible"] is True and out["grant_eur"] == "3200.00"


@pytest.mark.parametrize("change, problem", [
    (("  code: WF-2027-1\n", ""), "call.code: missing field"),
    (("amount_eur: 6400", "amount_eur: -6400"), "application.costs[0].amount_eur: must be at least 0"),
    (("amount_eur: 6400", "amount_eur: 6400.001"), "application.costs[0].amount_eur: at most 2 decimals"),
    (("rate: 0.5", "rate: 0"), "call.rate: the co-financing rate must be greater than 0 and at most 1"),
    (("rate: 0.5", "rate: 1.01"), "call.rate: the co-financing rate must be greater than 0 and at most 1"),
    (("closes: 2027-06-30", "closes: 2026-12-31"), "call.closes: the call closes before it opens"),
    (("submitted_on: 2027-02-10", "submitted_on: 2027-02-30"), "application.submitted_on: the date 2027-02-30 does not exist"),
    (("granted_on: 2025-03-01", "granted_on: 2025-02-29"), "applicant.de_minimis[0].granted_on: the date 2025-02-29 does not exist"),
    (("  rate: 0.5\n", "  rate: 0.5\n  colour: red\n"), "call.colour: unknown field"),
    (("application:\n", "application:\n  note: x\n"), "application.note: unknown field"),
    (("call:\n", "extra: 1\ncall:\n"), "extra: unknown field"),
])
def test_invalid_file_exits_2(tmp_path, capsys, change, problem):
    with pytest.raises(SystemExit) as exc:
        run(tmp_path, capsys, EXAMPLE.replace(*change), "--json")
    assert exc.value.code == 2
    assert problem in capsys.readouterr().err.splitlines()


def test_every_problem_is_listed(tmp_path, capsys):
    text = (EXAMPLE.replace("  code: WF-2027-1\n", "").replace("amount_eur: 420", "amount_eur: -1")
            .replace("rate: 0.5", "rate: 2").replace("submitted_on: 2027-02-10", "submitted_on: 2027-13-01"))
    with pytest.raises(SystemExit) as exc:
        run(tmp_path, capsys, text, "--json")
    assert exc.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert "call.code: missing field" in err
    assert "application.costs[1].amount_eur: must be at least 0" in err
    assert any(line.startswith("call.rate: ") for line in err)
    assert "application.submitted_on: the date 2027-13-01 does not exist" in err


def test_missing_sections_and_not_yaml(tmp_path, capsys):
    with pytest.raises(SystemExit):
        run(tmp_path, capsys, "call:\n  code: X\n", "--json")
    err = capsys.readouterr().err.splitlines()
    assert "applicant: missing field" in err and "application: missing field" in err and "call.opens: missing field" in err
    with pytest.raises(SystemExit) as exc:
        run(tmp_path, capsys, "call: [unclosed\n", "--json")
    assert exc.value.code == 2


def test_problems_are_translated(tmp_path, capsys):
    path = tmp_path / "a.yaml"
    path.write_text(EXAMPLE.replace("submitted_on: 2027-02-10", "submitted_on: 2027-02-30"))
    with translation.override("nl"), pytest.raises(SystemExit):
        call_command("fund-assess", str(path))
    assert "application.submitted_on: de datum 2027-02-30 bestaat niet" in capsys.readouterr().err.splitlines()
