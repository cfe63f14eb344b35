"""Counts of the field work: linked sources for covenant indicators, the sector overview, exports and API;
notes stay within the sector (the department sees counts only)."""

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from werkbaar.covenants import linked_sources

pytestmark = pytest.mark.django_db
NOTE = "Geheime notitie van de consulent"


def _indicator(covenant, key):
    indicator = covenant.priorities.first().indicator
    indicator.linked_source = key
    indicator.save()
    return indicator


def test_linked_sources_count_companies_once_and_only_within_the_term(field, contact_factory, company_factory):
    cov = field["cov_b"]  # 2021-2022
    other, second = field["other"], company_factory(sector=field["b"])
    by = field["consultant_b"]
    contact_factory(organisation=other, on=date(2021, 3, 1), by=by)
    contact_factory(organisation=other, on=date(2022, 3, 1), by=by)          # same company, other year
    contact_factory(organisation=other, on=date(2022, 4, 1), kind="phone", by=by)
    contact_factory(organisation=second, on=date(2020, 12, 31), by=by)       # before the term
    contact_factory(organisation=second, on=date(2023, 1, 1), by=by)         # after the term
    reached = _indicator(cov, "fieldwork.companies_reached")
    assert linked_sources.value_for(reached) == 1
    assert linked_sources.value_for(reached, date(2021, 1, 1), date(2021, 12, 31)) == 1
    assert linked_sources.value_for(reached, date(2022, 1, 1), date(2022, 12, 31)) == 1
    # a report period wider than the term still counts the term only
    assert linked_sources.value_for(reached, date(2020, 1, 1), date(2023, 12, 31)) == 1
    assert linked_sources.value_for(reached, date(2023, 1, 1), date(2023, 12, 31)) == 0
    visits = _indicator(cov, "fieldwork.visits")
    assert linked_sources.value_for(visits) == 2
    visited = _indicator(cov, "fieldwork.companies_visited")
    assert linked_sources.value_for(visited, date(2020, 1, 1), date(2023, 12, 31)) == 1


def test_the_progress_report_is_prefilled_from_the_field_work(field, contact_factory):
    from werkbaar.reporting import services as reporting_services

    cov, by = field["cov_b"], field["consultant_b"]  # term 2021-2022; progress report: 2021
    contact_factory(organisation=field["other"], on=date(2021, 5, 1), by=by)
    contact_factory(organisation=field["other"], on=date(2021, 6, 1), by=by)
    contact_factory(organisation=field["other"], on=date(2022, 6, 1), by=by)
    indicator = _indicator(cov, "fieldwork.companies_reached")
    reports = {r.kind: r for r in reporting_services.ensure_reports(cov)}
    assert reports["progress"].content[f"indicator-{indicator.pk}"]["measured_value"] == "1"
    assert reports["progress"].content[f"indicator-{indicator.pk}"]["measured_value_source"] == \
        "fieldwork.companies_reached"


def test_the_department_sees_counts_but_never_notes(client, field, contact_factory):
    contact_factory(organisation=field["acme"])
    contact_factory(organisation=field["acme"], kind="phone")
    contact_factory(organisation=field["zeta"])
    client.force_login(field["department"])
    page = client.get("/fieldwork/sector/", {"sector": "secta"})
    body = page.content.decode()
    assert page.status_code == 200
    assert NOTE not in body and "Acme" not in body
    assert page.context["total"].companies == 2 and page.context["total"].visits == 2
    assert page.context["page_obj"] is None
    for fmt in ("csv", "xlsx"):
        response = client.get("/fieldwork/sector/", {"sector": "secta", "export": fmt})
        content = response.content
        if fmt == "xlsx":
            ws = load_workbook(io.BytesIO(content)).active
            content = "\n".join(str(c.value) for row in ws.iter_rows() for c in row).encode()
        text = content.decode("utf-8-sig")
        assert NOTE not in text and "Acme" not in text, fmt
        assert "322.01" in text
    assert client.get("/api/v1/fieldwork/contacts", {"sector": "secta"}).status_code == 404
    counts = client.get("/api/v1/fieldwork/counts", {"sector": "secta"})
    assert counts.status_code == 200 and NOTE not in counts.content.decode()
    assert counts.json()["total"] == {"joint_committee": "", "contacts": 3, "visits": 2, "companies": 2}


def test_the_sector_reads_its_notes_in_the_overview_export_and_api(client, field, contact_factory):
    contact_factory(organisation=field["acme"])
    client.force_login(field["staff"])
    assert NOTE in client.get("/fieldwork/sector/").content.decode()
    xlsx = client.get("/fieldwork/sector/", {"export": "xlsx"}).content
    assert NOTE in [c.value for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows() for c in row]
    assert NOTE in client.get("/fieldwork/sector/", {"export": "csv"}).content.decode("utf-8-sig")
    assert client.get("/api/v1/fieldwork/contacts", {"sector": "secta"}).json()[0]["note"] == NOTE


def test_another_sector_sees_neither_counts_nor_notes(client, field, contact_factory):
    contact_factory(organisation=field["acme"])
    client.force_login(field["consultant_b"])
    assert client.get("/fieldwork/sector/", {"sector": "secta"}).status_code == 404
    assert client.get("/api/v1/fieldwork/contacts", {"sector": "secta"}).status_code == 404
    assert client.get("/api/v1/fieldwork/counts", {"sector": "secta"}).status_code == 404
    page = client.get("/fieldwork/sector/")  # their own sector
    assert page.status_code == 200 and NOTE not in page.content.decode()


def test_overview_filters_sort_and_pages(client, field, contact_factory):
    for n in range(30):
        contact_factory(organisation=field["zeta"], on=field["today"] - timedelta(days=n), kind="phone")
    contact_factory(organisation=field["acme"], themes=["physical"])
    client.force_login(field["staff"])
    page = client.get("/fieldwork/sector/", {"kind": "visit"}).context
    assert page["total"].contacts == 1 and page["total"].companies == 1
    page = client.get("/fieldwork/sector/", {"theme": "physical"}).context
    assert [c.organisation for c in page["page_obj"]] == [field["acme"]]
    page = client.get("/fieldwork/sector/", {"joint_committee": field["jc"].pk}).context
    assert page["total"].contacts == 1
    page = client.get("/fieldwork/sector/", {"sort": "-date", "page": "2"}).context
    assert page["page_obj"].number == 2 and len(page["page_obj"].object_list) == 6
    assert page["page_obj"].object_list[5].on == field["today"]
    response = client.get("/fieldwork/sector/", {"date_from": "31-02-2020", "sort": "bogus", "page": "x"})
    assert response.status_code == 200 and response.context["total"].contacts == 31


def test_follow_ups_due_appear_in_the_to_do_list_until_done(client, field, contact_factory):
    today = field["today"]
    due = contact_factory(organisation=field["acme"], follow_up_on=today)
    contact_factory(organisation=field["zeta"], follow_up_on=today + timedelta(days=3))  # not yet due
    client.force_login(field["consultant"])
    todo = client.get("/reporting/todo/")
    assert list(todo.context["follow_ups"]) == [due]
    assert "Acme Schoonmaak" in todo.content.decode() and "Zeta" not in todo.content.decode()
    response = client.post(f"/fieldwork/{due.pk}/done/", {"next": "/reporting/todo/"})
    assert response["Location"] == "/reporting/todo/"
    assert list(client.get("/reporting/todo/").context["follow_ups"]) == []
    client.force_login(field["staff"])  # follow-ups are the consultant's own
    assert list(client.get("/reporting/todo/").context["follow_ups"]) == []
