"""Hostile instrument uploads and answer imports (issue 10.7): each is refused quickly with a clear,
translated message (never a 500, never a hang) and nothing is stored."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from werkbaar.core.roles import Role
from werkbaar.scans.models import Response, ResponseImport, UploadedInstrument

ALIASES = {
    "en": "Line 1: YAML anchors and aliases (&name, *name) are not allowed; write the value out in full.",
    "nl": "Regel 1: YAML-ankers en -aliassen (&naam, *naam) zijn niet toegelaten; schrijf de waarde volledig uit.",
    "fr": "Ligne 1 : les ancres et alias YAML (&nom, *nom) ne sont pas admis ; écrivez la valeur en entier.",
}
NESTED = {
    "en": "Line 1: the YAML is nested more than 20 levels deep.",
    "nl": "Regel 1: de YAML is meer dan 20 niveaus diep genest.",
    "fr": "Ligne 1 : le YAML est imbriqué sur plus de 20 niveaux.",
}
BOMB = {
    "en": "The XLSX file unpacks to more than 50 MB; split it into smaller files.",
    "nl": "Het XLSX-bestand is uitgepakt groter dan 50 MB; verdeel het over kleinere bestanden.",
    "fr": "Le fichier XLSX décompressé dépasse 50 MB ; répartissez-le en fichiers plus petits.",
}
LONG_FIELD = {
    "en": "The value is longer than 10000 characters.",
    "nl": "De waarde is langer dan 10000 tekens.",
    "fr": "La valeur dépasse 10000 caractères.",
}


@pytest.fixture
def staff(make_user, campaign):
    return make_user(Role.SECTOR_STAFF, sector=campaign.organisation.sector)


@pytest.fixture
def admin(make_user, campaign):
    return make_user(Role.COMPANY_ADMIN, organisation=campaign.organisation)


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def upload_instrument(client, name, content, language):
    return client.post("/scans/instruments/upload/", {"file": SimpleUploadedFile(name, content)},
                       HTTP_ACCEPT_LANGUAGE=language)


def import_answers(client, campaign, name, content, language):
    return client.post(f"/scans/{campaign.pk}/import/", {
        "file": SimpleUploadedFile(name, content), "confirm_anonymous": "on"}, HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
@pytest.mark.parametrize("kind", ["laughs", "deep"])
def test_hostile_instrument_is_refused(client, staff, attacks, attack_guard, kind, language):
    client.force_login(staff)
    text, expected = (attacks.billion_laughs(), ALIASES) if kind == "laughs" else (attacks.deep_yaml(), NESTED)
    with attack_guard():
        response = upload_instrument(client, f"{kind}.yaml", text.encode(), language)
    assert response.status_code == 400
    assert expected[language] in text_of(response)
    assert not UploadedInstrument.objects.exists()


def test_huge_integer_in_an_instrument_is_a_yaml_problem_not_a_500(client, staff):
    client.force_login(staff)
    response = upload_instrument(client, "big.yaml", b"id: x\nversion: " + b"9" * 5000 + b"\n", "en")
    assert response.status_code == 400
    assert "more than 100 digits" in text_of(response)
    assert not UploadedInstrument.objects.exists()


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_xlsx_zip_bomb_import_is_refused(client, admin, campaign, attacks, attack_guard, language):
    client.force_login(admin)
    content = attacks.xlsx_bomb().read_bytes()
    assert len(content) < 1024 * 1024
    with attack_guard():
        response = import_answers(client, campaign, "bomb.xlsx", content, language)
    assert response.status_code == 400
    assert BOMB[language] in text_of(response)
    assert not Response.objects.exists() and not ResponseImport.objects.exists()


def test_the_bomb_is_a_real_workbook_without_its_padding(client, admin, campaign, attacks):
    client.force_login(admin)
    response = import_answers(client, campaign, "plain.xlsx", attacks.xlsx_bomb(0).read_bytes(), "en")
    assert response.status_code == 302
    assert Response.objects.get().answers["wd1"] == 3


def test_a_sheet_declaring_the_whole_grid_is_read_only_as_wide_as_the_limit(client, admin, campaign, attacks,
                                                                          attack_guard):
    """A 1 KB sheet whose <dimension> claims A1:XFD1048576: read as 501 columns and at most 20,002 rows
    (before: every row padded to 16,384 cells, gigabytes for one upload)."""
    client.force_login(admin)
    content = attacks.xlsx_wide().read_bytes()
    assert len(content) < 10 * 1024
    with attack_guard(seconds=20, headroom=512 * 1024 * 1024):
        response = import_answers(client, campaign, "wide.xlsx", content, "en")
    assert response.status_code == 302
    assert Response.objects.get().answers["wd1"] == 3


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_csv_with_a_200kb_field_is_refused_naming_row_and_column(client, admin, campaign, attacks, language):
    client.force_login(admin)
    response = import_answers(client, campaign, "long.csv", attacks.csv_long_field(), language)
    assert response.status_code == 400
    assert f"<td>2</td><td>team</td><td>{LONG_FIELD[language]}</td>" in text_of(response)  # row, column, message
    assert not Response.objects.exists() and not ResponseImport.objects.exists()


def test_too_many_columns_are_refused(client, admin, campaign):
    client.force_login(admin)
    header = ",".join(["wd1"] + [f"x{i}" for i in range(600)])
    response = import_answers(client, campaign, "wide.csv", (header + "\n" + "1," * 600 + "1\n").encode(), "en")
    assert response.status_code == 400
    assert "<td>1</td><td>SG</td><td>At most 500 columns per file.</td>" in text_of(response)
    assert not Response.objects.exists()


def test_import_command_refuses_the_bomb_and_the_long_field(campaign, attacks, attack_guard, tmp_path):
    long_csv = tmp_path / "long.csv"
    long_csv.write_bytes(attacks.csv_long_field())
    with attack_guard():
        with pytest.raises(CommandError, match="unpacks to more than 50 MB"):
            call_command("import-responses", str(campaign.pk), str(attacks.xlsx_bomb()))
    with pytest.raises(CommandError, match="row 2, column team: The value is longer than 10000 characters"):
        call_command("import-responses", str(campaign.pk), str(long_csv))
    assert not Response.objects.exists() and not ResponseImport.objects.exists()


def test_deeply_nested_json_on_the_submission_api_is_a_400(client, codes):
    """API bodies are bounded by DATA_UPLOAD_MAX_MEMORY_SIZE and django-ninja answers any body it
    cannot parse (RecursionError included) with 400; this keeps it that way for the public endpoint."""
    body = '{"language": "nl", "answers": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = client.post(f"/api/v1/scan/{codes[0]}/submit", data=body, content_type="application/json")
    assert response.status_code == 400
    assert not Response.objects.exists()
