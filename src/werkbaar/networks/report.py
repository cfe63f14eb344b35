"""The network report: set-up, approach and methods, the recommendation matrix per theme,
commitments, evaluation quotes (only with consent) and attendance figures.

``report_context`` gathers the data once; ``render_pdf`` (WeasyPrint) and ``render_xlsx``
(openpyxl) turn it into files.
"""

from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from werkbaar.core.exports import safe_workbook

from . import counts, services
from .methods import get_method
from .models import Evaluation, Idea, Scope, Term


def report_context(network) -> dict:
    sessions = list(network.sessions.all())
    held_sessions, rows = services.attendance_overview(network)
    methods = []
    for s in sessions:
        m = get_method(s.method)
        if m and m not in methods:
            methods.append(m)
    ideas = list(network.ideas.exclude(status=Idea.Status.SET_ASIDE).prefetch_related("supports"))
    for idea in ideas:
        idea.votes = sum(1 for s in idea.supports.all() if s.kind == "vote")
        idea.commits = sum(1 for s in idea.supports.all() if s.kind == "commit")
    commitments = [i.commitment for i in network.ideas.filter(status=Idea.Status.COMMITMENT)
                   .select_related("commitment")]
    quotes = []
    consenting = list(network.evaluations.filter(consent_to_quote=True).order_by("pk"))
    for field in Evaluation.QUESTION_FIELDS:
        for ev in consenting:
            answer = (getattr(ev, field) or "").strip()
            if answer:
                quotes.append({"question": Evaluation._meta.get_field(field).verbose_name, "text": answer})
    return {
        "network": network,
        "generated": timezone.localtime(),
        "facilitators": list(network.facilitators.all()),
        "partner_sectors": list(network.partner_sectors.all()),
        "participants": list(network.participants.select_related("organisation")),
        "sessions": sessions,
        "methods": methods,
        "matrix": services.board_matrix(ideas, network),
        "columns": services.matrix_columns(),
        "commitments": commitments,
        "menu_proposals": list(network.menu_proposals.all()),
        "policy_recommendations": list(network.policy_recommendations.all()),
        "quotes": quotes,
        "figures": counts.network_figures(network),
        "attendance_sessions": held_sessions,
        "attendance_rows": rows,
    }


def render_pdf(network, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string("networks/report_pdf.html", report_context(network), request=request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base_url).write_pdf()


def render_xlsx(network) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    ctx = report_context(network)
    wb = Workbook()
    bold = Font(bold=True)

    ws = wb.active
    ws.title = _("Set-up")[:31]
    rows = [
        (_("Network"), network.title), (_("Theme"), network.theme), (_("Owning sector"), str(network.sector)),
        (_("Partner sectors"), ", ".join(str(s) for s in ctx["partner_sectors"])),
        (_("Facilitators"), ", ".join(str(u) for u in ctx["facilitators"])),
        (_("Period"), f"{network.start:%Y-%m-%d} – {network.end:%Y-%m-%d}"),
        (_("Target size"), f"{network.target_min}-{network.target_max}"),
        (_("Planned sessions"), network.planned_sessions), (_("Expectations"), network.expectations),
    ]
    figures = ctx["figures"]
    rows += [
        (_("Participating organisations"), figures["participants"]),
        (_("Organisations reached"), figures["organisations_reached"]),
        (_("Employers reached"), figures["employers_reached"]),
        (_("Sessions held"), figures["sessions_held"]),
        (_("Attendance rate (%)"), float(figures["attendance_rate"]) if figures["attendance_rate"] is not None else ""),
    ]
    for label, value in rows:
        ws.append([str(label), value])
        ws.cell(ws.max_row, 1).font = bold

    ws = wb.create_sheet(_("Sessions")[:31])
    ws.append([_("Date"), _("Title"), _("Status"), _("Method used"), _("Place or link"), _("Invited specialists")])
    for s in ctx["sessions"]:
        m = get_method(s.method)
        ws.append([timezone.localtime(s.starts_at).strftime("%Y-%m-%d %H:%M"), s.title, s.get_status_display(),
                   m.name if m else "", s.place or s.online_url, s.specialists])

    ws = wb.create_sheet(_("Recommendations")[:31])
    ws.append([_("Theme"), pgettext("horizon", "Term"), _("Scope"), _("Idea"), _("Outcome"), _("Votes"), _("We commit to this")])
    for row in ctx["matrix"]:
        for cell in row["cells"]:
            for idea in cell["ideas"]:
                ws.append([idea.theme_label, str(Term(idea.term).label), str(Scope(idea.scope).label),
                           idea.text, idea.get_status_display(), idea.votes, idea.commits])

    ws = wb.create_sheet(_("Commitments")[:31])
    ws.append([_("Commitment"), _("Participants"), _("Follow-up dates")])
    for c in ctx["commitments"]:
        ws.append([c.description, ", ".join(str(p) for p in c.participants.all()),
                   ", ".join(f"{f.due:%Y-%m-%d}" for f in c.follow_ups.all())])
    ws.append([])
    ws.append([_("Proposed for the inspiration menu"), _("Status")])
    for p in ctx["menu_proposals"]:
        ws.append([p.title, p.get_status_display()])
    ws.append([])
    ws.append([_("Policy recommendation"), _("Addressed to")])
    for p in ctx["policy_recommendations"]:
        ws.append([p.text, p.addressed_to])

    ws = wb.create_sheet(_("Attendance")[:31])
    ws.append([_("Organisation")] + [timezone.localtime(s.starts_at).strftime("%Y-%m-%d") for s in
                                     ctx["attendance_sessions"]] + [_("Attended"), _("Missed")])
    for r in ctx["attendance_rows"]:
        ws.append([str(r.participant.organisation)] + list(r.cells) + [r.summary.attended, r.summary.missed])

    ws = wb.create_sheet(_("Evaluation quotes")[:31])
    ws.append([_("Question"), _("Quote")])
    for q in ctx["quotes"]:
        ws.append([str(q["question"]), q["text"]])

    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = bold
        sheet.column_dimensions["A"].width = 32
        for col in "BCDEFG":
            sheet.column_dimensions[col].width = 24
    out = BytesIO()
    safe_workbook(wb).save(out)
    return out.getvalue()


def networks_xlsx(networks) -> bytes:
    """The (filtered) list of networks with their figures, one row per network."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("Learning networks")[:31]
    ws.append([str(h) for h in (
        _("Title"), _("Theme"), _("Owning sector"), _("Partner sectors"), _("Start"), _("End"), _("Status"),
        _("Participating organisations"), _("Employers reached"), _("Sessions held"), _("Planned sessions"),
        _("Attendance rate (%)"),
    )])
    for n in networks:
        f = counts.network_figures(n)
        ws.append([
            n.title, n.theme, str(n.sector), ", ".join(str(s) for s in n.partner_sectors.all()), n.start, n.end,
            n.get_status_display(), f["participants"], f["employers_reached"], f["sessions_held"],
            n.planned_sessions, float(f["attendance_rate"]) if f["attendance_rate"] is not None else None,
        ])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    out = BytesIO()
    safe_workbook(wb).save(out)
    return out.getvalue()
