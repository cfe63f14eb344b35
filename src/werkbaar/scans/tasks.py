"""Background tasks of the scans app (run by `werkbaar worker`, scheduled in background/schedule.py)."""

from werkbaar.background.policy import task

from . import closing, services


@task()
def close_due_campaigns() -> int:
    """Close every active campaign past its closing date (unlinking its responses, then vacuum); returns how many."""
    return len(closing.close_due_campaigns())


@task()
def purge_drafts() -> int:
    """Delete the drafts that can no longer be sent: earlier days' and every draft of a closed campaign."""
    return services.purge_drafts()
