"""Counts of the covenant's own addenda published as linked sources, and the report fields they fill.

The dual-learning counts of a covenant's dual-learning addenda (``covenants.dual_learning.*``): a
result indicator can link to one, and the reports' dual-learning section is pre-filled from them. The
phases of a non-discrimination addendum fill the report's non-discrimination section.

Public: ``dual_totals_for(covenant_or_addenda, start, end) -> dict``, ``report_values(addendum, start,
end) -> dict[field, str]`` (the report fields an addendum's process can fill for a period).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from werkbaar.core.formats import short_date

from . import addenda_rules as rules
from .linked_sources import register


def dual_totals_for(addenda, start, end) -> dict:
    """The dual-learning figures of [start, end] over the given dual-learning addenda."""
    from .addenda_process import DualLearningFigure

    figures = DualLearningFigure.objects.filter(addendum__in=addenda).select_related("addendum__covenant")
    return rules.dual_totals([f.facts() for f in figures], start, end)


def _dual_addenda(covenant):
    return covenant.addenda.filter(kind="dual_learning")


def _source(key: str, label, unit: str):
    @register(f"covenants.dual_learning.{key}", label, unit=unit)
    def count(covenant, start, end):
        return dual_totals_for(_dual_addenda(covenant), start, end)[key]

    return count


workplaces = _source("workplaces", gettext_lazy("Dual learning: learning workplaces"), "learning_workplaces")
quality_workplaces = _source("quality_workplaces",
                             gettext_lazy("Dual learning: workplaces meeting the quality criteria"),
                             "learning_workplaces")
company_visits = _source("company_visits", gettext_lazy("Dual learning: company visits"), "other")
recognitions = _source("recognitions", gettext_lazy("Dual learning: recognitions of workplaces"), "other")
mentors_trained = _source("mentors_trained", gettext_lazy("Dual learning: mentors trained"), "participants")


#: The report fields an addendum's process can fill, per addendum kind (see reporting.template_spec).
FILLABLE = {
    "dual_learning": ("workplaces", "quality", *rules.DUAL_FIGURES[1:]),
    "non_discrimination": ("risk_analysis", "baseline_method", "baseline_period", "baseline_results", "actions",
                           "followup_results"),
}


def report_values(addendum, start, end) -> dict[str, str]:
    """The report fields the addendum's process fills for [start, end]: for a dual-learning addendum its
    counts (fields without data are left out), for a non-discrimination addendum its phases."""
    if addendum.kind == "dual_learning":
        return _dual_values(addendum, start, end)
    if addendum.kind == "non_discrimination":
        return _phase_values(addendum)
    return {}


def _dual_values(addendum, start, end) -> dict[str, str]:
    from .addenda_process import DualLearningFigure

    figures = list(DualLearningFigure.objects.filter(addendum=addendum).select_related("addendum__covenant"))
    totals = rules.dual_totals([f.facts() for f in figures], start, end)
    out = {key: str(value) for key, value in totals.items() if value is not None}
    notes = [f.quality_note.strip() for f in figures if f.quality_note.strip()
             and start <= f.period_start and f.period_end <= end]
    quality = []
    if totals["quality_workplaces"] is not None and totals["workplaces"] is not None:
        quality.append(_("%(quality)s of %(total)s learning workplaces meet the quality criteria.") % {
            "quality": totals["quality_workplaces"], "total": totals["workplaces"]})
    if quality or notes:
        out["quality"] = "\n".join(quality + notes)
    return out


def _phase_line(phase) -> str:
    line = f"{phase.get_status_display()}"
    if phase.deadline:
        line += f" ({_('deadline')} {short_date(phase.deadline)})"
    if phase.status_reason:
        line += f": {phase.status_reason}"
    return line


def _phase_values(addendum) -> dict[str, str]:
    phases = {p.phase: p for p in addendum.phases.all()}
    out = {}
    risk = phases.get("risk_analysis")
    if risk and risk.status != "planned":
        parts = [_phase_line(risk)]
        if risk.domains:
            parts.append(_("Domains: %(domains)s") % {"domains": ", ".join(risk.domain_labels())})
        parts.append(risk.key_result)
        out["risk_analysis"] = "\n".join(p for p in parts if p)
    baseline = phases.get("baseline")
    if baseline and baseline.status != "planned":
        if baseline.status == "waived":
            out["baseline_method"] = "none"
            out["baseline_results"] = _("No baseline measurement: %(reason)s") % {"reason": baseline.status_reason}
        else:
            if baseline.method:
                out["baseline_method"] = baseline.method
            out["baseline_results"] = "\n".join(p for p in (_measurement_line(baseline), baseline.key_result) if p)
        if baseline.deadline:
            out["baseline_period"] = _("by %(date)s") % {"date": short_date(baseline.deadline)}
    plan = phases.get("action_plan")
    if plan and plan.status != "planned":
        out["actions"] = "\n".join(p for p in (_phase_line(plan), plan.key_result) if p)
    follow_up = phases.get("follow_up")
    if follow_up and follow_up.status != "planned":
        out["followup_results"] = "\n".join(p for p in (_phase_line(follow_up), _measurement_line(follow_up),
                                                        follow_up.key_result) if p)
    return out


def _measurement_line(phase) -> str:
    bits = []
    if phase.method:
        bits.append(phase.get_method_display())
    if phase.tests_count is not None:
        bits.append(ngettext("%(n)s test", "%(n)s tests", phase.tests_count) % {"n": phase.tests_count})
    if phase.criteria:
        bits.append(", ".join(phase.criterion_labels()))
    return "; ".join(str(b) for b in bits)
