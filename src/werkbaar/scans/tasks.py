"""Background tasks of the scans app (run by `werkbaar worker`, scheduled in background/schedule.py).

Drafts of closed campaigns go with the close itself and with the retention purge (``privacy.tasks``).
"""

from werkbaar.background.policy import task

from . import closing, services


@task()
def close_due_campaigns() -> int:
    """Close every active campaign past its closing date (unlinking its responses, then vacuum); returns how many."""
    return len(closing.close_due_campaigns())


@task()
def purge_stale_drafts() -> int:
    """Delete the unfinished questionnaires of earlier days (a draft is valid on its day only); returns how many."""
    return services.purge_stale_drafts()
