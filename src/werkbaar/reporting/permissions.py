"""Who may see and do what with reports: the sector sees its own covenants' reports, the department all.

Social partners of the sector read the reports (and comment on drafts, ``fieldwork.partners``); they never
edit, submit or request an extension (``is_sector_member`` is staff and consultants only).

Only sector roles edit and submit; only the department reviews, changes due dates and evaluates.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from werkbaar.core.permissions import is_department, readable_sector_ids

from .models import Report
from .workflow import EDITABLE_STATES, REMARK_STATES, is_sector_member


def visible_reports(user):
    qs = Report.objects.select_related("covenant", "covenant__sector", "template")
    if is_department(user):
        return qs
    return qs.filter(covenant__sector_id__in=readable_sector_ids(user))


def get_report_or_404(user, pk) -> Report:
    report = visible_reports(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def can_edit(user, report) -> bool:
    return report.status in EDITABLE_STATES and is_sector_member(user, report)


def can_remark(user, report) -> bool:
    """The department writes remarks on the sections while the report is under review."""
    return report.status in REMARK_STATES and is_department(user)


def require_department(user) -> None:
    if not is_department(user):
        raise PermissionDenied


def can_request_extension(user, report) -> bool:
    return report.status in EDITABLE_STATES and is_sector_member(user, report)
