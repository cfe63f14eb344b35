"""The networks app's home-page panels (see ``werkbaar.core.home``): learning-network sessions.

- the department: the sessions of this calendar month in every network;
- sector staff and consultants: the next sessions of the networks they run or follow;
- company admins and union delegates: the next session of their company's networks.

Scoped by ``networks.permissions.networks_for`` (built on ``core.permissions``); one query per panel.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from werkbaar.core import formats
from werkbaar.core.home import Item, Panel, limited

from .models import Session
from .permissions import networks_for


def _sessions(user):
    return (Session.objects.filter(network__in=networks_for(user)).exclude(status=Session.Status.CANCELLED)
            .select_related("network").order_by("starts_at", "pk"))


def _item(session) -> Item:
    starts = timezone.localtime(session.starts_at)
    detail = formats.short_datetime(starts) + (f" · {session.place}" if session.place else "")
    return Item(label=f"{session.network.title}: {session.title}", url=reverse("networks:session", args=[session.pk]),
                detail=detail, when=starts.date())


def month_bounds(today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of ``today``'s month and of the next one, in the local time zone."""
    first = today.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    return (dt.datetime.combine(first, dt.time(), tzinfo=zone), dt.datetime.combine(following, dt.time(), tzinfo=zone))


def panels(user, audience: str, today: dt.date) -> list[Panel]:
    more = {"more_url": reverse("networks:list"), "more_link": _("Learning networks")}
    if audience == "department":
        start, end = month_bounds(today)
        sessions = limited(_sessions(user).filter(starts_at__gte=start, starts_at__lt=end))
        return [Panel(key="sessions", title=_("Network sessions this month"), order=20,
                      items=[_item(s) for s in sessions],
                      empty=_("No network session this month. The sectors plan their sessions in their learning "
                              "networks."), **more)]
    now = timezone.now()
    if audience == "sector":
        sessions = limited(_sessions(user).filter(starts_at__gte=now))
        return [Panel(key="sessions", title=_("Upcoming network sessions"), order=20,
                      items=[_item(s) for s in sessions],
                      empty=_("No session planned. Plan the next session from your learning network's page."),
                      **more)]
    if audience == "company":
        sessions = limited(_sessions(user).filter(starts_at__gte=now)[:1])
        return [Panel(key="sessions", title=_("Next network session"), order=30,
                      items=[_item(s) for s in sessions],
                      empty=_("Your company has no network session planned. Your sector invites you when a "
                              "learning network starts."), **more)]
    return []
