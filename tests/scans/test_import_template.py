"""Issue 16: the paper-answers template (XLSX) — download, fill in, import as it is."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from werkbaar.core.roles import Role
from werkbaar.scans.importing import ImportFailed, import_rows
from werkbaar.scans.models import Response, ResponseImport


@pytest.fixture
def admin(make_user, campaign):
    return make_user(Role.COMPANY_ADMIN, organisation=campaign.organisation)


def download(client, campaign):
    r = client.get(f"/scans/{campaign.pk}/import/template.xlsx")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in r["Content-Disposition"]
    return load_workbook(io.BytesIO(r.content))


def test_the_template_has_a_column_per_item_texts_and_allowed_values(client, admin, campaign):
    client.force_login(admin)
    wb = download(client, campaign)
    ws = wb.worksheets[0]
    assert ws.title == "Antwoorden"
    header = [c.value for c in ws[1]]
    assert header == [*campaign.item_ids(), "team", "age_band", "language"]
    texts = [c.value for c in ws[2]]
    assert texts[0] == "Na het werk voel ik me uitgeput. (1 = nooit, 2 = soms, 3 = vaak, 4 = altijd)"
    assert texts[header.index("team")] == "In welk team of op welke vestiging werk je?"
    assert ws.freeze_panes == "A3"
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    item = validations["A3:A2002"]
    assert (item.type, item.operator, item.formula1, item.formula2) == ("whole", "between", "1", "4")
    letter = ws.cell(row=1, column=header.index("team") + 1).column_letter
    team = validations[f"{letter}3:{letter}2002"]
    assert team.type == "list"
    lists = wb["lists"]
    assert lists.sheet_state == "hidden"
    sheet, cells = team.formula1.split("!")
    first, last = cells.replace("$", "").split(":")
    assert sheet == "lists" and [lists[f"{first[0]}{n}"].value for n in range(1, int(last[1:]) + 1)] == ["Noord", "Zuid"]
    language = validations[f"{ws.cell(row=1, column=len(header)).column_letter}3:"
                           f"{ws.cell(row=1, column=len(header)).column_letter}2002"]
    sheet, cells = language.formula1.split("!")
    first, last = cells.replace("$", "").split(":")
    assert [lists[f"{first[0]}{n}"].value for n in range(1, int(last[1:]) + 1)] == ["nl", "nl-easy", "fr", "en"]


def test_the_template_speaks_the_users_language(client, admin, campaign):
    admin.language = "fr"
    admin.save()
    client.force_login(admin)
    ws = client.get(f"/scans/{campaign.pk}/import/template.xlsx", HTTP_ACCEPT_LANGUAGE="fr")
    wb = load_workbook(io.BytesIO(ws.content))
    assert wb.worksheets[0].title == "Réponses"
    assert wb.worksheets[0]["A2"].value.startswith("Après le travail, je me sens épuisé(e). (1 = jamais")


def test_download_fill_in_and_import_round_trip(client, admin, campaign):
    client.force_login(admin)
    wb = download(client, campaign)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    rows = [
        {**{item: 4 for item in campaign.item_ids()}, "team": "Noord", "age_band": "< 35", "language": "fr"},
        {**{item: 1 for item in campaign.item_ids()[:10]}, "team": "Zuid"},
    ]
    for r, values in enumerate(rows, start=3):
        for c, name in enumerate(header, start=1):
            ws.cell(row=r, column=c, value=values.get(name))
    out = io.BytesIO()
    wb.save(out)
    page = client.post(f"/scans/{campaign.pk}/import/", {
        "file": SimpleUploadedFile("paper.xlsx", out.getvalue()), "confirm_anonymous": "on"})
    assert page.status_code == 302, page.content.decode()[:2000]
    stored = sorted(Response.objects.all(), key=lambda r: r.language)
    assert [(r.language, r.groups) for r in stored] == [
        ("fr", {"team": "Noord", "age_band": "< 35"}), ("nl", {"team": "Zuid", "age_band": None})]
    assert set(stored[0].answers.values()) == {4}
    assert [stored[1].answers[i] for i in campaign.item_ids()[:11]] == [1] * 10 + [None]
    assert ResponseImport.objects.get().row_count == 2


def test_a_mistake_in_the_filled_template_names_its_spreadsheet_row(client, admin, campaign):
    client.force_login(admin)
    wb = download(client, campaign)
    ws = wb.worksheets[0]
    ws["A3"] = 3
    ws["A4"] = 7  # typed past the validation (e.g. in another program)
    out = io.BytesIO()
    wb.save(out)
    page = client.post(f"/scans/{campaign.pk}/import/", {
        "file": SimpleUploadedFile("paper.xlsx", out.getvalue()), "confirm_anonymous": "on"})
    assert page.status_code == 400
    problem = page.context["problems"][0]
    assert (problem.row, problem.column) == (4, campaign.item_ids()[0]) and "7" in problem.message
    assert not Response.objects.exists()


def test_only_the_row_of_questions_is_skipped_never_a_row_of_answers(campaign):
    items = campaign.item_ids()
    with pytest.raises(ImportFailed) as exc:  # a wrong answer right under the header is reported
        import_rows(campaign, [items, ["Na het werk", *[""] * (len(items) - 1)]])
    assert exc.value.problems[0].row == 2
    rows = [items, ["After work I feel exhausted. (anything)", *["x"] * (len(items) - 1)], ["2"] * len(items)]
    with pytest.raises(ImportFailed):  # only the first item matches its question: not the template's row
        import_rows(campaign, rows)


def test_the_template_is_for_those_who_import(client, make_user, campaign):
    delegate = make_user(Role.UNION_DELEGATE, organisation=campaign.organisation)
    client.force_login(delegate)
    assert client.get(f"/scans/{campaign.pk}/import/template.xlsx").status_code == 403


def test_blank_rows_in_the_template_keep_the_spreadsheet_row_numbers(client, admin, campaign):
    client.force_login(admin)
    wb = download(client, campaign)
    ws = wb.worksheets[0]
    ws["A4"] = 2  # rows 3 and 5 left empty, as happens when typing forms in
    ws["A6"] = 9
    out = io.BytesIO()
    wb.save(out)
    page = client.post(f"/scans/{campaign.pk}/import/", {
        "file": SimpleUploadedFile("paper.xlsx", out.getvalue()), "confirm_anonymous": "on"})
    assert page.status_code == 400
    assert [(p.row, p.column) for p in page.context["problems"]] == [(6, campaign.item_ids()[0])]
    assert not Response.objects.exists()
