"""From the evaluation to the termination step (issue 14): the report page of an evaluated final report
offers the department to record a serious shortfall found in that evaluation; the shortfall keeps the link
to the evaluation and leads to the termination step."""

from datetime import date
from decimal import Decimal

import pytest

from werkbaar.core.roles import Role
from werkbaar.covenants.termination import ShortfallFinding
from werkbaar.reporting import services
from werkbaar.reporting.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated(covenant_factory, make_user, complete):
    covenant = covenant_factory(priorities=2)
    department, consultant = make_user(Role.ACCOUNT_MANAGER), make_user(Role.CONSULTANT, sector=covenant.sector)
    report = {r.kind: r for r in services.ensure_reports(covenant)}["final"]
    report.content = complete(report)
    report.save()
    for step, user in (("submit", consultant), ("start_review", department), ("approve", department)):
        services.apply_transition(report, step, user)
    report = Report.objects.get(pk=report.pk)
    services.evaluate(report, department, [{"priority": p, "met": False, "value": Decimal("1"),
                                            "justification": "Niets bereikt"} for p in covenant.priorities.all()])
    return {"covenant": covenant, "report": report, "department": department, "consultant": consultant}


def test_the_evaluation_links_to_the_shortfall_which_links_to_the_termination(client, evaluated):
    covenant, report = evaluated["covenant"], evaluated["report"]
    client.force_login(evaluated["department"])
    page = client.get(f"/reporting/{report.pk}/").content.decode()
    link = f"/covenants/{covenant.pk}/shortfall/new/?evaluation={report.evaluation.pk}"
    assert link in page
    assert client.post(link, {"found_on": "2023-02-15", "description": "Geen enkele prioriteit gehaald"}).status_code == 302
    finding = ShortfallFinding.objects.get()
    assert finding.evaluation == report.evaluation and finding.found_on == date(2023, 2, 15)
    overview = client.get(f"/covenants/{covenant.pk}/").content.decode()
    assert f"/reporting/{report.pk}/" in overview and f"step/terminate/?shortfall={finding.pk}" in overview


def test_the_sector_gets_no_link_and_an_evaluation_of_another_covenant_is_refused(client, evaluated,
                                                                               covenant_factory):
    covenant, report = evaluated["covenant"], evaluated["report"]
    client.force_login(evaluated["consultant"])
    assert "/shortfall/new/" not in client.get(f"/reporting/{report.pk}/").content.decode()
    client.force_login(evaluated["department"])
    other = covenant_factory()
    response = client.post(f"/covenants/{other.pk}/shortfall/new/?evaluation={report.evaluation.pk}",
                           {"found_on": "2023-02-15", "description": "x"})
    assert response.status_code == 404
    assert client.get(f"/covenants/{covenant.pk}/shortfall/new/?evaluation=abc").status_code == 404
    assert not ShortfallFinding.objects.exists()
