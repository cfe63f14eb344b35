"""A small Vega-Lite chart (Altair) of an indicator's values over time, rendered to SVG on the server
(vl-convert), so the page needs no JavaScript; the page shows a table with the same data as well.
Month names and numbers follow the interface language (d3 time-format and format locales)."""

import altair as alt
from django.utils import translation

#: d3 locales of vl-convert per interface language (Belgian conventions: nl-NL and fr-FR share them).
D3_LOCALES = {"nl": "nl-NL", "fr": "fr-FR", "en": "en-GB"}


def d3_locale(language: str | None = None) -> str:
    return D3_LOCALES.get((language or translation.get_language() or "nl")[:2], "nl-NL")


def indicator_chart_svg(points: list[dict], target: float | None, title: str) -> str:
    """points: [{"period_end": "2016-12-31", "value": 12.0, "source": "report"}]."""
    if not points:
        return ""
    import vl_convert as vlc

    base = alt.Chart(alt.Data(values=points)).encode(
        x=alt.X("period_end:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0)),
        y=alt.Y("value:Q", title=None),
    )
    chart = base.mark_line(point=True, color="#1d4f91") + base.mark_text(dy=-10, color="#222").encode(
        text="value:Q")
    if target is not None:
        rule = alt.Chart(alt.Data(values=[{"target": target}])).mark_rule(color="#b45309", strokeDash=[4, 4]).encode(
            y="target:Q")
        chart = chart + rule
    chart = chart.properties(width=300, height=160, title=title)
    locale = d3_locale()
    svg = vlc.vegalite_to_svg(chart.to_dict(), format_locale=locale, time_format_locale=locale)
    return svg.replace("<svg ", '<svg role="img" aria-hidden="true" focusable="false" ', 1)
