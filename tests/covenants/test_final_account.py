"""Addenda and the final account (issue 14): hand-computed with the seed's figures (003: non-discrimination
EUR 85,000 per sector, Focus op talent EUR 400,000), and `werkbaar settle` with the new keys."""

import json
from datetime import date
from decimal import Decimal as D
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from django.core.management import call_command

from werkbaar.covenants.covenant_file import (
    CovenantFileError,
    account_from_data,
    addenda_from_data,
    clean,
    import_text,
    parse,
    terms_from_data,
)
from werkbaar.covenants.final_account import (
    FINAL_ACCOUNT_KEYS,
    MONEY_KEYS,
    AddendumTerms,
    Commitment,
    FinancialAccount,
    final_account,
    settle_addendum,
)
from werkbaar.covenants.settlement import ConsultantPeriod, CovenantTerms, Settlement, settle

from .conftest import ADDENDA, STORED_ADDENDA

DEMO = Path(__file__).parents[2] / "src/werkbaar/covenants/demo_data/VORMDC-2021-2022.yaml"

def nd(*met, share="0.2"):
    commitments = tuple(Commitment(f"ND{i}", f"ND{i}", m) for i, m in enumerate(met, start=1))
    return AddendumTerms("non_discrimination", D("85000"), D(share), commitments)


def base(payable):
    """A base settlement with only the payable that matters here."""
    return Settlement(D(0), 0, D(0), D(0), D(0), D(0), 0, 0, (), D(0), D(payable))


def test_addendum_pays_the_fixed_part_and_the_met_share():
    # 85,000 x 0.8 = 68,000 fixed; share 17,000 x 1 met / 2 = 8,500
    s = settle_addendum(nd(True, None))
    assert s.payable_eur == D("76500.00")
    assert (s.commitments_total, s.commitments_met, s.commitments_pending) == (2, 1, 1)
    assert s.result_share_withheld_eur == D("8500")


def test_not_met_and_pending_both_withhold_their_part():
    assert settle_addendum(nd(True, False, None)).payable_eur == settle_addendum(nd(True, None, None)).payable_eur
    # three of four met: 68,000 + 17,000 x 3 / 4 = 80,750
    assert settle_addendum(nd(True, True, True, None)).payable_eur == D("80750.00")


def test_addendum_without_commitments_is_paid_in_full():
    focus = AddendumTerms("focus_on_talent", D("400000"), D("0.2"))
    assert settle_addendum(focus).payable_eur == D("400000.00")


def test_each_addendum_is_rounded_before_summing():
    # 100 x 0.2 = 20 share; 1 of 3 met: 80 + 6.666... = 86.67 each, 173.34 for two (173.33 unrounded)
    a = AddendumTerms("other", D("100"), D("0.2"), (Commitment("a", met=True), Commitment("b"), Commitment("c")))
    account = final_account(base("0.004"), (a, a))
    assert account.addenda_payable_eur == D("173.34")
    assert account.total_payable_eur == D("173.34")  # the base payable is rounded to 0.00 first
    assert account.addenda_max_eur == D("200")


def test_final_grant_is_capped_by_the_eligible_costs_and_the_balance_can_be_negative():
    addenda = (nd(True, None), AddendumTerms("focus_on_talent", D("400000")))
    account = final_account(base("120844.3228"), addenda, FinancialAccount(D("640000.50"), D("600000")))
    out = account.as_json()
    # 120,844.32 + 76,500.00 + 400,000.00 = 597,344.32 < eligible 640,000.50
    assert out["total_payable_eur"] == "597344.32"
    assert out["final_grant_eur"] == "597344.32"
    assert out["balance_eur"] == "-2655.68"  # to recover
    capped = final_account(base("120844.3228"), addenda, FinancialAccount(D("550000"), D("500000")))
    assert capped.as_json()["final_grant_eur"] == "550000.00"
    assert capped.as_json()["balance_eur"] == "50000.00"


def test_without_an_account_the_final_grant_is_the_total_payable():
    out = final_account(base("1000"), ()).as_json()
    assert out["eligible_costs_eur"] is None
    assert out["advances_paid_eur"] == "0.00"
    assert out["final_grant_eur"] == out["total_payable_eur"] == out["balance_eur"] == "1000.00"
    assert out["addenda_max_eur"] == out["addenda_payable_eur"] == "0.00"


def test_the_json_keeps_every_base_key_in_order_and_appends_the_new_ones():
    terms = CovenantTerms(date(2021, 1, 1), date(2022, 12, 31), D("1"), D("0.2"), D("98000"),
                          consultants=(ConsultantPeriod("A", D("1")),))
    s = settle(terms)
    out = final_account(s, (nd(True),)).as_json()
    assert list(out) == list(s.JSON_KEYS) + list(FINAL_ACCOUNT_KEYS) + list(MONEY_KEYS)
    assert {k: out[k] for k in s.JSON_KEYS} == s.as_json()


# --- the file -------------------------------------------------------------------------------------


def test_file_with_addenda_and_account(valid_text):
    data, problems = parse(valid_text() + ADDENDA)
    assert problems == []
    account = final_account(settle(terms_from_data(data)), addenda_from_data(data), account_from_data(data))
    out = account.as_json()
    # base payable of the fixture: 196,000 - 65,355.68 - 9,800 = 120,844.32
    assert out["payable_eur"] == "120844.32"
    assert out["addenda_max_eur"] == "485000.00"
    assert out["addenda_payable_eur"] == "476500.00"
    assert out["total_payable_eur"] == "597344.32"
    assert out["eligible_costs_eur"] == "640000.50"
    assert out["advances_paid_eur"] == "600000.00"
    assert out["final_grant_eur"] == "597344.32"
    assert out["balance_eur"] == "-2655.68"


def test_a_plain_string_is_a_pending_commitment():
    data, problems = parse(DEMO.read_text())
    assert problems == []
    (addendum,) = addenda_from_data(data)
    assert addendum.commitments[0] == Commitment("Risicoanalyse", "", None)
    assert addendum.result_share == 0


@pytest.mark.parametrize("mutate, expected", [
    (lambda r: r["addenda"][0].update(result_share=20), "addenda[0].result_share: must be at most 1"),
    (lambda r: r["addenda"][0].update(result_share=-0.1), "addenda[0].result_share: must be at least 0"),
    (lambda r: r["addenda"][0].update(budget_eur="veel"), "addenda[0].budget_eur: “veel” is not a number"),
    (lambda r: r["addenda"][0]["commitments"][0].update(met="yes"),
     "addenda[0].commitments[0].met: expected true or false"),
    (lambda r: r["addenda"][0]["commitments"][1].update(code="ND1"),
     "addenda[0].commitments[1].code: duplicate commitment code “ND1”"),
    (lambda r: r["addenda"][0]["commitments"][0].pop("description"),
     "addenda[0].commitments[0].description: missing field"),
    (lambda r: r["addenda"][0]["commitments"][0].update(colour="red"), "addenda[0].commitments[0].colour: unknown field"),
    (lambda r: r["addenda"][0]["commitments"].append([1]), "addenda[0].commitments[2]: expected text or a mapping"),
    (lambda r: r["financial_account"].pop("eligible_costs_eur"), "financial_account.eligible_costs_eur: missing field"),
    (lambda r: r["financial_account"].update(salaries_eur="veel"), "financial_account.salaries_eur: “veel” is not"),
    (lambda r: r["financial_account"].update(advances_paid_eur=-1),
     "financial_account.advances_paid_eur: must be at least 0"),
    (lambda r: r["financial_account"].update(eligible_costs_eur="1.005"),
     "financial_account.eligible_costs_eur: at most 2 decimals"),
    (lambda r: r["financial_account"].update(iban="BE00"), "financial_account.iban: unknown field"),
    (lambda r: r.update(financial_account=[1]), "financial_account: expected a mapping of fields"),
])
def test_each_addendum_problem_names_its_field(valid_text, mutate, expected):
    raw = yaml.safe_load(valid_text() + ADDENDA)
    mutate(raw)
    problems = clean(raw)[1]
    assert any(p.startswith(expected) for p in problems), problems


def test_settle_cli_json_adds_the_final_account(tmp_path, valid_text, capsys):
    path = tmp_path / "c.yaml"
    path.write_text(valid_text() + ADDENDA)
    call_command("settle", str(path), "--json")
    out = json.loads(capsys.readouterr().out)
    assert list(out)[-len(FINAL_ACCOUNT_KEYS + MONEY_KEYS):] == list(FINAL_ACCOUNT_KEYS + MONEY_KEYS)
    assert out["payable_eur"] == "120844.32"
    assert out["balance_eur"] == "-2655.68"


def test_settle_cli_table_lists_the_addenda(tmp_path, valid_text, capsys):
    path = tmp_path / "c.yaml"
    path.write_text(valid_text() + ADDENDA)
    call_command("settle", str(path))
    out = capsys.readouterr().out
    assert "balance (EUR)" in out and "-2655.68" in out
    assert "Non-discriminatie" in out and "76500.00" in out


def test_settle_cli_invalid_addendum_exits_2(tmp_path, valid_text, capsys):
    path = tmp_path / "c.yaml"
    path.write_text(valid_text() + ADDENDA.replace("result_share: 0.2", "result_share: 20"))
    with pytest.raises(SystemExit) as exc:
        call_command("settle", str(path), "--json")
    assert exc.value.code == 2
    assert capsys.readouterr().err.strip().splitlines() == ["addenda[0].result_share: must be at most 1: the share is a fraction, write 0.2 for 20%"]


@pytest.mark.django_db
def test_import_refuses_a_bare_total_it_cannot_split(sector_factory, valid_text):
    from werkbaar.covenants.models import Covenant

    sector_factory("vivo")
    with pytest.raises(CovenantFileError) as exc:
        import_text(valid_text() + ADDENDA)
    assert exc.value.problems == [
        "financial_account: give salaries_eur and running_costs_eur to store the account (werkbaar settle also "
        "reads a bare eligible_costs_eur)",
    ]
    assert not Covenant.objects.exists()


@pytest.mark.django_db
def test_import_stores_addenda_and_account_and_the_export_round_trips(sector_factory, valid_text):
    from werkbaar.covenants.covenant_file import export_covenant
    from werkbaar.covenants.final_account import final_account_of_covenant

    sector_factory("vivo")
    covenant, _ = import_text(valid_text() + STORED_ADDENDA)
    nd_row = covenant.addenda.get(kind="non_discrimination")
    assert nd_row.result_share == D("0.2")
    assert nd_row.commitments == [{"code": "ND1", "description": "Risicoanalyse", "met": True},
                                  {"code": "ND2", "description": "Nulmeting", "met": None}]
    assert (covenant.account_salaries_eur, covenant.account_running_costs_eur) == (D("512000.40"), D("128000.10"))
    out = final_account_of_covenant(covenant).as_json()
    assert out["eligible_costs_eur"] == "640000.50"
    assert out["balance_eur"] == "-2655.68"
    exported = export_covenant(covenant)
    data, problems = parse(exported)
    assert problems == []
    assert data["financial_account"]["eligible_costs_eur"] == D("640000.50")
    import_text(exported)
    assert export_covenant(covenant) == exported


def test_account_categories_must_add_up(valid_text):
    raw = yaml.safe_load(valid_text() + STORED_ADDENDA)
    raw["financial_account"]["eligible_costs_eur"] = "640000.00"
    assert clean(raw)[1] == [
        "financial_account.eligible_costs_eur: 640000.00 is not the sum of salaries_eur and running_costs_eur "
        "(640000.50)"
    ]
    raw["financial_account"] = {"advances_paid_eur": 1}
    assert clean(raw)[1][0].startswith("financial_account.eligible_costs_eur: missing field")


@pytest.mark.django_db
def test_plain_commitments_still_import(sector_factory, valid_text):
    sector_factory("vivo")
    text = valid_text() + "addenda:\n  - {kind: non_discrimination, budget_eur: 85000, commitments: [Nulmeting]}\n"
    covenant, _ = import_text(text)
    assert covenant.addenda.get().commitments == [{"code": "", "description": "Nulmeting", "met": None}]


def test_worked_example_of_the_docs():
    """docs/settlement.md "Worked example: Vorm DC 2021-2022 with its addendum and final account"."""
    text = DEMO.read_text()
    text = text[:text.index("addenda:")] + """\
addenda:
  - kind: non_discrimination
    title: Non-discriminatie en inclusie
    budget_eur: 85000
    result_share: 0.2
    commitments:
      - {code: ND1, description: Risicoanalyse, met: true}
      - {code: ND2, description: Nulmeting met praktijktesten, met: true}
      - {code: ND3, description: Acties in de ondernemingen, met: true}
      - {code: ND4, description: Vervolgmeting, met: null}
financial_account:
  eligible_costs_eur: 290412.37
  advances_paid_eur: 303200
""" + text[text.index("indicator_results:"):]
    data, problems = parse(text)
    assert problems == []
    out = final_account(settle(terms_from_data(data)), addenda_from_data(data), account_from_data(data)).as_json()
    assert {k: out[k] for k in ("payable_eur", *FINAL_ACCOUNT_KEYS)} == {
        "payable_eur": "213250.68", "addenda_max_eur": "85000.00", "addenda_payable_eur": "80750.00",
        "total_payable_eur": "294000.68", "eligible_costs_eur": "290412.37", "advances_paid_eur": "303200.00",
        "final_grant_eur": "290412.37", "balance_eur": "-12787.63",
    }


# --- stored covenants: the plain terms read from the models (issue 13: pinned field by field) ----------------------


class StoredAddendum:
    """The fields of an ``Addendum`` row that ``addendum_terms`` reads (no database needed)."""

    def __init__(self, kind="non_discrimination", budget_eur=None, result_share=None, commitments=None,
                 title="Non-discriminatie"):
        self.kind, self.budget_eur, self.result_share, self.commitments = kind, budget_eur, result_share, commitments
        self.title, self.fte = title, None
        self.covenant = SimpleNamespace(rate_per_fte_year_eur=None, start=date(2016, 1, 1), end=date(2017, 12, 31))
        self.consultants = SimpleNamespace(all=lambda: SimpleNamespace(prefetch_related=lambda *names: []))

    def __str__(self):
        return self.title


@pytest.mark.parametrize("stored, expected", [
    ({"code": "ND1", "description": "Risicoanalyse", "met": True},
     {"code": "ND1", "description": "Risicoanalyse", "met": True}),
    ({"code": "ND2", "description": "Nulmeting", "met": False}, {"code": "ND2", "description": "Nulmeting", "met": False}),
    ({"code": "ND3", "description": "Vervolgmeting", "met": None},
     {"code": "ND3", "description": "Vervolgmeting", "met": None}),
    # anything but true or false is pending; a missing or empty code or description is ""; numbers become text
    ({"code": 7, "description": 8, "met": "yes"}, {"code": "7", "description": "8", "met": None}),
    ({}, {"code": "", "description": "", "met": None}),
    ({"code": None, "description": None, "met": "false"}, {"code": "", "description": "", "met": None}),
    ("Nulmeting", {"code": "", "description": "Nulmeting", "met": None}),
    (12, {"code": "", "description": "12", "met": None}),
])
def test_a_stored_commitment_reads_as_code_description_and_met(stored, expected):
    from werkbaar.covenants.final_account import commitment_dict

    out = commitment_dict(stored)
    assert out == expected
    assert type(out["met"]) is type(expected["met"])  # True/False stay booleans, not 1/0


def test_a_stored_addendum_gives_its_terms():
    from werkbaar.covenants.final_account import addendum_terms

    row = StoredAddendum(budget_eur=D("85000.00"), result_share=D("0.2"), commitments=[
        {"code": "ND1", "description": "Risicoanalyse", "met": True}, "Nulmeting",
    ])
    assert addendum_terms(row) == AddendumTerms(
        kind="non_discrimination", title="Non-discriminatie", budget_eur=D("85000.00"), result_share=D("0.2"),
        commitments=(Commitment("Risicoanalyse", "ND1", True), Commitment("Nulmeting", "", None)),
        start=date(2016, 1, 1), end=date(2017, 12, 31),
    )
    # 68,000 fixed + 17,000 x 1 of 2 met
    assert settle_addendum(addendum_terms(row)).payable_eur == D("76500.00")


def test_a_stored_addendum_without_budget_share_or_commitments_counts_as_zero():
    from werkbaar.covenants.final_account import addendum_terms

    terms = addendum_terms(StoredAddendum(kind="focus_on_talent", title="Focus"))
    assert terms == AddendumTerms(kind="focus_on_talent", title="Focus", budget_eur=D(0), result_share=D(0),
                                  commitments=(), start=date(2016, 1, 1), end=date(2017, 12, 31))
    assert isinstance(terms.budget_eur, D) and isinstance(terms.result_share, D)
    assert settle_addendum(terms).payable_eur == D("0.00")


class StoredAccount:
    def __init__(self, salaries=None, running=None, advances=None):
        self.account_salaries_eur, self.account_running_costs_eur = salaries, running
        self.account_advances_eur = advances


@pytest.mark.parametrize("salaries, running, advances, expected", [
    (None, None, D("5"), None),  # no account yet: advances alone are no account
    (D("512000.40"), D("128000.10"), D("600000"), FinancialAccount(D("640000.50"), D("600000"))),
    (D("1000"), None, None, FinancialAccount(D("1000"), D("0"))),
    (None, D("250.25"), D("100"), FinancialAccount(D("250.25"), D("100"))),
    (D("0"), D("0"), None, FinancialAccount(D("0"), D("0"))),  # a stored zero is an account of zero
])
def test_the_stored_account_is_salaries_plus_running_costs(salaries, running, advances, expected):
    from werkbaar.covenants.final_account import account_of_covenant

    assert account_of_covenant(StoredAccount(salaries, running, advances)) == expected


def test_an_account_without_advances_pays_everything_as_balance():
    out = final_account(base("1000"), (), FinancialAccount(D("800"), None)).as_json()
    assert (out["advances_paid_eur"], out["final_grant_eur"], out["balance_eur"]) == ("0.00", "800.00", "800.00")


def test_an_addendum_names_itself_and_counts_met_not_met_and_pending_apart():
    s = settle_addendum(AddendumTerms("non_discrimination", D("85000"), D("0.2"),
                                      (Commitment("a", met=True), Commitment("b", met=False), Commitment("c")),
                                      title="Non-discriminatie"))
    assert (s.kind, s.title) == ("non_discrimination", "Non-discriminatie")
    assert (s.commitments_total, s.commitments_met, s.commitments_pending) == (3, 1, 1)
    assert (s.budget_eur, s.result_share_eur) == (D("85000"), D("17000.0"))
    assert s.payable_eur == D("73666.67")  # 68,000 + 17,000 / 3


def test_a_missing_budget_or_share_counts_as_zero():
    nothing = settle_addendum(AddendumTerms("other", None, D("0.2"), (Commitment("a", met=False),)))
    assert (nothing.budget_eur, nothing.payable_eur) == (D("0"), D("0.00"))
    no_share = settle_addendum(AddendumTerms("other", D("1000"), None, (Commitment("a", met=False),)))
    assert (no_share.result_share_eur, no_share.payable_eur) == (D("0"), D("1000.00"))  # all of it is fixed


def test_without_addenda_the_sums_are_decimal_zero():
    account = final_account(base("10"), ())
    assert account.addenda_payable_eur == account.addenda_max_eur == D("0")
    assert isinstance(account.addenda_payable_eur, D) and isinstance(account.addenda_max_eur, D)
