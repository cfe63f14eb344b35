"""An organisation's bank account (IBAN, BIC, holder); rules and views in core/bank.py and core/bank_views.py."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BankAccount(models.Model):
    """The account a sector fund or a company is paid on; every change is in the audit trail."""

    organisation = models.OneToOneField(
        "core.Organisation", on_delete=models.CASCADE, related_name="bank_account", verbose_name=_("organisation"))
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    holder = models.CharField(_("account holder"), max_length=200)
    changed_at = models.DateTimeField(_("last changed"), auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")

    def __str__(self) -> str:
        return f"{self.iban} ({self.holder})"
