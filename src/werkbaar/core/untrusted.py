"""Parsing files a user supplies (uploads, imports, files named on the command line) without letting
one hang or exhaust a worker.

Every YAML, XLSX, CSV and JSON document that comes from outside the code base is read through this
module. Sizes are checked before parsing; parsing is linear in the (bounded) input, because YAML
anchors and aliases are refused and nesting is cut off while composing; XLSX archives are checked
member by member and unpacked once with a byte budget before openpyxl sees them. Nothing here uses
signals, threads or process limits, so it is safe in any web worker. The reasons and the numbers are
in docs/decisions/0003-untrusted-files.md.

The module does not need Django (the analysis package uses it from the command line); when Django is
configured, messages are translated into the active language.

Public:

- ``UntrustedFileError(code, row=None, column=None, **params)``: a refusal. ``str(error)`` is a clear,
  translated message; ``error.detail`` is the same without the row/column prefix.
- ``read_text(path, max_bytes=MAX_TEXT_BYTES) -> str``: a UTF-8 file, refused above the size limit.
- ``BoundedLoader``: a safe YAML loader without anchors, aliases, deep nesting or huge documents;
  subclass it to add constructors. ``load_yaml(text, loader=BoundedLoader) -> Any``.
- ``check_xlsx(source)`` and ``open_xlsx(source)``: a zip-bomb-proof openpyxl workbook (read-only).
- ``read_csv(text, dialect, max_rows=None) -> list[list[str]]``: rows, every field and record bounded.
- ``load_json(text) -> Any``: bounded size and depth.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

import yaml

KB = 1024
MB = 1024 * KB

#: YAML and other text files (instruments, covenant files, the catalogue, reference figures).
MAX_TEXT_BYTES = 1 * MB
#: Deepest YAML nesting (lists and mappings inside each other); shipped files use at most 6.
MAX_YAML_DEPTH = 20
#: YAML values (scalars and collections) in one document; the shipped catalogue has about 2,800,
#: and pure-Python PyYAML needs about a second for 20,000.
MAX_YAML_NODES = 20_000
#: Digits of a YAML integer (Python refuses to convert more than 4,300 anyway, with a ValueError).
MAX_YAML_INT_DIGITS = 100

#: XLSX: parts in the archive, their total unpacked size, and the compression ratio of a large part.
MAX_XLSX_MEMBERS = 500
MAX_XLSX_UNPACKED = 50 * MB
MAX_XLSX_RATIO = 100
#: Parts smaller than this are not ratio-checked: a tiny part cannot be a bomb whatever its ratio.
XLSX_RATIO_FLOOR = 1 * MB
#: XML tags ("<") in one worksheet row; openpyxl builds a whole row in memory before it yields it.
MAX_XLSX_ROW_TAGS = 50_000

#: CSV: characters in one field, and in one record (one spreadsheet row, possibly several lines).
#: The record limit stays below the csv module's own process-wide field limit (131,072), so that
#: limit is never reached and never needs changing.
MAX_CSV_FIELD = 10_000
MAX_CSV_RECORD = 100_000

#: JSON typed or uploaded by a user (not the API, whose bodies Django bounds).
MAX_JSON_BYTES = 1 * MB
MAX_JSON_DEPTH = 20

_CHUNK = 64 * KB


def _(message: str) -> str:
    """gettext when Django is configured, else the English text (the analysis CLI runs without Django)."""
    try:
        from django.conf import settings

        if settings.configured:
            from django.utils.translation import gettext

            return gettext(message)
    except ImportError:  # pragma: no cover - Django is a dependency of the project
        pass
    return message


def _size(n: int) -> str:
    return f"{n // MB} MB" if n >= MB and n % MB == 0 else f"{n // KB} KB" if n >= KB else f"{n} bytes"


class UntrustedFileError(ValueError):
    """A file refused before (or while) parsing it; nothing was stored.

    ``code`` names the rule, ``row``/``column`` (1-based row, 0-based column index) locate a CSV
    problem, ``params`` fill the message. ``str()`` translates in the active language at that time.
    """

    def __init__(self, code: str, row: int | None = None, column: int | None = None, **params: Any):
        super().__init__(code)
        self.code, self.row, self.column, self.params = code, row, column, params

    @property
    def detail(self) -> str:
        messages = {
            "too_large": _("The file is larger than %(limit)s."),
            "yaml_alias": _("Line %(line)s: YAML anchors and aliases (&name, *name) are not allowed; "
                            "write the value out in full."),
            "yaml_depth": _("Line %(line)s: the YAML is nested more than %(limit)s levels deep."),
            "yaml_nodes": _("Line %(line)s: the YAML file has more than %(limit)s values."),
            "xlsx_unreadable": _("This is not a readable XLSX file."),
            "xlsx_members": _("The XLSX file has more than %(limit)s parts; this is not a normal spreadsheet."),
            "xlsx_unpacked": _("The XLSX file unpacks to more than %(limit)s; split it into smaller files."),
            "xlsx_ratio": _("The XLSX part %(name)s is compressed more than %(limit)s to 1; "
                            "this is not a normal spreadsheet."),
            "xlsx_damaged": _("The XLSX file is damaged: the part %(name)s cannot be read."),
            "xlsx_row": _("The XLSX part %(name)s has a row with more than %(limit)s XML tags; "
                          "this is not a normal spreadsheet."),
            "csv_field": _("The value is longer than %(limit)s characters."),
            "csv_record": _("The row is longer than %(limit)s characters."),
            "csv_unreadable": _("The CSV file cannot be read here (%(error)s)."),
            "json_depth": _("The JSON is nested more than %(limit)s levels deep."),
        }
        params = {k: (_size(v) if k == "limit" and self.code in _SIZE_CODES else v) for k, v in self.params.items()}
        return messages[self.code] % params

    def __str__(self) -> str:
        if self.row is None:
            return self.detail
        column = "-" if self.column is None else column_letter(self.column)
        return _("row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row, "column": column, "message": self.detail}


_SIZE_CODES = {"too_large", "xlsx_unpacked"}


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# -- text files -------------------------------------------------------------------------------------

def read_text(path: str | Path, max_bytes: int = MAX_TEXT_BYTES) -> str:
    """A UTF-8 file's text; never reads more than ``max_bytes`` + 1 bytes. OSError/UnicodeDecodeError pass."""
    with open(path, "rb") as handle:
        raw = handle.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise UntrustedFileError("too_large", limit=max_bytes)
    return raw.decode("utf-8")


def check_text_size(text: str, max_bytes: int = MAX_TEXT_BYTES) -> None:
    if len(text) > max_bytes or len(text.encode("utf-8")) > max_bytes:
        raise UntrustedFileError("too_large", limit=max_bytes)


# -- YAML -------------------------------------------------------------------------------------------

class BoundedLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses anchors and aliases, nesting deeper than ``max_depth`` and more
    than ``max_nodes`` values, checked while composing (before any recursion can go deep), and
    integers with more than ``MAX_YAML_INT_DIGITS`` digits (a YAMLError naming the line)."""

    max_depth = MAX_YAML_DEPTH
    max_nodes = MAX_YAML_NODES

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise UntrustedFileError("yaml_alias", line=line)
        self._nodes += 1
        if self._nodes > self.max_nodes:
            raise UntrustedFileError("yaml_nodes", line=line, limit=self.max_nodes)
        if not isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            return super().compose_node(parent, index)  # a scalar: no recursion
        if self._depth >= self.max_depth:
            raise UntrustedFileError("yaml_depth", line=line, limit=self.max_depth)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_int(self, node):
        if len(node.value) > MAX_YAML_INT_DIGITS:
            raise yaml.constructor.ConstructorError(
                None, None, f"a number with more than {MAX_YAML_INT_DIGITS} digits", node.start_mark)
        return super().construct_yaml_int(node)


BoundedLoader.add_constructor("tag:yaml.org,2002:int", BoundedLoader.construct_yaml_int)


def load_yaml(text: str, loader: type[BoundedLoader] = BoundedLoader, max_bytes: int = MAX_TEXT_BYTES) -> Any:
    """Parse one YAML document with a :class:`BoundedLoader` (sub)class; size checked first.

    Raises :class:`UntrustedFileError` for a refused document, ``yaml.YAMLError`` for invalid YAML.
    """
    if not (isinstance(loader, type) and issubclass(loader, BoundedLoader)):
        raise TypeError("load_yaml needs a BoundedLoader subclass")
    check_text_size(text, max_bytes)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass


# -- XLSX -------------------------------------------------------------------------------------------

_ROW_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:row|sheetData)[\s>/]")


def check_xlsx(source: bytes | str | Path) -> None:
    """Refuse an XLSX (zip) archive that is not a zip, has too many parts, unpacks too large, is
    compressed suspiciously well, or has a worksheet row too large to build in memory.

    The declared sizes are checked first (cheap), then every part is unpacked once, streaming, with a
    byte budget: a lying header cannot get past the budget, and a damaged part (bad CRC) is refused.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UntrustedFileError("xlsx_unreadable") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_XLSX_MEMBERS:
            raise UntrustedFileError("xlsx_members", limit=MAX_XLSX_MEMBERS)
        if sum(info.file_size for info in infos) > MAX_XLSX_UNPACKED:
            raise UntrustedFileError("xlsx_unpacked", limit=MAX_XLSX_UNPACKED)
        for info in infos:
            if info.file_size > XLSX_RATIO_FLOOR and info.file_size > MAX_XLSX_RATIO * max(info.compress_size, 1):
                raise UntrustedFileError("xlsx_ratio", name=info.filename, limit=MAX_XLSX_RATIO)
        budget = MAX_XLSX_UNPACKED
        for info in infos:
            try:
                budget = _unpack_member(archive, info, budget)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
                raise UntrustedFileError("xlsx_damaged", name=info.filename) from exc


def _unpack_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> int:
    """Read one part in chunks within ``budget``; count the tags of each worksheet row. Returns the rest."""
    row_tags = None  # None until the first <sheetData> or <row>: only rows are built whole by openpyxl
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            budget -= len(chunk)
            if budget < 0:
                raise UntrustedFileError("xlsx_unpacked", limit=MAX_XLSX_UNPACKED)
            parts = _ROW_START.split(chunk)
            counts = [part.count(b"<") for part in parts]
            if row_tags is not None:
                counts[0] += row_tags  # the first part continues the row of the previous chunk
            elif len(parts) > 1:
                counts[0] = 0  # before the first row: not part of a row
            else:
                continue
            if max(counts) > MAX_XLSX_ROW_TAGS:
                raise UntrustedFileError("xlsx_row", name=info.filename, limit=MAX_XLSX_ROW_TAGS)
            row_tags = counts[-1]
    return budget


def open_xlsx(source: bytes | str | Path):
    """An openpyxl workbook (read-only, values only) of a checked archive; see :func:`check_xlsx`."""
    from openpyxl import load_workbook

    check_xlsx(source)
    try:
        return load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source,
                             read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook gets the same clear message
        raise UntrustedFileError("xlsx_unreadable") from exc


# -- CSV --------------------------------------------------------------------------------------------

class _RecordBudget:
    """Lines for csv.reader, at most ``limit`` characters per record (the reader reads one record at a
    time, so :meth:`next_record` after each row resets the count)."""

    def __init__(self, lines, limit: int):
        self.lines, self.limit = lines, limit
        self.pending: list[str] = []
        self.used = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.used += len(line)
        self.pending.append(line)
        if self.used > self.limit:
            raise _RecordTooLong("".join(self.pending))
        return line

    def next_record(self) -> None:
        self.pending, self.used = [], 0


class _RecordTooLong(Exception):
    def __init__(self, text: str):
        self.text = text


def read_csv(text: str, dialect: Any = csv.excel, max_rows: int | None = None,
             max_field: int = MAX_CSV_FIELD, max_record: int = MAX_CSV_RECORD) -> list[list[str]]:
    """The rows of a CSV text (at most ``max_rows``), refusing a field over ``max_field`` or a record
    over ``max_record`` characters with the row (1-based) and the column.

    The csv module's field limit is process-wide (``csv.field_size_limit``), so it is left alone: the
    record budget is below it and the field limit is checked here, per call.
    """
    if max_record >= 131_072:
        raise ValueError("max_record must stay below the csv module's default field limit")
    budget = _RecordBudget(iter(io.StringIO(text)), max_record)
    reader = csv.reader(budget, dialect)
    rows: list[list[str]] = []
    while max_rows is None or len(rows) < max_rows:
        row_number = len(rows) + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except _RecordTooLong as exc:
            column = _long_field(exc.text, dialect, max_field)
            if column is None:
                raise UntrustedFileError("csv_record", row=row_number, limit=max_record) from None
            raise UntrustedFileError("csv_field", row=row_number, column=column, limit=max_field) from None
        except csv.Error as exc:
            raise UntrustedFileError("csv_unreadable", row=row_number, error=str(exc)) from None
        budget.next_record()
        for index, value in enumerate(row):
            if len(value) > max_field:
                raise UntrustedFileError("csv_field", row=row_number, column=index, limit=max_field)
        rows.append(row)
    return rows


def _long_field(text: str, dialect: Any, max_field: int) -> int | None:
    """Index of the first field longer than ``max_field`` in a (partial) record, or None. Only on the
    error path; stops at that field, so it reads at most the record budget plus one field."""
    delimiter, quotechar = dialect.delimiter, dialect.quotechar
    column, length, quoted = 0, 0, False
    for char in text:
        if char == quotechar:
            quoted = not quoted
        elif char == delimiter and not quoted:
            column, length = column + 1, 0
            continue
        length += 1
        if length > max_field:
            return column
    return None


# -- JSON -------------------------------------------------------------------------------------------

def load_json(text: str, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON of at most ``max_bytes`` and ``max_depth`` levels. ``ValueError`` for invalid JSON.

    The C decoder guards its own recursion (RecursionError at the interpreter limit, raised cleanly);
    that is turned into the depth refusal, and shallower documents are measured without recursion.
    """
    check_text_size(text, max_bytes)
    try:
        data = json.loads(text)
    except RecursionError:
        raise UntrustedFileError("json_depth", limit=max_depth) from None
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > max_depth:
                raise UntrustedFileError("json_depth", limit=max_depth)
            stack.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict) else value))
    return data
