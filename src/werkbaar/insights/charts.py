"""Vega-Lite chart specifications (built with Altair) for the reports, and their static SVG for the PDF.

Each function returns a Vega-Lite dict; the page embeds it with the vendored vega-embed and always
shows the same figures in a table (screen readers, printing, no JavaScript). Suppressed groups are
never in a bar chart; the heatmap shows a hidden cell as a grey cell with a cross and carries no figure
for it (not in its colour, its tooltip or its data). Colours have at least 3:1 contrast on white and
differ in lightness, and every bar carries its value in the tooltip and the table.

Axis labels are never cut off: long labels are wrapped on word boundaries into lines of at most
:data:`LABEL_LINE` characters (:func:`wrap_label`, written into the spec as a ``labelExpr``) and the
label limit is lifted, on the page and in the PDF alike.
"""

from __future__ import annotations

import json

import altair as alt
from django.utils.translation import gettext as _

PROBLEM_COLOUR = "#b35c00"  # orange, 4.6:1 on white
ACUTE_COLOUR = "#a4161a"  # red, 7.4:1 on white
BAR_COLOUR = "#1d4e89"  # blue, 8.6:1 on white
OWN_COLOUR = "#0b6e4f"  # green, 6.1:1 on white


LABEL_LINE = 24  # characters per line of a wrapped axis label
NO_LABEL_LIMIT = 1000  # pixels: vega cuts labels at 180 px by default ("Werkstress en psychische…")


def wrap_label(text: str, width: int = LABEL_LINE) -> list[str]:
    """Split a label into lines of at most ``width`` characters at spaces (a longer word keeps its own line)."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [str(text)]


def label_expr(labels) -> str:
    """A Vega expression that shows every label of ``labels`` in full, wrapped over several lines."""
    expr = "datum.label"
    for label in dict.fromkeys(labels):
        lines = wrap_label(label)
        if len(lines) > 1:
            expr = f"datum.label === {json.dumps(label)} ? {json.dumps(lines)} : {expr}"
    return expr


def label_axis(labels, **kwargs) -> alt.Axis:
    """An axis whose labels are wrapped and never truncated."""
    return alt.Axis(labelExpr=label_expr(labels), labelLimit=NO_LABEL_LIMIT, **kwargs)


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
        y=alt.Y("indicator:N", title=None, sort=order, axis=label_axis(order)),
        yOffset=alt.YOffset("measure:N", sort=[problem, acute]),
        color=alt.Color("measure:N", title=None, sort=[problem, acute],
                        scale=alt.Scale(domain=[problem, acute], range=[PROBLEM_COLOUR, ACUTE_COLOUR]),
                        legend=alt.Legend(orient="bottom", direction="vertical")),
        tooltip=[alt.Tooltip("indicator:N", title=_("Indicator")), alt.Tooltip("measure:N", title=_("Measure")),
                 alt.Tooltip("rate:Q", title=_("Share"), format=".1%")],
    ).properties(height=alt.Step(14))
    return _finish(chart, width)


def rates_chart(items, width=None, title=None) -> dict:
    """Horizontal bars of workability rates: ``items`` are dicts with ``label``, ``rate`` (0-1), ``own``."""
    values = [{"label": i["label"], "rate": i["rate"], "own": bool(i.get("own"))} for i in items if i["rate"] is not None]
    chart = alt.Chart(alt.Data(values=values)).mark_bar().encode(
        x=alt.X("rate:Q", title=title or _("Workability rate"), axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("label:N", title=None, sort=[v["label"] for v in values],
                axis=label_axis([v["label"] for v in values])),
        color=alt.condition(alt.datum.own, alt.value(OWN_COLOUR), alt.value(BAR_COLOUR)),
        tooltip=[alt.Tooltip("label:N", title=_("Group")), alt.Tooltip("rate:Q", title=_("Rate"), format=".1%")],
    ).properties(height=alt.Step(22))
    return _finish(chart, width)


def to_svg(spec: dict) -> str:
    """Static SVG of a Vega-Lite spec (vl-convert, no browser); used by the PDF export."""
    import vl_convert

    return vl_convert.vegalite_to_svg(spec)


SIGNAL_FILL = {"green": "#1e6b33", "orange": "#b35c00", "red": "#a4161a", "none": "#ffffff", "hidden": "#d0d5da"}
DARK_FILLS = ("green", "orange", "red")  # white text on these, dark text on the others
INK = "#1b1f24"


def heatmap_chart(cells, groups: list[str], indicators: list[str], signal_names: dict[str, str],
                  width=None) -> dict:
    """Groups (columns) × indicators (rows), each cell coloured by its signal and marked with its
    symbol (● ▲ ■, – for a figure over nobody, ✕ for a hidden one), so colour is never the only cue.

    ``cells`` are :class:`werkbaar.insights.report.HeatCell`; a hidden cell carries its label,
    signal, cross and reason only: no figure reaches the spec, so neither colour, tooltip nor the
    page's JSON can give it away. ``signal_names`` label the legend (symbol and words)."""
    present = [s for s in SIGNAL_FILL if any(c.signal == s for c in cells)]
    values = [{"group": c.group, "indicator": c.indicator, "signal": signal_names[c.signal], "text": c.text,
               "note": c.note, "dark": c.signal in DARK_FILLS} for c in cells]
    domain = [signal_names[s] for s in present]
    base = alt.Chart(alt.Data(values=values)).encode(
        x=alt.X("group:N", title=None, sort=groups, axis=label_axis(groups, orient="top", labelAngle=0)),
        y=alt.Y("indicator:N", title=None, sort=indicators, axis=label_axis(indicators)),
        tooltip=[alt.Tooltip("group:N", title=_("Group")), alt.Tooltip("indicator:N", title=_("Indicator")),
                 alt.Tooltip("note:N", title=_("Figure"))],
    )
    rect = base.mark_rect(stroke="#ffffff", strokeWidth=2).encode(
        color=alt.Color("signal:N", title=None, sort=domain,
                        scale=alt.Scale(domain=domain, range=[SIGNAL_FILL[s] for s in present]),
                        legend=alt.Legend(orient="bottom", direction="vertical", symbolStrokeColor=INK,
                                          symbolStrokeWidth=1, labelLimit=NO_LABEL_LIMIT)),
    )
    text = base.mark_text(fontSize=11).encode(
        text="text:N", color=alt.condition(alt.datum.dark, alt.value("#ffffff"), alt.value(INK)),
    )
    chart = alt.layer(rect, text).properties(height=alt.Step(26))
    return _finish(chart, width)
