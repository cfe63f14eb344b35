"""Operations on networks that touch several models: attendance overview, board support,
outcomes of ideas, calendar events. Views stay thin and call these."""

from dataclasses import dataclass

from django.db import transaction

from werkbaar.core import audit

from . import ics
from .models import (
    PRESENT,
    Attendance,
    Commitment,
    FollowUp,
    Idea,
    IdeaTheme,
    MenuProposal,
    Participant,
    PolicyRecommendation,
    Scope,
    Session,
    Support,
    Term,
)
from .rules import AttendanceSummary, summarise_attendance
from .workflows import IDEA, OUTCOME_TRANSITIONS


@dataclass
class AttendanceRow:
    participant: Participant
    cells: list  # Attendance.presence value or "" per held session
    summary: AttendanceSummary


def attendance_overview(network) -> tuple[list[Session], list[AttendanceRow]]:
    """Held sessions (date order) and one row per participant with its presence and summary."""
    sessions = list(network.sessions.filter(status=Session.Status.HELD).order_by("starts_at", "pk"))
    marks = {
        (a.session_id, a.participant_id): a.presence
        for a in Attendance.objects.filter(session__in=sessions)
    }
    rows = []
    for p in network.participants.select_related("organisation"):
        cells = [marks.get((s.pk, p.pk), "") for s in sessions]
        rows.append(AttendanceRow(p, cells, summarise_attendance([c in PRESENT for c in cells])))
    return sessions, rows


def save_attendance(session, presences: dict[int, str], user) -> None:
    """Store the presence of each participant (id -> presence) and mark the session held."""
    with transaction.atomic():
        for participant in session.network.participants.all():
            presence = presences.get(participant.pk)
            if not presence:
                continue
            Attendance.objects.update_or_create(
                session=session, participant=participant, defaults={"presence": presence}
            )
        if session.status != Session.Status.HELD:
            session.status = Session.Status.HELD
            session.save(update_fields=["status"])
        audit.record(user, session, "attendance", None, {str(k): v for k, v in presences.items()}, root=session.network)


def toggle_support(idea, user, kind: str, participant=None) -> bool:
    """Add or withdraw the user's vote / commitment mark. Returns True when it is now set."""
    with transaction.atomic():
        existing = Support.objects.filter(idea=idea, user=user, kind=kind)
        if existing.exists():
            existing.delete()
            return False
        Support.objects.create(idea=idea, user=user, kind=kind, participant=participant)
        return True


def board_matrix(ideas) -> list[dict]:
    """Rows per theme, cells per (term, scope), for the board and the report."""
    columns = [(t, s) for t in Term.values for s in Scope.values]
    by_cell: dict[tuple, list] = {}
    for idea in ideas:
        by_cell.setdefault((idea.theme, idea.term, idea.scope), []).append(idea)
    return [
        {
            "theme": theme,
            "label": label,
            "cells": [{"term": t, "scope": s, "ideas": by_cell.get((theme, t, s), [])} for t, s in columns],
        }
        for theme, label in IdeaTheme.choices
    ]


def matrix_columns() -> list[dict]:
    return [
        {"term": t, "scope": s, "label": f"{Term(t).label} · {Scope(s).label}"} for t in Term.values for s in Scope.values
    ]


def create_outcome(idea: Idea, kind: str, user, data: dict):
    """Turn an open idea into its outcome (commitment, menu proposal, policy recommendation) in one step."""
    transition = OUTCOME_TRANSITIONS[kind]
    created = {}

    def make(obj, _t):
        if kind == "commitment":
            c = Commitment.objects.create(idea=obj, description=data["description"])
            c.participants.set(data["participants"])
            for due, note in data["follow_ups"]:
                FollowUp.objects.create(commitment=c, due=due, note=note)
            created["obj"] = c
        elif kind == "menu":
            created["obj"] = MenuProposal.objects.create(
                idea=obj, network=obj.network, title=data["title"], description=data["description"],
                theme=obj.theme, proposed_by=user,
            )
        else:
            created["obj"] = PolicyRecommendation.objects.create(
                idea=obj, network=obj.network, text=data["text"], addressed_to=data.get("addressed_to", ""),
            )

    with transaction.atomic():
        IDEA.apply(idea, transition, user, root=idea.network, on_apply=make)
        audit.record(user, created["obj"], "create", None, audit.snapshot(created["obj"]), root=idea.network)
    return created["obj"]


def session_event(session, base_url: str = "") -> ics.Event:
    network = session.network
    description = [session.agenda]
    if session.online_url:
        description.append(session.online_url)
    if base_url:
        description.append(f"{base_url}/networks/sessions/{session.pk}/")
    attendees = tuple(r for p in network.participants.all() for r in p.recipients())
    return ics.Event(
        uid=f"werkbaar-network-session-{session.pk}@werkbaar",
        start=session.starts_at,
        end=session.ends_at,
        summary=f"{network.title}: {session.title}",
        description="\n\n".join(d for d in description if d),
        location=session.place or session.online_url,
        url=session.online_url,
        sequence=session.sequence,
        cancelled=session.status == Session.Status.CANCELLED,
        attendees=attendees,
    )


def session_calendar(session, base_url: str = "") -> str:
    return ics.calendar([session_event(session, base_url)], name=session.network.title)


def network_calendar(network, base_url: str = "") -> str:
    return ics.calendar([session_event(s, base_url) for s in network.sessions.all()], name=network.title)
