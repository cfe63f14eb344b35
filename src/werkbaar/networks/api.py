"""JSON API routes of the networks app, mounted at /api/v1/networks/.

Read-only: networks, sessions, attendance and the recommendations board. Every endpoint is scoped
by ``permissions``: a network the user may not see answers 404, exactly like the pages.
"""

from datetime import date, datetime

from django.http import Http404
from ninja import Router, Schema

from werkbaar.api.listing import paginated

from . import counts, services
from .models import Network, Support
from .permissions import get_network_for, networks_for

router = Router(tags=["networks"])


class NetworkOut(Schema):
    id: int
    title: str
    theme: str
    status: str
    sector: str
    partner_sectors: list[str]
    start: date
    end: date
    target_min: int
    target_max: int
    planned_sessions: int
    participants: int


class FiguresOut(Schema):
    participants: int
    organisations_reached: int
    employers_reached: int
    sessions_held: int
    sessions_planned: int
    attendance_rate: float | None


class NetworkDetailOut(NetworkOut):
    expectations: str
    facilitators: list[str]
    organisations: list[str]
    figures: FiguresOut


class SessionOut(Schema):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    status: str
    place: str
    online_url: str
    agenda: str
    specialists: str
    method: str


class AttendanceRowOut(Schema):
    organisation: str
    presence: list[str]
    attended: int
    missed: int
    warning: bool


class AttendanceOut(Schema):
    sessions: list[int]
    rows: list[AttendanceRowOut]


class IdeaOut(Schema):
    id: int
    text: str
    theme: str
    term: str
    scope: str
    status: str
    votes: int
    commits: int


def _network_out(n: Network) -> dict:
    return {
        "id": n.pk, "title": n.title, "theme": n.theme, "status": n.status, "sector": n.sector.code,
        "partner_sectors": [s.code for s in n.partner_sectors.all()], "start": n.start, "end": n.end,
        "target_min": n.target_min, "target_max": n.target_max, "planned_sessions": n.planned_sessions,
        "participants": n.participants.count(),
    }


def _get(request, network_id) -> Network:
    try:
        return get_network_for(request.auth, network_id)
    except Http404:
        raise Http404("Not found")


@router.get("/", response=list[NetworkOut], summary="Learning networks you may see")
@paginated
def list_networks(request):
    qs = networks_for(request.auth).select_related("sector").prefetch_related("partner_sectors").order_by("-start", "pk")
    return [_network_out(n) for n in qs]


@router.get("/{network_id}", response=NetworkDetailOut, summary="One learning network with its figures")
def get_network(request, network_id: int):
    n = _get(request, network_id)
    figures = counts.network_figures(n)
    rate = figures["attendance_rate"]
    return {
        **_network_out(n), "expectations": n.expectations,
        "facilitators": [str(u) for u in n.facilitators.all()],
        "organisations": [p.organisation.name for p in n.participants.select_related("organisation")],
        "figures": {**figures, "attendance_rate": float(rate) if rate is not None else None},
    }


@router.get("/{network_id}/sessions", response=list[SessionOut], summary="Sessions of a network")
@paginated
def list_sessions(request, network_id: int):
    n = _get(request, network_id)
    return list(n.sessions.all())


@router.get("/{network_id}/attendance", response=AttendanceOut, summary="Attendance per organisation")
def attendance(request, network_id: int):
    n = _get(request, network_id)
    sessions, rows = services.attendance_overview(n)
    return {
        "sessions": [s.pk for s in sessions],
        "rows": [
            {"organisation": r.participant.organisation.name, "presence": r.cells, "attended": r.summary.attended,
             "missed": r.summary.missed, "warning": r.summary.warning}
            for r in rows
        ],
    }


@router.get("/{network_id}/board", response=list[IdeaOut], summary="Ideas on the recommendations board")
@paginated
def board(request, network_id: int):
    n = _get(request, network_id)
    out = []
    for idea in n.ideas.prefetch_related("supports"):
        supports = list(idea.supports.all())
        out.append({
            "id": idea.pk, "text": idea.text, "theme": idea.theme, "term": idea.term, "scope": idea.scope,
            "status": idea.status, "votes": sum(1 for s in supports if s.kind == Support.Kind.VOTE),
            "commits": sum(1 for s in supports if s.kind == Support.Kind.COMMIT),
        })
    return out
