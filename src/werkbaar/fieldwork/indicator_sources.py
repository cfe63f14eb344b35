"""Counts of the field-work log published as linked sources for covenant result indicators.

Every source counts the contacts with organisations of the covenant's sector over the period asked
for, clipped to the covenant's term (``rules.counting_window``): a contact outside the term never
counts. Companies are counted once per period however often they were contacted. Reports are
pre-filled from these values like from any linked source (``covenants.linked_sources``).
"""

from django.utils.translation import gettext_lazy as _

from werkbaar.covenants.linked_sources import register

from . import rules, services
from .models import Contact


def _facts(covenant, start, end):
    window = rules.counting_window(start, end, covenant.start, covenant.end)
    if window is None:
        return []
    return services.facts(Contact.objects.filter(sector=covenant.sector, on__gte=window[0], on__lte=window[1]))


@register("fieldwork.companies_reached", _("Companies reached by the consultants (field work)"),
          unit="employers_reached")
def companies_reached(covenant, start, end) -> int:
    return rules.companies_reached(_facts(covenant, start, end), start, end, covenant.start, covenant.end)


@register("fieldwork.companies_visited", _("Companies visited by the consultants"), unit="employers_reached")
def companies_visited(covenant, start, end) -> int:
    return rules.companies_visited(_facts(covenant, start, end), start, end, covenant.start, covenant.end)


@register("fieldwork.visits", _("Company visits by the consultants"), unit="meetings")
def visits(covenant, start, end) -> int:
    return rules.visits(_facts(covenant, start, end), start, end, covenant.start, covenant.end)
