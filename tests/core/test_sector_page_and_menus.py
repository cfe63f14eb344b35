"""The header's menus per role and the one sector page with tabs (issue 16): the sector view of the
scans and the roll-up of the action plans are tabs of /sector/<code>/, and their old addresses redirect."""

import pytest

from werkbaar.core.roles import Role

pytestmark = pytest.mark.django_db


def _groups(client, user) -> dict[str, list[str]]:
    client.force_login(user)
    response = client.get("/")
    return {str(g["label"]): [str(i["label"]) for i in g["items"]] for g in response.context["nav_groups"]}


def test_each_role_gets_a_few_menus_and_one_sector_overview(make_user, sector_factory, company_factory, client):
    with_language = {"HTTP_ACCEPT_LANGUAGE": "en"}
    client.defaults.update(with_language)
    department = _groups(client, make_user(Role.ACCOUNT_MANAGER))
    assert list(department) == ["Home", "Covenants and reports", "Workability", "Learning networks", "Knowledge",
                                "Account"]
    assert department["Knowledge"] == ["Knowledge platform", "Knowledge editor", "WerkWijzer: re-integration",
                                       "WerkWijzer in a group"]
    assert department["Covenants and reports"] == ["Covenants", "Non-discrimination addenda", "Portfolio",
                                                   "Signals", "Field work by sector",
                                                   "Cross-sector views", "Social partners"]
    assert department["Workability"] == ["Scans", "Sector overview", "Inspiration menu", "Action plans",
                                        "Workability fund"]
    assert "Sector view" not in str(department) and "Sector roll-up" not in str(department)
    company = _groups(client, make_user(Role.COMPANY_ADMIN, organisation=company_factory()))
    assert company.get("Knowledge") == ["Knowledge platform", "WerkWijzer: re-integration", "WerkWijzer in a group"]
    assert list(company) == ["Home", "Workability", "Learning networks", "Knowledge", "Account"]
    assert company["Workability"] == ["Scans", "Reports", "Inspiration menu", "Action plans", "Workability fund"]
    consultant = _groups(client, make_user(Role.CONSULTANT, sector=sector_factory()))
    assert consultant["Covenants and reports"] == ["Covenants", "Reports", "Field work"]
    assert "Sector overview" in consultant["Workability"]


def test_the_menus_are_disclosure_buttons_and_the_current_page_is_marked(make_user, company_factory, client):
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=company_factory()))
    html = client.get("/actions/plans/").content.decode()
    assert '<button type="button" class="nav-group-toggle" aria-expanded="true" aria-controls="nav-group-workability">' in html
    assert '<ul class="nav-sub" id="nav-group-workability">' in html
    assert '<li class="nav-group nav-group-current">' in html
    assert '<a href="/actions/plans/" aria-current="page">' in html


def test_the_old_addresses_redirect_to_the_sector_page_with_their_query(client, make_user, sector_factory):
    sector = sector_factory("vivo")
    client.force_login(make_user(Role.SECTOR_STAFF, sector=sector))
    assert client.get("/knowledge/sectors/").url == "/sector/"
    assert client.get("/knowledge/sectors/vivo/?period=2025").url == "/sector/vivo/workability/?period=2025"
    assert client.get("/insights/sectors/").url == "/sector/"
    assert client.get("/insights/sectors/vivo/?period=2025").url == "/sector/vivo/workability/?period=2025"
    assert client.get("/actions/sector/").url == "/sector/"
    assert client.get("/actions/sector/vivo/").url == "/sector/vivo/actions/"
    assert client.get("/sector/").url == "/sector/vivo/"  # one sector: straight to its page


def test_sector_staff_get_both_tabs_consultants_the_actions_tab_and_other_sectors_nothing(
        client, make_user, sector_factory):
    sector, other = sector_factory("vivo", "VIVO"), sector_factory("bouw", "Bouw")
    client.force_login(make_user(Role.SECTOR_STAFF, sector=sector))
    page = client.get("/sector/vivo/").content.decode()
    assert 'class="sector-tabs"' in page
    assert '<a href="/sector/vivo/workability/" aria-current="page">' in page
    assert '<a href="/sector/vivo/actions/">' in page
    actions = client.get("/sector/vivo/actions/").content.decode()
    assert '<a href="/sector/vivo/actions/" aria-current="page">' in actions
    assert client.get("/sector/bouw/workability/").status_code == 403
    assert client.get("/sector/bouw/actions/").status_code == 404
    assert client.get("/sector/bouw/").status_code == 404
    assert client.get("/sector/vivo/nonsense/").status_code == 404
    client.force_login(make_user(Role.CONSULTANT, sector=sector))
    page = client.get("/sector/vivo/")
    assert page.status_code == 200 and 'class="sector-tabs"' not in page.content.decode()  # one tab: no tab bar
    assert client.get("/sector/vivo/workability/").status_code == 403
    assert other.code not in page.content.decode()


def test_the_department_chooses_a_sector_and_anonymous_users_sign_in_first(client, make_user, sector_factory):
    sector_factory("vivo", "VIVO")
    sector_factory("bouw", "Bouw")
    assert client.get("/sector/").url == "/login/?next=%2Fsector%2F"
    assert client.get("/sector/vivo/").url.startswith("/login/")
    client.force_login(make_user(Role.ACCOUNT_MANAGER))
    page = client.get("/sector/").content.decode()
    assert 'href="/sector/vivo/"' in page and 'href="/sector/bouw/"' in page
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=None))
    assert client.get("/sector/").status_code == 403
