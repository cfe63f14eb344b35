"""`werkbaar export-responses CAMPAIGN_ID --out FILE.csv`: one row per response (item ids, then groups)."""

from django.core.management.base import BaseCommand, CommandError

from werkbaar.scans.models import Campaign
from werkbaar.scans.services import export_csv


class Command(BaseCommand):
    help = (
        "Write the responses of a campaign to CSV: item ids then grouping columns, blanks for missing "
        "answers; bands of groups smaller than the minimum group size are blanked."
    )

    def add_arguments(self, parser):
        parser.add_argument("campaign_id", type=int)
        parser.add_argument("--out", required=True, help="output CSV file ('-' for standard output)")

    def handle(self, *args, campaign_id, out, **options):
        campaign = Campaign.objects.filter(pk=campaign_id).first()
        if campaign is None:
            raise CommandError(f"No campaign with id {campaign_id}.")
        text = export_csv(campaign, enforce=False)
        if out == "-":
            self.stdout.write(text, ending="")
            return
        with open(out, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        self.stderr.write(f"{campaign.responses.count()} responses written to {out}")
