"""Pure rules of the review beside the content (issue 16) and the follow-up between reports (issue 14).
No ORM inside: plain values in, plain values out.

- ``remark_visible_to_sector(remark_version, latest_version, status)``: a reviewer's remark on the
  version under review stays with the department until the report is returned (or approved);
- ``outlook_problem(outlook, remark)``: the message for an interim line that cannot be saved, or "";
- ``parse_participants(text)``: one participant per line → a list, or ``ValueError`` with the message;
- ``upcoming(dates, today)``: which meeting dates count as "coming up" on a to-do list;
- ``interim_to_do(report_kind, report_status, interim_status)``: is the department's interim
  evaluation of this report still to do? ``interim_on_todo(...)``: and does it belong on the to-do
  list today (only while the covenant's term runs)?
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.utils.translation import gettext as _

#: Meetings within this many days from today are "coming up" on the to-do lists.
UPCOMING_DAYS = 30
#: At most this many participants per meeting, each at most this many characters.
MAX_PARTICIPANTS = 60
MAX_PARTICIPANT_LENGTH = 200
#: Report states that count as handed in for an interim evaluation.
_HANDED_IN = {"submitted", "under_review", "returned", "resubmitted", "approved"}
#: States in which the version under review is not yet the sector's business.
_IN_REVIEW = {"submitted", "under_review", "resubmitted"}


def remark_visible_to_sector(remark_version: int | None, latest_version: int | None, status: str) -> bool:
    """A remark on an older version is always visible; on the latest version only once the report is
    back with the sector (returned) or approved, never while the department is still reading it."""
    if remark_version is None or latest_version is None or remark_version < latest_version:
        return True
    return status not in _IN_REVIEW


def outlook_problem(outlook: str, remark: str) -> str:
    """An at-risk or off-track priority needs a remark that says why (three words or more)."""
    if outlook in ("at_risk", "off_track") and len((remark or "").split()) < 3:
        if outlook == "off_track":
            return _("Explain in a sentence why this priority is off track.")
        return _("Explain in a sentence why this priority is at risk.")
    return ""


def parse_participants(text: str) -> list[str]:
    """One participant per line; blank lines are dropped and duplicates kept once, in order."""
    out: list[str] = []
    for line in (text or "").splitlines():
        name = " ".join(line.split())
        if not name:
            continue
        if len(name) > MAX_PARTICIPANT_LENGTH:
            raise ValueError(_("A participant's line is longer than %(n)s characters: %(start)s…")
                             % {"n": MAX_PARTICIPANT_LENGTH, "start": name[:30]})
        if name not in out:
            out.append(name)
    if len(out) > MAX_PARTICIPANTS:
        raise ValueError(_("A meeting has at most %(n)s participants; this list has %(count)s.")
                         % {"n": MAX_PARTICIPANTS, "count": len(out)})
    return out


def upcoming(dates: Iterable[date], today: date, days: int = UPCOMING_DAYS) -> list[date]:
    """The dates from today up to and including ``days`` days ahead, in order."""
    last = today + timedelta(days=days)
    return sorted(d for d in dates if today <= d <= last)


def interim_to_do(report_kind: str, report_status: str, interim_status: str | None) -> bool:
    """A handed-in progress report whose interim evaluation is missing or still a draft."""
    return report_kind == "progress" and report_status in _HANDED_IN and interim_status in (None, "draft")


def interim_on_todo(report_kind: str, report_status: str, interim_status: str | None, term_end: date,
                    today: date) -> bool:
    """On the department's to-do list: an interim evaluation to do while the covenant's term runs (after
    the term the final report's evaluation takes over; the page still accepts a late one)."""
    return interim_to_do(report_kind, report_status, interim_status) and today <= term_end
