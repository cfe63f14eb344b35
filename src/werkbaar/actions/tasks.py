"""Background tasks of the actions app (scheduled daily in background/schedule.py)."""

from django.conf import settings

from werkbaar.background.policy import task

from .services import send_reminders


@task()
def send_action_reminders() -> int:
    """E-mail action owners a week before a deadline and once when overdue; returns how many."""
    return send_reminders(base_url=settings.SITE_URL)
