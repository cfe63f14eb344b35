"""Demo data of the field-work log, loaded by `werkbaar loaddemo` (idempotent).

Seed 003 (l.1451-1454) describes Vorm DC's consultants as the sector's eyes and ears on the ground,
making very many company visits. The demo gives the Vorm DC consultant a few recent contacts with the
service-voucher companies (PC 322.01), one follow-up that is due and one planned, and the VIVO
consultant one visit in elderly care.
"""

from datetime import timedelta

from django.utils import timezone

from werkbaar.core.models import Organisation, User
from werkbaar.covenants.models import CovenantAction

from .models import Contact, ContactKind

CONTACTS = [
    # consultant, organisation, days ago, kind, themes, note, follow-up in days (None: no follow-up)
    ("consultant.vormdc", "Poetsplus Dienstencheques bv", 40, ContactKind.VISIT, ["physical"],
     "Rondgang met de preventieadviseur: strijkatelier, tilhulpen besproken.", -5),
    ("consultant.vormdc", "Poetsplus Dienstencheques bv", 12, ContactKind.PHONE, ["training"],
     "Vraag naar opleiding voor nieuwe huishoudhulpen.", None),
    ("consultant.vormdc", "Huishoudhulp Noord vzw", 20, ContactKind.VISIT, ["psychosocial", "support"],
     "Kennismaking met de nieuwe directie; interesse in de werkbaarheidsscan.", 30),
    ("consultant.vivo", "Zorgpunt Oost vzw", 15, ContactKind.VISIT, ["work_life"],
     "Uurroosters in de thuiszorg besproken.", None),
]


def load(stdout) -> None:
    today = timezone.localdate()
    for username, org_name, days_ago, kind, themes, note, follow_up in CONTACTS:
        user = User.objects.filter(username=username).first()
        organisation = Organisation.objects.filter(name=org_name).first()
        if user is None or organisation is None:
            continue
        on = today - timedelta(days=days_ago)
        action = (CovenantAction.objects.filter(priority__covenant__sector=organisation.sector)
                  .order_by("-priority__covenant__start", "priority__order", "order").first())
        Contact.objects.update_or_create(
            recorded_by=user, organisation=organisation, kind=kind, note=note,
            defaults={"sector": organisation.sector, "on": on, "themes": themes,
                      "action": action, "priority": action.priority if action else None,
                      "follow_up_on": None if follow_up is None else on + timedelta(days=days_ago + follow_up)},
        )
