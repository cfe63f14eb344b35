"""`werkbaar load-reference`: load the shipped reference figures (knowledge/reference/) into the database."""

from django.core.management.base import BaseCommand

from werkbaar.knowledge.reference import sync_reference_figures


class Command(BaseCommand):
    help = "Load the reference figures (Werkbaarheidsmonitor) shipped in knowledge/reference/ with their sources."

    def handle(self, *args, **options):
        count = sync_reference_figures()
        self.stdout.write(f"{count} reference figures loaded")
