"""Termination of a covenant (seed 002 l.5716-5742): the documented serious shortfall and the termination.

``ShortfallFinding`` is what the department's evaluation found: that the social partners fall seriously
short of the intended objectives (linked to the evaluation of the final report when there is one). It
is the only ground for a termination with reason ``serious_shortfall``. ``Termination`` records the
step taken through ``covenants.workflow`` (``give_notice`` or ``terminate``): the reason, the date of the
registered letter or decision, and the computed end (``covenants.termination_rules``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TerminationReason(models.TextChoices):
    NOTICE = "notice", _("Notice with a notice period of 6 months (registered letter)")
    GENERAL_INTEREST = "general_interest", _("The general interest in exceptional circumstances (no notice period)")
    SERIOUS_SHORTFALL = "serious_shortfall", _(
        "A serious shortfall found in the department's evaluation (no notice period)")


class NoticeParty(models.TextChoices):
    GOVERNMENT = "government", _("The Flemish Government")
    SECTOR = "sector", _("The sector's social partners")


class ShortfallFinding(models.Model):
    covenant = models.ForeignKey("covenants.Covenant", on_delete=models.CASCADE, related_name="shortfalls")
    evaluation = models.ForeignKey("reporting.Evaluation", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="shortfalls", verbose_name=_("evaluation"))
    found_on = models.DateField(_("found on"))
    description = models.TextField(_("what falls seriously short"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-found_on", "-pk"]
        verbose_name = _("serious shortfall")
        verbose_name_plural = _("serious shortfalls")

    def __str__(self) -> str:
        return f"{self.covenant} {self.found_on}"


class Termination(models.Model):
    covenant = models.OneToOneField("covenants.Covenant", on_delete=models.CASCADE, related_name="termination")
    reason = models.CharField(_("reason"), max_length=30, choices=TerminationReason.choices)
    party = models.CharField(_("party giving notice"), max_length=20, choices=NoticeParty.choices,
                             default=NoticeParty.GOVERNMENT)
    letter_date = models.DateField(_("date of the registered letter"))
    notice_starts = models.DateField(_("notice period starts"), null=True, blank=True)
    notice_ends = models.DateField(_("notice period ends"), null=True, blank=True)
    ends_on = models.DateField(_("the covenant ends on"))
    shortfall = models.ForeignKey(ShortfallFinding, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="terminations", verbose_name=_("serious shortfall"))
    remark = models.TextField(_("remark"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("termination")
        verbose_name_plural = _("terminations")

    def __str__(self) -> str:
        return f"{self.covenant}: {self.get_reason_display()}"
