"""JSON API routes of the insights app, mounted at /api/v1/insights/.

Read-only, scoped like the pages: a campaign's result for its company admins and union delegates once
the campaign is closed; the sector aggregate (per fixed period) for sector staff of that sector and the
department. An object outside the user's scope answers 404, as if it did not exist (docs/api.md).
When the result still has to be computed, the answer is 202 with the job to poll.
"""

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from werkbaar.core.models import Sector
from werkbaar.scans.models import Campaign

from . import jobs
from .models import AnalysisJob
from .periods import PeriodError, current_period, parse_period
from .views import can_view_report, can_view_sector_aggregate

router = Router(tags=["insights"])


class JobOut(Schema):
    job: int
    status: str
    progress: int
    status_url: str


def _job_dict(job: AnalysisJob) -> dict:
    return {"job": job.pk, "status": job.status, "progress": job.progress,
            "status_url": f"/api/v1/insights/jobs/{job.pk}"}


def _answer(data, job) -> Status:
    return Status(202, _job_dict(job)) if job else Status(200, data)


@router.get("/campaigns/{campaign_id}/result", response={200: dict[str, Any], 202: JobOut},
            summary="Analysis result of a closed campaign")
def campaign_result(request, campaign_id: int):
    """The engine's result (with Wilson 95% intervals and the risk profile); suppressed groups carry
    ``suppressed: true``, a ``suppressed_reason`` and no figures. 404 for other users, 409 while the
    campaign is running."""
    campaign = get_object_or_404(Campaign.objects.select_related("organisation"), pk=campaign_id)
    if not can_view_report(request.user, campaign):
        raise HttpError(404, _("Not found."))
    if not campaign.is_closed:
        raise HttpError(409, "Results are available once the campaign is closed.")
    data, job = jobs.campaign_result_or_job(campaign, request.user)
    return _answer(data, job)


@router.get("/sectors/{code}/aggregate", response={200: dict[str, Any], 202: JobOut},
            summary="Aggregate over the closed campaigns of a sector")
def sector_aggregate(request, code: str, period: str | None = None):
    """Per instrument: the engine's result by company size band for one fixed period: ``period`` is a
    calendar year (``2026``) or a covenant term (``covenant:<code>``), by default the current one.
    Free windows (``start``/``end``) answer 400. No organisation is named without consent."""
    sector = get_object_or_404(Sector, code=code)
    if not can_view_sector_aggregate(request.user, sector):
        raise HttpError(404, _("Not found."))
    if "start" in request.GET or "end" in request.GET:
        raise HttpError(400, _("Free start and end dates are not offered: choose a calendar year or a covenant "
                               "term."))
    try:
        chosen = parse_period(sector, period) if period else current_period(sector)
    except PeriodError as exc:
        raise HttpError(400, str(exc)) from exc
    data, job = jobs.sector_aggregate_or_job(sector, chosen, user=request.user)
    return _answer(data, job)


@router.get("/jobs/{job_id}", response=JobOut, summary="Progress of an analysis job")
def job_status(request, job_id: int):
    job = get_object_or_404(AnalysisJob.objects.select_related("campaign__organisation", "sector"), pk=job_id)
    allowed = (job.campaign_id and can_view_report(request.user, job.campaign)) or (
        job.sector_id and can_view_sector_aggregate(request.user, job.sector))
    if not allowed:
        raise HttpError(404, _("Not found."))
    return _job_dict(job)
