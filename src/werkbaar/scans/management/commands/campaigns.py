"""`werkbaar campaigns [--close-due]`: list scan campaigns; with --close-due, first close every active
campaign past its closing date (unlinking its responses from the used codes, see ``scans.closing``).

``werkbaar worker`` does the closing daily (task ``scans.tasks.close_due_campaigns``); the option is for a run by hand.
"""

from django.core.management.base import BaseCommand
from django.db.models import Count

from werkbaar.scans.closing import close_due_campaigns
from werkbaar.scans.models import Campaign


class Command(BaseCommand):
    help = (
        "List scan campaigns: id, organisation, instrument, status and number of responses. "
        "--close-due first closes the campaigns whose closing date has passed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--close-due", action="store_true",
                            help="close active campaigns past their closing date (the worker does it daily)")

    def handle(self, *args, close_due=False, **options):
        if close_due:
            for campaign in close_due_campaigns():
                self.stderr.write(f"closed campaign {campaign.pk} ({campaign.name}): responses unlinked from codes")
        rows = Campaign.objects.select_related("organisation", "uploaded_instrument").annotate(n=Count("responses"))
        self.stdout.write(f"{'id':>5}  {'organisation':<32} {'instrument':<28} {'status':<10} {'responses':>9}  name")
        for c in rows.order_by("pk"):
            self.stdout.write(
                f"{c.pk:>5}  {c.organisation.name[:32]:<32} {c.instrument_label[:28]:<28} {c.phase:<10} {c.n:>9}  {c.name}"
            )
