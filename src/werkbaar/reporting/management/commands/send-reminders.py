"""`werkbaar send-reminders`: e-mail the reminders due today (30, 7 and 1 days before a due date,
and when overdue). Idempotent: a reminder is sent once per (report, kind, due date)."""

from django.core.management.base import BaseCommand

from werkbaar.reporting.services import send_reminders


class Command(BaseCommand):
    help = "Send the report reminders that are due (safe to run more than once a day)."

    def handle(self, *args, **options):
        sent = send_reminders()
        for r in sent:
            self.stdout.write(f"{r.report}: {r.kind} -> {', '.join(r.recipients) or '(no recipients)'}")
        self.stdout.write(f"{len(sent)} reminder(s) sent.")
