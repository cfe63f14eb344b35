"""Template tag of the "Propose as good practice" box shown on action plans, network reports and covenant actions."""

from django import template
from django.urls import reverse

from .. import proposal_services as services

register = template.Library()


@register.simple_tag(takes_context=True)
def proposal_state(context, source):
    """{"proposal": the existing proposal or None, "may": the user may propose it now, "url": the proposal page}."""
    request = context.get("request")
    user = getattr(request, "user", None)
    proposal = services.proposal_of(source)
    may = proposal is None and services.may_propose(user, source) and not services.source_refusal(source)
    url = ""
    if may:
        url = reverse("knowledge:propose", args=[services.origin_of(source), source.pk])
    return {"proposal": proposal, "may": may, "url": url}
