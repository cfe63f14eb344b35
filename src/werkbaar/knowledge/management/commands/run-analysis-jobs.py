"""`werkbaar run-analysis-jobs`: the background worker that runs queued analysis jobs (production set-up)."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from werkbaar.knowledge.jobs import run_pending


class Command(BaseCommand):
    help = (
        "Run queued analysis jobs (reports and sector views). Use with WERKBAAR_ANALYSIS_MODE=worker; "
        "keep it running under the process supervisor, or pass --once from a timer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run the jobs that are queued now, then stop.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls (default 1).")

    def handle(self, *args, once=False, interval=1.0, **options):
        while True:
            if not connection.in_atomic_block:  # (tests run the command inside a transaction)
                close_old_connections()  # a long-running worker must not keep a broken connection
            ran = run_pending()
            if ran:
                self.stdout.write(f"{ran} analysis job(s) run")
            if once:
                return
            time.sleep(max(0.1, interval))
