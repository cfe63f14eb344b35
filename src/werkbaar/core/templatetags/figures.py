"""Template filters for numbers and dates in the reader's language (see ``werkbaar.core.formats``)."""

from django import template

from werkbaar.core import formats

register = template.Library()

for _name in ("short_date", "short_datetime", "long_date", "fte", "fte_days", "money"):
    register.filter(_name, getattr(formats, _name))


@register.filter
def num(value, decimals=None):
    """``{{ x|num }}`` as it is, ``{{ x|num:2 }}`` with 2 decimals, ``{{ x|num:"-1" }}`` at most 1."""
    if decimals is None or decimals == "":
        return formats.number(value)
    decimals = int(decimals)
    if decimals < 0:
        return formats.number(value, max_decimals=-decimals)
    return formats.number(value, decimals=decimals)
