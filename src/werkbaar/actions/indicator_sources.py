"""Counts of the actions app that a covenant's result indicator can be linked to."""

from django.utils.translation import gettext_lazy as _

from werkbaar.covenants.linked_sources import register

from .models import PlanStatus
from .services import APPROVED_STATES, employers_count


@register("actions.employers_with_plan", _("Employers with an action plan on workable work"),
          unit="employers_reached")
def employers_with_plan(covenant, start, end) -> int:
    return employers_count(covenant.sector, start, end, PlanStatus.values)


@register("actions.employers_with_approved_plan",
          _("Employers with an action plan approved in social dialogue"), unit="employers_reached")
def employers_with_approved_plan(covenant, start, end) -> int:
    return employers_count(covenant.sector, start, end, APPROVED_STATES, "approved_on")


@register("actions.employers_with_evaluated_plan",
          _("Employers with an evaluated action plan on workable work"), unit="employers_reached")
def employers_with_evaluated_plan(covenant, start, end) -> int:
    return employers_count(covenant.sector, start, end, (PlanStatus.EVALUATED,), "evaluated_on")
