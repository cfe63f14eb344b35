"""Privacy pages (mounted at /privacy/): a person's own account, an organisation's export and erasure.

Who may do what (object-level, via ``core.permissions``):

* everyone signed in: see, export and delete their own account (deletion asks for the password);
* export an organisation's data: its company admins and the department (``can_export_organisation``);
* erase an organisation's data after its retention period: the department (``can_erase_organisation``),
  after typing the organisation's name.

An organisation the user may not see answers 404; one they see but may not export or erase, 403.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from werkbaar.core import audit
from werkbaar.core.models import Organisation
from werkbaar.core.permissions import (
    can_erase_organisation,
    can_export_organisation,
    can_manage_bank_account,
    can_view_organisation,
    is_department,
    organisation_ids_for,
)
from werkbaar.core.roles import Role

from . import account as accounts
from . import organisation as organisations


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("Your password"), widget=forms.PasswordInput,
                               strip=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class NameConfirmForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Type the organisation's name to confirm"), max_length=200)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_name(self):
        name = self.cleaned_data["name"]
        if name.strip() != self.organisation.name.strip():
            raise forms.ValidationError(_("The name does not match the organisation's name."))
        return name


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ------------------------------------------------------------------------------------------------
# The person's own account
# ------------------------------------------------------------------------------------------------


@login_required
def account(request):
    memberships = request.user.memberships.select_related("sector", "organisation").order_by("role")
    return render(request, "privacy/account.html", {"memberships": memberships})


@login_required
@require_POST
def account_export(request):
    stamp = timezone.localdate().isoformat()
    return _download(accounts.export_json(request.user), f"werkbaar-account-{stamp}.json", "application/json")


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = PasswordConfirmForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.delete_account(request.user)
        except accounts.AccountDeletionRefused as exc:
            messages.error(request, str(exc))
            return redirect("privacy:account")
        logout(request)
        messages.success(request, _("Your account has been deleted."))
        return redirect("home")
    return render(request, "core/confirm.html", {
        "title": _("Delete my account"),
        "question": _("Your name, e-mail address, password and roles are erased and you can no longer sign in. "
                      "What you did stays in the history under \"deleted user\", without your name. "
                      "This cannot be undone."),
        "form": form, "danger": True, "confirm_label": _("Delete my account"),
        "cancel_url": reverse("privacy:account"),
    })


# ------------------------------------------------------------------------------------------------
# Organisations
# ------------------------------------------------------------------------------------------------


def _organisation_for(user, pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.select_related("sector"), pk=pk)
    if not can_view_organisation(user, organisation):
        raise Http404
    return organisation


def _may_list(user) -> bool:
    return is_department(user) or bool(organisation_ids_for(user, roles=(Role.COMPANY_ADMIN,)))


@login_required
def organisation_list(request):
    if not _may_list(request.user):
        raise PermissionDenied
    if is_department(request.user):
        queryset = Organisation.objects.all()
    else:
        queryset = Organisation.objects.filter(pk__in=organisation_ids_for(request.user, roles=(Role.COMPANY_ADMIN,)))
    q = request.GET.get("q", "").strip()
    if q:
        queryset = queryset.filter(name__icontains=q)
    page = Paginator(queryset.select_related("sector").order_by("name"), 25).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for org in page:
        org.retention_ends = organisations.retention_ends(org)
        org.erasable = org.retention_ends is None or today >= org.retention_ends
    return render(request, "privacy/organisation_list.html", {"page_obj": page, "q": q})


@login_required
def organisation(request, pk: int):
    org = _organisation_for(request.user, pk)
    may_export, may_erase = can_export_organisation(request.user, org), can_erase_organisation(request.user, org)
    may_bank = can_manage_bank_account(request.user, org)
    if not (may_export or may_erase or may_bank):
        raise PermissionDenied
    ends = organisations.retention_ends(org)
    return render(request, "privacy/organisation.html", {
        "organisation": org, "may_export": may_export, "may_erase": may_erase,
        "may_bank": may_bank,
        "retention_ends": ends, "erasable": ends is None or timezone.localdate() >= ends,
    })


@login_required
@require_POST
def organisation_export(request, pk: int):
    org = _organisation_for(request.user, pk)
    if not can_export_organisation(request.user, org):
        raise PermissionDenied
    content = organisations.export_zip(org)
    audit.record(request.user, org, "export")
    return _download(content, f"werkbaar-organisation-{org.pk}-{timezone.localdate().isoformat()}.zip",
                     "application/zip")


@login_required
@require_http_methods(["GET", "POST"])
def organisation_erase(request, pk: int):
    org = _organisation_for(request.user, pk)
    if not can_erase_organisation(request.user, org):
        raise PermissionDenied
    back = reverse("privacy:organisation", args=[org.pk])
    if not organisations.erasable(org):
        messages.error(request, organisations.refusal_message(org))
        return redirect(back)
    form = NameConfirmForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        try:
            organisations.erase(org, request.user)
        except organisations.ErasureRefused as exc:
            messages.error(request, str(exc))
            return redirect(back)
        messages.success(request, _("The data of %(name)s has been erased.") % {"name": org.name})
        return redirect("privacy:organisations")
    return render(request, "core/confirm.html", {
        "title": _("Erase the data of %(name)s") % {"name": org.name},
        "question": _("This deletes the organisation with its scan campaigns and results, action plans, network "
                      "participations and memberships. The history (audit trail) is kept. This cannot be undone."),
        "form": form, "danger": True, "confirm_label": _("Erase for good"), "cancel_url": back,
    })
