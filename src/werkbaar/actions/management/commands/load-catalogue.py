"""`werkbaar load-catalogue [--file F]`: load the inspiration menu from its YAML file (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from werkbaar.actions.catalogue import CATALOGUE_FILE, CatalogueError, load


class Command(BaseCommand):
    help = "Load (or update) the inspiration menu from the catalogue YAML file. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(CATALOGUE_FILE))

    def handle(self, *args, **options):
        try:
            created, updated, unchanged = load(options["file"])
        except CatalogueError as exc:
            raise CommandError("\n".join(exc.problems)) from exc
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"catalogue: {created} created, {updated} updated, {unchanged} unchanged")
