"""Views of proposing a good practice (thin): the confirmation page, the one-click proposal, the result.

Rules live in ``knowledge/proposals.py`` (texts) and ``knowledge/proposal_services.py`` (who, what, storing).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkbaar.actions.models import Action
from werkbaar.actions.taxonomy import Theme

from . import proposal_services as services
from . import proposals


class ProposeForm(forms.Form):
    consent = forms.BooleanField(
        label=gettext_lazy("I give the consent of the organisation to share this as a good practice."),
        required=False)
    named = forms.BooleanField(label=gettext_lazy("You may name us (otherwise the case stays anonymous)."),
                               required=False)


def _preview(facts):
    """The anonymised draft as it would be created now, with its menu actions and theme labels."""
    result = proposals.draft(facts, named=False)
    return {"draft": result, "themes": [Theme(t).label for t in result.themes], "own_name": facts.own_name,
            "actions": Action.objects.filter(pk__in=result.action_ids).order_by("title_nl")}


@login_required
def propose(request, origin, pk):
    source = services.load_source(origin, pk)
    if not services.may_propose(request.user, source):
        raise Http404
    context = {"source": source, "origin": origin, "source_url": services.source_url(source)}
    proposal = services.proposal_of(source)
    if proposal is not None:
        return render(request, "knowledge/propose/done.html", {**context, "proposal": proposal})
    refusal = services.source_refusal(source)
    form = ProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal, created = services.propose(request.user, source, consent=form.cleaned_data["consent"],
                                                 named=form.cleaned_data["named"])
        except services.ProposalRefused as exc:
            form.add_error("consent" if not refusal else None, str(exc))
        else:
            if created:
                messages.success(request, _("Thank you: the good practice was proposed to the editors as a draft."))
            return redirect("knowledge:propose", origin=origin, pk=pk)
    return render(request, "knowledge/propose/confirm.html", {
        **context, "form": form, "refusal": refusal, **({} if refusal else _preview(services.facts_for(source)))})
