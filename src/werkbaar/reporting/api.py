"""JSON API routes of the reporting app, mounted at /api/v1/reporting/.

Read endpoints for reports (status, due date, late flag), indicator values and settlements, all
scoped by permission like the pages; one write endpoint (a draft's content) that refuses an
approved, locked report with 409.
"""

from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from werkbaar.api.errors import Error, InvalidInput
from werkbaar.api.listing import paginated
from werkbaar.api.tokens import scope
from werkbaar.core.permissions import can_view_sector, is_department, readable_sector_ids
from werkbaar.covenants.models import Covenant

from . import services
from .forms import ReportContentForm
from .models import IndicatorValue, ReportLocked
from .permissions import can_edit, visible_reports
from .template_spec import sections_for

router = Router(tags=["reporting"])


class ReportOut(Schema):
    id: int
    covenant: str
    sector: str
    kind: str
    status: str
    due_date: date
    late: str
    versions: int
    url: str


class ReportDetailOut(ReportOut):
    content: dict


class IndicatorValueOut(Schema):
    covenant: str
    priority: str
    indicator_id: int
    unit: str
    target: str
    baseline: str | None
    direction: str
    period_start: date
    period_end: date
    value: str
    source: str


class ContentIn(Schema):
    content: dict


def _report_out(r) -> dict:
    return {
        "id": r.pk, "covenant": r.covenant.code, "sector": r.covenant.sector.code, "kind": r.kind,
        "status": r.status, "due_date": r.due_date, "late": services.lateness(r), "versions": r.versions.count(),
        "url": f"/reporting/{r.pk}/",
    }


@router.get("/reports", response=list[ReportOut])
@scope("covenants:read")
@paginated
def list_reports(request, covenant: str = "", status: str = ""):
    qs = visible_reports(request.user)
    if covenant:
        qs = qs.filter(covenant__code=covenant)
    if status:
        qs = qs.filter(status=status)
    return [_report_out(r) for r in qs.order_by("due_date", "covenant__code", "pk")]


@router.get("/reports/{report_id}", response=ReportDetailOut)
@scope("covenants:read")
def get_report(request, report_id: int):
    r = visible_reports(request.user).filter(pk=report_id).first()
    if r is None:
        raise Http404
    return {**_report_out(r), "content": r.content or {}}


@router.put("/reports/{report_id}/content", response={200: ReportDetailOut, 409: Error})
@scope("reports:write")
def put_content(request, report_id: int, payload: ContentIn):
    """Replace a draft's content (sector roles, draft or returned reports only). Unknown sections and
    fields are dropped; values are checked with the page's form (400 with one error per field,
    nothing stored) and stored as text, with an audit entry."""
    r = visible_reports(request.user).filter(pk=report_id).first()
    if r is None:
        raise Http404
    if r.is_locked:
        raise HttpError(409, _("An approved report cannot be changed."))
    if not can_edit(request.user, r):
        raise HttpError(403, _("You may not change this report."))
    form = ReportContentForm.from_json(sections_for(r), payload.content)
    if not form.is_valid():
        raise InvalidInput(form.json_errors())
    try:
        services.save_content(r, form.json_content(), request.user, note="api")
    except ReportLocked:
        raise HttpError(409, _("An approved report cannot be changed."))
    return {**_report_out(r), "content": r.content}


@router.get("/indicator-values", response=list[IndicatorValueOut])
@scope("covenants:read")
@paginated
def indicator_values(request, covenant: str = ""):
    qs = IndicatorValue.objects.select_related("indicator__priority__covenant__sector").order_by(
        "indicator__priority__covenant__code", "indicator__priority__code", "period_end", "pk")
    if not is_department(request.user):
        qs = qs.filter(indicator__priority__covenant__sector_id__in=readable_sector_ids(request.user))
    if covenant:
        qs = qs.filter(indicator__priority__covenant__code=covenant)
    return [
        {"covenant": v.indicator.priority.covenant.code, "priority": v.indicator.priority.code,
         "indicator_id": v.indicator_id, "unit": v.indicator.unit, "target": str(v.indicator.target_value),
         "baseline": None if v.indicator.baseline_value is None else str(v.indicator.baseline_value),
         "direction": v.indicator.direction, "period_start": v.period_start, "period_end": v.period_end,
         "value": str(v.value), "source": v.source}
        for v in qs
    ]


@router.get("/settlements/{code}", response={200: dict, 422: Error})
@scope("covenants:read")
def settlement(request, code: str):
    """The settlement of a covenant (the keys of ``werkbaar settle --json``)."""
    covenant = get_object_or_404(Covenant.objects.select_related("sector"), code=code)
    if not can_view_sector(request.user, covenant.sector):
        raise Http404
    data = services.settlement_json(covenant)
    if data is None:
        raise HttpError(422, _("The settlement cannot be computed for this covenant."))
    return {"covenant": covenant.code, **data}
