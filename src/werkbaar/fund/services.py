"""The storing paths of the fund: submitting, reviewing, deciding (with the budget commitment) and paying.

Every path checks permission with ``fund.rules``, changes the state only through
``APPLICATION_WORKFLOW.apply`` and writes its rows in the same transaction, so nothing is half saved.

The transaction story of ``decide``: the call row is locked first (``select_for_update``; on SQLite
the immediate transaction takes the write lock), then the application row. The committed amount
is summed under that lock and the assessment is run with it, so two decisions at once on the same
call are serialised: the second one sees the first one's commitment and can never push the sum of
committed amounts over the budget. A double click or a retry finds the application already decided
and is refused by the workflow ("not possible from the state ...") without a second commitment.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from werkbaar.core.workflow import TransitionNotAllowed

from . import assessment as rules
from .models import Application, Decision, FinalReport, FundCall, Payment, Review
from .rules import can_review
from .workflows import APPLICATION_WORKFLOW, DECISION_STEPS

ZERO = Decimal("0")


class FundError(Exception):
    """A refused request with a translated, specific message."""


def committed_eur(call: FundCall) -> Decimal:
    total = Decision.objects.filter(application__call=call).aggregate(s=Sum("amount_eur"))["s"]
    return total or ZERO


def paid_eur(call: FundCall) -> Decimal:
    total = Payment.objects.filter(application__call=call).aggregate(s=Sum("amount_eur"))["s"]
    return total or ZERO


def call_terms(call: FundCall, committed: Decimal | None = None) -> rules.CallTerms:
    return rules.CallTerms(
        code=call.code, title=call.title_nl, opens=call.opens, closes=call.closes, budget_eur=call.budget_eur,
        committed_eur=committed_eur(call) if committed is None else committed, rate=call.rate,
        ceiling_eur=call.ceiling_eur, minimum_eur=call.minimum_eur,
        eligible_categories=tuple(call.eligible_categories), requires_scan=call.requires_scan,
        scan_max_age_months=call.scan_max_age_months,
    )


def applicant_terms(application: Application, declared: list[dict] | None = None) -> rules.Applicant:
    """The applicant's terms; ``declared`` (the de-minimis rows being typed) replaces the stored declaration."""
    aid = tuple(
        rules.Aid(datetime.date.fromisoformat(a["granted_on"]), Decimal(a["amount_eur"]))
        for a in (application.de_minimis or () if declared is None else declared)
    )
    org = application.organisation
    return rules.Applicant(de_minimis=aid, scan_closed_on=application.scan_closed_on,
                           enterprise_number=org.enterprise_number or "", name=org.name)


def assessment_for(application: Application, committed: Decimal | None = None,
                   costs=None, on: datetime.date | None = None, declared: list[dict] | None = None) -> rules.Assessment:
    """The assessment of a stored application (or of ``costs`` and ``declared`` aid being typed, for the preview)."""
    lines = application.costs.all() if costs is None else costs
    day = on or application.submitted_on or timezone.localdate()
    terms = rules.ApplicationTerms(
        submitted_on=day, costs=tuple(rules.CostLine(c.category, c.amount_eur, c.description) for c in lines),
    )
    return rules.assess(call_terms(application.call, committed), applicant_terms(application, declared), terms)


def submit(application: Application, user) -> None:
    def stamp(obj, _t):
        obj.submitted_on = timezone.localdate()
        obj.submitted_at = timezone.now()

    APPLICATION_WORKFLOW.apply(application, "submit", user, on_apply=stamp)


def add_review(application: Application, user, score: int | None = None, recommendation: str = "",
               comment: str = "", scores: dict[str, int] | None = None) -> Review:
    """One review per reviewer; with ``scores`` per criterion the overall score is their average, half up."""
    if scores:
        score = int((Decimal(sum(scores.values())) / len(scores)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if application.status != "under_review":
        raise FundError(_("Reviews are only possible while the application is under review."))
    if not can_review(user, application):
        raise FundError(_("You cannot review this application (conflict of interest or no access)."))
    with transaction.atomic():
        review, created = Review.objects.get_or_create(
            application=application, reviewer=user,
            defaults={"score": score, "scores": scores or {}, "recommendation": recommendation, "comment": comment},
        )
    if not created:
        raise FundError(_("You have already reviewed this application."))
    return review


def decide(application: Application, user, outcome: str, reason: str, amount_eur: Decimal | None = None) -> Decision:
    """Approve (the assessed grant, or ``amount_eur`` up to it), approve partially or refuse; see the module doc."""
    if outcome not in DECISION_STEPS:
        raise FundError(_("Unknown decision."))
    with transaction.atomic():
        call = FundCall.objects.select_for_update().get(pk=application.call_id)
        application = Application.objects.select_for_update(of=("self",)).select_related("organisation").get(
            pk=application.pk)
        application.call = call
        APPLICATION_WORKFLOW.check(application, DECISION_STEPS[outcome], user)
        amount = ZERO
        if outcome != "refused":
            result = assessment_for(application, committed=committed_eur(call))
            if not result.eligible:
                raise FundError(_("The application cannot be approved: %(reasons)s.")
                                % {"reasons": ", ".join(refusal_label(r) for r in result.refusals)})
            amount = result.grant_eur if amount_eur is None else amount_eur
            if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
                raise FundError(_("The approved amount must be greater than 0, with at most 2 decimals."))
            if amount > result.grant_eur:
                raise FundError(_("The approved amount is more than the assessed grant (%(grant)s EUR).")
                                % {"grant": rules.money_str(result.grant_eur)})
            if outcome == "partially_approved" and amount >= result.grant_eur:
                raise FundError(_("A partial approval is less than the assessed grant (%(grant)s EUR).")
                                % {"grant": rules.money_str(result.grant_eur)})

        def stamp(obj, _t):
            obj.decided_at = timezone.now()

        APPLICATION_WORKFLOW.apply(application, DECISION_STEPS[outcome], user, note=reason, on_apply=stamp)
        decision = Decision.objects.create(application=application, outcome=outcome, amount_eur=amount,
                                           reason=reason, decided_by=user)
        advance = rules.money(amount * call.advance_share)
        if advance > 0:
            Payment.objects.create(application=application, kind=Payment.Kind.ADVANCE, amount_eur=advance)
    return decision


def submit_final_report(application: Application, user, text: str, proven_eligible_eur: Decimal) -> FinalReport:
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)  # a second tab waits here
        if application.status not in ("approved", "partially_approved"):
            raise TransitionNotAllowed(_("A final report is only possible after an approval."))
        # The report row is created before the step (its check needs it); a refused step rolls it back.
        report = FinalReport.objects.create(application=application, text=text,
                                            proven_eligible_eur=proven_eligible_eur)
        application.final_report = report
        APPLICATION_WORKFLOW.apply(application, "report", user)
    return report


def balance_eur(application: Application) -> Decimal:
    advance = sum((p.amount_eur for p in application.payments.filter(kind=Payment.Kind.ADVANCE)), ZERO)
    return rules.balance(application.decision.amount_eur, application.call.rate,
                         application.final_report.proven_eligible_eur, advance)


def pay(application: Application, user) -> Payment:
    """Pay the balance (or record the recovery) after the final report, in one transaction."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        APPLICATION_WORKFLOW.check(application, "pay", user)
        amount = balance_eur(application)
        kind = Payment.Kind.BALANCE if amount >= 0 else Payment.Kind.RECOVERY
        payment = Payment.objects.create(application=application, kind=kind, amount_eur=amount)
        APPLICATION_WORKFLOW.apply(application, "pay", user)
    return payment


def refusal_label(code: str) -> str:
    labels = {
        "outside_call_period": _("submitted outside the call period"),
        "no_recent_scan": _("no recent closed scan"),
        "no_eligible_cost": _("no eligible cost"),
        "budget_exhausted": _("the call's budget is exhausted"),
        "de_minimis_exhausted": _("no de-minimis room left"),
        "below_minimum": _("below the call's minimum"),
    }
    return str(labels.get(code, code))


# Starting and editing an application ---------------------------------------------------------------------------


def known_facts(organisation) -> dict:
    """What Werkbaar already knows for the application form: the latest closed scan and the approved plan's items."""
    from werkbaar.actions.models import ActionPlan, PlanStatus
    from werkbaar.insights.services import closed_campaigns, effective_close_date

    facts = {"scan_closed_on": None, "workability_rate": None, "top_risks": [], "costs": []}
    campaigns = sorted(closed_campaigns().filter(organisation=organisation), key=effective_close_date)
    if campaigns:
        campaign = campaigns[-1]
        facts["scan_closed_on"] = effective_close_date(campaign)
        facts.update(_scan_figures(campaign))
    plan = (ActionPlan.objects.filter(organisation=organisation,
                                      status__in=(PlanStatus.APPROVED, PlanStatus.IN_PROGRESS))
            .order_by("-pk").first())
    if plan is not None:
        facts["costs"] = [("action", item.title[:300], item.budget or ZERO) for item in plan.items.all()]
    return facts


def _scan_figures(campaign) -> dict:
    """Workability rate (%) and the three indicators with the highest problem rate, when published."""
    from werkbaar.actions.suggestions import findings, unwrap
    from werkbaar.insights.services import campaign_result

    result = unwrap(campaign_result(campaign))
    overall = result.get("overall") or {}
    rate = overall.get("workability_rate")
    found = sorted(findings(result).values(), key=lambda f: -f.rate)[:3]
    return {
        "workability_rate": Decimal(str(round(rate * 100, 1))) if isinstance(rate, float) and not overall.get(
            "suppressed") else None,
        "top_risks": [f.scale for f in found],
    }


def start_application(call: FundCall, organisation, user) -> Application:
    """A draft pre-filled from the latest closed scan and the approved action plan (one transaction)."""
    from django.utils.translation import get_language

    from .models import CostLine

    facts = known_facts(organisation)
    with transaction.atomic():
        application = Application.objects.create(
            call=call, organisation=organisation, created_by=user, language=(get_language() or "nl")[:2],
            scan_closed_on=facts["scan_closed_on"], workability_rate=facts["workability_rate"],
            top_risks=facts["top_risks"],
        )
        for category, description, amount in facts["costs"]:
            CostLine.objects.create(application=application, category=category, description=description,
                                    amount_eur=amount)
        audit_record(user, application, "create")
    return application


def audit_record(user, obj, action, before=None, after=None):
    from werkbaar.core import audit

    audit.record(user, obj, action, before, after, root=getattr(obj, "application", obj))


def aid_json(rows) -> list[dict]:
    return [{"granted_on": r["granted_on"].isoformat(), "amount_eur": f"{r['amount_eur']:.2f}"} for r in rows]


# Figures -------------------------------------------------------------------------------------------------------


def call_figures(call: FundCall) -> dict:
    from django.db.models import Count

    committed, paid = committed_eur(call), paid_eur(call)
    per_state = dict(call.applications.values_list("status").annotate(n=Count("pk")).order_by())
    decided = [a for a in call.applications.exclude(submitted_at=None).exclude(decided_at=None)
               .only("submitted_at", "decided_at")]
    days = [(a.decided_at - a.submitted_at).total_seconds() / 86400 for a in decided]
    return {
        "budget": call.budget_eur, "committed": committed, "paid": paid,
        "remaining": max(ZERO, call.budget_eur - committed),
        "per_state": per_state,
        "average_days_to_decision": round(sum(days) / len(days), 1) if days else None,
    }


def sector_figures(calls) -> list[dict]:
    """Per sector of the applying companies: applications, companies approved, committed and paid (EUR)."""
    from django.db.models import Count

    rows = {}
    for sector, n in (Application.objects.filter(call__in=calls).values_list("organisation__sector__name")
                      .annotate(n=Count("pk")).order_by("organisation__sector__name")):
        rows[sector] = {"sector": sector, "applications": n, "companies": 0, "committed": ZERO, "paid": ZERO}
    decisions = (Decision.objects.filter(application__call__in=calls)
                 .values_list("application__organisation__sector__name").annotate(s=Sum("amount_eur")).order_by())
    for sector, total in decisions:
        rows[sector]["committed"] = total or ZERO
    approved = (Decision.objects.filter(application__call__in=calls, amount_eur__gt=0)
                .values_list("application__organisation__sector__name")
                .annotate(c=Count("application__organisation", distinct=True)).order_by())
    for sector, companies in approved:
        rows[sector]["companies"] = companies
    for sector, total in (Payment.objects.filter(application__call__in=calls)
                          .values_list("application__organisation__sector__name").annotate(s=Sum("amount_eur"))
                          .order_by()):
        rows[sector]["paid"] = total or ZERO
    return list(rows.values())


def payment_rows(calls):
    """Rows for the bookkeeping export: one per payment (advance, balance or recovery)."""
    payments = (Payment.objects.filter(application__call__in=calls)
                .select_related("application__call", "application__organisation").order_by("created", "pk"))
    for p in payments:
        org = p.application.organisation
        yield [p.created.date().isoformat(), p.application.call.code, p.application.pk, org.name,
               org.enterprise_number or "", p.get_kind_display(), p.amount_eur]


def letter_pdf(application: Application) -> bytes:
    """The decision letter (WeasyPrint, like reporting's payment letter) in the applicant's language."""
    from django.utils import translation

    from werkbaar.reporting.services import render_pdf

    advance = application.payments.filter(kind=Payment.Kind.ADVANCE).first()
    with translation.override(application.language or "nl"):
        return render_pdf("fund/pdf/letter.html", {
            "decision": application.decision, "call": application.call, "organisation": application.organisation,
            "advance": advance.amount_eur if advance else None,
        })
