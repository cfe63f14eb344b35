"""The covenant file (YAML): parsing and validation, settlement terms, import into and export from the database.

The format is a contract other tools rely on (issue 2, docs/covenant-file.md). ``parse(text)`` never
touches the database: it returns the cleaned data and ALL problems, each a line
``field.path: message``. ``werkbaar settle`` only needs ``parse`` and ``terms_from_data``.
``import_data`` writes a covenant in one transaction (create or update by code) with an audit
entry per change; ``export_covenant`` writes a stored covenant back to the same format.
"""

from __future__ import annotations

from decimal import Decimal

import yaml
from django.utils.translation import gettext as _

from werkbaar.core import untrusted
from werkbaar.core.file_checks import FieldChecker, field_path

from . import money_file
from .final_account import AddendumTerms, Commitment, FinancialAccount, addendum_budget
from .settlement import AbsencePeriod, ConsultantPeriod, CovenantTerms, IndicatorResult

TOP_KEYS = (
    "code", "title", "sector", "generation", "start", "end", "funded_fte", "max_grant_eur", "rate_per_fte_year_eur",
    "result_share", "themes", "signatories", "priorities", "consultants", "addenda", "financial_account",
    "indicator_results", "effort_share", "effort_commitments",
)
SIGNATORY_SIDES = ("government", "employer", "employee")
INDICATOR_PERIODS = ("year", "term")
DIRECTIONS = ("increase", "decrease", "maintain")
ACTION_STATUSES = ("planned", "running", "done", "dropped", "conditional")
ABSENCE_KINDS = ("sickness", "time_credit", "career_break", "maternity", "other")
ADDENDUM_KINDS = ("non_discrimination", "dual_learning", "focus_on_talent", "kilometre_charge", "other")
UNITS = (
    "people_reached", "employers_reached", "meetings", "learning_workplaces", "visitors", "participants",
    "trajectories", "other",
)


class CovenantFileError(Exception):
    """The file is invalid; ``problems`` holds one ``field: message`` line per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class _Loader(untrusted.BoundedLoader):
    """Safe YAML without implicit floats: ``0.10`` stays the text "0.10" (exact Decimal, codes such as
    ``1.10`` keep their zero); bounded like every uploaded file (no anchors/aliases, no deep nesting)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:float"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse(text: str) -> tuple[dict | None, list[str]]:
    """Parse and validate a covenant file. Returns (cleaned data, problems); data is None if problems."""
    try:
        raw = untrusted.load_yaml(text, _Loader)
    except untrusted.UntrustedFileError as exc:
        return None, [f"{_('file')}: {exc}"]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("line %(line)d") % {"line": mark.line + 1} if mark else _("file")
        message = _("not valid YAML")
        return None, [f"{where}: {message} ({getattr(exc, 'problem', exc)})"]
    data, problems = clean(raw)
    return (data if not problems else None), problems


def parse_path(path) -> tuple[dict | None, list[str]]:
    try:
        text = untrusted.read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        message = _("cannot read the file")
        return None, [f"{path}: {message} ({exc})"]
    except untrusted.UntrustedFileError as exc:
        return None, [f"{path}: {exc}"]
    return parse(text)


def clean(raw) -> tuple[dict, list[str]]:
    """Validate the loaded YAML structure; every problem is collected, none stops the check."""
    c = FieldChecker()
    if c.mapping(raw, "", TOP_KEYS) is None:
        return {}, [_("file: expected a mapping of fields (code, sector, start, ...)")]
    d: dict = {
        "code": c.text(raw, "code", "code", required=True, max_length=60),
        "title": c.text(raw, "title", "title"),
        "sector": c.text(raw, "sector", "sector", required=True, max_length=40),
        "generation": c.text(raw, "generation", "generation", required=True, max_length=20),
        "start": c.date(raw, "start", "start", required=True),
        "end": c.date(raw, "end", "end", required=True),
        "funded_fte": c.number(raw, "funded_fte", "funded_fte", required=True, positive=True, maximum=Decimal(9999)),
        "max_grant_eur": c.number(raw, "max_grant_eur", "max_grant_eur", positive=True),
        "rate_per_fte_year_eur": c.number(raw, "rate_per_fte_year_eur", "rate_per_fte_year_eur", positive=True),
        "result_share": c.share(raw, "result_share", "result_share", required=True),
    }
    start, end = d["start"], d["end"]
    term_ok = start is not None and end is not None
    if term_ok and end < start:
        c.add("end", _("the end (%(end)s) lies before the start (%(start)s)") % {"end": end, "start": start})
        term_ok = False
    already = any(p.startswith(("max_grant_eur:", "rate_per_fte_year_eur:")) for p in c.problems)
    if d["max_grant_eur"] is None and d["rate_per_fte_year_eur"] is None and not already:
        c.add("max_grant_eur", _("missing field (give max_grant_eur or rate_per_fte_year_eur)"))
    if d["max_grant_eur"] is not None and d["rate_per_fte_year_eur"] is not None:
        c.add("rate_per_fte_year_eur", _("give either max_grant_eur or rate_per_fte_year_eur, not both"))
    if d["max_grant_eur"] is None and d["rate_per_fte_year_eur"] is not None and term_ok:
        from .settlement import whole_years

        if whole_years(start, end) is None:
            c.add("max_grant_eur", _("the term is not a whole number of years, so an explicit maximum is needed"))

    themes = c.listing(raw, "themes", "themes")
    d["themes"] = [str(t).strip() for t in themes if str(t).strip()]

    d["signatories"] = []
    for i, s in enumerate(c.listing(raw, "signatories", "signatories")):
        path = field_path("signatories", i)
        if c.mapping(s, path, ("name", "side", "function")) is None:
            continue
        d["signatories"].append({
            "name": c.text(s, "name", field_path(path, "name"), required=True, max_length=200),
            "side": c.choice(s, "side", field_path(path, "side"), SIGNATORY_SIDES, required=True),
            "function": c.text(s, "function", field_path(path, "function")),
        })

    d["priorities"] = _clean_priorities(c, raw)
    d["consultants"] = _clean_consultants(c, raw, start if term_ok else None, end if term_ok else None)

    d["addenda"] = _clean_addenda(c, raw, start if term_ok else None, end if term_ok else None,
                                  rate_given=d["rate_per_fte_year_eur"] is not None)
    d["financial_account"] = _clean_account(c, raw)
    d["effort_share"], d["effort_commitments"] = money_file.clean_effort(c, raw, d["result_share"])

    d["indicator_results"] = {}
    results = raw.get("indicator_results")
    if results is not None and c.mapping(results, "indicator_results") is not None:
        codes = {p["code"] for p in d["priorities"]}
        for code, result in results.items():
            path = field_path("indicator_results", code)
            if str(code) not in codes:
                c.add(path, _("unknown priority code “%(code)s”") % {"code": code})
                continue
            if not isinstance(result, dict):
                c.add(path, _("expected a mapping such as {value: 3, met: true}"))
                continue
            c.mapping(result, path, ("value", "met", "note"))
            d["indicator_results"][str(code)] = {
                "value": c.number(result, "value", field_path(path, "value"), minimum=Decimal(0)),
                "met": c.boolean(result, "met", field_path(path, "met")),
                "note": c.text(result, "note", field_path(path, "note"), max_length=0),
            }
    return d, c.problems


def _clean_priorities(c: FieldChecker, raw: dict) -> list[dict]:
    priorities, seen = [], set()
    for i, p in enumerate(c.listing(raw, "priorities", "priorities")):
        path = field_path("priorities", i)
        if c.mapping(p, path, ("code", "title", "motivation", "theme", "indicator", "actions")) is None:
            continue
        code = c.text(p, "code", field_path(path, "code"), required=True, max_length=20)
        if code and code in seen:
            c.add(field_path(path, "code"), _("duplicate priority code “%(code)s”") % {"code": code})
        seen.add(code)
        item = {
            "code": code,
            "title": c.text(p, "title", field_path(path, "title"), required=True),
            "motivation": c.text(p, "motivation", field_path(path, "motivation"), max_length=0),
            "theme": c.text(p, "theme", field_path(path, "theme"), max_length=50),
            "indicator": None,
            "actions": [],
        }
        ipath = field_path(path, "indicator")
        indicator = p.get("indicator")
        if indicator is None:
            c.add(ipath, _("missing field"))
        elif c.mapping(indicator, ipath, (
            "description", "target", "unit", "unit_text", "period", "conditions", "baseline", "direction",
            "linked_source",
        )) is not None:
            unit = str(indicator.get("unit") or "other")
            unit_text = c.text(indicator, "unit_text", field_path(ipath, "unit_text"), max_length=100)
            if unit not in UNITS:
                unit, unit_text = "other", unit_text or unit
            item["indicator"] = {
                "description": c.text(indicator, "description", field_path(ipath, "description"), required=True,
                                      max_length=0),
                "target_value": c.number(indicator, "target", field_path(ipath, "target"), required=True, minimum=Decimal(0)),
                "unit": unit,
                "unit_text": unit_text[:100],
                "period": c.choice(indicator, "period", field_path(ipath, "period"), INDICATOR_PERIODS, default="term"),
                "conditions": c.text(indicator, "conditions", field_path(ipath, "conditions"), max_length=0),
                "baseline_value": c.number(indicator, "baseline", field_path(ipath, "baseline"), minimum=Decimal(0)),
                "direction": c.choice(indicator, "direction", field_path(ipath, "direction"), DIRECTIONS, default="increase"),
                "linked_source": c.text(indicator, "linked_source", field_path(ipath, "linked_source"), max_length=100),
            }
        action_codes = set()
        for j, a in enumerate(c.listing(p, "actions", field_path(path, "actions"))):
            apath = field_path(field_path(path, "actions"), j)
            if c.mapping(a, apath, (
                "code", "title", "description", "objective", "timing", "partners", "conditions", "status",
            )) is None:
                continue
            acode = c.text(a, "code", field_path(apath, "code"), required=True, max_length=20)
            if acode and acode in action_codes:
                c.add(field_path(apath, "code"), _("duplicate action code “%(code)s”") % {"code": acode})
            action_codes.add(acode)
            partners = a.get("partners") or []
            if isinstance(partners, str):
                partners = [partners]
            if not isinstance(partners, list):
                c.add(field_path(apath, "partners"), _("expected a list"))
                partners = []
            item["actions"].append({
                "code": acode,
                "title": c.text(a, "title", field_path(apath, "title"), required=True),
                "description": c.text(a, "description", field_path(apath, "description"), max_length=0),
                "objective": c.text(a, "objective", field_path(apath, "objective"), max_length=0),
                "timing": c.text(a, "timing", field_path(apath, "timing"), max_length=200),
                "partners": [str(x) for x in partners],
                "conditions": c.text(a, "conditions", field_path(apath, "conditions"), max_length=0),
                "status": c.choice(a, "status", field_path(apath, "status"), ACTION_STATUSES, default="planned"),
            })
        priorities.append(item)
    return priorities


def _clean_addenda(c: FieldChecker, raw: dict, term_start=None, term_end=None, rate_given=False) -> list[dict]:
    addenda = []
    for i, a in enumerate(c.listing(raw, "addenda", "addenda")):
        path = field_path("addenda", i)
        if c.mapping(a, path, ("kind", "title", "budget_eur", "fte", "result_share", "commitments",
                               "consultants")) is None:
            continue
        addenda.append({
            "kind": c.choice(a, "kind", field_path(path, "kind"), ADDENDUM_KINDS, required=True),
            "title": c.text(a, "title", field_path(path, "title")),
            "budget_eur": c.number(a, "budget_eur", field_path(path, "budget_eur"), minimum=Decimal(0)),
            "fte": c.number(a, "fte", field_path(path, "fte"), minimum=Decimal(0), maximum=Decimal(9999)),
            "result_share": c.share(a, "result_share", field_path(path, "result_share")) or Decimal(0),
            "commitments": _clean_commitments(c, a, field_path(path, "commitments")),
            "consultants": _clean_consultants(c, a, term_start, term_end, path=field_path(path, "consultants")),
        })
        money_file.check_addendum_fte(c, addenda[-1], path, rate_given)
    return addenda


def _clean_commitments(c: FieldChecker, addendum: dict, path: str) -> list[dict]:
    """Each commitment as {code, description, met}; a plain string is a pending commitment without code."""
    commitments, seen = [], set()
    for j, item in enumerate(c.listing(addendum, "commitments", path)):
        cpath = field_path(path, j)
        if not isinstance(item, dict):
            if isinstance(item, list):
                c.add(cpath, _("expected text or a mapping such as {code: ND1, description: ..., met: true}"))
                continue
            commitments.append({"code": "", "description": str(item).strip(), "met": None})
            continue
        c.mapping(item, cpath, ("code", "description", "met"))
        code = c.text(item, "code", field_path(cpath, "code"), max_length=20)
        if code and code in seen:
            c.add(field_path(cpath, "code"), _("duplicate commitment code “%(code)s”") % {"code": code})
        seen.add(code)
        commitments.append({
            "code": code,
            "description": c.text(item, "description", field_path(cpath, "description"), required=True, max_length=0),
            "met": c.boolean(item, "met", field_path(cpath, "met")),
        })
    return commitments


ACCOUNT_KEYS = ("eligible_costs_eur", "salaries_eur", "running_costs_eur", "advances_paid_eur")


def _clean_account(c: FieldChecker, raw: dict) -> dict | None:
    """The financial account: the eligible costs as a total, per category (salaries, running costs) or both."""
    account = raw.get("financial_account")
    if account is None or c.mapping(account, "financial_account", ACCOUNT_KEYS) is None:
        return None
    d = {key: c.number(account, key, field_path("financial_account", key), minimum=Decimal(0)) for key in ACCOUNT_KEYS}
    parts = [d[k] for k in ("salaries_eur", "running_costs_eur") if d[k] is not None]
    given = [k for k in ("eligible_costs_eur", "salaries_eur", "running_costs_eur") if k in account]
    if not given:
        c.add("financial_account.eligible_costs_eur", _("missing field (give eligible_costs_eur or salaries_eur and "
                                                        "running_costs_eur)"))
    elif d["eligible_costs_eur"] is None and parts:
        d["eligible_costs_eur"] = sum(parts, Decimal(0))
    elif parts and d["eligible_costs_eur"] != sum(parts, Decimal(0)):
        c.add("financial_account.eligible_costs_eur",
              _("%(total)s is not the sum of salaries_eur and running_costs_eur (%(sum)s)")
              % {"total": f"{d['eligible_costs_eur']:.2f}", "sum": f"{sum(parts, Decimal(0)):.2f}"})
    d["advances_paid_eur"] = d["advances_paid_eur"] or Decimal(0)
    return d


def _clean_consultants(c: FieldChecker, raw: dict, term_start, term_end, path="consultants") -> list[dict]:
    consultants, list_path = [], path
    for i, k in enumerate(c.listing(raw, "consultants", list_path)):
        path = field_path(list_path, i)
        if c.mapping(k, path, ("name", "fte", "start", "end", "sector_account", "absences")) is None:
            continue
        item = {
            "name": c.text(k, "name", field_path(path, "name"), required=True, max_length=200),
            "fte": c.number(k, "fte", field_path(path, "fte"), required=True, positive=True, maximum=Decimal("99.99")),
            "start": c.date(k, "start", field_path(path, "start")),
            "end": c.date(k, "end", field_path(path, "end")),
            "sector_account": c.text(k, "sector_account", field_path(path, "sector_account"), max_length=20),
            "absences": [],
        }
        emp_start = item["start"] or term_start
        emp_end = item["end"] or term_end
        employment_ok = emp_start is not None and emp_end is not None
        if employment_ok and emp_end < emp_start:
            c.add(field_path(path, "end"), _("the end (%(end)s) lies before the start (%(start)s)")
                  % {"end": emp_end, "start": emp_start})
            employment_ok = False
        if employment_ok and term_start and (emp_end < term_start or emp_start > term_end):
            c.add(path, _("the employment (%(start)s – %(end)s) lies outside the term")
                  % {"start": emp_start, "end": emp_end})
        periods = []
        for j, a in enumerate(c.listing(k, "absences", field_path(path, "absences"))):
            apath = field_path(field_path(path, "absences"), j)
            if c.mapping(a, apath, ("start", "end", "kind", "replaced")) is None:
                continue
            absence = {
                "start": c.date(a, "start", field_path(apath, "start"), required=True),
                "end": c.date(a, "end", field_path(apath, "end"), required=True),
                "kind": c.choice(a, "kind", field_path(apath, "kind"), ABSENCE_KINDS, default="other"),
                "replaced": c.boolean(a, "replaced", field_path(apath, "replaced"), default=False),
            }
            item["absences"].append(absence)
            s, e = absence["start"], absence["end"]
            if s is None or e is None:
                continue
            if e < s:
                c.add(field_path(apath, "end"), _("the end (%(end)s) lies before the start (%(start)s)") % {"end": e, "start": s})
                continue
            if term_start and (s < term_start or e > term_end):
                c.add(apath, _("the absence (%(start)s – %(end)s) lies outside the term (%(ts)s – %(te)s)")
                      % {"start": s, "end": e, "ts": term_start, "te": term_end})
            elif employment_ok and (s < emp_start or e > emp_end):
                c.add(apath, _("the absence (%(start)s – %(end)s) lies outside the employment (%(es)s – %(ee)s)")
                      % {"start": s, "end": e, "es": emp_start, "ee": emp_end})
            for other_index, (os_, oe) in periods:
                if s <= oe and os_ <= e:
                    c.add(apath, _("overlaps absence %(other)s (%(start)s – %(end)s)")
                          % {"other": field_path(field_path(path, "absences"), other_index), "start": os_, "end": oe})
            periods.append((j, (s, e)))
        consultants.append(item)
    return consultants


# --- settlement ---------------------------------------------------------------------------------


def terms_from_data(d: dict) -> CovenantTerms:
    """Settlement terms from cleaned file data (no database)."""
    results = d.get("indicator_results", {})
    return CovenantTerms(
        code=d["code"], start=d["start"], end=d["end"], funded_fte=d["funded_fte"], result_share=d["result_share"],
        max_grant_eur=d["max_grant_eur"], rate_per_fte_year_eur=d["rate_per_fte_year_eur"],
        consultants=tuple(
            ConsultantPeriod(
                k["name"], k["fte"], k["start"], k["end"],
                tuple(AbsencePeriod(a["start"], a["end"], a["kind"], a["replaced"]) for a in k["absences"]),
            )
            for k in d["consultants"]
        ),
        priority_codes=tuple(p["code"] for p in d["priorities"]),
        results=tuple(IndicatorResult(code, r["met"], r["value"]) for code, r in results.items()),
        effort_share=d.get("effort_share") or Decimal(0), efforts=money_file.efforts_from_data(d),
    )


def addenda_from_data(d: dict) -> tuple[AddendumTerms, ...]:
    """The addenda of cleaned file data as plain terms for ``final_account`` (no database)."""
    return tuple(
        AddendumTerms(
            kind=a["kind"], title=a["title"],
            budget_eur=addendum_budget(a["budget_eur"], a["fte"], d["rate_per_fte_year_eur"], d["start"], d["end"]),
            result_share=a["result_share"],
            commitments=tuple(Commitment(k["description"], k["code"], k["met"]) for k in a["commitments"]),
            fte=a["fte"] or Decimal(0), start=d["start"], end=d["end"],
            consultants=money_file.periods_from_data(a.get("consultants", [])),
        )
        for a in d.get("addenda", [])
    )


def account_from_data(d: dict) -> FinancialAccount | None:
    """The file's financial account (the total of the eligible costs and the advances), or None."""
    account = d.get("financial_account")
    if account is None:
        return None
    return FinancialAccount(account["eligible_costs_eur"], account["advances_paid_eur"])


# --- export -------------------------------------------------------------------------------------


def _num(value: Decimal | None):
    if value is None:
        return None
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return float(value.normalize())


def _drop_empty(d: dict, keep=()) -> dict:
    return {k: v for k, v in d.items() if k in keep or v not in (None, "", [], {})}


def covenant_to_data(covenant) -> dict:
    """A stored covenant as the plain structure of the file (ready for yaml.safe_dump)."""
    out = {
        "code": covenant.code,
        "title": covenant.title,
        "sector": covenant.sector.code,
        "generation": covenant.generation,
        "start": covenant.start,
        "end": covenant.end,
        "funded_fte": _num(covenant.funded_fte),
    }
    if covenant.max_grant_eur is not None:
        out["max_grant_eur"] = _num(covenant.max_grant_eur)
    else:
        out["rate_per_fte_year_eur"] = _num(covenant.rate_per_fte_year_eur)
    out["result_share"] = _num(covenant.result_share)
    out["themes"] = [t.code for t in covenant.themes.all()]
    out["signatories"] = [
        _drop_empty({"name": s.name, "side": s.side, "function": s.function}) for s in covenant.signatories.all()
    ]
    priorities, results = [], {}
    for p in covenant.priorities.all().select_related("theme").prefetch_related("actions"):
        item = {"code": p.code, "title": p.title, "motivation": p.motivation,
                "theme": p.theme.code if p.theme else ""}
        ind = getattr(p, "indicator", None) if _has(p, "indicator") else None
        if ind is not None:
            item["indicator"] = _drop_empty({
                "description": ind.description, "target": _num(ind.target_value), "unit": ind.unit,
                "unit_text": ind.unit_text, "period": ind.period, "conditions": ind.conditions,
                "baseline": _num(ind.baseline_value),
                "direction": ind.direction if ind.direction != "increase" else None,
                "linked_source": ind.linked_source,
            })
            if ind.result_met is not None or ind.result_value is not None or ind.result_note:
                results[p.code] = _drop_empty(
                    {"value": _num(ind.result_value), "met": ind.result_met, "note": ind.result_note}
                )
        item["actions"] = [
            _drop_empty({
                "code": a.code, "title": a.title, "description": a.description, "objective": a.objective,
                "timing": a.timing, "partners": list(a.partners or []), "conditions": a.conditions,
                "status": a.status if a.status != "planned" else None,
            })
            for a in p.actions.all()
        ]
        priorities.append(_drop_empty(item))
    out["priorities"] = priorities
    out["consultants"] = [
        _drop_empty({
            "name": k.name, "fte": _num(k.fte), "start": k.start, "end": k.end,
            "sector_account": k.sector_account.code if k.sector_account else "",
            "absences": [
                {"start": a.start, "end": a.end, "kind": a.kind, "replaced": a.replaced} for a in k.absences.all()
            ],
        })
        for k in covenant.consultants.filter(addendum__isnull=True).select_related("sector_account")
        .prefetch_related("absences")
    ]
    out["addenda"] = [
        _drop_empty({"kind": a.kind, "title": a.title, "budget_eur": _num(a.budget_eur), "fte": _num(a.fte),
                     "result_share": _num(a.result_share) or None,
                     "commitments": [_commitment_out(k) for k in a.commitment_items],
                     "consultants": [money_file.consultant_out(k)
                                     for k in a.consultants.all().prefetch_related("absences")]})
        for a in covenant.addenda.order_by("pk")
    ]
    out["effort_share"] = _num(covenant.effort_share) or None
    out["effort_commitments"] = money_file.effort_out(covenant)
    if covenant.account_salaries_eur is not None or covenant.account_running_costs_eur is not None:
        out["financial_account"] = _drop_empty({
            "salaries_eur": _num(covenant.account_salaries_eur),
            "running_costs_eur": _num(covenant.account_running_costs_eur),
            "advances_paid_eur": _num(covenant.account_advances_eur),
        })
    out["indicator_results"] = results
    return _drop_empty(out, keep=("priorities", "consultants"))


def _commitment_out(k: dict):
    """A pending commitment without code is written as the plain string it was imported from."""
    if not k["code"] and k["met"] is None:
        return k["description"]
    return _drop_empty(k)


def _has(obj, attr: str) -> bool:
    try:
        getattr(obj, attr)
    except Exception:  # noqa: BLE001 - reverse one-to-one missing
        return False
    return True


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True  # never write anchors/aliases: the import refuses them (werkbaar.core.untrusted)


def _str_representer(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def export_covenant(covenant) -> str:
    """The covenant file (YAML text) of a stored covenant."""
    return yaml.dump(covenant_to_data(covenant), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


# --- import -------------------------------------------------------------------------------------


def database_problems(d: dict) -> list[str]:
    """Checks that need the database: the sector, themes and joint committees must exist."""
    from werkbaar.core.models import JointCommittee, Sector

    from .models import Theme

    problems = []
    if not Sector.objects.filter(code__iexact=d["sector"]).exists():
        problems.append("sector: " + _("unknown sector “%(code)s”") % {"code": d["sector"]})
    known_themes = set(Theme.objects.values_list("code", flat=True))
    for i, code in enumerate(d["themes"]):
        if code not in known_themes:
            problems.append(f"themes[{i}]: " + _("unknown theme “%(code)s”") % {"code": code})
    for i, p in enumerate(d["priorities"]):
        if p["theme"] and p["theme"] not in known_themes:
            problems.append(f"priorities[{i}].theme: " + _("unknown theme “%(code)s”") % {"code": p["theme"]})
    problems += _not_stored_problems(d)
    known_pc = set(JointCommittee.objects.values_list("code", flat=True))
    for i, k in enumerate(d["consultants"]):
        code = k["sector_account"].removeprefix("PC ").strip()
        if code and code not in known_pc:
            problems.append(
                f"consultants[{i}].sector_account: " + _("unknown joint committee “%(code)s”") % {"code": code}
            )
    return problems


def _not_stored_problems(d: dict) -> list[str]:
    """The database keeps the account per category: a bare total is refused at import, never dropped."""
    account = d.get("financial_account")
    if account is None or account["salaries_eur"] is not None or account["running_costs_eur"] is not None:
        return []
    return ["financial_account: " + _("give salaries_eur and running_costs_eur to store the account "
                                      "(werkbaar settle also reads a bare eligible_costs_eur)")]


def import_data(d: dict, user=None) -> tuple[object, bool]:
    """Create or update the covenant ``d['code']`` in one transaction; every change is audited.

    Children are matched by their natural keys (priority code, action code, consultant name) so that
    records others refer to keep their identity; signatories and absences are replaced;
    an addendum with the same kind and title is updated in place (its phases and counts stay).
    Raises ``CovenantFileError`` (and writes nothing) when the database checks fail.
    """
    from django.db import transaction

    from werkbaar.core import audit
    from werkbaar.core.models import JointCommittee, Sector

    from .models import (
        Absence,
        Addendum,
        Consultant,
        Covenant,
        CovenantAction,
        Priority,
        ResultIndicator,
        Signatory,
        Theme,
    )
    from .services import delete_audited, save_audited, snap

    problems = database_problems(d)
    if problems:
        raise CovenantFileError(problems)
    themes = {t.code: t for t in Theme.objects.all()}
    pcs = {pc.code: pc for pc in JointCommittee.objects.all()}
    with transaction.atomic():
        covenant = Covenant.objects.select_for_update().filter(code=d["code"]).first()
        created = covenant is None
        covenant = covenant or Covenant(code=d["code"])
        before = snap(covenant)
        for name in ("title", "generation", "start", "end", "funded_fte", "max_grant_eur", "rate_per_fte_year_eur",
                     "result_share", "effort_share"):
            setattr(covenant, name, d[name])
        covenant.sector = Sector.objects.get(code__iexact=d["sector"])
        account = d.get("financial_account") or {}
        covenant.account_salaries_eur = account.get("salaries_eur")
        covenant.account_running_costs_eur = account.get("running_costs_eur")
        covenant.account_advances_eur = account.get("advances_paid_eur")
        save_audited(user, covenant, before, root=covenant, note=_("imported from a covenant file"))
        old_themes = sorted(covenant.themes.values_list("code", flat=True))
        if old_themes != sorted(d["themes"]):
            covenant.themes.set([themes[c] for c in d["themes"]])
            audit.record(user, covenant, "update", {"themes": old_themes}, {"themes": sorted(d["themes"])})

        _replace(user, covenant, covenant.signatories.all(), Signatory, [
            dict(s, covenant=covenant) for s in d["signatories"]
        ], ("name", "side", "function"))
        _replace(user, covenant, covenant.addenda.all(), Addendum, [
            dict({k: v for k, v in a.items() if k != "consultants"}, covenant=covenant) for a in d["addenda"]
        ], ("kind", "title", "budget_eur", "fte", "result_share", "commitments"), match=("kind", "title"))
        money_file.import_addendum_consultants(user, covenant, d["addenda"])
        money_file.import_effort(user, covenant, d["effort_commitments"])

        existing = {p.code: p for p in covenant.priorities.all()}
        for order, p in enumerate(d["priorities"], start=1):
            priority = existing.pop(p["code"], None) or Priority(covenant=covenant, code=p["code"])
            before = snap(priority)
            priority.title, priority.motivation, priority.order = p["title"], p["motivation"], order
            priority.theme = themes.get(p["theme"]) if p["theme"] else None
            save_audited(user, priority, before, root=covenant)
            if p["indicator"] is not None:
                indicator = ResultIndicator.objects.filter(priority=priority).first() or ResultIndicator(
                    priority=priority
                )
                before = snap(indicator)
                for name, value in p["indicator"].items():
                    setattr(indicator, name, value if value is not None or name == "baseline_value" else "")
                result = d["indicator_results"].get(p["code"])
                if result is not None:
                    indicator.result_value, indicator.result_met = result["value"], result["met"]
                    indicator.result_note = result["note"]
                save_audited(user, indicator, before, root=covenant)
            actions = {a.code: a for a in priority.actions.all()}
            for a_order, a in enumerate(p["actions"], start=1):
                action = actions.pop(a["code"], None) or CovenantAction(priority=priority, code=a["code"])
                before = snap(action)
                for name, value in a.items():
                    setattr(action, name, value)
                action.order = a_order
                save_audited(user, action, before, root=covenant)
            for action in actions.values():
                delete_audited(user, action, root=covenant)
        for priority in existing.values():
            delete_audited(user, priority, root=covenant)

        by_name: dict[str, list] = {}
        for k in covenant.consultants.filter(addendum__isnull=True):
            by_name.setdefault(k.name, []).append(k)
        for k in d["consultants"]:
            matches = by_name.get(k["name"]) or []
            consultant = matches.pop(0) if matches else Consultant(covenant=covenant, name=k["name"])
            before = snap(consultant)
            old_absences = _absence_rows(consultant) if consultant.pk else []
            consultant.fte, consultant.start, consultant.end = k["fte"], k["start"], k["end"]
            code = k["sector_account"].removeprefix("PC ").strip()
            consultant.sector_account = pcs.get(code) if code else None
            new_absences = [
                {"start": a["start"].isoformat(), "end": a["end"].isoformat(), "kind": a["kind"],
                 "replaced": a["replaced"]}
                for a in k["absences"]
            ]
            if before is not None:
                before = {**before, "absences": old_absences}
            save_audited(user, consultant, before, root=covenant, extra_after={"absences": new_absences})
            if old_absences != new_absences:
                consultant.absences.all().delete()
                Absence.objects.bulk_create(
                    Absence(consultant=consultant, start=a["start"], end=a["end"], kind=a["kind"],
                            replaced=a["replaced"])
                    for a in k["absences"]
                )
        for leftovers in by_name.values():
            for consultant in leftovers:
                delete_audited(user, consultant, root=covenant)
    return covenant, created


def _absence_rows(consultant) -> list[dict]:
    return [
        {"start": a.start.isoformat(), "end": a.end.isoformat(), "kind": a.kind, "replaced": a.replaced}
        for a in consultant.absences.all()
    ]


def _replace(user, covenant, queryset, model, rows: list[dict], fields: tuple[str, ...],
             match: tuple[str, ...] = ()) -> None:
    """Replace a simple child list when it differs; one audit entry with the whole list before and after.

    With ``match``, a row whose ``match`` fields equal an existing object's updates that object instead of
    replacing it, so what hangs on it survives a re-import (an addendum's phases and dual-learning counts).
    """
    from werkbaar.core import audit

    current = list(queryset)
    def key(row):
        return [str(row[f]) for f in fields]

    def norm(row):
        return {k: (str(Decimal(v).normalize()) if isinstance(v, Decimal) else v) for k, v in row.items()}

    old = sorted((norm({f: getattr(o, f) for f in fields}) for o in current), key=key)
    new = sorted((norm({f: row[f] for f in fields}) for row in rows), key=key)
    if old == new:
        return
    pool: dict[tuple, list] = {}
    for obj in current:
        pool.setdefault(tuple(getattr(obj, f) for f in match) if match else (obj.pk,), []).append(obj)
    for row in rows:
        same = pool.get(tuple(row[f] for f in match)) if match else None
        if same:
            obj = same.pop(0)
            for f in fields:
                setattr(obj, f, row[f])
            obj.save()
        else:
            model.objects.create(**row)
    for leftovers in pool.values():
        for obj in leftovers:
            obj.delete()
    key = model._meta.model_name
    audit.record(user, covenant, f"update:{key}", {key: old}, {key: new}, root=covenant)


def import_text(text: str, user=None):
    """Parse, validate and import; raises ``CovenantFileError`` with every problem."""
    data, problems = parse(text)
    if problems:
        raise CovenantFileError(problems)
    return import_data(data, user=user)
