"""Background tasks of the insights app: analyses too large to compute in the request."""

from werkbaar.background.policy import task

from . import jobs

#: An analysis is tried three times (a database hiccup, a worker that died), 30 s and 60 s apart; it goes
#: before the reminders and purges in the queue.
ATTEMPTS = 3


@task(attempts=ATTEMPTS, backoff=30, takes_context=True, priority=10)  # someone is waiting on the page
def run_analysis_job(context, job_id: int) -> str:
    """Compute the analysis of an ``AnalysisJob`` (a campaign report or a sector view) and cache it."""
    return jobs.run_as_task(job_id, last_attempt=context.attempt >= ATTEMPTS)
