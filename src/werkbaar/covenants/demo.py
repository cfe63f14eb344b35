"""Demo data of the covenants app, loaded by `werkbaar loaddemo` (idempotent).

Creates the covenant themes and imports the two demo covenant files in ``demo_data/`` through the
same importer as ``werkbaar import-covenant`` (re-importing an unchanged file writes nothing), then
brings each covenant to its demo state through the workflow.

Vorm DC's non-discrimination addendum gets its phases as seed 003 tells them (l.485, l.1544-1565): a
risk analysis built on the sector's own mystery calls, **no baseline measurement** (waived, with the
sector's reason), an action plan under way (a charter and a client clause with the social partners)
and a follow-up still planned. The deadlines are illustrative. Vorm DC asked for no dual-learning
addendum (l.1539-1540), so the demo has none.
"""

from datetime import date
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from werkbaar.core import audit

from .addenda_process import ensure_phases
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
            _vormdc_phases(covenant)
        if covenant.code == "VIVO-2016-2017":  # action 4.2: networks of at least six sessions, five themes
            CovenantAction.objects.filter(priority__covenant=covenant, code="4.2").update(
                network_min_sessions=6,
                network_idea_themes=["appreciation", "support", "training", "psychosocial", "physical"])
        stdout.write(f"  covenant {covenant.code} {'created' if created else 'up to date'}\n")


#: Vorm DC's phases: (phase, deadline, status, reason, domains, method, key result).
VORMDC_PHASES = [
    ("risk_analysis", date(2021, 6, 30), "done", "", ["recruitment", "shop_floor"], "",
     "Vertrekpunt zijn de mysterycalls van Mycadis, waarin een 'klant' om een huishoudhulp van een bepaalde "
     "origine vroeg. Het risico zit vooral bij de tewerkstelling (vragen van klanten), minder bij de aanwerving: "
     "bijna de helft van de huishoudhulpen heeft buitenlandse roots. Mannen zijn met 2,5 % sterk "
     "ondervertegenwoordigd."),
    ("baseline", date(2021, 12, 31), "waived",
     "De sector doet geen nulmeting met correspondentietesten. Hij bouwt voort op een eigen evaluatie van de "
     "publieke resultaten van de mysterycalls en laat die valideren door de drie professoren die de methodiek "
     "voor het departement uitwerkten.", [], "", ""),
    ("action_plan", date(2022, 6, 30), "in_progress", "", [], "",
     "Na de validatie werken de sociale partners een charter voor de hele sector en een clausule voor de klanten "
     "uit. Acties naar de ondernemingen, het omkaderend personeel, de huishoudhulpen en de klanten, plus "
     "intersectorale sensibilisering."),
    ("follow_up", date(2022, 12, 31), "planned", "", [], "", ""),
]


def _vormdc_phases(covenant) -> None:
    """Bring Vorm DC's phases to the seed's story once (phases that already have a deadline are left alone)."""
    for addendum in covenant.addenda.filter(kind="non_discrimination"):
        phases = {p.phase: p for p in ensure_phases(addendum)}
        if any(p.deadline for p in phases.values()):
            continue
        for key, deadline, status, reason, domains, method, result in VORMDC_PHASES:
            phase = phases[key]
            phase.deadline, phase.status, phase.status_reason = deadline, status, reason
            phase.domains, phase.method, phase.key_result = domains, method, result
            phase.save()
            audit.record(None, phase, "transition:demo", {"status": "planned"}, {"status": status},
                         root=covenant, note=str(_("demo data")))
