"""Fixtures of the covenant tests: a valid covenant file, a stored covenant per sector."""

import textwrap

import pytest
from django.utils import translation

VALID = textwrap.dedent("""\
    code: TEST-2016-2017
    sector: {sector}
    generation: 2016-2017
    start: 2016-01-01
    end: 2017-12-31
    funded_fte: 2
    max_grant_eur: 196000
    result_share: 0.10
    priorities:
      - code: P1
        title: Kennisopbouw
        indicator: {{description: "Overleg", target: 1, unit: meetings, period: year}}
        actions:
          - {{code: "1.1", title: "Overleg met VDAB", timing: "2016-2017", partners: [VDAB]}}
      - code: P2
        title: Instroom
        indicator: {{description: "Bereik", target: 400, unit: people_reached, period: term}}
    consultants:
      - name: An Peeters
        fte: 1.0
        absences:
          - {{start: 2016-03-01, end: 2016-03-31, kind: career_break, replaced: false}}
      - name: Bert Janssens
        fte: 0.5
        start: 2016-07-01
    indicator_results:
      P1: {{value: 3, met: true}}
    """)

#: Issue 14's example, appended to VALID: two addenda (seed 003's amounts) and a financial account.
ADDENDA = """\
addenda:
  - kind: non_discrimination
    title: Non-discriminatie
    budget_eur: 85000
    result_share: 0.2
    commitments:
      - {code: ND1, description: Risicoanalyse, met: true}
      - {code: ND2, description: Nulmeting, met: null}
  - kind: focus_on_talent
    title: Focus op talent
    budget_eur: 400000
financial_account:
  eligible_costs_eur: 640000.50
  advances_paid_eur: 600000
"""
#: The same with the eligible costs per category, as the database keeps them.
STORED_ADDENDA = ADDENDA.replace("  eligible_costs_eur: 640000.50\n",
                                 "  salaries_eur: 512000.40\n  running_costs_eur: 128000.10\n")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def valid_text():
    def make(sector="vivo"):
        return VALID.format(sector=sector)

    return make


@pytest.fixture
def covenant_factory(db, sector_factory):
    from werkbaar.covenants.covenant_file import import_text

    def make(sector=None, code=None):
        sector = sector or sector_factory()
        text = VALID.format(sector=sector.code)
        if code:
            text = text.replace("TEST-2016-2017", code)
        covenant, _ = import_text(text)
        return covenant

    return make
