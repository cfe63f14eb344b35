"""The workflows of the reporting app, each declared once with ``core.workflow``: reports,
extensions, and the follow-up between reports (interim evaluations, meetings, signals).

draft → submitted → under_review → returned → resubmitted → under_review → approved (locks).
Sector roles submit and resubmit (refused while required sections are missing); only the
department reviews, returns (refused without a remark on a section of the version under review)
and approves.

Interim evaluation: draft → shared (department; every priority assessed) → read (the sector).
Follow-up meeting: planned → held (department; needs minutes) or cancelled (needs a reason).
Signal: open ⇄ closed (department; needs a note both ways).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from werkbaar.core.permissions import is_department, sector_ids_for
from werkbaar.core.workflow import Transition, Workflow

from .followup_models import InterimStatus, MeetingStatus, SignalStatus
from .models import ExtensionStatus, ReportStatus


def is_sector_member(user, report) -> bool:
    return report.covenant.sector_id in sector_ids_for(user)


def _department(user, obj) -> bool:
    return is_department(user)


def _sector(user, report) -> bool:
    return is_sector_member(user, report)


def _has_remark(report) -> list[str]:
    """Returning needs a remark on at least one section of the version under review."""
    latest = report.versions.order_by("-number").first()
    if report.remarks.filter(version=latest).exists():
        return []
    return [_("Write a remark on at least one section.")]


def _complete(report) -> list[str]:
    from .services import missing_sections_messages

    return missing_sections_messages(report)


REPORT_WORKFLOW = Workflow(
    name="report",
    initial=ReportStatus.DRAFT,
    states=dict(ReportStatus.choices),
    final=frozenset({ReportStatus.APPROVED}),
    transitions=[
        Transition("submit", (ReportStatus.DRAFT,), ReportStatus.SUBMITTED, _("Submit"), allowed=_sector,
                   check=_complete, confirm=_("Submit this report to the department?")),
        Transition("start_review", (ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED), ReportStatus.UNDER_REVIEW,
                   _("Start review"), allowed=_department),
        Transition("return", (ReportStatus.UNDER_REVIEW,), ReportStatus.RETURNED, _("Return with remarks"),
                   allowed=_department, check=_has_remark),
        Transition("resubmit", (ReportStatus.RETURNED,), ReportStatus.RESUBMITTED, _("Resubmit"), allowed=_sector,
                   check=_complete, confirm=_("Resubmit this report to the department?")),
        Transition("approve", (ReportStatus.UNDER_REVIEW,), ReportStatus.APPROVED, _("Approve"),
                   allowed=_department, confirm=_("Approve this report? An approved report is locked.")),
    ],
)

#: States in which the sector may edit the report's content.
EDITABLE_STATES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})
#: States in which the department writes remarks on the sections while reading (issue 16).
REMARK_STATES = frozenset({ReportStatus.UNDER_REVIEW})
#: States that count as handed in (for the late flag).
HANDED_IN_STATES = frozenset({ReportStatus.SUBMITTED, ReportStatus.UNDER_REVIEW, ReportStatus.RESUBMITTED,
                              ReportStatus.APPROVED})

EXTENSION_WORKFLOW = Workflow(
    name="extension",
    initial=ExtensionStatus.PENDING,
    states=dict(ExtensionStatus.choices),
    final=frozenset({ExtensionStatus.GRANTED, ExtensionStatus.REFUSED}),
    transitions=[
        Transition("grant", (ExtensionStatus.PENDING,), ExtensionStatus.GRANTED, pgettext_lazy("extension", "Grant"), allowed=_department),
        Transition("refuse", (ExtensionStatus.PENDING,), ExtensionStatus.REFUSED, _("Refuse"), allowed=_department,
                   needs_note=True),
    ],
)


# --- follow-up between the reports (issue 14) ----------------------------------------------------


def _interim_sector(user, interim) -> bool:
    return is_sector_member(user, interim.report)


def _interim_complete(interim) -> list[str]:
    from .followup import interim_problems

    return interim_problems(interim)


def _meeting_has_minutes(meeting) -> list[str]:
    if (meeting.minutes or "").strip() or meeting.minutes_file:
        return []
    return [_("Add the minutes (a text or a file) before recording the meeting as held.")]


INTERIM_WORKFLOW = Workflow(
    name="interim_evaluation",
    initial=InterimStatus.DRAFT,
    states=dict(InterimStatus.choices),
    final=frozenset({InterimStatus.READ}),
    transitions=[
        Transition("share", (InterimStatus.DRAFT,), InterimStatus.SHARED, _("Share with the sector"),
                   allowed=_department, check=_interim_complete,
                   confirm=_("Share this interim evaluation with the sector? It can no longer be changed.")),
        Transition("mark_read", (InterimStatus.SHARED,), InterimStatus.READ, _("Mark as read"),
                   allowed=_interim_sector),
    ],
)

MEETING_WORKFLOW = Workflow(
    name="followup_meeting",
    initial=MeetingStatus.PLANNED,
    states=dict(MeetingStatus.choices),
    final=frozenset({MeetingStatus.HELD, MeetingStatus.CANCELLED}),
    transitions=[
        Transition("hold", (MeetingStatus.PLANNED,), MeetingStatus.HELD, _("Record as held"),
                   allowed=_department, check=_meeting_has_minutes),
        Transition("cancel", (MeetingStatus.PLANNED,), MeetingStatus.CANCELLED, _("Cancel the meeting"),
                   allowed=_department, needs_note=True),
    ],
)

SIGNAL_WORKFLOW = Workflow(
    name="signal",
    initial=SignalStatus.OPEN,
    states=dict(SignalStatus.choices),
    transitions=[
        Transition("close", (SignalStatus.OPEN,), SignalStatus.CLOSED, _("Close the signal"), allowed=_department,
                   needs_note=True),
        Transition("reopen", (SignalStatus.CLOSED,), SignalStatus.OPEN, _("Reopen the signal"), allowed=_department,
                   needs_note=True),
    ],
)
