"""`werkbaar score`: thin wrapper around the pure scoring CLI in werkbaar.analysis.cli."""

import sys

from django.core.management.base import BaseCommand, CommandError

from werkbaar.analysis import cli


class Command(BaseCommand):
    help = "Score workability-scan responses against an instrument (see docs/analysis-method.md)."

    def add_arguments(self, parser):
        cli.add_arguments(parser)

    def run_from_argv(self, argv):
        # Bypass Django's option handling so that errors exit with status 2 and nothing is written.
        sys.exit(cli.main(argv[2:], stdout=sys.stdout, stderr=sys.stderr))

    def handle(self, *args, **options):
        status = cli.run(_Namespace(options), self.stdout, self.stderr)
        if status:
            raise CommandError("scoring failed", returncode=status)


class _Namespace:
    def __init__(self, options):
        self.__dict__.update(options)
