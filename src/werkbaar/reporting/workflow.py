"""The report workflow and the extension workflow, each declared once with ``core.workflow``.

draft → submitted → under_review → returned → resubmitted → under_review → approved (locks).
Sector roles submit and resubmit (refused while required sections are missing); only the
department reviews, returns and approves.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from werkbaar.core.permissions import is_department, sector_ids_for
from werkbaar.core.workflow import Transition, Workflow

from .models import ExtensionStatus, ReportStatus


def is_sector_member(user, report) -> bool:
    return report.covenant.sector_id in sector_ids_for(user)


def _department(user, obj) -> bool:
    return is_department(user)


def _sector(user, report) -> bool:
    return is_sector_member(user, report)


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
                   allowed=_department),
        Transition("resubmit", (ReportStatus.RETURNED,), ReportStatus.RESUBMITTED, _("Resubmit"), allowed=_sector,
                   check=_complete, confirm=_("Resubmit this report to the department?")),
        Transition("approve", (ReportStatus.UNDER_REVIEW,), ReportStatus.APPROVED, _("Approve"),
                   allowed=_department, confirm=_("Approve this report? An approved report is locked.")),
    ],
)

#: States in which the sector may edit the report's content.
EDITABLE_STATES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})
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
