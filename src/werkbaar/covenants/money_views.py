"""Pages of a covenant's money and termination (issue 14): effort commitments and their assessment,
serious shortfalls found in the evaluation, and the forms of the ``give_notice`` and ``terminate`` steps.

Thin: permission (``core.permissions.can_manage_money``: the department only), form, then the rule in
``workflow`` / ``effort_rules``. Sector users read all of it on their own covenant; another sector's
covenant is a 404 (``views.get_covenant``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from werkbaar.core import formats
from werkbaar.core.permissions import can_manage_money

from . import money_forms
from . import workflow as wf
from .effort import EffortCommitment
from .services import delete_audited, save_audited, snap
from .termination import ShortfallFinding, Termination


def money_covenant(request, pk):
    """The covenant, for the department only (404 for another sector, 403 for the sector itself)."""
    from .views import get_covenant

    covenant = get_covenant(request, pk)
    if not can_manage_money(request.user, covenant.sector):
        raise PermissionDenied
    return covenant


def termination_context(covenant, user) -> dict:
    return {
        "termination": Termination.objects.filter(covenant=covenant).select_related("shortfall").first(),
        "shortfalls": ShortfallFinding.objects.filter(covenant=covenant).select_related("evaluation__report"),
        "can_manage_money": can_manage_money(user, covenant.sector),
        "can_terminate": wf.COVENANT_WORKFLOW.can(covenant, "terminate", user),
    }


def effort_context(covenant, user) -> dict:
    return {"effort_commitments": EffortCommitment.objects.filter(covenant=covenant),
            "can_manage_money": can_manage_money(user, covenant.sector)}


# --- effort commitments -----------------------------------------------------------------------


@login_required
def effort_edit(request, pk, effort_pk=None):
    covenant = money_covenant(request, pk)
    effort = (get_object_or_404(EffortCommitment, pk=effort_pk, covenant=covenant) if effort_pk
              else EffortCommitment(covenant=covenant))
    before = snap(effort)
    old_assessment = effort.assessment
    form = money_forms.EffortCommitmentForm(request.POST or None, instance=effort, covenant=covenant)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        if obj.assessment != old_assessment:
            obj.assessed_by, obj.assessed_on = request.user, timezone.localdate()
        with transaction.atomic():
            save_audited(request.user, obj, before, root=covenant)
        messages.success(request, _("Saved: %(what)s.") % {"what": _("effort commitment")})
        return redirect("covenants:tab", covenant.pk, "settlement")
    title = _("Edit %(what)s") if effort_pk else _("Add %(what)s")
    return render(request, "covenants/form.html", {
        "form": form, "title": f"{title % {'what': _('effort commitment')}} – {covenant.code}", "covenant": covenant,
        "cancel_url": reverse("covenants:tab", args=[covenant.pk, "settlement"]),
        "delete_url": reverse("covenants:effort_delete", args=[covenant.pk, effort_pk]) if effort_pk else "",
    })


@login_required
def effort_delete(request, pk, effort_pk):
    covenant = money_covenant(request, pk)
    effort = get_object_or_404(EffortCommitment, pk=effort_pk, covenant=covenant)
    back = reverse("covenants:tab", args=[covenant.pk, "settlement"])
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        with transaction.atomic():
            delete_audited(request.user, effort, root=covenant)
        messages.success(request, _("Deleted: %(what)s.") % {"what": _("effort commitment")})
        return redirect(back)
    return render(request, "core/confirm.html", {
        "title": _("Delete %(what)s") % {"what": _("effort commitment")},
        "question": _("Delete “%(object)s” from covenant %(code)s?") % {"object": effort, "code": covenant.code},
        "confirm_label": _("Delete"), "cancel_url": back, "danger": True,
    })


# --- serious shortfalls ----------------------------------------------------------------------


@login_required
def shortfall_new(request, pk):
    """Document a serious shortfall; ``?evaluation=ID`` links it to that evaluation of this covenant."""
    from werkbaar.reporting.models import Evaluation

    covenant = money_covenant(request, pk)
    evaluation = None
    raw = request.GET.get("evaluation") or request.POST.get("evaluation") or ""
    if raw:
        if not raw.isdigit() or len(raw) > 18:
            raise Http404
        evaluation = get_object_or_404(Evaluation, pk=int(raw), report__covenant=covenant)
    form = money_forms.ShortfallForm(request.POST or None, initial={"found_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            wf.record_shortfall(covenant, request.user, form.cleaned_data["found_on"],
                                form.cleaned_data["description"], evaluation=evaluation)
        except wf.TerminationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The serious shortfall has been recorded."))
            return redirect("covenants:detail", covenant.pk)
    return render(request, "covenants/form.html", {
        "form": form, "covenant": covenant, "cancel_url": reverse("covenants:detail", args=[covenant.pk]),
        "title": _("Record a serious shortfall – %(code)s") % {"code": covenant.code},
    })


# --- the steps give_notice and terminate ------------------------------------------------------------


def step_form(name, covenant, request):
    """The form of a termination step (None for any other step)."""
    data = request.POST or None
    if name == "give_notice":
        return money_forms.GiveNoticeForm(data)
    if name == "terminate":
        initial = {"decision_date": timezone.localdate()}
        shortfall = request.GET.get("shortfall", "")
        if shortfall.isdigit() and len(shortfall) < 18:
            found = ShortfallFinding.objects.filter(pk=int(shortfall), covenant=covenant).first()
            if found is not None:
                initial.update(shortfall=found, reason="serious_shortfall")
        return money_forms.TerminateForm(data, covenant=covenant, initial=initial)
    return None


def take_step(name, covenant, user, data) -> str:
    """Take a termination step; returns the success message."""
    if name == "give_notice":
        t = wf.give_notice(covenant, user, data["letter_date"], data["party"], data.get("remark", ""))
        return _("Notice given. The notice period runs from %(start)s to %(end)s; the covenant ends on %(ends)s.") % {
            "start": formats.long_date(t.notice_starts), "end": formats.long_date(t.notice_ends),
            "ends": formats.long_date(t.ends_on)}
    t = wf.terminate(covenant, user, data["reason"], data["decision_date"], data.get("shortfall"),
                     data.get("remark", ""))
    return _("The covenant has been terminated; it ends on %(ends)s.") % {"ends": formats.long_date(t.ends_on)}
