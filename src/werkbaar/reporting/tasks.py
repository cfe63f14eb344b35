"""Background tasks of the reporting app (scheduled daily in background/schedule.py)."""

from werkbaar.background.policy import task

from .services import send_reminders


@task()
def send_report_reminders() -> int:
    """E-mail the report reminders due today (once per report, kind and due date); returns how many."""
    return len(send_reminders())
