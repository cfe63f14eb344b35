"""Adding an organisation, filled from the enterprise register (core/register.py) with htmx search-as-you-type."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from . import audit, register
from .models import Organisation
from .permissions import sectors_for_new_organisations


class OrganisationForm(forms.ModelForm):
    nace_codes = forms.CharField(
        label=gettext_lazy("main activity codes (NACE-BEL)"), required=False,
        help_text=gettext_lazy("Five-digit codes separated by spaces, e.g. 47110 56101."))

    class Meta:
        model = Organisation
        fields = ["name", "kind", "enterprise_number", "sector", "address", "nace_codes", "employee_count"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = sectors_for_new_organisations(user)

    def clean_nace_codes(self):
        codes = self.cleaned_data["nace_codes"].replace(",", " ").split()
        wrong = [code for code in codes if not (code.isdigit() and len(code) == 5)]
        if wrong:
            raise forms.ValidationError(_("Not a five-digit NACE-BEL code: %(codes)s") % {"codes": ", ".join(wrong)})
        return sorted(set(codes))


def _allowed(user):
    if not sectors_for_new_organisations(user).exists():
        raise Http404


def _from_register(number: str, language: str) -> dict:
    found = register.search(number, limit=1) if number else []
    if not found:
        return {}
    enterprise = found[0]
    return {"name": enterprise.name(language), "enterprise_number": enterprise.number,
            "address": enterprise.address(language), "nace_codes": " ".join(enterprise.nace_codes)}


@login_required
def organisation_add(request):
    _allowed(request.user)
    initial = _from_register(request.GET.get("register", ""), get_language() or "nl")
    form = OrganisationForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            organisation = form.save()
            audit.record(request.user, organisation, "organisation_created", None, audit.snapshot(organisation))
        messages.success(request, _("The organisation %(name)s is added.") % {"name": organisation.name})
        return redirect("organisation_add")
    return render(request, "core/organisation_add.html", {"form": form})


@login_required
def register_search(request):
    """The htmx partial: up to 10 enterprises of the register matching the name or number typed."""
    _allowed(request.user)
    query = request.GET.get("q", "")
    return render(request, "core/_register_results.html", {
        "query": query, "results": register.search(query), "language": get_language() or "nl"})
