"""Counts over learning networks: organisations reached, employers, sessions held, attendance rate.

Used on the network page, in the report and as linked indicator sources for covenants
(``indicator_sources``). A network counts for a sector when the sector owns it or is a partner.
Within a period [start, end] only sessions *held* on a day in the period count, and an
organisation is *reached* when someone of it attended at least one of those sessions.
"""

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone

from werkbaar.core.models import Organisation

from .models import PRESENT, Attendance, Network, Session
from .rules import attendance_rate


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), tz),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz),
    )


def networks_of_sector(sector) -> "Q":
    return Q(sector=sector) | Q(partner_sectors=sector)


def held_sessions(sector=None, start: date | None = None, end: date | None = None, network=None):
    qs = Session.objects.filter(status=Session.Status.HELD)
    if network is not None:
        qs = qs.filter(network=network)
    if sector is not None:
        qs = qs.filter(network__in=Network.objects.filter(networks_of_sector(sector)))
    if start is not None and end is not None:
        lo, hi = _bounds(start, end)
        qs = qs.filter(starts_at__gte=lo, starts_at__lt=hi)
    return qs


def _present(sessions):
    return Attendance.objects.filter(session__in=sessions, presence__in=PRESENT)


def organisations_reached(sector, start, end, network=None, kind: str | None = None) -> int:
    sessions = held_sessions(sector, start, end, network)
    orgs = _present(sessions).values("participant__organisation_id")
    qs = Organisation.objects.filter(pk__in=orgs)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.count()


def employers_reached(sector, start, end, network=None) -> int:
    return organisations_reached(sector, start, end, network, kind=Organisation.Kind.COMPANY)


def sessions_held(sector, start, end, network=None) -> int:
    return held_sessions(sector, start, end, network).count()


def attendance_percentage(sector, start, end, network=None) -> Decimal | None:
    """Present marks / (participants x held sessions), in percent with one decimal."""
    sessions = list(held_sessions(sector, start, end, network).select_related("network"))
    possible = 0
    participant_counts: dict[int, int] = {}
    for s in sessions:
        if s.network_id not in participant_counts:
            participant_counts[s.network_id] = s.network.participants.count()
        possible += participant_counts[s.network_id]
    present = _present(sessions).count()
    rate = attendance_rate(present, possible)
    if rate is None:
        return None
    return (Decimal(rate) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def network_figures(network) -> dict:
    """The counts of one network over its whole life."""
    return {
        "participants": network.participants.count(),
        "organisations_reached": organisations_reached(None, None, None, network),
        "employers_reached": employers_reached(None, None, None, network),
        "sessions_held": sessions_held(None, None, None, network),
        "sessions_planned": network.planned_sessions,
        "attendance_rate": attendance_percentage(None, None, None, network),
    }


def policy_recommendations_for(sector, start: date, end: date):
    """Policy recommendations of the sector's networks made in [start, end], for its covenant report."""
    from .models import PolicyRecommendation

    lo, hi = _bounds(start, end)
    return (
        PolicyRecommendation.objects.filter(network__in=Network.objects.filter(networks_of_sector(sector)))
        .filter(created_at__gte=lo, created_at__lt=hi)
        .select_related("network", "idea")
        .order_by("created_at")
    )
