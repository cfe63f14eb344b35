"""The ranking of the menu on hand-made results (issue-4 JSON shape) and its explanations."""

from django.utils import translation

from werkbaar.actions.suggestions import explain, findings, rank


def cell(n, **rates):
    return {"n": n, "suppressed": False, "workability_rate": 0.5, "workability_n": n,
            "scales": {k: {"n": n, "mean": 50.0, "problem_rate": v, "acute_rate": v / 2} for k, v in rates.items()}}


def result(overall, groups=None, min_group=5):
    return {"instrument": "werkbaarheidsscan-basis", "version": "1.0", "min_group": min_group,
            "overall": overall, "groups": groups or {}}


ACTIONS = [
    ("ergonomics", ["physical_conditions", "dc_physical"]),
    ("stress", ["work_stress", "workload"]),
    ("learning", ["learning"]),
    ("coach", ["supervisor_support"]),
]


def test_highest_problem_rate_first():
    res = result(cell(100, physical_conditions=0.38, work_stress=0.20, learning=0.05, supervisor_support=0.12))
    order = [s.action_id for s in rank(res, ACTIONS)]
    assert order == ["ergonomics", "stress", "coach"]  # learning below MIN_RATE and no gap: not suggested


def test_gap_to_sector_reorders():
    res = result(cell(100, physical_conditions=0.30, work_stress=0.28))
    # Work stress is far above the sector, physical conditions just below it.
    order = [s.action_id for s in rank(res, ACTIONS, sector={"physical_conditions": 0.32, "work_stress": 0.10})]
    assert order[0] == "stress"


def test_gap_to_reference_counts_and_low_rate_above_reference_drives():
    res = result(cell(100, learning=0.08))
    assert rank(res, ACTIONS) == []
    ranked = rank(res, ACTIONS, reference={"learning": 0.05})
    assert [s.action_id for s in ranked] == ["learning"]


def test_secondary_indicators_add_to_the_score():
    res = result(cell(100, physical_conditions=0.30, dc_physical=0.30, work_stress=0.30))
    ranked = rank(res, ACTIONS)
    assert ranked[0].action_id == "ergonomics"
    assert ranked[0].score > ranked[1].score


def test_suppressed_overall_gives_no_suggestions():
    res = result({"n": None, "suppressed": True})
    assert rank(res, ACTIONS) == []


def test_insights_wrapper_is_accepted():
    res = result(cell(100, physical_conditions=0.38))
    assert rank({"campaign": 1, "result": res}, ACTIONS)[0].action_id == "ergonomics"


def test_explanation_with_sector_figure():
    res = result(cell(100, physical_conditions=0.38))
    f = findings(res, sector={"physical_conditions": 0.21})["physical_conditions"]
    with translation.override("en"):
        text = explain(f, "Physical working conditions")
    assert text == ["38% report a problem with physical working conditions, against 21% in your sector."]


def test_explanation_in_dutch_and_with_reference():
    res = result(cell(100, work_stress=0.41))
    f = findings(res, reference={"work_stress": 0.293})["work_stress"]
    with translation.override("nl"):
        text = explain(f, "Werkstress en psychische vermoeidheid")
    assert text[0].startswith("41%")
    assert "29%" in text[0] and "werkstress" in text[0]
    assert "referentie" in text[0]


def test_unsuppressed_hotspot_group_is_named():
    groups = {"team": [cell(40, physical_conditions=0.60), cell(60, physical_conditions=0.20)]}
    groups["team"][0]["value"], groups["team"][1]["value"] = "Noord", "Zuid"
    res = result(cell(100, physical_conditions=0.36), groups)
    f = findings(res)["physical_conditions"]
    with translation.override("en"):
        text = " ".join(explain(f, "Physical working conditions", {"team": "Team or site"}))
    assert "“Noord”" in text and "60%" in text
    assert "Zuid" not in text


def test_suppressed_groups_never_drive_or_surface():
    """A suppressed group never changes the ranking and never appears in an explanation,
    even when a (malformed) result still carries figures for it."""
    leaking = {"value": "Nachtploeg", "n": 3, "suppressed": True,
               "scales": {"learning": {"n": 3, "problem_rate": 1.0}, "work_stress": {"n": 3, "problem_rate": 1.0}}}
    too_small = {"value": "Kantoor", "n": 2, "suppressed": False,
                 "scales": {"work_stress": {"n": 2, "problem_rate": 1.0}}}
    no_n = {"value": "Onbekend", "n": None, "suppressed": False,
            "scales": {"work_stress": {"n": None, "problem_rate": 1.0}}}
    base = cell(100, learning=0.05, work_stress=0.20, physical_conditions=0.30)
    clean = result(base, {"team": [{"value": "Nachtploeg", "n": None, "suppressed": True}]})
    dirty = result(base, {"team": [leaking, too_small, no_n]})
    assert [(s.action_id, s.score) for s in rank(clean, ACTIONS)] == [(s.action_id, s.score) for s in rank(dirty, ACTIONS)]
    assert "learning" not in [s.action_id for s in rank(dirty, ACTIONS)]
    with translation.override("en"):
        for suggestion in rank(dirty, ACTIONS):
            for f in suggestion.findings:
                assert f.hotspots == ()
                words = " ".join(explain(f, f.scale, {"team": "Team"}))
                for name in ("Nachtploeg", "Kantoor", "Onbekend"):
                    assert name not in words


def test_group_below_minimum_of_the_result_is_ignored():
    g = cell(6, work_stress=0.9)
    g["value"] = "A"
    res = result(cell(100, work_stress=0.2), {"team": [g]}, min_group=10)
    assert findings(res)["work_stress"].hotspots == ()


def test_explanation_in_french():
    res = result(cell(100, physical_conditions=0.38))
    f = findings(res, sector={"physical_conditions": 0.21})["physical_conditions"]
    with translation.override("fr"):
        text = explain(f, "Conditions de travail physiques")
    assert text == ["38% signalent un problème de conditions de travail physiques, contre 21% dans votre secteur."]


def test_many_tags_do_not_buy_a_better_rank():
    res = result(cell(100, physical_conditions=0.40, dc_physical=0.40, dc_travel=0.30, workload=0.30, work_stress=0.30))
    ranked = rank(res, [("focused", ["physical_conditions", "dc_physical"]),
                        ("broad", ["physical_conditions", "dc_travel", "workload", "work_stress"])])
    assert [s.action_id for s in ranked] == ["focused", "broad"]


def test_company_scope_comes_before_policy():
    res = result(cell(100, physical_conditions=0.40))
    ranked = rank(res, [("policy", ["physical_conditions"], "policy"), ("own", ["physical_conditions"], "company"),
                        ("sector", ["physical_conditions"], "sector")])
    assert [s.action_id for s in ranked] == ["own", "sector", "policy"]
