"""The addenda as processes: the four phases of a non-discrimination addendum and the counts of a
dual-learning addendum (models imported by ``covenants.models``), and the workflows of a phase.

A non-discrimination addendum gets its four phases (risk analysis, baseline measurement, action plan,
follow-up measurement) as soon as it is saved (``ensure_phases``). A phase's status changes only
through ``PHASE_WORKFLOW`` (the sector and the department: start, complete, not done, waive with a
reason, reopen); the department's review through ``REVIEW_WORKFLOW`` (approve, return with remarks).
An approved phase is closed to the sector until the department returns it. The rules are pure
functions in ``covenants.addenda_rules``; pages in ``covenants.addenda_views``.
"""

from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from werkbaar.core.permissions import can_edit_sector, is_department
from werkbaar.core.workflow import Transition, TransitionNotAllowed, Workflow

from . import addenda_rules as rules


class Phase(models.TextChoices):
    RISK_ANALYSIS = "risk_analysis", _("Risk analysis")
    BASELINE = "baseline", _("Baseline measurement")
    ACTION_PLAN = "action_plan", _("Action plan")
    FOLLOW_UP = "follow_up", _("Follow-up measurement")


class PhaseStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    NOT_DONE = "not_done", _("not done")
    WAIVED = "waived", _("waived")


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("not reviewed yet")
    APPROVED = "approved", _("approved by the department")
    RETURNED = "returned", _("returned with remarks")


class Method(models.TextChoices):
    CORRESPONDENCE_TEST = "correspondence_test", _("correspondence test")
    MYSTERY_CALLS = "mystery_calls", _("mystery calls")
    SURVEY = "survey", _("survey")


class Domain(models.TextChoices):
    RECRUITMENT = "recruitment", _("recruitment")
    TRAINING = "training", _("training opportunities")
    SHOP_FLOOR = "shop_floor", _("dealing with each other on the shop floor")
    PROGRESSION = "progression", _("progression")


class Criterion(models.TextChoices):
    ORIGIN = "origin", _("origin")
    GENDER = "gender", _("gender")
    AGE = "age", _("age")
    DISABILITY = "disability", _("disability")
    OTHER = "other", _("other")


assert tuple(Phase.values) == rules.PHASES and tuple(PhaseStatus.values) == rules.STATUSES
assert tuple(Method.values) == rules.METHODS and tuple(Domain.values) == rules.DOMAINS
assert tuple(Criterion.values) == rules.CRITERIA


class AddendumPhase(models.Model):
    """One phase of a non-discrimination addendum, with the same result fields in every sector."""

    addendum = models.ForeignKey("covenants.Addendum", on_delete=models.CASCADE, related_name="phases",
                                 verbose_name=_("addendum"))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PhaseStatus.choices, default=PhaseStatus.PLANNED)
    #: Why the phase was waived or not done (written by the workflow step).
    status_reason = models.TextField(_("reason"), blank=True)
    domains = models.JSONField(_("domains looked at"), default=list, blank=True)
    method = models.CharField(_("method"), max_length=30, choices=Method.choices, blank=True)
    criteria = models.JSONField(_("criteria tested"), default=list, blank=True)
    tests_count = models.IntegerField(_("number of tests"), null=True, blank=True)
    key_result = models.TextField(_("key result (sector level only)"), blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="covenants/addenda/", blank=True)
    evidence_name = models.CharField(_("name of the evidence file"), max_length=200, blank=True)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    #: The day the retention purge deleted the evidence file (its name stays), as for a report's evidence.
    evidence_purged_on = models.DateField(_("evidence file deleted on"), null=True, blank=True)
    review_status = models.CharField(_("review"), max_length=20, choices=ReviewStatus.choices,
                                     default=ReviewStatus.OPEN)
    review_note = models.TextField(_("remarks of the department"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["addendum", "phase"]
        verbose_name = _("addendum phase")
        verbose_name_plural = _("addendum phases")
        constraints = [models.UniqueConstraint(fields=["addendum", "phase"], name="unique_addendum_phase")]

    def __str__(self) -> str:
        return f"{self.addendum}: {self.get_phase_display()}"

    @property
    def order(self) -> int:
        return rules.PHASES.index(self.phase)

    @property
    def covenant(self):
        return self.addendum.covenant

    @property
    def is_measurement(self) -> bool:
        return self.phase in rules.MEASUREMENTS

    @property
    def is_finished(self) -> bool:
        return self.status in rules.FINISHED

    def domain_labels(self) -> list[str]:
        return [str(Domain(d).label) for d in self.domains if d in Domain.values]

    def criterion_labels(self) -> list[str]:
        return [str(Criterion(c).label) for c in self.criteria if c in Criterion.values]

    def facts(self) -> rules.PhaseFacts:
        return rules.PhaseFacts(
            phase=self.phase, covenant_start=self.covenant.start, deadline=self.deadline, method=self.method,
            tests_count=self.tests_count, criteria=tuple(self.criteria or ()), domains=tuple(self.domains or ()),
            key_result=self.key_result,
        )


class DualLearningFigure(models.Model):
    """The dual-learning counts of one period (a quarter, a school year, a year) of a dual-learning addendum."""

    addendum = models.ForeignKey("covenants.Addendum", on_delete=models.CASCADE, related_name="dual_figures",
                                 verbose_name=_("addendum"))
    period_start = models.DateField(_("start of the period"))
    period_end = models.DateField(_("end of the period"))
    workplaces = models.IntegerField(_("learning workplaces"), null=True, blank=True,
                                     help_text=_("Recognised workplaces at the end of the period."))
    quality_workplaces = models.IntegerField(
        _("workplaces meeting the quality criteria"), null=True, blank=True,
        help_text=_("Of those workplaces: how many meet the sector's quality criteria at the end of the period."))
    company_visits = models.IntegerField(_("company visits"), null=True, blank=True,
                                         help_text=_("Visits for recognition and follow-up, virtual ones included."))
    recognitions = models.IntegerField(_("recognitions"), null=True, blank=True,
                                       help_text=_("Workplaces recognised or recognised again in the period."))
    mentors_trained = models.IntegerField(_("mentors trained"), null=True, blank=True)
    quality_note = models.TextField(_("quality of the workplaces"), blank=True,
                                    help_text=_("How the sector checks and improves the quality (mentor "
                                                "training, intervision, follow-up)."))

    class Meta:
        ordering = ["addendum", "period_start"]
        verbose_name = _("dual-learning count")
        verbose_name_plural = _("dual-learning counts")

    def __str__(self) -> str:
        from werkbaar.core.formats import short_date

        return f"{self.addendum}: {short_date(self.period_start)} – {short_date(self.period_end)}"

    def facts(self) -> rules.FigureFacts:
        covenant = self.addendum.covenant
        return rules.FigureFacts(covenant.start, covenant.end, self.period_start, self.period_end,
                                 {key: getattr(self, key) for key in rules.DUAL_FIGURES})


@receiver(post_save, sender="covenants.Addendum")
def _phases_of_a_new_addendum(sender, instance, **kwargs):
    ensure_phases(instance)


def ensure_phases(addendum) -> list[AddendumPhase]:
    """The four phases of a non-discrimination addendum, created (planned) where missing."""
    if addendum.kind != "non_discrimination":
        return []
    existing = {p.phase: p for p in addendum.phases.all()}
    for phase in rules.PHASES:
        if phase not in existing:
            existing[phase] = AddendumPhase.objects.create(addendum=addendum, phase=phase)
    return [existing[p] for p in rules.PHASES]


# --- workflows ----------------------------------------------------------------------------------


def may_edit(user, phase) -> bool:
    """The sector (staff and consultants) and the department, while the department has not approved it."""
    return can_edit_sector(user, phase.covenant.sector) and phase.review_status != ReviewStatus.APPROVED


def department(user, phase) -> bool:
    return is_department(user)


S = PhaseStatus
OPEN_STATES = (S.PLANNED, S.IN_PROGRESS)

PHASE_WORKFLOW = Workflow(
    name="addendum_phase",
    states=dict(PhaseStatus.choices),
    initial=S.PLANNED,
    transitions=[
        Transition("start", (S.PLANNED,), S.IN_PROGRESS, _("Start the phase"), allowed=may_edit),
        Transition("complete", OPEN_STATES, S.DONE, _("Mark the phase done"), allowed=may_edit,
                   check=lambda phase: rules.completion_problems(phase.facts()),
                   confirm=_("The phase is done; the department will review it.")),
        Transition("not_done", OPEN_STATES, S.NOT_DONE, _("Mark the phase not done"), allowed=may_edit,
                   needs_note=True),
        Transition("waive", OPEN_STATES, S.WAIVED, _("Waive the phase"), allowed=may_edit, needs_note=True,
                   confirm=_("The sector chooses not to carry out this phase, for the reason given.")),
        Transition("reopen", rules.FINISHED, S.IN_PROGRESS, _("Reopen the phase"), allowed=may_edit),
    ],
)

REVIEW_WORKFLOW = Workflow(
    name="addendum_phase_review",
    field="review_status",
    states=dict(ReviewStatus.choices),
    initial=ReviewStatus.OPEN,
    transitions=[
        Transition("approve", (ReviewStatus.OPEN, ReviewStatus.RETURNED), ReviewStatus.APPROVED,
                   _("Approve the phase"), allowed=department,
                   check=lambda phase: [] if phase.is_finished else [_("Only a finished phase can be approved.")]),
        Transition("return", (ReviewStatus.OPEN, ReviewStatus.APPROVED), ReviewStatus.RETURNED,
                   _("Return the phase with remarks"), allowed=department, needs_note=True),
    ],
)

#: Step name -> the workflow it belongs to (the page offers both).
STEPS = {t.name: PHASE_WORKFLOW for t in PHASE_WORKFLOW.transitions} | {
    t.name: REVIEW_WORKFLOW for t in REVIEW_WORKFLOW.transitions}


def take_step(phase, name: str, user, note: str = ""):
    """Take a phase step (status or review) with its note; the one path the page uses.

    ``waive`` and ``not_done`` keep the note as the phase's reason; ``reopen`` clears it and puts a
    returned phase back in the department's queue; ``return`` keeps the note as the department's
    remarks. Raises ``TransitionNotAllowed`` with the reason (nothing is saved then).
    """
    workflow = STEPS.get(name)
    if workflow is None:
        raise TransitionNotAllowed(_("Unknown step: %(name)s") % {"name": name})
    if name == "waive":
        problems = rules.waiver_problems(note)
        if problems:
            raise TransitionNotAllowed(" ".join(problems))

    def on_apply(obj, transition):
        if name in ("waive", "not_done"):
            obj.status_reason = note.strip()
        elif name == "reopen":
            obj.status_reason = ""
            if obj.review_status == ReviewStatus.RETURNED:
                obj.review_status = ReviewStatus.OPEN
        elif name == "return":
            obj.review_note = note.strip()
        elif name == "approve":
            obj.review_note = ""

    return workflow.apply(phase, name, user, note=note, root=phase.covenant, on_apply=on_apply)


# --- deadlines ----------------------------------------------------------------------------------


def todo_items(user) -> list[dict]:
    """The phases that wait for the user, for the to-do list: the sector's open phases (with their
    deadline) and, for the department, finished phases not reviewed yet. ``{due, what, label, url}``."""
    from django.urls import reverse

    from werkbaar.core.permissions import sector_ids_for

    phases = AddendumPhase.objects.filter(addendum__kind="non_discrimination").select_related(
        "addendum__covenant__sector")
    if is_department(user):
        waiting = phases.filter(status__in=rules.FINISHED, review_status=ReviewStatus.OPEN)
        what = _("Review the phase")
    else:
        waiting = phases.filter(addendum__covenant__sector_id__in=sector_ids_for(user),
                                status__in=(S.PLANNED, S.IN_PROGRESS))
        what = _("Carry out the phase")
    items = []
    for p in waiting:
        url = reverse("covenants:addendum_process", args=[p.addendum.covenant_id, p.addendum_id]) + f"#phase-{p.phase}"
        items.append({"due": p.deadline, "what": str(what), "label": f"{p.addendum.covenant.code} – {p}", "url": url,
                      "late": "", "phase": p})
    return items
