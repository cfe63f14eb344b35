"""The scheduled purge: what each rule deletes, what stays, and that the report survives."""

import datetime
import logging

import pytest
import time_machine
from django.core.management import call_command
from django.utils import translation

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
                                       "evidence_files": 0, "phase_evidence_files": 0, "werkwijzer_votes": 0}
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
                                         "evidence_files", "phase_evidence_files", "werkwijzer_votes"), 0)


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


def _phase_with_evidence(covenant_factory, end, name):
    from django.core.files.base import ContentFile

    from werkbaar.covenants.models import AddendumPhase

    covenant = covenant_factory(code=f"ND-{end.year}", start=end.replace(year=end.year - 1), end=end,
                                addenda=("non_discrimination",))
    phase = AddendumPhase.objects.get(addendum__covenant=covenant, phase="risk_analysis")
    phase.evidence_name = name
    phase.evidence_file.save(name, ContentFile(b"test;result\n"), save=True)
    return phase


def test_the_evidence_of_an_addendum_phase_goes_after_the_same_archive_period(
        covenant_factory, django_capture_on_commit_callbacks, make_user, client, caplog):
    from werkbaar.covenants.models import AddendumPhase

    due = _phase_with_evidence(covenant_factory, D(2018, 12, 31), "callers-secret-name.csv")
    kept = _phase_with_evidence(covenant_factory, D(2019, 12, 31), "kept.csv")
    AddendumPhase.objects.filter(pk=due.pk).update(evidence_url="https://example.org/report")
    path = due.evidence_file.path
    # seven years after the end of the covenant's term: 2018-12-31 -> 2025-12-31, not a day before
    assert purge(today=D(2025, 12, 30), dry_run=True)["phase_evidence_files"] == 0
    with caplog.at_level(logging.INFO, logger="werkbaar.privacy"), \
            django_capture_on_commit_callbacks(execute=True):
        counts = purge(today=D(2025, 12, 31))
    assert counts["phase_evidence_files"] == 1 and counts["evidence_files"] == 0
    due.refresh_from_db()
    assert due.evidence_purged_on == D(2025, 12, 31) and not due.evidence_file
    assert due.evidence_name == "callers-secret-name.csv" and due.evidence_url == "https://example.org/report"
    assert not __import__("os").path.exists(path)
    kept.refresh_from_db()
    assert kept.evidence_purged_on is None and kept.evidence_file.storage.exists(kept.evidence_file.name)
    assert "purge: phase_evidence_files 1" in caplog.text and "secret" not in caplog.text
    assert purge(today=D(2025, 12, 31))["phase_evidence_files"] == 0  # nothing twice

    covenant = due.addendum.covenant
    client.force_login(make_user(Role.SECTOR_STAFF, sector=covenant.sector))
    base = f"/covenants/{covenant.pk}/addenda/{due.addendum.pk}"
    assert client.get(f"{base}/phases/risk_analysis/evidence/").status_code == 404
    with translation.override("en"):  # the pages activate their language: keep it out of the next tests
        page = client.get(f"{base}/process/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        dutch = client.get(f"{base}/process/", HTTP_ACCEPT_LANGUAGE="nl-be").content.decode()
    assert "callers-secret-name.csv (file deleted on 12/31/2025 after the archive period)" in page
    assert 'href="https://example.org/report"' in page
    assert "callers-secret-name.csv (bestand gewist op 31-12-2025 na de archieftermijn)" in dutch


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
    with translation.override("en"):  # a command speaks the active language (nl-be when none is active)
        call_command("purge", "--dry-run", "--today", "2024-01-10")
    out = capsys.readouterr().out
    assert "Would be purged (dry run):" in out and "Scan responses: 6" in out and "Evidence files: 0" in out
    assert "Evidence files of addendum phases: 0" in out
    with translation.override("nl-be"):
        call_command("purge", "--dry-run", "--today", "2024-01-10")
    dutch = capsys.readouterr().out
    assert "Antwoorden op scans: 6" in dutch and "Bewijsstukken van fasen van addenda: 0" in dutch
    assert Response.objects.count() == 6
    with translation.override("en"):
        call_command("purge", "--today", "2024-01-10")
    out = capsys.readouterr().out
    assert out.startswith("Purged:") and "Scan responses: 6" in out and "Access codes: 8" in out
    assert Response.objects.count() == 0
