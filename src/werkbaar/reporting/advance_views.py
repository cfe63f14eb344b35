"""Pages of a covenant's schedule of advances: add and edit a scheduled advance, approve it, record it
as paid (``reporting.advances``). The department only (``core.permissions.can_manage_money``); the
schedule itself is shown on the covenant's settlement tab and in the portfolio."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkbaar.core.permissions import can_manage_money, can_view_sector
from werkbaar.core.workflow import TransitionNotAllowed
from werkbaar.covenants.models import Covenant

from . import advances
from .models import Payment, PaymentKind, PaymentStatus


class AdvanceForm(forms.ModelForm):
    class Meta:
        model = Payment
        fields = ["due_date", "amount_eur"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, covenant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.covenant = covenant
        self.fields["due_date"].required = True

    def clean(self):
        data = super().clean()
        for problem in advances.advance_problems(self.covenant, data.get("due_date"), data.get("amount_eur")):
            self.add_error(None, problem)
        return data


class StepNoteForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("reason"), widget=forms.Textarea(attrs={"rows": 2}))


def _covenant(request, code) -> Covenant:
    covenant = get_object_or_404(Covenant.objects.select_related("sector"), code=code)
    if not can_view_sector(request.user, covenant.sector):
        raise Http404
    if not can_manage_money(request.user, covenant.sector):
        raise PermissionDenied
    return covenant


def _back(covenant) -> str:
    return reverse("covenants:tab", args=[covenant.pk, "settlement"]) + "#advances"


@login_required
def advance_edit(request, code, advance_pk=None):
    covenant = _covenant(request, code)
    if advance_pk is None:
        payment = Payment(covenant=covenant, kind=PaymentKind.ADVANCE, status=PaymentStatus.SCHEDULED)
        before = None
    else:
        payment = get_object_or_404(Payment, pk=advance_pk, covenant=covenant, kind=PaymentKind.ADVANCE)
        if payment.status != PaymentStatus.SCHEDULED:
            messages.error(request, _("Only a scheduled advance can be changed."))
            return redirect(_back(covenant))
        before = {"due_date": payment.due_date, "amount_eur": payment.amount_eur}
    form = AdvanceForm(request.POST or None, instance=payment, covenant=covenant)
    if request.method == "POST" and form.is_valid():
        advances.save_advance(request.user, form.save(commit=False), before)
        messages.success(request, _("The advance has been scheduled."))
        return redirect(_back(covenant))
    title = _("Edit the advance") if advance_pk else _("Schedule an advance")
    return render(request, "covenants/form.html", {
        "form": form, "covenant": covenant, "title": f"{title} – {covenant.code}", "cancel_url": _back(covenant),
    })


@login_required
def advance_step(request, code, advance_pk, name):
    covenant = _covenant(request, code)
    payment = get_object_or_404(Payment, pk=advance_pk, covenant=covenant, kind=PaymentKind.ADVANCE)
    workflow = advances.ADVANCE_WORKFLOW
    try:
        transition = workflow.check(payment, name, request.user)
    except TransitionNotAllowed as exc:
        messages.error(request, str(exc))
        return redirect(_back(covenant))
    form = StepNoteForm(request.POST or None) if transition.needs_note else None
    if request.method == "POST" and request.POST.get("confirmed") == "1" and (form is None or form.is_valid()):
        try:
            advances.take_step(payment, name, request.user, note=form.cleaned_data["note"] if form else "")
        except TransitionNotAllowed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": transition.label})
        return redirect(_back(covenant))
    from werkbaar.core import formats

    return render(request, "core/confirm.html", {
        "title": f"{transition.label} – {covenant.code}",
        "question": str(transition.confirm) or _("Advance of EUR %(amount)s due on %(date)s.") % {
            "amount": formats.money(payment.amount_eur), "date": formats.long_date(payment.due_date)},
        "form": form, "confirm_label": transition.label, "cancel_url": _back(covenant),
    })
