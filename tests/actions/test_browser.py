"""End to end: the demo company goes from a closed campaign, through suggestions, to a plan approved
in social dialogue, to a follow-up campaign and the evaluation."""

import datetime

import pytest
from django.utils import timezone

from werkbaar.actions.models import ActionPlan, PlanStatus
from werkbaar.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_closed_campaign_to_evaluation(browser_page, live_server, login, make_user, company_factory,
                                            sector_factory, closed_campaign_factory, menu, axe, tmp_path):
    company = company_factory(sector=sector_factory("vormdc"), name="Poetsplus Dienstencheques bv", employees=180)
    campaign = closed_campaign_factory(company, name="Werkbaarheidsscan najaar",
                                       worse={"physical_conditions": 0.75, "dc_physical": 0.75})
    admin = make_user(Role.COMPANY_ADMIN, organisation=company, first_name="Fatima")
    page = browser_page
    page.goto(f"{live_server.url}/actions/?q=ergonomie&theme=physical")
    assert page.locator(".card-list .card").count() >= 3
    assert axe(page) == []
    login(page, admin)

    # from the closed campaign to a new plan
    page.goto(f"{live_server.url}/actions/plans/")
    page.click("text=Nieuw actieplan")
    page.select_option("#id_campaign", str(campaign.pk))
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    plan = ActionPlan.objects.get(organisation=company)
    assert page.locator("h1").inner_text() == plan.title

    # suggestions explain themselves and feed the plan
    page.click("nav.tabs >> text=Suggesties")
    first = page.locator("li.suggestion").first
    assert "meldt een probleem met" in first.inner_text()
    assert axe(page) == []
    first.locator("button").click()
    page.wait_for_load_state()
    assert "%" in page.input_value("#id_finding")
    page.select_option("#id_owner", str(admin.pk))
    page.fill("#id_deadline", (timezone.localdate() + datetime.timedelta(days=60)).isoformat())
    page.fill("#id_budget", "2500")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert plan.items.count() == 1

    # social dialogue: meeting with minutes, discussed, approved
    minutes = tmp_path / "verslag-or.pdf"
    minutes.write_bytes(b"%PDF-1.4 verslag")
    page.click("text=Vergadering noteren")
    page.fill("#id_held_on", timezone.localdate().isoformat())
    page.select_option("#id_body", "works_council")
    page.select_option("#id_decision", "approved")
    page.set_input_files("#id_minutes", str(minutes))
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.click("text=Markeren als besproken in het sociaal overleg")
    page.wait_for_load_state()
    page.click("button:has-text('Goedgekeurd in het sociaal overleg')")
    page.wait_for_load_state()
    assert page.locator("#plan-status").inner_text() == "Goedgekeurd in het sociaal overleg"
    assert axe(page) == []
    page.click("button:has-text('Het plan starten')")
    page.wait_for_load_state()

    # a follow-up campaign closes; link it and evaluate
    follow_up = closed_campaign_factory(company, name="Werkbaarheidsscan opvolging", days_ago=1, seed=9,
                                        worse={"physical_conditions": 0.2, "dc_physical": 0.2})
    page.click("text=Plan bewerken")
    page.select_option("#id_follow_up_campaign", str(follow_up.pk))
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.click("button:has-text('Evalueren met de opvolgmeting')")
    page.wait_for_load_state()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.EVALUATED
    page.click("nav.tabs >> text=Evaluatie")
    table = page.locator("table.evaluation").first
    assert "Duidelijk beter" in table.inner_text()
    assert axe(page) == []
