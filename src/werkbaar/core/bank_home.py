"""Core's home-page panel (see ``werkbaar.core.home``): for the department, the bank accounts changed
within 30 days of a payment (``core.bank``), from the audit trail of the last 60 days; one query."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from .home import Item, Panel, limited
from .models import AuditEntry
from .permissions import is_department


def panels(user, audience: str, today: date) -> list[Panel]:
    if audience != "department" or not is_department(user):
        return []
    changes = limited(AuditEntry.objects.filter(
        action="bank_account_changed", timestamp__date__gte=today - timedelta(days=60),
    ).exclude(note="").order_by("-timestamp", "-pk"))
    items = [Item(label=change.object_repr, url=reverse("bank_account", args=[int(change.root_id)]),
                  detail=_("Bank account changed within 30 days of a payment: check it before paying"),
                  when=change.timestamp.date(), late=True) for change in changes]
    return [Panel(key="bank-accounts", title=_("Bank accounts changed near a payment"), order=15, items=items,
                  empty=_("No bank account was changed near a payment in the last 60 days."))]
