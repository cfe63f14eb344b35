"""Models of the payment files (issue 19): a ``PaymentExport`` batch and its lines.

A batch is one ISO 20022 credit transfer file (pain.001.001.03) with the payments it holds, who made
it, when, and the file's SHA-256 checksum. A line points at exactly one payment: a covenant payment
(``reporting.Payment``) or a fund payment (``fund.Payment``). A payment has at most one *active*
line (a database constraint, so two exports at once cannot both hold it); a re-export makes the old
batch's lines inactive and records the reason in the new batch (``reexport_of``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PaymentExport(models.Model):
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("exported by"))
    created_at = models.DateTimeField(_("exported at"), auto_now_add=True)
    execution_date = models.DateField(_("requested execution date"))
    message_id = models.CharField(_("message id"), max_length=35)
    count = models.PositiveIntegerField(_("number of payments"))
    total_eur = models.DecimalField(_("total (EUR)"), max_digits=14, decimal_places=2)
    content = models.BinaryField(_("file"))
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64)
    reexport_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reexports", verbose_name=_("re-export of"))
    reason = models.TextField(_("reason for the re-export"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("payment file")
        verbose_name_plural = _("payment files")

    def __str__(self) -> str:
        return f"{_('Payment file')} {self.pk}"

    @property
    def filename(self) -> str:
        return f"werkbaar-payments-{self.pk:05d}.xml"


class PaymentExportLine(models.Model):
    export = models.ForeignKey(PaymentExport, on_delete=models.CASCADE, related_name="lines")
    covenant_payment = models.ForeignKey("reporting.Payment", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="export_lines")
    fund_payment = models.ForeignKey("fund.Payment", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="export_lines")
    active = models.BooleanField(default=True)
    kind = models.CharField(_("kind"), max_length=30)
    beneficiary = models.CharField(_("beneficiary"), max_length=200)
    iban = models.CharField("IBAN", max_length=34)
    bic = models.CharField("BIC", max_length=11)
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=14, decimal_places=2)
    end_to_end_id = models.CharField(_("end-to-end id"), max_length=35)
    communication = models.CharField(_("structured communication"), max_length=21)
    reference = models.CharField(_("reference"), max_length=100)

    class Meta:
        ordering = ["export", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(covenant_payment__isnull=True, fund_payment__isnull=False)
                | Q(covenant_payment__isnull=False, fund_payment__isnull=True),
                name="payment_line_one_payment",
            ),
            models.UniqueConstraint(fields=["covenant_payment"], condition=Q(active=True),
                                    name="covenant_payment_exported_once"),
            models.UniqueConstraint(fields=["fund_payment"], condition=Q(active=True),
                                    name="fund_payment_exported_once"),
        ]
