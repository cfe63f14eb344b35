"""Business rules of learning networks as pure functions (no database access).

Attendance warning
------------------
Only sessions that were *held* count. For each participating organisation we count the held
sessions it missed (no attendance recorded, absent, or absent with an excuse: the expectation
stated up front is that someone of every organisation attends every time, so an excuse still
counts as missed). The network page warns when

- the organisation missed ``MAX_MISSED`` (2) or more held sessions, or
- at least ``RATE_FROM_SESSIONS`` (3) sessions were held and its attendance rate is below
  ``MIN_RATE`` (75%).

Having missed only the most recent held session gives a softer notice ("missed last session").

Recording attendance
--------------------
Attendance is recorded for a session that took place: on or after the day of the session, never
for a cancelled one, and for *every* participating organisation (present, absent or excused; a
blank would silently count as missed). Only then does the session become held and count.
"""

from dataclasses import dataclass
from datetime import date

MAX_MISSED = 2
MIN_RATE = 0.75
RATE_FROM_SESSIONS = 3


@dataclass(frozen=True)
class AttendanceSummary:
    held: int
    attended: int
    missed: int
    missed_last: bool
    warning: bool

    @property
    def rate(self) -> float | None:
        return self.attended / self.held if self.held else None

    @property
    def level(self) -> str:
        """'warning', 'notice' or 'ok'."""
        if self.warning:
            return "warning"
        if self.missed_last:
            return "notice"
        return "ok"


def summarise_attendance(presence_per_held_session: list[bool]) -> AttendanceSummary:
    """Summarise one organisation's attendance; the list holds one bool per held session, in date order."""
    held = len(presence_per_held_session)
    attended = sum(1 for p in presence_per_held_session if p)
    missed = held - attended
    rate = attended / held if held else 1.0
    warning = missed >= MAX_MISSED or (held >= RATE_FROM_SESSIONS and rate < MIN_RATE)
    missed_last = bool(held) and not presence_per_held_session[-1]
    return AttendanceSummary(held, attended, missed, missed_last, warning)


def attendance_rate(present_marks: int, possible_marks: int) -> float | None:
    """Share of (organisation, held session) pairs with someone present."""
    return present_marks / possible_marks if possible_marks else None


def target_size_problem(participants: int, target_min: int, target_max: int) -> str:
    """'below', 'above' or '' when the number of organisations is inside the target size."""
    if participants < target_min:
        return "below"
    if participants > target_max:
        return "above"
    return ""


def attendance_problems(session_day: date, today: date, cancelled: bool, participant_ids, presences: dict,
                        valid_presences) -> dict:
    """What stops an attendance registration: {"too_early": session_day, "cancelled": True,
    "unmarked": [participant ids without a mark], "invalid": [ids with an unknown mark]}; empty when
    it may be saved."""
    problems: dict = {}
    if cancelled:
        problems["cancelled"] = True
    if session_day > today:
        problems["too_early"] = session_day
    unmarked = [pid for pid in participant_ids if not presences.get(pid)]
    if unmarked:
        problems["unmarked"] = unmarked
    invalid = [pid for pid, mark in presences.items() if mark and mark not in valid_presences]
    if invalid:
        problems["invalid"] = invalid
    return problems
