"""The insights app's home-page panel and sector tab (see ``werkbaar.core.home``).

- company admins and union delegates: the latest closed scan's report in brief, its three strongest
  and three weakest indicators. The figures come from the report's own computation
  (``jobs.campaign_result_or_job`` and ``report.indicator_rows``), so suppression holds: a figure the
  engine hid for a group below the minimum size is never shown, and a report whose whole group is too
  small shows no figure at all.
- ``SECTOR_TAB``: the sector view (workability figures of the sector's closed scans) as the
  "Workability" tab of the sector page.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkbaar.core import formats
from werkbaar.core.home import Item, Panel, SectorTab
from werkbaar.core.permissions import organisation_ids_for
from werkbaar.scans.models import Campaign, CampaignStatus

from . import jobs
from .report import IndicatorRow, headline, indicator_rows
from .views import can_view_sector_aggregate, sector_view

SHOWN = 3
SECTOR_TAB = SectorTab(key="workability", label=gettext_lazy("Workability"), order=10,
                       allowed=can_view_sector_aggregate, view=sector_view)


def strongest_and_weakest(rows: list[IndicatorRow], n: int = SHOWN) -> tuple[list[IndicatorRow], list[IndicatorRow]]:
    """The ``n`` indicators with the smallest share of respondents with a problem, and the ``n`` with the
    largest (largest first), never the same indicator twice. Suppressed rows and rows without a problem
    rate take no part."""
    shown = sorted((r for r in rows if not r.suppressed and r.problem_rate is not None),
                   key=lambda r: (r.problem_rate, r.title))
    k = min(n, (len(shown) + 1) // 2)
    return shown[:k], shown[k:][::-1][:n]


def _latest_closed(user, today: date) -> Campaign | None:
    closed = Q(status=CampaignStatus.CLOSED) | Q(closes_on__lt=today)
    return (Campaign.objects.filter(closed, organisation_id__in=organisation_ids_for(user))
            .select_related("organisation", "organisation__sector", "uploaded_instrument")
            .order_by("-closes_on", "-pk").first())


def _item(row: IndicatorRow, url: str) -> Item:
    return Item(label=row.title, url=url, detail=_("%(rate)s%% of respondents with a problem") % {
        "rate": formats.number(round(100 * row.problem_rate))})


def panels(user, audience: str, today: date) -> list[Panel]:
    if audience != "company":
        return []
    panel = Panel(key="report", title=_("Latest scan report"), order=20, more_url=reverse("insights:reports"),
                  more_link=_("All reports"),
                  empty=_("No closed scan yet. When your scan closes, its strongest and weakest points "
                          "appear here."))
    campaign = _latest_closed(user, today)
    if campaign is None:
        return [panel]
    url = reverse("insights:report", args=[campaign.pk])
    panel.title = _("Latest scan report: %(name)s") % {"name": campaign.name}
    panel.more_url, panel.more_link = url, _("Open the report")
    data, job = jobs.campaign_result_or_job(campaign, user)
    if job is not None:
        panel.empty = _("The report is being prepared; open it to follow the progress.")
        return [panel]
    result = data["result"]
    head = headline(result)
    if head["suppressed"]:
        panel.empty = _("Too few answers to show figures: a report shows results from %(n)s respondents on.") % {
            "n": head["min_group"]}
        return [panel]
    language = (translation.get_language() or "nl")[:2]
    kinds = indicator_rows(campaign.instrument(), result.get("overall") or {}, language)
    strongest, weakest = strongest_and_weakest(kinds["workability"] + kinds["risk"])
    panel.items = [_item(r, url) for r in strongest]
    panel.empty = _("The report holds no indicator with enough answers to rank.")
    weak_panel = Panel(key="weak", title=_("Weakest points"), order=21, items=[_item(r, url) for r in weakest],
                       empty=_("No other indicator with enough answers to rank."))
    panel.title = _("Strongest points: %(name)s") % {"name": campaign.name}
    return [panel, weak_panel]
