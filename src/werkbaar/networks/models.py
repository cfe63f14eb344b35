"""Models of the networks app: a learning network, its participants and their intake, sessions and
attendance, the recommendations board (ideas, votes, outcomes), the closing evaluation and the
reminders already sent.

Business rules (attendance warning, counts, ICS) live in pure modules (``rules``, ``counts``,
``ics``); workflows in ``workflows``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkbaar.core.models import Organisation, Sector

#: The idea themes of a network that does not say otherwise: the five themes of the domestic-helper
#: networks' recommendation matrix. A network keeps its own list (``Network.idea_themes``).
DEFAULT_IDEA_THEMES = ["appreciation", "support", "training", "psychosocial", "physical"]


def default_idea_themes() -> list[str]:
    return list(DEFAULT_IDEA_THEMES)


class Network(models.Model):
    """A learning network run by a sector fund (optionally with partner sectors)."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing (intake)")
        RUNNING = "running", _("Running")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=300, help_text=_("What the network works on, in a few words."))
    description = models.TextField(_("description"), blank=True)
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="learning_networks", verbose_name=_("owning sector")
    )
    partner_sectors = models.ManyToManyField(
        Sector, blank=True, related_name="partner_learning_networks", verbose_name=_("partner sectors")
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_networks", verbose_name=_("facilitators")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    target_min = models.PositiveIntegerField(_("target size: at least"), default=8)
    target_max = models.PositiveIntegerField(_("target size: at most"), default=10)
    covenant_action = models.ForeignKey(
        "covenants.CovenantAction", null=True, blank=True, on_delete=models.SET_NULL, related_name="networks",
        verbose_name=_("covenant action carried out"),
        help_text=_("Optional. The network's minimum number of sessions and idea themes start from this action's."),
    )
    min_sessions = models.PositiveIntegerField(
        _("minimum number of sessions"), default=1, validators=[MinValueValidator(1)],
        help_text=_("What the plan or covenant asks, e.g. 6 for VIVO action 4.2; 1 when nothing is asked."),
    )
    planned_sessions = models.PositiveIntegerField(
        _("planned number of sessions"), default=6, validators=[MinValueValidator(1)]
    )
    idea_themes = models.JSONField(
        _("themes of the recommendations board"), default=default_idea_themes, blank=True,
        help_text=_("The rows of the board, one per line."),
    )
    expectations = models.TextField(
        _("expectations stated up front"),
        help_text=_("What you expect of each participating organisation, e.g. one attendee at every session."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREPARING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start", "title"]
        verbose_name = _("learning network")
        verbose_name_plural = _("learning networks")
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="network_end_after_start"),
            models.CheckConstraint(
                condition=models.Q(target_max__gte=models.F("target_min")), name="network_target_max_gte_min"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end lies before the start.")
        if self.target_min is not None and self.target_max is not None and self.target_max < self.target_min:
            errors["target_max"] = _("The maximum size is smaller than the minimum.")
        if self.planned_sessions is not None and self.min_sessions and self.planned_sessions < self.min_sessions:
            errors["planned_sessions"] = _("Plan at least %(n)s sessions.") % {"n": self.min_sessions}
        if not self.idea_themes:
            errors["idea_themes"] = _("Give at least one theme for the recommendations board.")
        if errors:
            raise ValidationError(errors)

    def all_sector_ids(self) -> set[int]:
        return {self.sector_id, *self.partner_sectors.values_list("pk", flat=True)}

    def theme_choices(self) -> list[tuple[str, str]]:
        """(stored value, label) of the board's themes; the default themes are translated."""
        return [(t, theme_label(t)) for t in (self.idea_themes or DEFAULT_IDEA_THEMES)]


class Participant(models.Model):
    """An organisation taking part, with a named attendee and a backup colleague (both get the mails)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="network_participations", verbose_name=_("organisation")
    )
    attendee_name = models.CharField(_("attendee"), max_length=200)
    attendee_email = models.EmailField(_("attendee's e-mail"))
    attendee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("attendee's user account"),
    )
    backup_name = models.CharField(_("backup colleague"), max_length=200)
    backup_email = models.EmailField(_("backup colleague's e-mail"))
    backup_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("backup's user account"),
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation"], name="unique_network_participant"),
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    def recipients(self) -> list[tuple[str, str]]:
        """(name, e-mail) of everyone who receives the network's communication."""
        seen, out = set(), []
        for name, email in ((self.attendee_name, self.attendee_email), (self.backup_name, self.backup_email)):
            if email and email.lower() not in seen:
                seen.add(email.lower())
                out.append((name, email))
        return out


class ExperienceLevel(models.TextChoices):
    NONE = "none", _("None yet")
    SOME = "some", _("Some")
    EXTENSIVE = "extensive", _("Extensive")


class Intake(models.Model):
    """A participant's answers to the intake questionnaire, given before the start."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="intake")
    expectations = models.TextField(_("What do you expect from this network?"))
    experience_level = models.CharField(
        _("How much experience does your organisation have with the theme?"), max_length=20,
        choices=ExperienceLevel.choices,
    )
    experience = models.TextField(_("What have you already tried or learned about the theme?"), blank=True)
    questions = models.TextField(_("Which questions would you like the network to answer?"), blank=True)
    specialists_wanted = models.TextField(_("Which specialists would you like to hear?"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")

    def __str__(self) -> str:
        return f"{self.participant}"


class Session(models.Model):
    """One meeting of the network."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    specialists = models.TextField(_("invited specialists"), blank=True)
    method = models.CharField(_("method used"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE, raised on every change")

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The session ends before it starts.")
        if not self.place and not self.online_url:
            errors["place"] = _("Give a place or an online link.")
        if errors:
            raise ValidationError(errors)

    @property
    def method_info(self):
        from .methods import get_method

        return get_method(self.method)


class Attendance(models.Model):
    """Who of a participating organisation came to a session."""

    class Presence(models.TextChoices):
        ATTENDEE = "attendee", _("Attendee present")
        BACKUP = "backup", _("Backup present")
        BOTH = "both", _("Both present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Absent, excused")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attendance")
    presence = models.CharField(_("presence"), max_length=20, choices=Presence.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "participant"], name="unique_attendance")]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.session}: {self.presence}"

    @property
    def present(self) -> bool:
        return self.presence in PRESENT


PRESENT = frozenset({Attendance.Presence.ATTENDEE, Attendance.Presence.BACKUP, Attendance.Presence.BOTH})


class IdeaTheme(models.TextChoices):
    """The known themes of the recommendation matrix, translated wherever they are shown: the domestic-helper
    networks' five themes (``DEFAULT_IDEA_THEMES``, a new network's default) and re-integration. Each value is
    also a theme of the inspiration menu (``actions.taxonomy.Theme``), so an idea proposed for the menu keeps it.
    """

    APPRECIATION = "appreciation", _("Appreciation")
    SUPPORT = "support", _("Support and supervision")
    TRAINING = "training", _("Training and talents")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial load")
    PHYSICAL = "physical", _("Physical load")
    REINTEGRATION = "reintegration", _("Re-integration")


def theme_label(value: str) -> str:
    """A theme's label: the translated label of a default theme, or the network's own wording."""
    return str(IdeaTheme(value).label) if value in IdeaTheme.values else value


class Term(models.TextChoices):
    SHORT = "short", _("Short term")
    LONG = "long", _("Long term")


class Scope(models.TextChoices):
    SECTOR = "sector", _("Within the sector")
    POLICY = "policy", _("Needs policy")


class Idea(models.Model):
    """An idea on the recommendations board, placed on the matrix term x scope, grouped by theme."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        COMMITMENT = "commitment", _("Commitment")
        MENU_PROPOSAL = "menu_proposal", _("Proposed for the inspiration menu")
        POLICY = "policy", _("Policy recommendation")
        SET_ASIDE = "set_aside", _("Set aside")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="ideas")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas", verbose_name=_("session")
    )
    text = models.TextField(_("idea"))
    theme = models.CharField(_("theme"), max_length=100, help_text=_("One of the network's idea themes."))
    term = models.CharField(_("term"), max_length=10, choices=Term.choices)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["theme", "created_at", "pk"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")

    @property
    def theme_label(self) -> str:
        return theme_label(self.theme)

    def __str__(self) -> str:
        return self.text[:80]


class Support(models.Model):
    """A participant's vote for an idea, or the stronger "we commit to this"."""

    class Kind(models.TextChoices):
        VOTE = "vote", _("Vote")
        COMMIT = "commit", _("We commit to this")

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    participant = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["idea", "user", "kind"], name="unique_idea_support")]


class Commitment(models.Model):
    """Outcome: named participants commit to carry the idea out, with follow-up dates."""

    idea = models.OneToOneField(Idea, on_delete=models.CASCADE, related_name="commitment")
    description = models.TextField(_("what we commit to"))
    participants = models.ManyToManyField(Participant, related_name="commitments", verbose_name=_("committed participants"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return self.description[:80]


class FollowUp(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="follow_ups")
    due = models.DateField(_("follow-up date"))
    note = models.CharField(_("what to check"), max_length=300, blank=True)
    done = models.BooleanField(_("done"), default=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")


class MenuProposal(models.Model):
    """Outcome: an action proposed for the inspiration menu, handed to its curators.

    The actions app may pick these up (status ``proposed``) and mark them ``accepted`` or ``declined``.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed to the curators")
        ACCEPTED = "accepted", _("Accepted into the menu")
        DECLINED = "declined", _("Declined")

    idea = models.OneToOneField(Idea, on_delete=models.CASCADE, related_name="menu_proposal")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="menu_proposals")
    title = models.CharField(_("title of the action"), max_length=200)
    description = models.TextField(_("description of the action"))
    theme = models.CharField(_("theme"), max_length=100)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    curator_note = models.TextField(_("curator's note"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("menu proposal")
        verbose_name_plural = _("menu proposals")

    @property
    def theme_label(self) -> str:
        return theme_label(self.theme)

    def __str__(self) -> str:
        return self.title


class PolicyRecommendation(models.Model):
    """Outcome: a recommendation to the government, collected for the sector's covenant report."""

    idea = models.OneToOneField(Idea, on_delete=models.CASCADE, related_name="policy_recommendation")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="policy_recommendations")
    text = models.TextField(_("recommendation"))
    addressed_to = models.CharField(_("addressed to"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("policy recommendation")
        verbose_name_plural = _("policy recommendations")

    def __str__(self) -> str:
        return self.text[:80]


class Evaluation(models.Model):
    """The closing evaluation of one person (the questions of the network report's lessons learned)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="evaluations")
    participant = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    why_interesting = models.TextField(_("Why is a learning network an interesting way of working?"), blank=True)
    methods_remembered = models.TextField(_("Which methods do you remember?"), blank=True)
    main_lesson = models.TextField(_("What is the main lesson you take with you?"), blank=True)
    connection = models.TextField(_("How did you experience the connection with the others?"), blank=True)
    tips = models.TextField(_("Which tip or suggestion do you still have?"), blank=True)
    strengths = models.TextField(_("What did you find strong about it?"), blank=True)
    room_to_grow = models.TextField(_("Where do you see room to grow?"), blank=True)
    consent_to_quote = models.BooleanField(
        _("You may quote my answers (without my name) in the network report"), default=False
    )
    submitted_at = models.DateTimeField(auto_now=True)

    QUESTION_FIELDS = (
        "why_interesting", "methods_remembered", "main_lesson", "connection", "tips", "strengths", "room_to_grow",
    )

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [models.UniqueConstraint(fields=["network", "user"], name="unique_network_evaluation")]


class ReminderSent(models.Model):
    """One reminder e-mail sent, so that `werkbaar network-reminders` never sends it twice."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reminders")
    email = models.EmailField()
    kind = models.CharField(max_length=20)
    sequence = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "email", "kind", "sequence"], name="unique_reminder_sent"),
        ]
