"""Data of the cross-sector views (issue 17.3): the workability tags of covenant actions, and the number of
companies per joint committee (the denominator of the reach).

Both live here rather than in ``covenants``/``reporting`` so that the covenant file and the report models
stay untouched (decision 0010). ``ActionTags`` is one row per tagged covenant action; an action without
a row has no tags.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionTags(models.Model):
    action = models.OneToOneField("covenants.CovenantAction", on_delete=models.CASCADE, related_name="workability_tags",
                                  verbose_name=_("covenant action"))
    #: Values of ``cross_rules.WORKABLE_WORK_THEMES`` and ``cross_rules.RISK_INDICATORS`` (JSON lists).
    themes = models.JSONField(_("workable-work themes"), default=list, blank=True)
    indicators = models.JSONField(_("risk indicators"), default=list, blank=True)

    class Meta:
        verbose_name = _("workability tags of a covenant action")
        verbose_name_plural = _("workability tags of covenant actions")

    def __str__(self) -> str:
        return str(self.action)


class CompanyCount(models.Model):
    """The number of companies (employers) in a joint committee in a year, with the source of the figure."""

    joint_committee = models.ForeignKey("core.JointCommittee", on_delete=models.CASCADE, related_name="company_counts",
                                        verbose_name=_("joint committee"))
    year = models.PositiveIntegerField(_("year"), validators=[MinValueValidator(2000)])
    companies = models.PositiveIntegerField(_("companies"))
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["joint_committee__code", "-year"]
        verbose_name = _("companies per joint committee")
        verbose_name_plural = _("companies per joint committee")
        constraints = [models.UniqueConstraint(fields=["joint_committee", "year"], name="unique_company_count_year")]

    def __str__(self) -> str:
        return f"{self.joint_committee} {self.year}: {self.companies}"
