"""Attendance is recorded only for a session that took place, for every participating organisation;
only then does the session become held and count in the figures that feed covenant indicators."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from werkbaar.networks import counts, services
from werkbaar.networks.models import Attendance, Session
from werkbaar.networks.rules import attendance_problems

from .conftest import make_session

TODAY = datetime(2026, 11, 29, 12, 0, tzinfo=ZoneInfo("Europe/Brussels"))
MARKS = {"attendee", "backup", "both", "absent", "excused"}


def test_rule_refuses_a_future_day_a_cancelled_session_and_unmarked_organisations():
    ok = attendance_problems(date(2026, 11, 29), date(2026, 11, 29), False, [1, 2], {1: "attendee", 2: "excused"},
                             MARKS)
    assert ok == {}
    problems = attendance_problems(date(2026, 12, 13), date(2026, 11, 29), True, [1, 2], {1: "attendee"}, MARKS)
    assert problems == {"cancelled": True, "too_early": date(2026, 12, 13), "unmarked": [2]}
    assert attendance_problems(date(2026, 11, 1), date(2026, 11, 29), False, [1], {1: "maybe"}, MARKS) == {
        "invalid": [1]}


@time_machine.travel(TODAY, tick=False)
def test_attendance_two_weeks_ahead_with_a_blank_organisation_is_refused(client, world):
    before = (counts.sessions_held(world.sector_a, date(2026, 1, 1), date(2026, 12, 31)),
              counts.organisations_reached(world.sector_a, date(2026, 1, 1), date(2026, 12, 31)))
    session = make_session(world.network, date(2026, 12, 13), status=Session.Status.PLANNED)
    client.force_login(world.staff_a)
    response = client.post(f"/networks/sessions/{session.pk}/attendance/", {f"p{world.p1.pk}": "attendee"})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "13 december 2026" in errors and "Org Two" in errors
    session.refresh_from_db()
    assert session.status == Session.Status.PLANNED and not Attendance.objects.filter(session=session).exists()
    after = (counts.sessions_held(world.sector_a, date(2026, 1, 1), date(2026, 12, 31)),
             counts.organisations_reached(world.sector_a, date(2026, 1, 1), date(2026, 12, 31)))
    assert after == before == (0, 0)
    # the service refuses it too (the API or a script cannot go around the form)
    with pytest.raises(services.AttendanceError):
        services.save_attendance(session, {world.p1.pk: "attendee", world.p2.pk: "absent"}, world.staff_a)


@time_machine.travel(TODAY, tick=False)
def test_attendance_in_french_names_the_day_in_french(client, world):
    session = make_session(world.network, date(2026, 12, 13), status=Session.Status.PLANNED)
    client.force_login(world.staff_a)
    client.cookies["django_language"] = "fr"
    response = client.post(f"/networks/sessions/{session.pk}/attendance/",
                           {f"p{world.p1.pk}": "attendee", f"p{world.p2.pk}": "absent"})
    assert "13 décembre 2026" in " ".join(response.context["form"].non_field_errors())


@time_machine.travel(TODAY, tick=False)
def test_attendance_on_the_day_for_everyone_makes_the_session_held_and_count(client, world):
    session = make_session(world.network, date(2026, 11, 29), status=Session.Status.PLANNED, hour=9)
    client.force_login(world.staff_a)
    response = client.post(f"/networks/sessions/{session.pk}/attendance/",
                           {f"p{world.p1.pk}": "attendee", f"p{world.p2.pk}": "excused"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == Session.Status.HELD
    # by hand: 1 held session; Org One present (reached), Org Two excused (not reached); 1 of 2 marks
    assert counts.sessions_held(world.sector_a, date(2026, 1, 1), date(2026, 12, 31)) == 1
    assert counts.organisations_reached(world.sector_a, date(2026, 1, 1), date(2026, 12, 31)) == 1
    assert counts.attendance_percentage(world.sector_a, date(2026, 1, 1), date(2026, 12, 31)) == 50


@time_machine.travel(TODAY, tick=False)
def test_a_cancelled_session_gets_no_attendance(client, world):
    session = make_session(world.network, date(2026, 11, 2), status=Session.Status.CANCELLED)
    client.force_login(world.staff_a)
    response = client.post(f"/networks/sessions/{session.pk}/attendance/",
                           {f"p{world.p1.pk}": "attendee", f"p{world.p2.pk}": "absent"})
    assert response.status_code == 200 and "geannuleerd" in " ".join(response.context["form"].non_field_errors())
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
