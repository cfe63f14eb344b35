"""`werkbaar export-catalogue --format json|csv [--out FILE] [--all]`: the menu for other portals."""

import csv
import io
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from werkbaar.actions.catalogue import CSV_COLUMNS, export_csv_row, export_entry
from werkbaar.actions.models import Action
from werkbaar.core.exports import safe_row


class Command(BaseCommand):
    help = "Export the inspiration menu (shared public actions; --all adds sector-specific public ones)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--out", default="-", help="File to write (default: standard output).")
        parser.add_argument("--all", action="store_true", help="Include public sector-specific actions.")

    def handle(self, *args, **options):
        actions = Action.objects.filter(active=True, visibility=Action.Visibility.PUBLIC).select_related("sector")
        if not options["all"]:
            actions = actions.filter(sector=None)
        actions = actions.order_by("key")
        if options["format"] == "json":
            payload = json.dumps({"actions": [export_entry(a) for a in actions]}, ensure_ascii=False, indent=2) + "\n"
        else:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(CSV_COLUMNS)
            for action in actions:
                writer.writerow(safe_row(export_csv_row(action)))
            payload = buffer.getvalue()
        if options["out"] == "-":
            self.stdout.write(payload, ending="")
            return
        path = Path(options["out"])
        try:
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(payload, encoding="utf-8")
            tmp.replace(path)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc}") from exc
        self.stderr.write(f"{actions.count()} actions written to {path}")
