"""Exports of the covenant pages: the list as CSV or XLSX, one covenant as an XLSX workbook."""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from werkbaar.core.exports import safe_row, safe_workbook

from .final_account import final_account_of_covenant
from .settlement import SettlementError, fte_days_str, money

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def list_rows(covenants) -> tuple[list[str], list[list]]:
    header = [_("Code"), _("Title"), _("Sector"), _("Generation"), _("Start"), _("End"), _("Status"),
              _("Funded FTE"), _("Maximum grant (EUR)"), _("Result share")]
    rows = []
    for c in covenants:
        try:
            maximum = money(settle_covenant_max(c))
        except SettlementError:
            maximum = None
        rows.append([c.code, c.title, c.sector.name, c.generation, c.start, c.end, c.get_status_display(),
                     c.funded_fte, maximum, c.result_share])
    return header, rows


def settle_covenant_max(covenant):
    from .settlement import CovenantTerms, maximum_grant

    return maximum_grant(CovenantTerms(
        start=covenant.start, end=covenant.end, funded_fte=covenant.funded_fte, result_share=covenant.result_share,
        max_grant_eur=covenant.max_grant_eur, rate_per_fte_year_eur=covenant.rate_per_fte_year_eur,
    ))


def csv_response(filename: str, header, rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(safe_row(row))
    return response


def _sheet(wb, title, header, rows):
    ws = wb.create_sheet(title[:31])
    ws.append([str(h) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(v) for v in row])
    ws.freeze_panes = "A2"
    return ws


def _cell(value):
    from decimal import Decimal

    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if value is None:
        return ""
    return value if isinstance(value, (int, float, str)) or hasattr(value, "isoformat") else str(value)


def xlsx_response(filename: str, wb: Workbook) -> HttpResponse:
    buffer = io.BytesIO()
    safe_workbook(wb).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def list_workbook(covenants) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, _("Covenants"), *list_rows(covenants))
    return wb


def covenant_workbook(c) -> Workbook:
    """One sheet per section, including the settlement."""
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, _("Covenant"), [_("Field"), _("Value")], [
        [_("Code"), c.code], [_("Title"), c.title], [_("Sector"), c.sector.name], [_("Generation"), c.generation],
        [_("Start"), c.start], [_("End"), c.end], [_("Status"), c.get_status_display()],
        [_("Funded FTE"), c.funded_fte], [_("Maximum grant (EUR)"), c.max_grant_eur],
        [_("Rate per FTE-year (EUR)"), c.rate_per_fte_year_eur], [_("Result share"), c.result_share],
        [_("Themes"), [t.name for t in c.themes.all()]],
    ])
    _sheet(wb, _("Signatories"), [_("Name"), _("Side"), _("Function")],
           [[s.name, s.get_side_display(), s.function] for s in c.signatories.all()])
    priorities = list(c.priorities.all().select_related("indicator"))
    _sheet(wb, _("Priorities"), [
        _("Code"), _("Title"), _("Indicator"), _("Target"), _("Unit"), _("Period"), _("Result"), _("Met"),
    ], [
        [p.code, p.title, p.indicator.description if _ind(p) else "", p.indicator.target_value if _ind(p) else None,
         p.indicator.get_unit_display() if _ind(p) else "", p.indicator.get_period_display() if _ind(p) else "",
         p.indicator.result_value if _ind(p) else None,
         {True: _("yes"), False: _("no"), None: _("pending")}[p.indicator.result_met if _ind(p) else None]]
        for p in priorities
    ])
    _sheet(wb, _("Actions"), [_("Priority"), _("Code"), _("Title"), _("Timing"), _("Partners"), _("Status")], [
        [a.priority.code, a.code, a.title, a.timing, a.partners, a.get_status_display()]
        for p in priorities for a in p.actions.all()
    ])
    status = {True: _("met"), False: _("not met"), None: _("pending")}
    _sheet(wb, _("Addenda"), [_("Type"), _("Title"), _("Budget (EUR)"), _("FTE"), _("Result share"),
                              _("Commitments")], [
        [a.get_kind_display(), a.title, a.budget_eur, a.fte, a.result_share,
         [f"{k['code'] + ': ' if k['code'] else ''}{k['description']} ({status[k['met']]})" for k in a.commitment_items]]
        for a in c.addenda.all()
    ])
    consultants = list(c.consultants.all().select_related("sector_account").prefetch_related("absences"))
    _sheet(wb, _("Consultants"), [_("Name"), _("FTE"), _("Start"), _("End"), _("Sector account")], [
        [k.name, k.fte, k.effective_start, k.effective_end, str(k.sector_account or "")] for k in consultants
    ])
    _sheet(wb, _("Absences"), [_("Consultant"), _("Start"), _("End"), _("Kind"), _("Replaced")], [
        [k.name, a.start, a.end, a.get_kind_display(), _("yes") if a.replaced else _("no")]
        for k in consultants for a in k.absences.all()
    ])
    try:
        account = final_account_of_covenant(c)
    except SettlementError as exc:
        _sheet(wb, _("Settlement"), [_("Problem")], [[str(exc)]])
        return wb
    s, out = account.base, account.as_json()
    ws = _sheet(wb, _("Settlement"), [_("Item"), _("Value")], [[k, ", ".join(v) if isinstance(v, list) else v]
                                                                 for k, v in out.items() if k != "addenda"])
    ws.append([])
    ws.append([_("Consultant"), _("FTE"), _("Days employed"), _("Absence days not replaced"), _("FTE-days deployed")])
    for line in s.lines:
        ws.append([line.name, float(line.fte), line.days_employed, line.absence_days_unreplaced,
                   fte_days_str(line.fte_days_deployed)])
    for addendum in account.addenda:  # an addendum with FTE: its own consultants, apart from the base grant
        for line in addendum.lines:
            ws.append([f"{line.name} ({addendum.title})", float(line.fte), line.days_employed,
                       line.absence_days_unreplaced, fte_days_str(line.fte_days_deployed)])
    return wb


def _ind(priority) -> bool:
    try:
        return priority.indicator is not None
    except Exception:  # noqa: BLE001 - reverse one-to-one missing
        return False
