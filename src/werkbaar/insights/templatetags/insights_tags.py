"""Template helpers of the insights app: traffic-light badges, percentages, intervals, suppressed cells."""

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()

SHAPES = {"green": "●", "orange": "▲", "red": "■"}


@register.inclusion_tag("insights/_traffic_light.html")
def traffic_light(light, label=""):
    """A badge with colour, a shape and words (never colour alone)."""
    if light not in SHAPES:
        return {"light": None, "label": label}
    names = {"green": _("Good"), "orange": _("Attention"), "red": _("Act now")}
    return {"light": light, "shape": SHAPES[light], "text": names[light], "label": label}


@register.filter
def pct(value, digits=1):
    """0.5121 -> '51.2%' (localised decimal separator); '–' for None."""
    if value is None or value == "":
        return "–"
    return f"{formats.number_format(float(value) * 100, int(digits))}%"


@register.filter
def ci(value, digits=1):
    """[0.41, 0.6] -> '41.0% – 60.0%'; empty when there is no interval."""
    if not value:
        return ""
    low, high = value
    return f"{pct(low, digits)} – {pct(high, digits)}"


@register.filter
def num(value, digits=1):
    if value is None:
        return "–"
    return formats.number_format(value, int(digits))


@register.simple_tag
def fewer_than(min_group):
    """The text of a suppressed cell: 'fewer than N' (marked; the footnote explains secondary hiding)."""
    return _("fewer than %(n)s") % {"n": min_group}


@register.simple_tag
def hidden_text(reason, min_group, min_organisations=None):
    """Why a cell or figure is hidden: 'fewer than N' or 'hidden so that a smaller group cannot be worked out'."""
    from werkbaar.insights.report import hidden_text as text

    return text(reason, min_group, min_organisations)


@register.filter
def points(value, digits=1):
    """A difference of two rates in percentage points: 0.052 -> '+5.2 pp'."""
    if value is None:
        return "–"
    unit = _("pp")  # percentage points
    # formatted like the engine's verdict text (same rounding), with the locale's decimal separator
    text = f"{100 * float(value):+.{int(digits)}f}".replace(".", formats.get_format("DECIMAL_SEPARATOR"))
    if value == 0:
        text = text.lstrip("+")
    return f"{text} {unit}"


@register.simple_tag
def too_few_text(min_group):
    """Why a scan with too few answers shows no figure: the number needed, never the number received."""
    from werkbaar.insights.report import too_few_text as text

    return text(min_group)
