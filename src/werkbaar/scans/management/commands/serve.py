"""`werkbaar serve --host H --port P --workers N`: the production server (gunicorn + werkbaar.wsgi)."""

import os
import shutil
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


def gunicorn_argv(host: str, port: int, workers: int, threads: int, timeout: int, access_log: bool) -> list[str]:
    """The gunicorn command line (threaded workers: requests mostly wait on the database)."""
    argv = [
        sys.executable, "-m", "gunicorn", "werkbaar.wsgi:application",
        "--bind", f"{host}:{port}",
        "--workers", str(workers),
        "--worker-class", "gthread",
        "--threads", str(threads),
        "--timeout", str(timeout),
        "--graceful-timeout", "30",
        "--keep-alive", "5",
        "--backlog", "2048",
        "--max-requests", "5000",
        "--max-requests-jitter", "500",
        "--worker-tmp-dir", "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp",
        "--preload",  # load Django once in the master: workers fork warm and share memory
        "--error-logfile", "-",
        "--logger-class", "werkbaar.core.logs.GunicornLogger",  # access codes redacted from both logs
    ]
    if access_log:  # off by default: access lines pair paths (codes redacted) with IP addresses and times
        argv += ["--access-logfile", "-"]
    return argv


def missing_static_manifest() -> Path | None:
    """The manifest path when the static storage needs one (production) and collectstatic has not written it."""
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return None
    manifest = Path(settings.STATIC_ROOT) / staticfiles_storage.manifest_name
    return None if manifest.is_file() else manifest


class Command(BaseCommand):
    help = "Run the production web server (gunicorn with threaded workers)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
        parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
        parser.add_argument("--timeout", type=int, default=30, help="seconds before a stuck worker is restarted")
        parser.add_argument("--access-log", action="store_true", help="write an access log to stdout")
        parser.add_argument("--dry-run", action="store_true", help="print the gunicorn command and exit")

    def handle(self, *args, host, port, workers, threads, timeout, access_log, dry_run, **options):
        argv = gunicorn_argv(host, port, workers, threads, timeout, access_log)
        manifest = missing_static_manifest()
        if manifest is not None:  # the API still works, so warn rather than refuse (bench/submit_load.py)
            self.stderr.write(
                f"Warning: no {manifest}: every HTML page will answer 500. "
                "Run `werkbaar collectstatic --noinput` with the same settings first."
            )
        if dry_run:
            self.stdout.write(" ".join(argv))
            return
        if shutil.which(sys.executable) is None:  # pragma: no cover - defensive
            raise SystemExit("python executable not found")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkbaar.settings")
        os.execv(sys.executable, argv)
