"""Models of the insights app: reference figures with their source, cached analysis results, analysis jobs.

* ``ReferenceSource`` / ``ReferenceFigure``: published figures (Werkbaarheidsmonitor) loaded as data from
  ``insights/reference/`` by :func:`werkbaar.insights.reference.sync_reference_figures`; every figure
  keeps its source so the report can cite it.
* ``AnalysisResult``: the cached output of the scoring engine for one campaign or one sector period,
  valid while its ``fingerprint`` (response count, daily counts, campaign settings) is unchanged.
* ``AnalysisJob``: an analysis with visible progress (run in the request when small, else as a
  background task by ``werkbaar worker``; see ``insights.jobs``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceSource(models.Model):
    """Where reference figures come from (publication, document and lines)."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    citation = models.TextField(_("citation"))
    document = models.CharField(_("document"), max_length=300, blank=True)
    lines = models.CharField(_("lines"), max_length=40, blank=True)
    instrument = models.CharField(
        _("instrument"), max_length=100, blank=True,
        help_text=_("The questionnaire behind the figures; another instrument makes a comparison indicative."),
    )

    class Meta:
        ordering = ["year", "key"]
        verbose_name = _("reference source")
        verbose_name_plural = _("reference sources")

    def __str__(self) -> str:
        return self.title


class ReferenceFigure(models.Model):
    """One published percentage: a measure (workability rate or a workability scale) for a group and year."""

    source = models.ForeignKey(ReferenceSource, on_delete=models.CASCADE, related_name="figures",
                               verbose_name=_("source"))
    group = models.CharField(_("group"), max_length=200)
    measure = models.CharField(_("measure"), max_length=60)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value (%)"), max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["source__year", "group", "measure", "year"]
        verbose_name = _("reference figure")
        verbose_name_plural = _("reference figures")
        constraints = [
            models.UniqueConstraint(fields=["source", "group", "measure", "year"], name="unique_reference_figure")
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.measure} {self.year}: {self.value}%"


class AnalysisResult(models.Model):
    """Cached engine output for a campaign (``campaign:<id>``) or a sector period (``sector:<code>:...``)."""

    key = models.CharField(max_length=200, unique=True)
    campaign = models.ForeignKey("scans.Campaign", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+")
    sector = models.ForeignKey("core.Sector", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=200)
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cached analysis result")
        verbose_name_plural = _("cached analysis results")

    def __str__(self) -> str:
        return self.key


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class AnalysisJob(models.Model):
    """A background analysis: computes and caches one AnalysisResult, reporting its progress."""

    key = models.CharField(max_length=200, db_index=True)
    campaign = models.ForeignKey("scans.Campaign", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+")
    sector = models.ForeignKey("core.Sector", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    params = models.JSONField(default=dict, blank=True)
    fingerprint = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("analysis job")
        verbose_name_plural = _("analysis jobs")

    def __str__(self) -> str:
        return f"{self.key} ({self.status}, {self.progress}%)"

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)
