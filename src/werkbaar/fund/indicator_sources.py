"""Counts of the workability fund published as linked sources for covenant result indicators.

``fund.companies_cofinanced``: companies of the covenant's sector with an approved (fully or
partially) application decided within the period (default the covenant's term), each counted once.
"""

from django.utils.translation import gettext_lazy as _

from werkbaar.covenants.linked_sources import register

from .models import Decision


def companies_cofinanced(sector, start, end) -> int:
    return (Decision.objects.filter(
        outcome__in=(Decision.Outcome.APPROVED, Decision.Outcome.PARTIALLY_APPROVED),
        application__organisation__sector=sector, created__date__gte=start, created__date__lte=end,
    ).values("application__organisation").distinct().count())


@register("fund.companies_cofinanced", _("Companies co-financed by the workability fund"), unit="employers_reached")
def companies_cofinanced_source(covenant, start, end) -> int:
    return companies_cofinanced(covenant.sector, start, end)
