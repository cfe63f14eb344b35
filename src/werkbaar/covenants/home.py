"""The covenants app's home-page panels (see ``werkbaar.core.home``): the phases of non-discrimination
addenda.

- sector staff and consultants: the open phases of their sector's addenda, by deadline;
- the department: finished phases that wait for its review.

Both lists come from one query scoped through ``core.permissions`` (``addenda_process.todo_items`` is
the to-do list's view of the same phases).
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from werkbaar.core import formats
from werkbaar.core.home import Item, Panel, limited
from werkbaar.core.permissions import sector_ids_for

from . import addenda_rules as rules
from .addenda_process import AddendumPhase, PhaseStatus, ReviewStatus


def panels(user, audience: str, today: date) -> list[Panel]:
    if audience == "department":
        return [_to_review(today)]
    if audience == "sector":
        return [_phases_due(user, today)]
    return []


def _phases():
    return AddendumPhase.objects.filter(addendum__kind="non_discrimination").select_related(
        "addendum__covenant__sector")


def _item(phase, detail: str, today: date, open_phase: bool) -> Item:
    url = reverse("covenants:addendum_process", args=[phase.addendum.covenant_id, phase.addendum_id])
    late = open_phase and phase.deadline is not None and phase.deadline < today
    due = (_("deadline %(date)s") % {"date": formats.short_date(phase.deadline)}
           if phase.deadline and not late else "")
    return Item(label=f"{phase.addendum.covenant.code} – {phase}", url=f"{url}#phase-{phase.phase}",
                detail=" · ".join(part for part in (detail, due) if part), when=phase.deadline, late=late)


def _phases_due(user, today: date) -> Panel:
    phases = limited(_phases().filter(addendum__covenant__sector_id__in=sector_ids_for(user),
                                      status__in=(PhaseStatus.PLANNED, PhaseStatus.IN_PROGRESS))
                     .order_by("deadline", "addendum_id", "pk"))
    return Panel(
        key="addenda_phases", title=_("Addenda phases to carry out"), order=12,
        items=[_item(p, p.get_status_display(), today, open_phase=True) for p in phases],
        empty=_("No addendum phase is open. A non-discrimination addendum lists its four phases here with "
                "their deadlines."),
        more_url=reverse("reporting:todo"), more_link=_("My to-do list"),
    )


def _to_review(today: date) -> Panel:
    phases = limited(_phases().filter(status__in=rules.FINISHED, review_status=ReviewStatus.OPEN)
                     .order_by("deadline", "addendum_id", "pk"))
    return Panel(
        key="addenda_review", title=_("Addenda phases to review"), order=13,
        items=[_item(p, p.get_status_display(), today, open_phase=False) for p in phases],
        empty=_("No addendum phase waits for review. A phase appears here once a sector finishes or waives it."),
        more_url=reverse("covenants:nondiscrimination"), more_link=_("Compare the sectors"),
    )
