"""Issue 12, "Scan reports": hidden groups say why, skipped grouping questions, bands in their order,
a rate with no one behind it. Small fixtures with hand-counted groups."""

import html as html_lib
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from werkbaar.core.roles import Role
from werkbaar.scans.models import Response

pytestmark = pytest.mark.django_db

COMPLEMENTARY = {
    "nl": "verborgen zodat niemand een kleinere groep kan afleiden",
    "fr": "masqué pour qu'on ne puisse pas déduire un groupe plus petit",
    "en": "hidden so that a smaller group cannot be worked out",
}
SMALL = {"nl": "minder dan 5", "fr": "moins de 5", "en": "fewer than 5"}
BANDS = ["< 35", "35-49", "50+"]


def _rows(html: str, section_id: str) -> dict[str, str]:
    """Label -> the rest of the row, in the table of one section of the page."""
    start = html.index(f'id="{section_id}"')
    section = html[start:html.index("</section>", start)]
    out = {}
    for row in section.split("<tr")[2:]:
        head, _sep, rest = row.partition("</th>")
        out[head.rsplit(">", 1)[1].strip().replace("&lt;", "<")] = rest
    return out


def _sheet(xlsx: bytes, first_header: str) -> list[tuple]:
    wb = load_workbook(io.BytesIO(xlsx))
    ws = next(ws for ws in wb.worksheets if ws.cell(1, 1).value == first_header)
    return list(ws.iter_rows(min_row=2, values_only=True))


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_hidden_groups_say_why(client, closed_campaign, make_user, language):
    """Team B (13 respondents) is hidden to protect team C (3): it must not read "fewer than 5"."""
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=closed_campaign.organisation))
    html = client.get(reverse("insights:report", args=[closed_campaign.pk]),
                      HTTP_ACCEPT_LANGUAGE=language).content.decode()
    rows = _rows(html, "group-team")
    assert COMPLEMENTARY[language] in rows["B"].replace("&#x27;", "'") and SMALL[language] not in rows["B"]
    assert SMALL[language] in rows["C"] and COMPLEMENTARY[language] not in rows["C"].replace("&#x27;", "'")
    assert ">14<" in rows["A"]
    xlsx = client.get(reverse("insights:report_xlsx", args=[closed_campaign.pk]), HTTP_ACCEPT_LANGUAGE=language)
    team = {r[0]: r[1] for r in _sheet(xlsx.content, {"nl": "Team of vestiging", "fr": "Équipe ou site",
                                                        "en": "Team or site"}[language])}
    assert team["B"] == COMPLEMENTARY[language] and team["C"] == SMALL[language] and team["A"] == 14


def _campaign(insights_campaign_factory, add_responses, counts: dict, **extra):
    campaign = insights_campaign_factory(grouping={"age_band": BANDS}, **extra)
    for i, (band, n) in enumerate(counts.items()):
        add_responses(campaign, n, {"age_band": band}, seed=i)
    return campaign


def test_bands_follow_the_order_asked_and_skippers_are_not_answered(
    client, insights_campaign_factory, add_responses, make_user
):
    # alphabetically "35-49" < "50+" < "< 35"; asked as < 35, 35-49, 50+; 5 people skipped the question
    campaign = _campaign(insights_campaign_factory, add_responses, {"50+": 5, "35-49": 7, "< 35": 6, None: 5})
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=campaign.organisation))
    html = client.get(reverse("insights:report", args=[campaign.pk])).content.decode()
    rows = _rows(html, "group-age_band")
    assert list(rows) == ["< 35", "35-49", "50+", "niet beantwoord"]
    assert ">5<" in rows["niet beantwoord"] and "onbekend" not in html
    chart = html[html.index('id="group-age_band"'):]
    spec = json.loads(html_lib.unescape(chart[chart.index('data-spec="') + 11:chart.index('"></div>')]))
    # the heatmap's columns: the groups in the order asked (issue 16 replaced the bar chart)
    assert spec["layer"][0]["encoding"]["x"]["sort"] == ["< 35", "35-49", "50+", "niet beantwoord"]
    xlsx = client.get(reverse("insights:report_xlsx", args=[campaign.pk])).content
    assert [(r[0], r[1]) for r in _sheet(xlsx, "Leeftijdsgroep")] == [
        ("< 35", 6), ("35-49", 7), ("50+", 5), ("niet beantwoord", 5)]
    api = client.get(f"/api/v1/insights/campaigns/{campaign.pk}/result").json()
    assert [c["value"] for c in api["result"]["groups"]["age_band"]] == [*BANDS, None]


def test_a_few_skippers_are_no_group_of_their_own(client, insights_campaign_factory, add_responses, make_user):
    campaign = _campaign(insights_campaign_factory, add_responses, {"< 35": 9, "35-49": 8, "50+": 10, None: 2})
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=campaign.organisation))
    rows = _rows(client.get(reverse("insights:report", args=[campaign.pk])).content.decode(), "group-age_band")
    # 2 skippers: hidden (small); 35-49 (8) hidden too, else 29 - 9 - 10 - 8 would give them away
    assert "minder dan 5" in rows["niet beantwoord"]
    assert COMPLEMENTARY["nl"] in rows["35-49"]
    assert ">9<" in rows["< 35"] and ">10<" in rows["50+"]


def test_a_rate_with_no_one_behind_it_is_a_dash_not_zero_and_red(
    client, insights_campaign_factory, add_responses, make_user
):
    # nobody answered the learning questions: no one has all four workability scores (workability_n = 0)
    campaign = _campaign(insights_campaign_factory, add_responses, {"< 35": 6, "35-49": 7})
    for response in Response.objects.filter(campaign=campaign):
        response.answers = {k: v for k, v in response.answers.items() if not k.startswith("lo")}
        response.save()
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=campaign.organisation))
    html = client.get(reverse("insights:report", args=[campaign.pk])).content.decode()
    head = html[html.index('id="rate-title"'):html.index("</section>", html.index('id="rate-title"'))]
    assert "<strong>–</strong>" in head and "0,0%" not in head and "Nu ingrijpen" not in head
    assert "er is dus geen werkbaarheidsgraad" in head and "de 0 respondenten" not in head
    for label, row in _rows(html, "group-age_band").items():
        assert ">–<" in row and "%" not in row and "Nu ingrijpen" not in row, label
    xlsx = client.get(reverse("insights:report_xlsx", args=[campaign.pk])).content
    summary = dict(_sheet(xlsx, "Onderdeel"))
    assert summary["Werkbaarheidsgraad"] == "–"
    assert [r[2] for r in _sheet(xlsx, "Leeftijdsgroep")] == ["–", "–"]
