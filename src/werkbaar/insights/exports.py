"""Exports of the reports: PDF (WeasyPrint, static SVG charts from vl-convert) and XLSX (openpyxl).

Both take the same context as the HTML page (:mod:`werkbaar.insights.context`), so they show the same
figures; suppressed cells and figures are written as the text of their reason ("fewer than N", or
"hidden so that a smaller group cannot be worked out"), never as a number.
"""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from werkbaar.core.exports import safe_workbook

from .report import hidden_text

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PCT = "0.0%"


def render_pdf(template: str, context: dict, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    base = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base).write_pdf()


def _sheet(wb: Workbook, title: str, header: list[str], first: bool = False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title[:31]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    return ws


def _append(ws, values: list, pct_columns: tuple[int, ...] = ()) -> None:
    ws.append(values)
    row = ws.max_row
    for col in pct_columns:
        cell = ws.cell(row=row, column=col)
        if isinstance(cell.value, float):
            cell.number_format = PCT


def _finish(wb: Workbook) -> bytes:
    for ws in wb.worksheets:
        for idx, column in enumerate(ws.columns, start=1):
            width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
            ws.column_dimensions[get_column_letter(idx)].width = min(60, max(10, width + 2))
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    safe_workbook(wb).save(out)
    return out.getvalue()


def _ci(value, i):
    return value[i] if value else None


def _rate(value):
    """A rate, or "–" when there is no one to compute it from (never an empty cell that reads as 0)."""
    return "–" if value is None else value


def _indicator_sheet(wb, sections, min_group, min_organisations=None):
    ws = _sheet(wb, _("Indicators"), [
        _("Kind"), _("Indicator"), _("Respondents"), _("Mean score (0-100)"), _("Problem rate"),
        _("Problem rate, lower limit"), _("Problem rate, upper limit"), _("Acute rate"), _("Acute rate, lower limit"),
        _("Acute rate, upper limit"),
    ])
    for section in sections:
        for r in section["rows"]:
            if r.suppressed:
                ws.append([section["title"], r.title, hidden_text(r.suppressed_reason, min_group, min_organisations)])
                continue
            _append(ws, [section["title"], r.title, r.n, r.mean, _rate(r.problem_rate), _ci(r.problem_ci, 0),
                         _ci(r.problem_ci, 1), _rate(r.acute_rate), _ci(r.acute_ci, 0), _ci(r.acute_ci, 1)],
                    pct_columns=(5, 6, 7, 8, 9, 10))


def _breakdown_sheets(wb, breakdowns, scale_titles: dict[str, str], min_group, min_organisations=None):
    def hidden(reason):
        return hidden_text(reason, min_group, min_organisations)

    for b in breakdowns:
        scale_ids = list(dict.fromkeys(sid for r in b.shown for sid in r.problem_rates))
        ws = _sheet(wb, b.label, [b.label, _("Respondents"), _("Workability rate"), _("Lower limit"), _("Upper limit"),
                                  *[_("Problem: %(scale)s") % {"scale": scale_titles.get(s, s)} for s in scale_ids]])
        for r in b.rows:
            if r.suppressed:
                ws.append([r.label, hidden(r.suppressed_reason)])
                continue
            rate = hidden(r.workability_reason) if r.workability_reason else _rate(r.workability_rate)
            _append(ws, [r.label, r.n, rate, _ci(r.workability_ci, 0), _ci(r.workability_ci, 1),
                         *[hidden(r.hidden_scales[s]) if s in r.hidden_scales else r.problem_rates.get(s)
                           for s in scale_ids]],
                    pct_columns=tuple(range(3, 6 + len(scale_ids))))


def _reference_sheet(wb, reference, own_label):
    ws = _sheet(wb, _("Reference figures"), [
        _("Measure"), _("Group"), _("Year"), _("Reference (%)"), own_label, _("Source"),
    ])
    for row in reference["rows"]:
        ws.append([row.get("title", row["measure"]), row["group"], row["year"], row["value"], row["own"], row["citation"]])
    if reference["indicative"]:
        ws.append([])
        ws.append([_("Indicative only: the scan uses another questionnaire than the Werkbaarheidsmonitor.")])


def report_workbook(ctx: dict) -> bytes:
    wb = Workbook()
    head = ctx["head"]
    ws = _sheet(wb, _("Summary"), [_("Item"), _("Value")], first=True)
    ws.append([_("Organisation"), ctx["organisation"].name])
    ws.append([_("Campaign"), ctx["campaign"].name])
    ws.append([_("Instrument"), ctx["instrument_title"]])
    ws.append([_("Minimum group size"), ctx["min_group"]])
    ws.append([_("Limits"), _("lower and upper limit of the Wilson 95 percent confidence interval")])
    if head["suppressed"]:
        ws.append([_("Respondents"), _("fewer than %(n)s") % {"n": ctx["min_group"]}])
    else:
        ws.append([_("Respondents"), head["n"]])
        rate = hidden_text(head["rate_reason"], ctx["min_group"]) if head.get("rate_reason") else _rate(head["rate"])
        _append(ws, [_("Workability rate"), rate], pct_columns=(2,))
        _append(ws, [_("Workability rate, lower limit"), _ci(head["ci"], 0)], pct_columns=(2,))
        _append(ws, [_("Workability rate, upper limit"), _ci(head["ci"], 1)], pct_columns=(2,))
        _indicator_sheet(wb, ctx["sections"], ctx["min_group"])
        titles = {r.id: r.title for s in ctx["sections"] for r in s["rows"]}
        _breakdown_sheets(wb, ctx["breakdowns"], titles, ctx["min_group"])
        _reference_sheet(wb, ctx["reference"], _("This scan (%)"))
        if ctx["sector_rows"]:
            ws2 = _sheet(wb, _("Sector comparison"), [_("Measure"), _("This scan"), _("Sector")])
            for row in ctx["sector_rows"]:
                _append(ws2, [row["title"], row["own"], row["sector"]], pct_columns=(2, 3))
    return _finish(wb)


def sector_workbook(ctx: dict) -> bytes:
    wb = Workbook()
    orgs = ctx["min_organisations"]
    ws = _sheet(wb, _("Summary"), [_("Instrument"), _("Period"), _("Campaigns"), _("Organisations"),
                                   _("Named with consent"), _("Respondents"), _("Workability rate")], first=True)
    period = ctx["period"].label if ctx.get("period") else ""
    for item in ctx["entries"]:
        entry = item["entry"]
        head = item.get("head") or {}
        if entry["suppressed"]:
            rate = hidden_text(entry.get("suppressed_reason"), entry["min_group"], orgs)
        else:
            rate = hidden_text(head["rate_reason"], entry["min_group"], orgs) if head.get("rate_reason") else _rate(
                head.get("rate"))
        _append(ws, [item["title"], period, entry["campaigns"], entry["organisations"], ", ".join(entry["named"]),
                     entry.get("respondents") if not entry["suppressed"] else None, rate], pct_columns=(7,))
    _scans_sheet(wb, ctx["entries"])
    for item in ctx["entries"]:
        if item.get("sections"):
            _indicator_sheet(wb, item["sections"], item["entry"]["min_group"], orgs)
            titles = {r.id: r.title for s in item["sections"] for r in s["rows"]}
            _breakdown_sheets(wb, item["breakdowns"], titles, item["entry"]["min_group"], orgs)
    return _finish(wb)


def _scans_sheet(wb, entries) -> None:
    """Which scans count and which are left out (consenting organisations by name, the others counted)."""
    ws = _sheet(wb, _("Scans"), [_("Instrument"), _("Organisation"), _("Scan"), _("Closed"), _("Counts"),
                                 _("Reason")])
    reasons = {"too_few": _("fewer respondents than its minimum group size"),
               "older": _("a later scan of the same organisation counts")}
    unnamed = _("organisations that are not named")
    for item in entries:
        scans = item["entry"].get("scans") or {}
        for row in scans.get("counted", []):
            ws.append([item["title"], row["organisation"], row["campaign"], row["closed"], _("yes")])
        if scans.get("others_counted"):
            ws.append([item["title"], unnamed, scans["others_counted"], None, _("yes")])
        for row in scans.get("left_out", []):
            ws.append([item["title"], row["organisation"], row["campaign"], row["closed"], _("no"),
                       reasons.get(row["reason"], row["reason"])])
        for reason, count in (scans.get("others_left_out") or {}).items():
            if count:
                ws.append([item["title"], unnamed, count, None, _("no"), reasons.get(reason, reason)])
