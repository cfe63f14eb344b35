"""Numbers and dates in the reader's language (core/formats.py, the `figures` filters, the chart)."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from werkbaar.core import formats


@pytest.mark.parametrize("language, expected", [
    ("nl-be", ["1.234,56", "0,80", "273", "273,5", "2.190", "29 november 2026", "29/11/2026", "12.000"]),
    ("fr", ["1\xa0234,56", "0,80", "273", "273,5", "2\xa0190", "29 novembre 2026", "29/11/2026", "12\xa0000"]),
])
def test_belgian_numbers_and_dates(language, expected):
    with translation.override(language):
        assert [
            formats.number(Decimal("1234.56")), formats.fte(Decimal("0.8")),
            formats.fte_days(Decimal("273.0000")),  # the raw settlement figure
            formats.fte_days(Decimal("273.45")),  # at most 1 decimal, rounded half up
            formats.fte_days("2190.0000"), formats.long_date(date(2026, 11, 29)),
            formats.short_date("2026-11-29"), formats.number(Decimal("12000.00"), max_decimals=2),
        ] == expected


def test_filters_in_a_template():
    with translation.override("nl-be"):
        out = Template('{% load figures %}{{ d|long_date }} · {{ x|num:"-2" }} · {{ f|fte }} · {{ n|num:2 }}').render(
            Context({"d": date(2017, 4, 28), "x": Decimal("17260.00"), "f": Decimal("1"), "n": 3}))
    assert out == "28 april 2017 · 17.260 · 1,00 · 3,00"


def test_the_indicator_chart_speaks_the_interface_language():
    from werkbaar.reporting.charts import indicator_chart_svg

    points = [{"period_end": "2016-03-31", "value": 100.0, "source": "report"},
              {"period_end": "2016-10-31", "value": 12000.0, "source": "report"}]
    with translation.override("fr"):
        svg = indicator_chart_svg(points, 16000.0, "P5")
    assert "oct." in svg or "octobre" in svg or "oct" in svg
    assert "Oct" not in svg and "October" not in svg and "April" not in svg
    assert "16\u00a0000" in svg or "16 000" in svg or "12\u00a0000" in svg  # French grouping, not 16,000


def test_history_values_are_belgian():
    from werkbaar.core.templatetags.core_tags import _audit_value
    from werkbaar.covenants.models import ResultIndicator
    from werkbaar.reporting.models import IndicatorValue

    with translation.override("nl-be"):
        assert _audit_value(IndicatorValue._meta.get_field("period_end"), "2021-12-31") == "31/12/2021"
        assert _audit_value(ResultIndicator._meta.get_field("target_value"), "1500.00") == "1.500,00"
        assert formats.short_datetime("2026-11-29T18:40:00+01:00")[:10] == "29/11/2026"
        assert formats.short_datetime("2026-11-29") == "29/11/2026"
