"""Suggestions from a closed campaign: rank the menu's actions for one company, and explain why.

Pure functions, no database: the inputs are an engine result in the issue-4 JSON shape, the
sector's and the reference figures as {scale id: problem rate}, and the candidate actions as
(id, [indicator ids]) pairs.

Rules (documented in docs/actions.md):

* Every indicator with an overall problem rate gets a weight
  ``rate + 0.5 x max(0, rate - sector rate) + 0.25 x max(0, rate - reference rate)``.
  An indicator drives suggestions when its rate is at least ``MIN_RATE`` or it is worse than the
  sector or the reference figure.
* An unsuppressed group (n >= the minimum group size) whose rate exceeds the overall rate by at
  least ``HOTSPOT_GAP`` adds ``0.25 x`` the excess and is named in the explanation. Suppressed
  groups, and groups without a published n at or above the minimum, are ignored entirely: they never
  change a weight and are never mentioned, whatever figures the dict may carry.
* An action scores the highest weight among its indicators plus 0.2 x the second highest (more tags
  do not add more), times its scope factor (company 1.0, sector 0.9, needs policy 0.8); actions that
  address no driving indicator are not suggested. Ties: more driving indicators first, then id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MIN_RATE = 0.10
HOTSPOT_GAP = 0.10
SECTOR_WEIGHT = 0.5
REFERENCE_WEIGHT = 0.25
HOTSPOT_WEIGHT = 0.25
SECONDARY_WEIGHT = 0.2


@dataclass(frozen=True)
class Hotspot:
    breakdown: str
    value: str | None  # None: the group of respondents who left the question blank ("unknown")
    rate: float
    n: int


@dataclass(frozen=True)
class Finding:
    """Why one indicator matters for this company."""

    scale: str
    rate: float
    n: int | None
    sector_rate: float | None = None
    reference_rate: float | None = None
    hotspots: tuple[Hotspot, ...] = ()
    weight: float = 0.0


@dataclass
class Suggestion:
    action_id: object
    score: float
    findings: list[Finding] = field(default_factory=list)


def unwrap(result: dict) -> dict:
    """Accept the engine result or the insights app's wrapper ({"result": engine result, ...})."""
    if "overall" not in result and isinstance(result.get("result"), dict):
        return result["result"]
    return result


def _published(cell: dict, min_group: int) -> bool:
    n = cell.get("n")
    return not cell.get("suppressed") and isinstance(n, int) and n >= min_group


def findings(
    result: dict,
    sector: dict[str, float | None] | None = None,
    reference: dict[str, float | None] | None = None,
) -> dict[str, Finding]:
    """Per scale id, the finding that may drive suggestions (only driving indicators are returned)."""
    result = unwrap(result)
    sector, reference = sector or {}, reference or {}
    min_group = int(result.get("min_group") or 5)
    overall = result.get("overall") or {}
    if not _published(overall, min_group):
        return {}
    out: dict[str, Finding] = {}
    for scale_id, fig in (overall.get("scales") or {}).items():
        rate = fig.get("problem_rate")
        if rate is None:
            continue
        s_rate, r_rate = sector.get(scale_id), reference.get(scale_id)
        worse_than = (s_rate is not None and rate > s_rate) or (r_rate is not None and rate > r_rate)
        if rate < MIN_RATE and not worse_than:
            continue
        hotspots = []
        for breakdown, cells in (result.get("groups") or {}).items():
            for cell in cells or []:
                if not _published(cell, min_group):
                    continue
                g = ((cell.get("scales") or {}).get(scale_id) or {}).get("problem_rate")
                if g is not None and g - rate >= HOTSPOT_GAP:
                    value = cell.get("value")
                    hotspots.append(Hotspot(breakdown, None if value in (None, "") else str(value), g, cell["n"]))
        hotspots.sort(key=lambda h: (-h.rate, h.breakdown, h.value or ""))
        weight = rate
        if s_rate is not None:
            weight += SECTOR_WEIGHT * max(0.0, rate - s_rate)
        if r_rate is not None:
            weight += REFERENCE_WEIGHT * max(0.0, rate - r_rate)
        if hotspots:
            weight += HOTSPOT_WEIGHT * (hotspots[0].rate - rate)
        out[scale_id] = Finding(scale_id, rate, fig.get("n"), s_rate, r_rate, tuple(hotspots), round(weight, 6))
    return out


#: A company acts itself first: sector-wide and policy actions are still shown, a little lower.
SCOPE_FACTOR = {"company": 1.0, "sector": 0.9, "policy": 0.8}


def rank(
    result: dict,
    actions: Iterable[tuple],
    sector: dict[str, float | None] | None = None,
    reference: dict[str, float | None] | None = None,
    limit: int | None = None,
) -> list[Suggestion]:
    """The actions addressing the company's driving indicators, best first.

    ``actions`` holds ``(id, indicators)`` or ``(id, indicators, scope)`` tuples; the scope multiplies
    the score by :data:`SCOPE_FACTOR` (unknown or missing scope: 1.0).
    """
    found = findings(result, sector, reference)
    suggestions = []
    for action_id, indicators, *rest in actions:
        factor = SCOPE_FACTOR.get(rest[0], 1.0) if rest else 1.0
        hits = sorted((found[i] for i in dict.fromkeys(indicators) if i in found), key=lambda f: (-f.weight, f.scale))
        if not hits:
            continue
        # Only the second-best indicator adds to the score, so that an action is not favoured just for
        # carrying many tags.
        score = factor * (hits[0].weight + (SECONDARY_WEIGHT * hits[1].weight if len(hits) > 1 else 0.0))
        suggestions.append(Suggestion(action_id, round(score, 6), hits))
    suggestions.sort(key=lambda s: (-s.score, -len(s.findings), str(s.action_id)))
    return suggestions[:limit] if limit else suggestions


def pct(rate: float) -> str:
    return f"{round(rate * 100)}%"


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def explain(finding: Finding, title: str, group_labels: dict[str, str] | None = None) -> list[str]:
    """Plain sentences saying why an indicator drives a suggestion (translated with gettext)."""
    name = _lower_first(title)
    values = {"rate": pct(finding.rate), "indicator": name}
    if finding.sector_rate is not None:
        first = _("%(rate)s report a problem with %(indicator)s, against %(sector)s in your sector.") % {
            **values, "sector": pct(finding.sector_rate)}
    elif finding.reference_rate is not None:
        first = _(
            "%(rate)s report a problem with %(indicator)s, against %(reference)s in the reference figures "
            "(indicative)."
        ) % {**values, "reference": pct(finding.reference_rate)}
    else:
        first = _("%(rate)s report a problem with %(indicator)s.") % values
    sentences = [first]
    if finding.sector_rate is not None and finding.reference_rate is not None:
        sentences.append(_("The reference figure is %(reference)s (indicative).") % {
            "reference": pct(finding.reference_rate)})
    for hotspot in finding.hotspots[:1]:
        label = (group_labels or {}).get(hotspot.breakdown, hotspot.breakdown)
        sentences.append(_("In the group %(group)s “%(value)s” it is %(rate)s.") % {
            "group": _lower_first(str(label)), "value": hotspot.value if hotspot.value is not None else _("unknown"),
            "rate": pct(hotspot.rate)})
    return sentences
