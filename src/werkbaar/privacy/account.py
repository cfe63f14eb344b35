"""A person's own account: its export and its deletion by the person.

* :func:`export_data(user) -> dict` / :func:`export_json(user) -> bytes` – the profile, the
  memberships and the audit entries the person made (as actor): when, what, on which object and which
  fields changed; not the values, which may be other people's data.
* :func:`delete_account(user)` – erases the personal data and keeps the row as a pseudonym: the
  username becomes ``deleted-user-<id>`` (shown as "deleted user #<id>"), name, e-mail, password,
  language and last sign-in are erased, the account is deactivated and its memberships deleted. The
  audit trail and the records that affect a grant (submitted report versions, remarks, evidence,
  plans) keep pointing at the pseudonym; audit entries about the account itself get the pseudonym as
  their object name. Refused (:class:`AccountDeletionRefused`) for a superuser.
"""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from werkbaar.core import audit
from werkbaar.core.models import DELETED_USERNAME_PREFIX, AuditEntry, User


class AccountDeletionRefused(Exception):
    """The account cannot delete itself; the message says why."""


def export_data(user: User) -> dict:
    memberships = user.memberships.select_related("sector", "organisation").order_by("role", "pk")
    entries = AuditEntry.objects.filter(user=user).order_by("timestamp", "pk")
    return {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "memberships": [
            {"role": m.role, "sector": m.sector.code if m.sector_id else None,
             "organisation": m.organisation.name if m.organisation_id else None}
            for m in memberships
        ],
        "audit_entries": [
            {"timestamp": e.timestamp.isoformat(), "action": e.action, "object_type": e.object_type,
             "object_id": e.object_id, "object": e.object_repr, "fields": [f for f, _b, _a in e.changes()],
             "note": e.note}
            for e in entries
        ],
    }


def export_json(user: User) -> bytes:
    return json.dumps(export_data(user), ensure_ascii=False, indent=2).encode("utf-8")


def delete_account(user: User) -> None:
    """Erase the person's data, keep the pseudonymous row (see the module docstring)."""
    if user.is_superuser:
        raise AccountDeletionRefused(
            _("A superuser account cannot delete itself; ask another administrator to remove your rights first."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.memberships.all().delete()
        user.username = f"{DELETED_USERNAME_PREFIX}{user.pk}"
        user.first_name = user.last_name = user.email = user.preferred_language = ""
        user.last_login = None
        user.is_active = user.is_staff = False
        user.set_unusable_password()
        user.save()
        pseudonym = str(user)
        AuditEntry.objects.filter(object_type=user._meta.label_lower, object_id=str(user.pk)).update(
            object_repr=pseudonym)
        audit.record(user, user, "delete_account", note="Account deleted by its owner.")
