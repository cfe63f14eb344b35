"""Sector covenants: the agreement, its signatories, priorities with result indicators and actions,
addenda, amendments, consultants with their absences.

The grant rules live in ``covenants.settlement`` (pure functions); the workflow of a covenant's
status in ``covenants.workflow``.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkbaar.core.models import JointCommittee, Sector


class Theme(models.Model):
    """A covenant theme: a decree theme (education-labour market, ...) or a generation's accent."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class CovenantStatus(models.TextChoices):
    DRAFTED = "drafted", _("Drafted (consultation)")
    BOARD_APPROVED = "board_approved", _("Approved by the sector board")
    NEGOTIATED = "negotiated", _("Negotiated")
    SIGNED = "signed", _("Signed")
    ACTIVE = "active", _("Active")
    AMENDED = "amended", _("Active, amended")
    SUSPENDED = "suspended", _("Suspended")
    NOTICE_GIVEN = "notice_given", _("Under notice")
    ENDED = "ended", _("Ended")


class Covenant(models.Model):
    code = models.CharField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="covenants", verbose_name=_("sector"))
    generation = models.CharField(_("generation"), max_length=20, help_text=_("For example 2021-2022"))
    start = models.DateField(_("start of the term"))
    end = models.DateField(_("end of the term"))
    status = models.CharField(
        _("status"), max_length=20, choices=CovenantStatus.choices, default=CovenantStatus.DRAFTED
    )
    funded_fte = models.DecimalField(
        _("funded FTE"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    max_grant_eur = models.DecimalField(
        _("maximum grant (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True,
        help_text=_("Leave empty to compute it from the rate per FTE-year."),
    )
    rate_per_fte_year_eur = models.DecimalField(
        _("rate per FTE-year (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    result_share = models.DecimalField(
        _("result share"), max_digits=4, decimal_places=3, default=Decimal("0.100"),
        help_text=_("Share of the maximum grant paid only for result indicators met, e.g. 0.10 or 0.20."),
    )
    effort_share = models.DecimalField(
        _("effort share"), max_digits=4, decimal_places=3, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Share of the maximum grant tied to the effort commitments, e.g. 0.80 from 2021; 0 before."),
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="covenants", verbose_name=_("themes"))
    environment_analysis = models.TextField(_("environment analysis"), blank=True)
    vision = models.TextField(_("vision"), blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=300, blank=True)
    # The financial account of the final report (docs/settlement.md): eligible costs per category and
    # the advances the sector received. Empty until the final report's account is recorded.
    account_salaries_eur = models.DecimalField(
        _("eligible costs: salaries (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    account_running_costs_eur = models.DecimalField(
        _("eligible costs: running costs (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    account_advances_eur = models.DecimalField(
        _("advances received (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start", "code"]
        verbose_name = _("covenant")
        verbose_name_plural = _("covenants")
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="covenant_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end of the term lies before its start.")
        if self.max_grant_eur is None and self.rate_per_fte_year_eur is None:
            errors["max_grant_eur"] = _("Give either a maximum grant or a rate per FTE-year.")
        if self.result_share is not None and not (Decimal("0") <= self.result_share <= Decimal("1")):
            errors["result_share"] = _("The result share is a fraction between 0 and 1, e.g. 0.20.")
        elif (self.result_share is not None and self.effort_share is not None
              and self.result_share + self.effort_share > 1):
            errors["effort_share"] = _("The result share and the effort share together exceed 1 (the whole grant).")
        if errors:
            raise ValidationError(errors)


class Signatory(models.Model):
    class Side(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        EMPLOYER = "employer", _("Employer side")
        EMPLOYEE = "employee", _("Employee side")

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("name"), max_length=200)
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    function = models.CharField(_("function or organisation"), max_length=300, blank=True)

    class Meta:
        ordering = ["side", "name"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_side_display()})"


class Priority(models.Model):
    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="priorities")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    motivation = models.TextField(_("motivation"), blank=True)
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="priorities")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["covenant", "order", "code"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        constraints = [models.UniqueConstraint(fields=["covenant", "code"], name="unique_priority_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class IndicatorUnit(models.TextChoices):
    """One shared list of units, so that indicators can be compared and summed across sectors."""

    PEOPLE_REACHED = "people_reached", _("people reached")
    EMPLOYERS_REACHED = "employers_reached", _("employers reached")
    MEETINGS = "meetings", _("meetings")
    LEARNING_WORKPLACES = "learning_workplaces", _("learning workplaces")
    VISITORS = "visitors", _("visitors")
    PARTICIPANTS = "participants", _("participants")
    TRAJECTORIES = "trajectories", _("trajectories")
    OTHER = "other", _("other (not comparable)")


class ResultIndicator(models.Model):
    class Period(models.TextChoices):
        YEAR = "year", _("per year")
        TERM = "term", _("per term")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("increase")
        DECREASE = "decrease", _("decrease")
        MAINTAIN = "maintain", _("maintain")

    priority = models.OneToOneField(Priority, on_delete=models.CASCADE, related_name="indicator")
    description = models.TextField(_("description"))
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=30, choices=IndicatorUnit.choices, default=IndicatorUnit.OTHER)
    unit_text = models.CharField(_("unit as written"), max_length=100, blank=True)
    period = models.CharField(_("period"), max_length=10, choices=Period.choices, default=Period.TERM)
    conditions = models.TextField(_("conditions"), blank=True)
    baseline_value = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE)
    linked_source = models.CharField(
        _("linked data source"), max_length=100, blank=True,
        help_text=_("Werkbaar fills in the value from this source (see covenants.linked_sources)."),
    )
    # Outcome, filled in at evaluation; feeds the result share of the settlement.
    result_value = models.DecimalField(_("result"), max_digits=14, decimal_places=2, null=True, blank=True)
    result_met = models.BooleanField(_("met"), null=True, blank=True)
    result_note = models.TextField(_("justification"), blank=True)

    class Meta:
        verbose_name = _("result indicator")
        verbose_name_plural = _("result indicators")

    def __str__(self) -> str:
        from werkbaar.core.formats import number

        return f"{self.priority.code}: {number(self.target_value, max_decimals=2)} " \
               f"{self.unit_text or self.get_unit_display()}"


class CovenantAction(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")
        CONDITIONAL = "conditional", _("conditional")

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    objective = models.TextField(_("intended objective"), blank=True)
    timing = models.CharField(_("timing or frequency"), max_length=200, blank=True)
    partners = models.JSONField(_("partners"), default=list, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    order = models.PositiveIntegerField(default=0)
    # Defaults for a learning network that carries out this action (see networks.Network).
    network_min_sessions = models.PositiveIntegerField(
        _("minimum sessions per learning network"), null=True, blank=True,
        help_text=_("For an action carried out through learning networks, e.g. 6 (VIVO action 4.2)."),
    )
    network_idea_themes = models.JSONField(
        _("themes of the learning networks' recommendations board"), default=list, blank=True,
    )

    class Meta:
        ordering = ["priority", "order", "code"]
        verbose_name = _("covenant action")
        verbose_name_plural = _("covenant actions")
        constraints = [models.UniqueConstraint(fields=["priority", "code"], name="unique_action_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Addendum(models.Model):
    class Kind(models.TextChoices):
        NON_DISCRIMINATION = "non_discrimination", _("Non-discrimination and inclusion")
        DUAL_LEARNING = "dual_learning", _("Dual learning")
        FOCUS_ON_TALENT = "focus_on_talent", _("Focus on talent")
        KILOMETRE_CHARGE = "kilometre_charge", _("Kilometre charge")
        OTHER = "other", _("Other")

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="addenda")
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    budget_eur = models.DecimalField(_("budget (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True)
    fte = models.DecimalField(_("FTE"), max_digits=6, decimal_places=2, null=True, blank=True)
    result_share = models.DecimalField(
        _("result share"), max_digits=4, decimal_places=3, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Share of the budget paid only for commitments met, a fraction from 0 to 1, e.g. 0.2."),
    )
    #: [{"code": "ND1", "description": "...", "met": true/false/null}]; null is pending.
    commitments = models.JSONField(_("commitments"), default=list, blank=True)

    class Meta:
        verbose_name = _("addendum")
        verbose_name_plural = _("addenda")

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def commitment_items(self) -> list[dict]:
        """The commitments as {code, description, met} (rows written before issue 14 hold plain strings)."""
        from .final_account import commitment_dict

        return [commitment_dict(c) for c in self.commitments or []]

    @property
    def commitment_descriptions(self) -> list[str]:
        return [c["description"] for c in self.commitment_items]


class Amendment(models.Model):
    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="amendments")
    vesoc_date = models.DateField(_("date of the VESOC consultation"))
    description = models.TextField(_("what changed"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-vesoc_date"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def __str__(self) -> str:
        return f"{self.covenant} {self.vesoc_date}"


class Consultant(models.Model):
    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="consultants")
    name = models.CharField(_("name"), max_length=200)
    fte = models.DecimalField(_("FTE"), max_digits=4, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    start = models.DateField(_("start"), null=True, blank=True, help_text=_("Empty: the start of the term."))
    end = models.DateField(_("end"), null=True, blank=True, help_text=_("Empty: the end of the term."))
    sector_account = models.ForeignKey(
        JointCommittee, null=True, blank=True, on_delete=models.PROTECT, related_name="consultants",
        verbose_name=_("sector account (joint committee)"),
    )
    # A consultant of an addendum with FTE (the kilometre charge) counts for that addendum only, never for
    # the base grant (docs/settlement.md, "Addenda with FTE").
    addendum = models.ForeignKey(
        Addendum, null=True, blank=True, on_delete=models.CASCADE, related_name="consultants",
        verbose_name=_("addendum"), help_text=_("Empty: a consultant of the covenant itself."),
    )

    class Meta:
        ordering = ["covenant", "name", "start"]
        verbose_name = _("consultant")
        verbose_name_plural = _("consultants")

    def __str__(self) -> str:
        return self.name

    @property
    def effective_start(self):
        return self.start or self.covenant.start

    @property
    def effective_end(self):
        return self.end or self.covenant.end


class Absence(models.Model):
    class Kind(models.TextChoices):
        SICKNESS = "sickness", _("sickness")
        TIME_CREDIT = "time_credit", _("time credit")
        CAREER_BREAK = "career_break", _("career break")
        MATERNITY = "maternity", _("maternity or parental leave")
        OTHER = "other", _("other")

    consultant = models.ForeignKey(Consultant, on_delete=models.CASCADE, related_name="absences")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    replaced = models.BooleanField(_("adequately replaced"), default=False)

    class Meta:
        ordering = ["consultant", "start"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")

    def __str__(self) -> str:
        return f"{self.consultant}: {self.start} – {self.end}"


# The addenda as processes (issue 14): phases of a non-discrimination addendum, dual-learning counts.
from .addenda_process import AddendumPhase, DualLearningFigure  # noqa: E402, F401

# The money and the termination (issue 14): effort commitments, serious shortfalls, terminations.
from .effort import EffortCommitment  # noqa: E402, F401
from .termination import ShortfallFinding, Termination  # noqa: E402, F401
