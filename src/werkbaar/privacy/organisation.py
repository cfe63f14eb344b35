"""An organisation's data as a whole: its export (a ZIP of CSV files and uploaded files) and its erasure
after the retention period.

Public functions:

* :func:`retention_ends(organisation) -> date | None` – when its retention period ends (see
  ``retention.organisation_retention_ends``); :func:`erasable(organisation, today)`.
* :func:`export_zip(organisation) -> bytes` – every CSV cell through ``core.exports.safe_row``; scan
  data only through the scans export rule (``scans.services.export_csv``: k-anonymous rows of closed
  campaigns, refused below the minimum group size) and anonymous feedback only as counts per answer,
  shown from the round's minimum group size on.
* :func:`erase(organisation, user) -> dict[str, int]` – refuses (:class:`ErasureRefused`) while the
  retention period runs; otherwise deletes, in one transaction, the organisation with its campaigns
  (responses, codes, counts, imports, cached results), action plans (minutes files after the commit),
  network participations and memberships, and writes one audit entry with the counts. Audit entries
  are kept; the user accounts stay (they may belong to other organisations).
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import posixpath
import zipfile

from django.db import transaction
from django.db.models import Count, Max, ProtectedError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from werkbaar.actions.models import ActionPlan, DialogueMeeting, FeedbackRound, PlanComment, PlanItem, ProgressUpdate
from werkbaar.core import audit
from werkbaar.core.exports import safe_row
from werkbaar.core.models import Membership, Organisation
from werkbaar.networks.models import Intake, Participant
from werkbaar.scans.models import Campaign
from werkbaar.scans.services import ExportRefused, export_csv

from . import retention
from .purge import delete_files, policy

log = logging.getLogger(__name__)


class ErasureRefused(Exception):
    """The organisation's data may not be erased yet; the message says until when."""


# ------------------------------------------------------------------------------------------------
# Retention
# ------------------------------------------------------------------------------------------------


def activity_dates(organisation: Organisation) -> list[datetime.date]:
    """The organisation's campaign closing dates, action plan changes and network end dates."""
    dates = [c.closed_on or c.closes_on for c in organisation.scan_campaigns.only("closed_on", "closes_on")]
    latest_plan = organisation.action_plans.aggregate(latest=Max("updated"))["latest"]
    if latest_plan is not None:
        dates.append(timezone.localdate(latest_plan))
    dates.extend(organisation.network_participations.values_list("network__end", flat=True))
    return dates


def retention_ends(organisation: Organisation) -> datetime.date | None:
    return retention.organisation_retention_ends(activity_dates(organisation), policy().organisation_years)


def erasable(organisation: Organisation, today: datetime.date | None = None) -> bool:
    ends = retention_ends(organisation)
    return ends is None or (today or timezone.localdate()) >= ends


def refusal_message(organisation: Organisation) -> str:
    """Why the organisation's data cannot be erased yet, with the first day it can."""
    return _("The retention period of %(name)s runs until %(date)s; its data can be erased from that day on.") % {
        "name": organisation.name, "date": date_format(retention_ends(organisation), "DATE_FORMAT")}


# ------------------------------------------------------------------------------------------------
# Export
# ------------------------------------------------------------------------------------------------


def _csv(header: list[str], rows) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(safe_row(row) for row in rows)
    return buf.getvalue()


def _user(user) -> str:
    return user.username if user is not None else ""


def export_files(organisation: Organisation) -> dict[str, str | bytes]:
    """The ZIP's members: name -> text (CSV) or bytes (uploaded files)."""
    files: dict[str, str | bytes] = {}
    o = organisation
    files["organisation.csv"] = _csv(
        ["name", "kind", "enterprise_number", "sector", "joint_committee", "employees", "consent_named"],
        [[o.name, o.kind, o.enterprise_number_display, o.sector.code,
          o.joint_committee.code if o.joint_committee_id else "", o.employee_count, o.consent_named]])
    memberships = Membership.objects.filter(organisation=o).select_related("user").order_by("user__username", "role")
    files["memberships.csv"] = _csv(
        ["username", "first_name", "last_name", "email", "role"],
        [[m.user.username, m.user.first_name, m.user.last_name, m.user.email, m.role] for m in memberships])

    campaign_rows = []
    campaigns = o.scan_campaigns.annotate(n=Count("responses")).order_by("pk")
    for c in campaigns:
        name = ""
        if c.is_closed:
            try:
                text = export_csv(c)
            except ExportRefused:
                text = None
            if text is not None:
                name = f"scans/campaign-{c.pk}-responses.csv"
                files[name] = text
        campaign_rows.append([c.pk, c.name, c.instrument_label, c.opens_on, c.closes_on, c.closed_on, c.status,
                              c.min_group_size, c.population_size, c.n, name])
    files["campaigns.csv"] = _csv(
        ["id", "name", "instrument", "opens_on", "closes_on", "closed_on", "status", "min_group_size",
         "population_size", "responses", "responses_file"], campaign_rows)

    plans = ActionPlan.objects.filter(organisation=o).order_by("pk")
    files["action_plans.csv"] = _csv(
        ["id", "title", "campaign", "follow_up_campaign", "status", "created_by", "approved_on", "evaluated_on"],
        [[p.pk, p.title, p.campaign_id, p.follow_up_campaign_id, p.status, _user(p.created_by), p.approved_on,
          p.evaluated_on] for p in plans.select_related("created_by")])
    items = PlanItem.objects.filter(plan__in=plans).select_related("owner").order_by("plan", "position", "pk")
    files["plan_actions.csv"] = _csv(
        ["id", "plan", "action", "finding", "indicators", "goal", "owner", "deadline", "budget", "status", "done_on"],
        [[i.pk, i.plan_id, i.title, i.finding, i.indicators, i.goal, i.owner_display, i.deadline, i.budget,
          i.status, i.done_on] for i in items])
    updates = ProgressUpdate.objects.filter(item__plan__in=plans).select_related("author").order_by("item", "created")
    files["plan_progress_updates.csv"] = _csv(
        ["plan_action", "author", "created", "text", "percent"],
        [[u.item_id, _user(u.author), u.created.isoformat(), u.text, u.percent] for u in updates])
    comments = PlanComment.objects.filter(plan__in=plans).select_related("author").order_by("plan", "created")
    files["plan_comments.csv"] = _csv(
        ["plan", "author", "created", "text"],
        [[c.plan_id, _user(c.author), c.created.isoformat(), c.text] for c in comments])
    meeting_rows = []
    for m in DialogueMeeting.objects.filter(plan__in=plans).order_by("plan", "held_on", "pk"):
        minutes = ""
        if m.minutes:
            minutes = f"files/minutes/{m.pk}-{posixpath.basename(m.minutes.name)}"
            with m.minutes.open("rb") as handle:
                files[minutes] = handle.read()
        meeting_rows.append([m.pk, m.plan_id, m.held_on, m.body, m.decision, m.decision_text, minutes])
    files["dialogue_meetings.csv"] = _csv(
        ["id", "plan", "held_on", "body", "decision", "decision_text", "minutes_file"], meeting_rows)
    feedback_rows = []
    for r in FeedbackRound.objects.filter(item__plan__in=plans).annotate(n=Count("answers")).order_by("pk"):
        shown = r.n >= r.min_group_size
        counts = dict(r.answers.values_list("helped").annotate(c=Count("pk"))) if shown else {}
        feedback_rows.append([r.item_id, r.opens_on, r.closes_on, r.min_group_size, r.n,
                              *([counts.get(v, 0) for v in (3, 2, 1)] if shown else ["", "", ""])])
    files["action_feedback.csv"] = _csv(
        ["plan_action", "opens_on", "closes_on", "min_group_size", "answers", "helped_yes", "helped_a_little",
         "helped_no"], feedback_rows)

    participants = Participant.objects.filter(organisation=o).select_related("network").order_by("pk")
    files["network_participations.csv"] = _csv(
        ["network", "attendee", "attendee_email", "backup", "backup_email", "joined_at"],
        [[p.network.title, p.attendee_name, p.attendee_email, p.backup_name, p.backup_email, p.joined_at.isoformat()]
         for p in participants])
    intakes = Intake.objects.filter(participant__in=participants).select_related("participant__network")
    files["network_intakes.csv"] = _csv(
        ["network", "expectations", "experience_level", "experience", "questions", "specialists_wanted"],
        [[i.participant.network.title, i.expectations, i.experience_level, i.experience, i.questions,
          i.specialists_wanted] for i in intakes.order_by("pk")])
    return files


def export_zip(organisation: Organisation) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in export_files(organisation).items():
            archive.writestr(name, content)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------------
# Erasure
# ------------------------------------------------------------------------------------------------


def erase(organisation: Organisation, user, today: datetime.date | None = None) -> dict[str, int]:
    """Delete the organisation's data (see the module docstring); the counts per kind."""
    today = today or timezone.localdate()
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if not erasable(organisation, today):
            raise ErasureRefused(refusal_message(organisation))
        plans = ActionPlan.objects.filter(organisation=organisation)
        minutes = [(m.minutes.storage, m.minutes.name)
                   for m in DialogueMeeting.objects.filter(plan__in=plans).exclude(minutes="")]
        campaigns = Campaign.objects.filter(organisation=organisation)
        counts = {
            "campaigns": campaigns.count(),
            "action_plans": plans.count(),
            "network_participations": Participant.objects.filter(organisation=organisation).count(),
            "memberships": Membership.objects.filter(organisation=organisation).count(),
        }
        audit.record(user, organisation, "erase", before=audit.snapshot(organisation), after=None,
                     note=", ".join(f"{k}={v}" for k, v in counts.items()))
        try:
            with transaction.atomic():
                plans.delete()
                Participant.objects.filter(organisation=organisation).delete()
                campaigns.delete()
                organisation.delete()  # memberships cascade
        except ProtectedError as exc:
            raise ErasureRefused(
                _("Other data still refers to the data of %(name)s; nothing was erased.") % {"name": organisation.name}
            ) from exc
        transaction.on_commit(lambda: delete_files(minutes))
    log.info("erase: organisation %s erased (%s)", organisation.pk, counts)
    return counts

