"""Background analysis jobs: an analysis with visible progress, run in the request or as a task.

``settings.WERKBAAR_ANALYSIS_MODE`` chooses how a new job runs:

* ``"auto"`` (default): inline when the campaign(s) hold at most ``WERKBAAR_ANALYSIS_INLINE_LIMIT``
  responses (default 5,000; scoring that takes well under a second), otherwise as the task
  :func:`werkbaar.insights.tasks.run_analysis_job`, which ``werkbaar worker`` runs;
* ``"inline"``: always in the request (tests);
* ``"worker"``: always as a task.

A job computes one cached result (``services.campaign_result`` or ``services.sector_aggregate``) and
writes its progress (0-100) and current step, which the report page polls with htmx. As a task it
gets the queue's retries and survives a worker that dies (``werkbaar.background``): it is simply
computed again from the start, and the cached result is the same.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkbaar.core.models import Sector
from werkbaar.scans.models import Campaign

from . import services
from .models import AnalysisJob, JobStatus
from .periods import Period, parse_period

log = logging.getLogger(__name__)

#: A job running for this long is considered dead and a new one is started (a last resort: a worker that
#: dies is noticed within seconds and its task run again, see werkbaar.background.workers).
STALE_AFTER = datetime.timedelta(minutes=15)
STEP_LABELS = {
    "queued": _("Waiting for a free worker"),
    "responses": _("Reading the answers"),
    "scoring": _("Computing the scores"),
    "intervals": _("Computing the confidence intervals"),
    "profiles": _("Computing the risk profiles"),
    "saving": _("Saving the results"),
    "done": _("Done"),
}


def mode() -> str:
    return getattr(settings, "WERKBAAR_ANALYSIS_MODE", "auto")


def inline_limit() -> int:
    return int(getattr(settings, "WERKBAAR_ANALYSIS_INLINE_LIMIT", 5000))


# ------------------------------------------------------------------------------------------------
# Requesting results
# ------------------------------------------------------------------------------------------------


def campaign_result_or_job(campaign: Campaign, user=None) -> tuple[dict | None, AnalysisJob | None]:
    """(result, None) when a valid result is cached or quick to compute, else (None, running job)."""
    data = services.cached_campaign_result(campaign)
    if data is not None:
        return data, None
    key = services.campaign_key(campaign)
    fingerprint = services.campaign_fingerprint(campaign)
    size = campaign.responses.count()
    return _ensure_job(key, fingerprint, size, user, campaign=campaign)


def sector_aggregate_or_job(sector: Sector, period: Period, user=None):
    """(aggregate, None) or (None, job) for one fixed period, like :func:`campaign_result_or_job`."""
    campaigns, left_out = services.sector_scans(sector, period)
    fingerprint = services.sector_fingerprint(campaigns, left_out)
    key = services.sector_key(sector, period)
    data = services.cached(key, fingerprint)
    if data is not None:
        return data, None
    size = sum(c.fp_responses for c in campaigns)
    return _ensure_job(key, fingerprint, size, user, sector=sector, params={"period": period.key})


def _ensure_job(key, fingerprint, size, user, *, campaign=None, sector=None, params=None):
    job = _active_job(key, fingerprint)
    if job is None:
        job = AnalysisJob.objects.create(
            key=key, fingerprint=fingerprint, campaign=campaign, sector=sector, params=params or {},
            requested_by=user if getattr(user, "is_authenticated", False) else None, step="queued",
        )
        how = mode()
        if how == "inline" or (how == "auto" and size <= inline_limit()):
            run_job(job)
        else:
            from .tasks import run_analysis_job

            run_analysis_job.enqueue(job.pk)
    job.refresh_from_db()
    if job.status == JobStatus.DONE:
        data = services.cached(key, fingerprint)
        if data is not None:
            return data, None
    return None, job


def _active_job(key: str, fingerprint: str) -> AnalysisJob | None:
    now = timezone.now()
    for job in AnalysisJob.objects.filter(key=key, fingerprint=fingerprint, status__in=[
            JobStatus.QUEUED, JobStatus.RUNNING]).order_by("-created_at"):
        last = job.started_at or job.created_at
        if job.status == JobStatus.RUNNING and now - last > STALE_AFTER:
            AnalysisJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error="stale", finished_at=now)
            continue
        return job
    return None


# ------------------------------------------------------------------------------------------------
# Running jobs
# ------------------------------------------------------------------------------------------------


def claim(job: AnalysisJob) -> bool:
    """Atomically move a queued job to running (portable: one conditional UPDATE)."""
    return bool(AnalysisJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), progress=1))


def run_job(job: AnalysisJob) -> AnalysisJob:
    """Claim and run one job in this process; its result lands in the cache. Errors mark the job
    failed (logged), never raise: the page shows the failure."""
    if not claim(job):
        job.refresh_from_db()
        return job
    try:
        _compute(job)
    except Exception as exc:  # noqa: BLE001 - a failed analysis is shown on the page, never a 500
        log.exception("analysis job %s failed", job.pk)
        _mark_failed(job, exc)
    job.refresh_from_db()
    return job


def run_as_task(job_id: int, *, last_attempt: bool) -> str:
    """The task's body: (re)start the job and compute it; returns what happened.

    A job left running by a worker that died starts again from the beginning. A failure is raised for
    the queue to retry: meanwhile the job waits (queued), or it is marked failed on the last attempt.
    """
    job = AnalysisJob.objects.filter(pk=job_id).first()
    if job is None or job.status == JobStatus.DONE:
        return "nothing to do"
    AnalysisJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), progress=1, step="queued", error="")
    try:
        _compute(job)
    except Exception as exc:
        if last_attempt:
            _mark_failed(job, exc)
        else:
            AnalysisJob.objects.filter(pk=job.pk).update(
                status=JobStatus.QUEUED, progress=0, step="queued", error=_error_text(exc))
        raise
    return "done"


def _compute(job: AnalysisJob) -> None:
    def progress(pct: int, step: str) -> None:
        AnalysisJob.objects.filter(pk=job.pk).update(progress=max(1, min(99, pct)), step=step)

    if job.campaign_id:
        services.campaign_result(Campaign.objects.get(pk=job.campaign_id), progress=progress)
    elif job.sector_id:
        sector = Sector.objects.get(pk=job.sector_id)
        period = parse_period(sector, (job.params or {}).get("period"))
        services.sector_aggregate(sector, period, progress=progress)
    AnalysisJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, progress=100, step="done", finished_at=timezone.now())


def _error_text(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def _mark_failed(job: AnalysisJob, exc: Exception) -> None:
    AnalysisJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error=_error_text(exc), finished_at=timezone.now())


def step_label(job: AnalysisJob) -> str:
    return str(STEP_LABELS.get(job.step, job.step or STEP_LABELS["queued"]))
