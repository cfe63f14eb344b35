"""The covenant file (YAML): parsing and validation, settlement terms, import into and export from the database.

The format is a contract other tools rely on (issue 2, docs/covenant-file.md). ``parse(text)`` never
touches the database: it returns the cleaned data and ALL problems, each a line
``field.path: message``. ``werkbaar settle`` only needs ``parse`` and ``terms_from_data``.
``import_data`` writes a covenant in one transaction (create or update by code) with an audit
entry per change; ``export_covenant`` writes a stored covenant back to the same format.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import yaml
from django.utils.translation import gettext as _

from werkbaar.core import untrusted

from .final_account import AddendumTerms, Commitment, FinancialAccount
from .settlement import AbsencePeriod, ConsultantPeriod, CovenantTerms, IndicatorResult

TOP_KEYS = (
    "code", "title", "sector", "generation", "start", "end", "funded_fte", "max_grant_eur", "rate_per_fte_year_eur",
    "result_share", "themes", "signatories", "priorities", "consultants", "addenda", "financial_account",
    "indicator_results",
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


@dataclass
class _Checker:
    problems: list[str] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    # --- scalar readers: return the cleaned value, or None after recording a problem -----------

    def required(self, data: dict, key: str, path: str) -> bool:
        if key not in data or data[key] is None or data[key] == "":
            self.add(path, _("missing field"))
            return False
        return True

    def text(self, data: dict, key: str, path: str, required=False, max_length=300) -> str:
        if key not in data or data[key] is None:
            if required:
                self.add(path, _("missing field"))
            return ""
        value = data[key]
        if isinstance(value, (dict, list)):
            self.add(path, _("expected text"))
            return ""
        value = str(value).strip()
        if required and not value:
            self.add(path, _("missing field"))
        if max_length and len(value) > max_length:
            self.add(path, _("at most %(n)d characters") % {"n": max_length})
        return value

    def date(self, data: dict, key: str, path: str, required=False) -> datetime.date | None:
        if key not in data or data[key] is None:
            if required:
                self.add(path, _("missing field"))
            return None
        value = data[key]
        if isinstance(value, datetime.datetime):
            self.add(path, _("expected a date (YYYY-MM-DD), not a date and time"))
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.add(path, _("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": value})
            return None

    def number(self, data: dict, key: str, path: str, required=False, places=2, positive=False,
               minimum=None, maximum=None) -> Decimal | None:
        if key not in data or data[key] is None or data[key] == "":
            if required:
                self.add(path, _("missing field"))
            return None
        value = data[key]
        if isinstance(value, bool) or isinstance(value, (dict, list, datetime.date)):
            self.add(path, _("“%(value)s” is not a number") % {"value": value})
            return None
        try:
            number = Decimal(str(value).replace("_", ""))
        except InvalidOperation:
            self.add(path, _("“%(value)s” is not a number") % {"value": value})
            return None
        if not number.is_finite():
            self.add(path, _("“%(value)s” is not a number") % {"value": value})
            return None
        if positive and number <= 0:
            self.add(path, _("must be greater than 0"))
            return None
        if minimum is not None and number < minimum:
            self.add(path, _("must be at least %(min)s") % {"min": minimum})
            return None
        if maximum is not None and number > maximum:
            self.add(path, _("must be at most %(max)s") % {"max": maximum})
            return None
        if number.adjusted() >= 12:
            self.add(path, _("the number is too large"))
            return None
        if number != number.quantize(Decimal(1).scaleb(-places)):
            self.add(path, _("at most %(n)d decimals") % {"n": places})
            return None
        return number

    def share(self, data: dict, key: str, path: str, required=False) -> Decimal | None:
        """A fraction from 0 to 1 (3 decimals); 20 meant as 20% gets a message saying so."""
        number = self.number(data, key, path, required=required, places=3, minimum=Decimal(0))
        if number is not None and number > 1:
            self.add(path, _("must be at most 1: the share is a fraction, write 0.2 for 20%%") % {})
            return None
        return number

    def boolean(self, data: dict, key: str, path: str, default=None, allow_none=False):
        if key not in data or data[key] is None:
            return default
        value = data[key]
        if isinstance(value, bool):
            return value
        self.add(path, _("expected true or false"))
        return default

    def choice(self, data: dict, key: str, path: str, choices, default=None, required=False) -> str | None:
        if key not in data or data[key] in (None, ""):
            if required:
                self.add(path, _("missing field"))
            return default
        value = str(data[key])
        if value not in choices:
            self.add(path, _("“%(value)s” is not one of: %(choices)s") % {"value": value, "choices": ", ".join(choices)})
            return default
        return value

    def mapping(self, value, path: str, allowed: tuple[str, ...] | None = None) -> dict | None:
        if not isinstance(value, dict):
            self.add(path, _("expected a mapping of fields"))
            return None
        if allowed is not None:
            for key in value:
                if key not in allowed:
                    self.add(f"{path}.{key}" if path else str(key), _("unknown field"))
        return value

    def listing(self, data: dict, key: str, path: str) -> list:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(path, _("expected a list"))
            return []
        return value


def _p(prefix: str, key) -> str:
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    return f"{prefix}.{key}" if prefix else str(key)


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
    c = _Checker()
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
        path = _p("signatories", i)
        if c.mapping(s, path, ("name", "side", "function")) is None:
            continue
        d["signatories"].append({
            "name": c.text(s, "name", _p(path, "name"), required=True, max_length=200),
            "side": c.choice(s, "side", _p(path, "side"), SIGNATORY_SIDES, required=True),
            "function": c.text(s, "function", _p(path, "function")),
        })

    d["priorities"] = _clean_priorities(c, raw)
    d["consultants"] = _clean_consultants(c, raw, start if term_ok else None, end if term_ok else None)

    d["addenda"] = _clean_addenda(c, raw)
    d["financial_account"] = _clean_account(c, raw)

    d["indicator_results"] = {}
    results = raw.get("indicator_results")
    if results is not None and c.mapping(results, "indicator_results") is not None:
        codes = {p["code"] for p in d["priorities"]}
        for code, result in results.items():
            path = _p("indicator_results", code)
            if str(code) not in codes:
                c.add(path, _("unknown priority code “%(code)s”") % {"code": code})
                continue
            if not isinstance(result, dict):
                c.add(path, _("expected a mapping such as {value: 3, met: true}"))
                continue
            c.mapping(result, path, ("value", "met", "note"))
            d["indicator_results"][str(code)] = {
                "value": c.number(result, "value", _p(path, "value"), minimum=Decimal(0)),
                "met": c.boolean(result, "met", _p(path, "met")),
                "note": c.text(result, "note", _p(path, "note"), max_length=0),
            }
    return d, c.problems


def _clean_priorities(c: _Checker, raw: dict) -> list[dict]:
    priorities, seen = [], set()
    for i, p in enumerate(c.listing(raw, "priorities", "priorities")):
        path = _p("priorities", i)
        if c.mapping(p, path, ("code", "title", "motivation", "theme", "indicator", "actions")) is None:
            continue
        code = c.text(p, "code", _p(path, "code"), required=True, max_length=20)
        if code and code in seen:
            c.add(_p(path, "code"), _("duplicate priority code “%(code)s”") % {"code": code})
        seen.add(code)
        item = {
            "code": code,
            "title": c.text(p, "title", _p(path, "title"), required=True),
            "motivation": c.text(p, "motivation", _p(path, "motivation"), max_length=0),
            "theme": c.text(p, "theme", _p(path, "theme"), max_length=50),
            "indicator": None,
            "actions": [],
        }
        ipath = _p(path, "indicator")
        indicator = p.get("indicator")
        if indicator is None:
            c.add(ipath, _("missing field"))
        elif c.mapping(indicator, ipath, (
            "description", "target", "unit", "unit_text", "period", "conditions", "baseline", "direction",
            "linked_source",
        )) is not None:
            unit = str(indicator.get("unit") or "other")
            unit_text = c.text(indicator, "unit_text", _p(ipath, "unit_text"), max_length=100)
            if unit not in UNITS:
                unit, unit_text = "other", unit_text or unit
            item["indicator"] = {
                "description": c.text(indicator, "description", _p(ipath, "description"), required=True,
                                      max_length=0),
                "target_value": c.number(indicator, "target", _p(ipath, "target"), required=True, minimum=Decimal(0)),
                "unit": unit,
                "unit_text": unit_text[:100],
                "period": c.choice(indicator, "period", _p(ipath, "period"), INDICATOR_PERIODS, default="term"),
                "conditions": c.text(indicator, "conditions", _p(ipath, "conditions"), max_length=0),
                "baseline_value": c.number(indicator, "baseline", _p(ipath, "baseline"), minimum=Decimal(0)),
                "direction": c.choice(indicator, "direction", _p(ipath, "direction"), DIRECTIONS, default="increase"),
                "linked_source": c.text(indicator, "linked_source", _p(ipath, "linked_source"), max_length=100),
            }
        action_codes = set()
        for j, a in enumerate(c.listing(p, "actions", _p(path, "actions"))):
            apath = _p(_p(path, "actions"), j)
            if c.mapping(a, apath, (
                "code", "title", "description", "objective", "timing", "partners", "conditions", "status",
            )) is None:
                continue
            acode = c.text(a, "code", _p(apath, "code"), required=True, max_length=20)
            if acode and acode in action_codes:
                c.add(_p(apath, "code"), _("duplicate action code “%(code)s”") % {"code": acode})
            action_codes.add(acode)
            partners = a.get("partners") or []
            if isinstance(partners, str):
                partners = [partners]
            if not isinstance(partners, list):
                c.add(_p(apath, "partners"), _("expected a list"))
                partners = []
            item["actions"].append({
                "code": acode,
                "title": c.text(a, "title", _p(apath, "title"), required=True),
                "description": c.text(a, "description", _p(apath, "description"), max_length=0),
                "objective": c.text(a, "objective", _p(apath, "objective"), max_length=0),
                "timing": c.text(a, "timing", _p(apath, "timing"), max_length=200),
                "partners": [str(x) for x in partners],
                "conditions": c.text(a, "conditions", _p(apath, "conditions"), max_length=0),
                "status": c.choice(a, "status", _p(apath, "status"), ACTION_STATUSES, default="planned"),
            })
        priorities.append(item)
    return priorities


def _clean_addenda(c: _Checker, raw: dict) -> list[dict]:
    addenda = []
    for i, a in enumerate(c.listing(raw, "addenda", "addenda")):
        path = _p("addenda", i)
        if c.mapping(a, path, ("kind", "title", "budget_eur", "fte", "result_share", "commitments")) is None:
            continue
        addenda.append({
            "kind": c.choice(a, "kind", _p(path, "kind"), ADDENDUM_KINDS, required=True),
            "title": c.text(a, "title", _p(path, "title")),
            "budget_eur": c.number(a, "budget_eur", _p(path, "budget_eur"), minimum=Decimal(0)),
            "fte": c.number(a, "fte", _p(path, "fte"), minimum=Decimal(0), maximum=Decimal(9999)),
            "result_share": c.share(a, "result_share", _p(path, "result_share")) or Decimal(0),
            "commitments": _clean_commitments(c, a, _p(path, "commitments")),
        })
    return addenda


def _clean_commitments(c: _Checker, addendum: dict, path: str) -> list[dict]:
    """Each commitment as {code, description, met}; a plain string is a pending commitment without code."""
    commitments, seen = [], set()
    for j, item in enumerate(c.listing(addendum, "commitments", path)):
        cpath = _p(path, j)
        if not isinstance(item, dict):
            if isinstance(item, list):
                c.add(cpath, _("expected text or a mapping such as {code: ND1, description: ..., met: true}"))
                continue
            commitments.append({"code": "", "description": str(item).strip(), "met": None})
            continue
        c.mapping(item, cpath, ("code", "description", "met"))
        code = c.text(item, "code", _p(cpath, "code"), max_length=20)
        if code and code in seen:
            c.add(_p(cpath, "code"), _("duplicate commitment code “%(code)s”") % {"code": code})
        seen.add(code)
        commitments.append({
            "code": code,
            "description": c.text(item, "description", _p(cpath, "description"), required=True, max_length=0),
            "met": c.boolean(item, "met", _p(cpath, "met")),
        })
    return commitments


ACCOUNT_KEYS = ("eligible_costs_eur", "salaries_eur", "running_costs_eur", "advances_paid_eur")


def _clean_account(c: _Checker, raw: dict) -> dict | None:
    """The financial account: the eligible costs as a total, per category (salaries, running costs) or both."""
    account = raw.get("financial_account")
    if account is None or c.mapping(account, "financial_account", ACCOUNT_KEYS) is None:
        return None
    d = {key: c.number(account, key, _p("financial_account", key), minimum=Decimal(0)) for key in ACCOUNT_KEYS}
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


def _clean_consultants(c: _Checker, raw: dict, term_start, term_end) -> list[dict]:
    consultants = []
    for i, k in enumerate(c.listing(raw, "consultants", "consultants")):
        path = _p("consultants", i)
        if c.mapping(k, path, ("name", "fte", "start", "end", "sector_account", "absences")) is None:
            continue
        item = {
            "name": c.text(k, "name", _p(path, "name"), required=True, max_length=200),
            "fte": c.number(k, "fte", _p(path, "fte"), required=True, positive=True, maximum=Decimal("99.99")),
            "start": c.date(k, "start", _p(path, "start")),
            "end": c.date(k, "end", _p(path, "end")),
            "sector_account": c.text(k, "sector_account", _p(path, "sector_account"), max_length=20),
            "absences": [],
        }
        emp_start = item["start"] or term_start
        emp_end = item["end"] or term_end
        employment_ok = emp_start is not None and emp_end is not None
        if employment_ok and emp_end < emp_start:
            c.add(_p(path, "end"), _("the end (%(end)s) lies before the start (%(start)s)")
                  % {"end": emp_end, "start": emp_start})
            employment_ok = False
        if employment_ok and term_start and (emp_end < term_start or emp_start > term_end):
            c.add(path, _("the employment (%(start)s – %(end)s) lies outside the term")
                  % {"start": emp_start, "end": emp_end})
        periods = []
        for j, a in enumerate(c.listing(k, "absences", _p(path, "absences"))):
            apath = _p(_p(path, "absences"), j)
            if c.mapping(a, apath, ("start", "end", "kind", "replaced")) is None:
                continue
            absence = {
                "start": c.date(a, "start", _p(apath, "start"), required=True),
                "end": c.date(a, "end", _p(apath, "end"), required=True),
                "kind": c.choice(a, "kind", _p(apath, "kind"), ABSENCE_KINDS, default="other"),
                "replaced": c.boolean(a, "replaced", _p(apath, "replaced"), default=False),
            }
            item["absences"].append(absence)
            s, e = absence["start"], absence["end"]
            if s is None or e is None:
                continue
            if e < s:
                c.add(_p(apath, "end"), _("the end (%(end)s) lies before the start (%(start)s)") % {"end": e, "start": s})
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
                          % {"other": _p(_p(path, "absences"), other_index), "start": os_, "end": oe})
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
    )


def addenda_from_data(d: dict) -> tuple[AddendumTerms, ...]:
    """The addenda of cleaned file data as plain terms for ``final_account`` (no database)."""
    return tuple(
        AddendumTerms(
            kind=a["kind"], title=a["title"], budget_eur=a["budget_eur"] or Decimal(0),
            result_share=a["result_share"],
            commitments=tuple(Commitment(k["description"], k["code"], k["met"]) for k in a["commitments"]),
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
        for k in covenant.consultants.all().select_related("sector_account").prefetch_related("absences")
    ]
    out["addenda"] = [
        _drop_empty({"kind": a.kind, "title": a.title, "budget_eur": _num(a.budget_eur), "fte": _num(a.fte),
                     "result_share": _num(a.result_share) or None,
                     "commitments": [_commitment_out(k) for k in a.commitment_items]})
        for a in covenant.addenda.all()
    ]
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
    records others refer to keep their identity; signatories, addenda and absences are replaced.
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
                     "result_share"):
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
            dict(a, covenant=covenant) for a in d["addenda"]
        ], ("kind", "title", "budget_eur", "fte", "result_share", "commitments"))

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
        for k in covenant.consultants.all():
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


def _replace(user, covenant, queryset, model, rows: list[dict], fields: tuple[str, ...]) -> None:
    """Replace a simple child list when it differs; one audit entry with the whole list before and after."""
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
    for obj in current:
        obj.delete()
    for row in rows:
        model.objects.create(**row)
    key = model._meta.model_name
    audit.record(user, covenant, f"update:{key}", {key: old}, {key: new}, root=covenant)


def import_text(text: str, user=None):
    """Parse, validate and import; raises ``CovenantFileError`` with every problem."""
    data, problems = parse(text)
    if problems:
        raise CovenantFileError(problems)
    return import_data(data, user=user)
