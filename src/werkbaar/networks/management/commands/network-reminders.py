"""`werkbaar network-reminders`: mail attendees and backups about upcoming sessions (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from werkbaar.networks.reminders import send_follow_up_reminders, send_reminders


class Command(BaseCommand):
    help = (
        "Send e-mail reminders (with an .ics file) for learning-network sessions starting soon, and for the "
        "follow-up dates of commitments. Safe to rerun: nothing is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="Remind about sessions starting within N days (7).")
        parser.add_argument("--dry-run", action="store_true", help="Only show what would be sent.")
        parser.add_argument("--base-url", default=settings.SITE_URL, help="Site address for links, e.g. https://werkbaar.example")

    def handle(self, *args, **options):
        result = send_reminders(days=options["days"], dry_run=options["dry_run"],
                                base_url=options["base_url"].rstrip("/"), stdout=self.stdout)
        follow = send_follow_up_reminders(days=options["days"], dry_run=options["dry_run"], stdout=self.stdout)
        verb = "would send" if options["dry_run"] else "sent"
        self.stdout.write(f"{result.sent} session reminder(s) {verb}, {result.skipped} already sent before.")
        self.stdout.write(f"{follow.sent} follow-up reminder(s) {verb}.")
