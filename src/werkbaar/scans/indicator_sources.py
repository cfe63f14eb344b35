"""Counts of the scans app that a covenant's result indicator can be linked to.

A scan counts for a period when it *closed* in it: on the day it was closed early (``closed_on``),
or else on its closing date once that has passed. Only scans of organisations of the covenant's
sector count. Example: Vorm DC 2021-2022 P1 "companies that run a workability scan" links to
``scans.companies_with_closed_scan``.
"""

from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkbaar.core.models import Organisation
from werkbaar.covenants.linked_sources import register

from .models import Campaign, CampaignStatus, Response


def closed_scans(sector, start: date, end: date, today: date | None = None):
    """Campaigns of the sector's organisations that closed within [start, end]."""
    today = today or timezone.localdate()
    closed_early = Q(status=CampaignStatus.CLOSED, closed_on__isnull=False, closed_on__gte=start, closed_on__lte=end)
    ran_out = (Q(closes_on__gte=start, closes_on__lte=end, closes_on__lt=today)
               & ~Q(status=CampaignStatus.CLOSED, closed_on__isnull=False))
    return Campaign.objects.filter(organisation__sector=sector).filter(closed_early | ran_out)


@register("scans.companies_with_closed_scan", _("Companies that ran a workability scan (closed in the period)"),
          unit="employers_reached")
def companies_with_closed_scan(covenant, start, end) -> int:
    scans = closed_scans(covenant.sector, start, end)
    return Organisation.objects.filter(kind=Organisation.Kind.COMPANY, pk__in=scans.values("organisation_id")).count()


@register("scans.closed_scans", _("Workability scans closed in the period"), unit="other")
def closed_scan_count(covenant, start, end) -> int:
    return closed_scans(covenant.sector, start, end).count()


@register("scans.respondents", _("Workers who answered a workability scan (closed in the period)"),
          unit="people_reached")
def respondents(covenant, start, end) -> int:
    return Response.objects.filter(campaign__in=closed_scans(covenant.sector, start, end)).count()
