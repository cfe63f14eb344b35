"""The one strict parser for an answer value, shared by every path that takes answers.

The web questionnaire, its autosave, the submission API and the paper import all reach
:func:`werkbaar.scans.services.clean_submission`, which parses each value with :func:`parse_answer`.
Pure: no Django models, no database.

Accepted: an ``int`` (not ``bool``: JSON ``true`` is never 1), a ``float`` with an integral value
(JSON ``3.0``), or text of at most :data:`MAX_DIGITS` ASCII digits with an optional single leading
minus sign and surrounding spaces. The value must be one of the item's scale values. Everything else
(``"²"``, ``"٣"``, ``"--2"``, ``"+2"``, ``"2.5"``, 5,000 digits, lists, objects) raises
:class:`InvalidAnswer` with a message meant for the respondent or the importer.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

#: Longest accepted text value; scale values are small integers, this is far above any of them.
MAX_DIGITS = 6
#: How much of a refused value is echoed back in the message.
ECHO_CHARS = 20

_INTEGER_TEXT = re.compile(r"-?[0-9]{1,%d}" % MAX_DIGITS, re.ASCII)


class InvalidAnswer(ValueError):
    """The value is not one of the item's answer values; ``message`` is translated and bounded."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_answer(value, scale_values) -> int:
    """The integer answer for ``value``, or raise :class:`InvalidAnswer` (see the module docstring)."""
    number = _as_integer(value)
    if number is None or number not in tuple(scale_values):
        raise InvalidAnswer(
            _("Value %(value)s is outside the answer scale (%(values)s).")
            % {"value": _echo(value), "values": ", ".join(str(v) for v in scale_values)}
        )
    return number


def _as_integer(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        return int(text) if _INTEGER_TEXT.fullmatch(text) else None
    return None


def _echo(value) -> str:
    """A short, safe rendering of a refused value for the error message."""
    if isinstance(value, (dict, list)):
        return type(value).__name__
    if isinstance(value, int) and value.bit_length() > 64:  # repr() of a huge int is slow or refused
        return "…"
    text = repr(value)
    return text if len(text) <= ECHO_CHARS else text[:ECHO_CHARS] + "…"
