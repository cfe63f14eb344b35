"""The organisation's bank account page: show, change (core/bank.py), and the flag near a payment."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import bank
from .bank_models import BankAccount
from .models import Organisation
from .permissions import can_manage_bank_account


class BankAccountForm(forms.Form):
    iban = forms.CharField(label=gettext_lazy("IBAN"), max_length=42)
    bic = forms.CharField(label=gettext_lazy("BIC"), max_length=11, required=False)
    holder = forms.CharField(label=gettext_lazy("account holder"), max_length=200)


@login_required
def bank_account(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    if not can_manage_bank_account(request.user, organisation):
        raise Http404
    account = BankAccount.objects.filter(organisation=organisation).first()
    initial = {"iban": account.iban, "bic": account.bic, "holder": account.holder} if account else {}
    form = BankAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            bank.change_account(request.user, organisation, **form.cleaned_data)
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(name, problems)
        else:
            messages.success(request, _("The bank account is saved."))
            return redirect("bank_account", pk=organisation.pk)
    return render(request, "core/bank_account.html", {
        "organisation": organisation, "account": account, "form": form, "flag": bank.flag_for(account),
        "window": bank.WINDOW_DAYS,
    })
