"""Paper import (all or nothing, errors by row and column) and the management commands."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from werkbaar.scans import services
from werkbaar.scans.importing import ImportFailed, import_file, read_table, validate_rows
from werkbaar.scans.models import Response, ResponseImport


def xlsx(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_import_stores_all_rows(campaign):
    content = xlsx([["wd1", "wd2", "team", "language"], [1, 4, "Noord", "fr"], [2, None, None, None]])
    result = import_file(campaign, "paper.xlsx", content)
    assert result.row_count == 2 and Response.objects.count() == 2
    langs = sorted(Response.objects.values_list("language", flat=True))
    assert langs == ["fr", "nl"]
    stored = Response.objects.get(language="fr")
    assert stored.answers["wd1"] == 1 and stored.answers["wd2"] == 4 and stored.answers["wd3"] is None
    # nothing links a response to the import or to a row number
    assert {f.column for f in Response._meta.concrete_fields} == {"id", "campaign_id", "language", "answers", "groups"}


def test_errors_by_row_and_column_and_nothing_stored(campaign):
    rows = [
        ["wd1", "wd2", "team", "shoe_size"],
        ["1", "2", "Noord", "42"],
    ]
    _, problems = validate_rows(campaign, rows)
    assert [(p.row, p.column) for p in problems] == [(1, "shoe_size")]
    rows = [["wd1", "wd2", "team", "language"], ["1", "2", "Noord", "nl"], ["5", "x", "Mars", "de"], ["3", "", "", ""]]
    with pytest.raises(ImportFailed) as exc:
        import_file(campaign, "paper.csv", "\n".join(",".join(r) for r in rows).encode())
    found = {(p.row, p.column) for p in exc.value.problems}
    assert found == {(3, "wd1"), (3, "wd2"), (3, "team"), (3, "language")}
    assert not Response.objects.exists() and not ResponseImport.objects.exists()


def test_unreadable_and_empty_files(campaign):
    with pytest.raises(ImportFailed):
        read_table("x.pdf", b"%PDF")
    with pytest.raises(ImportFailed):
        read_table("x.xlsx", b"not a zip")
    with pytest.raises(ImportFailed):
        import_file(campaign, "empty.csv", b"")
    with pytest.raises(ImportFailed):
        import_file(campaign, "latin1.csv", "wd1\n\xe9".encode("latin-1"))


def test_commands(campaign, tmp_path, capsys, full_answers):
    call_command("codes", str(campaign.pk), "--count", "7")
    printed = capsys.readouterr().out.split()
    assert len(printed) == 7 and all(len(c) == 10 for c in printed)
    for i, code in enumerate(printed[:6]):
        services.submit(code, "nl", {**full_answers, "wd1": None}, {"team": "Noord" if i < 5 else "Zuid"})
    call_command("campaigns")
    out = capsys.readouterr().out
    assert campaign.organisation.name[:20] in out and "werkbaarheidsscan-basis" in out and " 6 " in out
    paper = tmp_path / "paper.csv"
    paper.write_text("wd1;wd2\n1;2\n9;2\n")
    with pytest.raises(CommandError, match=r"3, \w+ wd1"):
        call_command("import-responses", str(campaign.pk), str(paper))
    paper.write_text("wd1;wd2\n;2\n;2\n")
    call_command("import-responses", str(campaign.pk), str(paper))
    assert Response.objects.count() == 8
    campaign.status = "closed"
    campaign.save()
    target = tmp_path / "out.csv"
    call_command("export-responses", str(campaign.pk), "--out", str(target))
    lines = target.read_text().splitlines()
    assert lines[0].startswith("# ") and "team" in lines[0]  # the notice names the column left out
    rows = list(csv.reader(lines[1:]))
    # teams Noord 5, Zuid 1, blank 2: with k = 5 only dropping team makes every combination large enough
    assert rows[0] == [*campaign.item_ids(), "age_band"]
    assert len(rows) == 9
    col = rows[0].index("wd1")
    assert all(row[col] == "" for row in rows[1:])  # wd1 missing -> blank
    with pytest.raises(CommandError):
        call_command("codes", "999999", "--count", "1")


def test_serve_builds_gunicorn_command(capsys):
    call_command("serve", "--host", "127.0.0.1", "--port", "8123", "--workers", "3", "--dry-run")
    out = capsys.readouterr().out
    assert "gunicorn werkbaar.wsgi:application" in out and "--bind 127.0.0.1:8123" in out
    assert "--workers 3" in out and "--worker-class gthread" in out and "access-logfile" not in out


def test_demo_is_idempotent(db, capsys):
    from werkbaar.core import demo as core_demo
    from werkbaar.scans import demo
    from werkbaar.scans.models import Campaign

    core_demo.load(io.StringIO())
    out = io.StringIO()
    demo.load(out)
    demo.load(out)
    assert Campaign.objects.count() == 3
    closed = Campaign.objects.get(name="Werkbaarheidsscan najaar")
    assert closed.is_closed and closed.responses.count() == 200
    assert len(set(closed.responses.values_list("groups__team", flat=True))) == 4
    open_campaign = Campaign.objects.get(name="Werkbaarheidsscan voorjaar")
    assert open_campaign.is_open and "/s/" in out.getvalue()
    # the synthetic data shows problems on some scales and not on others
    frame = services.responses_frame(closed)
    assert frame.height == 200
