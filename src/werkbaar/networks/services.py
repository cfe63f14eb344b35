"""Operations on networks that touch several models: attendance overview, board support,
outcomes of ideas, calendar events. Views stay thin and call these."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from werkbaar.core import audit

from . import ics
from .models import (
    PRESENT,
    Attendance,
    Commitment,
    FollowUp,
    Idea,
    MenuProposal,
    Participant,
    PolicyRecommendation,
    Scope,
    Session,
    Support,
    Term,
    theme_label,
)
from .rules import AttendanceSummary, attendance_problems, summarise_attendance
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


class AttendanceError(ValueError):
    """The attendance cannot be recorded (see ``rules.attendance_problems``); nothing was saved."""


def attendance_problem_messages(session, presences: dict[int, str], today=None) -> list[str]:
    """The translated reasons why this attendance registration cannot be saved (empty: it can)."""
    from werkbaar.core.formats import long_date

    today = today or timezone.localdate()
    participants = {p.pk: p for p in session.network.participants.select_related("organisation")}
    problems = attendance_problems(timezone.localtime(session.starts_at).date(), today,
                                   session.status == Session.Status.CANCELLED, list(participants), presences,
                                   set(Attendance.Presence.values))
    out = []
    if problems.get("cancelled"):
        out.append(_("The session was cancelled: there is no attendance to record."))
    if problems.get("too_early"):
        out.append(_("Attendance can be recorded from the day of the session on (%(day)s).")
                   % {"day": long_date(problems["too_early"])})
    if problems.get("unmarked"):
        names = ", ".join(str(participants[pid].organisation) for pid in problems["unmarked"])
        out.append(_("Mark every organisation as present, absent or excused. Not marked yet: %(names)s.")
                   % {"names": names})
    if problems.get("invalid"):
        out.append(_("Choose one of the listed presences for every organisation."))
    return out


def save_attendance(session, presences: dict[int, str], user, today=None) -> None:
    """Store the presence of every participant (id -> presence) and mark the session held.

    Refused (``AttendanceError``, nothing saved) before the session's day, for a cancelled session,
    or when an organisation is left unmarked."""
    problems = attendance_problem_messages(session, presences, today)
    if problems:
        raise AttendanceError(" ".join(problems))
    with transaction.atomic():
        for participant in session.network.participants.all():
            presence = presences[participant.pk]
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


def board_matrix(ideas, network) -> list[dict]:
    """Rows per theme of the network (plus any theme an idea still has after the list changed), cells per
    (term, scope), for the board and the report."""
    columns = [(t, s) for t in Term.values for s in Scope.values]
    by_cell: dict[tuple, list] = {}
    for idea in ideas:
        by_cell.setdefault((idea.theme, idea.term, idea.scope), []).append(idea)
    return [
        {
            "theme": theme,
            "label": label,
            "cells": [{"term": t, "scope": s, "ideas": by_cell.get((theme, t, s), [])} for t, s in columns],
            "count": sum(len(by_cell.get((theme, t, s), [])) for t, s in columns),
        }
        for theme, label in _themes_with_ideas(network, ideas)
    ]


def _themes_with_ideas(network, ideas) -> list[tuple[str, str]]:
    choices = network.theme_choices()
    known = {value for value, _label in choices}
    return choices + [(t, theme_label(t)) for t in dict.fromkeys(i.theme for i in ideas) if t not in known]


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
