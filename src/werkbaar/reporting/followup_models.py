"""Models of the department's follow-up between the reports (issue 14): the interim evaluation of a
progress report (per priority on track / at risk / off track, with a remark), follow-up meetings
per covenant (sounding board, intervision) and signals about a sector (a dated concern or event).

Imported by ``reporting.models``; the states are changed only by the workflows in
``reporting.workflow`` (``INTERIM_WORKFLOW``, ``MEETING_WORKFLOW``, ``SIGNAL_WORKFLOW``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkbaar.core import formats
from werkbaar.core.models import Sector
from werkbaar.covenants.models import Covenant, Priority


class Outlook(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")


class InterimStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SHARED = "shared", _("Shared with the sector")
    READ = "read", _("Read by the sector")


class InterimEvaluation(models.Model):
    """The department's assessment of a progress report: one line per priority of the covenant."""

    report = models.OneToOneField("reporting.Report", on_delete=models.CASCADE, related_name="interim_evaluation",
                                  verbose_name=_("progress report"))
    status = models.CharField(_("status"), max_length=20, choices=InterimStatus.choices,
                              default=InterimStatus.DRAFT)
    summary = models.TextField(_("general remark"), blank=True)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("interim evaluation")
        verbose_name_plural = _("interim evaluations")

    def __str__(self) -> str:
        return str(_("Interim evaluation of %(report)s") % {"report": self.report})


class InterimPriority(models.Model):
    """One priority's outlook in an interim evaluation."""

    evaluation = models.ForeignKey(InterimEvaluation, on_delete=models.CASCADE, related_name="lines")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="interim_assessments",
                                 verbose_name=_("priority"))
    outlook = models.CharField(_("outlook"), max_length=20, choices=Outlook.choices)
    remark = models.TextField(_("remark"), blank=True)

    class Meta:
        ordering = ["priority__order", "priority__code"]
        verbose_name = _("interim assessment of a priority")
        verbose_name_plural = _("interim assessments of priorities")
        constraints = [models.UniqueConstraint(fields=["evaluation", "priority"], name="unique_interim_priority")]

    def __str__(self) -> str:
        return f"{self.priority.code}: {self.get_outlook_display()}"


class MeetingKind(models.TextChoices):
    SOUNDING_BOARD = "sounding_board", _("Sounding board")
    INTERVISION = "intervision", _("Intervision")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class FollowUpMeeting(models.Model):
    """A follow-up meeting of a covenant, with its participants and minutes (text and/or a file)."""

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="followup_meetings",
                                 verbose_name=_("covenant"))
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    date = models.DateField(_("date"))
    participants = models.JSONField(_("participants"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_file = models.FileField(_("minutes (file)"), upload_to="reporting/minutes/", blank=True)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("follow-up meeting")
        verbose_name_plural = _("follow-up meetings")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.covenant.code} {formats.short_date(self.date)}"


class SignalKind(models.TextChoices):
    CONCERN = "concern", _("Concern")
    EVENT = "event", _("Occurrence")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class SignalStatus(models.TextChoices):
    OPEN = "open", _("Open signal")
    CLOSED = "closed", _("Closed signal")


class Signal(models.Model):
    """A dated note of the department about a sector: a concern or an event, with a severity."""

    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="signals", verbose_name=_("sector"))
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=SignalKind.choices)
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    note = models.TextField(_("note"))
    status = models.CharField(_("status"), max_length=20, choices=SignalStatus.choices, default=SignalStatus.OPEN)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")

    def __str__(self) -> str:
        return f"{self.sector} {formats.short_date(self.date)}: {self.get_kind_display()}"
