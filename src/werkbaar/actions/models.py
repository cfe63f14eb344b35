"""Models of the actions app: the inspiration menu (catalogue) and company action plans.

Multi-valued tags (indicators, who acts) are stored as delimited text (",a,b,") so that filters
work the same way on SQLite and PostgreSQL (``indicators__contains=",workload,"``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .taxonomy import Actor, Effort, Horizon, Level, Scope, Theme


def join_tags(values) -> str:
    values = [v for v in (values or []) if v]
    return ("," + ",".join(values) + ",") if values else ""


def split_tags(text: str) -> list[str]:
    return [v for v in (text or "").split(",") if v]


class Action(models.Model):
    """One action of the inspiration menu: shared (no sector) or specific to a sector."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        SECTOR = "sector", _("Only my sector")

    key = models.SlugField(_("key"), max_length=80, unique=True,
                           help_text=_("Stable identifier used by exports and the catalogue file."))
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_nl = models.TextField(_("description (Dutch)"))
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    indicators = models.CharField(_("indicators addressed"), max_length=400, blank=True)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    horizon = models.CharField(_("horizon"), max_length=10, choices=Horizon.choices)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    effort = models.CharField(_("effort"), max_length=10, choices=Effort.choices)
    actors = models.CharField(_("who acts"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    sector = models.ForeignKey(
        "core.Sector", null=True, blank=True, on_delete=models.PROTECT, related_name="menu_actions",
        verbose_name=_("sector"), help_text=_("Empty for the shared menu."),
    )
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices,
                                  default=Visibility.PUBLIC)
    active = models.BooleanField(_("active"), default=True,
                                 help_text=_("Retired actions stay in existing plans but leave the menu."))
    from_catalogue = models.BooleanField(_("from the catalogue file"), default=False, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title_nl"]
        verbose_name = _("menu action")
        verbose_name_plural = _("menu actions")

    def __str__(self) -> str:
        return self.title()

    def get_absolute_url(self) -> str:
        return reverse("actions:menu_detail", args=[self.pk])

    def _text(self, name: str, language: str | None = None) -> str:
        lang = (language or get_language() or "nl")[:2]
        return getattr(self, f"{name}_{lang}", "") or getattr(self, f"{name}_nl")

    def title(self, language: str | None = None) -> str:
        return self._text("title", language)

    def description(self, language: str | None = None) -> str:
        return self._text("description", language)

    @property
    def indicator_list(self) -> list[str]:
        return split_tags(self.indicators)

    @property
    def actor_list(self) -> list[str]:
        return split_tags(self.actors)

    def actor_labels(self) -> list[str]:
        labels = dict(Actor.choices)
        return [str(labels.get(a, a)) for a in self.actor_list]

    def indicator_labels(self) -> list[tuple[str, str]]:
        from .taxonomy import indicator_title

        lang = (get_language() or "nl")[:2]
        return [(i, indicator_title(i, lang)) for i in self.indicator_list]


# ------------------------------------------------------------------------------------------------
# Action plans
# ------------------------------------------------------------------------------------------------


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    DISCUSSED = "discussed", _("Discussed in social dialogue")
    APPROVED = "approved", _("Approved in social dialogue")
    IN_PROGRESS = "in_progress", _("In progress")
    EVALUATED = "evaluated", _("Evaluated")


class ActionPlan(models.Model):
    """A company's plan of actions answering the findings of a scan campaign."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="action_plans", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=200)
    campaign = models.ForeignKey(
        "scans.Campaign", null=True, blank=True, on_delete=models.PROTECT, related_name="action_plans",
        verbose_name=_("scan campaign the plan answers"),
    )
    follow_up_campaign = models.ForeignKey(
        "scans.Campaign", null=True, blank=True, on_delete=models.PROTECT, related_name="evaluated_plans",
        verbose_name=_("follow-up campaign"), help_text=_("The later measurement used to evaluate the plan."),
    )
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return f"{self.title} – {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("actions:plan_detail", args=[self.pk])


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class PlanItem(models.Model):
    """One action of a plan: taken from the menu or written freely."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan"))
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_items",
        verbose_name=_("action from the menu"),
    )
    title = models.CharField(_("action"), max_length=200)
    finding = models.TextField(_("finding it answers"), blank=True)
    indicators = models.CharField(_("indicators addressed"), max_length=400, blank=True)
    goal = models.TextField(_("goal"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_plan_items",
        verbose_name=_("owner"),
    )
    owner_name = models.CharField(_("owner (name)"), max_length=200, blank=True,
                                  help_text=_("When the owner has no account."))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    budget = models.DecimalField(_("budget (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")

    def __str__(self) -> str:
        return self.title

    @property
    def indicator_list(self) -> list[str]:
        return split_tags(self.indicators)

    @property
    def owner_display(self) -> str:
        return str(self.owner) if self.owner_id else self.owner_name

    def latest_progress(self) -> int | None:
        update = self.updates.exclude(percent=None).order_by("-created", "-id").first()
        return update.percent if update else None


class ProgressUpdate(models.Model):
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    text = models.TextField(_("update"))
    percent = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")


class DialogueMeeting(models.Model):
    """A discussion of the plan in the social dialogue (works council, union delegation, prevention committee)."""

    class Body(models.TextChoices):
        WORKS_COUNCIL = "works_council", _("Works council")
        UNION_DELEGATION = "union_delegation", _("Union delegation")
        PREVENTION_COMMITTEE = "prevention_committee", _("Committee for prevention and protection at work")

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        AMEND = "amend", _("To be amended")
        POSTPONED = "postponed", _("Postponed")
        INFORMED = "informed", _("For information")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date of the meeting"))
    body = models.CharField(_("body"), max_length=30, choices=Body.choices)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    decision_text = models.TextField(_("decision and remarks"), blank=True)
    minutes = models.FileField(_("minutes"), upload_to="actions/minutes/%Y/", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("social dialogue meeting")
        verbose_name_plural = _("social dialogue meetings")

    def __str__(self) -> str:
        return f"{self.get_body_display()} {self.held_on}"


class PlanComment(models.Model):
    """A comment on a plan, e.g. by a union delegate (who reads but does not edit)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    text = models.TextField(_("comment"))

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")


class ReminderLog(models.Model):
    """A deadline reminder that was sent, so that `werkbaar action-reminders` never sends it twice."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)
    deadline = models.DateField()
    sent_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "kind", "deadline"], name="unique_reminder")]


# ------------------------------------------------------------------------------------------------
# Anonymous action feedback (same code rules and thresholds as the scan)
# ------------------------------------------------------------------------------------------------


class FeedbackRound(models.Model):
    """One or two anonymous questions, a month after an action is done, to the workers it concerned."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="feedback_rounds")
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    min_group_size = models.PositiveSmallIntegerField(_("minimum group size"), default=5)
    population_size = models.PositiveIntegerField(_("number of workers asked"), null=True, blank=True)
    ask_second = models.BooleanField(_("also ask whether work became more workable"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-opens_on"]
        verbose_name = _("feedback round")
        verbose_name_plural = _("feedback rounds")
        constraints = [
            models.CheckConstraint(condition=models.Q(min_group_size__gte=3), name="feedback_min_group_floor"),
        ]


class FeedbackCode(models.Model):
    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=32, unique=True)


class UsedFeedbackCode(models.Model):
    """Hash of a used feedback code (no time, no link to the answer)."""

    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="used_codes")
    code_hash = models.CharField(max_length=64, unique=True)


class FeedbackAnswer(models.Model):
    """One anonymous answer: no code, no time, random primary key."""

    class Helped(models.IntegerChoices):
        YES = 3, _("Yes, clearly")
        PARTLY = 2, _("A little")
        NO = 1, _("No")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="answers")
    helped = models.PositiveSmallIntegerField(choices=Helped.choices)
    more_workable = models.PositiveSmallIntegerField(choices=Helped.choices, null=True, blank=True)

    class Meta:
        ordering = ["id"]
