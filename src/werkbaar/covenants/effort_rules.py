"""The effort share of a covenant's grant (the 2021 rule, seed 003 l.262-270): pure rules, no database.

From the 2021-2022 generation, 20% of the grant is tied to result commitments (the priorities' result
indicators, ``covenants.settlement``) and the rest to effort commitments (*inspanningsverbintenissen*:
carrying out the announced actions). Both percentages are data of the covenant (``result_share``,
``effort_share``); a covenant of an older generation has an effort share of 0 and is settled exactly as
before.

Rules:

- ``effort_share_eur`` = effort share x maximum grant.
- each effort commitment is assessed by the department: fulfilled (weight 1), partly fulfilled
  (weight 1/2), not fulfilled (0); a commitment not assessed yet is *pending* and weighs 0 until it is.
- ``effort_paid_eur`` = effort_share_eur x (sum of the weights) / number of effort commitments. A covenant
  with an effort share but no effort commitments at all has nothing to weigh: its effort share is paid
  in full (the money is tied to nothing that could be missed).
- ``effort_withheld_eur`` = effort_share_eur - effort_paid_eur, deducted from the payable amount by
  ``settlement.settle`` next to the withheld result share.

Public: ``Assessment`` (the values), ``EffortAssessment`` (one commitment), ``weigh(share_eur, efforts)
-> EffortOutcome``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


class Assessment:
    """The department's assessment of one effort commitment ("" = pending)."""

    FULFILLED = "fulfilled"
    PARTLY = "partly"
    NOT = "not"
    PENDING = ""


#: What each assessment pays of a commitment's part of the effort share.
WEIGHTS = {Assessment.FULFILLED: Decimal(1), Assessment.PARTLY: Decimal("0.5"), Assessment.NOT: Decimal(0)}


@dataclass(frozen=True)
class EffortAssessment:
    code: str
    assessment: str = Assessment.PENDING


@dataclass(frozen=True)
class EffortOutcome:
    total: int
    fulfilled: int
    partly: int
    not_fulfilled: int
    pending: tuple[str, ...]
    paid_eur: Decimal


def weigh(share_eur: Decimal, efforts) -> EffortOutcome:
    """The part of ``share_eur`` paid for the assessed effort commitments (see the module docstring)."""
    efforts = tuple(efforts)
    count = {a: sum(1 for e in efforts if e.assessment == a) for a in WEIGHTS}
    if not efforts:
        paid = Decimal(share_eur)
    else:
        weight = sum((WEIGHTS.get(e.assessment, Decimal(0)) for e in efforts), Decimal(0))
        paid = Decimal(share_eur) * weight / len(efforts)
    return EffortOutcome(
        total=len(efforts), fulfilled=count[Assessment.FULFILLED], partly=count[Assessment.PARTLY],
        not_fulfilled=count[Assessment.NOT],
        pending=tuple(e.code for e in efforts if e.assessment not in WEIGHTS), paid_eur=paid,
    )
