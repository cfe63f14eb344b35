"""Exports of the field-work log as CSV and XLSX.

Two kinds: the sector's own contact list (:func:`contact_rows`, with the notes; only for the sector's
staff and consultants, the view checks ``permissions.sees_notes``) and the counts per joint committee
(:func:`count_rows`, for everyone who may see the counts, the department included). Every text cell goes
through ``core.exports.safe_row`` against formula injection.
"""

import csv
import io

from django.utils.translation import gettext as _

from werkbaar.core.exports import safe_row, safe_workbook
from werkbaar.core.formats import short_date

from .rules import NO_JOINT_COMMITTEE

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def contact_header() -> list[str]:
    return [_("Date"), _("Organisation"), _("Enterprise number"), _("Joint committee"), _("Kind of contact"),
            _("Themes"), _("Covenant priority"), _("Covenant action"), _("Consultant"), _("Follow-up date"),
            _("Follow-up done"), _("Note")]


def contact_rows(contacts) -> list[list]:
    rows = []
    for c in contacts.select_related("organisation__joint_committee", "priority__covenant", "action", "recorded_by"):
        jc = c.organisation.joint_committee
        rows.append([
            c.on, c.organisation.name, c.organisation.enterprise_number_display, jc.code if jc else "",
            c.get_kind_display(), ", ".join(c.theme_labels()),
            f"{c.priority.covenant.code} {c.priority.code}" if c.priority else "",
            f"{c.action.code} {c.action.title}" if c.action else "", str(c.recorded_by or ""),
            c.follow_up_on, _("yes") if c.follow_up_done else _("no"), c.note,
        ])
    return rows


def count_header() -> list[str]:
    return [_("Sector"), _("Joint committee"), _("Contacts"), _("Visits"), _("Companies reached")]


def count_rows(tallies: list[tuple[str, dict]]) -> list[list]:
    """[(sector name, {joint committee code: Tally})] as rows."""
    rows = []
    for sector, by_jc in tallies:
        for code, t in by_jc.items():
            rows.append([sector, code if code != NO_JOINT_COMMITTEE else _("none"), t.contacts, t.visits,
                         t.companies])
    return rows


def to_csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow(safe_row(short_date(v) if hasattr(v, "isoformat") else v for v in row))
    return ("\ufeff" + out.getvalue()).encode()


def to_xlsx(title: str, header: list[str], rows: list[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(header)
    for row in rows:
        ws.append(safe_row(row))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    safe_workbook(wb).save(out)
    return out.getvalue()
