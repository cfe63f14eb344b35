"""The fund app's home-page panel (see ``werkbaar.core.home``): for the department, the fund
applications whose final report is in and whose balance waits to be paid (``fund.services.pay``).

Scoped by ``fund.rules.managed_calls`` (built on ``core.permissions``); one query.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from werkbaar.core.home import Item, Panel, limited

from .models import Application, ApplicationStatus
from .rules import managed_calls


def panels(user, audience: str, today: date) -> list[Panel]:
    if audience != "department":
        return []
    applications = limited(Application.objects.filter(
        status=ApplicationStatus.FINAL_REPORT, call__in=managed_calls(user),
    ).select_related("call", "organisation", "final_report").order_by("final_report__created", "pk"))
    items = [Item(label=str(a), url=reverse("fund:application", args=[a.pk]),
                  detail=_("Final report submitted; the balance is to be paid"),
                  when=a.final_report.created.date()) for a in applications]
    return [Panel(key="payments", title=_("Payments to approve"), order=14, items=items,
                  empty=_("No payment to approve. A fund application appears here once its final report "
                          "is submitted."),
                  more_url=reverse("fund:index"), more_link=_("Workability fund"))]
