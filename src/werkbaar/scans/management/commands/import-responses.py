"""`werkbaar import-responses CAMPAIGN_ID FILE`: import paper answers from XLSX or CSV (all or nothing)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from werkbaar.scans.importing import ImportFailed, import_file
from werkbaar.scans.models import Campaign


class Command(BaseCommand):
    help = "Import answers from an XLSX or CSV file (header: item ids, grouping questions, language)."

    def add_arguments(self, parser):
        parser.add_argument("campaign_id", type=int)
        parser.add_argument("file")

    def handle(self, *args, campaign_id, file, **options):
        campaign = Campaign.objects.filter(pk=campaign_id).first()
        if campaign is None:
            raise CommandError(f"No campaign with id {campaign_id}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            result = import_file(campaign, path.name, path.read_bytes())
        except ImportFailed as exc:
            raise CommandError("Nothing imported:\n" + "\n".join(f"  {p}" for p in exc.problems))
        self.stdout.write(f"{result.row_count} responses imported.")
