"""`werkbaar codes CAMPAIGN_ID --count N`: create N new access codes and print them, one per line."""

from django.core.management.base import BaseCommand, CommandError

from werkbaar.scans.models import Campaign
from werkbaar.scans.services import generate_codes


class Command(BaseCommand):
    help = "Generate a new batch of N anonymous access codes for a campaign and print them, one per line."

    def add_arguments(self, parser):
        parser.add_argument("campaign_id", type=int)
        parser.add_argument("--count", type=int, required=True, help="how many codes (1-20000)")

    def handle(self, *args, campaign_id, count, **options):
        campaign = Campaign.objects.filter(pk=campaign_id).first()
        if campaign is None:
            raise CommandError(f"No campaign with id {campaign_id}.")
        try:
            codes = generate_codes(campaign, count)
        except ValueError as exc:
            raise CommandError(str(exc))
        self.stdout.write("\n".join(c.code for c in codes))
