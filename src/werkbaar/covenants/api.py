"""JSON API routes of the covenants app, mounted at /api/v1/covenants/.

Read-only: the list, one covenant and its settlement. Scoped like the pages: a covenant of a sector
the user cannot see does not exist (404).
"""

from datetime import date

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from werkbaar.api.errors import Error
from werkbaar.api.listing import paginated
from werkbaar.api.tokens import scope
from werkbaar.core.permissions import can_view_sector, readable_sectors

from .final_account import final_account_of_covenant
from .models import Covenant
from .settlement import SettlementError

router = Router(tags=["covenants"])


class CovenantOut(Schema):
    id: int
    code: str
    title: str
    sector: str
    generation: str
    start: date
    end: date
    status: str
    funded_fte: str
    max_grant_eur: str | None
    rate_per_fte_year_eur: str | None
    result_share: str
    themes: list[str]


class IndicatorOut(Schema):
    description: str
    target: str
    unit: str
    period: str
    result_value: str | None
    result_met: bool | None


class ActionOut(Schema):
    code: str
    title: str
    timing: str
    partners: list[str]
    status: str


class PriorityOut(Schema):
    code: str
    title: str
    indicator: IndicatorOut | None
    actions: list[ActionOut]


class AbsenceOut(Schema):
    start: date
    end: date
    kind: str
    replaced: bool


class ConsultantOut(Schema):
    name: str
    fte: str
    start: date
    end: date
    sector_account: str | None
    absences: list[AbsenceOut]


class CovenantDetailOut(CovenantOut):
    priorities: list[PriorityOut]
    consultants: list[ConsultantOut]


def _s(value) -> str | None:
    return None if value is None else str(value)


def _covenant(c: Covenant) -> dict:
    return {
        "id": c.pk, "code": c.code, "title": c.title, "sector": c.sector.code, "generation": c.generation,
        "start": c.start, "end": c.end, "status": c.status, "funded_fte": str(c.funded_fte),
        "max_grant_eur": _s(c.max_grant_eur), "rate_per_fte_year_eur": _s(c.rate_per_fte_year_eur),
        "result_share": str(c.result_share), "themes": [t.code for t in c.themes.all()],
    }


def _get(request, code: str) -> Covenant:
    covenant = get_object_or_404(Covenant.objects.select_related("sector"), code=code)
    if not can_view_sector(request.user, covenant.sector):
        raise Http404
    return covenant


@router.get("/", response=list[CovenantOut], summary="Covenants the user may see")
@scope("covenants:read")
@paginated
def list_covenants(request, q: str = "", sector: str = "", status: str = "", generation: str = ""):
    qs = Covenant.objects.filter(sector__in=readable_sectors(request.user)).select_related("sector").prefetch_related(
        "themes")
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(title__icontains=q))
    if sector:
        qs = qs.filter(sector__code__iexact=sector)
    if status:
        qs = qs.filter(status=status)
    if generation:
        qs = qs.filter(generation=generation)
    return [_covenant(c) for c in qs.order_by("-start", "code", "pk")]


@router.get("/{code}", response=CovenantDetailOut, summary="One covenant with priorities and consultants")
@scope("covenants:read")
def covenant_detail(request, code: str):
    c = _get(request, code)
    data = _covenant(c)
    priorities = []
    for p in c.priorities.select_related("indicator").prefetch_related("actions"):
        try:
            ind = p.indicator
        except Exception:  # noqa: BLE001 - no indicator
            ind = None
        priorities.append({
            "code": p.code, "title": p.title,
            "indicator": None if ind is None else {
                "description": ind.description, "target": str(ind.target_value), "unit": ind.unit,
                "period": ind.period, "result_value": _s(ind.result_value), "result_met": ind.result_met,
            },
            "actions": [{"code": a.code, "title": a.title, "timing": a.timing, "partners": list(a.partners or []),
                         "status": a.status} for a in p.actions.all()],
        })
    data["priorities"] = priorities
    data["consultants"] = [
        {"name": k.name, "fte": str(k.fte), "start": k.effective_start, "end": k.effective_end,
         "sector_account": k.sector_account.code if k.sector_account else None,
         "absences": [{"start": a.start, "end": a.end, "kind": a.kind, "replaced": a.replaced}
                      for a in k.absences.all()]}
        for k in c.consultants.select_related("sector_account").prefetch_related("absences")
    ]
    return data


@router.get("/{code}/settlement", response={200: dict, 422: Error}, summary="The settlement (same object as `werkbaar settle --json`, plus lines)")
@scope("covenants:read")
def covenant_settlement(request, code: str):
    c = _get(request, code)
    try:
        account = final_account_of_covenant(c)
    except SettlementError as exc:
        raise HttpError(422, str(exc)) from exc
    return {**account.as_json(), "consultants": account.base.lines_as_json()}
