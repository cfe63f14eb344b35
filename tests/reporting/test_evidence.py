"""Evidence files on indicator sections: uploaded by the sector, listed in the submitted version."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from werkbaar.core.roles import Role
from werkbaar.reporting import services

pytestmark = pytest.mark.django_db


def test_evidence_upload_download_and_snapshot(covenant_factory, make_user, client, complete, sector_factory):
    covenant = covenant_factory()
    report = next(r for r in services.ensure_reports(covenant) if r.kind == "progress")
    indicator = covenant.priorities.get(code="P1").indicator
    consultant = make_user(Role.CONSULTANT, sector=covenant.sector)
    client.force_login(consultant)
    url = f"/reporting/{report.pk}/evidence/indicator-{indicator.pk}/"
    response = client.post(url, {"file": SimpleUploadedFile("attendance.csv", b"name;date\n")})
    assert response.status_code == 302
    evidence = report.evidence.get()
    assert client.get(f"/reporting/{report.pk}/evidence/file/{evidence.pk}/").status_code == 200
    # only indicator sections take evidence
    action = covenant.priorities.get(code="P1").actions.get()
    assert client.post(f"/reporting/{report.pk}/evidence/action-{action.pk}/",
                       {"file": SimpleUploadedFile("x.txt", b"x")}).status_code == 404
    report.content = complete(report)
    report.save()
    services.apply_transition(report, "submit", consultant)
    snap = report.versions.get().snapshot
    section = next(s for s in snap["sections"] if s["key"] == f"indicator-{indicator.pk}")
    assert section["evidence"] == ["attendance.csv"]
    # after submission the sector can no longer add files; another sector never can
    assert client.post(url, {"file": SimpleUploadedFile("late.csv", b"x")}).status_code == 403
    client.force_login(make_user(Role.CONSULTANT, sector=sector_factory()))
    assert client.get(f"/reporting/{report.pk}/evidence/file/{evidence.pk}/").status_code == 404


def test_evidence_refuses_html_and_scripts(covenant_factory, make_user, client):
    covenant = covenant_factory()
    report = next(r for r in services.ensure_reports(covenant) if r.kind == "progress")
    indicator = covenant.priorities.get(code="P1").indicator
    client.force_login(make_user(Role.CONSULTANT, sector=covenant.sector))
    url = f"/reporting/{report.pk}/evidence/indicator-{indicator.pk}/"
    for name in ("page.html", "drawing.svg", "run.js", "noext"):
        response = client.post(url, {"file": SimpleUploadedFile(name, b"<script>alert(1)</script>")})
        assert response.status_code == 200 and response.context["form"].errors["file"], name
    assert not report.evidence.exists()
    assert client.post(url, {"file": SimpleUploadedFile("Scan.PDF", b"%PDF-1.4")}).status_code == 302
