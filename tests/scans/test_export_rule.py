"""Row-level exports are k-anonymous over their grouping columns (k = the campaign's minimum group size).

The attack on the old export: each band alone was large enough, so nothing was blanked, yet one
worker was the only one of team Noord aged 35+ – their row, answers included, stood out.
"""

import collections
import csv
import io
import random

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from werkbaar.core.roles import Role
from werkbaar.scans import services
from werkbaar.scans.export_rule import ColumnPlan, plan_columns, rows_at_risk
from werkbaar.scans.models import Response

# --- the pure rule, hand-computed -----------------------------------------------------------------


def test_a_unique_combination_costs_one_column_and_ties_drop_the_later_one():
    # (Noord,<35) 5, (Noord,35+) 1, (Zuid,35+) 6 -> 1 row at risk with k = 5.
    # Without team: <35 5, 35+ 7 -> 0; without age_band: Noord 6, Zuid 6 -> 0: a tie, the later goes.
    rows = [("Noord", "< 35")] * 5 + [("Noord", "35+")] + [("Zuid", "35+")] * 6
    plan = plan_columns(["team", "age_band"], rows, 5)
    assert plan.kept == ("team",) and plan.dropped == ("age_band",) and plan.ok


def test_the_column_that_leaves_fewest_rows_at_risk_goes_first():
    # every (team, age) pair is unique; without team: y 2, o 2 -> 0 at risk; without age: A..D 1 each -> 4
    rows = [("A", "y"), ("B", "y"), ("C", "o"), ("D", "o")]
    assert rows_at_risk(["team", "age"], rows, ["age"], 2) == 0
    assert rows_at_risk(["team", "age"], rows, ["team"], 2) == 4
    plan = plan_columns(["team", "age"], rows, 2)
    assert plan.kept == ("age",) and plan.dropped == ("team",)


def test_a_blank_is_a_value_like_any_other():
    # team A 5 times, one blank: the blank row is a group of 1, so the column goes
    plan = plan_columns(["team"], [("A",)] * 5 + [(None,)], 3)
    assert plan.kept == () and plan.dropped == ("team",) and plan.ok
    plan = plan_columns(["team"], [("A",)] * 3 + [("",)] * 3, 3)
    assert plan.kept == ("team",) and plan.dropped == ()


def test_three_columns_down_to_one():
    # k = 2: all three together leave (B,y,p) and (B,o,f) alone; each single drop still leaves 2 rows
    # at risk (a tie: contract goes); then team vs age: both leave 0 (a tie: age goes).
    rows = [("A", "y", "f"), ("A", "y", "f"), ("A", "o", "p"), ("A", "o", "p"), ("B", "y", "p"), ("B", "o", "f")]
    plan = plan_columns(["team", "age", "contract"], rows, 2)
    assert plan.dropped == ("contract", "age") and plan.kept == ("team",)


def test_fewer_rows_than_k_is_not_exportable():
    plan = plan_columns(["team"], [("A",)] * 4, 5)
    assert not plan.ok and plan.kept == ()


def test_deterministic_whatever_the_row_order():
    rows = [("Noord", "< 35", "VT")] * 7 + [("Zuid", "35+", "DT")] * 6 + [("Zuid", "< 35", "VT")] * 2
    plans = set()
    for seed in range(10):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        plans.add(plan_columns(["team", "age_band", "contract"], shuffled, 5))
    assert len(plans) == 1


# --- the exports ---------------------------------------------------------------------------------


@pytest.fixture
def team_campaign(campaign_factory):
    """Closed; Noord 6 (five < 35, one 35+), Zuid 6 (all 35+); each band alone has at least 5."""
    campaign = campaign_factory(grouping={"team": ["Noord", "Zuid"], "age_band": ["< 35", "35+"]}, min_group_size=5)
    groups = [{"team": "Noord", "age_band": "< 35"}] * 5 + [{"team": "Noord", "age_band": "35+"}] \
        + [{"team": "Zuid", "age_band": "35+"}] * 6
    answers = {item_id: 2 for item_id in campaign.item_ids()}
    for code, group in zip(services.generate_codes(campaign, len(groups)), groups, strict=True):
        services.submit(code.code, "nl", {**answers, "wd1": 4 if group["age_band"] == "35+" else 2}, group)
    campaign.status = "closed"
    campaign.save()
    return campaign


def _combinations(header, rows, columns):
    index = [header.index(c) for c in columns]
    return collections.Counter(tuple(row[i] for i in index) for row in rows)


def test_csv_export_has_no_combination_below_the_minimum(team_campaign):
    lines = services.export_csv(team_campaign).splitlines()
    header, *rows = list(csv.reader(lines[1:]))
    assert "team" in header and "age_band" not in header
    assert "age_band" in lines[0]  # the notice says what was left out
    assert len(rows) == 12
    grouping = [c for c in header if c in team_campaign.grouping_keys]
    assert min(_combinations(header, rows, grouping).values()) >= 5


def test_chosen_columns_still_follow_the_rule(team_campaign):
    export = services.export_rows(team_campaign, ["age_band"])
    assert export.header[-1] == "age_band" and "team" not in export.header  # < 35: 5, 35+: 7
    assert export.not_chosen == ("team",) and export.plan.dropped == ()
    export = services.export_rows(team_campaign, [])
    assert export.header == team_campaign.item_ids()


def test_web_page_shows_what_is_left_out_and_download_follows_the_choice(client, make_user, team_campaign):
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=team_campaign.organisation))
    page = client.get(f"/scans/{team_campaign.pk}/").content.decode()
    assert 'id="export-columns"' in page and "age_band" in page.split('id="export-plan"')[1].split("</p>")[0]
    page = client.get(f"/scans/{team_campaign.pk}/?chosen=1&columns=age_band").content.decode()
    plan_text = page.split('id="export-plan"')[1].split("</p>")[0]
    assert "age_band" in plan_text and "team" not in plan_text  # kept: age_band; nothing left out
    form = client.get(f"/scans/{team_campaign.pk}/?chosen=1").content.decode().split('id="export-columns"')[1]
    assert " checked" not in form.split("</form>")[0]  # nothing chosen stays nothing chosen
    r = client.get(f"/scans/{team_campaign.pk}/export.csv?chosen=1&columns=age_band")
    lines = r.content.decode().splitlines()
    assert lines[1].split(",")[-1] == "age_band" and "team" not in lines[1]
    r = client.get(f"/scans/{team_campaign.pk}/export.csv")
    assert "age_band" not in r.content.decode().splitlines()[1]


def test_operators_command_cannot_bypass_the_rule(team_campaign, tmp_path, campaign_factory):
    target = tmp_path / "out.csv"
    call_command("export-responses", str(team_campaign.pk), "--out", str(target), "--columns", "team,age_band")
    header = next(csv.reader(target.read_text().splitlines()[1:]))
    assert "age_band" not in header
    open_campaign = campaign_factory()
    with pytest.raises(CommandError, match="closed|gesloten"):
        call_command("export-responses", str(open_campaign.pk), "--out", str(target))
    with pytest.raises(CommandError, match="shoe_size"):
        call_command("export-responses", str(team_campaign.pk), "--out", str(target), "--columns", "shoe_size")
    assert Response.objects.count() == 12


def test_export_text_has_no_combination_below_the_minimum_on_realistic_data(campaign_factory):
    grouping = {"team": ["A", "B", "C"], "age_band": ["< 35", "35-49", "50+"], "contract": ["VT", "DT"]}
    campaign = campaign_factory(grouping=grouping, min_group_size=5)
    rng = random.Random(7)
    answers = {item_id: 2 for item_id in campaign.item_ids()}
    for code in services.generate_codes(campaign, 60):
        services.submit(code.code, "nl", answers, {k: rng.choice([*v, None]) for k, v in grouping.items()})
    campaign.status = "closed"
    campaign.save()
    header, *rows = list(csv.reader(io.StringIO(services.export_csv(campaign)).read().splitlines()[1:]))
    kept = [c for c in header if c in grouping]
    assert len(rows) == 60 and min(_combinations(header, rows, kept).values()) >= 5


# --- the boundaries of the rule: exactly k is enough, k - 1 is not (issue 13) --------------------


def test_exactly_k_rows_may_be_exported_without_grouping():
    plan = plan_columns([], [()] * 5, 5)
    assert plan.ok and plan.kept == () and plan.dropped == ()
    assert not plan_columns([], [()] * 4, 5).ok
    assert rows_at_risk([], [()] * 5, [], 5) == 0
    assert rows_at_risk([], [()] * 4, [], 5) == 4


def test_a_combination_of_exactly_k_rows_is_kept_one_of_k_minus_one_is_not():
    rows = [("Noord",)] * 5 + [("Zuid",)] * 5
    assert plan_columns(["team"], rows, 5).kept == ("team",)
    rows = [("Noord",)] * 5 + [("Zuid",)] * 4
    plan = plan_columns(["team"], rows, 5)
    assert plan.ok and plan.kept == () and plan.dropped == ("team",)
    assert rows_at_risk(["team"], rows, ["team"], 5) == 4


def test_k_must_be_at_least_one():
    assert plan_columns(["team"], [("A",)], 1).kept == ("team",)
    with pytest.raises(ValueError, match="at least 1"):
        plan_columns(["team"], [("A",)], 0)


def test_the_plan_says_everything_it_decided():
    assert plan_columns(["team"], [("A",)] * 4, 5) == ColumnPlan(5, (), ("team",), ok=False)
    assert plan_columns(["team"], [("A",)] * 5, 5) == ColumnPlan(5, ("team",), (), ok=True)
    with pytest.raises(ValueError) as exc:
        plan_columns(["team"], [("A",)], 0)
    assert str(exc.value) == "k must be at least 1"


def test_an_empty_text_and_a_missing_value_are_the_same_blank():
    # 3 x "" and 2 x None form one blank group of 5, enough for k = 5
    assert plan_columns(["team"], [("",)] * 3 + [(None,)] * 2, 5).kept == ("team",)


# --- exact texts and boundaries of the export (issue 13, mutation run of scans/services.py) ----------------


def test_the_notice_states_the_rule_and_what_was_left_out(team_campaign):
    with translation.override("en"):
        assert services.export_csv(team_campaign).splitlines()[0] == (
            "# Every combination of the grouping columns in this file occurs at least 5 times. "
            "Left out to protect anonymity: age_band.")
        assert services.export_rows(team_campaign, ["age_band"]).notice() == (
            "Every combination of the grouping columns in this file occurs at least 5 times. Not chosen: team.")
        assert services.export_rows(team_campaign, []).notice() == (
            "Every combination of the grouping columns in this file occurs at least 5 times. Not chosen: team, age_band.")


def test_the_export_waits_for_the_close_and_for_enough_responses(campaign_factory):
    campaign = campaign_factory(min_group_size=5)
    answers = {item_id: 3 for item_id in campaign.item_ids()}
    codes = services.generate_codes(campaign, 5)
    for code in codes[:4]:
        services.submit(code.code, "nl", answers, {})
    with translation.override("en"):
        with pytest.raises(services.ExportRefused) as exc:
            services.export_rows(campaign)
        assert str(exc.value) == "The export is available once the campaign is closed."
        campaign.status = "closed"
        campaign.save()
        with pytest.raises(services.ExportRefused) as exc:
            services.export_rows(campaign)
        assert str(exc.value) == "Fewer than 5 responses: the export is not available, to protect anonymity."
    campaign.status = "open"
    campaign.save()
    services.submit(codes[4].code, "nl", {**answers, "wd1": None}, {"team": "Noord"})  # the fifth: exactly enough
    campaign.status = "closed"
    campaign.save()
    export = services.export_rows(campaign, [])
    assert export.header == campaign.item_ids() and len(export.rows) == 5
    wd1 = export.header.index("wd1")
    assert sorted(row[wd1] for row in export.rows if row[wd1] != "") == [3, 3, 3, 3]
    assert [row[wd1] for row in export.rows].count("") == 1  # a skipped answer is an empty cell


def test_suppressed_groups_are_the_bands_below_the_minimum(campaign_factory):
    import polars as pl

    campaign = campaign_factory(min_group_size=5)
    frame = pl.DataFrame({
        "team": ["Noord"] * 5 + ["Zuid"] * 4 + [None] * 3,
        "age_band": ["< 35"] * 11 + ["35+"],
    })
    assert services.suppressed_groups(campaign, frame) == {"team": {"Zuid"}, "age_band": {"35+"}}


def test_the_csv_follows_the_chosen_columns(team_campaign):
    header = services.export_csv(team_campaign, ["age_band"]).splitlines()[1].split(",")
    assert header[-1] == "age_band" and "team" not in header


def test_suppressed_groups_read_the_stored_responses(campaign_factory):
    campaign = campaign_factory(min_group_size=5)
    answers = {item_id: 3 for item_id in campaign.item_ids()}
    teams = ["Noord"] * 5 + ["Zuid"]
    for code, team in zip(services.generate_codes(campaign, len(teams)), teams, strict=True):
        services.submit(code.code, "nl", answers, {"team": team})
    assert services.suppressed_groups(campaign) == {"team": {"Zuid"}, "age_band": set()}
