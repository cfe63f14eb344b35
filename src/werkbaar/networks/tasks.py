"""Background tasks of the networks app (scheduled daily in background/schedule.py)."""

from django.conf import settings

from werkbaar.background.policy import task

from .reminders import send_follow_up_reminders, send_reminders


@task()
def send_network_reminders() -> int:
    """E-mail session reminders (with an .ics file) and follow-up reminders due within a week; returns how many."""
    sessions = send_reminders(days=7, base_url=settings.SITE_URL)
    follow_ups = send_follow_up_reminders(days=7)
    return sessions.sent + follow_ups.sent
