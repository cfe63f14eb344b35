"""The covenant's reports page (activity feed, create missing reports), the to-do lists, the list filters."""

from datetime import date

import pytest

from werkbaar.core.roles import Role
from werkbaar.reporting import services
from werkbaar.reporting.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(covenant_factory, make_user):
    covenant = covenant_factory()
    return {"covenant": covenant, "consultant": make_user(Role.CONSULTANT, sector=covenant.sector),
            "department": make_user(Role.ACCOUNT_MANAGER)}


def test_sector_creates_the_missing_reports_and_sees_the_activity(s, client):
    client.force_login(s["consultant"])
    url = f"/reporting/covenant/{s['covenant'].code}/"
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # twice: still two reports
    assert sorted(Report.objects.values_list("kind", "due_date")) == [
        ("final", date(2023, 1, 31)), ("progress", date(2022, 1, 31))]
    page = client.get(url).content.decode()
    activity = page.split('id="activity"')[1]
    assert activity.count("<tr>") == 1 + 2 * 2  # a header; per report its creation and its pre-filled content
    assert "/due-date/" not in page
    client.force_login(s["department"])
    assert client.get(url).content.decode().count("/due-date/") == 2


def test_to_do_lists_per_role(s, client, complete):
    reports = {r.kind: r for r in services.ensure_reports(s["covenant"])}
    progress = reports["progress"]
    progress.content = complete(progress)
    progress.save()
    services.apply_transition(progress, "submit", s["consultant"])
    services.request_extension(reports["final"], s["consultant"], date(2023, 3, 1), "reason")
    client.force_login(s["consultant"])
    todo = client.get("/reporting/todo/").content.decode()
    assert f"/reporting/{reports['final'].pk}/" in todo and f"/reporting/{progress.pk}/\"" not in todo
    client.force_login(s["department"])
    todo = client.get("/reporting/todo/").content.decode()
    assert f"/reporting/{progress.pk}/" in todo  # to review
    assert f"/reporting/{reports['final'].pk}/#extensions" in todo  # extension to decide


def test_report_list_filters_and_sorting(s, client):
    services.ensure_reports(s["covenant"])
    client.force_login(s["consultant"])
    final = Report.objects.get(kind="final")
    progress = Report.objects.get(kind="progress")
    page = client.get("/reporting/?kind=final&status=draft&sort=-due&q=" + s["covenant"].code).content.decode()
    assert f'href="/reporting/{final.pk}/"' in page and f'href="/reporting/{progress.pk}/"' not in page
    page = client.get("/reporting/?q=nothing-like-this").content.decode()
    assert f'href="/reporting/{final.pk}/"' not in page
    assert client.get("/reporting/?status=bogus&sort=bogus&page=99").status_code == 200


def test_reports_of_a_term_not_starting_on_1_january(covenant_factory):
    covenant = covenant_factory(start=date(2021, 7, 1), end=date(2023, 6, 30))
    reports = {r.kind: r for r in services.ensure_reports(covenant)}
    assert reports["progress"].due_date == date(2022, 1, 31)
    assert reports["final"].due_date == date(2024, 1, 31)
    assert services.period_for(reports["progress"]) == (date(2021, 7, 1), date(2021, 12, 31))
    assert services.period_for(reports["final"]) == (date(2021, 7, 1), date(2023, 6, 30))


def test_a_template_in_use_is_read_only_in_the_admin(s, admin_client):
    services.ensure_reports(s["covenant"])
    template = Report.objects.first().template
    page = admin_client.get(f"/admin/reporting/reporttemplate/{template.pk}/change/").content.decode()
    assert 'name="spec"' not in page
