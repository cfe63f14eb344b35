"""The scans app's home-page panels (see ``werkbaar.core.home``): scans that are open now.

- sector staff and consultants: the scans running in the companies of their sector(s);
- company admins and union delegates: their company's running scan with its response count and rate.

Scoped through ``core.permissions`` (sector and organisation ids of the user's roles); one query per
panel (the response count is an annotation).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from werkbaar.core import formats
from werkbaar.core.home import Item, Panel, limited
from werkbaar.core.permissions import organisation_ids_for, sector_ids_for

from .models import Campaign, CampaignStatus


def _running(today: date):
    return (Campaign.objects.filter(status=CampaignStatus.ACTIVE, opens_on__lte=today, closes_on__gte=today)
            .select_related("organisation").annotate(n_responses=Count("responses")).order_by("closes_on", "pk"))


def progress_text(responses: int, population: int | None, closes_on: date) -> str:
    closes = formats.short_date(closes_on)
    if population:
        return _("%(n)s of %(population)s answered (%(rate)s%%), closes on %(date)s") % {
            "n": formats.number(responses), "population": formats.number(population),
            "rate": formats.number(round(100 * responses / population)), "date": closes}
    return _("%(n)s answered, closes on %(date)s") % {"n": formats.number(responses), "date": closes}


def _item(campaign, with_organisation: bool) -> Item:
    label = f"{campaign.organisation.name}: {campaign.name}" if with_organisation else campaign.name
    return Item(label=label, url=reverse("scans:campaign_detail", args=[campaign.pk]),
                detail=progress_text(campaign.n_responses, campaign.population_size, campaign.closes_on),
                when=campaign.closes_on)


def panels(user, audience: str, today: date) -> list[Panel]:
    more = {"more_url": reverse("scans:campaign_list"), "more_link": _("All scans")}
    if audience == "sector":
        campaigns = limited(_running(today).filter(organisation__sector_id__in=sector_ids_for(user)))
        return [Panel(key="scans", title=_("Scans running in your sector"), order=30,
                      items=[_item(c, True) for c in campaigns],
                      empty=_("No scan is open in your sector's companies. A company's scan appears here from "
                              "its opening date."), **more)]
    if audience == "company":
        campaigns = limited(_running(today).filter(organisation_id__in=organisation_ids_for(user)))
        return [Panel(key="scan", title=_("Running scan"), order=10,
                      items=[_item(c, False) for c in campaigns],
                      empty=_("No scan is running. Start a scan to measure workability; its progress shows "
                              "here while your colleagues answer."), **more)]
    return []
