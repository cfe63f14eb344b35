"""One small learning network through the whole flow in a real browser (phone-sized)."""

import re

import pytest
from playwright.sync_api import expect

from werkbaar.core.roles import Role
from werkbaar.networks.models import Commitment, Idea, Intake, MenuProposal, Network, PolicyRecommendation, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_network_whole_flow(browser_page, live_server, login, make_user, sector_factory, company_factory, axe):
    vormdc, vivo = sector_factory("vormdc"), sector_factory("vivo")
    poetsplus = company_factory(sector=vormdc, name="Poetsplus Dienstencheques bv")
    zorgpunt = company_factory(sector=vivo, name="Zorgpunt Oost vzw")
    staff = make_user(Role.SECTOR_STAFF, sector=vormdc, first_name="Veerle")
    company = make_user(Role.COMPANY_ADMIN, organisation=poetsplus, first_name="Paula")
    page, url = browser_page, live_server.url

    def sign_in(user):
        page.context.clear_cookies()
        login(page, user)

    def submit():
        page.click("main form.form button[type=submit]")
        page.wait_for_load_state()

    # 1. creation by the sector fund, with a partner sector
    sign_in(staff)
    page.goto(f"{url}/networks/new/")
    page.fill("#id_title", "Huishoudhulpen mini")
    page.fill("#id_theme", "Fysieke belasting")
    page.select_option("#id_sector", str(vormdc.pk))
    page.check(f"input[name=partner_sectors][value='{vivo.pk}']")
    page.check(f"input[name=facilitators][value='{staff.pk}']")
    page.fill("#id_start", "2026-01-01")
    page.fill("#id_end", "2026-06-30")
    submit()
    network = Network.objects.get(title="Huishoudhulpen mini")
    assert page.url.endswith(f"/networks/{network.pk}/")

    # 2. two participants with a backup colleague each
    for org, a, b, user in ((poetsplus, "Paula", "Pieter", company), (zorgpunt, "Zoë", "Omar", None)):
        page.goto(f"{url}/networks/{network.pk}/participants/add/")
        page.select_option("#id_organisation", str(org.pk))
        page.fill("#id_attendee_name", a)
        page.fill("#id_attendee_email", f"{a.lower()}@example.org".replace("ë", "e"))
        if user:
            page.select_option("#id_attendee_user", str(user.pk))
        page.fill("#id_backup_name", b)
        page.fill("#id_backup_email", f"{b.lower()}@example.org")
        submit()
    assert network.participants.count() == 2

    # 3. intake by the participant
    sign_in(company)
    page.goto(f"{url}/networks/{network.pk}/intake/")
    page.fill("#id_expectations", "Ideeën tegen rugklachten")
    page.check("input[name=experience_level][value=some]")
    submit()
    assert Intake.objects.filter(participant__organisation=poetsplus).exists()

    # 4. two sessions with attendance; three ideas on the matrix
    sign_in(staff)
    page.goto(f"{url}/networks/{network.pk}/intake/")
    assert "Ideeën tegen rugklachten" in page.inner_text("main")
    for day, method in (("2026-02-02", "six-hats"), ("2026-03-02", "worst-case")):
        page.goto(f"{url}/networks/{network.pk}/sessions/add/")
        page.fill("#id_title", f"Sessie {day}")
        page.fill("#id_starts_at", f"{day}T09:30")
        page.fill("#id_ends_at", f"{day}T12:00")
        page.fill("#id_place", "Brussel")
        page.select_option("#id_method", method)
        submit()
        page.click("a[href$='/attendance/']")
        participants = list(network.participants.order_by("organisation__name"))
        page.select_option(f"#id_p{participants[0].pk}", "attendee")
        page.select_option(f"#id_p{participants[1].pk}", "absent")
        submit()
    assert network.sessions.filter(status=Session.Status.HELD).count() == 2
    page.goto(f"{url}/networks/{network.pk}/")
    assert page.locator(".alert").count() == 1  # Zorgpunt missed both sessions
    assert "Zorgpunt Oost vzw" in page.inner_text(".alert")
    assert axe(page) == []

    page.goto(f"{url}/networks/{network.pk}/board/")
    ideas = [("Materiaallijst voor klanten", "physical", "short", "sector"),
             ("Buddywerking voor nieuwe huishoudhulpen", "support", "short", "sector"),
             ("Meer middelen voor coaches", "support", "long", "policy")]
    for text, theme, term, scope in ideas:
        if page.locator("details.card").get_attribute("open") is None:
            page.click("details.card summary")
        page.fill("#id_text", text)
        page.select_option("#id_theme", theme)
        page.select_option("#id_term", term)
        page.select_option("#id_scope", scope)
        page.click("form[action$='/board/add/'] button[type=submit]")
        page.wait_for_selector(f"#board >> text={text}")
        assert page.input_value("#id_text") == ""  # emptied after success (site.js, no hx-on under the CSP)
    assert network.ideas.count() == 3
    assert axe(page) == []

    # 5. the participant votes (htmx, no reload) and commits
    sign_in(company)
    page.goto(f"{url}/networks/{network.pk}/board/")
    first, second, third = (Idea.objects.get(text=t[0]) for t in ideas)
    for idea in (first, second, third):
        page.click(f"#idea-{idea.pk} form[action$='/support/vote/'] button")
        page.wait_for_selector(f"#idea-{idea.pk} button[aria-pressed=true]")
    page.click(f"#idea-{first.pk} form[action$='/support/commit/'] button")
    # a locator, not wait_for_function: a predicate string is eval'ed in the page, which the CSP refuses
    expect(page.locator(f"#idea-{first.pk} button[aria-pressed=true]")).to_have_count(2)
    assert first.supports.count() == 2

    # 6. closing evaluation with consent to quote
    page.goto(f"{url}/networks/{network.pk}/evaluation/")
    page.fill("#id_main_lesson", "Samen vind je meer oplossingen")
    page.check("#id_consent_to_quote")
    submit()

    # 7. the facilitator turns the ideas into a commitment, a menu proposal and a policy recommendation
    sign_in(staff)
    page.goto(f"{url}/networks/ideas/{first.pk}/outcome/commitment/")
    page.fill("#id_follow_up_1", "2026-09-01")
    submit()
    page.goto(f"{url}/networks/{network.pk}/board/")
    page.click(f"#idea-{second.pk} a[href$='/outcome/menu/']")
    submit()
    page.click(f"#idea-{third.pk} a[href$='/outcome/policy/']")
    page.fill("#id_addressed_to", "Vlaamse Regering")
    submit()
    assert list(Commitment.objects.get(idea=first).participants.values_list("organisation__name", flat=True)) == [
        "Poetsplus Dienstencheques bv"]
    assert MenuProposal.objects.filter(idea=second).exists()
    assert PolicyRecommendation.objects.filter(idea=third, addressed_to="Vlaamse Regering").exists()

    # 8. the report
    page.goto(f"{url}/networks/{network.pk}/report/")
    assert "Samen vind je meer oplossingen" in page.inner_text("main")
    href = page.get_attribute("a[href$='report.pdf']", "href")
    response = page.request.get(f"{url}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    assert re.search(r"\.pdf", response.headers["content-disposition"])
