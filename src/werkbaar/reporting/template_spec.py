"""The reporting template declared as data, and how it expands into the sections of one report.

A template ``spec`` is a dict ``{"sections": [...]}``. Each section declaration has a ``kind`` that
says what it repeats over:

- ``per_action``: one section per covenant action (status, narrative, reach with unit);
- ``per_indicator``: one per result indicator (measured value, evidence files, remarks);
- ``per_addendum``: one per addendum of the given ``addendum_kind`` (its commitments);
- ``consultants``: once (consultants and absences, pre-filled, with remarks);
- ``policy_recommendations``: once (the policy recommendations of the sector's learning networks in
  the report's period, pre-filled from ``networks.counts.policy_recommendations_for``);
- ``financial``: once, only in the report kinds listed in ``report_kinds`` (final report): eligible
  salary and running costs per consultant, other eligible costs, grant received.

Fields: ``{"key", "label", "type", "required", "choices"}`` where type is text, textarea, number,
date, choice or unit, and ``required`` is true, false or a list of report kinds. Labels are English
msgids (marked with ``gettext_noop``), translated when shown; a submitted version freezes them.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from werkbaar.covenants.models import Addendum, CovenantAction

ACTION_STATUS_CHOICES = [[value, label] for value, label in (
    ("planned", gettext_noop("planned")), ("running", gettext_noop("running")), ("done", gettext_noop("done")),
    ("dropped", gettext_noop("dropped")), ("conditional", gettext_noop("conditional")),
)]
BASELINE_METHODS = [
    ["correspondence_test", gettext_noop("correspondence test")],
    ["mystery_calls", gettext_noop("mystery calls")],
    ["survey", gettext_noop("survey")],
    ["none", gettext_noop("no baseline measurement (waived, see the results)")],
]

DEFAULT_SPEC = {
    "sections": [
        {
            "key": "action", "kind": "per_action", "title": gettext_noop("Action"),
            "fields": [
                {"key": "status", "label": gettext_noop("Status"), "type": "choice", "required": True,
                 "choices": ACTION_STATUS_CHOICES},
                {"key": "narrative", "label": gettext_noop("What was done"), "type": "textarea", "required": True},
                {"key": "reach", "label": gettext_noop("Reach (number)"), "type": "number", "required": False},
                {"key": "reach_unit", "label": gettext_noop("Unit of the reach"), "type": "unit", "required": False},
            ],
        },
        {
            "key": "indicator", "kind": "per_indicator", "title": gettext_noop("Result indicator"),
            "fields": [
                {"key": "measured_value", "label": gettext_noop("Measured value"), "type": "number", "required": True},
                {"key": "remarks", "label": gettext_noop("Remarks"), "type": "textarea", "required": False},
            ],
            "evidence": True,
        },
        {
            "key": "nondiscrimination", "kind": "per_addendum", "addendum_kind": "non_discrimination",
            "title": gettext_noop("Addendum non-discrimination"),
            "fields": [
                {"key": "risk_analysis", "label": gettext_noop("1. Risk analysis"), "type": "textarea", "required": True},
                {"key": "baseline_method", "label": gettext_noop("2. Baseline measurement: method"), "type": "choice",
                 "required": True, "choices": BASELINE_METHODS},
                {"key": "baseline_period", "label": gettext_noop("2. Baseline measurement: period"), "type": "text",
                 "required": True},
                {"key": "baseline_results", "label": gettext_noop("2. Baseline measurement: results (sector level only)"),
                 "type": "textarea", "required": True},
                {"key": "actions", "label": gettext_noop("3. Actions"), "type": "textarea", "required": True},
                {"key": "followup_results", "label": gettext_noop("4. Follow-up measurement: results"), "type": "textarea",
                 "required": ["final"]},
                {"key": "followup_comparison", "label": gettext_noop("4. Follow-up measurement compared with the baseline"),
                 "type": "textarea", "required": ["final"]},
            ],
        },
        {
            "key": "duallearning", "kind": "per_addendum", "addendum_kind": "dual_learning",
            "title": gettext_noop("Addendum dual learning"),
            "fields": [
                {"key": "workplaces", "label": gettext_noop("Number of learning workplaces"), "type": "number",
                 "required": True},
                {"key": "quality", "label": gettext_noop("Quality of the learning workplaces"), "type": "textarea",
                 "required": True},
                {"key": "quality_workplaces", "label": gettext_noop("Learning workplaces meeting the quality criteria"),
                 "type": "number", "required": False},
                {"key": "company_visits", "label": gettext_noop("Company visits"), "type": "number", "required": False},
                {"key": "recognitions", "label": gettext_noop("Recognitions of workplaces"), "type": "number",
                 "required": False},
                {"key": "mentors_trained", "label": gettext_noop("Mentors trained"), "type": "number", "required": False},
            ],
        },
        {
            "key": "addendum", "kind": "per_addendum", "addendum_kind": "*", "title": gettext_noop("Addendum"),
            "fields": [
                {"key": "commitments", "label": gettext_noop("How the commitments were met"), "type": "textarea",
                 "required": True},
            ],
        },
        {
            "key": "recommendations", "kind": "policy_recommendations",
            "title": gettext_noop("Policy recommendations from learning networks"),
            "fields": [
                {"key": "recommendations", "label": gettext_noop("Policy recommendations"), "type": "textarea",
                 "required": False},
            ],
        },
        {
            "key": "consultants", "kind": "consultants", "title": gettext_noop("Consultants and absences"),
            "fields": [
                {"key": "remarks", "label": gettext_noop("Changes and remarks"), "type": "textarea", "required": False},
            ],
        },
        {
            "key": "financial", "kind": "financial", "title": gettext_noop("Financial account"), "report_kinds": ["final"],
            "per_consultant": [
                {"key": "salary", "label": gettext_noop("Eligible salary costs (EUR)"), "type": "number", "required": True},
                {"key": "running", "label": gettext_noop("Eligible running costs (EUR)"), "type": "number", "required": True},
            ],
            "fields": [
                {"key": "other_costs", "label": gettext_noop("Other eligible costs (EUR)"), "type": "number", "required": True},
                {"key": "grant_received", "label": gettext_noop("Grant received (EUR)"), "type": "number", "required": True},
            ],
        },
    ]
}

#: Addendum kinds that have their own section declaration (the ``*`` declaration takes the rest).
_SPECIFIC_ADDENDA = {"non_discrimination", "dual_learning"}


@dataclass
class Section:
    """One concrete section of one report (for example the section of action 2.1)."""

    key: str
    title: str
    kind: str
    fields: list[dict]
    obj: object = None
    info: dict = field(default_factory=dict)
    evidence: bool = False


def _field_required(spec_field: dict, report_kind: str) -> bool:
    req = spec_field.get("required", False)
    if isinstance(req, list):
        return report_kind in req
    return bool(req)


def fields_for(section_spec: dict, report_kind: str, consultants=()) -> list[dict]:
    """The concrete fields of a section (per-consultant fields expanded), with ``required`` resolved."""
    out = []
    for c in consultants if section_spec.get("per_consultant") else ():
        for f in section_spec["per_consultant"]:
            out.append({**f, "key": f"{f['key']}_{c.pk}", "label": f["label"], "label_extra": c.name,
                        "required": _field_required(f, report_kind)})
    for f in section_spec.get("fields", []):
        out.append({**f, "required": _field_required(f, report_kind)})
    return out


def sections_for(report) -> list[Section]:
    """Expand the report's template over its covenant's actions, indicators, addenda and consultants."""
    covenant = report.covenant
    spec = report.template.spec
    sections: list[Section] = []
    consultants = list(covenant.consultants.all())
    for s in spec.get("sections", []):
        kinds = s.get("report_kinds")
        if kinds and report.kind not in kinds:
            continue
        title = _(s["title"])
        kind = s["kind"]
        if kind == "per_action":
            actions = CovenantAction.objects.filter(priority__covenant=covenant).select_related("priority")
            for a in actions:
                sections.append(Section(f"{s['key']}-{a.pk}", f"{title} {a.code} {a.title}", kind,
                                        fields_for(s, report.kind), a))
        elif kind == "per_indicator":
            for p in covenant.priorities.all():
                ind = getattr(p, "indicator", None) if hasattr(p, "indicator") else None
                if ind is None:
                    continue
                sections.append(Section(
                    f"{s['key']}-{ind.pk}", f"{title} {p.code} {p.title}", kind, fields_for(s, report.kind), ind,
                    info={"target": ind.target_value, "unit": ind.get_unit_display(), "unit_text": ind.unit_text,
                          "baseline": ind.baseline_value, "direction": ind.get_direction_display(),
                          "period": ind.get_period_display(), "description": ind.description},
                    evidence=bool(s.get("evidence")),
                ))
        elif kind == "per_addendum":
            wanted = s.get("addendum_kind")
            for ad in Addendum.objects.filter(covenant=covenant):
                if wanted == "*" and ad.kind in _SPECIFIC_ADDENDA:
                    continue
                if wanted not in ("*", ad.kind):
                    continue
                sections.append(Section(f"{s['key']}-{ad.pk}", f"{title}: {ad}", kind, fields_for(s, report.kind),
                                        ad, info={"commitments": ad.commitment_descriptions}))
        elif kind in ("consultants", "financial", "policy_recommendations"):
            sections.append(Section(s["key"], title, kind, fields_for(s, report.kind, consultants)))
    return sections


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def missing_sections(sections: list[Section], content: dict) -> list[tuple[Section, list[str]]]:
    """Sections with required fields still empty: (section, [field labels])."""
    missing = []
    for s in sections:
        data = content.get(s.key, {})
        labels = [
            (_(f["label"]) + (f" ({f['label_extra']})" if f.get("label_extra") else ""))
            for f in s.fields if f["required"] and is_blank(data.get(f["key"]))
        ]
        if labels:
            missing.append((s, labels))
    return missing


SECTION_KINDS = {"per_action", "per_indicator", "per_addendum", "consultants", "financial", "policy_recommendations"}
FIELD_TYPES = {"text", "textarea", "number", "date", "choice", "unit"}
REPORT_KINDS = {"progress", "final"}


def _field_problems(where: str, fields) -> list[str]:
    problems = []
    if not isinstance(fields, list):
        return [f"{where}: 'fields' must be a list"]
    keys = set()
    for j, f in enumerate(fields):
        at = f"{where}, field {j + 1}"
        if not isinstance(f, dict):
            problems.append(f"{at}: must be an object")
            continue
        for name in ("key", "label", "type"):
            if not f.get(name):
                problems.append(f"{at}: '{name}' is missing")
        if f.get("key") in keys:
            problems.append(f"{at}: duplicate key '{f['key']}'")
        keys.add(f.get("key"))
        if f.get("type") and f["type"] not in FIELD_TYPES:
            problems.append(f"{at}: unknown type '{f['type']}' (one of {', '.join(sorted(FIELD_TYPES))})")
        if f.get("type") == "choice" and not f.get("choices"):
            problems.append(f"{at}: a choice field needs 'choices'")
        req = f.get("required", False)
        if not isinstance(req, bool) and not (isinstance(req, list) and set(req) <= REPORT_KINDS):
            problems.append(f"{at}: 'required' is true, false or a list of report kinds (progress, final)")
    return problems


def validate_spec(spec) -> list[str]:
    """Problems in a template spec (empty when it can be used)."""
    if not isinstance(spec, dict) or not isinstance(spec.get("sections"), list):
        return ["the template must be an object with a list 'sections'"]
    problems, keys = [], set()
    for i, s in enumerate(spec["sections"]):
        where = f"section {i + 1}"
        if not isinstance(s, dict):
            problems.append(f"{where}: must be an object")
            continue
        key = s.get("key", "")
        if not key or not str(key).replace("_", "").isalnum():
            problems.append(f"{where}: 'key' must be letters and digits")
        elif key in keys:
            problems.append(f"{where}: duplicate key '{key}'")
        keys.add(key)
        if s.get("kind") not in SECTION_KINDS:
            problems.append(f"{where}: 'kind' must be one of {', '.join(sorted(SECTION_KINDS))}")
        if not s.get("title"):
            problems.append(f"{where}: 'title' is missing")
        if s.get("kind") == "per_addendum" and not s.get("addendum_kind"):
            problems.append(f"{where}: a per_addendum section needs 'addendum_kind' (a kind or '*')")
        if s.get("report_kinds") and not set(s["report_kinds"]) <= REPORT_KINDS:
            problems.append(f"{where}: 'report_kinds' may only hold progress and final")
        problems += _field_problems(where, s.get("fields", []))
        if "per_consultant" in s:
            problems += _field_problems(f"{where} (per consultant)", s["per_consultant"])
    return problems
