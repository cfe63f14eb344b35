"""A sector sees only its own reports; only the department reviews, evaluates and sees the portfolio."""

import pytest

from werkbaar.core.roles import Role
from werkbaar.reporting import services
from werkbaar.reporting.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(covenant_factory, make_user, sector_factory):
    a, b = sector_factory("alpha"), sector_factory("beta")
    ca, cb = covenant_factory(sector=a, code="ALPHA-2021"), covenant_factory(sector=b, code="BETA-2021")
    ra = {r.kind: r for r in services.ensure_reports(ca)}
    rb = {r.kind: r for r in services.ensure_reports(cb)}
    return {"a": a, "b": b, "ra": ra, "rb": rb, "user_a": make_user(Role.CONSULTANT, sector=a),
            "staff_a": make_user(Role.SECTOR_STAFF, sector=a), "department": make_user(Role.ACCOUNT_MANAGER),
            "company": make_user(Role.COMPANY_ADMIN, organisation=None)}


def test_sector_sees_only_its_own_reports(two, client):
    client.force_login(two["user_a"])
    page = client.get("/reporting/").content.decode()
    assert "ALPHA-2021" in page and "BETA-2021" not in page
    assert client.get(f"/reporting/{two['ra']['final'].pk}/").status_code == 200
    other = two["rb"]["final"].pk
    for url in [f"/reporting/{other}/", f"/reporting/{other}/edit/", f"/reporting/{other}/diff/",
                f"/reporting/{other}/versions/1/", "/reporting/covenant/BETA-2021/",
                f"/reporting/{other}/letter/", f"/reporting/{other}/step/submit/"]:
        assert client.get(url).status_code == 404, url
    api = client.get("/api/v1/reporting/reports").json()
    assert {r["covenant"] for r in api} == {"ALPHA-2021"}
    assert client.get(f"/api/v1/reporting/reports/{other}").status_code == 404
    assert client.get("/api/v1/reporting/settlements/BETA-2021").status_code == 404
    assert client.get("/api/v1/reporting/settlements/ALPHA-2021").status_code == 200


def test_sector_cannot_change_another_sectors_report_through_the_api(two, client):
    client.force_login(two["user_a"])
    response = client.put(f"/api/v1/reporting/reports/{two['rb']['progress'].pk}/content",
                          data='{"content": {}}', content_type="application/json")
    assert response.status_code == 404


def test_company_users_see_no_reports(two, client):
    client.force_login(two["company"])
    assert client.get("/api/v1/reporting/reports").json() == []
    assert client.get(f"/reporting/{two['ra']['final'].pk}/").status_code == 404


def test_only_the_department_evaluates(two, client, complete):
    report = two["ra"]["final"]
    report.content = complete(report)
    report.save()
    services.apply_transition(report, "submit", two["user_a"])
    services.apply_transition(report, "start_review", two["department"])
    services.apply_transition(report, "approve", two["department"])
    report = Report.objects.get(pk=report.pk)
    for user in (two["user_a"], two["staff_a"]):
        client.force_login(user)
        assert client.get(f"/reporting/{report.pk}/evaluate/").status_code == 403
        assert not services.can_evaluate(report, user)
        with pytest.raises(services.EvaluationError):
            services.evaluate(report, user, [])
    client.force_login(two["department"])
    assert client.get(f"/reporting/{report.pk}/evaluate/").status_code == 200


def test_only_the_department_sees_the_portfolio_and_exports(two, client):
    client.force_login(two["user_a"])
    for url in ["/reporting/portfolio/", "/reporting/portfolio/reach/", "/reporting/export/portfolio.csv",
                "/reporting/export/indicator-values.xlsx", f"/reporting/{two['ra']['final'].pk}/due-date/"]:
        assert client.get(url).status_code == 403, url
    client.force_login(two["department"])
    assert client.get("/reporting/portfolio/").status_code == 200


def test_department_sees_every_report_but_cannot_edit_or_submit(two, client):
    client.force_login(two["department"])
    assert len(client.get("/api/v1/reporting/reports").json()) == 4
    assert client.get(f"/reporting/{two['rb']['final'].pk}/edit/").status_code == 403
    assert client.post(f"/reporting/{two['rb']['final'].pk}/step/submit/", {"confirmed": "1"}).status_code == 403


def test_extension_decisions_are_for_the_department(two, client):
    ext = services.request_extension(two["ra"]["final"], two["user_a"], two["ra"]["final"].due_date.replace(day=28),
                                     "reason")
    client.force_login(two["user_a"])
    assert client.post(f"/reporting/extension/{ext.pk}/grant/", {}).status_code == 403
    ext.refresh_from_db()
    assert ext.status == "pending"


def test_anonymous_is_sent_to_login(client):
    assert client.get("/reporting/").status_code == 302
    assert client.get("/api/v1/reporting/reports").status_code == 401
