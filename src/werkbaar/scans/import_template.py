"""The XLSX template for paper answers: what a campaign's import accepts, ready to fill in.

Sheet 1 ("Antwoorden"/"Réponses"/"Answers") has one column per item, then the campaign's grouping
questions and ``language``:

* row 1: the column ids the importer reads (``ws1``, ``team``, ``language``);
* row 2: the question in words with its answer legend ("… (1 = never, 2 = sometimes, …)"), which
  :func:`is_text_row` recognises so that a filled-in template imports as it is;
* rows 3 onwards: one row per paper form, each column with a data validation of the allowed values
  (a whole number on the item's scale, a band, a language code).

The lists of bands and languages sit on a hidden second sheet (a list written into the validation
itself is limited to 255 characters). The template holds no answers and nothing about a person.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from werkbaar.core.exports import safe_cell

from .models import Campaign
from .questionnaire import GROUP_PROMPTS

#: Data validation reaches this many answer rows (a paper round of a large company fits).
TEMPLATE_ROWS = 2000
LANGUAGE_COLUMN = "language"


def template_columns(campaign: Campaign) -> list[str]:
    """The importer's column ids in template order: items, grouping questions, language."""
    return [*campaign.item_ids(), *campaign.grouping_keys, LANGUAGE_COLUMN]


def _legend(instrument, item_id: str, language: str) -> str:
    return ", ".join(f"{value} = {label}" for value, label, _icon in instrument.labels_for(item_id, language))


def item_heading(instrument, item_id: str, language: str) -> str:
    """Row 2 of an item column: the question and its answers in words."""
    return f"{instrument.item_text(item_id, language)} ({_legend(instrument, item_id, language)})"


def build_template(campaign: Campaign, language: str, headings: dict[str, str]) -> bytes:
    """The template as XLSX bytes; ``headings`` holds the translated texts (sheet names, prompts)."""
    instrument = campaign.instrument()
    wb = Workbook()
    ws = wb.active
    ws.title = headings["sheet"][:31]
    lists = wb.create_sheet("lists")
    lists.sheet_state = "hidden"
    columns = template_columns(campaign)
    bold = Font(bold=True)
    grey = PatternFill("solid", fgColor="EEEEEE")
    last_row = TEMPLATE_ROWS + 2
    list_column = 0
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        ws.cell(row=1, column=index, value=column).font = bold
        if column in campaign.grouping_keys:
            text = str(GROUP_PROMPTS[column])
            values = campaign.bands(column)
        elif column == LANGUAGE_COLUMN:
            text = headings["language"]
            values = campaign.questionnaire_languages()
        else:
            text = item_heading(instrument, column, language)
            values = None
        cell = ws.cell(row=2, column=index, value=safe_cell(text))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.fill = grey
        ws.column_dimensions[letter].width = 24
        target = f"{letter}3:{letter}{last_row}"
        if values is None:
            scale = instrument.answer_scale_for(column).values
            if list(scale) == list(range(scale[0], scale[-1] + 1)):
                dv = DataValidation(type="whole", operator="between", formula1=str(scale[0]), formula2=str(scale[-1]))
            else:
                dv = DataValidation(type="list", formula1='"' + ",".join(str(v) for v in scale) + '"')
        else:
            list_column += 1
            list_letter = get_column_letter(list_column)
            for row, value in enumerate(values, start=1):
                list_cell = lists.cell(row=row, column=list_column, value=value)
                list_cell.data_type = "s"  # a band such as "=A" stays text, never a formula
            dv = DataValidation(type="list", formula1=f"lists!${list_letter}$1:${list_letter}${len(values)}")
        dv.error = headings["error"]
        dv.errorTitle = headings["error_title"]
        dv.showErrorMessage = True
        dv.allow_blank = True
        dv.add(target)
        ws.add_data_validation(dv)
    ws.row_dimensions[2].height = 90
    ws.freeze_panes = "A3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def is_text_row(campaign: Campaign, header: list[str], row: list[str]) -> bool:
    """True for the template's row 2: every item cell holds that item's question (in any language).

    Only the row right under the header is tested, and only a row whose item cells all start with
    their own question is skipped, so a mistyped answer row is never dropped silently.
    """
    instrument = campaign.instrument()
    item_ids = set(campaign.item_ids())
    seen = False
    for index, name in enumerate(header):
        if name not in item_ids:
            continue
        cell = str(row[index]).strip() if index < len(row) else ""
        texts = {instrument.item_text(name, lang).strip() for lang in instrument.languages}
        if not cell or not any(cell.startswith(text) for text in texts):
            return False
        seen = True
    return seen
