"""Linked data sources for result indicators.

Other apps publish counts that a covenant's result indicator can be linked to (for example the
number of employers brought together in learning networks). A report is then pre-filled with the
value instead of being typed again.

An app declares its sources in ``werkbaar/<app>/indicator_sources.py``::

    from werkbaar.covenants.linked_sources import register

    @register("networks.employers_reached", _("Employers brought together in learning networks"), unit="employers_reached")
    def employers_reached(covenant, start, end) -> Decimal | int: ...

A source returns ``None`` when it has no data for the period (an attendance rate without any
session held), never a made-up 0.

``value_for(indicator, start, end)`` returns the value of the indicator's linked source for a period;
``lookup`` says in addition why there is no value (no linked source, unknown source, no data for the
period, the source failed), so that a pre-filled report can tell the sector why a field stays empty.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import import_module

from django.apps import apps


@dataclass(frozen=True)
class LinkedSource:
    key: str
    label: str
    unit: str
    func: Callable[[object, date, date], Decimal | int | None]


logger = logging.getLogger(__name__)
_REGISTRY: dict[str, LinkedSource] = {}
_LOADED = False


def register(key: str, label, unit: str = "other"):
    def decorate(func):
        _REGISTRY[key] = LinkedSource(key, label, unit, func)
        return func

    return decorate


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    for config in apps.get_app_configs():
        if config.name.startswith("werkbaar."):
            try:
                import_module(f"{config.name}.indicator_sources")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.indicator_sources":
                    raise
    _LOADED = True


def sources() -> dict[str, LinkedSource]:
    _load()
    return dict(_REGISTRY)


def choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(s.key, str(s.label)) for s in sorted(sources().values(), key=lambda s: s.key)]


@dataclass(frozen=True)
class Lookup:
    """A linked source's answer: the value, or why there is none (``reason``: "no_source",
    "unknown_source", "no_data", "failed"); ``source`` is the registered source when there is one."""

    value: Decimal | None
    reason: str = ""
    source: LinkedSource | None = None


def lookup(indicator, start: date | None = None, end: date | None = None) -> Lookup:
    """The linked source's value for the indicator's covenant over [start, end] (default: the term),
    or the reason it has none. A failing source is logged and answers "failed"."""
    key = getattr(indicator, "linked_source", "")
    if not key:
        return Lookup(None, "no_source")
    source = sources().get(key)
    if source is None:
        return Lookup(None, "unknown_source")
    covenant = indicator.priority.covenant
    try:
        raw = source.func(covenant, start or covenant.start, end or covenant.end)
    except Exception:  # noqa: BLE001 - another app's source must never break the caller
        logger.exception("linked source %s failed for indicator %s", key, getattr(indicator, "pk", None))
        return Lookup(None, "failed", source)
    if raw is None:
        return Lookup(None, "no_data", source)
    return Lookup(Decimal(raw), "", source)


def value_for(indicator, start: date | None = None, end: date | None = None) -> Decimal | None:
    """The linked source's value for the indicator's covenant over [start, end] (default: the term)."""
    return lookup(indicator, start, end).value
