"""Demo data of the networks app, loaded by `werkbaar loaddemo` (idempotent).

One network of the service-voucher sector (Vorm DC, owner) and family care (VIVO, partner) in
progress: three participants with backups, intake answers, three sessions held with attendance,
two planned, and ideas on the board. Dates are relative to today, so the network is always running.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from werkbaar.core.models import Organisation, Sector, User
from werkbaar.covenants.models import CovenantAction

from .models import DEFAULT_IDEA_THEMES, Attendance, Idea, Intake, Network, Participant, Session, Support

TITLE = "Werkbaar werk voor huishoudhulpen"

PARTICIPANTS = [
    # organisation, attendee, e-mail, user, backup, e-mail
    ("Poetsplus Dienstencheques bv", "Paula Poetsplus", "company.poetsplus@example.org", "company.poetsplus",
     "Pieter Planning", "planning@poetsplus.example.org"),
    ("Huishoudhulp Noord vzw", "Hanne Noord", "hanne@huishoudhulpnoord.example.org", None,
     "Bart Backup", "bart@huishoudhulpnoord.example.org"),
    ("Zorgpunt Oost vzw", "Zoë Zorgpunt", "company.zorgpunt@example.org", "company.zorgpunt",
     "Omar Oost", "omar@zorgpuntoost.example.org"),
]

# title, weeks from today, method, status, presence per participant
SESSIONS = [
    ("Kick-off", -10, "personal-check-in", "held", ["attendee", "both", "attendee"]),
    ("Agenda en werkwijze samen bepalen", -6, "dare-to-ask", "held", ["attendee", "absent", "backup"]),
    ("Fysieke belasting verlagen", -2, "six-hats", "held", ["backup", "absent", "attendee"]),
    ("Psychosociale belasting voorkomen", 2, "worst-case", "planned", None),
    ("Waardering en omkadering", 6, "personas", "planned", None),
]

IDEAS = [
    ("Klanten een lijst met ergonomisch materiaal en veilige producten bezorgen.", "physical", "short", "sector"),
    ("Een basisopleiding ergonomie voor elke nieuwe huishoudhulp.", "training", "short", "sector"),
    ("Teamvergaderingen op vaste momenten, ook voor wie alleen bij klanten werkt.", "psychosocial", "long", "sector"),
    ("Middelen voor meer coaches per aantal huishoudhulpen.", "support", "long", "policy"),
    ("Aansluiten bij campagnes die de waardering van klanten zichtbaar maken.", "appreciation", "short", "sector"),
]


def load(stdout) -> None:
    vormdc, vivo = Sector.objects.get(code="vormdc"), Sector.objects.get(code="vivo")
    today = timezone.localdate()
    network, _ = Network.objects.update_or_create(
        title=TITLE,
        defaults={
            "theme": "Werkbaarheid van huishoudhulpen (PC 322.01 en 318.02)",
            "description": "Werkgevers en vakbonden uit de dienstencheques en de gezinszorg leren van elkaar.",
            "sector": vormdc, "start": today - timedelta(weeks=11), "end": today + timedelta(weeks=14),
            "target_min": 8, "target_max": 10, "planned_sessions": 6, "status": Network.Status.RUNNING,
            "covenant_action": CovenantAction.objects.filter(
                priority__covenant__code="VIVO-2016-2017", code="4.2").first(),
            "min_sessions": 6, "idea_themes": list(DEFAULT_IDEA_THEMES),
            "expectations": "Elke organisatie is er elke sessie bij, met één vaste deelnemer; kan die niet, "
            "dan komt de vaste vervanger. We delen open wat werkt en wat niet.",
        },
    )
    network.partner_sectors.set([vivo])
    network.facilitators.set(User.objects.filter(username__in=["sector.vormdc", "consultant.vivo"]))
    participants = []
    for org_name, a_name, a_mail, a_user, b_name, b_mail in PARTICIPANTS:
        p, _ = Participant.objects.update_or_create(
            network=network, organisation=Organisation.objects.get(name=org_name),
            defaults={
                "attendee_name": a_name, "attendee_email": a_mail,
                "attendee_user": User.objects.filter(username=a_user).first() if a_user else None,
                "backup_name": b_name, "backup_email": b_mail,
            },
        )
        Intake.objects.update_or_create(participant=p, defaults={
            "expectations": "Praktische ideeën die we meteen kunnen toepassen.",
            "experience_level": "some",
            "experience": "We werken al met ergonomisch materiaal, maar het gebruik blijft laag.",
            "questions": "Hoe houden we contact met huishoudhulpen die alleen werken?",
        })
        participants.append(p)
    tz = timezone.get_current_timezone()
    sessions = []
    for title, weeks, method, status, presence in SESSIONS:
        day = today + timedelta(weeks=weeks)
        start = timezone.make_aware(datetime.combine(day, time(9, 30)), tz)
        session, _ = Session.objects.update_or_create(
            network=network, title=title,
            defaults={
                "starts_at": start, "ends_at": start + timedelta(hours=3), "method": method, "status": status,
                "place": "Vorm DC, Brussel" if weeks % 4 else "", "online_url": "" if weeks % 4 else
                "https://meet.example.org/lerend-netwerk",
                "agenda": "Check-in\nInhoudelijk blok\nIdeeën op het bord\nAfspraken",
            },
        )
        sessions.append(session)
        for p, value in zip(participants, presence or [], strict=False):
            Attendance.objects.update_or_create(session=session, participant=p, defaults={"presence": value})
    author = User.objects.get(username="sector.vormdc")
    voters = list(User.objects.filter(username__in=["company.poetsplus", "company.zorgpunt"]))
    for i, (text, theme, term, scope) in enumerate(IDEAS):
        idea, _ = Idea.objects.update_or_create(
            network=network, text=text,
            defaults={"theme": theme, "term": term, "scope": scope, "author": author, "session": sessions[2]},
        )
        for voter in voters[: i % 3]:
            Support.objects.get_or_create(idea=idea, user=voter, kind=Support.Kind.VOTE)
    stdout.write(f"  learning network: {network} ({len(participants)} participants, {len(sessions)} sessions)")
