"""Pages of the payment files (issue 19), department only: the payments to transfer, the export,
the batch history with the file, its bookkeeping list (CSV/XLSX) and the re-export."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from werkbaar.core.models import Sector

from . import payment_export as px
from . import portfolio as pf
from .payment_files import PaymentExport
from .permissions import require_department


class PaymentFilterForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    sector = forms.ModelChoiceField(label=gettext_lazy("Sector"), queryset=Sector.objects.order_by("code"),
                                    required=False)
    date_from = forms.DateField(label=gettext_lazy("From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=gettext_lazy("Up to"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds"))] + [(k, px.kind_label(k)) for k in px.KINDS]


class ReexportForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for the re-export"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    confirm = forms.BooleanField(
        label=gettext_lazy("I confirm that the earlier file was not and will not be sent to the bank."))


@login_required
def payments_to_transfer(request):
    require_department(request.user)
    form = PaymentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    items = px.payables(kind=filters.get("kind") or "", sector=filters.get("sector"),
                        date_from=filters.get("date_from"), date_to=filters.get("date_to"))
    return render(request, "reporting/payments_to_transfer.html", {
        "form": form, "items": items,
        "batches": [(b, ReexportForm(auto_id=f"re{b.pk}_%s"))
                    for b in PaymentExport.objects.select_related("created_by", "reexport_of")],
    })


@login_required
@require_POST
def payments_export(request):
    require_department(request.user)
    try:
        batch = px.export(request.user, request.POST.getlist("payment"))
    except px.ExportRefused as refused:
        for problem in refused.problems:
            messages.error(request, problem)
    else:
        messages.success(request, _("Payment file %(batch)d made: %(count)d payments, EUR %(total)s.")
                         % {"batch": batch.pk, "count": batch.count, "total": batch.total_eur})
    return redirect("reporting:payments")


@login_required
@require_POST
def payment_file_reexport(request, pk):
    require_department(request.user)
    batch = get_object_or_404(PaymentExport, pk=pk)
    form = ReexportForm(request.POST)
    form.is_valid()
    try:
        new = px.reexport(request.user, batch, form.cleaned_data.get("reason", ""),
                          bool(form.cleaned_data.get("confirm")))
    except px.ExportRefused as refused:
        for problem in refused.problems:
            messages.error(request, problem)
    else:
        messages.success(request, _("Payment file %(new)d replaces payment file %(old)d.")
                         % {"new": new.pk, "old": batch.pk})
    return redirect("reporting:payments")


@login_required
def payment_file(request, pk, fmt):
    require_department(request.user)
    batch = get_object_or_404(PaymentExport, pk=pk)
    stem = batch.filename.removesuffix(".xml")
    if fmt == "xml":
        response = HttpResponse(bytes(batch.content), content_type="application/xml")
    elif fmt in ("csv", "xlsx"):
        header, rows = px.bookkeeping_table(batch)
        content = pf.as_csv(header, rows) if fmt == "csv" else pf.as_xlsx(header, rows, _("Payments"))
        response = HttpResponse(content, content_type="text/csv; charset=utf-8" if fmt == "csv" else
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
