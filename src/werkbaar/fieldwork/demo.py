"""Demo data of the field-work log, loaded by `werkbaar loaddemo` (idempotent).

Seed 003 (l.1451-1454) describes Vorm DC's consultants as the sector's eyes and ears on the ground,
making very many company visits. The demo gives the Vorm DC consultant a few recent contacts with the
service-voucher companies (PC 322.01), one follow-up that is due and one planned, and the VIVO
consultant one visit in elderly care. For the cross-sector views: the number of service-voucher
companies (003 l.1432) and the workability tags of one action per demo covenant.
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


#: Seed 003 l.1432: the service-voucher sector (PC 322.01) counts about 755 companies.
COMPANY_COUNTS = [("322.01", 2021, 755, "Sectorconvenant Vorm DC, parlementaire bespreking (seed 003 l.1432)")]
#: Workability tags of the first demo actions per covenant: (covenant code prefix, themes, risk indicators).
TAGS = [("VORMDC", ["physical", "training"], ["physical_conditions"]),
        ("VIVO", ["support", "training"], ["supervisor_support", "workload"])]


def load(stdout) -> None:
    _contacts()
    from werkbaar.core.models import JointCommittee

    from .cross_models import ActionTags, CompanyCount

    for code, year, companies, source in COMPANY_COUNTS:
        jc = JointCommittee.objects.filter(code=code).first()
        if jc is not None:
            CompanyCount.objects.update_or_create(joint_committee=jc, year=year,
                                                  defaults={"companies": companies, "source": source})
    for prefix, themes, indicators in TAGS:
        action = (CovenantAction.objects.filter(priority__covenant__code__startswith=prefix)
                  .order_by("priority__covenant__code", "priority__order", "order").first())
        if action is not None:
            ActionTags.objects.update_or_create(action=action, defaults={"themes": themes, "indicators": indicators})


def _contacts() -> None:
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
