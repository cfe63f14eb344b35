"""`werkbaar load-reference`: load the shipped reference figures (insights/reference/) into the database."""

import yaml
from django.core.management.base import BaseCommand, CommandError

from werkbaar.core.untrusted import UntrustedFileError
from werkbaar.insights.reference import reference_dir, sync_reference_figures


class Command(BaseCommand):
    help = "Load the reference figures (Werkbaarheidsmonitor) shipped in insights/reference/ with their sources."

    def handle(self, *args, **options):
        try:
            count = sync_reference_figures()
        except (OSError, UnicodeDecodeError, yaml.YAMLError, UntrustedFileError) as exc:
            raise CommandError(f"{reference_dir()}: {exc}") from exc
        self.stdout.write(f"{count} reference figures loaded")
