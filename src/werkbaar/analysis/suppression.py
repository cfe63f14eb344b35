"""Small-group suppression as pure rules over sizes: which cells of one breakdown to hide, and why.

Used by the engine for groups and for every figure inside them (docs/analysis-method.md, section 4),
and, with organisations as a second measure, for the sector view. No Polars, no Django.

- ``suppress(sizes, min_group)`` -> indices of suppressed groups (primary and secondary)
- ``suppression(measures, already=None, hide_empty=True)`` -> ``{index: SMALL | COMPLEMENTARY}``,
  the same rule over several measures at once and on top of cells already hidden
"""

from __future__ import annotations

from collections.abc import Sequence

SMALL = "small"  # suppressed_reason: fewer respondents (or clusters) than the minimum
COMPLEMENTARY = "complementary"  # suppressed_reason: hidden so that a smaller group cannot be worked out


def suppress(sizes: Sequence[int], min_group: int) -> set[int]:
    """Indices of the groups to suppress within one breakdown.

    Primary: every group with fewer than ``min_group`` respondents. Secondary: while the suppressed
    groups together hold more than 0 and fewer than ``min_group``, also suppress the smallest
    unsuppressed group (ties: the first in order). Stops when they hold at least ``min_group`` or all
    groups are suppressed.
    """
    return set(suppression([(sizes, min_group)]))


def suppression(
    measures: Sequence[tuple[Sequence[int], int]],
    already: dict[int, str] | None = None,
    hide_empty: bool = True,
) -> dict[int, str]:
    """Which cells of one breakdown to hide, and why: ``{index: SMALL | COMPLEMENTARY}``.

    ``measures`` are ``(sizes, minimum)`` pairs over the same cells, e.g. respondents behind a figure
    and the organisations they belong to. ``already`` holds cells hidden before (a hidden group, when
    deciding about one figure of it); they count in the sums below but keep their own reason.

    Primary (``SMALL``): a cell below the minimum of any measure (with ``hide_empty=False`` a cell
    of size 0 is left alone: a figure about nobody has nothing to hide). Secondary
    (``COMPLEMENTARY``): while, for some measure, the hidden cells together hold more than 0 and
    less than its minimum, hide the cell with the smallest positive size on that measure (ties: the
    first in order). Stops when no measure is short or no cell can help. Measures must be additive
    over the cells (each respondent, and each cluster, in one cell only).
    """
    reasons = dict(already or {})
    for sizes, minimum in measures:
        for i, size in enumerate(sizes):
            if size < minimum and (hide_empty or size > 0) and i not in reasons:
                reasons[i] = SMALL
    held = [sum(sizes[i] for i in reasons) for sizes, _minimum in measures]
    while True:
        for m, (sizes, minimum) in enumerate(measures):
            if 0 < held[m] < minimum:
                candidates = [(size, i) for i, size in enumerate(sizes) if size > 0 and i not in reasons]
                if candidates:
                    chosen = min(candidates)[1]
                    reasons[chosen] = COMPLEMENTARY
                    held = [total + other[chosen] for total, (other, _min) in zip(held, measures, strict=True)]
                    break
        else:
            return reasons
