"""iCalendar (RFC 5545) files for sessions, written by hand.

Text values are escaped (backslash, semicolon, comma, newline; section 3.3.11), content lines end
with CRLF and are folded at 75 octets without splitting a UTF-8 character (section 3.1). Times are
written in UTC (``...Z``) so no VTIMEZONE is needed.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

PRODID = "-//Werkbaar//Learning networks//NL"


def escape_text(value: str) -> str:
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str, limit: int = 75) -> str:
    """Fold one content line into chunks of at most ``limit`` octets, continuation lines start with a space."""
    data = line.encode("utf-8")
    if len(data) <= limit:
        return line
    parts, current, size, first = [], [], 0, True
    for char in line:
        width = len(char.encode("utf-8"))
        max_size = limit if first else limit - 1
        if size + width > max_size:
            parts.append("".join(current))
            current, size, first = [], 0, False
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def format_utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("iCalendar times must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class Event:
    uid: str
    start: datetime
    end: datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    sequence: int = 0
    cancelled: bool = False
    attendees: tuple[tuple[str, str], ...] = ()  # (name, e-mail)


def _event_lines(event: Event, stamp: datetime) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{format_utc(stamp)}",
        f"DTSTART:{format_utc(event.start)}",
        f"DTEND:{format_utc(event.end)}",
        f"SEQUENCE:{event.sequence}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    for name, email in event.attendees:
        cn = "".join(c for c in name if c.isprintable()).replace('"', "'")  # quoted parameter value (3.2)
        lines.append(f'ATTENDEE;CN="{cn}";ROLE=REQ-PARTICIPANT:mailto:{email}')
    lines.append("STATUS:CANCELLED" if event.cancelled else "STATUS:CONFIRMED")
    lines.append("END:VEVENT")
    return lines


def calendar(events: list[Event], name: str = "", stamp: datetime | None = None) -> str:
    """A VCALENDAR with the events, as a string with CRLF line endings."""
    stamp = stamp or datetime.now(UTC)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines.extend(_event_lines(event, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
