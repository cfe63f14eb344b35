"""`werkbaar import-kbo DIR`: import (or resume) the KBO/BCE open data full dump in DIR (core/register.py)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from werkbaar.core.register import RegisterImportError, import_dump


class Command(BaseCommand):
    help = (
        "Import the public enterprise register (KBO/BCE open data, the monthly full dump, unzipped) into the "
        "register used when adding an organisation. Streams the CSV files in batches with a checkpoint per "
        "batch: run the same command again to resume an interrupted import."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="the unzipped dump: enterprise.csv, denomination.csv, ...")
        parser.add_argument("--batch-size", type=int, default=2000, help="rows per transaction (default 2000)")

    def handle(self, *args, directory: Path, batch_size: int, **options):
        last = {"at": 0.0}

        def progress(report):
            now = time.monotonic()
            if now - last["at"] >= 2:
                last["at"] = now
                self.stdout.write(f"{report.file}: {report.rows:,} rows ({report.rows_per_second:,.0f} rows/s)")

        try:
            reports = import_dump(directory, batch_size=max(batch_size, 1), progress=progress)
        except RegisterImportError as exc:
            raise CommandError(str(exc))
        for report in reports:
            resumed = f", resumed at row {report.resumed_from:,}" if report.resumed_from else ""
            self.stdout.write(self.style.SUCCESS(
                f"{report.file}: {report.rows:,} rows, {report.imported:,} imported, {report.ignored:,} ignored, "
                f"{report.skipped:,} malformed and skipped ({report.rows_per_second:,.0f} rows/s{resumed})"
            ))
            for problem in report.problems:
                self.stderr.write(f"  {problem}")
