"""The addenda as processes (issue 14): the phases of a non-discrimination addendum, the dual-learning
counts, who may see and change them, the department's comparison, the to-do list and the reports."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from werkbaar.core.audit import history_for
from werkbaar.core.roles import Role
from werkbaar.covenants import linked_sources
from werkbaar.covenants.addenda_process import AddendumPhase, DualLearningFigure
from werkbaar.covenants.covenant_file import import_text

from .conftest import VALID

TWO_ADDENDA = """\
addenda:
  - {kind: non_discrimination, title: Non-discriminatie, budget_eur: 85000}
  - {kind: dual_learning, title: Duaal leren, budget_eur: 120000}
"""


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def covenant(db, sector_factory):
    covenant, _ = import_text(VALID.format(sector=sector_factory("alpha").code) + TWO_ADDENDA)
    return covenant


@pytest.fixture
def nd(covenant):
    return covenant.addenda.get(kind="non_discrimination")


@pytest.fixture
def dual(covenant):
    return covenant.addenda.get(kind="dual_learning")


@pytest.fixture
def staff(covenant, make_user):
    return make_user(Role.SECTOR_STAFF, sector=covenant.sector)


@pytest.fixture
def department(make_user):
    return make_user(Role.ACCOUNT_MANAGER)


@pytest.fixture
def outsider(make_user, sector_factory):
    return make_user(Role.SECTOR_STAFF, sector=sector_factory("beta"))


def phase_of(addendum, key) -> AddendumPhase:
    return AddendumPhase.objects.get(addendum=addendum, phase=key)


def base(covenant, addendum) -> str:
    return f"/covenants/{covenant.pk}/addenda/{addendum.pk}"


def test_a_non_discrimination_addendum_gets_its_four_phases_planned(nd, dual):
    phases = sorted(nd.phases.all(), key=lambda p: p.order)
    assert [(p.phase, p.status) for p in phases] == [
        ("risk_analysis", "planned"), ("baseline", "planned"), ("action_plan", "planned"), ("follow_up", "planned")]
    assert not dual.phases.exists()


def test_sector_staff_edit_a_phase_with_uniform_fields_and_it_is_audited(client, covenant, nd, staff):
    client.force_login(staff)
    url = f"{base(covenant, nd)}/phases/baseline/edit/"
    form = client.get(url).content.decode()
    assert 'name="tests_count"' in form and 'name="domains"' not in form
    response = client.post(url, {"deadline": "2016-09-30", "method": "correspondence_test",
                                 "criteria": ["origin", "age"], "tests_count": "400",
                                 "key_result": "Candidates of foreign origin were invited 20% less often.",
                                 "evidence_url": "https://example.org/baseline.pdf"})
    assert response.status_code == 302
    phase = phase_of(nd, "baseline")
    assert (phase.deadline, phase.method, phase.criteria, phase.tests_count) == (
        date(2016, 9, 30), "correspondence_test", ["origin", "age"], 400)
    entry = history_for(covenant).filter(object_type="covenants.addendumphase", action="update").get()
    assert entry.user == staff and entry.after["tests_count"] == 400


@pytest.mark.parametrize(("language", "deadline_message", "tests_message"), [
    ("nl", "De deadline ligt vóór de start van het convenant (01/01/2016).", "Het aantal testen kan niet negatief zijn."),
    ("fr", "L&#x27;échéance précède le début de la convention (01/01/2016).",
     "Le nombre de tests ne peut pas être négatif."),
])
def test_bad_phase_input_gets_a_translated_message_and_nothing_is_saved(client, covenant, nd, staff, language,
                                                                        deadline_message, tests_message):
    client.force_login(staff)
    response = client.post(f"{base(covenant, nd)}/phases/baseline/edit/",
                           {"deadline": "2015-12-31", "tests_count": "-5", "method": "survey"},
                           HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert response.status_code == 200
    assert deadline_message in html and tests_message in html
    phase = phase_of(nd, "baseline")
    assert phase.deadline is None and phase.tests_count is None and phase.method == ""


def step(client, covenant, addendum, key, name, note=None):
    data = {"confirmed": "1"}
    if note is not None:
        data["note"] = note
    return client.post(f"{base(covenant, addendum)}/phases/{key}/step/{name}/", data, follow=True)


def test_a_phase_is_waived_only_with_a_reason(client, covenant, nd, staff):
    client.force_login(staff)
    response = step(client, covenant, nd, "baseline", "waive", note="  ", )
    assert "Geef de reden waarom deze fase wordt overgeslagen." in response.content.decode()
    assert phase_of(nd, "baseline").status == "planned"
    reason = "We build on our own evaluation of the mystery calls."
    step(client, covenant, nd, "baseline", "waive", note=reason)
    phase = phase_of(nd, "baseline")
    assert (phase.status, phase.status_reason) == ("waived", reason)
    entry = history_for(covenant).filter(action="transition:waive").get()
    assert entry.after == {"status": "waived"} and entry.note == reason


def test_a_measurement_is_done_only_with_method_tests_and_criteria(client, covenant, nd, staff):
    client.force_login(staff)
    html = step(client, covenant, nd, "baseline", "complete").content.decode()
    assert "Een afgeronde meting vermeldt haar methode." in html
    assert phase_of(nd, "baseline").status == "planned"
    AddendumPhase.objects.filter(addendum=nd, phase="baseline").update(
        method="survey", tests_count=250, criteria=["gender"], key_result="Men are rarely hired.")
    step(client, covenant, nd, "baseline", "complete")
    assert phase_of(nd, "baseline").status == "done"


def test_the_department_reviews_and_an_approved_phase_is_closed_to_the_sector(client, covenant, nd, staff, department):
    AddendumPhase.objects.filter(addendum=nd, phase="action_plan").update(status="done", key_result="Charter")
    client.force_login(staff)
    # the sector cannot approve its own phase
    assert step(client, covenant, nd, "action_plan", "approve").redirect_chain[-1][0].endswith("/process/")
    assert phase_of(nd, "action_plan").review_status == "open"
    client.force_login(department)
    step(client, covenant, nd, "action_plan", "approve")
    assert phase_of(nd, "action_plan").review_status == "approved"
    client.force_login(staff)
    url = f"{base(covenant, nd)}/phases/action_plan/edit/"
    response = client.post(url, {"key_result": "Changed afterwards"}, follow=True)
    assert "Het departement heeft deze fase goedgekeurd" in response.content.decode()
    assert phase_of(nd, "action_plan").key_result == "Charter"
    step(client, covenant, nd, "action_plan", "reopen")
    assert phase_of(nd, "action_plan").status == "done"
    client.force_login(department)
    step(client, covenant, nd, "action_plan", "return", note="Add the client clause.")
    phase = phase_of(nd, "action_plan")
    assert (phase.review_status, phase.review_note) == ("returned", "Add the client clause.")
    client.force_login(staff)
    assert client.post(url, {"key_result": "Charter and client clause"}).status_code == 302
    step(client, covenant, nd, "action_plan", "reopen")
    phase = phase_of(nd, "action_plan")
    assert (phase.status, phase.review_status, phase.key_result) == ("in_progress", "open",
                                                                      "Charter and client clause")


def test_evidence_is_uploaded_checked_and_downloaded_by_the_sector_only(client, covenant, nd, staff, outsider):
    client.force_login(staff)
    url = f"{base(covenant, nd)}/phases/risk_analysis/edit/"
    refused = client.post(url, {"evidence_upload": SimpleUploadedFile("x.html", b"<script>")})
    assert refused.status_code == 200
    assert "Laad een document, rekenblad, pdf, tekst- of afbeeldingsbestand op" in refused.content.decode()
    assert not phase_of(nd, "risk_analysis").evidence_file
    assert client.post(url, {"domains": ["recruitment"],
                             "evidence_upload": SimpleUploadedFile("risk.pdf", b"%PDF-1.4")}).status_code == 302
    phase = phase_of(nd, "risk_analysis")
    assert phase.evidence_name == "risk.pdf" and phase.domains == ["recruitment"]
    download = client.get(f"{base(covenant, nd)}/phases/risk_analysis/evidence/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4"
    client.force_login(outsider)
    assert client.get(f"{base(covenant, nd)}/phases/risk_analysis/evidence/").status_code == 404


def test_a_new_file_after_the_purge_starts_its_own_archive_period(client, covenant, nd, staff):
    AddendumPhase.objects.filter(addendum=nd, phase="risk_analysis").update(
        evidence_name="old.pdf", evidence_purged_on=date(2030, 1, 1))
    client.force_login(staff)
    url = f"{base(covenant, nd)}/phases/risk_analysis/edit/"
    assert client.post(url, {"evidence_upload": SimpleUploadedFile("new.pdf", b"%PDF-1.4")}).status_code == 302
    phase = phase_of(nd, "risk_analysis")
    assert (phase.evidence_name, phase.evidence_purged_on) == ("new.pdf", None) and phase.evidence_file


def test_another_sector_can_neither_see_nor_change_the_addenda(client, covenant, nd, dual, outsider):
    AddendumPhase.objects.filter(addendum=nd, phase="baseline").update(key_result="secret result")
    figure = DualLearningFigure.objects.create(addendum=dual, period_start=date(2016, 1, 1),
                                               period_end=date(2016, 12, 31), workplaces=30)
    client.force_login(outsider)
    assert client.get(f"{base(covenant, nd)}/process/").status_code == 404
    assert client.get(f"{base(covenant, dual)}/process/").status_code == 404
    assert client.post(f"{base(covenant, nd)}/phases/baseline/edit/", {"key_result": "hacked"}).status_code == 404
    assert client.post(f"{base(covenant, nd)}/phases/baseline/step/waive/",
                       {"confirmed": "1", "note": "hacked"}).status_code == 404
    assert client.post(f"{base(covenant, dual)}/counts/new/", {
        "period_start": "2016-01-01", "period_end": "2016-12-31", "workplaces": "1"}).status_code == 404
    assert client.post(f"{base(covenant, dual)}/counts/{figure.pk}/edit/", {
        "period_start": "2016-01-01", "period_end": "2016-12-31", "workplaces": "1"}).status_code == 404
    assert client.post(f"{base(covenant, dual)}/counts/{figure.pk}/delete/", {"confirmed": "1"}).status_code == 404
    assert client.get("/covenants/non-discrimination/").status_code == 403
    phase = phase_of(nd, "baseline")
    assert (phase.key_result, phase.status) == ("secret result", "planned")
    figure.refresh_from_db()
    assert figure.workplaces == 30
    assert "secret result" not in client.get("/reporting/todo/").content.decode()


def test_a_company_admin_of_the_sector_sees_no_addendum(client, covenant, nd, make_user, company_factory):
    admin = make_user(Role.COMPANY_ADMIN, organisation=company_factory(sector=covenant.sector))
    client.force_login(admin)
    assert client.get(f"{base(covenant, nd)}/process/").status_code == 404


@pytest.mark.parametrize(("language", "message"), [
    ("nl", "Aantallen kunnen niet negatief zijn."), ("fr", "Un nombre ne peut pas être négatif.")])
def test_negative_dual_learning_counts_are_refused_in_each_language(client, covenant, dual, staff, language, message):
    client.force_login(staff)
    response = client.post(f"{base(covenant, dual)}/counts/new/", {
        "period_start": "2016-01-01", "period_end": "2016-12-31", "workplaces": "-3", "mentors_trained": "4"},
        HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200 and message in response.content.decode()
    assert not DualLearningFigure.objects.exists()


def test_dual_learning_counts_feed_the_linked_sources_and_the_reports(client, covenant, dual, staff):
    from werkbaar.reporting import services

    client.force_login(staff)
    for start, end, counts in (
        ("2016-01-01", "2016-12-31", {"workplaces": "120", "quality_workplaces": "90", "company_visits": "60",
                                      "recognitions": "25", "mentors_trained": "14",
                                      "quality_note": "Mentors follow a digital mentor course."}),
        ("2017-01-01", "2017-12-31", {"workplaces": "150", "company_visits": "70", "mentors_trained": "6"}),
    ):
        assert client.post(f"{base(covenant, dual)}/counts/new/",
                           {"period_start": start, "period_end": end, **counts}).status_code == 302
    indicator = covenant.priorities.get(code="P2").indicator
    indicator.linked_source = "covenants.dual_learning.company_visits"
    assert linked_sources.value_for(indicator) == 130
    assert linked_sources.value_for(indicator, date(2016, 1, 1), date(2016, 12, 31)) == 60
    indicator.linked_source = "covenants.dual_learning.workplaces"
    assert linked_sources.value_for(indicator) == 150
    reports = {r.kind: r for r in services.ensure_reports(covenant)}
    progress = reports["progress"].content[f"duallearning-{dual.pk}"]
    quality = progress.pop("quality")
    assert progress == {"workplaces": "120", "quality_workplaces": "90", "company_visits": "60", "recognitions": "25",
                        "mentors_trained": "14"}
    assert quality.startswith("90 ") and " 120 " in quality and quality.endswith(
        "\nMentors follow a digital mentor course.")
    final = reports["final"].content[f"duallearning-{dual.pk}"]
    assert (final["workplaces"], final["company_visits"], final["mentors_trained"], final["recognitions"]) == (
        "150", "130", "20", "25")
    page = client.get(f"{base(covenant, dual)}/process/").content.decode()
    assert "130" in page and "Mentors follow" not in page  # the totals, not the notes


def test_a_waived_baseline_reaches_the_report_as_no_measurement(covenant, nd):
    from werkbaar.reporting import services

    AddendumPhase.objects.filter(addendum=nd, phase="baseline").update(
        status="waived", status_reason="Own mystery calls instead.", deadline=date(2016, 12, 31))
    AddendumPhase.objects.filter(addendum=nd, phase="risk_analysis").update(
        status="done", domains=["recruitment"], key_result="Risk at hiring.")
    report = next(r for r in services.ensure_reports(covenant) if r.kind == "progress")
    section = report.content[f"nondiscrimination-{nd.pk}"]
    assert section["baseline_method"] == "none"
    assert section["baseline_results"] == "No baseline measurement: Own mystery calls instead."
    assert section["risk_analysis"] == "done\nDomains: recruitment\nRisk at hiring."
    assert "actions" not in section  # the action plan is still planned: nothing to fill in
    result = services.prefill(report, save=False)
    notes = {n.field: n for n in result.notes if n.section.startswith("Addendum non")}
    assert notes["3. Actions"].filled is False and "hold nothing" in notes["3. Actions"].reason


def test_the_department_compares_the_sectors_and_exports_them(client, covenant, nd, department, sector_factory):
    other, _ = import_text(VALID.format(sector=sector_factory("gamma").code).replace("TEST-2016-2017", "GAMMA-2016")
                           + TWO_ADDENDA)
    other_nd = other.addenda.get(kind="non_discrimination")
    AddendumPhase.objects.filter(addendum=nd, phase="baseline").update(
        status="done", method="correspondence_test", tests_count=400, criteria=["origin", "age"],
        key_result="20% fewer invitations")
    AddendumPhase.objects.filter(addendum=other_nd, phase="baseline").update(
        status="waived", status_reason="Own mystery calls instead.")
    client.force_login(department)
    page = client.get("/covenants/non-discrimination/").content.decode()
    assert "Sector alpha" in page and "Sector gamma" in page and "400 testen" in page
    assert "Own mystery calls instead." in page
    waived = client.get("/covenants/non-discrimination/?status=waived").content.decode().split("<table")[1]
    assert "Sector gamma" in waived and "Sector alpha" not in waived
    response = client.get("/covenants/non-discrimination/?export=xlsx&phase=baseline")
    rows = list(load_workbook(__import__("io").BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("Sector", "Convenant", "Fase", "Deadline", "Status")
    assert len(rows) == 3
    by_sector = {r[0]: r for r in rows[1:]}
    assert by_sector["Sector alpha"][6:9] == ("correspondentietest", 400, "herkomst, leeftijd")
    assert by_sector["Sector gamma"][4:6] == ("overgeslagen met reden", "Own mystery calls instead.")
    # bad filter values are ignored, not a 500
    assert client.get("/covenants/non-discrimination/?status=bogus&generation=%00").status_code in (200, 400)


def _baseline_due_and_risk_analysis_done(nd):
    AddendumPhase.objects.filter(addendum=nd, phase="baseline").update(deadline=date(2016, 10, 31))
    AddendumPhase.objects.filter(addendum=nd, phase="risk_analysis").update(status="done", key_result="x",
                                                                             domains=["training"])


def test_phase_deadlines_are_on_the_to_do_lists(client, covenant, nd, staff, department, outsider):
    _baseline_due_and_risk_analysis_done(nd)
    client.force_login(staff)
    page = client.get("/reporting/todo/").content.decode()
    assert "De fase uitvoeren: TEST-2016-2017 – Non-discriminatie: Nulmeting" in page
    assert "31/10/2016" in page and "Risicoanalyse" not in page.split("De fase uitvoeren")[1][:60]
    client.force_login(department)
    page = client.get("/reporting/todo/").content.decode()
    assert "De fase nakijken: TEST-2016-2017 – Non-discriminatie: Risicoanalyse" in page
    client.force_login(outsider)
    assert "TEST-2016-2017" not in client.get("/reporting/todo/").content.decode()


def test_the_demo_shows_vorm_dc_without_a_baseline_measurement(db):
    import io

    from werkbaar.core import demo as core_demo
    from werkbaar.covenants import demo

    core_demo.load(io.StringIO())
    demo.load(io.StringIO())
    demo.load(io.StringIO())  # safe to run twice
    addendum = demo.Covenant.objects.get(code="VORMDC-2021-2022").addenda.get(kind="non_discrimination")
    phases = {p.phase: p for p in addendum.phases.all()}
    assert len(phases) == 4
    baseline = phases["baseline"]
    assert baseline.status == "waived" and baseline.method == "" and baseline.tests_count is None
    assert "geen nulmeting" in baseline.status_reason and "mysterycalls" in baseline.status_reason
    assert phases["risk_analysis"].status == "done" and phases["follow_up"].status == "planned"
    assert not any("Nulmeting met" in c["description"] for c in addendum.commitment_items)
    assert not addendum.covenant.addenda.filter(kind="dual_learning").exists()  # Vorm DC asked for none


def test_re_importing_the_covenant_file_keeps_the_phases_and_counts(covenant, nd, dual):
    AddendumPhase.objects.filter(addendum=nd, phase="baseline").update(status="waived", status_reason="own calls")
    DualLearningFigure.objects.create(addendum=dual, period_start=date(2016, 1, 1), period_end=date(2016, 12, 31),
                                      workplaces=30)
    changed = TWO_ADDENDA.replace("budget_eur: 85000", "budget_eur: 90000")
    import_text(VALID.format(sector=covenant.sector.code) + changed)
    nd.refresh_from_db()
    assert nd.budget_eur == 90000
    assert phase_of(nd, "baseline").status_reason == "own calls"
    assert dual.dual_figures.get().workplaces == 30
    # an addendum that left the file goes, with what hangs on it
    import_text(VALID.format(sector=covenant.sector.code) + changed.split("  - {kind: dual")[0])
    assert not DualLearningFigure.objects.exists() and covenant.addenda.count() == 1


def test_the_home_pages_list_the_phases_due_and_to_review(client, covenant, nd, staff, department, outsider):
    _baseline_due_and_risk_analysis_done(nd)
    client.force_login(staff)
    page = client.get("/").content.decode()
    due = page.split("Addendafasen uit te voeren")[1].split("</section>")[0]
    assert "TEST-2016-2017 – Non-discriminatie: Nulmeting" in due
    assert "Risicoanalyse" not in due  # done: no longer the sector's work
    assert f"/covenants/{covenant.pk}/addenda/{nd.pk}/process/#phase-baseline" in due
    client.force_login(department)
    page = client.get("/").content.decode()
    review = page.split("Addendafasen na te kijken")[1].split("</section>")[0]
    assert "TEST-2016-2017 – Non-discriminatie: Risicoanalyse" in review and "Nulmeting" not in review
    client.force_login(outsider)
    page = client.get("/").content.decode()
    assert "TEST-2016-2017" not in page
    assert "Er staat geen addendumfase open." in page
