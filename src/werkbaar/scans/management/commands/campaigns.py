"""`werkbaar campaigns`: list scan campaigns (id, organisation, instrument, status, responses)."""

from django.core.management.base import BaseCommand
from django.db.models import Count

from werkbaar.scans.models import Campaign


class Command(BaseCommand):
    help = "List scan campaigns: id, organisation, instrument, status and number of responses."

    def handle(self, *args, **options):
        rows = Campaign.objects.select_related("organisation", "uploaded_instrument").annotate(n=Count("responses"))
        self.stdout.write(f"{'id':>5}  {'organisation':<32} {'instrument':<28} {'status':<10} {'responses':>9}  name")
        for c in rows.order_by("pk"):
            self.stdout.write(
                f"{c.pk:>5}  {c.organisation.name[:32]:<32} {c.instrument_label[:28]:<28} {c.phase:<10} {c.n:>9}  {c.name}"
            )
