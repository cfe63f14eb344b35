"""Checks on a result indicator's outcome before money depends on it (issue 14): pure functions.

- ``below_target(direction, value, target)``: for an ``increase`` indicator, a measured value under
  the target. (``decrease`` and ``maintain`` indicators are not checked here.)
- ``met_needs_justification(met, direction, value, target)``: marking such a priority *met* is a
  judgement against the number, so it needs a written justification.
- ``negative(value)``: reach and counts are never negative.
"""

from decimal import Decimal


def below_target(direction: str, value: Decimal | None, target: Decimal | None) -> bool:
    if direction != "increase" or value is None or target is None:
        return False
    return Decimal(value) < Decimal(target)


def met_needs_justification(met: bool | None, direction: str, value: Decimal | None, target: Decimal | None) -> bool:
    return met is True and below_target(direction, value, target)


def negative(value: Decimal | int | None) -> bool:
    return value is not None and value < 0
