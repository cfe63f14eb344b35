"""Models of the scans app: uploaded instruments, campaigns, access codes, responses and what is kept apart.

Anonymity by design (see docs/scans.md):

* ``Response`` holds answers, bands of the grouping questions and the language, and NOTHING that links
  it to an access code, an IP address, a user agent or a moment: no timestamps, a random UUID primary
  key (so ids reveal no order), and exports are sorted by that random id.
* ``UsedCode`` keeps the SHA-256 hash of a code that was used, only to refuse a second submission, under a
  random key; the rows of a campaign are deleted when it closes, and its responses are rewritten in
  random order (``scans.closing``).
* ``DailyCount`` keeps how many responses arrived per day, for the progress curve.
* ``Draft`` keeps the answers of an unfinished questionnaire, keyed by the code hash, for stop and resume
  on the same day; it is deleted in the transaction that stores the response.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkbaar.analysis.instrument import Instrument, InstrumentError, get_shipped, load_instrument_text
from werkbaar.core.models import Organisation

#: Languages a questionnaire can be offered in (the instrument must have them too).
QUESTIONNAIRE_LANGUAGES = [
    ("nl", _("Dutch")),
    ("nl-easy", _("Easy-read Dutch")),
    ("fr", _("French")),
    ("en", _("English")),
]
LANGUAGE_CODES = [code for code, _label in QUESTIONNAIRE_LANGUAGES]

#: The fixed set of grouping questions; every one is asked in bands configured per campaign.
GROUPING_QUESTIONS = [
    ("team", _("Team or site")),
    ("job", _("Job")),
    ("age_band", _("Age band")),
    ("contract", _("Contract")),
    ("seniority", _("Seniority")),
]
GROUPING_KEYS = [key for key, _label in GROUPING_QUESTIONS]

#: Band suggestions shown when a campaign is created (the admin may change them).
DEFAULT_BANDS = {
    "age_band": ["< 25", "25-34", "35-44", "45-54", "55+"],
    "seniority": ["< 1", "1-4", "5-9", "10+"],
    "contract": ["Full-time", "Part-time"],
}

MIN_GROUP_SIZE_FLOOR = 3


def code_hash(code: str) -> str:
    """The SHA-256 hex digest of a normalised access code (what UsedCode and Draft store)."""
    return hashlib.sha256(normalise_code(code).encode("ascii", "ignore")).hexdigest()


def normalise_code(code: str) -> str:
    """Upper case, without spaces or dashes (printed codes are grouped for readability)."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


class UploadedInstrument(models.Model):
    """An instrument YAML uploaded by an administrator, validated with the analysis loader."""

    instrument_id = models.CharField(_("instrument id"), max_length=100)
    version = models.CharField(_("version"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    yaml_text = models.TextField(_("instrument file"))
    sector = models.ForeignKey(
        "core.Sector", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("sector"), help_text=_("Empty: available to every sector."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["instrument_id", "version"]
        verbose_name = _("uploaded instrument")
        verbose_name_plural = _("uploaded instruments")
        constraints = [
            models.UniqueConstraint(fields=["instrument_id", "version"], name="unique_uploaded_instrument_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.instrument_id} {self.version})"

    def load(self) -> Instrument:
        """The parsed instrument (cached per text)."""
        key = hashlib.sha256(self.yaml_text.encode()).hexdigest()
        if key not in _UPLOADED_CACHE:
            _UPLOADED_CACHE[key] = load_instrument_text(self.yaml_text, source=self.filename or "upload.yaml")
        return _UPLOADED_CACHE[key]


_UPLOADED_CACHE: dict[str, Instrument] = {}


class CampaignStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Phase(models.TextChoices):
    """What a respondent experiences today: computed from the status and the dates."""

    UPCOMING = "upcoming", _("Not yet open")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Campaign(models.Model):
    """One measurement (scan) in one organisation with one instrument."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="scan_campaigns", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    instrument_ref = models.CharField(
        _("instrument"), max_length=100, default="werkbaarheidsscan-basis",
        help_text=_("Id of a shipped instrument (ignored when an uploaded instrument is chosen)."),
    )
    uploaded_instrument = models.ForeignKey(
        UploadedInstrument, null=True, blank=True, on_delete=models.PROTECT, related_name="campaigns",
        verbose_name=_("uploaded instrument"),
    )
    modules = models.JSONField(_("modules"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list)
    grouping = models.JSONField(
        _("grouping questions"), default=dict, blank=True,
        help_text=_("Question key -> list of bands, e.g. {'team': ['North', 'South']}."),
    )
    band_labels = models.JSONField(
        _("bands in other languages"), default=dict, blank=True,
        help_text=_("Question key -> language -> band -> label, e.g. {'team': {'fr': {'Noord': 'Nord'}}}. "
                    "The band itself (Dutch) stays the stored value."),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    min_group_size = models.PositiveSmallIntegerField(
        _("minimum group size"), default=5, validators=[MinValueValidator(MIN_GROUP_SIZE_FLOOR)],
        help_text=_("Results and exports never show a group smaller than this (at least 3)."),
    )
    population_size = models.PositiveIntegerField(
        _("number of workers invited"), null=True, blank=True, help_text=_("Used for the response rate.")
    )
    status = models.CharField(_("status"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.ACTIVE)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "name"]
        verbose_name = _("scan campaign")
        verbose_name_plural = _("scan campaigns")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="campaign_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=models.Q(min_group_size__gte=MIN_GROUP_SIZE_FLOOR), name="campaign_min_group_size_floor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.organisation}"

    # -- instrument ------------------------------------------------------------------------------
    def instrument(self) -> Instrument:
        """The analysis Instrument (uploaded or shipped) this campaign asks (cached on the instance)."""
        key = (self.uploaded_instrument_id, self.instrument_ref)
        cached = self.__dict__.get("_instrument")
        if cached is not None and cached[0] == key:
            return cached[1]
        if self.uploaded_instrument_id:
            instrument = self.uploaded_instrument.load()
        else:
            instrument = get_shipped(self.instrument_ref)
        self.__dict__["_instrument"] = (key, instrument)
        return instrument

    @property
    def instrument_label(self) -> str:
        if self.uploaded_instrument_id:
            return str(self.uploaded_instrument)
        return self.instrument_ref

    def item_ids(self) -> list[str]:
        """Ids of the items asked (base + chosen modules), in instrument order."""
        return [item.id for item in self.instrument().items_for(self.modules or [])]

    def questionnaire_languages(self) -> list[str]:
        """The campaign's languages that the instrument has, in a fixed order."""
        available = set(self.instrument().languages)
        chosen = [lang for lang in LANGUAGE_CODES if lang in (self.languages or []) and lang in available]
        return chosen or [self.instrument().languages[0]]

    @property
    def grouping_keys(self) -> list[str]:
        """The grouping questions asked, in the fixed order of GROUPING_KEYS."""
        return [key for key in GROUPING_KEYS if (self.grouping or {}).get(key)]

    def bands(self, key: str) -> list[str]:
        """The bands of a grouping question: the stable values stored in responses and exports."""
        return list((self.grouping or {}).get(key) or [])

    def band_label(self, key: str, band: str, language: str) -> str:
        """How a band is shown in a questionnaire language; the band itself (Dutch) when not translated.

        Easy-read Dutch falls back to the Dutch band too. Only the label changes with the language:
        the answer stored is always ``band``, so groups never split by language.
        """
        labels = ((self.band_labels or {}).get(key) or {}).get(language) or {}
        label = labels.get(band) if isinstance(labels, dict) else None
        return label.strip() if isinstance(label, str) and label.strip() else band

    # -- status ----------------------------------------------------------------------------------
    @property
    def phase(self) -> str:
        today = timezone.localdate()
        if self.status == CampaignStatus.CLOSED or today > self.closes_on:
            return Phase.CLOSED
        if today < self.opens_on:
            return Phase.UPCOMING
        return Phase.OPEN

    def get_phase_display(self) -> str:
        return str(Phase(self.phase).label)

    @property
    def is_open(self) -> bool:
        return self.phase == Phase.OPEN

    @property
    def is_closed(self) -> bool:
        """Closed early, or past the closing date: no more responses, results may be shown."""
        return self.phase == Phase.CLOSED

    def response_count(self) -> int:
        return self.responses.count()

    def response_rate(self) -> float | None:
        """Responses / population size (0..1), or None without a population size."""
        if not self.population_size:
            return None
        return self.response_count() / self.population_size

    def clean(self):
        errors = {}
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("The closing date cannot be before the opening date.")
        if self.min_group_size is not None and self.min_group_size < MIN_GROUP_SIZE_FLOOR:
            errors["min_group_size"] = _("The minimum group size is at least 3.")
        try:
            instrument = self.instrument()
        except (KeyError, InstrumentError):
            errors["instrument_ref"] = _("Unknown instrument.")
            instrument = None
        if instrument is not None:
            unknown = [m for m in self.modules or [] if m not in instrument.module_by_id]
            if unknown:
                errors["modules"] = _("Unknown module(s): %(modules)s") % {"modules": ", ".join(unknown)}
            langs = [lang for lang in self.languages or [] if lang in instrument.languages]
            if not langs:
                errors["languages"] = _("Choose at least one language the instrument is available in.")
        for key, bands in (self.grouping or {}).items():
            if key not in GROUPING_KEYS:
                errors["grouping"] = _("Unknown grouping question: %(key)s") % {"key": key}
            elif not isinstance(bands, list) or len(bands) != len(set(bands)) or any(not str(b).strip() for b in bands):
                errors["grouping"] = _("Each grouping question needs distinct, non-empty bands.")
            elif len(bands) == 1:
                errors["grouping"] = _("A grouping question needs at least two bands.")
        for key, per_language in (self.band_labels or {}).items():
            if key not in (self.grouping or {}) or not isinstance(per_language, dict) or any(
                lang not in LANGUAGE_CODES or not isinstance(labels, dict)
                or any(band not in self.grouping[key] or not isinstance(label, str) for band, label in labels.items())
                for lang, labels in per_language.items()
            ):
                errors["band_labels"] = _("Translations of bands must belong to a band of the campaign.")
        if errors:
            raise ValidationError(errors)


class AccessCode(models.Model):
    """An anonymous access code handed to one respondent (printed or sent). Never linked to a response."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(_("code"), max_length=32, unique=True)
    batch = models.PositiveIntegerField(_("batch"), default=1)

    class Meta:
        ordering = ["batch", "code"]
        verbose_name = _("access code")
        verbose_name_plural = _("access codes")

    def __str__(self) -> str:
        return self.code

    @property
    def is_used(self) -> bool:
        return UsedCode.objects.filter(code_hash=code_hash(self.code)).exists()


def random_key() -> int:
    """A random positive 63-bit key: ids that say nothing about the order of insertion."""
    return secrets.randbits(63) or 1


class RandomKeyField(models.BigIntegerField):
    """A 64-bit primary key filled with :func:`random_key`.

    On SQLite the column is declared ``integer`` so that it becomes the table's rowid: a ``bigint``
    key would leave a hidden rowid that counts up in insertion order.
    """

    def db_type(self, connection):
        return "integer" if connection.vendor == "sqlite" else super().db_type(connection)


class UsedCode(models.Model):
    """The hash of a code that submitted a response; only to refuse a second one. No time, no response link.

    The key is random (not a counter), so ids and, on SQLite, the table order carry no submission
    order. The rows of a campaign are deleted when it closes (``scans.closing``).
    """

    id = RandomKeyField(primary_key=True, default=random_key, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="used_codes")
    code_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("used code")
        verbose_name_plural = _("used codes")


class Response(models.Model):
    """One submitted questionnaire: answers, bands and language only (see the module docstring)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    language = models.CharField(_("language"), max_length=10)
    answers = models.JSONField(_("answers"), default=dict)
    groups = models.JSONField(_("groups"), default=dict)

    class Meta:
        ordering = ["id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")


class DailyCount(models.Model):
    """How many responses arrived on one day (progress curve), kept apart from the responses.

    A day's count is spread over a few ``shard`` rows (picked at random per submission) so that
    concurrent submissions do not all wait for the lock on one row; the day's total is their sum
    (``services.daily_curve``).
    """

    SHARDS = 8

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="daily_counts")
    date = models.DateField(_("date"))
    shard = models.PositiveSmallIntegerField(default=0)
    count = models.PositiveIntegerField(_("responses"), default=0)

    class Meta:
        ordering = ["date", "shard"]
        constraints = [models.UniqueConstraint(fields=["campaign", "date", "shard"], name="unique_daily_count_shard")]


class Draft(models.Model):
    """Answers of an unfinished questionnaire, keyed by the code hash; valid on the day it was saved only."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="drafts")
    code_hash = models.CharField(max_length=64, unique=True)
    date = models.DateField()
    language = models.CharField(max_length=10)
    answers = models.JSONField(default=dict)
    groups = models.JSONField(default=dict)
    page = models.PositiveSmallIntegerField(default=0)


class ResponseImport(models.Model):
    """Who imported a file of paper answers and how many rows; the rows are not linked to it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="imports")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=255)
    row_count = models.PositiveIntegerField(_("rows"))

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("import of responses")
        verbose_name_plural = _("imports of responses")
