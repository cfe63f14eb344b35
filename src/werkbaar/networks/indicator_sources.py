"""Counts of learning networks published as linked sources for covenant result indicators.

For a covenant, the networks of its sector (owner or partner) count, over the requested period
(default the covenant's term). See ``counts`` for the definitions. Example: VIVO 2016-2017 P4
"30 employers brought together in learning networks" links to ``networks.employers_reached``.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from werkbaar.covenants.linked_sources import register

from . import counts


@register("networks.organisations_reached", _("Organisations reached by learning networks"), unit="other")
def organisations_reached(covenant, start, end) -> int:
    return counts.organisations_reached(covenant.sector, start, end)


@register("networks.employers_reached", _("Employers brought together in learning networks"), unit="employers_reached")
def employers_reached(covenant, start, end) -> int:
    return counts.employers_reached(covenant.sector, start, end)


@register("networks.sessions_held", _("Learning network sessions held"), unit="meetings")
def sessions_held(covenant, start, end) -> int:
    return counts.sessions_held(covenant.sector, start, end)


@register("networks.attendance_rate", _("Attendance rate in learning networks (%)"), unit="other")
def attendance_rate(covenant, start, end) -> Decimal | None:
    """None (no data) when no session was held in the period: a rate of nothing is not 0%."""
    return counts.attendance_percentage(covenant.sector, start, end)
