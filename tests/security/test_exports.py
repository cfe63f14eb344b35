"""Formula injection: CSV exports put an apostrophe before text a spreadsheet would run as a formula."""

import csv
import io
from decimal import Decimal

import pytest

from werkbaar.core.exports import safe_cell, safe_row


@pytest.mark.parametrize("text", ["=1+1", "+31 2", "-2+3", "@SUM(A1)", "\t=x", "\r=x",
                                  '=HYPERLINK("http://evil.example","klik")'])
def test_formula_text_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Poetsplus", "", " =not at the start", 5, -5, 1.5, Decimal("-2.50"), True])
def test_other_values_stay(value):
    assert safe_cell(value) == value


def test_safe_row_empties_none():
    assert safe_row([None, "=x", 3]) == ["", "'=x", 3]


def test_reporting_csv_is_safe():
    from werkbaar.reporting.portfolio import as_csv

    text = as_csv(["=head"], [["=cmd|' /C calc'!A0", -3, None]]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows == [["'=head"], ["'=cmd|' /C calc'!A0", "-3", ""]]


def test_covenants_csv_is_safe():
    from werkbaar.covenants.exports import csv_response

    response = csv_response("x.csv", ["code", "name"], [["@evil", "+ok"], ["VIVO", None]])
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["code", "name"], ["'@evil", "'+ok"], ["VIVO", ""]]


@pytest.mark.django_db
def test_catalogue_csv_is_safe():
    from django.core.management import call_command

    from werkbaar.actions.models import Action

    Action.objects.create(key="formula", title_nl="=HYPERLINK(\"x\")", description_nl="-rm", active=True,
                          visibility=Action.Visibility.PUBLIC)
    buffer = io.StringIO()
    call_command("export-catalogue", "--format", "csv", stdout=buffer)
    row = next(r for r in csv.reader(io.StringIO(buffer.getvalue())) if "formula" in r)
    assert "'=HYPERLINK(\"x\")" in row and "'-rm" in row


def test_safe_workbook_turns_formulas_into_text():
    from openpyxl import Workbook, load_workbook

    from werkbaar.core.exports import safe_workbook

    wb = Workbook()
    wb.active.append(['=HYPERLINK("http://evil.example")', "+ok", 5])
    buf = io.BytesIO()
    safe_workbook(wb).save(buf)
    buf.seek(0)
    cells = [c for c in next(load_workbook(buf).active.iter_rows())]
    assert [c.data_type for c in cells] == ["s", "s", "n"]
    assert cells[0].value == '=HYPERLINK("http://evil.example")'


def test_reporting_xlsx_has_no_formulas():
    from openpyxl import load_workbook

    from werkbaar.reporting.portfolio import as_xlsx

    book = load_workbook(io.BytesIO(as_xlsx(["=head"], [["=1+1", 2]], "portfolio")))
    assert all(c.data_type != "f" for row in book.active.iter_rows() for c in row)
