"""Background tasks of the privacy app: the daily retention purge (scheduled in background/schedule.py)."""

from werkbaar.background.policy import task

from .purge import purge


@task()
def purge_expired_data() -> dict[str, int]:
    """Delete what the retention periods say is due (like ``werkbaar purge``); the counts per data class."""
    return purge()
