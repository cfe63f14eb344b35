"""The cross-sector views' data (issue 17.3), for the department and the SERV/intersectoral advisers.

Reads from the other apps through their public functions and hands plain data to ``cross_rules``:

* :func:`workability` – per sector the aggregate of its current fixed period
  (``insights.services.sector_aggregate``, suppression done by the engine), one row per instrument,
  and the latest Flemish reference figure per measure beside them.
* :func:`themes` – the actions of the covenants running in a year, by workable-work theme and by risk
  indicator (``ActionTags``).
* :func:`reach` – per sector in a calendar year: companies reached by field work, scans, learning
  networks and the workability fund, the companies in the sector's joint committees where known
  (``CompanyCount``), employees (``reporting.CommitteeReach``) per funded consultant FTE.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from werkbaar.core.models import Organisation, Sector
from werkbaar.covenants.models import Covenant, CovenantAction

from . import cross_rules, rules, services
from .cross_models import ActionTags, CompanyCount
from .models import Contact


@dataclass
class SectorWorkability:
    sector: Sector
    period: object
    rows: list  # cross_rules.WorkabilityRow, one per instrument (empty: no scans in the period)


def workability(sectors) -> list[SectorWorkability]:
    from werkbaar.insights.periods import current_period
    from werkbaar.insights.services import sector_aggregate

    out = []
    for sector in sectors:
        period = current_period(sector)
        aggregate = sector_aggregate(sector, period)
        rows = [cross_rules.workability_row(sector.code, entry) for entry in aggregate["instruments"]]
        out.append(SectorWorkability(sector, period, rows))
    return out


def reference_figures() -> dict[str, dict]:
    """{measure: {"value", "year", "source"}}: the latest Flemish figure of each measure."""
    from werkbaar.insights.models import ReferenceFigure
    from werkbaar.insights.reference import FLEMISH_GROUP, ensure_reference_figures

    ensure_reference_figures()
    latest: dict[str, dict] = {}
    for fig in ReferenceFigure.objects.filter(group=FLEMISH_GROUP).select_related("source").order_by("year"):
        latest[fig.measure] = {"value": float(fig.value), "year": fig.year, "source": fig.source.title}
    return latest


def running_covenants(year: int):
    return Covenant.objects.filter(start__lte=date(year, 12, 31), end__gte=date(year, 1, 1))


def tagged_actions(year: int) -> list[cross_rules.TaggedAction]:
    tags = {t.action_id: t for t in ActionTags.objects.filter(action__priority__covenant__in=running_covenants(year))}
    actions = (CovenantAction.objects.filter(pk__in=tags).select_related("priority__covenant__sector")
               .order_by("priority__covenant__code", "priority__order", "order"))
    return [cross_rules.TaggedAction(a.priority.covenant.sector.code,
                                     f"{a.priority.covenant.code} {a.code} {a.title}"[:160],
                                     tuple(tags[a.pk].themes or ()), tuple(tags[a.pk].indicators or ()))
            for a in actions]


def themes(year: int, sectors) -> dict:
    codes = [s.code for s in sectors]
    actions = tagged_actions(year)
    by_theme = cross_rules.theme_matrix(codes, actions)
    by_indicator = cross_rules.theme_matrix(codes, actions, cross_rules.RISK_INDICATORS, by="indicators")
    return {
        "by_theme": by_theme, "uncovered_themes": cross_rules.uncovered(by_theme),
        "by_indicator": by_indicator,
        "uncovered_indicators": cross_rules.uncovered(by_indicator, cross_rules.RISK_INDICATORS),
    }


@dataclass
class SectorReach:
    sector: Sector
    fieldwork: int
    scans: int
    networks: int
    fund: int
    companies: int | None
    unknown_committees: list[str]
    fieldwork_share: Decimal | None
    employees: int | None
    fte: Decimal | None
    employees_per_fte: Decimal | None


def _latest(model, committees, year: int, field: str) -> tuple[int | None, list[str]]:
    """Sum of the latest figure (at most ``year``) of each committee, and the committees without one."""
    total, unknown = 0, []
    for jc in committees:
        row = model.objects.filter(joint_committee=jc, year__lte=year).order_by("-year").first()
        if row is None:
            unknown.append(jc.code)
        else:
            total += getattr(row, field)
    return (total if len(unknown) < len(committees) else None), unknown


def reach(year: int, sectors) -> list[SectorReach]:
    from werkbaar.fund.indicator_sources import companies_cofinanced
    from werkbaar.networks.counts import employers_reached
    from werkbaar.reporting.models import CommitteeReach
    from werkbaar.scans.indicator_sources import closed_scans

    start, end = date(year, 1, 1), date(year, 12, 31)
    out = []
    for sector in sectors:
        committees = list(sector.joint_committees.order_by("code"))
        facts = services.facts(Contact.objects.filter(sector=sector, on__gte=start, on__lte=end))
        field = rules.companies_reached(facts, start, end, start, end)
        scanned = Organisation.objects.filter(kind=Organisation.Kind.COMPANY,
                                              pk__in=closed_scans(sector, start, end).values("organisation_id")).count()
        companies, unknown = _latest(CompanyCount, committees, year, "companies")
        employees, _unknown = _latest(CommitteeReach, committees, year, "employees")
        fte = sum((c.funded_fte for c in running_covenants(year).filter(sector=sector)), Decimal("0")) or None
        out.append(SectorReach(
            sector, field, scanned, employers_reached(sector, start, end), companies_cofinanced(sector, start, end),
            companies, unknown, cross_rules.share(field, companies), employees, fte,
            cross_rules.per_fte(employees, fte)))
    return out
