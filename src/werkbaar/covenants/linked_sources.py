"""Linked data sources for result indicators.

Other apps publish counts that a covenant's result indicator can be linked to (for example the
number of employers brought together in learning networks). A report is then pre-filled with the
value instead of being typed again.

An app declares its sources in ``werkbaar/<app>/indicator_sources.py``::

    from werkbaar.covenants.linked_sources import register

    @register("networks.employers_reached", _("Employers brought together in learning networks"), unit="employers_reached")
    def employers_reached(covenant, start, end) -> Decimal | int: ...

``value_for(indicator, start, end)`` returns the value of the indicator's linked source for a period.
"""

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
    func: Callable[[object, date, date], Decimal | int]


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


def value_for(indicator, start: date | None = None, end: date | None = None) -> Decimal | None:
    """The linked source's value for the indicator's covenant over [start, end] (default: the term)."""
    key = getattr(indicator, "linked_source", "")
    if not key:
        return None
    source = sources().get(key)
    if source is None:
        return None
    covenant = indicator.priority.covenant
    return Decimal(source.func(covenant, start or covenant.start, end or covenant.end))
