"""Import of answers gathered on paper or in another tool, from XLSX or CSV: all or nothing.

The file has a header row with item ids (e.g. ``wd1``), optionally grouping questions of the
campaign (``team``, ``age_band``, ...) and ``language``; then one row per completed form. The
template of :mod:`werkbaar.scans.import_template` adds a row of questions in words under the header;
that row is recognised and skipped. Every
cell is validated with the same rules as the web questionnaire and the API
(:func:`werkbaar.scans.services.clean_submission`); when any cell is wrong nothing is stored and
every problem is listed by row and column. Rows are accepted only while the campaign is open.
Stored responses are not linked to the import, its row numbers or its file: the import only records
who imported how many rows, and when (shown on the campaign page).
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from werkbaar.core import untrusted
from werkbaar.core.untrusted import column_letter as _column_letter

from . import services
from .import_template import is_text_row
from .models import Campaign, Response, ResponseImport

MAX_ROWS = 20_000
MAX_COLUMNS = 500


@dataclass(frozen=True)
class ImportProblem:
    row: int  # 1-based, as in a spreadsheet (the header is row 1)
    column: str  # column name (or letter when the header is missing)
    message: str

    def __str__(self) -> str:
        return _("row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row, "column": self.column or "-", "message": self.message,
        }


class ImportFailed(Exception):
    def __init__(self, problems: list[ImportProblem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def read_table(filename: str, content: bytes) -> list[list[str]]:
    """Rows of cells (as text) from an .xlsx or .csv file (CSV: comma or semicolon, UTF-8).

    The file is untrusted: :mod:`werkbaar.core.untrusted` checks an XLSX archive (zip bomb) before
    openpyxl opens it and bounds every CSV field; at most ``MAX_ROWS`` rows and ``MAX_COLUMNS``
    columns are read, whatever the file claims.
    """
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        try:
            wb = untrusted.open_xlsx(content)
        except untrusted.UntrustedFileError as exc:
            raise ImportFailed([ImportProblem(0, "", str(exc))]) from None
        try:
            ws = wb.worksheets[0]
            rows = []
            for padded in ws.iter_rows(values_only=True, max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS + 1):
                row = _without_trailing_empty(padded)  # openpyxl pads each row to max_col
                rows.append(["" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
                             for v in row])
        except Exception:  # noqa: BLE001 - a sheet openpyxl cannot read gets the same clear message
            raise ImportFailed([ImportProblem(0, "", _("This is not a readable XLSX file."))]) from None
        finally:
            wb.close()
        return _within_columns(rows)
    if name.endswith(".csv") or name.endswith(".txt"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFailed([ImportProblem(0, "", _("The CSV file must be UTF-8 encoded."))])
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        try:
            rows = untrusted.read_csv(text, dialect, max_rows=MAX_ROWS + 2)
        except untrusted.UntrustedFileError as exc:
            header = untrusted.read_csv(text, dialect, max_rows=1)[0] if exc.row and exc.row > 1 else []
            column = "" if exc.column is None else _column_letter(exc.column)
            if exc.column is not None and exc.column < len(header) and header[exc.column].strip():
                column = header[exc.column].strip()
            raise ImportFailed([ImportProblem(exc.row or 0, column, exc.detail)]) from None
        return _within_columns(rows)
    raise ImportFailed([ImportProblem(0, "", _("Upload an .xlsx or .csv file."))])


def _without_trailing_empty(row: tuple) -> tuple:
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return row[:end]


def _within_columns(rows: list[list[str]]) -> list[list[str]]:
    """Refuse a table wider than ``MAX_COLUMNS`` (the XLSX reader reads one column more to notice)."""
    for number, row in enumerate(rows, start=1):
        if len(row) > MAX_COLUMNS and any(str(c).strip() for c in row[MAX_COLUMNS:]):
            raise ImportFailed([ImportProblem(number, _column_letter(MAX_COLUMNS), _(
                "At most %(n)s columns per file.") % {"n": MAX_COLUMNS})])
    return rows


def validate_rows(campaign: Campaign, rows: list[list[str]]) -> tuple[list[services.Cleaned], list[ImportProblem]]:
    """Check every cell; returns the cleaned rows and every problem (row, column, message)."""
    problems: list[ImportProblem] = []
    # Blank rows are skipped but keep their place: every problem names the spreadsheet's own row number.
    numbered = [(n, r) for n, r in enumerate(rows or [], start=1) if any(str(c).strip() for c in r)]
    if not numbered:
        return [], [ImportProblem(1, "", _("The file is empty."))]
    at, header_row = numbered[0]
    header = [str(h).strip() for h in header_row]
    item_ids = set(campaign.item_ids())
    group_keys = set(campaign.grouping_keys)
    for col, name in enumerate(header):
        if not name:
            problems.append(ImportProblem(at, _column_letter(col), _("Empty column name.")))
        elif name not in item_ids and name not in group_keys and name != "language":
            problems.append(ImportProblem(at, name, _("Unknown column (not an item or grouping question of this campaign).")))
    if len(set(header)) != len(header):
        problems.append(ImportProblem(at, "", _("A column name appears twice.")))
    if not any(name in item_ids for name in header):
        problems.append(ImportProblem(at, "", _("No item columns found (e.g. %(example)s).") % {
            "example": ", ".join(sorted(item_ids)[:3])}))
    if problems:
        return [], problems
    body = numbered[1:]
    if body and is_text_row(campaign, header, body[0][1]):
        body = body[1:]  # the downloaded template's row of questions in words
    if len(body) > MAX_ROWS:
        return [], [ImportProblem(0, "", _("At most %(n)s rows per file.") % {"n": MAX_ROWS})]
    default_language = campaign.questionnaire_languages()[0]
    cleaned_rows = []
    for number, row in body:
        cells = {name: (str(row[i]).strip() if i < len(row) else "") for i, name in enumerate(header)}
        if len(row) > len(header) and any(str(c).strip() for c in row[len(header):]):
            problems.append(ImportProblem(number, _column_letter(len(header)), _("Value outside the named columns.")))
        language = cells.pop("language", "") or default_language
        answers = {k: v for k, v in cells.items() if k in item_ids}
        groups = {k: v for k, v in cells.items() if k in group_keys}
        cleaned = services.clean_submission(campaign, language, answers, groups)
        for key, message in cleaned.errors.items():
            column = key.split(".", 1)[1] if "." in key else key
            problems.append(ImportProblem(number, column, message))
        cleaned_rows.append(cleaned)
    return cleaned_rows, problems


def import_rows(campaign: Campaign, rows: list[list[str]], user=None, filename: str = "") -> ResponseImport:
    """Validate and store all rows in one transaction, or raise :class:`ImportFailed` (nothing stored).

    Only while the campaign is open: paper rows added after the close could lift a small group over
    the minimum group size with invented answers (checked again under the campaign lock).
    """
    if not campaign.is_open:
        raise ImportFailed([_not_open_problem(campaign)])
    cleaned_rows, problems = validate_rows(campaign, rows)
    if problems:
        raise ImportFailed(problems)
    random.SystemRandom().shuffle(cleaned_rows)  # the storage order says nothing about the paper order
    with transaction.atomic():
        try:
            services.lock_open_campaign(campaign)
        except services.CampaignNotOpen:
            raise ImportFailed([_not_open_problem(campaign)])
        Response.objects.bulk_create(
            [Response(campaign=campaign, language=c.language, answers=c.answers, groups=c.groups) for c in cleaned_rows],
            batch_size=500,
        )
        return ResponseImport.objects.create(
            campaign=campaign, imported_by=user if getattr(user, "is_authenticated", False) else None,
            filename=filename[:255], row_count=len(cleaned_rows),
        )


def not_open_message(campaign: Campaign) -> str:
    return _("Answers can only be imported while the campaign is open (%(opens)s to %(closes)s).") % {
        "opens": campaign.opens_on.strftime("%d/%m/%Y"), "closes": campaign.closes_on.strftime("%d/%m/%Y")}


def _not_open_problem(campaign: Campaign) -> ImportProblem:
    return ImportProblem(0, "", not_open_message(campaign))


def import_file(campaign: Campaign, filename: str, content: bytes, user=None) -> ResponseImport:
    return import_rows(campaign, read_table(filename, content), user=user, filename=filename)
