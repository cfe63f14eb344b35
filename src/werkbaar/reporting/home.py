"""The reporting app's home-page panels (see ``werkbaar.core.home``).

- the department: reports waiting for review, late reports, extension requests to decide, final
  reports to evaluate, and the portfolio's key figures (covenants running, FTE funded vs deployed
  today, grant committed vs paid) with a chart;
- sector staff and consultants: the next report deadlines and the reports the department returned,
  with its latest remark;
- both: the follow-up between reports (``reporting.followup_home``: interim evaluations, meetings, signals).

Every query goes through ``reporting.permissions.visible_reports`` or ``core.permissions.sectors_for``;
each panel costs a fixed number of queries (``tests/core/test_home.py`` counts them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from werkbaar.core import formats
from werkbaar.core.home import Figure, Item, Panel, limited
from werkbaar.core.permissions import sectors_for

from .models import ExtensionRequest, ExtensionStatus, Payment, ReportKind, ReportStatus, SectionRemark
from .permissions import visible_reports

REVIEW_STATES = (ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED, ReportStatus.UNDER_REVIEW)
#: Covenant states whose term runs (suspended covenants and covenants under notice still run; their consultants
#: are still funded).
RUNNING_STATES = ("active", "amended", "suspended", "notice_given")
ZERO = Decimal("0")


def _report_item(report, detail: str, today: date, url: str | None = None) -> Item:
    late = report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED) and report.due_date < today
    due = "" if late else _("due %(date)s") % {"date": formats.short_date(report.due_date)}  # late: the badge says it
    return Item(label=str(report), url=url or reverse("reporting:report_detail", args=[report.pk]),
                detail=" · ".join(part for part in (detail, due) if part), when=report.due_date, late=late)


def panels(user, audience: str, today: date) -> list[Panel]:
    from .followup_home import followup_panel

    if audience == "department":
        return [_review(user, today), _late(user, today), _extensions(user, today), _evaluations(user, today),
                key_figures(user, today), followup_panel(user, audience, today)]
    if audience == "sector":
        return [_deadlines(user, today), _returned(user, today), followup_panel(user, audience, today)]
    return []


# --- the department ---------------------------------------------------------------------------


def _review(user, today: date) -> Panel:
    reports = limited(visible_reports(user).filter(status__in=REVIEW_STATES).order_by("due_date", "pk"))
    return Panel(
        key="review", title=_("Reports waiting for review"), order=10,
        items=[_report_item(r, r.get_status_display(), today) for r in reports],
        empty=_("No report is waiting for review. A report appears here as soon as a sector submits it."),
        more_url=reverse("reporting:todo"), more_link=_("My to-do list"),
    )


def _late(user, today: date) -> Panel:
    reports = limited(visible_reports(user).filter(
        status__in=(ReportStatus.DRAFT, ReportStatus.RETURNED), due_date__lt=today).order_by("due_date", "pk"))
    return Panel(
        key="late", title=_("Late reports"), order=11,
        items=[_report_item(r, r.get_status_display(), today) for r in reports],
        empty=_("No report is late. The portfolio shows every covenant's next deadline."),
        empty_url=reverse("reporting:portfolio"), empty_link=_("Open the portfolio"),
        more_url=reverse("reporting:report_list") + "?sort=due", more_link=_("All reports"),
    )


def _extensions(user, today: date) -> Panel:
    requests = limited(ExtensionRequest.objects.filter(
        status=ExtensionStatus.PENDING, report__covenant__sector__in=sectors_for(user),
    ).select_related("report__covenant").order_by("requested_due_date", "pk"))
    items = [Item(label=str(e.report), url=reverse("reporting:report_detail", args=[e.report_id]) + "#extensions",
                  detail=_("Asks for %(date)s instead of %(previous)s") % {
                      "date": formats.short_date(e.requested_due_date),
                      "previous": formats.short_date(e.previous_due_date)},
                  when=e.requested_due_date) for e in requests]
    return Panel(key="extensions", title=_("Extension requests"), order=12, items=items,
                 empty=_("No extension request to decide. A sector's request for more time appears here."))


def _evaluations(user, today: date) -> Panel:
    reports = limited(visible_reports(user).filter(
        kind=ReportKind.FINAL, status=ReportStatus.APPROVED, evaluation__isnull=True).order_by("due_date", "pk"))
    items = [_report_item(r, _("Approved final report"), today, reverse("reporting:evaluate", args=[r.pk]))
             for r in reports]
    return Panel(key="evaluations", title=_("Evaluations to do"), order=13, items=items,
                 empty=_("No evaluation to do. An approved final report appears here for its evaluation "
                         "and payment."))


# --- the department's key figures --------------------------------------------------------------


@dataclass(frozen=True)
class Staffing:
    """A consultant's FTE, employment (None: the covenant's term) and unreplaced absences."""

    fte: Decimal
    start: date
    end: date
    unreplaced_absences: tuple[tuple[date, date], ...] = ()


def deployed_fte_on(day: date, staff: Iterable[Staffing]) -> Decimal:
    """The FTE deployed on ``day``: consultants employed that day and not on an unreplaced absence
    (the rule of ``covenants.settlement``, for one day)."""
    return sum((s.fte for s in staff
                if s.start <= day <= s.end and not any(a <= day <= b for a, b in s.unreplaced_absences)), ZERO)


def _staffing(covenant) -> list[Staffing]:
    return [Staffing(fte=c.fte, start=c.start or covenant.start, end=c.end or covenant.end,
                     unreplaced_absences=tuple((a.start, a.end) for a in c.absences.all() if not a.replaced))
            for c in covenant.consultants.all() if c.addendum_id is None]  # an addendum's FTE are on top


def _committed(covenant) -> Decimal:
    """The base grant's maximum plus the addenda's budgets (ZERO when no maximum can be derived)."""
    from werkbaar.covenants.settlement import CovenantTerms, SettlementError, maximum_grant

    terms = CovenantTerms(code=covenant.code, start=covenant.start, end=covenant.end, funded_fte=covenant.funded_fte,
                          result_share=covenant.result_share, max_grant_eur=covenant.max_grant_eur,
                          rate_per_fte_year_eur=covenant.rate_per_fte_year_eur)
    from werkbaar.covenants.final_account import addendum_budget

    try:
        base = maximum_grant(terms)
    except SettlementError:
        base = ZERO
    total = base
    for a in covenant.addenda.all():  # an addendum with FTE and no budget: FTE x rate x whole years
        try:
            total += addendum_budget(a.budget_eur, a.fte, covenant.rate_per_fte_year_eur, covenant.start, covenant.end)
        except SettlementError:
            pass
    return total


def key_figures_data(user, today: date) -> list[dict]:
    """Per running covenant the user may see: code, funded and deployed FTE today, committed and paid EUR.

    Paid = the paid advances of the covenant's schedule (without a schedule: the advances recorded in its
    financial account) + the payments after evaluation (a payment is the final amount minus the advances,
    negative when money is recovered). Five queries.
    """
    from werkbaar.covenants.models import Absence, Consultant, Covenant

    covenants = list(Covenant.objects.filter(status__in=RUNNING_STATES, sector__in=sectors_for(user))
                     .order_by("code").prefetch_related(
                         Prefetch("consultants", queryset=Consultant.objects.prefetch_related(
                             Prefetch("absences", queryset=Absence.objects.order_by("start")))),
                         "addenda"))
    final, advances, scheduled = {}, {}, set()
    for covenant_id, kind, status, total in (
            Payment.objects.filter(covenant__in=[c.pk for c in covenants]).values_list("covenant", "kind", "status")
            .annotate(total=Sum("amount_eur"))):
        if kind == "advance":
            scheduled.add(covenant_id)
            if status == "paid":
                advances[covenant_id] = total
        else:
            final[covenant_id] = final.get(covenant_id, ZERO) + total

    def paid(c) -> Decimal:
        advanced = advances.get(c.pk, ZERO) if c.pk in scheduled else (c.account_advances_eur or ZERO)
        return advanced + final.get(c.pk, ZERO)

    return [{
        "code": c.code, "funded": c.funded_fte, "deployed": deployed_fte_on(today, _staffing(c)),
        "committed": _committed(c), "paid": paid(c),
    } for c in covenants]


def key_figures(user, today: date) -> Panel:
    rows = key_figures_data(user, today)
    funded = sum((r["funded"] for r in rows), ZERO)
    deployed = sum((r["deployed"] for r in rows), ZERO)
    committed = sum((r["committed"] for r in rows), ZERO)
    paid = sum((r["paid"] for r in rows), ZERO)
    figures = [
        Figure(_("Covenants running"), formats.number(len(rows))),
        Figure(_("FTE funded / deployed today"), f"{formats.fte(funded)} / {formats.fte(deployed)}"),
        Figure(_("Grant committed / paid (EUR)"), f"{formats.money(committed)} / {formats.money(paid)}"),
    ]
    return Panel(
        key="figures", title=_("Key figures"), order=1, figures=figures, wide=True,
        chart_svg=grant_chart_svg(rows) if rows else "",
        chart_caption=_("Grant committed and paid per running covenant (EUR); the table holds the same figures."),
        table={"head": [_("Covenant"), _("FTE funded"), _("FTE deployed today"), _("Committed (EUR)"),
                        _("Paid (EUR)")],
               "rows": [[r["code"], formats.fte(r["funded"]), formats.fte(r["deployed"]),
                         formats.money(r["committed"]), formats.money(r["paid"])] for r in rows]},
        empty=_("No covenant is running. A covenant counts here from its activation."),
        more_url=reverse("reporting:portfolio"), more_link=_("Open the portfolio"),
    )


def grant_chart_svg(rows: list[dict]) -> str:
    """Horizontal bars per covenant, committed next to paid, as a static SVG (Vega-Lite via Altair,
    rendered by vl-convert like ``reporting.charts``: no JavaScript on the page)."""
    import altair as alt
    import vl_convert as vlc

    from .charts import d3_locale

    committed, paid = _("Committed"), _("Paid")
    values = [{"covenant": r["code"], "kind": kind, "eur": float(r[key])}
              for r in rows for kind, key in ((committed, "committed"), (paid, "paid"))]
    chart = alt.Chart(alt.Data(values=values)).mark_bar().encode(
        y=alt.Y("covenant:N", title=None, sort=None),
        yOffset=alt.YOffset("kind:N", sort=[committed, paid]),
        x=alt.X("eur:Q", title=None, axis=alt.Axis(format="~s")),
        color=alt.Color("kind:N", title=None, sort=[committed, paid],
                        scale=alt.Scale(range=["#1d4f91", "#b45309"]), legend=alt.Legend(orient="bottom")),
    ).properties(width=280, height=alt.Step(12))
    locale = d3_locale()
    svg = vlc.vegalite_to_svg(chart.to_dict(), format_locale=locale, time_format_locale=locale)
    return svg.replace("<svg ", '<svg role="img" aria-hidden="true" focusable="false" ', 1)


# --- sector staff and consultants --------------------------------------------------------------


def _deadlines(user, today: date) -> Panel:
    reports = limited(visible_reports(user).filter(status=ReportStatus.DRAFT).order_by("due_date", "pk"))
    return Panel(
        key="deadlines", title=_("Next report deadlines"), order=10,
        items=[_report_item(r, _("Complete and submit"), today) for r in reports],
        empty=_("No report to write right now. The department creates the next report from the covenant's "
                "reporting calendar; it appears here with its due date."),
        more_url=reverse("reporting:report_list"), more_link=_("All reports"),
    )


def _returned(user, today: date) -> Panel:
    reports = limited(visible_reports(user).filter(status=ReportStatus.RETURNED).order_by("due_date", "pk")
                      .prefetch_related(Prefetch("remarks", queryset=SectionRemark.objects.order_by("-created_at",
                                                                                                   "-pk"))))
    items = []
    for r in reports:
        remarks = list(r.remarks.all())
        detail = (_("Remark of the department: %(text)s") % {"text": remarks[0].text}) if remarks else ""
        items.append(_report_item(r, detail, today))
    return Panel(key="returned", title=_("Returned reports"), order=11, items=items,
                 empty=_("No report was returned. When the department returns a report with remarks, it appears "
                         "here with the remark."))
