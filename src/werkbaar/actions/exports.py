"""Exports of an action plan: XLSX (openpyxl) and PDF (WeasyPrint from an HTML template)."""

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from werkbaar.core.exports import safe_workbook


def plan_rows(plan) -> list[list]:
    rows = []
    for item in plan.items.select_related("action", "owner"):
        rows.append([
            item.title, item.action.key if item.action_id else "", item.finding, item.goal, item.owner_display,
            item.deadline.isoformat() if item.deadline else "", float(item.budget) if item.budget is not None else None,
            item.get_status_display(), item.latest_progress(),
        ])
    return rows


def plan_xlsx(plan) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Action plan")[:31]
    ws.append([str(plan.title)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([_("Organisation"), str(plan.organisation)])
    ws.append([_("Status"), str(plan.get_status_display())])
    ws.append([_("Scan campaign"), str(plan.campaign or "")])
    ws.append([])
    header = [_("Action"), _("Menu id"), _("Finding it answers"), _("Goal"), _("Owner"), _("Deadline"),
              _("Budget (EUR)"), _("Status"), _("Progress (%)")]
    ws.append([str(h) for h in header])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in plan_rows(plan):
        ws.append(row)
    meetings = wb.create_sheet(_("Social dialogue")[:31])
    meetings.append([str(h) for h in (_("Date"), _("Body"), _("Decision"), _("Remarks"))])
    for m in plan.meetings.all():
        meetings.append([m.held_on.isoformat(), str(m.get_body_display()), str(m.get_decision_display()),
                         m.decision_text])
    buffer = io.BytesIO()
    safe_workbook(wb).save(buffer)
    return buffer.getvalue()


def plan_pdf(plan, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string("actions/plan_pdf.html", {
        "plan": plan, "items": plan.items.select_related("action", "owner"), "meetings": plan.meetings.all()},
        request=request)
    return HTML(string=html, base_url=request.build_absolute_uri("/") if request else None).write_pdf()
