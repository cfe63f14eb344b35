"""`werkbaar loaddemo`: load the demo data of every app (safe to run twice) and print the demo logins."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

#: Order matters: later apps build on earlier ones.
DEMO_APPS = ["core", "covenants", "scans", "knowledge", "actions", "networks", "reporting", "fund"]


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print one demo login per role."

    def handle(self, *args, **options):
        for app in DEMO_APPS:
            module = import_module(f"werkbaar.{app}.demo")
            with transaction.atomic():
                module.load(self.stdout)
            self.stdout.write(f"  demo data loaded: {app}")
        from werkbaar.core.demo import DEMO_PASSWORD, demo_logins

        self.stdout.write(self.style.SUCCESS("\nDemo logins (password for all: %s):" % DEMO_PASSWORD))
        for username, role in demo_logins():
            self.stdout.write(f"  {role:<32} {username}")
