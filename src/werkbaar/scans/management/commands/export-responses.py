"""`werkbaar export-responses CAMPAIGN_ID --out FILE.csv [--columns team,age_band]`: the row-level export.

The same file and the same rules as the web download (``services.export_csv``): closed campaigns
with at least the minimum group size only, and the k-anonymity rule over the grouping columns.
Operators get no way around it: a file on an operator's disk leaks as easily as a download.
"""

from django.core.management.base import BaseCommand, CommandError

from werkbaar.scans.models import Campaign
from werkbaar.scans.services import ExportRefused, csv_text, export_rows


class Command(BaseCommand):
    help = (
        "Write the responses of a closed campaign to CSV: a '#' notice line, then item ids and the grouping "
        "columns kept by the k-anonymity rule (every combination occurs at least min-group-size times)."
    )

    def add_arguments(self, parser):
        parser.add_argument("campaign_id", type=int)
        parser.add_argument("--out", required=True, help="output CSV file ('-' for standard output)")
        parser.add_argument("--columns", help="grouping columns to keep, comma-separated (default: all)")

    def handle(self, *args, campaign_id, out, columns, **options):
        campaign = Campaign.objects.filter(pk=campaign_id).first()
        if campaign is None:
            raise CommandError(f"No campaign with id {campaign_id}.")
        wanted = None if columns is None else [c.strip() for c in columns.split(",") if c.strip()]
        unknown = sorted(set(wanted or []) - set(campaign.grouping_keys))
        if unknown:
            raise CommandError(f"Unknown grouping column(s): {', '.join(unknown)} "
                               f"(this campaign has: {', '.join(campaign.grouping_keys) or 'none'}).")
        try:
            export = export_rows(campaign, wanted)
        except ExportRefused as exc:
            raise CommandError(str(exc))
        text, notice = csv_text(export), export.notice()
        if out == "-":
            self.stdout.write(text, ending="")
        else:
            with open(out, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            self.stderr.write(f"{campaign.responses.count()} responses written to {out}")
        self.stderr.write(notice)
