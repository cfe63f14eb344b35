"""The scheduled purge: what each rule deletes, what stays, and that the report survives."""

import datetime
import logging

import pytest
import time_machine
from django.core.management import call_command

from werkbaar.core.roles import Role
from werkbaar.insights.models import AnalysisResult
from werkbaar.privacy.purge import purge
from werkbaar.reporting.models import EvidenceFile
from werkbaar.scans.models import AccessCode, Draft, Response, UsedCode

pytestmark = pytest.mark.django_db
D = datetime.date


def _travel(day):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 9, 0, tzinfo=datetime.UTC), tick=False)


def test_responses_go_three_years_after_the_close_and_the_report_still_renders(scan_factory, make_user, client):
    old = scan_factory(closed_on=D(2022, 6, 30), responses=12)
    recent = scan_factory(closed_on=D(2023, 1, 15), responses=10)
    with _travel(D(2025, 6, 29)):
        assert purge(dry_run=False)["scan_responses"] == 0
    with _travel(D(2025, 6, 30)):
        assert purge(dry_run=True) == {"scan_responses": 12, "access_codes": 14, "drafts": 0, "used_codes": 0,
                                       "evidence_files": 0, "werkwijzer_votes": 0}
        assert Response.objects.filter(campaign=old).count() == 12  # a dry run deletes nothing
        assert purge()["scan_responses"] == 12
        assert not Response.objects.filter(campaign=old).exists()
        assert not AccessCode.objects.filter(campaign=old).exists()
        assert Response.objects.filter(campaign=recent).count() == 10
        assert AccessCode.objects.filter(campaign=recent).count() == 12
        assert AnalysisResult.objects.get(key=f"campaign:{old.pk}").fingerprint == "frozen"

        client.force_login(make_user(Role.COMPANY_ADMIN, organisation=old.organisation))
        page = client.get(f"/insights/campaigns/{old.pk}/report/", HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 200
        assert page.context["head"]["n"] == 12 and not page.context["head"]["suppressed"]
        assert page.context["response_rate"] == pytest.approx(12 / 40)  # from the kept count, not 0 rows
        assert "The individual answers were deleted on" in page.content.decode()
        assert client.get(f"/insights/campaigns/{old.pk}/report.xlsx").status_code == 200
        api = client.get(f"/api/v1/insights/campaigns/{old.pk}/result").json()
        assert api["responses_purged"] == {"on": "2025-06-30", "responses": 12}
        assert api["result"]["overall"]["n"] == 12
        # a second run finds nothing left
        assert purge() == dict.fromkeys(("scan_responses", "access_codes", "drafts", "used_codes",
                                         "evidence_files", "werkwijzer_votes"), 0)


def test_drafts_of_closed_campaigns_and_leftover_used_codes(scan_factory):
    today = D(2026, 3, 10)
    closed = scan_factory(closed_on=D(2026, 3, 1))
    past_date = scan_factory(closed_on=D(2026, 3, 9), status="active")  # the nightly close has not run
    open_ = scan_factory(closed_on=D(2026, 3, 20), status="active")
    for n, campaign in enumerate((closed, past_date, open_)):
        Draft.objects.create(campaign=campaign, code_hash=f"d{n}", date=today, language="nl")
        UsedCode.objects.create(campaign=campaign, code_hash=f"u{n}")
    counts = purge(today=today)
    assert counts["drafts"] == 2 and counts["used_codes"] == 1
    assert list(Draft.objects.values_list("campaign", flat=True)) == [open_.pk]
    # used codes still refuse a second answer until the close rewrites the campaign
    assert sorted(UsedCode.objects.values_list("campaign", flat=True)) == sorted([past_date.pk, open_.pk])


def test_evidence_files_go_after_the_archive_period(evidence_factory, django_capture_on_commit_callbacks,
                                                    make_user, client, caplog):
    due = evidence_factory(end=D(2018, 12, 31), name="attendance-secret-name.csv")
    kept = evidence_factory(end=D(2019, 12, 31))
    path = due.file.path
    with caplog.at_level(logging.INFO, logger="werkbaar.privacy"), \
            django_capture_on_commit_callbacks(execute=True):
        counts = purge(today=D(2025, 12, 31))
    assert counts["evidence_files"] == 1
    due.refresh_from_db()
    assert due.purged_on == D(2025, 12, 31) and not due.file
    assert not __import__("os").path.exists(path)
    assert EvidenceFile.objects.get(pk=kept.pk).file.storage.exists(kept.file.name)
    assert "purge: evidence_files 1" in caplog.text
    assert "secret" not in caplog.text  # counts only, no names
    staff = make_user(Role.CONSULTANT, sector=due.report.covenant.sector)
    client.force_login(staff)
    assert client.get(f"/reporting/{due.report.pk}/evidence/file/{due.pk}/").status_code == 404
    page = client.get(f"/reporting/{due.report.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "file deleted on" in page


def test_a_failed_purge_deletes_no_file(evidence_factory, django_capture_on_commit_callbacks, monkeypatch):
    due = evidence_factory(end=D(2018, 12, 31))

    def boom(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(UsedCode.objects, "filter", boom)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        purge(today=D(2025, 12, 31))
    due.refresh_from_db()
    assert due.purged_on is None and due.file.storage.exists(due.file.name)


def test_purge_command_prints_each_data_class(scan_factory, capsys):
    scan_factory(closed_on=D(2020, 1, 10), responses=6)
    call_command("purge", "--dry-run", "--today", "2024-01-10")
    out = capsys.readouterr().out
    assert "Would be purged (dry run):" in out and "Scan responses: 6" in out and "Evidence files: 0" in out
    assert Response.objects.count() == 6
    call_command("purge", "--today", "2024-01-10")
    out = capsys.readouterr().out
    assert out.startswith("Purged:") and "Scan responses: 6" in out and "Access codes: 8" in out
    assert Response.objects.count() == 0
