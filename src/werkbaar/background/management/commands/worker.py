"""`werkbaar worker`: run background tasks and the periodic schedule (keep one or more running)."""

import signal

from django.core.management import call_command
from django.core.management.base import BaseCommand

from werkbaar.background.schedule import SCHEDULE
from werkbaar.background.workers import Housekeeping, heartbeat, new_worker_id


class Command(BaseCommand):
    help = (
        "Run queued background tasks (analyses, reminders, purges) with retries, and enqueue the periodic "
        "ones when due. Several workers may run at once, on one or more servers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true",
                            help="Enqueue what is due, run every task that is ready, then stop.")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="Seconds between looks at an empty queue (default 1).")
        parser.add_argument("--no-schedule", action="store_true",
                            help="Do not enqueue periodic tasks from this worker.")

    def handle(self, *args, batch=False, interval=1.0, no_schedule=False, verbosity=1, **options):
        worker_id = new_worker_id()
        housekeeping = Housekeeping(worker_id, run_schedule=not no_schedule)
        housekeeping.run_once()
        if verbosity:
            periodic = "off" if no_schedule else ", ".join(
                f"{p.name} {'daily at ' + p.at.strftime('%H:%M') if p.every == 'day' else 'hourly'}" for p in SCHEDULE)
            self.stdout.write(f"Worker {worker_id} runs (heartbeat {heartbeat():g} s). Schedule: {periodic}.")
        if not batch:
            housekeeping.start()
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            call_command("db_worker", queue_name="*", interval=max(0.0, interval), batch=batch, reload=False,
                         startup_delay=False, worker_id=worker_id, verbosity=verbosity, stdout=self.stdout)
        finally:
            housekeeping.stop()
            for sig, handler in handlers.items():  # the library's worker replaced them (graceful stop)
                signal.signal(sig, handler)
