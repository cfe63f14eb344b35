"""Issue 16, "The scan report": the summary, the heatmap, the risk profile in words, the charts' labels
and a scan with too few answers. Hand-worked numbers; the page tests set the cached result by hand."""

import html as html_lib
import json
import re

import polars as pl
import pytest
from django.urls import reverse
from django.utils import translation

from werkbaar.analysis.instrument import get_shipped
from werkbaar.analysis.stats import risk_profiles, times_as_often
from werkbaar.core.roles import Role
from werkbaar.insights import charts
from werkbaar.insights.context import PDF_CHART_WIDTH
from werkbaar.insights.models import AnalysisResult
from werkbaar.insights.report import (
    Breakdown,
    GroupRow,
    IndicatorRow,
    compare_with_reference,
    heatmap_cells,
    risk_sentence,
    signal_names,
    top_risks,
    top_strengths,
)

# -- pure rules ----------------------------------------------------------------------------------


def test_the_reference_is_compared_with_the_interval_not_the_rate():
    ci = [0.30, 0.50]  # a rate of 40% with its interval 30%-50%
    assert compare_with_reference(0.40, ci, 51.0) == "lower"
    assert compare_with_reference(0.40, ci, 29.9) == "higher"
    assert compare_with_reference(0.40, ci, 45.0) == "similar"
    assert compare_with_reference(0.40, ci, 50.0) == "similar"  # on the limit: not clearly lower
    assert compare_with_reference(0.40, ci, 30.0) == "similar"
    assert compare_with_reference(None, None, 51.0) is None


def _row(sid, rate, reason=None):
    return IndicatorRow(id=sid, title=sid.title(), kind="risk", higher_is="worse", n=None if reason else 40,
                        mean=None, problem_rate=None if reason else rate, acute_rate=None,
                        suppressed_reason=reason)


def test_top_three_risks_and_strengths_leave_hidden_and_empty_figures_out():
    # green below 25%, orange from 25%, red from 40% (sources.yaml)
    rows = [_row("a", 0.452), _row("b", 0.301), _row("c", 0.389), _row("d", 0.399), _row("e", 0.05),
            _row("f", 0.10), _row("g", 0.20), _row("h", 0.249), _row("i", None), _row("j", 0.0, reason="small")]
    assert [r.id for r in top_risks(rows)] == ["a", "d", "c"]
    assert [r.id for r in top_strengths(rows)] == ["e", "f", "g"]
    assert top_strengths([_row("x", 0.30)]) == [] and top_risks([_row("y", 0.24)]) == []


def test_times_as_often_is_the_relative_risk_of_the_table():
    # table: 20 without either problem, 5 with the risk only, 5 with the workability problem only, 10 with both
    # base rate 5/25 = 0.2; with the risk 10/15 = 0.667; relative risk 3.33; odds ratio (10*20)/(5*5) = 8
    assert times_as_often(8.0, 0.2) == pytest.approx(10 / 15 / 0.2)
    assert times_as_often(1.0, 0.5) == 1.0
    instrument = get_shipped("werkbaarheidsscan-basis")
    rows = ([(False, False)] * 20) + ([(False, True)] * 5) + ([(True, False)] * 5) + ([(True, True)] * 10)
    scored = pl.DataFrame({"wellbeing": [1.0] * 40, "workload": [1.0] * 40,
                           "wellbeing__problem": [y for y, _x in rows], "workload__problem": [x for _y, x in rows]})
    [pair] = risk_profiles(scored, instrument, min_cell=5)
    assert pair["shown"] and pair["base_rate"] == 0.2
    assert pair["odds_ratio"] == pytest.approx(8.0)
    assert times_as_often(pair["odds_ratio"], pair["base_rate"]) == pytest.approx(3.3333, abs=1e-4)


@pytest.mark.parametrize("language, expected", [
    ("nl", "Mensen met een probleem op werkdruk hebben 3,3 keer zo vaak een probleem op welbevinden en "
           "motivatie als de anderen."),
    ("fr", "Les personnes qui ont un problème de charge de travail ont 3,3 fois plus souvent un problème de "
           "bien-être et motivation que les autres."),
    ("en", "People with a problem on workload have a problem on well-being and motivation 3.3 times as often "
           "as the others."),
])
def test_a_risk_reads_as_a_sentence_in_the_readers_language(language, expected):
    instrument = get_shipped("werkbaarheidsscan-basis")
    row = {"risk_title": instrument.scale_title("workload", language),
           "workability_title": instrument.scale_title("wellbeing", language), "odds_ratio": 8.0, "base_rate": 0.2}
    with translation.override(language):
        assert risk_sentence(row) == expected
        # a result frozen before the base rate existed says it with the odds
        assert "8,0" in risk_sentence({**row, "base_rate": None}) or language == "en"


def _breakdown():
    rows = [
        GroupRow(value="A", label="A", suppressed=False, n=20, workability_rate=0.6,
                 problem_rates={"workload": 0.45}, hidden_scales={"wellbeing": "small"}),
        GroupRow(value="B", label="B", suppressed=True, suppressed_reason="complementary"),
        GroupRow(value="C", label="C", suppressed=False, n=7, workability_rate=None, workability_reason="small",
                 problem_rates={"workload": None, "wellbeing": 0.1}),
    ]
    return Breakdown(key="team", label="Team", rows=rows)


def test_heatmap_cells_carry_no_figure_for_a_hidden_cell():
    columns = [("workability_rate", "Rate"), ("workload", "Workload"), ("wellbeing", "Well-being")]
    with translation.override("en"):
        cells = heatmap_cells(_breakdown(), columns, min_group=5)
    got = {(c.group, c.indicator): (c.signal, c.rate, c.text) for c in cells}
    assert got == {
        ("A", "Rate"): ("green", 0.6, "● 60%"), ("A", "Workload"): ("red", 0.45, "■ 45%"),
        ("A", "Well-being"): ("hidden", None, "✕"),
        ("B", "Rate"): ("hidden", None, "✕"), ("B", "Workload"): ("hidden", None, "✕"),
        ("B", "Well-being"): ("hidden", None, "✕"),
        ("C", "Rate"): ("hidden", None, "✕"), ("C", "Workload"): ("none", None, "–"),
        ("C", "Well-being"): ("green", 0.1, "● 10%"),
    }
    notes = {(c.group, c.indicator): c.note for c in cells}
    assert notes[("A", "Well-being")] == "fewer than 5"
    assert notes[("B", "Rate")] == "hidden so that a smaller group cannot be worked out"


def test_the_heatmap_spec_holds_no_value_for_a_hidden_cell():
    columns = [("workability_rate", "Rate"), ("workload", "Workload"), ("wellbeing", "Well-being")]
    with translation.override("en"):
        cells = heatmap_cells(_breakdown(), columns, min_group=5)
        names = signal_names()
        spec = charts.heatmap_chart(cells, ["A", "B", "C"], ["Rate", "Workload", "Well-being"], names)
    values = spec["data"]["values"]
    hidden = [v for v in values if v["signal"].startswith("✕")]
    assert len(hidden) == 5
    for v in hidden:
        assert set(v) == {"group", "indicator", "signal", "text", "note", "dark"}
        assert v["text"] == "✕" and v["dark"] is False
        assert not re.search(r"\d", v["note"].replace("5", ""))  # the minimum only, never a figure
    # colour comes from the signal alone: the hidden cells share one grey
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert scale["range"][scale["domain"].index(names["hidden"])] == charts.SIGNAL_FILL["hidden"]


LONG = ["Werkstress en psychische vermoeidheid", "Ondersteuning door de directe leiding",
        "Fysieke belasting, materiaal en producten"]


def test_pdf_charts_do_not_cut_labels():
    """The PDF showed 'Werkstress en psychische…': vega's 180 px label limit. The specs wrap instead."""
    rows = [IndicatorRow(id=str(i), title=t, kind="risk", higher_is="worse", n=40, mean=50.0, problem_rate=0.3,
                         acute_rate=0.1) for i, t in enumerate(LONG)]
    cells = [heatmap_cells(Breakdown("team", "Team", [GroupRow(value="A", label="Schoonmaak en onderhoud Antwerpen",
                                                               suppressed=False, n=9, workability_rate=0.5)]),
                           [("workability_rate", t) for t in LONG], 5)]
    for spec in (charts.indicators_chart(rows, width=PDF_CHART_WIDTH),
                 charts.heatmap_chart(cells[0], ["Schoonmaak en onderhoud Antwerpen"], LONG, signal_names(),
                                      width=PDF_CHART_WIDTH)):
        axes = [layer["encoding"] for layer in spec.get("layer", [spec])]
        assert all(enc["y"]["axis"]["labelLimit"] >= 1000 for enc in axes)
        svg = charts.to_svg(spec)
        texts = [html_lib.unescape(t) for t in re.findall(r"<(?:text|tspan)[^>]*>([^<]+)<", svg)]
        assert not any("…" in t for t in texts), texts
        for label in LONG:  # every line of every label is drawn, whole
            lines = charts.wrap_label(label)
            assert len(lines) > 1 and all(len(line) <= charts.LABEL_LINE for line in lines)
            assert all(line in texts for line in lines), (lines, texts)


def test_wrap_label_keeps_every_word():
    assert charts.wrap_label("Werkstress en psychische vermoeidheid") == ["Werkstress en psychische", "vermoeidheid"]
    assert charts.wrap_label("Autonomie") == ["Autonomie"]
    assert charts.wrap_label("Arbeidsomstandighedenbeleidsplan kort") == ["Arbeidsomstandighedenbeleidsplan", "kort"]
    assert "'" not in charts.label_expr(["Possibilités d'apprentissage et développement"]).replace("d'", "")


# -- pages ---------------------------------------------------------------------------------------



def _set_result(campaign, overall_scales, rate, ci, profiles):
    row = AnalysisResult.objects.get(key=f"campaign:{campaign.pk}")
    data = row.data
    overall = data["result"]["overall"]
    overall.update(workability_rate=rate, workability_ci=ci)
    for sid, pr in overall_scales.items():
        fig = overall["scales"][sid]
        if pr is None:
            fig.update(n=None, mean=None, problem_rate=None, acute_rate=None, suppressed=True,
                       suppressed_reason="small")
        else:
            fig.update(problem_rate=pr, acute_rate=0.0, problem_ci=None, acute_ci=None)
    data["risk_profiles"] = profiles
    row.data = data
    row.save()


HAND = {"workload": 0.452, "emotional_load": 0.301, "task_variation": 0.389, "autonomy": 0.399,
        "supervisor_support": 0.20, "physical_conditions": None, "work_stress": 0.05, "wellbeing": 0.10,
        "learning": 0.249, "work_life": 0.30}


@pytest.mark.django_db
def test_the_summary_comes_first_with_hand_set_figures(client, closed_campaign, make_user):
    client.force_login(make_user(Role.UNION_DELEGATE, organisation=closed_campaign.organisation))
    url = reverse("insights:report", args=[closed_campaign.pk])
    client.get(url)  # computes and caches the result
    profile = {"workability": "wellbeing", "risk": "workload", "n": 40, "shown": True, "base_rate": 0.2,
               "odds_ratio": 8.0, "ci_low": 2.1, "ci_high": 30.5, "p_value": 0.002}
    _set_result(closed_campaign, HAND, 0.40, [0.30, 0.50], [profile])
    html = client.get(url).content.decode()
    start = html.index('id="summary-title"')
    assert start < html.index("<table")  # before any table
    summary = html[start:html.index('id="ind-workability-title"')]
    assert "40,0%" in summary and "30,0% – 50,0%" in summary
    assert "Lager dan Vlaamse arbeidsmarkt in 2016 (51,0%)" in summary
    risks = summary[summary.index("Grootste risico"):summary.index("Sterke punten")]
    assert re.findall(r"<strong>([^<]+)</strong>: ([\d,]+%)", risks) == [
        ("Werkdruk", "45,2%"), ("Autonomie", "39,9%"), ("Taakvariatie", "38,9%")]
    strengths = summary[summary.index("Sterke punten"):]
    assert re.findall(r"<strong>([^<]+)</strong>: slechts ([\d,]+%)", strengths) == [
        ("Werkstress en psychische vermoeidheid", "5,0%"), ("Welbevinden en motivatie", "10,0%"),
        ("Ondersteuning door de directe leiding", "20,0%")]
    assert "Fysieke arbeidsomstandigheden" not in summary  # hidden: never a risk nor a strength
    # the risk profile in words, the odds ratio behind <details>
    risk = html[html.index('id="risk-title"'):]
    risk = risk[:risk.index("</section>")]
    assert ("Mensen met een probleem op werkdruk hebben 3,3 keer zo vaak een probleem op welbevinden en "
            "motivatie als de anderen.") in risk
    details = risk[risk.index("<details"):risk.index("</details>")]
    assert "8,00" in details and "2,10 – 30,50" in details and "8,00" not in risk[:risk.index("<details")]


@pytest.mark.django_db
def test_the_page_json_holds_nothing_of_a_hidden_group(client, closed_campaign, make_user):
    """Team B (13, hidden to protect C) and team C (3): in the heatmap's spec only their label and a cross."""
    client.force_login(make_user(Role.UNION_DELEGATE, organisation=closed_campaign.organisation))
    html = client.get(reverse("insights:report", args=[closed_campaign.pk])).content.decode()
    section = html[html.index('id="group-team"'):]
    raw = section[section.index('data-spec="') + 11:]
    spec = json.loads(html_lib.unescape(raw[:raw.index('"')]))
    assert "layer" in spec  # the heatmap
    for value in spec["data"]["values"]:
        if value["group"] in ("B", "C"):
            assert value["text"] == "✕" and set(value) == {"group", "indicator", "signal", "text", "note", "dark"}
            assert not re.search(r"\d", value["note"].replace("5", ""))
    a = [v for v in spec["data"]["values"] if v["group"] == "A"]
    assert a and all(v["text"] != "✕" for v in a)


# -- too few answers -----------------------------------------------------------------------------


@pytest.fixture
def small_campaign(insights_campaign_factory, add_responses):
    campaign = insights_campaign_factory(name="Kleine scan")
    add_responses(campaign, 4, {"team": "A"})  # minimum group size 5
    return campaign


@pytest.mark.django_db
def test_too_few_answers_offer_no_export_and_no_plan_and_say_why(client, small_campaign, make_user):
    from werkbaar.actions.models import ActionPlan

    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=small_campaign.organisation))
    html = client.get(reverse("insights:report", args=[small_campaign.pk])).content.decode()
    main = html[html.index("<main"):html.index("</main>")]
    assert "minstens 5 nodig" in main and "geen pdf" in main
    text = re.sub(r"\b\d+ [a-z]+ \d{4}\b", " ", re.sub(r"<[^>]+>", " ", main))  # without the dates
    assert not re.search(r"\b4\b", text)  # the number received is never said
    for name in ("insights:report_pdf", "insights:report_xlsx"):
        assert reverse(name, args=[small_campaign.pk]) not in main
        assert client.get(reverse(name, args=[small_campaign.pk])).status_code == 404
    assert "plans/new" not in main
    # the action plan refuses the scan too: not pre-selected, and refused when sent
    page = client.get(reverse("actions:plan_create"), {"organisation": small_campaign.organisation_id,
                                                       "campaign": small_campaign.pk}).content.decode()
    assert "minstens 5 nodig" in page and f'value="{small_campaign.pk}" selected' not in page
    response = client.post(reverse("actions:plan_create"), {"organisation": small_campaign.organisation_id,
                                                            "title": "Plan", "campaign": small_campaign.pk})
    assert response.status_code == 200 and "minstens 5 nodig" in response.content.decode()
    assert not ActionPlan.objects.exists()


@pytest.mark.django_db
def test_enough_answers_keep_the_exports_and_the_plan(client, closed_campaign, make_user):
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=closed_campaign.organisation))
    html = client.get(reverse("insights:report", args=[closed_campaign.pk])).content.decode()
    assert reverse("insights:report_xlsx", args=[closed_campaign.pk]) in html and "plans/new" in html
    assert client.get(reverse("insights:report_xlsx", args=[closed_campaign.pk])).status_code == 200


def test_a_badge_in_a_narrow_pdf_column_stays_on_one_line():
    """The PDF wrapped '■ Nu aanpakken' over two lines in the signal column; the print CSS keeps it whole."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    html = render_to_string("insights/_pdf_style.html") + (
        '<table><tr><td style="width:20mm">x</td><td style="width:14mm"><span class="badge badge-red '
        'traffic-light"><span aria-hidden="true">■</span> Nu aanpakken</span></td><td>y</td></tr></table>')
    page = HTML(string=html).render().pages[0]._page_box

    def walk(box):
        yield box
        for child in getattr(box, "children", []):
            yield from walk(child)

    fragments = [b for b in walk(page) if getattr(b, "element_tag", None) == "span"
                 and "badge" in (b.element.get("class") or "")]  # a wrapped badge is one box per line
    lines = {round(t.position_y, 1) for f in fragments for t in walk(f) if type(t).__name__ == "TextBox"}
    assert len(lines) == 1, lines


@pytest.mark.django_db
def test_a_running_scan_is_not_too_few_yet(client, insights_campaign_factory, add_responses, make_user):
    from werkbaar.actions.models import ActionPlan

    running = insights_campaign_factory(name="Lopende scan", closed=False)
    add_responses(running, 2, {"team": "A"})
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=running.organisation))
    response = client.post(reverse("actions:plan_create"), {"organisation": running.organisation_id,
                                                            "title": "Plan", "campaign": running.pk})
    assert response.status_code == 302 and ActionPlan.objects.get().campaign == running
