"""`werkbaar import-kbo`: the register's real file layout, its quirks, malformed rows, resuming, search."""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from werkbaar.core.register import RegisterImportError, import_dump, search
from werkbaar.core.register_models import RegisterEnterprise, RegisterImportCheckpoint

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "kbo"
pytestmark = pytest.mark.django_db


def _by_number():
    return {e.number: e for e in RegisterEnterprise.objects.all()}


def test_the_dump_is_imported_with_names_per_language_seat_and_main_activities():
    reports = {r.file: r for r in import_dump(FIXTURE)}
    found = _by_number()
    assert set(found) == {"0403170701", "0876543270", "0123456749"}
    example = found["0403170701"]
    assert (example.status, example.juridical_form, str(example.start_date)) == ("AC", "014", "1960-08-09")
    assert (example.name_nl, example.name_fr) == ("Werkbaar Voorbeeld", "Exemple Travaillable")
    assert example.name("fr") == "Exemple Travaillable"
    with translation.override("nl"):
        assert example.address("nl") == "Wetstraat 16 bus 2, 1000 Brussel"
    assert example.address("fr").startswith("Rue de la Loi 16")
    assert example.nace_codes == ["70200", "70220"]  # MAIN of 2008 and 2025; not 2003, not SECO
    # a quoted field with a comma and doubled quotes inside
    assert found["0876543270"].name_nl == 'Bakkerij "De Zoete Inval", Mechelen'
    assert found["0876543270"].nace_codes == ["10711"]  # the same code in two activity groups, once
    # an address struck off is not the seat
    assert found["0123456749"].postcode == ""
    # abbreviation, commercial name, establishment unit, unknown enterprise: ignored, counted
    assert (reports["denomination.csv"].imported, reports["denomination.csv"].ignored) == (4, 4)
    assert reports["address.csv"].ignored == 2


def test_malformed_rows_are_skipped_counted_and_located():
    reports = {r.file: r for r in import_dump(FIXTURE)}
    assert reports["enterprise.csv"].skipped == 2
    assert reports["enterprise.csv"].problems == [
        "enterprise.csv, row 5, column EnterpriseNumber: '0123.456.789' is not a valid enterprise number",
        "enterprise.csv, row 6, column StartDate: '31-02-2020' is not a date (DD-MM-YYYY)",
    ]
    assert reports["denomination.csv"].problems == ["denomination.csv, row 10: 2 columns instead of 4"]
    assert reports["activity.csv"].problems == ["activity.csv, row 9, column NaceCode: '4711X' is not a NACE code"]
    assert not RegisterEnterprise.objects.filter(number__in=["0123456789", "1000000021"]).exists()


def test_a_killed_import_resumes_after_the_last_committed_batch():
    class Killed(Exception):
        pass

    def kill_in_denominations(report):
        if report.file == "denomination.csv":
            raise Killed

    with pytest.raises(Killed):
        import_dump(FIXTURE, batch_size=3, progress=kill_in_denominations)
    checkpoint = RegisterImportCheckpoint.objects.get(extract="0190", file="denomination.csv")
    assert (checkpoint.rows_done, checkpoint.finished) == (3, False)
    assert RegisterImportCheckpoint.objects.get(file="enterprise.csv").finished

    reports = {r.file: r for r in import_dump(FIXTURE, batch_size=3)}
    assert reports["enterprise.csv"].resumed_from == 5  # finished: not read again
    assert reports["denomination.csv"].resumed_from == 3
    assert reports["denomination.csv"].rows == 9
    found = _by_number()
    assert (found["0403170701"].name_nl, found["0403170701"].name_fr) == ("Werkbaar Voorbeeld", "Exemple Travaillable")
    assert found["0876543270"].name_nl.startswith("Bakkerij")


def test_next_months_dump_replaces_instead_of_adding(tmp_path):
    import_dump(FIXTURE)
    dump = tmp_path / "next"
    shutil.copytree(FIXTURE, dump)
    (dump / "meta.csv").write_text('"Variable","Value"\n"ExtractNumber","0191"\n', encoding="utf-8")
    (dump / "activity.csv").write_text(
        '"EntityNumber","ActivityGroup","NaceVersion","NaceCode","Classification"\n'
        '"0403.170.701","001","2025","70200","MAIN"\n', encoding="utf-8")
    import_dump(dump)
    assert _by_number()["0403170701"].nace_codes == ["70200"]
    assert RegisterEnterprise.objects.count() == 3


def test_a_header_that_is_not_the_registers_stops_before_writing(tmp_path):
    dump = tmp_path / "dump"
    shutil.copytree(FIXTURE, dump)
    (dump / "enterprise.csv").write_text("Number;Status\n0403170701;AC\n", encoding="utf-8")
    with pytest.raises(RegisterImportError, match="enterprise.csv: the header is Number;Status; expected "):
        import_dump(dump)
    assert not RegisterEnterprise.objects.exists()


def test_the_command_reports_rows_per_second_and_a_missing_file(tmp_path, capsys):
    call_command("import-kbo", str(FIXTURE))
    out = capsys.readouterr()
    assert "enterprise.csv: 5 rows, 3 imported, 0 ignored, 2 malformed and skipped (" in out.out
    assert "rows/s" in out.out
    assert "row 5, column EnterpriseNumber" in out.err
    with pytest.raises(CommandError, match="missing enterprise.csv"):
        call_command("import-kbo", str(tmp_path))


@pytest.mark.parametrize("query, expected", [
    ("0403.170", ["0403170701"]), ("403170701", ["0403170701"]), ("BE 0876 543 270", ["0876543270"]),
    ("zoete inval", ["0876543270"]), ("travaillable", ["0403170701"]), ("x", []), ("Nergens", []),
])
def test_search_by_number_or_name(query, expected):
    import_dump(FIXTURE)
    assert [e.number for e in search(query)] == expected
