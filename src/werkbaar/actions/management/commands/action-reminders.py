"""`werkbaar action-reminders [--date YYYY-MM-DD]`: e-mail owners about deadlines (each reminder once)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from werkbaar.actions.services import send_reminders


class Command(BaseCommand):
    help = "Remind action owners a week before a deadline and once when it is overdue. Safe to run daily."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Pretend today is this date (YYYY-MM-DD).")
        parser.add_argument("--base-url", default=settings.SITE_URL, help="Prefix for links in the e-mails, e.g. https://werkbaar.be")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be YYYY-MM-DD") from exc
        sent = send_reminders(today, options["base_url"])
        self.stdout.write(f"{sent} reminder(s) sent")
