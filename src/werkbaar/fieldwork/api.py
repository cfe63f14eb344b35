"""JSON API of the field-work log, mounted at /api/v1/fieldwork/.

* ``GET /contacts?sector=<code>``: the contacts of one of the caller's own sectors, with their notes
  (sector staff and consultants only; anyone else gets 404 for the sector).
* ``GET /counts?sector=<code>&date_from=&date_to=``: contacts, visits and companies reached per joint
  committee, for the sector's own people and the department. Never a note or an organisation's name.
"""

from datetime import date

from django.http import Http404
from ninja import Router, Schema

from werkbaar.api.listing import paginated
from werkbaar.core.models import Sector

from . import rules, services
from .models import Contact
from .permissions import contacts_for, sees_counts, sees_notes

router = Router(tags=["fieldwork"])
MAX_CONTACTS = 500


class ContactOut(Schema):
    id: int
    date: date
    organisation: str
    enterprise_number: str
    joint_committee: str
    kind: str
    themes: list[str]
    priority: str | None
    action: str | None
    note: str
    follow_up_on: date | None
    follow_up_done: bool


class CountOut(Schema):
    joint_committee: str
    contacts: int
    visits: int
    companies: int


class CountsOut(Schema):
    sector: str
    total: CountOut
    by_joint_committee: list[CountOut]


def _sector(code: str) -> Sector:
    sector = Sector.objects.filter(code=code[:40]).first()
    if sector is None:
        raise Http404
    return sector


@router.get("/contacts", response=list[ContactOut], summary="The contacts of one of your sectors (with notes)")
@paginated
def fieldwork_contacts(request, sector: str):
    found = _sector(sector)
    if not sees_notes(request.user, found.pk):
        raise Http404
    qs = contacts_for(request.user).filter(sector=found).select_related(
        "organisation__joint_committee", "priority__covenant", "action")[:MAX_CONTACTS]
    return [{
        "id": c.pk, "date": c.on, "organisation": c.organisation.name,
        "enterprise_number": c.organisation.enterprise_number,
        "joint_committee": c.organisation.joint_committee.code if c.organisation.joint_committee else "",
        "kind": c.kind, "themes": c.themes or [],
        "priority": f"{c.priority.covenant.code} {c.priority.code}" if c.priority else None,
        "action": c.action.code if c.action else None, "note": c.note,
        "follow_up_on": c.follow_up_on, "follow_up_done": c.follow_up_done,
    } for c in qs]


@router.get("/counts", response=CountsOut, summary="Field-work counts of a sector per joint committee")
def fieldwork_counts(request, sector: str, date_from: date | None = None, date_to: date | None = None):
    found = _sector(sector)
    if not sees_counts(request.user, found):
        raise Http404
    qs = Contact.objects.filter(sector=found)
    if date_from:
        qs = qs.filter(on__gte=date_from)
    if date_to:
        qs = qs.filter(on__lte=date_to)
    facts = services.facts(qs)
    total = rules.tally(facts)
    return {
        "sector": found.code,
        "total": {"joint_committee": "", **vars(total)},
        "by_joint_committee": [{"joint_committee": code, **vars(t)}
                               for code, t in rules.tally_by_joint_committee(facts).items()],
    }
