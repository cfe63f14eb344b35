"""A small Vega-Lite chart (Altair) of an indicator's values over time, rendered to SVG on the server
(vl-convert), so the page needs no JavaScript; the page shows a table with the same data as well."""

import altair as alt


def indicator_chart_svg(points: list[dict], target: float | None, title: str) -> str:
    """points: [{"period_end": "2016-12-31", "value": 12.0, "source": "report"}]."""
    if not points:
        return ""
    import vl_convert as vlc

    base = alt.Chart(alt.Data(values=points)).encode(
        x=alt.X("period_end:T", title=None),
        y=alt.Y("value:Q", title=None),
    )
    chart = base.mark_line(point=True, color="#1d4f91") + base.mark_text(dy=-10, color="#222").encode(
        text="value:Q")
    if target is not None:
        rule = alt.Chart(alt.Data(values=[{"target": target}])).mark_rule(color="#b45309", strokeDash=[4, 4]).encode(
            y="target:Q")
        chart = chart + rule
    chart = chart.properties(width=300, height=160, title=title)
    svg = vlc.vegalite_to_svg(chart.to_dict())
    return svg.replace("<svg ", '<svg role="img" aria-hidden="true" focusable="false" ', 1)
