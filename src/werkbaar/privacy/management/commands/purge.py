"""`werkbaar purge [--dry-run] [--today YYYY-MM-DD]`: apply the retention periods (docs/privacy.md).

Prints one line per data class with how many rows or files were (or, with --dry-run, would be)
deleted. ``werkbaar worker`` runs the purge daily (task ``privacy.tasks.purge_expired_data``).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from werkbaar.privacy.purge import DATA_CLASSES, purge


class Command(BaseCommand):
    help = "Delete the data whose retention period has ended; --dry-run only counts it."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count what is due, delete nothing")
        parser.add_argument("--today", help="the date the rules are applied for (default: today)")

    def handle(self, *args, dry_run=False, today=None, **options):
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError(f"--today: not a date (YYYY-MM-DD): {today}") from exc
        counts = purge(today=day, dry_run=dry_run)
        heading = _("Would be purged (dry run):") if dry_run else _("Purged:")
        self.stdout.write(heading)
        for key, label in DATA_CLASSES.items():
            self.stdout.write(f"  {label}: {counts[key]}")
