"""Demo data of the covenants app, loaded by `werkbaar loaddemo` (idempotent).

Creates the covenant themes and imports the two demo covenant files in ``demo_data/`` through the
same importer as ``werkbaar import-covenant`` (re-importing an unchanged file writes nothing), then
brings each covenant to its demo state through the workflow.
"""

from datetime import date
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from werkbaar.core import audit

from .covenant_file import import_text
from .models import Amendment, Covenant, CovenantAction, CovenantStatus, Theme

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"

THEMES = [
    ("onderwijs-arbeidsmarkt", "Onderwijs en arbeidsmarkt"),
    ("levenslang-leren", "Levenslang leren en competenties"),
    ("diversiteit", "Evenredige arbeidsdeelname en diversiteit"),
    ("werkbaar-werk", "Werkbaar werk"),
    ("loopbanen", "Loopbanen"),
    ("digitale-vaardigheden", "Digitale vaardigheden"),
    ("innovatie", "Innovatie"),
]

#: The demo state of each covenant: (status, end reason).
STATES = {
    "VIVO-2016-2017": (CovenantStatus.ENDED, "term_expired"),
    "VORMDC-2021-2022": (CovenantStatus.AMENDED, ""),
}


def load(stdout) -> None:
    for code, name in THEMES:
        Theme.objects.update_or_create(code=code, defaults={"name": name})
    for path in sorted(DEMO_DATA.glob("*.yaml")):
        covenant, created = import_text(path.read_text(encoding="utf-8"))
        status, reason = STATES.get(covenant.code, (None, ""))
        if created and status:
            before = covenant.status
            Covenant.objects.filter(pk=covenant.pk).update(status=status, end_reason=reason)
            audit.record(None, covenant, "transition:demo", {"status": before}, {"status": status},
                         note=str(_("demo data")))
        if covenant.code == "VORMDC-2021-2022":
            Amendment.objects.get_or_create(
                covenant=covenant, vesoc_date=date(2021, 4, 29),
                defaults={"description": "Addendum non-discriminatie en inclusie toegevoegd (EUR 85.000)."},
            )
        if covenant.code == "VIVO-2016-2017":  # action 4.2: networks of at least six sessions, five themes
            CovenantAction.objects.filter(priority__covenant=covenant, code="4.2").update(
                network_min_sessions=6,
                network_idea_themes=["appreciation", "support", "training", "psychosocial", "physical"])
        stdout.write(f"  covenant {covenant.code} {'created' if created else 'up to date'}\n")
