"""The rules of the addenda processes, as pure functions over plain data (no ORM).

Non-discrimination addenda run four phases in order: a risk analysis by domain, a baseline
measurement, an action plan and a follow-up measurement. Each phase has a deadline, a status and the
same result fields in every sector, so the department can put the sectors side by side. Dual-learning
addenda count learning workplaces (quantity and quality), company visits, recognitions and mentors
trained per period.

Public:

- ``PHASES``, ``DOMAINS``, ``METHODS``, ``CRITERIA``, ``DUAL_FIGURES`` (keys in order) and
  ``MEASUREMENTS`` (the phases that have a method and a number of tests);
- ``phase_problems(PhaseFacts) -> dict[field, message]``: what is wrong with a phase's fields;
- ``completion_problems(PhaseFacts) -> list[message]``: why a phase cannot be marked done yet;
- ``waiver_problems(reason) -> list[message]``: a phase is only waived with a reason;
- ``figure_problems(FigureFacts) -> dict[field, message]``: what is wrong with a dual-learning count;
- ``dual_totals(rows, start, end) -> dict[key, int | None]``: the counts of a report's period (stocks
  take the latest count, flows add up; ``None`` when no count lies in the period).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from werkbaar.core.formats import short_date

#: The four phases of a non-discrimination addendum, in order.
PHASES = ("risk_analysis", "baseline", "action_plan", "follow_up")
#: The phases that measure discrimination: they have a method, criteria and a number of tests.
MEASUREMENTS = ("baseline", "follow_up")
#: The domains a risk analysis looks at (where discrimination is most likely in the sector).
DOMAINS = ("recruitment", "training", "shop_floor", "progression")
#: How a sector measures: fictitious applications, calls posing as a client, or a survey.
METHODS = ("correspondence_test", "mystery_calls", "survey")
#: The grounds a measurement tests.
CRITERIA = ("origin", "gender", "age", "disability", "other")
#: The statuses a phase can have (changed only through ``covenants.addenda_process.PHASE_WORKFLOW``).
STATUSES = ("planned", "in_progress", "done", "not_done", "waived")
FINISHED = ("done", "not_done", "waived")

#: The dual-learning figures: stocks (a count at the end of the period) and flows (added up).
DUAL_STOCKS = ("workplaces", "quality_workplaces")
DUAL_FLOWS = ("company_visits", "recognitions", "mentors_trained")
DUAL_FIGURES = DUAL_STOCKS + DUAL_FLOWS


@dataclass(frozen=True)
class PhaseFacts:
    """A phase's fields as plain data, with the covenant's term."""

    phase: str
    covenant_start: date
    deadline: date | None = None
    method: str = ""
    tests_count: int | None = None
    criteria: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    key_result: str = ""


def phase_problems(f: PhaseFacts) -> dict[str, str]:
    """Problems with a phase's fields, by field name (empty when the fields may be saved)."""
    problems = {}
    if f.deadline is not None and f.deadline < f.covenant_start:
        problems["deadline"] = _("The deadline lies before the start of the covenant (%(start)s).") % {
            "start": short_date(f.covenant_start)}
    if f.tests_count is not None and f.tests_count < 0:
        problems["tests_count"] = _("The number of tests cannot be negative.")
    if f.phase not in MEASUREMENTS and (f.method or f.tests_count is not None or f.criteria):
        problems["method"] = _("Only the baseline and the follow-up measurement have a method, criteria and "
                               "a number of tests.")
    if f.phase != "risk_analysis" and f.domains:
        problems["domains"] = _("Only the risk analysis looks at domains.")
    return problems


def completion_problems(f: PhaseFacts) -> list[str]:
    """Why the phase cannot be marked done: a measurement needs its method, number of tests and criteria,
    and every phase its key result, so that sectors can be compared."""
    problems = []
    if f.phase in MEASUREMENTS:
        if not f.method:
            problems.append(_("A finished measurement needs its method."))
        if not f.tests_count:
            problems.append(_("A finished measurement needs the number of tests (at least 1)."))
        if not f.criteria:
            problems.append(_("A finished measurement needs the criteria it tested."))
    if f.phase == "risk_analysis" and not f.domains:
        problems.append(_("A finished risk analysis names the domains it looked at."))
    if not f.key_result.strip():
        problems.append(_("Give the key result of the phase (at sector level, never per company)."))
    return problems


def waiver_problems(reason: str) -> list[str]:
    """A phase is waived only with the sector's reason (for example: no baseline measurement because the
    sector builds on an earlier measurement of its own)."""
    if not (reason or "").strip():
        return [_("Give the reason why this phase is waived.")]
    return []


@dataclass(frozen=True)
class FigureFacts:
    """A dual-learning count as plain data, with the covenant's term."""

    covenant_start: date
    covenant_end: date
    period_start: date | None
    period_end: date | None
    counts: dict[str, int | None] = field(default_factory=dict)


def figure_problems(f: FigureFacts) -> dict[str, str]:
    """Problems with a dual-learning count, by field name (empty when it may be saved)."""
    problems = {}
    for key in DUAL_FIGURES:
        value = f.counts.get(key)
        if value is not None and value < 0:
            problems[key] = _("Counts cannot be negative.")
    if f.period_start and f.period_end:
        if f.period_end < f.period_start:
            problems["period_end"] = _("The end of the period lies before its start.")
        elif f.period_start < f.covenant_start or f.period_end > f.covenant_end:
            problems["period_start"] = _("The period lies outside the covenant's term (%(start)s – %(end)s).") % {
                "start": short_date(f.covenant_start), "end": short_date(f.covenant_end)}
    workplaces, quality = f.counts.get("workplaces"), f.counts.get("quality_workplaces")
    if workplaces is not None and quality is not None and quality > workplaces and "quality_workplaces" not in problems:
        problems["quality_workplaces"] = _("There cannot be more workplaces meeting the quality criteria than "
                                           "learning workplaces.")
    return problems


def dual_totals(rows: Iterable[FigureFacts], start: date, end: date) -> dict[str, int | None]:
    """The dual-learning figures of the period [start, end] from the counts whose period lies in it.

    Workplaces are a stock: the count of the latest period wins. Visits, recognitions and mentors
    trained are flows: they add up. A figure without any count in the period is ``None`` (no data),
    never a made-up 0.
    """
    inside = sorted((r for r in rows if r.period_start and r.period_end and start <= r.period_start
                     and r.period_end <= end), key=lambda r: (r.period_end, r.period_start))
    totals: dict[str, int | None] = {}
    for key in DUAL_STOCKS:
        values = [r.counts[key] for r in inside if r.counts.get(key) is not None]
        totals[key] = values[-1] if values else None
    for key in DUAL_FLOWS:
        values = [r.counts[key] for r in inside if r.counts.get(key) is not None]
        totals[key] = sum(values) if values else None
    return totals
