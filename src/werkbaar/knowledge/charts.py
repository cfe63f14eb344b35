"""Vega-Lite chart specifications (built with Altair) for the reports, and their static SVG for the PDF.

Each function returns a Vega-Lite dict; the page embeds it with the vendored vega-embed and always
shows the same figures in a table (screen readers, printing, no JavaScript). Suppressed groups are
never in a chart. Colours have at least 3:1 contrast on white and differ in lightness, and every bar
carries its value in the tooltip and the table.
"""

from __future__ import annotations

import altair as alt
from django.utils.translation import gettext as _

PROBLEM_COLOUR = "#b35c00"  # orange, 4.6:1 on white
ACUTE_COLOUR = "#a4161a"  # red, 7.4:1 on white
BAR_COLOUR = "#1d4e89"  # blue, 8.6:1 on white
OWN_COLOUR = "#0b6e4f"  # green, 6.1:1 on white


def _width(width):
    return "container" if width is None else width


def _finish(chart: alt.Chart, width) -> dict:
    """Fit the whole chart (labels and legend included) into the container width on the page."""
    spec = chart.properties(width=_width(width)).to_dict()
    if width is None:
        spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return spec


def indicators_chart(rows, width=None) -> dict:
    """Problem rate (incl. acute) and acute rate per indicator, as grouped horizontal bars."""
    problem, acute = _("Problem (incl. acute)"), _("Acute problem")
    values = []
    for r in rows:
        if r.problem_rate is not None:
            values.append({"indicator": r.title, "measure": problem, "rate": r.problem_rate})
        if r.acute_rate is not None:
            values.append({"indicator": r.title, "measure": acute, "rate": r.acute_rate})
    order = [r.title for r in rows]
    chart = alt.Chart(alt.Data(values=values)).mark_bar().encode(
        x=alt.X("rate:Q", title=_("Share of respondents"), axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("indicator:N", title=None, sort=order),
        yOffset=alt.YOffset("measure:N", sort=[problem, acute]),
        color=alt.Color("measure:N", title=None, sort=[problem, acute],
                        scale=alt.Scale(domain=[problem, acute], range=[PROBLEM_COLOUR, ACUTE_COLOUR]),
                        legend=alt.Legend(orient="bottom", direction="vertical")),
        tooltip=[alt.Tooltip("indicator:N", title=_("Indicator")), alt.Tooltip("measure:N", title=_("Measure")),
                 alt.Tooltip("rate:Q", title=_("Share"), format=".1%")],
    ).properties(height=alt.Step(12))
    return _finish(chart, width)


def rates_chart(items, width=None, title=None) -> dict:
    """Horizontal bars of workability rates: ``items`` are dicts with ``label``, ``rate`` (0-1), ``own``."""
    values = [{"label": i["label"], "rate": i["rate"], "own": bool(i.get("own"))} for i in items if i["rate"] is not None]
    chart = alt.Chart(alt.Data(values=values)).mark_bar().encode(
        x=alt.X("rate:Q", title=title or _("Workability rate"), axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("label:N", title=None, sort=[v["label"] for v in values]),
        color=alt.condition(alt.datum.own, alt.value(OWN_COLOUR), alt.value(BAR_COLOUR)),
        tooltip=[alt.Tooltip("label:N", title=_("Group")), alt.Tooltip("rate:Q", title=_("Rate"), format=".1%")],
    ).properties(height=alt.Step(22))
    return _finish(chart, width)


def to_svg(spec: dict) -> str:
    """Static SVG of a Vega-Lite spec (vl-convert, no browser); used by the PDF export."""
    import vl_convert

    return vl_convert.vegalite_to_svg(spec)
