"""The department's portfolio: every covenant with its report status and next deadline, totals, reach,
the sector × theme attainment matrix, the comparison by unit, and the CSV/XLSX exports."""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from werkbaar.core import formats
from werkbaar.core.exports import safe_row, safe_workbook
from werkbaar.core.models import JointCommittee
from werkbaar.covenants.models import Covenant, IndicatorUnit, ResultIndicator
from werkbaar.covenants.settlement import money

from . import rules
from .models import CommitteeReach, IndicatorValue
from .workflow import HANDED_IN_STATES


@dataclass
class PortfolioRow:
    covenant: Covenant
    max_grant: Decimal | None
    next_report: object
    lateness: str
    reach: int
    account: object = None  # covenants.final_account.FinalAccount, None when it cannot be settled
    advances_scheduled: Decimal = Decimal(0)  # every advance of the schedule, whatever its state
    next_advance: object = None  # the first advance of the schedule not paid yet

    @property
    def sort_key(self):
        rank = {"very_late": 0, "late": 1}.get(self.lateness, 2)
        due = self.next_report.due_date if self.next_report else date.max
        return (rank, due, self.covenant.code)


def max_grant(covenant) -> Decimal | None:
    from werkbaar.covenants.settlement import SettlementError, maximum_grant, terms_from_covenant

    try:
        return maximum_grant(terms_from_covenant(covenant))
    except SettlementError:
        return None


def final_account(covenant):
    """The covenant's final account so far (base grant, addenda, financial account), or None."""
    from werkbaar.covenants.final_account import final_account_of_covenant
    from werkbaar.covenants.settlement import SettlementError

    try:
        return final_account_of_covenant(covenant)
    except SettlementError:
        return None


def latest_reach() -> dict[str, int]:
    """Latest figure per joint committee code."""
    out: dict[str, int] = {}
    for r in CommitteeReach.objects.select_related("joint_committee").order_by("joint_committee__code", "-year"):
        out.setdefault(r.joint_committee.code, r.employees)
    return out


def rows(today: date | None = None) -> list[PortfolioRow]:
    today = today or timezone.localdate()
    reach = latest_reach()
    parents = dict(JointCommittee.objects.values_list("code", "parent__code"))
    covenants = Covenant.objects.select_related("sector").prefetch_related(
        "reports", "sector__joint_committees", "consultants__absences", "priorities__indicator", "addenda", "addenda__consultants__absences",
        "payments", "effort_commitments")
    out = []
    for c in covenants:
        pending = sorted((r for r in c.reports.all() if r.status != "approved"), key=lambda r: r.due_date)
        nxt = pending[0] if pending else None
        late = rules.lateness(nxt.due_date, today, nxt.status in HANDED_IN_STATES) if nxt else ""
        codes = {jc.code for jc in c.sector.joint_committees.all()}
        entries = {code: n for code, n in reach.items() if code in codes}
        schedule = sorted((p for p in c.payments.all() if p.kind == "advance"), key=lambda p: (p.due_date, p.pk))
        out.append(PortfolioRow(
            c, max_grant(c), nxt, late, rules.reach_total(entries, parents), final_account(c),
            advances_scheduled=sum((p.amount_eur for p in schedule), Decimal(0)),
            next_advance=next((p for p in schedule if p.status != "paid"), None),
        ))
    return sorted(out, key=lambda r: r.sort_key)


def totals(portfolio: list[PortfolioRow]) -> dict:
    return {
        "budget": sum((r.max_grant or Decimal(0) for r in portfolio), Decimal(0)),
        "fte": sum((r.covenant.funded_fte for r in portfolio), Decimal(0)),
        "reach": sum(r.reach for r in portfolio),
        "late": sum(1 for r in portfolio if r.lateness),
    }


def latest_values() -> dict[int, Decimal]:
    """The latest value per indicator (evaluation values win over reported ones for the same period)."""
    out: dict[int, tuple] = {}
    rank = {"evaluation": 2, "report": 1, "linked": 0}
    for v in IndicatorValue.objects.all():
        key = (v.period_end, rank.get(v.source, 0))
        if v.indicator_id not in out or key > out[v.indicator_id][0]:
            out[v.indicator_id] = (key, v.value)
    return {k: v for k, (_key, v) in out.items()}


def _indicators():
    return ResultIndicator.objects.select_related("priority__covenant__sector", "priority__theme")


def indicator_value(indicator, latest) -> Decimal | None:
    if indicator.result_value is not None:
        return indicator.result_value
    return latest.get(indicator.pk)


def matrix() -> dict:
    """Sector × theme: (met, with a value, total) indicators per cell."""
    latest = latest_values()
    cells: dict = {}
    sectors, themes = set(), set()
    for ind in _indicators():
        sector = str(ind.priority.covenant.sector)
        theme = str(ind.priority.theme) if ind.priority.theme else _("(no theme)")
        sectors.add(sector)
        themes.add(theme)
        if ind.result_met is not None:
            ok = ind.result_met
        else:
            ok = rules.attained(indicator_value(ind, latest), ind.target_value, ind.direction, ind.baseline_value)
        met, measured, total = cells.get((sector, theme), (0, 0, 0))
        cells[(sector, theme)] = (met + (1 if ok else 0), measured + (0 if ok is None else 1), total + 1)
    themes_sorted = sorted(themes)
    return {
        "themes": themes_sorted,
        "rows": [(s, [cells.get((s, t)) for t in themes_sorted]) for s in sorted(sectors)],
    }


def measure_key(indicator) -> str:
    """Indicators are the same measure when they take their value from the same linked data source;
    any other indicator is a measure of its own (two websites' visitors are not one figure)."""
    return f"source:{indicator.linked_source}" if indicator.linked_source else f"indicator:{indicator.pk}"


def comparison() -> list[dict]:
    """The comparison groups of ``rules.compare_by_unit`` with their display labels."""
    latest = latest_values()
    data = [(str(i.priority.covenant.sector), f"{i.priority.covenant.code} {i.priority.code} {i.description}", i.unit, i.period,
             measure_key(i), indicator_value(i, latest), i.target_value) for i in _indicators()]
    units = dict(IndicatorUnit.choices)
    periods = dict(ResultIndicator.Period.choices)
    return [{"unit": units.get(g.unit, g.unit), "period": periods.get(g.period, g.period), "group": g}
            for g in rules.compare_by_unit(data)]


# --- exports -------------------------------------------------------------------------------------


def portfolio_table(today: date | None = None) -> tuple[list[str], list[list]]:
    header = [_("Covenant"), _("Sector"), _("Generation"), _("Start"), _("End"), _("Status"), _("Funded FTE"),
              _("Maximum grant (EUR)"), _("Next report"), _("Report status"), _("Due date"), _("Late"),
              _("Employees covered"), _("Addenda maximum (EUR)"), _("Advances received (EUR)"),
              _("Final grant (EUR)"), _("Balance (EUR)"), _("Advances scheduled (EUR)"), _("Next advance due")]
    body = []
    for r in rows(today):
        n, a = r.next_report, r.account
        body.append([r.covenant.code, str(r.covenant.sector), r.covenant.generation, r.covenant.start,
                     r.covenant.end, r.covenant.get_status_display(), r.covenant.funded_fte, r.max_grant,
                     n.get_kind_display() if n else "", n.get_status_display() if n else "",
                     n.due_date if n else "", r.lateness, r.reach,
                     *((money(a.addenda_max_eur), money(a.advances_paid_eur), money(a.final_grant_eur), money(a.balance_eur))
                       if a else ("", "", "", "")),
                     money(r.advances_scheduled), r.next_advance.due_date if r.next_advance else ""])
    return header, body


def values_table() -> tuple[list[str], list[list]]:
    header = [_("Covenant"), _("Sector"), _("Priority"), _("Unit"), _("Baseline"), _("Target"), _("Direction"),
              _("Period start"), _("Period end"), _("Value"), _("Source")]
    body = []
    qs = IndicatorValue.objects.select_related("indicator__priority__covenant__sector").order_by(
        "indicator__priority__covenant__code", "indicator__priority__code", "period_end")
    for v in qs:
        i = v.indicator
        body.append([i.priority.covenant.code, str(i.priority.covenant.sector), i.priority.code,
                     i.get_unit_display(), i.baseline_value, i.target_value, i.get_direction_display(),
                     v.period_start, v.period_end, v.value, v.get_source_display()])
    return header, body


def _cell(value):
    if value is None:
        return ""
    return value


def _csv_cell(value):
    """A CSV cell as a Belgian spreadsheet reads it: decimal comma, dates 29/11/2026 (no grouping, so
    the number stays one number)."""
    if isinstance(value, Decimal):
        return str(value).replace(".", get_format("DECIMAL_SEPARATOR"))
    if isinstance(value, date):
        return formats.short_date(value)
    return _cell(value)


def as_csv(header, body) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";")
    writer.writerow(safe_row(str(h) for h in header))
    for row in body:
        writer.writerow(safe_row(_csv_cell(v) for v in row))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def as_xlsx(header, body, title: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append([str(h) for h in header])
    for row in body:
        ws.append([float(v) if isinstance(v, Decimal) else _cell(v) for v in row])
    buf = io.BytesIO()
    safe_workbook(wb).save(buf)
    return buf.getvalue()
