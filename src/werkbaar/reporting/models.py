"""Models of the reporting app: report templates, reports with their submitted versions, remarks,
evidence, extensions, reminders, indicator values over time, evaluations, payments and the reach
of joint committees.

An approved report is locked: ``Report.save()`` refuses to change a report whose stored status is
``approved`` (the admin and the views show it read-only as well).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkbaar.core import formats
from werkbaar.core.models import JointCommittee
from werkbaar.covenants.models import Covenant, Priority, ResultIndicator


class ReportLocked(Exception):
    """An approved report cannot be changed."""


class ReportTemplate(models.Model):
    """The department's reporting template for a covenant generation. ``spec`` declares the sections
    as data (see ``reporting.template_spec``); a new version is a new row."""

    generation = models.CharField(_("generation"), max_length=20)
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    spec = models.JSONField(_("sections"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["generation", "-version"]
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        constraints = [models.UniqueConstraint(fields=["generation", "version"], name="unique_template_version")]

    def __str__(self) -> str:
        return f"{self.title} ({self.generation} v{self.version})"


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("Progress report")
    FINAL = "final", _("Final report")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    RETURNED = "returned", _("Returned")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    APPROVED = "approved", _("Approved")


class Report(models.Model):
    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="reports",
                                 verbose_name=_("covenant"))
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT, related_name="reports",
                                 verbose_name=_("template"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    content = models.JSONField(_("content"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "covenant__code"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [models.UniqueConstraint(fields=["covenant", "kind"], name="unique_report_kind")]

    def __str__(self) -> str:
        return f"{self.covenant.code} – {self.get_kind_display()}"

    @property
    def is_locked(self) -> bool:
        return self.status == ReportStatus.APPROVED

    def save(self, *args, **kwargs):
        if self.pk:
            stored = Report.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == ReportStatus.APPROVED:
                raise ReportLocked(_("An approved report cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk and Report.objects.filter(pk=self.pk, status=ReportStatus.APPROVED).exists():
            raise ReportLocked(_("An approved report cannot be changed."))
        return super().delete(*args, **kwargs)


class ReportVersion(models.Model):
    """What was submitted: a frozen snapshot (labels and values) and the PDF rendered from it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("snapshot"))
    pdf = models.FileField(_("PDF"), upload_to="reporting/versions/", blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["report", "number"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="unique_report_version")]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class SectionRemark(models.Model):
    """A reviewer's remark on one section, made when returning a report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="remarks")
    version = models.ForeignKey(ReportVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="remarks")
    section = models.CharField(_("section"), max_length=60)
    section_title = models.CharField(_("section title"), max_length=300, blank=True)
    text = models.TextField(_("remark"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("remark")
        verbose_name_plural = _("remarks")


class EvidenceFile(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    section = models.CharField(_("section"), max_length=60)
    file = models.FileField(_("file"), upload_to="reporting/evidence/")
    name = models.CharField(_("name"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    #: Set by the retention purge (``werkbaar purge``) when the file was deleted after the archive period.
    purged_on = models.DateField(_("file deleted on"), null=True, blank=True)

    class Meta:
        ordering = ["section", "name"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.name


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class ExtensionRequest(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="extensions")
    requested_due_date = models.DateField(_("requested due date"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=20, choices=ExtensionStatus.choices,
                              default=ExtensionStatus.PENDING)
    previous_due_date = models.DateField(_("previous due date"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")

    def __str__(self) -> str:
        return f"{self.report}: {formats.short_date(self.requested_due_date)}"


class ReminderKind(models.TextChoices):
    DAYS_30 = "d30", _("30 days before the due date")
    DAYS_7 = "d7", _("7 days before the due date")
    DAYS_1 = "d1", _("1 day before the due date")
    OVERDUE = "overdue", _("Overdue")


class ReminderSent(models.Model):
    """One reminder sent; (report, kind, due date) is unique, so the command is idempotent and a
    moved due date gets its own reminders."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    due_date = models.DateField(_("due date"))
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["report", "kind", "due_date"], name="unique_reminder_per_due_date")
        ]


class IndicatorValue(models.Model):
    """A value of a result indicator for a period: the series per indicator."""

    class Source(models.TextChoices):
        REPORT = "report", _("report")
        LINKED = "linked", _("linked data")
        EVALUATION = "evaluation", _("evaluation")

    indicator = models.ForeignKey(ResultIndicator, on_delete=models.CASCADE, related_name="values",
                                  verbose_name=_("result indicator"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.REPORT)
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicator_values")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "period_end"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_end", "source"], name="unique_indicator_value")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.priority.code} {formats.short_date(self.period_end)}: " \
               f"{formats.number(self.value, max_decimals=2)}"


class Evaluation(models.Model):
    """The department's evaluation of a final report."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="evaluation")
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    evaluated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")


class PriorityEvaluation(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="lines")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="+")
    met = models.BooleanField(_("met"))
    value = models.DecimalField(_("result"), max_digits=14, decimal_places=2, null=True, blank=True)
    justification = models.TextField(_("justification"))

    class Meta:
        ordering = ["priority__order", "priority__code"]


class PaymentKind(models.TextChoices):
    FINAL = "final", _("Final payment (balance)")
    ADVANCE = "advance", _("Advance")


class PaymentStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")


class Payment(models.Model):
    """A payment of a covenant's grant. The final payment is the result of the evaluation: what is paid
    (the balance), on which basis and when, with the decision letter. An advance is a row of the
    covenant's schedule of advances (``reporting.advances``): due date and amount, approved and paid
    through ``ADVANCE_WORKFLOW``; the paid advances are the financial account's advances paid."""

    kind = models.CharField(_("kind"), max_length=10, choices=PaymentKind.choices, default=PaymentKind.FINAL)
    covenant = models.ForeignKey(Covenant, null=True, on_delete=models.CASCADE, related_name="payments",
                                 verbose_name=_("covenant"))
    status = models.CharField(_("status"), max_length=20, choices=PaymentStatus.choices,
                              default=PaymentStatus.APPROVED)
    report = models.OneToOneField(Report, null=True, blank=True, on_delete=models.CASCADE, related_name="payment")
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=14, decimal_places=2)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    priorities_met = models.PositiveIntegerField(_("priorities met"), default=0)
    priorities_total = models.PositiveIntegerField(_("priorities in total"), default=0)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    payment_date = models.DateField(_("payment date"), null=True, blank=True)
    settlement = models.JSONField(_("settlement"), default=dict, blank=True)
    letter = models.FileField(_("decision letter"), upload_to="reporting/letters/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def save(self, *args, **kwargs):
        if self.covenant_id is None and self.report_id is not None:
            self.covenant_id = self.report.covenant_id  # a final payment belongs to its report's covenant
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        what = self.report if self.report_id else f"{self.covenant} – {self.get_kind_display()}"
        return f"{what}: EUR {formats.money(self.amount_eur)}"

    @property
    def basis(self) -> str:
        return f"{self.priorities_met}/{self.priorities_total}"

    @property
    def reference(self) -> str:
        """The letter's reference number: fixed once the payment exists (its id), e.g. WSE/VIVO-2016-2017/00012."""
        covenant = self.covenant if self.covenant_id else self.report.covenant
        return f"WSE/{covenant.code}/{self.pk:05d}"

    @property
    def to_recover(self) -> bool:
        """A negative amount is recovered from the sector (the advances exceed the final grant)."""
        return self.amount_eur < 0


class CommitteeReach(models.Model):
    """Employees covered by a joint committee in a year, with the source of the figure."""

    joint_committee = models.ForeignKey(JointCommittee, on_delete=models.CASCADE, related_name="reach",
                                        verbose_name=_("joint committee"))
    year = models.PositiveIntegerField(_("year"))
    employees = models.PositiveIntegerField(_("employees"))
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["joint_committee__code", "-year"]
        verbose_name = _("reach per joint committee")
        verbose_name_plural = _("reach per joint committee")
        constraints = [models.UniqueConstraint(fields=["joint_committee", "year"], name="unique_reach_year")]

    def __str__(self) -> str:
        return f"{self.joint_committee} {self.year}: {self.employees}"


from .followup_models import (  # noqa: E402,F401 - the follow-up models live in their own module (issue 14)
    FollowUpMeeting,
    InterimEvaluation,
    InterimPriority,
    Signal,
)
from .payment_files import PaymentExport, PaymentExportLine  # noqa: E402,F401  (issue 19, own module)
