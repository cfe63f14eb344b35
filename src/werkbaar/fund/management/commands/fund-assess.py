"""`werkbaar fund-assess FILE.yaml [--json]`: the assessment of one fund application, without the database."""

import json

from django.core.management.base import BaseCommand

from werkbaar.fund.assessment import assess
from werkbaar.fund.assessment_file import parse_path


class Command(BaseCommand):
    help = "Assess a fund application file (call, applicant, application) without the database. Exit status 2 if invalid."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, **options):
        terms, problems = parse_path(options["file"])
        if problems:
            for line in problems:
                self.stderr.write(line)
            raise SystemExit(2)
        out = assess(*terms).as_json()
        if options["json"]:
            self.stdout.write(json.dumps(out, indent=2))
            return
        width = max(len(key) for key in out)
        for key, value in out.items():
            if isinstance(value, list):
                value = ", ".join(value) or "-"
            self.stdout.write(f"{key:<{width}}  {value if value is not None else '-'}")
