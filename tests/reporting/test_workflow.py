"""The report workflow: refused transitions, versions with PDFs, diffs, remarks and the lock."""

import json

import pytest
from django.utils import translation

from werkbaar.core.models import AuditEntry
from werkbaar.core.roles import Role
from werkbaar.core.workflow import TransitionNotAllowed
from werkbaar.reporting import services
from werkbaar.reporting.models import Report, ReportLocked, SectionRemark

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(covenant_factory, make_user):
    covenant = covenant_factory(addenda=("non_discrimination", "dual_learning"))
    reports = {r.kind: r for r in services.ensure_reports(covenant)}
    return {
        "covenant": covenant, "progress": reports["progress"], "final": reports["final"],
        "consultant": make_user(Role.CONSULTANT, sector=covenant.sector),
        "department": make_user(Role.ACCOUNT_MANAGER),
    }


def _approved(s, complete):
    r = s["final"]
    r.content = complete(r)
    r.save()
    services.apply_transition(r, "submit", s["consultant"])
    services.apply_transition(r, "start_review", s["department"])
    services.apply_transition(r, "approve", s["department"])
    return Report.objects.get(pk=r.pk)


def test_submitting_an_incomplete_report_is_refused_with_the_missing_sections(setup):
    report = setup["progress"]
    with pytest.raises(TransitionNotAllowed) as exc, translation.override("en"):
        services.apply_transition(report, "submit", setup["consultant"])
    message = str(exc.value)
    assert "What was done" in message and "Risk analysis" in message
    # the follow-up measurement is only required in the final report
    assert "Follow-up" not in message
    report.refresh_from_db()
    assert report.status == "draft" and not report.versions.exists()


def test_final_report_requires_the_financial_account(setup):
    with translation.override("en"):
        messages = services.missing_sections_messages(setup["final"])
        assert any("Financial account" in m and "An Peeters" in m and "Grant received" in m for m in messages)
        assert not any("Financial account" in m for m in services.missing_sections_messages(setup["progress"]))


@pytest.mark.parametrize(("who", "step", "state"), [
    ("department", "submit", "draft"),       # the department does not submit for the sector
    ("consultant", "approve", "under_review"),  # only the department approves
    ("consultant", "return", "under_review"),
    ("consultant", "start_review", "submitted"),
    ("department", "approve", "draft"),       # wrong source state
    ("department", "approve", "submitted"),   # review first
    ("consultant", "resubmit", "draft"),
])
def test_refused_transitions(setup, complete, who, step, state):
    report = setup["progress"]
    report.content = complete(report)
    Report.objects.filter(pk=report.pk).update(status=state, content=report.content)
    report.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        services.apply_transition(report, step, setup[who])
    report.refresh_from_db()
    assert report.status == state


def test_full_cycle_keeps_versions_pdfs_and_diffs(setup, complete, client):
    report, consultant, department = setup["progress"], setup["consultant"], setup["department"]
    report.content = complete(report)
    report.save()
    services.apply_transition(report, "submit", consultant)
    services.apply_transition(report, "start_review", department)
    first = services.sections_for(report)[0]
    services.apply_transition(report, "return", department, remarks={first.key: "Add the reach."})
    assert SectionRemark.objects.get(report=report).section == first.key
    content = dict(report.content)
    content[first.key] = {**content[first.key], "narrative": "Rewritten", "reach": "55"}
    report.content = content
    report.save()
    services.apply_transition(report, "resubmit", consultant)
    services.apply_transition(report, "start_review", department)
    services.apply_transition(report, "approve", department)
    report.refresh_from_db()
    assert report.status == "approved" and report.approved_at
    v1, v2 = report.versions.all()
    assert (v1.number, v2.number) == (1, 2)
    assert v1.pdf.read(4) == b"%PDF" and v2.pdf.size > 0
    assert v1.snapshot["sections"][0]["fields"][1]["value"] == "Text for narrative"
    # the reviewer sees the diff between the versions
    client.force_login(department)
    page = client.get(f"/reporting/{report.pk}/diff/?a=1&b=2").content.decode()
    assert "Rewritten" in page and "Text for narrative" in page and "55" in page
    # every step is in the covenant's activity feed
    actions = set(AuditEntry.objects.filter(root_id=str(setup["covenant"].pk)).values_list("action", flat=True))
    assert {"transition:submit", "transition:return", "transition:resubmit", "transition:approve"} <= actions


def test_version_pdf_is_rendered_from_the_stored_snapshot(setup, complete):
    report = setup["progress"]
    report.content = complete(report)
    report.save()
    services.apply_transition(report, "submit", setup["consultant"])
    version = report.versions.get()
    # changing the covenant afterwards does not change what was submitted
    setup["covenant"].title = "Renamed later"
    setup["covenant"].save()
    html = services.render_to_string("reporting/pdf/version.html", {"snap": version.snapshot})
    assert "Renamed later" not in html and "Test covenant" in html
    assert version.snapshot["consultants"][0]["name"] == "An Peeters"
    assert version.snapshot["settlement"]["max_grant_eur"] == "196000.00"


def test_return_without_any_remark_is_refused_on_the_page(setup, complete, client):
    report = setup["progress"]
    report.content = complete(report)
    report.save()
    services.apply_transition(report, "submit", setup["consultant"])
    services.apply_transition(report, "start_review", setup["department"])
    client.force_login(setup["department"])
    response = client.post(f"/reporting/{report.pk}/step/return/", {"confirmed": "1"})
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == "under_review"


def test_incomplete_submission_on_the_page_lists_the_sections(setup, client):
    client.force_login(setup["consultant"])
    response = client.post(f"/reporting/{setup['progress'].pk}/step/submit/", {"confirmed": "1"})
    assert response.status_code == 400
    assert "Wat werd gedaan" in response.content.decode()  # the interface is in Dutch


# --- an approved report cannot be changed: model, web, API, admin ------------------------------


def test_approved_report_is_locked_in_the_model(setup, complete):
    report = _approved(setup, complete)
    report.content = {}
    with pytest.raises(ReportLocked):
        report.save()
    with pytest.raises(ReportLocked):
        report.delete()
    assert services.prefill(report).filled == 0


def test_approved_report_cannot_be_changed_through_the_web(setup, complete, client):
    report = _approved(setup, complete)
    client.force_login(setup["consultant"])
    assert client.get(f"/reporting/{report.pk}/edit/").status_code == 403
    assert client.post(f"/reporting/{report.pk}/edit/", {}).status_code == 403
    assert client.post(f"/reporting/{report.pk}/prefill/").status_code == 403
    assert client.get(f"/reporting/{report.pk}/extension/").status_code == 403
    client.force_login(setup["department"])
    assert client.get(f"/reporting/{report.pk}/due-date/").status_code == 403
    assert Report.objects.get(pk=report.pk).content == report.content


def test_approved_report_cannot_be_changed_through_the_api(setup, complete, client):
    report = _approved(setup, complete)
    client.force_login(setup["consultant"])
    response = client.put(f"/api/v1/reporting/reports/{report.pk}/content", data=json.dumps({"content": {}}),
                          content_type="application/json")
    assert response.status_code == 409
    assert Report.objects.get(pk=report.pk).content == report.content


def test_draft_content_can_be_saved_through_the_api_by_the_sector_only(setup, client):
    report = setup["progress"]
    body = json.dumps({"content": {"consultants": {"remarks": "via API", "bogus": 1}, "nope": {"x": 1}}})
    client.force_login(setup["department"])
    assert client.put(f"/api/v1/reporting/reports/{report.pk}/content", data=body,
                      content_type="application/json").status_code == 403
    client.force_login(setup["consultant"])
    assert client.put(f"/api/v1/reporting/reports/{report.pk}/content", data=body,
                      content_type="application/json").status_code == 200
    report.refresh_from_db()
    assert report.content == {"consultants": {"remarks": "via API"}}


def test_approved_report_is_read_only_in_the_admin(setup, complete, admin_client):
    report = _approved(setup, complete)
    page = admin_client.get(f"/admin/reporting/report/{report.pk}/change/")
    assert page.status_code == 200
    assert 'name="due_date"' not in page.content.decode()
    admin_client.post(f"/admin/reporting/report/{report.pk}/change/",
                      {"due_date": "2030-01-01", "kind": "final", "content": "{}"})
    admin_client.post(f"/admin/reporting/report/{report.pk}/delete/", {"post": "yes"})
    fresh = Report.objects.get(pk=report.pk)
    assert str(fresh.due_date) != "2030-01-01" and fresh.content == report.content


def test_draft_report_is_editable_in_the_admin(setup, admin_client):
    page = admin_client.get(f"/admin/reporting/report/{setup['progress'].pk}/change/")
    assert 'name="due_date"' in page.content.decode()
