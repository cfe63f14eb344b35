"""Numbers and dates in the reader's language (Belgian Dutch or French conventions).

One style per kind of place: tables and forms use the short date (29/11/2026), prose, letters and
PDFs the long date (29 november 2026, 29 novembre 2026). Numbers group thousands and use the decimal
comma of the active language (1.234,56 in Dutch, 1 234,56 in French). FTE always has 2 decimals,
FTE-days at most 1. The template filters of the same names are in ``core/templatetags/figures.py``.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import dateformat, formats, timezone

SHORT_DATE = "d/m/Y"
SHORT_DATETIME = "d/m/Y H:i"
LONG_DATE = "j F Y"


def _as_date(value):
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def short_date(value) -> str:
    """29/11/2026 ('' for no date); accepts a date, a datetime or an ISO string."""
    value = _as_date(value)
    return dateformat.format(value, SHORT_DATE) if value else ""


def short_datetime(value) -> str:
    """29/11/2026 18:40 (a date without a time: 29/11/2026)."""
    value = _as_date(value)
    if not value:
        return ""
    return dateformat.format(value, SHORT_DATETIME if isinstance(value, datetime) else SHORT_DATE)


def long_date(value) -> str:
    """29 november 2026 / 29 novembre 2026 in the active language ('' for no date)."""
    value = _as_date(value)
    return dateformat.format(value, LONG_DATE) if value else ""


def number(value, decimals: int | None = None, max_decimals: int | None = None) -> str:
    """A number in the active language: ``decimals`` fixed, or at most ``max_decimals`` (trailing zeros
    dropped), or as it is; thousands grouped. None gives ''."""
    if value is None or value == "":
        return ""
    try:
        value = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    if decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    elif max_decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-max_decimals), ROUND_HALF_UP)
        value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def fte(value) -> str:
    """FTE with 2 decimals: 0,80."""
    return number(value, decimals=2)


def fte_days(value) -> str:
    """FTE-days with at most 1 decimal: 273 or 273,5."""
    return number(value, max_decimals=1)


def money(value) -> str:
    """An amount in euro with 2 decimals, without the sign: 36.649,32."""
    return number(value, decimals=2)
