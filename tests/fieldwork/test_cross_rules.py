"""The cross-sector rules (pure): suppression kept, the theme matrix and its gaps, reach ratios."""

from decimal import Decimal

from werkbaar.fieldwork import cross_rules as r

SHOWN = {
    "instrument": "werkbaarheidsscan-basis", "campaigns": 4, "organisations": 4, "respondents": 120,
    "suppressed": False,
    "result": {"overall": {"workability_rate": 0.4567, "scales": {
        "work_stress": {"problem_rate": 0.3}, "wellbeing": {"problem_rate": 0.1234},
        "learning": {"suppressed": True}, "workload": {"problem_rate": 0.5}}}},
}


def test_a_shown_sector_gives_its_rate_indicators_scans_and_respondents():
    row = r.workability_row("vormdc", SHOWN)
    assert row.shown and row.rate == 45.7 and row.scans == 4 and row.respondents == 120
    assert row.indicators["work_stress"] == 30.0 and row.indicators["wellbeing"] == 12.3
    assert row.indicators["learning"] is None  # suppressed inside the aggregate stays empty
    assert row.indicators["autonomy"] is None  # not measured
    assert list(row.indicators) == list(r.TEN_INDICATORS)


def test_a_sector_with_too_few_organisations_shows_nothing():
    entry = {"instrument": "x", "campaigns": 2, "organisations": 2, "respondents": 40, "suppressed": True,
             "suppressed_reason": "small", "result": None}
    row = r.workability_row("bouw", entry)
    assert row == r.WorkabilityRow("bouw", "x", shown=False)
    assert row.scans is None and row.respondents is None and row.rate is None and row.indicators == {}
    # an aggregate whose overall figure the engine suppressed shows nothing either
    hidden = {**SHOWN, "result": {"overall": {"suppressed": True, "n": None}}}
    assert not r.workability_row("x", hidden).shown


def test_the_theme_matrix_lists_the_actions_and_the_themes_nobody_works_on():
    actions = [r.TaggedAction("vivo", "VIVO 4.2 Lerende netwerken", ("support", "training"), ("supervisor_support",)),
               r.TaggedAction("vormdc", "VORMDC 1.1 Ergonomie", ("physical",), ("physical_conditions",)),
               r.TaggedAction("vormdc", "VORMDC 2.1 Opleiding", ("training",)),
               r.TaggedAction("other", "not in the list", ("appreciation",))]
    matrix = r.theme_matrix(["vivo", "vormdc"], actions)
    assert matrix["vormdc"]["training"] == ["VORMDC 2.1 Opleiding"]
    assert matrix["vivo"]["physical"] == []
    assert r.uncovered(matrix) == ["appreciation", "psychosocial"]
    by_indicator = r.theme_matrix(["vivo", "vormdc"], actions, r.RISK_INDICATORS, by="indicators")
    assert by_indicator["vivo"]["supervisor_support"] == ["VIVO 4.2 Lerende netwerken"]
    assert r.uncovered(by_indicator, r.RISK_INDICATORS) == ["workload", "emotional_load", "task_variation", "autonomy"]


def test_reach_shares_and_employees_per_fte():
    assert r.share(151, 755) == Decimal("20.0")
    assert r.share(1, 3) == Decimal("33.3")
    assert r.share(5, None) is None and r.share(5, 0) is None and r.share(None, 10) is None
    assert r.per_fte(150000, Decimal("12.5")) == Decimal("12000")
    assert r.per_fte(100, Decimal("0")) is None and r.per_fte(None, Decimal("1")) is None
