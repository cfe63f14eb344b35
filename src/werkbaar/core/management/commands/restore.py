"""`werkbaar restore DIR [--force]`: restore a `werkbaar backup` folder into an empty installation (core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from werkbaar.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `werkbaar backup` into an empty database and MEDIA_ROOT, then verify every "
        "table's row count and checksum against the backup's manifest. --force replaces a non-empty one."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="the backup folder (holds manifest.json)")
        parser.add_argument(
            "--force", action="store_true",
            help="replace the data of a database and MEDIA_ROOT that are not empty (everything in them is lost)",
        )

    def handle(self, *args, folder: Path, force: bool, **options):
        try:
            summary = restore(folder, force=force)
        except BackupError as exc:
            raise CommandError(str(exc))
        self.stdout.write(self.style.SUCCESS(
            f"Restored {summary['tables']} tables ({summary['rows']} rows) and {summary['media_files']} media files "
            f"from {folder}; every checksum matches the manifest."
        ))
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            self.stdout.write(f"{len(pending)} migrations of this release are not applied yet: run `werkbaar migrate`.")
