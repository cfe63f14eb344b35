"""Operations of the review beside the content (issue 16) and the follow-up between reports (issue 14).

Public functions (views, the demo and other apps call these; the rules are in ``followup_rules``):

- ``add_remark(report, section_key, text, user)``: a reviewer's remark on a section while reading;
- ``remarks_by_section(report, user)``: {section key: [SectionRemark]} the user may see;
- ``save_interim(report, user, lines, summary)``: create or change the draft interim evaluation;
- ``interim_problems(interim)``: what stops it from being shared (the workflow's check);
- ``off_track_priorities(covenant)``: the priorities the shared interim evaluation marks off track,
  for the covenant's shortfall / termination step;
- ``plan_meeting(...)``, ``save_minutes(...)``, ``log_signal(...)``;
- ``todo_items(user, today)``: the follow-up lines of a user's to-do list.

Every write runs in one transaction with its audit entry (root: the covenant, or the sector for a
signal), so a refused save leaves nothing half-way.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from werkbaar.core import audit
from werkbaar.core.permissions import is_department, sector_ids_for

from . import followup_rules as rules
from .followup_models import (
    FollowUpMeeting,
    InterimEvaluation,
    InterimPriority,
    InterimStatus,
    MeetingStatus,
    Outlook,
    Signal,
    SignalStatus,
)
from .models import Report, ReportKind, SectionRemark
from .template_spec import sections_for
from .workflow import REMARK_STATES


class FollowUpError(Exception):
    """A follow-up operation refused, with the message for the user."""


# --- remarks beside the content (issue 16) ------------------------------------------------------


def add_remark(report: Report, section_key: str, text: str, user) -> SectionRemark:
    """Store a reviewer's remark on one section of the version under review."""
    text = (text or "").strip()
    if not is_department(user):
        raise FollowUpError(_("Only the department writes remarks on a report."))
    if report.status not in REMARK_STATES:
        raise FollowUpError(_("Remarks can be written while the report is under review."))
    titles = {s.key: s.title for s in sections_for(report)}
    if section_key not in titles:
        raise FollowUpError(_("This report has no such section."))
    if not text:
        raise FollowUpError(_("Write the remark before saving it."))
    with transaction.atomic():
        version = report.versions.order_by("-number").first()
        remark = SectionRemark.objects.create(report=report, version=version, section=section_key,
                                              section_title=str(titles[section_key])[:300], text=text, author=user)
        audit.record(user, remark, "create", None, {"section": section_key, "text": text}, root=report.covenant)
    return remark


def section_rows(report: Report, user) -> list[dict]:
    """Each section of the report with its displayed values, evidence, information and the remarks the
    user may see: what the report page, the return page and the edit page put side by side."""
    from . import services

    content = report.content or {}
    evidence: dict[str, list] = {}
    for e in report.evidence.all():
        evidence.setdefault(e.section, []).append(e)
    remarks = remarks_by_section(report, user)
    rows = []
    for s in sections_for(report):
        data = content.get(s.key, {})
        rows.append({
            "section": s, "values": [(f, services._display(f, data.get(f["key"]))) for f in s.fields],
            "evidence": evidence.get(s.key, []), "remarks": remarks.get(s.key, []),
            "source": services.source_label(data.get("measured_value_source", "")),
            "info": [(services.INFO_LABELS.get(k, k), v) for k, v in s.info.items()
                     if k != "commitments" and v not in (None, "")],
            "commitments": s.info.get("commitments") or [],
        })
    return rows


def remarks_by_section(report: Report, user) -> dict[str, list[SectionRemark]]:
    """The remarks the user may see, per section key, oldest first: the department sees all, the
    sector those the rule ``remark_visible_to_sector`` lets through."""
    latest = report.versions.order_by("-number").values_list("number", flat=True).first()
    department = is_department(user)
    out: dict[str, list[SectionRemark]] = {}
    for rm in report.remarks.select_related("author", "version").order_by("created_at", "pk"):
        number = rm.version.number if rm.version else None
        if department or rules.remark_visible_to_sector(number, latest, report.status):
            out.setdefault(rm.section, []).append(rm)
    return out


# --- interim evaluation (issue 14) ---------------------------------------------------------------


def can_evaluate_interim(report: Report, user) -> bool:
    interim = getattr(report, "interim_evaluation", None) if report.pk else None
    return is_department(user) and rules.interim_to_do(report.kind, report.status,
                                                       interim.status if interim else None)


def interim_visible(report: Report, user) -> bool:
    """The department sees every interim evaluation, the sector only a shared (or read) one."""
    interim = InterimEvaluation.objects.filter(report=report).only("status").first()
    return interim is not None and (is_department(user) or interim.status != InterimStatus.DRAFT)


def save_interim(report: Report, user, lines: list[dict], summary: str = "") -> InterimEvaluation:
    """Create or change the draft interim evaluation: ``lines`` = [{priority, outlook, remark}].
    Refused (nothing saved) when the report cannot be evaluated yet or a line is incomplete."""
    if not can_evaluate_interim(report, user):
        raise FollowUpError(_("Only a handed-in progress report whose interim evaluation is not shared yet "
                              "can be evaluated."))
    problems = [f"{line['priority'].code}: {p}" for line in lines
                if (p := rules.outlook_problem(line["outlook"], line["remark"]))]
    if problems:
        raise FollowUpError(" ".join(problems))
    with transaction.atomic():
        interim, created = InterimEvaluation.objects.select_for_update().get_or_create(
            report=report, defaults={"evaluated_by": user, "summary": summary})
        if interim.status != InterimStatus.DRAFT:  # shared in another tab meanwhile
            raise FollowUpError(_("This interim evaluation has been shared and can no longer be changed."))
        before = None if created else _interim_values(interim)
        interim.summary = summary
        interim.evaluated_by = user
        interim.save()
        for line in lines:
            InterimPriority.objects.update_or_create(
                evaluation=interim, priority=line["priority"],
                defaults={"outlook": line["outlook"], "remark": (line["remark"] or "").strip()})
        audit.record(user, interim, "create" if created else "update", before, _interim_values(interim),
                     root=report.covenant)
    return interim


def _interim_values(interim: InterimEvaluation) -> dict:
    values = {"summary": interim.summary}
    for line in interim.lines.select_related("priority"):
        values[line.priority.code] = f"{line.outlook}: {line.remark}" if line.remark else line.outlook
    return values


def interim_problems(interim: InterimEvaluation) -> list[str]:
    """Every priority of the covenant needs an outlook, and at risk / off track a remark."""
    assessed = {line.priority_id: line for line in interim.lines.all()}
    problems = []
    for priority in interim.report.covenant.priorities.all():
        line = assessed.get(priority.pk)
        if line is None:
            problems.append(_("%(code)s has not been assessed yet.") % {"code": priority.code})
        elif p := rules.outlook_problem(line.outlook, line.remark):
            problems.append(f"{priority.code}: {p}")
    return problems


@dataclass(frozen=True)
class OffTrackPriority:
    """A priority the department's shared interim evaluation marks off track."""

    priority: object  # covenants.Priority
    remark: str
    assessed_on: date
    interim_evaluation_id: int


def off_track_priorities(covenant) -> list[OffTrackPriority]:
    """The priorities marked off track in the covenant's shared (or read) interim evaluation, in the
    covenant's order; empty while the evaluation is a draft or does not exist. The covenant's
    shortfall / termination step references these (a draft is not a finding of the department)."""
    lines = InterimPriority.objects.filter(
        evaluation__report__covenant=covenant, evaluation__report__kind=ReportKind.PROGRESS,
        evaluation__status__in=[InterimStatus.SHARED, InterimStatus.READ], outlook=Outlook.OFF_TRACK,
    ).select_related("priority", "evaluation")
    return [OffTrackPriority(line.priority, line.remark, timezone.localdate(line.evaluation.updated_at), line.evaluation_id)
            for line in lines]


# --- meetings and signals --------------------------------------------------------------------------


def plan_meeting(covenant, user, *, kind: str, date: date, participants: list[str], minutes: str = "",
                 minutes_file=None) -> FollowUpMeeting:
    with transaction.atomic():
        meeting = FollowUpMeeting.objects.create(
            covenant=covenant, kind=kind, date=date, participants=participants, minutes=minutes,
            minutes_file=minutes_file or "", planned_by=user)
        audit.record(user, meeting, "create", None, _meeting_values(meeting), root=covenant)
    return meeting


def save_minutes(meeting: FollowUpMeeting, user, *, participants: list[str], minutes: str,
                 minutes_file=None) -> FollowUpMeeting:
    """Participants and minutes of a meeting (a new file replaces the previous one)."""
    with transaction.atomic():
        before = _meeting_values(meeting)
        meeting.participants = participants
        meeting.minutes = minutes
        if minutes_file:
            meeting.minutes_file = minutes_file
        meeting.save()
        audit.record(user, meeting, "update", before, _meeting_values(meeting), root=meeting.covenant)
    return meeting


def _meeting_values(meeting: FollowUpMeeting) -> dict:
    values = audit.snapshot(meeting, exclude=("created_at", "minutes_file"))
    values["minutes_file"] = meeting.minutes_file.name or ""
    return values


def log_signal(sector, user, *, date: date, kind: str, severity: str, note: str) -> Signal:
    with transaction.atomic():
        signal = Signal.objects.create(sector=sector, date=date, kind=kind, severity=severity, note=note,
                                       logged_by=user)
        audit.record(user, signal, "create", None, audit.snapshot(signal, exclude=("created_at",)), root=sector)
    return signal


def visible_meetings(user):
    qs = FollowUpMeeting.objects.select_related("covenant", "covenant__sector")
    if is_department(user):
        return qs
    return qs.filter(covenant__sector_id__in=sector_ids_for(user))


# --- to-do list ------------------------------------------------------------------------------------


def todo_items(user, today: date) -> list[dict]:
    """The follow-up lines of the user's to-do list: {due, what, subject, url}, by date.

    Department: interim evaluations to do, meetings coming up, minutes to record, open signals.
    Sector: meetings coming up, the shared interim evaluation to read."""
    items = []
    meetings = visible_meetings(user).filter(status=MeetingStatus.PLANNED)
    soon = set(rules.upcoming(meetings.values_list("date", flat=True), today))
    for m in meetings:
        url = reverse("reporting:meeting", args=[m.pk])
        if m.date in soon:
            items.append({"due": m.date, "what": _("Meeting coming up: %(kind)s") % {"kind": m.get_kind_display()},
                          "subject": m.covenant.code, "url": url})
        elif m.date < today and is_department(user):
            items.append({"due": m.date, "what": _("Record the minutes of the meeting"),
                          "subject": m.covenant.code, "url": url})
    if is_department(user):
        reports = Report.objects.filter(kind=ReportKind.PROGRESS).select_related("covenant", "interim_evaluation")
        for r in reports:
            interim = getattr(r, "interim_evaluation", None)
            if rules.interim_on_todo(r.kind, r.status, interim.status if interim else None, r.covenant.end, today):
                items.append({"due": r.due_date, "what": _("Interim evaluation to do"), "subject": str(r),
                              "url": reverse("reporting:interim", args=[r.pk])})
        for s in Signal.objects.filter(status=SignalStatus.OPEN).select_related("sector"):
            items.append({"due": s.date, "what": _("Open signal (%(severity)s)") % {
                "severity": s.get_severity_display().lower()}, "subject": s.sector.name,
                "url": reverse("reporting:signals") + f"#signal-{s.pk}"})
    else:
        for interim in InterimEvaluation.objects.filter(
                status=InterimStatus.SHARED,
                report__covenant__sector_id__in=sector_ids_for(user)).select_related("report__covenant"):
            items.append({"due": timezone.localdate(interim.updated_at), "what": _("Interim evaluation to read"),
                          "subject": str(interim.report), "url": reverse("reporting:interim", args=[interim.report_id])})
    items.sort(key=lambda i: i["due"])
    return items
