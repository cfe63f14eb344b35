"""Shared helpers for spreadsheet exports: neutralise formula injection (CSV and XLSX).

A spreadsheet program treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a tab or carriage return) as a formula. Text that users typed (names, notes, band labels)
could then run a formula on the reader's machine when the export is opened. Every text cell of an
export goes through :func:`safe_cell`, which puts an apostrophe in front of such text; numbers,
dates and booleans stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value, with a leading apostrophe if it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_row(row: Iterable) -> list:
    """:func:`safe_cell` on every cell of a row (``None`` becomes an empty cell)."""
    return ["" if v is None else safe_cell(v) for v in row]



def safe_workbook(workbook):
    """Turn every formula cell of an openpyxl workbook into plain text; returns the workbook.

    openpyxl stores any text starting with ``=`` as a formula. Our exports never write formulas on
    purpose, so right before saving, each formula cell becomes a text cell with the same characters.
    """
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    return workbook
