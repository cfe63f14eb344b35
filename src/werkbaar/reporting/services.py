"""The reporting cycle's operations on the database: creating a covenant's reports, pre-filling,
submitting (snapshot + PDF), returning with remarks, extensions, evaluation and payment, reminders.

Views and the API call these; the pure rules are in ``reporting.rules``.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from werkbaar.core import audit, formats, workflow
from werkbaar.core.models import User
from werkbaar.core.permissions import is_department
from werkbaar.core.roles import SECTOR_ROLES, Role
from werkbaar.covenants import linked_sources
from werkbaar.covenants.models import Addendum, CovenantAction, IndicatorUnit, ResultIndicator

from . import rules
from .models import (
    Evaluation,
    ExtensionRequest,
    IndicatorValue,
    Payment,
    PriorityEvaluation,
    ReminderSent,
    Report,
    ReportKind,
    ReportStatus,
    ReportTemplate,
    ReportVersion,
    SectionRemark,
)
from .template_spec import DEFAULT_SPEC, sections_for
from .template_spec import missing_sections as _missing
from .workflow import EXTENSION_WORKFLOW, HANDED_IN_STATES, REPORT_WORKFLOW

INFO_LABELS = {
    "description": gettext_lazy("Indicator"), "target": gettext_lazy("Target"), "unit": gettext_lazy("Unit"),
    "unit_text": gettext_lazy("Unit as written"), "baseline": gettext_lazy("Baseline"),
    "direction": gettext_lazy("Direction"), "period": gettext_lazy("Period"),
}

logger = logging.getLogger(__name__)

#: Days after the decision (or the report's due date, if later) on which the payment is planned.
PAYMENT_DELAY = timedelta(days=30)


# --- templates and reports ----------------------------------------------------------------------


def template_for(generation: str) -> ReportTemplate:
    """The latest template version of a generation; version 1 from the default spec if none exists."""
    template = ReportTemplate.objects.filter(generation=generation).order_by("-version").first()
    if template is None:
        template = ReportTemplate.objects.create(
            generation=generation, version=1, title=f"Rapportering sectorconvenant {generation}", spec=DEFAULT_SPEC
        )
    return template


def ensure_reports(covenant, user=None) -> list[Report]:
    """Create the covenant's reports with their due dates (existing reports are left alone)."""
    out = []
    template = template_for(covenant.generation)
    for kind, due in rules.due_dates(covenant.start, covenant.end).items():
        report = Report.objects.filter(covenant=covenant, kind=kind).first()
        if report is None:
            report = Report.objects.create(covenant=covenant, kind=kind, due_date=due, template=template)
            audit.record(user, report, "create", None, {"kind": kind, "due_date": due}, root=covenant)
            prefill(report, user=user)
        out.append(report)
    return out


def period_for(report) -> tuple[date, date]:
    """The period a report covers: the first calendar year of the term (progress) or the whole term."""
    covenant = report.covenant
    if report.kind == ReportKind.PROGRESS:
        return covenant.start, min(covenant.end, date(covenant.start.year, 12, 31))
    return covenant.start, covenant.end


@dataclass
class PrefillNote:
    """What pre-filling did with one field, and why (shown to the sector after pre-filling)."""

    section: str
    field: str
    filled: bool
    reason: str


@dataclass
class PrefillResult:
    notes: list[PrefillNote] = field(default_factory=list)

    @property
    def filled(self) -> int:
        return sum(1 for n in self.notes if n.filled)

    def add(self, section, label, filled: bool, reason) -> None:
        self.notes.append(PrefillNote(str(section), str(label), filled, str(reason)))


def prefill(report, save: bool = True, user=None) -> PrefillResult:
    """Fill empty fields with what Werkbaar knows: action statuses, indicator values from linked
    sources, and the policy recommendations of the sector's learning networks. Never overwrites
    what the sector typed. The result says per field whether it was filled and why (not)."""
    result = PrefillResult()
    if report.is_locked:
        return result
    content = dict(report.content or {})
    start, end = period_for(report)
    period = _("%(start)s – %(end)s") % {"start": formats.short_date(start), "end": formats.short_date(end)}
    for section in sections_for(report):
        data = dict(content.get(section.key, {}))
        if isinstance(section.obj, CovenantAction):
            if data.get("status"):
                result.add(section.title, _("Status"), False, _("Already filled in; kept as it is."))
            else:
                data["status"] = section.obj.status
                result.add(section.title, _("Status"), True, _("Filled in with the action's status in the covenant."))
        if isinstance(section.obj, ResultIndicator):
            _prefill_indicator(section, data, start, end, period, result)
        if isinstance(section.obj, Addendum):
            _prefill_addendum(section, data, start, end, period, result)
        if section.kind == "policy_recommendations":
            _prefill_recommendations(report, data, start, end, period, section, result)
        content[section.key] = data
    if save:
        save_content(report, content, user, note="prefill")
    else:
        report.content = content
    return result


def _prefill_indicator(section, data, start, end, period, result: PrefillResult) -> None:
    label = _("Measured value")
    indicator = section.obj
    if not rules_blank(data.get("measured_value")):
        result.add(section.title, label, False, _("Already filled in; kept as it is."))
        return
    found = linked_sources.lookup(indicator, start, end)
    source = str(found.source.label) if found.source else ""
    if found.value is not None:
        data["measured_value"] = str(found.value)
        data["measured_value_source"] = indicator.linked_source
        result.add(section.title, label, True, _("Filled in from the linked data source “%(source)s” for %(period)s.")
                   % {"source": source, "period": period})
        return
    reasons = {
        "no_source": _("No linked data source: this indicator is not counted in Werkbaar. Type the value."),
        "unknown_source": _("The linked data source no longer exists. Ask the department to link the indicator "
                            "again, or type the value."),
        "no_data": _("The linked data source “%(source)s” has no data for %(period)s (for example no session "
                     "held). Type the value if you have it."),
        "failed": _("The linked data source “%(source)s” could not be read just now. Try again later or type "
                    "the value."),
    }
    result.add(section.title, label, False, reasons[found.reason] % {"source": source, "period": period})


def _prefill_addendum(section, data, start, end, period, result: PrefillResult) -> None:
    """The fields of a non-discrimination or dual-learning section, from the addendum's phases or counts."""
    from werkbaar.covenants.indicator_sources import FILLABLE, report_values

    fillable = FILLABLE.get(section.obj.kind, ())
    values = report_values(section.obj, start, end)
    for f in section.fields:
        key = f["key"]
        if key not in fillable:
            continue
        label = _(f["label"])
        if not rules_blank(data.get(key)):
            result.add(section.title, label, False, _("Already filled in; kept as it is."))
        elif key in values:
            data[key] = values[key]
            result.add(section.title, label, True, _("Filled in from the addendum's phases and counts for "
                                                     "%(period)s.") % {"period": period})
        else:
            result.add(section.title, label, False, _("The addendum's phases and counts hold nothing for this "
                                                      "field in %(period)s. Type it in."))


def _prefill_recommendations(report, data, start, end, period, section, result: PrefillResult) -> None:
    from werkbaar.networks.counts import policy_recommendations_for

    label = _("Policy recommendations")
    if not rules_blank(data.get("recommendations")):
        result.add(section.title, label, False, _("Already filled in; kept as it is."))
        return
    recommendations = list(policy_recommendations_for(report.covenant.sector, start, end))
    if not recommendations:
        result.add(section.title, label, False, _("The sector's learning networks made no policy recommendation "
                                                   "in %(period)s.") % {"period": period})
        return
    data["recommendations"] = "\n".join(recommendation_line(r) for r in recommendations)
    result.add(section.title, label, True, ngettext(
        "Filled in with %(n)s policy recommendation of the sector's learning networks (%(period)s).",
        "Filled in with %(n)s policy recommendations of the sector's learning networks (%(period)s).",
        len(recommendations)) % {"n": len(recommendations), "period": period})


def recommendation_line(recommendation) -> str:
    """One line of the report: the recommendation, its network, to whom it is addressed."""
    line = f"- {recommendation.text} ({recommendation.network.title}"
    if recommendation.addressed_to:
        line += f"; {_('addressed to')}: {recommendation.addressed_to}"
    return line + ")"


def source_label(key: str) -> str:
    """The readable name of a linked data source (the key is internal)."""
    if not key:
        return ""
    source = linked_sources.sources().get(key)
    return str(source.label) if source else _("linked data")


def rules_blank(value) -> bool:
    return value is None or str(value).strip() == ""


def _flat(content: dict | None) -> dict:
    return {f"{section}.{key}": value for section, data in (content or {}).items() if isinstance(data, dict)
            for key, value in data.items()}


def save_content(report, content: dict, user, note: str = "") -> None:
    """The one path that stores a report's content (the page, the API and pre-filling): saved with an
    audit entry holding each changed field (``<section key>.<field key>``) before and after.

    Raises ``ReportLocked`` for an approved report (nothing is saved). In one transaction, so the
    content is never stored without its audit entry.
    """
    before, after = _flat(report.content), _flat(content)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    with transaction.atomic():
        report.content = content
        report.save()
        if changed:
            audit.record(user, report, "content", {k: before.get(k) for k in changed},
                         {k: after.get(k) for k in changed}, root=report.covenant, note=note)


def missing_sections_messages(report) -> list[str]:
    return [
        _("%(section)s: %(fields)s") % {"section": s.title, "fields": ", ".join(labels)}
        for s, labels in _missing(sections_for(report), report.content or {})
    ]


def lateness(report, today: date | None = None) -> str:
    today = today or timezone.localdate()
    return rules.lateness(report.due_date, today, report.status in HANDED_IN_STATES)


# --- snapshot, versions, PDF --------------------------------------------------------------------


def _display(field: dict, value):
    if value is None or value == "":
        return ""
    if field["type"] == "choice":
        return str(_(dict(field.get("choices", [])).get(value, value)))
    if field["type"] == "unit":
        return str(dict(IndicatorUnit.choices).get(value, value))
    return str(value)


def settlement_json(covenant) -> dict | None:
    """The object of ``werkbaar settle --json`` for a stored covenant (base grant, addenda, final account)."""
    from werkbaar.covenants.final_account import final_account_of_covenant
    from werkbaar.covenants.settlement import SettlementError

    try:
        return final_account_of_covenant(covenant).as_json()
    except SettlementError:
        return None


def consultants_json(covenant) -> list[dict]:
    return [
        {
            "name": c.name, "fte": str(c.fte), "start": str(c.effective_start), "end": str(c.effective_end),
            "absences": [
                {"start": str(a.start), "end": str(a.end), "kind": a.get_kind_display(), "replaced": a.replaced}
                for a in c.absences.all()
            ],
        }
        for c in covenant.consultants.prefetch_related("absences")
    ]


def build_snapshot(report, number: int, user) -> dict:
    """Everything needed to render the submitted version again: labels, values, pre-filled data."""
    covenant = report.covenant
    sections = []
    evidence = {}
    for e in report.evidence.all():
        evidence.setdefault(e.section, []).append(e.name)
    for s in sections_for(report):
        data = (report.content or {}).get(s.key, {})
        info = [[str(INFO_LABELS.get(k, k)), "" if v is None else str(v)] for k, v in s.info.items()
                if k != "commitments" and v not in (None, "")]
        if s.info.get("commitments"):
            info.append([_("Commitments"), "; ".join(str(c) for c in s.info["commitments"])])
        sections.append({
            "key": s.key, "title": s.title,
            "info": info,
            "fields": [
                {"key": f["key"],
                 "label": _(f["label"]) + (f" – {f['label_extra']}" if f.get("label_extra") else ""),
                 "value": _display(f, data.get(f["key"]))}
                for f in s.fields
            ],
            "evidence": evidence.get(s.key, []),
        })
    start, end = period_for(report)
    return {
        "report": {
            "covenant": covenant.code, "covenant_title": covenant.title, "sector": str(covenant.sector),
            "kind": report.get_kind_display(), "kind_code": report.kind, "due_date": str(report.due_date),
            "period": [str(start), str(end)], "template": str(report.template), "version": number,
            "submitted_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            "submitted_by": (user.get_full_name() or user.username) if user else "",
        },
        "sections": sections,
        "consultants": consultants_json(covenant),
        "settlement": settlement_json(covenant),
    }


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def version_pdf(version: ReportVersion) -> bytes:
    return render_pdf("reporting/pdf/version.html", {"snap": version.snapshot, "pdf": True})


def _record_version(report, user) -> ReportVersion:
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ReportVersion.objects.create(
        report=report, number=number, snapshot=build_snapshot(report, number, user), submitted_by=user
    )
    version.pdf.save(f"report-{report.pk}-v{number}.pdf", ContentFile(version_pdf(version)), save=True)
    _record_indicator_values(report, user)
    return version


def _record_indicator_values(report, user) -> None:
    start, end = period_for(report)
    for s in sections_for(report):
        if not isinstance(s.obj, ResultIndicator):
            continue
        raw = (report.content or {}).get(s.key, {}).get("measured_value")
        try:
            value = Decimal(str(raw))
        except (InvalidOperation, TypeError):
            continue
        store_indicator_value(user, report, s.obj, start, end, value, IndicatorValue.Source.REPORT)


def store_indicator_value(user, report, indicator, start: date, end: date, value, source: str) -> IndicatorValue:
    """Create or replace the indicator's value for a period and source, with an audit entry on the covenant."""
    existing = IndicatorValue.objects.filter(indicator=indicator, period_end=end, source=source).first()
    before = None if existing is None else audit.snapshot(existing, exclude=("recorded_at",))
    stored, _created = IndicatorValue.objects.update_or_create(
        indicator=indicator, period_end=end, source=source,
        defaults={"period_start": start, "value": value, "report": report},
    )
    stored.refresh_from_db()
    after = audit.snapshot(stored, exclude=("recorded_at",))
    if before != after:
        audit.record(user, stored, "update" if before else "create", before, after, root=report.covenant)
    return stored


def apply_transition(report, name: str, user, note: str = "", remarks: dict | None = None):
    """Take a workflow step. Submitting keeps a version with its PDF; returning stores the remarks of
    the return form (before the step, in the same transaction: a refused return keeps none of them)."""
    with transaction.atomic():
        def on_apply(obj, t):
            if t.name == "submit" and obj.submitted_at is None:
                obj.submitted_at = timezone.now()
            if t.name == "approve":
                obj.approved_at = timezone.now()

        if name == "return":  # stored first: the step's check needs a remark on the version under review
            version = report.versions.order_by("-number").first()
            titles = {s.key: s.title for s in sections_for(report)}
            for key, text in (remarks or {}).items():
                if key in titles and text.strip():
                    SectionRemark.objects.create(report=report, version=version, section=key,
                                                 section_title=titles[key], text=text.strip(), author=user)
        t = REPORT_WORKFLOW.apply(report, name, user, note=note, root=report.covenant, on_apply=on_apply)
        if name in ("submit", "resubmit"):
            _record_version(report, user)
    return t


# --- due dates and extensions ------------------------------------------------------------------


def change_due_date(report, new_due: date, user, note: str = "") -> None:
    """Move a report's due date (department), record it, and move a planned payment along."""
    with transaction.atomic():
        old = report.due_date
        report.due_date = new_due
        report.save()
        audit.record(user, report, "due_date", {"due_date": old}, {"due_date": new_due}, root=report.covenant,
                     note=note)
        payment = Payment.objects.filter(report=report).first()
        if payment is not None:
            old_payment_date = payment.payment_date
            payment.payment_date += new_due - old
            payment.save()
            audit.record(user, payment, "payment_date", {"payment_date": old_payment_date},
                         {"payment_date": payment.payment_date}, root=report.covenant, note=note)


def request_extension(report, user, new_due: date, reason: str) -> ExtensionRequest:
    ext = ExtensionRequest.objects.create(report=report, requested_due_date=new_due, reason=reason,
                                          previous_due_date=report.due_date, requested_by=user)
    audit.record(user, ext, "extension_requested", None, {"requested_due_date": new_due}, root=report.covenant,
                 note=reason)
    return ext


def decide_extension(ext: ExtensionRequest, name: str, user, note: str = "") -> None:
    """Grant or refuse; a granted extension moves the due date, its reminders and any payment."""
    with transaction.atomic():
        def on_apply(obj, t):
            obj.decided_by, obj.decided_at, obj.decision_note = user, timezone.now(), note

        EXTENSION_WORKFLOW.apply(ext, name, user, note=note, root=ext.report.covenant, on_apply=on_apply)
        if name == "grant":
            change_due_date(ext.report, ext.requested_due_date, user, note=_("Extension granted"))


# --- evaluation and payment ----------------------------------------------------------------------


class EvaluationError(Exception):
    pass


def can_evaluate(report, user) -> bool:
    return (is_department(user) and report.kind == ReportKind.FINAL and report.status == ReportStatus.APPROVED
            and not Evaluation.objects.filter(report=report).exists())


def reported_value(report, indicator) -> str:
    return (report.content or {}).get(f"indicator-{indicator.pk}", {}).get("measured_value", "")


class _Preview(Exception):  # noqa: N818 - not an error: carries the preview out of the rolled-back transaction
    def __init__(self, result: dict):
        super().__init__("preview")
        self.result = result


def preview_digest(lines: list[dict]) -> str:
    """A fingerprint of the evaluation lines: the confirmation must be for exactly what was previewed."""
    import hashlib

    text = repr([(line["priority"].pk, line["met"], str(line.get("value")), line["justification"]) for line in lines])
    return hashlib.sha256(text.encode()).hexdigest()


def preview_evaluation(report, user, lines: list[dict]) -> dict:
    """What ``evaluate`` would record, kept nowhere: the same steps run in a transaction that is rolled
    back (no evaluation, indicator change, payment, letter file or audit entry remains).
    Returns {"settlement": the settlement JSON, "payment": the unsaved payment, "letter": the letter's
    HTML body}. Raises ``EvaluationError`` like ``evaluate``."""
    try:
        evaluate(report, user, lines, preview=True)
    except _Preview as done:
        return done.result
    raise AssertionError("evaluate(preview=True) always rolls back")  # pragma: no cover


def evaluate(report, user, lines: list[dict], preview: bool = False) -> Payment:
    """Record per priority whether the indicator was met, write it to the result indicators, settle the
    covenant and create the payment with its decision letter. ``lines``: priority, met, value, justification.

    Two evaluations at once (two account managers, a double click): the report's row is locked before
    the check, so the second waits for the first to commit, then finds the evaluation and is refused
    with a message; one payment, never two, and never a database error."""
    covenant = report.covenant
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if not can_evaluate(report, user):
            raise EvaluationError(_("Only the department evaluates an approved final report, once."))
        evaluation = Evaluation.objects.create(report=report, evaluated_by=user)
        for line in lines:
            priority = line["priority"]
            if not str(line.get("justification", "")).strip():
                raise EvaluationError(_("Give a justification for every priority."))
            PriorityEvaluation.objects.create(evaluation=evaluation, priority=priority, met=line["met"],
                                              value=line.get("value"), justification=line["justification"])
            indicator = getattr(priority, "indicator", None)
            if indicator is not None:
                before = audit.snapshot(indicator)
                indicator.result_met = line["met"]
                indicator.result_value = line.get("value")
                indicator.result_note = line["justification"]
                indicator.save()
                audit.record(user, indicator, "evaluation", before, audit.snapshot(indicator), root=covenant)
                if line.get("value") is not None:
                    start, end = period_for(report)
                    store_indicator_value(user, report, indicator, start, end, line["value"],
                                          IndicatorValue.Source.EVALUATION)
        from werkbaar.covenants.final_account import final_account_of_covenant
        from werkbaar.covenants.models import Covenant
        from werkbaar.covenants.settlement import money

        fresh = Covenant.objects.prefetch_related("consultants__absences", "priorities__indicator", "addenda",
                                                  "payments", "effort_commitments").get(
            pk=covenant.pk)
        account = final_account_of_covenant(fresh)
        settlement = account.base
        today = timezone.localdate()
        # The balance: final grant (base + addenda, capped by the eligible costs) minus the advances
        # received; negative is to be recovered (docs/settlement.md).
        payment = Payment.objects.create(
            report=report, covenant=covenant, amount_eur=money(account.balance_eur), priorities_met=settlement.priorities_met,
            priorities_total=settlement.priorities_total, decision_date=today,
            payment_date=max(today, report.due_date) + PAYMENT_DELAY, settlement=account.as_json(),
        )
        if preview:
            body = render_to_string("reporting/pdf/_letter_body.html", letter_context(payment, preview=True))
            raise _Preview({"settlement": payment.settlement, "payment": payment, "letter": body})
        payment.letter.save(f"decision-{covenant.code}.pdf", ContentFile(letter_pdf(payment)), save=True)
        audit.record(user, payment, "payment", None, {"amount_eur": payment.amount_eur,
                                                      "basis": payment.basis}, root=covenant)
        workflow.announce("evaluation.recorded", report)
    return payment


def letter_context(payment: Payment, preview: bool = False) -> dict:
    report = payment.report
    evaluation = getattr(report, "evaluation", None)
    lines = list(evaluation.lines.select_related("priority")) if evaluation is not None else []
    return {
        "payment": payment, "report": report, "covenant": report.covenant, "lines": lines,
        "settlement": payment.settlement, "signed_by": evaluation.evaluated_by if evaluation is not None else None,
        "amount_abs": abs(payment.amount_eur),
        "reference": _("(given on confirmation)") if preview else payment.reference,
    }


def letter_pdf(payment: Payment) -> bytes:
    return render_pdf("reporting/pdf/letter.html", letter_context(payment))


# --- reminders -------------------------------------------------------------------------------------


def recipients_for(report, kind: str) -> list[str]:
    users = User.objects.filter(memberships__role__in=list(SECTOR_ROLES),
                                memberships__sector=report.covenant.sector, is_active=True)
    emails = {u.email for u in users if u.email}
    if kind == "overdue":
        emails |= {u.email for u in User.objects.filter(memberships__role=Role.ACCOUNT_MANAGER, is_active=True)
                   if u.email}
    return sorted(emails)


def send_reminders(today: date | None = None) -> list[ReminderSent]:
    """Send the reminder that is due for every report not yet handed in; one per (report, kind, due date)."""
    today = today or timezone.localdate()
    sent = []
    for report in Report.objects.filter(status=ReportStatus.DRAFT).select_related("covenant__sector"):
        kind = rules.reminder_due(report.due_date, today)
        if kind is None:
            continue
        with transaction.atomic():
            record, created = ReminderSent.objects.get_or_create(report=report, kind=kind, due_date=report.due_date)
            if not created:
                continue
            record.recipients = recipients_for(report, kind)
            record.save()
            with translation.override("nl"):
                subject, body = reminder_text(report, kind, today)
            if record.recipients:
                send_mail(subject, body, None, record.recipients)
            sent.append(record)
    return sent


def reminder_text(report, kind: str, today: date) -> tuple[str, str]:
    days = (report.due_date - today).days
    if kind == "overdue":
        subject = _("Overdue: %(report)s") % {"report": report}
        body = _("The %(report)s was due on %(due)s and has not been submitted yet.") % {
            "report": report, "due": report.due_date}
    else:
        subject = _("Reminder: %(report)s due on %(due)s") % {"report": report, "due": report.due_date}
        body = _("The %(report)s is due in %(days)s day(s), on %(due)s.") % {
            "report": report, "days": days, "due": report.due_date}
    body += "\n\n" + _("Open the report in Werkbaar: %(path)s") % {"path": f"{settings.SITE_URL}/reporting/{report.pk}/"}
    return subject, body
