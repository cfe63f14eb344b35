"""`werkbaar import-covenant FILE.yaml`: create or update a covenant from a covenant file."""

from django.core.management.base import BaseCommand, CommandError

from werkbaar.covenants.covenant_file import CovenantFileError, import_data, parse_path


class Command(BaseCommand):
    help = "Create or update a covenant from a covenant file (YAML). Exit status 2 if the file is invalid."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", help="Username recorded in the audit trail (default: system).")

    def handle(self, *args, **options):
        user = None
        if options.get("user"):
            from werkbaar.core.models import User

            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"unknown user {options['user']}")
        data, problems = parse_path(options["file"])
        try:
            if problems:
                raise CovenantFileError(problems)
            covenant, created = import_data(data, user=user)
        except CovenantFileError as exc:
            for line in exc.problems:
                self.stderr.write(line)
            raise SystemExit(2) from None
        verb = "created" if created else "updated"
        self.stdout.write(f"{covenant.code} {verb}")
