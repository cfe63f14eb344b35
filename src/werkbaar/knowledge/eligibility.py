"""The measures finder's rules: who is eligible for a published measure and which fund calls are open.

Plain data in, plain data out; no database access. The finder page (``finder_views``) turns the
visitor's answers into :class:`Answers`, each published measure into :class:`MeasureTerms` and each
fund call into the fund's own ``fund.assessment.CallTerms``, and calls the functions below.

Public:

- ``Answers``: who asks (audience), their sector (``None``: other or not sure), company size
  (employers only), what they want to do (a theme, ``None``: anything) and region (``None``: anywhere).
- ``answer_errors(answers) -> tuple[str, ...]``: codes of answers that do not go together
  (``size_required``: an employer without a size; ``size_not_employer``: a size from anyone else).
- ``match(measure, answers, today) -> Match``: eligible or not, with the reasons (the answers that
  matched) and the misses (why not).
- ``eligible_measures(pairs, answers, today)``: the eligible ones of ``(key, MeasureTerms)`` pairs,
  most specific first, then the nearest deadline.
- ``calls_apply_to(answers) -> bool``: fund calls concern employers and sectors only.
- ``call_is_open(terms, today) -> bool``: the fund's rule (``fund.views``, ``fund.assessment``): the
  call's period includes today and budget remains.
- ``call_fits(call_sector_id, answers) -> bool``: a call for one sector only fits that sector.

Rules (each tag list empty = everyone):

- audience: the visitor's audience is one of the measure's audiences;
- sector: the measure names no sector, or names the visitor's; "other or not sure" gets only the
  measures for every sector (a sector measure cannot be promised to someone who is unsure);
- size: checked for employers only; the measure names no size, or the employer's band;
- theme: no theme asked, or the measure has no theme, or it has the theme asked;
- region: no region asked, or the measure has no region, or it names the region or all of Belgium;
- deadline: none, or today or later (a measure whose deadline has passed is never shown).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

EMPLOYER = "employer"
SECTOR = "sector"
BELGIUM = "belgium"

#: Codes of a match's reasons (what matched) in the order they are shown.
REASONS = ("audience", "audience_all", "sector", "sector_all", "size", "size_all", "theme", "theme_all",
           "region", "region_all", "deadline", "no_deadline")
#: Codes of a match's misses (why a measure is not for the visitor).
MISSES = ("audience", "sector", "size", "theme", "region", "deadline_passed")


@dataclass(frozen=True)
class Answers:
    audience: str
    sector_id: int | None = None
    size: str | None = None
    theme: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class MeasureTerms:
    audiences: tuple[str, ...] = ()
    sector_ids: tuple[int, ...] = ()
    sizes: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    deadline: date | None = None


@dataclass(frozen=True)
class Match:
    reasons: tuple[str, ...]
    misses: tuple[str, ...]

    @property
    def eligible(self) -> bool:
        return not self.misses

    @property
    def specificity(self) -> int:
        """How many answers matched a tag of the measure (not an empty "everyone" list)."""
        return sum(1 for r in self.reasons if r in ("audience", "sector", "size", "theme", "region"))


def answer_errors(answers: Answers) -> tuple[str, ...]:
    if answers.audience == EMPLOYER and not answers.size:
        return ("size_required",)
    if answers.audience != EMPLOYER and answers.size:
        return ("size_not_employer",)
    return ()


def _tag(code: str, tags, value, also=()) -> tuple[str | None, str | None]:
    """(reason, miss) of one tag list: empty matches everyone, ``None`` as the value matches anything."""
    if not tags:
        return f"{code}_all", None
    if value is None:
        return None, None
    if value in tags or any(a in tags for a in also):
        return code, None
    return None, code


def match(measure: MeasureTerms, answers: Answers, today: date) -> Match:
    reasons, misses = [], []

    def add(pair):
        reason, miss = pair
        if reason:
            reasons.append(reason)
        if miss:
            misses.append(miss)

    add(_tag("audience", measure.audiences, answers.audience))
    if not measure.sector_ids:
        reasons.append("sector_all")
    elif answers.sector_id is not None and answers.sector_id in measure.sector_ids:
        reasons.append("sector")
    else:
        misses.append("sector")
    if answers.audience == EMPLOYER:
        add(_tag("size", measure.sizes, answers.size))
    add(_tag("theme", measure.themes, answers.theme))
    add(_tag("region", measure.regions, answers.region, also=(BELGIUM,)))
    if measure.deadline is None:
        reasons.append("no_deadline")
    elif measure.deadline >= today:
        reasons.append("deadline")
    else:
        misses.append("deadline_passed")
    return Match(reasons=tuple(reasons), misses=tuple(misses))


def eligible_measures(pairs, answers: Answers, today: date) -> list[tuple[object, Match]]:
    """``(key, Match)`` of the eligible measures: most specific first, then the nearest deadline."""
    found = []
    for key, terms in pairs:
        result = match(terms, answers, today)
        if result.eligible:
            found.append((key, result, terms.deadline))
    found.sort(key=lambda f: (-f[1].specificity, f[2] is None, f[2] or today))
    return [(key, result) for key, result, _deadline in found]


def calls_apply_to(answers: Answers) -> bool:
    return answers.audience in (EMPLOYER, SECTOR)


def call_is_open(terms, today: date) -> bool:
    """``terms`` is the fund's ``CallTerms`` (with the committed amount filled in)."""
    return terms.opens <= today <= terms.closes and terms.remaining_eur > 0


def call_fits(call_sector_id: int | None, answers: Answers) -> bool:
    return call_sector_id is None or call_sector_id == answers.sector_id
