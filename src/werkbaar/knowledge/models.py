"""Models of the public knowledge platform (issue 18): items in five kinds, their versions, their origin.

* :class:`Item` – one published (or not yet published) piece of knowledge: a good practice, a tool, a
  research publication, a measure (subsidy or policy measure, with who is eligible) or legislation. Texts in
  Dutch (required), French and English (optional: the Dutch text stands in). Tags reuse the inspiration
  menu's themes (``actions.taxonomy.Theme``) and the organisations' size bands (``Organisation.SizeBand``).
  The editor workflow (draft → in review → published → archived) is declared in ``knowledge/workflow.py``.
* :class:`ItemVersion` – a frozen copy of an item's content each time it is saved by an editor.
* :class:`Proposal` – where a good practice came from (an evaluated action plan, a network's outcome, a
  covenant action) and who consented for the organisation.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from werkbaar.actions.models import split_tags


class Kind(models.TextChoices):
    GOOD_PRACTICE = "good_practice", _("Good practice")
    TOOL = "tool", _("Tool")
    RESEARCH = "research", _("Research")
    MEASURE = "measure", pgettext_lazy("knowledge kind", "Measure")
    LEGISLATION = "legislation", _("Legislation")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Audience(models.TextChoices):
    """Who a measure is for (the first question of the measures finder)."""

    WORKER = "worker", _("Worker")
    EMPLOYER = "employer", _("Employer")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    SECTOR = "sector", _("Sector fund or social partners")


class Region(models.TextChoices):
    FLANDERS = "flanders", _("Flanders")
    BRUSSELS = "brussels", _("Brussels")
    WALLONIA = "wallonia", _("Wallonia")
    BELGIUM = "belgium", _("All of Belgium")


#: The text fields that exist in three languages (``<name>_nl``, ``<name>_fr``, ``<name>_en``).
TRANSLATED = ("title", "summary", "body", "problem", "approach", "effect", "amount", "how_to_apply")
LANGUAGES = ("nl", "fr", "en")


def _translated(name: str, label: str, required: bool = False, long: bool = True):
    field = models.TextField if long else models.CharField
    extra = {} if long else {"max_length": 200}
    return {
        f"{name}_{lang}": field(format_lazy("{} ({})", label, lang), blank=not (required and lang == "nl"), **extra)
        for lang in LANGUAGES
    }


class Item(models.Model):
    """One piece of knowledge on the public platform."""

    kind = models.CharField(_("content type"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(_("address"), max_length=120, unique=True,
                            help_text=_("The last part of the item's web address; keep it once published."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT,
                              editable=False)
    locals().update(_translated("title", _("title"), required=True, long=False))
    locals().update(_translated("summary", _("summary"), required=True))
    locals().update(_translated("body", _("text")))
    # good practice: the case
    company_name = models.CharField(_("company"), max_length=200, blank=True,
                                    help_text=_("Empty when the case is anonymised."))
    anonymised = models.BooleanField(_("anonymised"), default=True)
    locals().update(_translated("problem", _("problem")))
    locals().update(_translated("approach", _("what they did")))
    locals().update(_translated("effect", _("effect")))
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_consent = models.BooleanField(
        _("the contact agreed to be named"), default=False,
        help_text=_("The contact is shown only with this consent."))
    # research and tools
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True,
                           help_text=_("The publication, the tool, the official text or the measure's own page."))
    # measures
    audiences = models.CharField(_("for whom"), max_length=200, blank=True,
                                 help_text=_("Comma-separated: worker, employer, self_employed, sector."))
    regions = models.CharField(_("regions"), max_length=200, blank=True)
    company_sizes = models.CharField(_("company sizes"), max_length=200, blank=True,
                                     help_text=_("Empty: every size."))
    locals().update(_translated("amount", _("amount or rate")))
    locals().update(_translated("how_to_apply", _("how to apply")))
    deadline = models.DateField(pgettext_lazy("knowledge item", "deadline"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    # tags
    themes = models.CharField(_("themes"), max_length=300, blank=True)
    sectors = models.ManyToManyField("core.Sector", blank=True, related_name="knowledge_items",
                                     verbose_name=_("sectors"), help_text=_("Empty: every sector."))
    related_actions = models.ManyToManyField("actions.Action", blank=True, related_name="knowledge_items",
                                             verbose_name=_("related actions of the inspiration menu"))
    # ownership and review
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="knowledge_items", verbose_name=pgettext_lazy("knowledge item", "owner"))
    owner_sector = models.ForeignKey("core.Sector", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="owned_knowledge_items", verbose_name=_("owning sector"),
                                     help_text=_("Empty: the department owns the item."))
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", editable=False, verbose_name=_("reviewed by"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", editable=False, verbose_name=_("submitted by"))

    class Meta:
        ordering = ["-published_at", "title_nl"]
        verbose_name = _("knowledge item")
        verbose_name_plural = _("knowledge items")
        indexes = [models.Index(fields=["status", "kind"], name="knowledge_item_status_kind")]

    def __str__(self) -> str:
        return self.text("title")

    def get_absolute_url(self) -> str:
        return reverse("knowledge:item", args=[self.slug])

    def text(self, name: str, language: str | None = None) -> str:
        """A translated field in the reader's language, the Dutch text when that one is empty."""
        language = (language or translation.get_language() or "nl")[:2]
        value = getattr(self, f"{name}_{language}", "") if language in LANGUAGES else ""
        return value or getattr(self, f"{name}_nl")

    @property
    def theme_list(self) -> list[str]:
        return split_tags(self.themes)

    @property
    def audience_list(self) -> list[str]:
        return split_tags(self.audiences)

    @property
    def region_list(self) -> list[str]:
        return split_tags(self.regions)

    @property
    def size_list(self) -> list[str]:
        return split_tags(self.company_sizes)

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED

    def review_due(self, today=None) -> bool:
        """A published item whose last review is older than ``KNOWLEDGE_REVIEW_AFTER_DAYS``."""
        if self.status != Status.PUBLISHED:
            return False
        last = self.reviewed_at or self.published_at
        now = today or timezone.now()
        return last is None or (now - last).days >= settings.KNOWLEDGE_REVIEW_AFTER_DAYS


class ItemVersion(models.Model):
    """The content of an item as one editor saved it (every translated field and the tags, as JSON)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    status = models.CharField(_("status then"), max_length=20, choices=Status.choices)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(pgettext_lazy("knowledge version", "what changed"), max_length=300, blank=True)

    class Meta:
        ordering = ["item", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="knowledge_unique_version")]
        verbose_name = _("version")
        verbose_name_plural = _("versions")

    def __str__(self) -> str:
        return f"{self.item_id} v{self.number}"


class Proposal(models.Model):
    """Where a proposed good practice came from, and the organisation's consent to share it."""

    class Origin(models.TextChoices):
        ACTION_PLAN = "action_plan", _("Evaluated action plan")
        NETWORK = "network", _("Learning network outcome")
        COVENANT_ACTION = "covenant_action", _("Covenant action of a sector")

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="proposal")
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices)
    origin_id = models.PositiveBigIntegerField(_("origin id"))
    organisation = models.ForeignKey("core.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("organisation"))
    sector = models.ForeignKey("core.Sector", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("sector"))
    consent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("consent given by"))
    consent_at = models.DateTimeField(_("consent given on"))
    named = models.BooleanField(_("the organisation may be named"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["origin", "origin_id"], name="knowledge_one_proposal_per_origin")]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return f"{self.get_origin_display()} {self.origin_id}"


from .facilitator_models import GroupSession, SessionState, Vote  # noqa: E402,F401  WerkWijzer's facilitator mode
