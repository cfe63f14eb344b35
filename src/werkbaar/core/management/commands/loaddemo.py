"""`werkbaar loaddemo`: load the demo data of every app (safe to run twice) and print the demo logins."""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

#: Order matters: later apps build on earlier ones.
DEMO_APPS = ["core", "covenants", "scans", "insights", "actions", "knowledge", "networks", "reporting", "fund",
             "fieldwork"]


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print one demo login per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true",
            help="Load the demo data even with production settings (it creates users with a public password).",
        )

    def handle(self, *args, **options):
        if settings.WERKBAAR_PRODUCTION and not options["force"]:
            raise CommandError(
                "Refusing to load demo data with production settings: it creates an administrator with the "
                "public demo password. Use --force on a throwaway installation only."
            )
        for app in DEMO_APPS:
            module = import_module(f"werkbaar.{app}.demo")
            with transaction.atomic():
                module.load(self.stdout)
            self.stdout.write(f"  demo data loaded: {app}")
        from werkbaar.core.demo import DEMO_PASSWORD, demo_logins

        self.stdout.write(self.style.SUCCESS("\nDemo logins (password for all: %s):" % DEMO_PASSWORD))
        for username, role in demo_logins():
            self.stdout.write(f"  {role:<32} {username}")
