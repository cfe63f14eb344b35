"""JSON API routes of the fund app, mounted at /api/v1/fund/.

Calls (public to every signed-in user), applications in the caller's scope, the assessment (the same
``fund.assessment.assess`` as the pages and the CLI), decisions and payments. Permissions are the
pages' own (``fund.rules``): an application outside the caller's scope answers 404, a step the caller
may not take 403, a step the state does not allow 409, an amount the rules refuse 422. Amounts are
strings with two decimals.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from werkbaar.api.errors import Error, InvalidInput
from werkbaar.api.listing import paginated
from werkbaar.api.tokens import scope
from werkbaar.core.workflow import TransitionNotAllowed

from . import services
from .models import Payment
from .rules import applications_for, can_decide, get_application_for, get_call_for, managed_calls, visible_calls

router = Router(tags=["fund"])


class CallOut(Schema):
    id: int
    code: str
    title: str
    opens: date
    closes: date
    budget_eur: str
    rate: str
    ceiling_eur: str
    minimum_eur: str
    eligible_categories: list[str]
    requires_scan: bool
    scan_max_age_months: int
    advance_share: str
    sector: str | None
    owner_sector: str | None


class FiguresOut(Schema):
    budget_eur: str
    committed_eur: str
    paid_eur: str
    remaining_eur: str
    per_state: dict[str, int]
    average_days_to_decision: float | None


class CostOut(Schema):
    category: str
    description: str
    amount_eur: str


class ApplicationOut(Schema):
    id: int
    call: str
    organisation: str
    enterprise_number: str
    status: str
    submitted_on: date | None
    scan_closed_on: date | None
    costs: list[CostOut]


class AssessmentOut(Schema):
    eligible_cost_eur: str
    ineligible_cost_eur: str
    rate_amount_eur: str
    de_minimis_used_eur: str
    de_minimis_room_eur: str
    grant_eur: str
    capped_by: str | None
    eligible: bool
    refusals: list[str]


class DecisionIn(Schema):
    outcome: str
    reason: str
    amount_eur: str | None = None


class DecisionOut(Schema):
    outcome: str
    amount_eur: str
    reason: str


class PaymentOut(Schema):
    application: int
    kind: str
    amount_eur: str
    date: date


def _call_out(call) -> dict:
    return {
        "id": call.pk, "code": call.code, "title": call.title, "opens": call.opens, "closes": call.closes,
        "budget_eur": f"{call.budget_eur:.2f}", "rate": str(call.rate), "ceiling_eur": f"{call.ceiling_eur:.2f}",
        "minimum_eur": f"{call.minimum_eur:.2f}", "eligible_categories": list(call.eligible_categories),
        "requires_scan": call.requires_scan, "scan_max_age_months": call.scan_max_age_months,
        "advance_share": str(call.advance_share), "sector": call.sector.code if call.sector else None,
        "owner_sector": call.owner_sector.code if call.owner_sector else None,
    }


def _application_out(a) -> dict:
    return {
        "id": a.pk, "call": a.call.code, "organisation": a.organisation.name,
        "enterprise_number": a.organisation.enterprise_number or "", "status": a.status,
        "submitted_on": a.submitted_on, "scan_closed_on": a.scan_closed_on,
        "costs": [{"category": c.category, "description": c.description, "amount_eur": f"{c.amount_eur:.2f}"}
                  for c in a.costs.all()],
    }


@router.get("/calls", response=list[CallOut])
@scope("fund:read")
@paginated
def list_calls(request):
    return [_call_out(c) for c in visible_calls(request.user).select_related("sector", "owner_sector").order_by("-opens", "code", "pk")]


@router.get("/calls/{call_id}", response=CallOut)
@scope("fund:read")
def get_call(request, call_id: int):
    return _call_out(get_call_for(request.user, call_id))


@router.get("/calls/{call_id}/figures", response={200: FiguresOut, 403: Error})
@scope("fund:read")
def call_figures(request, call_id: int):
    call = get_call_for(request.user, call_id, manage=True)
    f = services.call_figures(call)
    return {
        "budget_eur": f"{f['budget']:.2f}", "committed_eur": f"{f['committed']:.2f}", "paid_eur": f"{f['paid']:.2f}",
        "remaining_eur": f"{f['remaining']:.2f}", "per_state": f["per_state"],
        "average_days_to_decision": f["average_days_to_decision"],
    }


@router.get("/applications", response=list[ApplicationOut])
@scope("fund:read")
@paginated
def list_applications(request, call: str = "", status: str = ""):
    """Filters: ``call`` (the call's code) and ``status`` (an application state)."""
    qs = applications_for(request.user).select_related("call", "organisation").prefetch_related("costs")
    if call:
        qs = qs.filter(call__code__iexact=call)
    if status:
        qs = qs.filter(status=status)
    return [_application_out(a) for a in qs.order_by("pk")]


@router.get("/applications/{application_id}", response=ApplicationOut)
@scope("fund:read")
def get_application(request, application_id: int):
    return _application_out(get_application_for(request.user, application_id))


@router.get("/applications/{application_id}/assessment", response=AssessmentOut)
@scope("fund:read")
def get_assessment(request, application_id: int):
    return services.assessment_for(get_application_for(request.user, application_id)).as_json()


def _amount(value: str | None, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise InvalidInput({field: _("Enter an amount in euro, for example 1250.50.")}) from None
    if not amount.is_finite() or amount < 0 or amount.adjusted() >= 12 or amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput({field: _("Enter an amount of at least 0 with at most 2 decimals.")})
    return amount


@router.post("/applications/{application_id}/decision", response={201: DecisionOut, 403: Error, 409: Error,
                                                                    422: Error})
def post_decision(request, application_id: int, payload: DecisionIn):
    application = get_application_for(request.user, application_id)
    if not can_decide(request.user, application):
        raise PermissionDenied
    if payload.outcome not in ("approved", "partially_approved", "refused"):
        raise InvalidInput({"outcome": _("Choose approved, partially_approved or refused.")})
    if not payload.reason.strip():
        raise InvalidInput({"reason": _("Give a reason for the decision.")})
    amount = _amount(payload.amount_eur, "amount_eur")
    try:
        decision = services.decide(application, request.user, payload.outcome, payload.reason, amount)
    except TransitionNotAllowed as exc:
        raise HttpError(409, str(exc)) from None
    except services.FundError as exc:
        raise HttpError(422, str(exc)) from None
    return Status(201, {"outcome": decision.outcome, "amount_eur": f"{decision.amount_eur:.2f}", "reason": decision.reason})


@router.get("/payments", response=list[PaymentOut])
@scope("fund:read")
@paginated
def list_payments(request):
    payments = Payment.objects.filter(application__call__in=managed_calls(request.user)).order_by("created", "pk")
    return [{"application": p.application_id, "kind": p.kind, "amount_eur": f"{p.amount_eur:.2f}",
             "date": p.created.date()} for p in payments]


@router.get("/applications/{application_id}/payments", response=list[PaymentOut])
@scope("fund:read")
@paginated
def application_payments(request, application_id: int):
    application = get_application_for(request.user, application_id)
    return [{"application": p.application_id, "kind": p.kind, "amount_eur": f"{p.amount_eur:.2f}",
             "date": p.created.date()} for p in application.payments.all()]

