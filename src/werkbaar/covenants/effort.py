"""Effort commitments of a covenant (*inspanningsverbintenissen*, the 2021 rule) and their assessment.

The rule that turns the assessments into money is ``covenants.effort_rules`` (pure); this module holds
the stored commitments. Only the department records and assesses them (money).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .effort_rules import Assessment


class EffortAssessmentChoice(models.TextChoices):
    PENDING = Assessment.PENDING, _("not assessed yet")
    FULFILLED = Assessment.FULFILLED, _("fulfilled")
    PARTLY = Assessment.PARTLY, _("partly fulfilled")
    NOT = Assessment.NOT, _("not fulfilled")


class EffortCommitment(models.Model):
    covenant = models.ForeignKey("covenants.Covenant", on_delete=models.CASCADE, related_name="effort_commitments")
    code = models.CharField(_("code"), max_length=20)
    description = models.TextField(_("description"))
    order = models.PositiveIntegerField(default=0)
    assessment = models.CharField(_("assessment"), max_length=20, blank=True, choices=EffortAssessmentChoice.choices,
                                  default=EffortAssessmentChoice.PENDING)
    remark = models.TextField(_("the department's remark"), blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)

    class Meta:
        ordering = ["covenant", "order", "code"]
        verbose_name = _("effort commitment")
        verbose_name_plural = _("effort commitments")
        constraints = [models.UniqueConstraint(fields=["covenant", "code"], name="unique_effort_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.description[:80]}"
