"""The actions app's home-page panel and sector tab (see ``werkbaar.core.home``).

- company admins and union delegates: the action-plan items due (open items with a deadline within
  :data:`HORIZON_DAYS`, overdue ones first) of their company's plans; one query;
- ``SECTOR_TAB``: the sector roll-up of the action plans as the "Actions" tab of the sector page.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkbaar.core import formats
from werkbaar.core.home import Item, Panel, SectorTab, limited
from werkbaar.core.permissions import can_view_sector, organisation_ids_for

from .models import ItemStatus, PlanItem, PlanStatus
from .views import rollup

HORIZON_DAYS = 60
SECTOR_TAB = SectorTab(key="actions", label=gettext_lazy("Actions"), order=20, allowed=can_view_sector, view=rollup)


def panels(user, audience: str, today: date) -> list[Panel]:
    if audience != "company":
        return []
    items = limited(PlanItem.objects.filter(
        plan__organisation_id__in=organisation_ids_for(user),
        status__in=(ItemStatus.PLANNED, ItemStatus.IN_PROGRESS),
        deadline__lte=today + timedelta(days=HORIZON_DAYS),
    ).exclude(plan__status=PlanStatus.EVALUATED).select_related("plan", "owner").order_by("deadline", "pk"))
    rows = [Item(label=f"{i.title} ({i.plan.title})",
                 url=reverse("actions:plan_detail", args=[i.plan_id]) + f"#p-text-{i.pk}",
                 detail=_("Due on %(date)s") % {"date": formats.short_date(i.deadline)} + (
                     f" · {i.owner_display}" if i.owner_display else ""),
                 when=i.deadline, late=i.deadline < today) for i in items]
    return [Panel(key="plan_items", title=_("Action plan items due"), order=25, items=rows,
                  empty=_("No action is due in the next two months. Plan actions with a deadline in your "
                          "action plan."),
                  more_url=reverse("actions:plans"), more_link=_("Action plans"))]
