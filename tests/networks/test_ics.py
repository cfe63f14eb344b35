"""The hand-written iCalendar output: escaping, folding, CRLF, UTC times, and the download views."""

from datetime import UTC, date, datetime

import pytest

from werkbaar.networks import ics
from werkbaar.networks.services import session_calendar

from .conftest import make_session


def test_escape_text():
    assert ics.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert ics.escape_text("line1\r\nline2") == "line1\\nline2"


def test_fold_respects_75_octets_and_utf8():
    line = "DESCRIPTION:" + "é" * 100
    folded = ics.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0]] + [p[1:] for p in parts[1:]]) == line  # unfolding gives the line back


def test_calendar_structure():
    event = ics.Event(
        uid="x@werkbaar", start=datetime(2026, 3, 1, 9, 0, tzinfo=UTC), end=datetime(2026, 3, 1, 11, 0, tzinfo=UTC),
        summary="Kick-off; part 1, intro", location="Brussel, zaal 2", description="Agenda:\nCheck-in",
    )
    text = ics.calendar([event], name="Net", stamp=datetime(2026, 1, 1, tzinfo=UTC))
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "DTSTART:20260301T090000Z\r\n" in text
    assert "DTSTAMP:20260101T000000Z\r\n" in text
    assert "SUMMARY:Kick-off\\; part 1\\, intro\r\n" in text
    assert "LOCATION:Brussel\\, zaal 2\r\n" in text
    assert "DESCRIPTION:Agenda:\\nCheck-in\r\n" in text
    with pytest.raises(ValueError):
        ics.format_utc(datetime(2026, 1, 1))


def test_session_calendar_lists_attendee_and_backup(world):
    session = make_session(world.network, date(2026, 3, 5), status="planned")
    text = session_calendar(session)
    unfolded = text.replace("\r\n ", "")
    for email in ("ann@one.example", "bob@one.example", "cas@two.example", "dee@two.example"):
        assert f"mailto:{email}" in unfolded
    assert f"UID:werkbaar-network-session-{session.pk}@werkbaar" in unfolded
    assert "DTSTART:20260305T090000Z" in unfolded  # 10:00 Brussels = 09:00 UTC in March


def test_ics_download_views(client, world):
    session = make_session(world.network, date(2026, 3, 5), status="planned")
    client.force_login(world.admin1)
    response = client.get(f"/networks/sessions/{session.pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response.content.count(b"BEGIN:VEVENT") == 1
    response = client.get(f"/networks/{world.network.pk}/calendar.ics")
    assert response.status_code == 200
    client.force_login(world.staff_c)
    assert client.get(f"/networks/sessions/{session.pk}/calendar.ics").status_code == 404


def test_attendee_names_are_safe_parameter_values():
    event = ics.Event(uid="u", start=datetime(2026, 3, 1, 9, tzinfo=UTC), end=datetime(2026, 3, 1, 10, tzinfo=UTC),
                      summary="s", attendees=(('Ann "the boss"; Co\nX', "ann@example.org"),))
    text = ics.calendar([event]).replace("\r\n ", "")
    assert "ATTENDEE;CN=\"Ann 'the boss'; CoX\";ROLE=REQ-PARTICIPANT:mailto:ann@example.org\r\n" in text
