"""Browser tests of issue 16, "The scan report": the summary and the heatmap at 390×844 and 1366×900
with axe, and the page height on a phone before and after the redesign."""

import json
import re

import pytest

from werkbaar.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: scrollHeight of this fixture's report at 390×844 before issue 16 (measured on main at a608600:
#: every table in a sideways scroll next to its chart, one bar chart per grouping question).
HEIGHT_BEFORE = 8200


@pytest.fixture
def rich_campaign(insights_campaign_factory, add_responses, company_factory):
    """The demo's shape: the service-voucher module, four teams (one too small) and three age bands."""
    company = company_factory(name="Poetsdienst Demo bv", employees=180, consent_named=True)
    campaign = insights_campaign_factory(
        organisation=company, name="Werkbaarheidsscan najaar", modules=["dienstencheques"],
        grouping={"team": ["Antwerpen", "Gent", "Mechelen", "Lier"], "age_band": ["< 35", "35-49", "50+"]},
    )
    add_responses(campaign, 60, [{"team": "Antwerpen", "age_band": b} for b in ("< 35", "35-49", "50+")], seed=1)
    add_responses(campaign, 50, [{"team": "Gent", "age_band": b} for b in ("< 35", "35-49", "50+")], seed=2)
    add_responses(campaign, 40, [{"team": "Mechelen", "age_band": b} for b in ("< 35", "35-49")], seed=3)
    add_responses(campaign, 3, {"team": "Lier", "age_band": "50+"}, seed=4)
    return campaign


def _open_report(page, live_server, login, make_user, campaign):
    login(page, make_user(Role.UNION_DELEGATE, organisation=campaign.organisation))
    page.goto(f"{live_server.url}/insights/campaigns/{campaign.pk}/report/")
    page.wait_for_selector(".vega-chart svg")
    page.wait_for_timeout(300)


def _open_all(page):
    """Open every fold and figures table (the phone starts with them folded), charts drawn."""
    page.evaluate("document.querySelectorAll('details:not([open])').forEach(d => d.open = true)")
    page.wait_for_timeout(300)


def test_on_a_phone_the_report_is_much_shorter_and_nothing_scrolls_sideways(
    browser_page, live_server, login, make_user, rich_campaign, axe
):
    page = browser_page  # 390 × 844
    _open_report(page, live_server, login, make_user, rich_campaign)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 0.6 * HEIGHT_BEFORE, height  # 3,680 px after the change
    # what is folded says so: every closed disclosure has a visible summary with words
    # (the outermost folded ones: a table folded inside a folded section shows once that one opens)
    folded = page.locator("details:not([open]):not(details:not([open]) details) > summary")
    assert folded.count() >= 5
    for i in range(folded.count()):
        assert folded.nth(i).is_visible() and folded.nth(i).inner_text().strip()
    assert axe(page) == []
    _open_all(page)
    # opened, no table hides columns in a sideways scroll: rows are cards with labelled values
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    wide = page.evaluate("""[...document.querySelectorAll('.table-wrap')]
        .filter(w => w.scrollWidth > w.clientWidth + 1).map(w => w.getAttribute('aria-label'))""")
    assert wide == []
    card = page.locator("#main table.stack tbody tr", has_text="Antwerpen").first
    assert card.locator("td[data-label]").count() == 3
    assert axe(page) == []


@pytest.mark.parametrize("viewport", [(390, 844), (1366, 900)])
def test_summary_first_and_the_heatmap_marks_hidden_cells(
    browser_page, live_server, login, make_user, rich_campaign, axe, viewport
):
    page = browser_page
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    _open_report(page, live_server, login, make_user, rich_campaign)
    # the summary comes before any table, with the rate, its interval, the reference and the top risks
    order = page.evaluate("""() => {
        const all = [...document.querySelectorAll('#summary-title, table')];
        return all.map(e => e.tagName);
    }""")
    assert order[0] == "H2"
    summary = page.locator("section.summary")
    text = summary.inner_text()
    assert re.search(r"\d+,\d%", text) and "95%" in text and "Vlaamse arbeidsmarkt" in text
    assert summary.locator("h3", has_text="Grootste risico's").is_visible()
    assert 1 <= summary.locator("ul.summary-list li").count() <= 6
    # the heatmap of the teams: open its fold on a phone, then it is drawn
    team = page.locator("details.fold", has=page.locator("#group-team"))
    if team.get_attribute("open") is None:
        team.locator("> summary").click()
    chart = team.locator(".heatmap .vega-chart svg")
    chart.wait_for()
    labels = page.evaluate("""el => [...el.querySelectorAll('text')].map(t => t.textContent)""",
                           chart.element_handle())
    assert "Lier" in labels and "✕" in labels  # the hidden team is there, as a cross
    assert any(t.startswith("✕ ") for t in labels)  # and the legend explains the cross in words
    assert not any(t.startswith("…") or t.endswith("…") for t in labels), labels  # no label cut off
    spec = json.loads(team.locator(".heatmap .vega-chart").get_attribute("data-spec"))
    lier = [v for v in spec["data"]["values"] if v["group"] == "Lier"]
    assert lier and all(v["text"] == "✕" and not re.search(r"\d", v["note"].replace("5", "")) for v in lier)
    assert axe(page) == []
