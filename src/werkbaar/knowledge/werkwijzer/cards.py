"""The information card of an actor at a step of a WerkWijzer case: role, obligations and the time limits
of the step's rule, with the rule's sources and whether it is confirmed (from ``trajectory.yaml``).

``info_card(actor_key, rule_key, language) -> Card | None`` is pure apart from gettext: the time-limit
phrases are translated into the active language, the texts of the data file are picked in ``language``
(``nl``, ``fr``, ``en`` or ``nl_easy``, falling back to Dutch).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import data


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    url: str
    date: str


@dataclass(frozen=True)
class Card:
    actor: str
    name: str
    role: str
    obligations: list[str]
    rule: str = ""  # what the rule says
    limits: list[str] = field(default_factory=list)
    confirmed: bool = True
    note: str = ""
    sources: list[Source] = field(default_factory=list)
    consulted: object = None  # the date the sources were consulted


def _amount(value: int, unit: str) -> str:
    if unit == "calendar_days":
        return ngettext("%(n)s calendar day", "%(n)s calendar days", value) % {"n": value}
    if unit == "working_days":
        return ngettext("%(n)s working day", "%(n)s working days", value) % {"n": value}
    if unit == "weeks":
        return ngettext("%(n)s week", "%(n)s weeks", value) % {"n": value}
    return ngettext("%(n)s month", "%(n)s months", value) % {"n": value}


def limit_text(limit: dict, language: str) -> str:
    """One time limit as a sentence, e.g. "Within 63 calendar days, counted from the day after ..."."""
    amount, start = _amount(int(limit["value"]), limit["unit"]), data.pick(limit.get("from"), language)
    phrases = {
        "within": _("Within %(amount)s, counted from %(start)s."),
        "not_before": _("At the earliest %(amount)s after %(start)s."),
        "interval": _("At least %(amount)s after %(start)s."),
        "after": _("Applies from %(amount)s after %(start)s."),
    }
    return phrases[limit["kind"]] % {"amount": amount, "start": start}


def _sources(keys) -> list[Source]:
    found = (data.source(k) for k in keys or [])
    return [Source(str(s["title"]), str(s.get("publisher", "")), str(s["url"]), str(s.get("date") or ""))
            for s in found if s]


def info_card(actor_key: str, rule_key: str | None, language: str = "nl") -> Card | None:
    actor = data.actor(actor_key)
    if actor is None:
        return None
    rule = data.rule(rule_key) or {}
    return Card(
        actor=actor_key,
        name=data.pick(actor.get("name"), language),
        role=data.pick(actor.get("role"), language),
        obligations=[data.pick(o, language) for o in actor.get("obligations") or []],
        rule=data.pick(rule.get("what"), language),
        limits=[limit_text(lim, language) for lim in rule.get("time_limits") or []],
        confirmed=rule.get("confirmed", True) is not False,
        note=data.pick(rule.get("note"), language),
        sources=_sources(rule.get("sources") if rule else actor.get("sources")),
        consulted=data.trajectory().get("consulted"),
    )
