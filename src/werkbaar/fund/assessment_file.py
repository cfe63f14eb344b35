"""The assessment file (YAML with ``call``, ``applicant`` and ``application``) read by ``werkbaar fund-assess``.

``parse(text)`` never touches the database: it returns the assessment input (three dataclasses of
``fund.assessment``) and ALL problems, each a line ``field.path: message``. Dates stay text while
loading (no implicit YAML timestamps or floats), so 2027-02-30 is reported as a date that does not
exist instead of crashing the loader, and 0.10 stays an exact Decimal.
"""

from __future__ import annotations

import datetime
import re

import yaml
from django.utils.translation import gettext as _

from werkbaar.core import untrusted
from werkbaar.core.file_checks import FieldChecker, field_path

from .assessment import Aid, Applicant, ApplicationTerms, CallTerms, CostLine

TOP_KEYS = ("call", "applicant", "application")
CALL_KEYS = (
    "code", "title", "opens", "closes", "budget_eur", "committed_eur", "rate", "ceiling_eur", "minimum_eur",
    "eligible_categories", "requires_scan", "scan_max_age_months",
)
APPLICANT_KEYS = ("enterprise_number", "name", "de_minimis", "scan_closed_on")
AID_KEYS = ("granted_on", "amount_eur")
APPLICATION_KEYS = ("submitted_on", "costs")
COST_KEYS = ("category", "description", "amount_eur")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_LINES = 500


class _Loader(untrusted.BoundedLoader):
    """Safe, bounded YAML where numbers with a point and dates stay text."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp) for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FundChecker(FieldChecker):
    def date(self, data: dict, key: str, path: str, required=False) -> datetime.date | None:
        if key not in data or data[key] is None:
            if required:
                self.add(path, _("missing field"))
            return None
        value = str(data[key]).strip()
        if not ISO_DATE.match(value):
            self.add(path, _("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": value})
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.add(path, _("the date %(value)s does not exist") % {"value": value})
            return None

    def amount(self, data: dict, key: str, path: str, required=False):
        """Euro: not negative, at most 2 decimals."""
        return self.number(data, key, path, required=required, minimum=0)


def parse(text: str) -> tuple[tuple[CallTerms, Applicant, ApplicationTerms] | None, list[str]]:
    try:
        raw = untrusted.load_yaml(text, _Loader)
    except untrusted.UntrustedFileError as exc:
        return None, [f"{_('file')}: {exc}"]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("line %(line)d") % {"line": mark.line + 1} if mark else _("file")
        return None, [f"{where}: {_('not valid YAML')} ({getattr(exc, 'problem', exc)})"]
    return clean(raw)


def parse_path(path) -> tuple[tuple[CallTerms, Applicant, ApplicationTerms] | None, list[str]]:
    try:
        text = untrusted.read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{path}: {_('cannot read the file')} ({exc})"]
    except untrusted.UntrustedFileError as exc:
        return None, [f"{path}: {exc}"]
    return parse(text)


def clean(raw) -> tuple[tuple[CallTerms, Applicant, ApplicationTerms] | None, list[str]]:
    """Validate the loaded structure; every problem is collected, none stops the check."""
    c = _FundChecker()
    if c.mapping(raw, "", TOP_KEYS) is None:
        return None, [f"{_('file')}: {_('expected a mapping of fields (call, applicant, application)')}"]
    sections = {}
    for key, allowed in (("call", CALL_KEYS), ("applicant", APPLICANT_KEYS), ("application", APPLICATION_KEYS)):
        if key not in raw or raw[key] is None:
            c.add(key, _("missing field"))
            sections[key] = {}
        else:
            sections[key] = c.mapping(raw[key], key, allowed) or {}
    call = _call(c, sections["call"])
    applicant = _applicant(c, sections["applicant"])
    application = _application(c, sections["application"])
    if c.problems:
        return None, c.problems
    return (call, applicant, application), []


def _call(c: _FundChecker, raw: dict) -> CallTerms | None:
    p = "call"
    code = c.text(raw, "code", f"{p}.code", required=True, max_length=60)
    title = c.text(raw, "title", f"{p}.title")
    opens = c.date(raw, "opens", f"{p}.opens", required=True)
    closes = c.date(raw, "closes", f"{p}.closes", required=True)
    if opens and closes and closes < opens:
        c.add(f"{p}.closes", _("the call closes before it opens"))
    budget = c.amount(raw, "budget_eur", f"{p}.budget_eur", required=True)
    committed = c.amount(raw, "committed_eur", f"{p}.committed_eur")
    rate = c.number(raw, "rate", f"{p}.rate", required=True, places=4)
    if rate is not None and not 0 < rate <= 1:
        c.add(f"{p}.rate", _("the co-financing rate must be greater than 0 and at most 1"))
        rate = None
    ceiling = c.amount(raw, "ceiling_eur", f"{p}.ceiling_eur", required=True)
    minimum = c.amount(raw, "minimum_eur", f"{p}.minimum_eur")
    categories = []
    if c.required(raw, "eligible_categories", f"{p}.eligible_categories"):
        for i, item in enumerate(c.listing(raw, "eligible_categories", f"{p}.eligible_categories")):
            if isinstance(item, (dict, list)) or not str(item).strip():
                c.add(field_path(f"{p}.eligible_categories", i), _("expected a category name"))
            else:
                categories.append(str(item).strip())
    requires_scan = c.boolean(raw, "requires_scan", f"{p}.requires_scan", default=False)
    months = c.number(raw, "scan_max_age_months", f"{p}.scan_max_age_months", places=0, positive=True,
                      maximum=1200)
    if c.problems:
        return None
    return CallTerms(
        code=code, title=title, opens=opens, closes=closes, budget_eur=budget, committed_eur=committed or 0,
        rate=rate, ceiling_eur=ceiling, minimum_eur=minimum or 0, eligible_categories=tuple(categories),
        requires_scan=requires_scan, scan_max_age_months=int(months) if months is not None else 24,
    )


def _applicant(c: _FundChecker, raw: dict) -> Applicant:
    p = "applicant"
    name = c.text(raw, "name", f"{p}.name")
    number = c.text(raw, "enterprise_number", f"{p}.enterprise_number", max_length=20)
    aid = []
    for i, item in enumerate(c.listing(raw, "de_minimis", f"{p}.de_minimis")[:MAX_LINES]):
        path = field_path(f"{p}.de_minimis", i)
        if c.mapping(item, path, AID_KEYS) is None:
            continue
        granted = c.date(item, "granted_on", f"{path}.granted_on", required=True)
        amount = c.amount(item, "amount_eur", f"{path}.amount_eur", required=True)
        if granted and amount is not None:
            aid.append(Aid(granted, amount))
    scan = c.date(raw, "scan_closed_on", f"{p}.scan_closed_on")
    return Applicant(de_minimis=tuple(aid), scan_closed_on=scan, enterprise_number=number, name=name)


def _application(c: _FundChecker, raw: dict) -> ApplicationTerms | None:
    p = "application"
    submitted = c.date(raw, "submitted_on", f"{p}.submitted_on", required=True)
    costs = []
    if c.required(raw, "costs", f"{p}.costs"):
        for i, item in enumerate(c.listing(raw, "costs", f"{p}.costs")[:MAX_LINES]):
            path = field_path(f"{p}.costs", i)
            if c.mapping(item, path, COST_KEYS) is None:
                continue
            category = c.text(item, "category", f"{path}.category", required=True, max_length=40)
            description = c.text(item, "description", f"{path}.description")
            amount = c.amount(item, "amount_eur", f"{path}.amount_eur", required=True)
            if category and amount is not None:
                costs.append(CostLine(category, amount, description))
    if submitted is None:
        return None
    return ApplicationTerms(submitted_on=submitted, costs=tuple(costs))
