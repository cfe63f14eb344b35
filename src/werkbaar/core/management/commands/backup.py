"""`werkbaar backup --out DIR`: the database, MEDIA_ROOT and a manifest into a new folder (core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from werkbaar.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite: online backup API; PostgreSQL: pg_dump custom format) and MEDIA_ROOT "
        "into a new folder, with a manifest of migrations, row counts and checksums per table."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="a new (or empty) folder for this backup")

    def handle(self, *args, out: Path, **options):
        try:
            manifest = backup(out)
        except BackupError as exc:
            raise CommandError(str(exc))
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Backup written to {out}: {manifest['database']['vendor']} database, {len(manifest['tables'])} tables, "
            f"{rows} rows, {manifest['media']['files']} media files. Keep it encrypted and off this server."
        ))
