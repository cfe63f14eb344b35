"""Models of the fund app: calls, applications with their cost lines, reviews, decisions and payments.

A call is opened by the department (no owner sector) or by a sector fund (owner sector, for example
Vorm DC's studies, peer coaching, awareness and training, and yearly campaign). The application's
state only changes through ``fund.workflows.APPLICATION_WORKFLOW``; money is ``Decimal`` with two
places. What an application is worth is never stored twice: ``services.assessment_for`` computes it
with ``fund.assessment.assess`` from the call, the applicant's declarations and the cost lines.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0")


class CostCategory(models.TextChoices):
    SCAN = "scan", _("Workability scan")
    COACHING = "coaching", _("Coaching")
    TRAINING = "training", _("Training")
    ERGONOMICS = "ergonomics", _("Ergonomic aids")
    ACTION = "action", _("Action from the action plan")
    STUDY = "study", _("Study")
    PEER_COACHING = "peer_coaching", _("Peer coaching")
    AWARENESS = "awareness", _("Awareness and training")
    CAMPAIGN = "campaign", _("Yearly campaign")
    OTHER = "other", _("Other")


def money_field(label, **kw):
    return models.DecimalField(label, max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)], **kw)


class FundCall(models.Model):
    """A call for applications with its budget and rules (the ``call`` of the assessment)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    owner_sector = models.ForeignKey(
        "core.Sector", null=True, blank=True, on_delete=models.PROTECT, related_name="fund_calls_owned",
        verbose_name=_("sector fund"), help_text=_("Empty for the department's own calls."),
    )
    sector = models.ForeignKey(
        "core.Sector", null=True, blank=True, on_delete=models.PROTECT, related_name="fund_calls",
        verbose_name=_("only for companies of sector"),
    )
    opens = models.DateField(_("opens"))
    closes = models.DateField(_("closes"))
    budget_eur = money_field(_("budget (EUR)"))
    rate = models.DecimalField(
        _("co-financing rate"), max_digits=5, decimal_places=4,
        validators=[MinValueValidator(Decimal("0.0001")), MaxValueValidator(Decimal("1"))],
    )
    ceiling_eur = money_field(_("ceiling per applicant (EUR)"))
    minimum_eur = money_field(_("minimum (EUR)"), default=ZERO)
    eligible_categories = models.JSONField(_("eligible cost categories"), default=list)
    requires_scan = models.BooleanField(_("a recent closed scan is required"), default=False)
    scan_max_age_months = models.PositiveSmallIntegerField(_("maximum age of the scan (months)"), default=24)
    advance_share = models.DecimalField(
        _("advance at approval (share)"), max_digits=5, decimal_places=4, default=ZERO,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("1"))],
    )
    reviews_required = models.PositiveSmallIntegerField(_("reviews per application"), default=2)
    #: What reviewers score, each from 1 to 5 (a list of short texts); empty: one overall score.
    criteria = models.JSONField(_("assessment criteria"), default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens", "code"]
        verbose_name = _("fund call")
        verbose_name_plural = _("fund calls")
        constraints = [
            models.CheckConstraint(condition=models.Q(closes__gte=models.F("opens")), name="fund_call_closes_after_opens"),
            models.CheckConstraint(condition=models.Q(rate__gt=0, rate__lte=1), name="fund_call_rate_range"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"

    @property
    def title(self) -> str:
        language = (get_language() or "nl")[:2]
        return getattr(self, f"title_{language}", "") or self.title_nl


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    PARTIALLY_APPROVED = "partially_approved", _("Partially approved")
    REFUSED = "refused", _("Refused")
    FINAL_REPORT = "final_report", _("Final report submitted")
    PAID = "paid", _("Paid")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(models.Model):
    """A company's (or a sector fund's, on its behalf) request for a contribution from one call."""

    call = models.ForeignKey(FundCall, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call"))
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="fund_applications",
                                     verbose_name=_("organisation"))
    status = models.CharField(_("state"), max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT)
    language = models.CharField(_("language"), max_length=5, default="nl")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    #: The applicant's declaration of other de-minimis aid: [{"granted_on": "YYYY-MM-DD", "amount_eur": "0.00"}].
    de_minimis = models.JSONField(_("other de-minimis aid"), default=list, blank=True)
    scan_closed_on = models.DateField(_("latest closed scan"), null=True, blank=True)
    workability_rate = models.DecimalField(_("workability rate (%)"), max_digits=5, decimal_places=1, null=True,
                                           blank=True)
    top_risks = models.JSONField(_("top risks"), default=list, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("fund application")
        verbose_name_plural = _("fund applications")

    def __str__(self) -> str:
        return f"{self.call.code} – {self.organisation}"


class CostLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="costs")
    category = models.CharField(_("category"), max_length=20, choices=CostCategory.choices)
    description = models.CharField(_("description"), max_length=300)
    amount_eur = money_field(_("amount (EUR)"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")

    def __str__(self) -> str:
        return f"{self.description} ({self.amount_eur} EUR)"


class Quote(models.Model):
    """A quote (PDF or image, at most 10 MB) uploaded with the application; served only through the page."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="quotes")
    file = models.FileField(_("file"), upload_to="fund/quotes/")
    name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return self.name


class Comment(models.Model):
    """A remark on an application by the company or its union delegate."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("comment"), max_length=4000)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created"]


class ConflictOfInterest(models.Model):
    """A reviewer's declared conflict: that reviewer cannot review the application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "user"], name="fund_unique_conflict")]


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("Approve")
    PARTIAL = "partial", _("Approve partially")
    REFUSE = "refuse", _("Refuse")


class Review(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    #: The overall score: the given one, or the average of ``scores`` rounded half up.
    score = models.PositiveSmallIntegerField(_("score (1-5)"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    #: Per criterion of the call: {criterion: 1-5}.
    scores = models.JSONField(default=dict, blank=True)
    recommendation = models.CharField(_("recommendation"), max_length=10, choices=Recommendation.choices)
    comment = models.TextField(_("comment"), max_length=4000, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="fund_one_review_each")]


class Decision(models.Model):
    """The decision on an application; ``amount_eur`` is committed against the call's budget."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        PARTIALLY_APPROVED = "partially_approved", _("Partially approved")
        REFUSED = "refused", _("Refused")

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    amount_eur = money_field(_("approved amount (EUR)"), default=ZERO)
    reason = models.TextField(_("reason"), max_length=4000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)


class FinalReport(models.Model):
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="final_report")
    text = models.TextField(_("what was done"), max_length=4000)
    proven_eligible_eur = money_field(_("proven eligible costs (EUR)"))
    created = models.DateTimeField(auto_now_add=True)


class Payment(models.Model):
    class Kind(models.TextChoices):
        ADVANCE = "advance", _("Advance")
        BALANCE = "balance", _("Balance")
        RECOVERY = "recovery", _("Recovery")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    #: Positive for a payment to the applicant, negative for a recovery.
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="fund_one_payment_per_kind"),
        ]
