"""campaign_result / sector_aggregate: engine output, caching, suppression, reference figures."""

import datetime

import pytest

from werkbaar.insights import services
from werkbaar.insights.models import AnalysisResult, ReferenceFigure, ReferenceSource
from werkbaar.insights.periods import year_period
from werkbaar.insights.reference import read_reference_files, sync_reference_figures

pytestmark = pytest.mark.django_db


def test_campaign_result_uses_engine_with_suppression(closed_campaign):
    data = services.campaign_result(closed_campaign)
    result = data["result"]
    assert result["overall"]["n"] == 30
    assert 0 <= result["overall"]["workability_rate"] <= 1
    teams = {cell["value"]: cell for cell in result["groups"]["team"]}
    assert teams["A"]["n"] == 14 and not teams["A"]["suppressed"]
    # C (3) is below 5; B is suppressed as well so C cannot be recovered by subtraction
    assert teams["C"] == {"value": "C", "n": None, "suppressed": True, "suppressed_reason": "small"}
    assert teams["B"]["suppressed"] and teams["B"]["n"] is None and "scales" not in teams["B"]
    assert teams["B"]["suppressed_reason"] == "complementary"
    assert set(result["overall"]["scales"]) >= {"work_stress", "wellbeing", "learning", "work_life", "workload"}


def test_campaign_result_is_cached_until_a_response_arrives(closed_campaign, add_responses, django_assert_max_num_queries):
    first = services.campaign_result(closed_campaign)
    assert AnalysisResult.objects.filter(key=f"campaign:{closed_campaign.pk}").count() == 1
    again = services.campaign_result(closed_campaign)
    assert again["computed_at"] == first["computed_at"]
    add_responses(closed_campaign, 1, {"team": "A"}, seed=9)
    assert services.cached_campaign_result(closed_campaign) is None
    fresh = services.campaign_result(closed_campaign)
    assert fresh["result"]["overall"]["n"] == 31
    assert AnalysisResult.objects.filter(key=f"campaign:{closed_campaign.pk}").count() == 1


def test_small_campaign_is_fully_suppressed(insights_campaign_factory, add_responses):
    campaign = insights_campaign_factory()
    add_responses(campaign, 4, {"team": "A"})
    result = services.campaign_result(campaign)["result"]
    assert result["overall"] == {"n": None, "suppressed": True, "suppressed_reason": "small"}
    assert all(cell["suppressed"] for cell in result["groups"]["team"])


def test_reference_files_parse_with_sources():
    sources, figures, config = read_reference_files()
    keys = {s["key"] for s in sources}
    assert {"wbm2013-social-profit", "wbm2016-flanders", "wbm-work-life-series"} <= keys
    values = {(f.group, f.measure, f.year): float(f.value) for f in figures}
    assert values[("Vlaamse arbeidsmarkt", "workability_rate", 2016)] == 51.0
    assert values[("Vlaamse arbeidsmarkt", "work_life", 2004)] == 11.8
    assert values[("Vlaamse arbeidsmarkt", "work_life", 2016)] == 12.2
    assert values[("Social profit", "workability_rate", 2013)] == 58.8
    # empty cells in the CSV are not figures
    assert ("Sociaal cultureel werk", "work_stress", 2013) not in values
    assert config["sector_groups"]["vivo"] == "Social profit"


def test_reference_figures_loaded_with_source_idempotently():
    n = sync_reference_figures()
    assert sync_reference_figures() == n
    assert ReferenceFigure.objects.count() == n
    fig = ReferenceFigure.objects.get(group="Vlaamse arbeidsmarkt", measure="workability_rate", year=2016)
    assert float(fig.value) == 51.0
    assert fig.source.publisher.startswith("Stichting Innovatie")
    assert fig.source.lines == "145-150"  # kept for the department's own checks, never shown
    assert ReferenceSource.objects.get(key="wbm2013-social-profit").document.endswith("002_9d41e874b2e8a968.txt")


def test_reference_comparison_is_indicative_and_cites(closed_campaign):
    data = services.campaign_result(closed_campaign)
    comp = services.reference_comparison(data["result"], closed_campaign.organisation.sector, data["instrument"])
    assert comp["indicative"] is True
    rate_rows = [r for r in comp["rows"] if r["measure"] == "workability_rate"]
    assert any(r["value"] == 51.0 and r["year"] == 2016 for r in rate_rows)
    assert all(r["citation"] for r in comp["rows"])
    # Readers get the published source, never the internal file it was typed from.
    assert not any("seeds/" in r["citation"] or ".txt" in r["citation"] for r in comp["rows"])
    assert any("tables 12 and 13" in r["citation"] for r in comp["rows"])
    assert rate_rows[0]["own"] == round(data["result"]["overall"]["workability_rate"] * 100, 1)


def test_previous_campaign_and_comparison(insights_campaign_factory, add_responses, company_factory):
    company = company_factory()
    before = insights_campaign_factory(organisation=company, name="2024", days_ago=400)
    after = insights_campaign_factory(organisation=company, name="2026", days_ago=5)
    add_responses(before, 20, {"team": "A"}, level=1)
    add_responses(after, 20, {"team": "A"}, level=4)
    assert services.previous_campaign(after) == before
    assert services.previous_campaign(before) is None
    comp = services.compare_with_previous(after)
    assert comp["previous"]["id"] == before.pk


def _sector_with_companies(company_factory, insights_campaign_factory, add_responses, sector, specs,
                           closes=None):
    out = []
    for i, (employees, consent, n) in enumerate(specs):
        company = company_factory(sector=sector, employees=employees, consent_named=consent, name=f"Firm {i}")
        dates = {"closes_on": closes, "opens_on": closes - datetime.timedelta(days=20)} if closes else {}
        campaign = insights_campaign_factory(organisation=company, **dates)
        add_responses(campaign, n, {"team": "A"}, seed=i)
        out.append(company)
    return out


def test_sector_aggregate_names_only_consenting_and_suppresses_thin_bands(
    sector_factory, company_factory, insights_campaign_factory, add_responses
):
    sector = sector_factory()
    # three medium companies, one small one (a band with a single organisation is hidden)
    _sector_with_companies(company_factory, insights_campaign_factory, add_responses, sector,
                           [(120, True, 20), (60, False, 10), (200, False, 12), (20, False, 30)])
    data = services.sector_aggregate(sector)
    entry = data["instruments"][0]
    assert entry["organisations"] == 4
    assert entry["named"] == ["Firm 0"]
    result = entry["result"]
    assert result["overall"]["n"] == 72
    bands = {cell["value"]: cell for cell in result["groups"]["size_band"]}
    # 10-49 holds one organisation; 50-249 is hidden too, else total minus 50-249 would give it away
    assert bands["10-49"] == {"value": "10-49", "n": None, "suppressed": True, "suppressed_reason": "small"}
    assert bands["50-249"] == {"value": "50-249", "n": None, "suppressed": True,
                               "suppressed_reason": "complementary"}
    assert [cell["value"] for cell in result["groups"]["size_band"]] == ["10-49", "50-249"]  # the bands' order


def test_sector_aggregate_shows_bands_with_enough_organisations(
    sector_factory, company_factory, insights_campaign_factory, add_responses
):
    sector = sector_factory()
    _sector_with_companies(company_factory, insights_campaign_factory, add_responses, sector,
                           [(120, True, 20), (60, False, 10), (200, False, 12), (20, False, 30), (15, False, 6),
                            (30, False, 8)])
    result = services.sector_aggregate(sector)["instruments"][0]["result"]
    bands = {cell["value"]: cell for cell in result["groups"]["size_band"]}
    assert bands["50-249"]["n"] == 42 and bands["10-49"]["n"] == 44
    # 5 of the 42 respondents are workable: 0.119. Wilson 95% by hand (z = 1.96, z² = 3.8415):
    # centre (0.11905 + 3.8415/84) / (1 + 3.8415/42) = 0.15097; half-width
    # 1.96 x sqrt(0.11905 x 0.88095/42 + 3.8415/7056) / 1.09146 = 0.09904 -> [0.0519, 0.2500]
    assert bands["50-249"]["workability_n"] == 42 and bands["50-249"]["workability_rate"] == 0.119
    assert bands["50-249"]["workability_ci"] == [0.0519, 0.25]


def test_sector_aggregate_needs_three_organisations(sector_factory, company_factory, insights_campaign_factory,
                                                    add_responses):
    sector = sector_factory()
    _sector_with_companies(company_factory, insights_campaign_factory, add_responses, sector,
                           [(120, True, 20), (60, False, 10)])
    entry = services.sector_aggregate(sector)["instruments"][0]
    assert entry["suppressed"] is True and entry["result"] is None


def test_sector_aggregate_period_filter(sector_factory, company_factory, insights_campaign_factory, add_responses):
    sector = sector_factory()
    _sector_with_companies(company_factory, insights_campaign_factory, add_responses, sector,
                           [(120, True, 20), (60, False, 10), (200, False, 12)], closes=datetime.date(2025, 6, 1))
    assert services.sector_aggregate(sector, year_period(2024))["instruments"] == []
    assert services.sector_aggregate(sector, year_period(2025))["instruments"][0]["organisations"] == 3


def test_sector_aggregate_counts_only_the_latest_scan_per_organisation(
    sector_factory, company_factory, insights_campaign_factory, add_responses
):
    sector = sector_factory()
    companies = _sector_with_companies(company_factory, insights_campaign_factory, add_responses, sector,
                                       [(120, True, 20), (60, False, 10), (200, False, 12)],
                                       closes=datetime.date(2025, 10, 1))
    older = insights_campaign_factory(organisation=companies[0], name="older", closes_on=datetime.date(2025, 2, 1),
                                       opens_on=datetime.date(2025, 1, 10))
    add_responses(older, 50, {"team": "A"})
    entry = services.sector_aggregate(sector, year_period(2025))["instruments"][0]
    assert entry["campaigns"] == 3 and entry["respondents"] == 42
    # a period that holds only the older scan counts that one
    older.closes_on = older.closed_on = datetime.date(2024, 12, 1)
    older.opens_on = datetime.date(2024, 11, 1)
    older.save()
    assert services.sector_campaigns(sector, year_period(2024)) == [older]
