"""Field work in the database: reading facts for the counts, finding and adding organisations, logging a
contact, follow-ups due.

``log_contact`` is the one storing path of a contact. It runs in one transaction: a new company (when
the consultant adds one) and the contact are saved together or not at all, and the audit trail records
both. A double click on the phone sends the form twice and makes two contacts with the same content;
the counts of companies do not mind (a company is counted once per period), and the consultant
removes the extra one from their list (``delete_contact``).
"""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction
from django.db.models import Q

from werkbaar.core import audit
from werkbaar.core.models import Organisation
from werkbaar.core.validators import normalise_enterprise_number

from .models import Contact
from .rules import NO_JOINT_COMMITTEE, Fact

SEARCH_LIMIT = 10


def facts(contacts) -> list[Fact]:
    """The counting facts of a queryset of contacts (one query)."""
    rows = contacts.values_list("organisation_id", "on", "kind", "organisation__joint_committee__code",
                                "organisation__kind")
    return [Fact(org, on, kind, jc or NO_JOINT_COMMITTEE, org_kind == Organisation.Kind.COMPANY)
            for org, on, kind, jc, org_kind in rows]


def search_organisations(sector_ids, query: str, limit: int = SEARCH_LIMIT):
    """Organisations of the sectors whose name contains the query or whose enterprise number starts with
    its digits (dots, spaces and "BE" ignored); at most ``limit``."""
    query = (query or "").strip()[:200]
    if not query:
        return Organisation.objects.none()
    match = Q(name__icontains=query)
    digits = normalise_enterprise_number(query) if re.fullmatch(r"(?i)(be)?[\d.\s]{3,}", query) else ""
    if digits:
        match |= Q(enterprise_number__startswith=digits)
        if len(digits) > 9:  # typed with its leading 0 dropped? normalise() only pads 9 digits
            match |= Q(enterprise_number=digits)
    return (Organisation.objects.filter(sector_id__in=sector_ids).filter(match)
            .select_related("joint_committee").order_by("name")[:limit])


@transaction.atomic
def log_contact(user, contact: Contact, new_company: Organisation | None = None) -> Contact:
    """Save a new contact (and the company added with it) with their audit entries."""
    if new_company is not None:
        new_company.save()
        audit.record(user, new_company, "create", None, audit.snapshot(new_company))
        contact.organisation = new_company
    contact.sector_id = contact.organisation.sector_id
    contact.recorded_by = user
    if contact.action_id and not contact.priority_id:
        contact.priority_id = contact.action.priority_id
    contact.save()
    audit.record(user, contact, "create", None, audit.snapshot(contact, exclude=("note",)))
    return contact


def follow_ups_due(user, today: date):
    """The user's own contacts whose follow-up date has come and that are not marked done."""
    from werkbaar.core.permissions import sector_ids_for

    return (Contact.objects.filter(recorded_by=user, follow_up_done=False, follow_up_on__lte=today,
                                   sector_id__in=sector_ids_for(user))
            .select_related("organisation").order_by("follow_up_on", "pk"))


@transaction.atomic
def delete_contact(user, contact: Contact) -> None:
    audit.record(user, contact, "delete", audit.snapshot(contact, exclude=("note",)), None)
    contact.delete()


@transaction.atomic
def update_contact(user, contact: Contact, form) -> Contact:
    """Save the edited contact (a new company added on the way is saved with it)."""
    before = audit.snapshot(contact, exclude=("note",))
    updated = form.save(commit=False)
    if form.new_company is not None:
        form.new_company.save()
        audit.record(user, form.new_company, "create", None, audit.snapshot(form.new_company))
        updated.organisation = form.new_company
    updated.sector_id = updated.organisation.sector_id
    if updated.action_id and not updated.priority_id:
        updated.priority_id = updated.action.priority_id
    updated.save()
    audit.record(user, updated, "update", before, audit.snapshot(updated, exclude=("note",)))
    return updated


@transaction.atomic
def mark_follow_up_done(user, contact: Contact) -> None:
    before = audit.snapshot(contact, exclude=("note",))
    contact.follow_up_done = True
    contact.save(update_fields=["follow_up_done", "updated_at"])
    audit.record(user, contact, "update", before, audit.snapshot(contact, exclude=("note",)))
