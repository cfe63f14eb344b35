"""The home page's building blocks: panels of work per role, collected from each app's ``home.py``.

An app that has work to show on someone's home page declares ``panels(user, audience, today)`` in
``<app>/home.py``; it returns a list of :class:`Panel` (possibly empty) for one audience:

- ``"department"``: the department's account managers (and superusers);
- ``"sector"``: sector staff and consultants;
- ``"company"``: company admins and union delegates.

Each provider scopes its own queries through :mod:`werkbaar.core.permissions` and keeps them bounded
(a fixed number of queries whatever the number of items, at most :data:`LIMIT` rows per list). Core
only collects, orders and renders; it knows nothing of the apps' models.

An app may also declare ``SECTOR_TAB``, a :class:`SectorTab`: one tab of the sector page
(``/sector/<code>/<tab>/``, :mod:`werkbaar.core.sector_page`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module

from django.apps import apps

from .permissions import is_department, organisation_ids_for, sector_ids_for

#: The most rows a panel lists; the panel's "more" link leads to the full list.
LIMIT = 6

AUDIENCES = ("department", "sector", "company")


@dataclass
class Item:
    """One line of work: what, where it is done (url), and optionally when and how urgent."""

    label: str
    url: str
    detail: str = ""
    when: date | None = None
    late: bool = False


@dataclass
class Figure:
    label: str
    value: str
    detail: str = ""


@dataclass
class Panel:
    """A titled list of work items, or a row of key figures (with an optional chart).

    ``empty`` says what comes next when the list is empty; ``empty_url``/``empty_link`` offer the page
    where that happens. ``more_url`` leads to the full list when there is one.
    """

    key: str
    title: str
    order: int
    items: list[Item] = field(default_factory=list)
    empty: str = ""
    empty_url: str = ""
    empty_link: str = ""
    more_url: str = ""
    more_link: str = ""
    figures: list[Figure] = field(default_factory=list)
    chart_svg: str = ""
    chart_caption: str = ""
    table: dict | None = None  # {"head": [...], "rows": [[...]]}: the chart's data as a table
    wide: bool = False

    @property
    def is_figures(self) -> bool:
        return bool(self.figures)


@dataclass(frozen=True)
class SectorTab:
    """One tab of the sector page: ``view(request, code)`` renders it; ``allowed(user, sector)`` says who sees it."""

    key: str
    label: object
    order: int
    allowed: Callable
    view: Callable


def audiences_for(user) -> list[str]:
    """The home page sections a user gets, in display order (a user may hold several roles)."""
    if not getattr(user, "is_authenticated", False):
        return []
    out = []
    if is_department(user):
        out.append("department")
    if sector_ids_for(user):
        out.append("sector")
    if organisation_ids_for(user):
        out.append("company")
    return out


_MODULES: list | None = None


def home_modules() -> list:
    """Every werkbaar app's ``home`` module (cached), in app order."""
    global _MODULES
    if _MODULES is None:
        found = [import_module("werkbaar.core.bank_home")]  # core's own panel (this module only collects)
        for config in apps.get_app_configs():
            if not config.name.startswith("werkbaar.") or config.name == "werkbaar.core":
                continue
            try:
                found.append(import_module(f"{config.name}.home"))
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.home":
                    raise
        _MODULES = found
    return _MODULES


def panels_for(user, audience: str, today: date) -> list[Panel]:
    panels: list[Panel] = []
    for module in home_modules():
        provider = getattr(module, "panels", None)
        if provider is not None:
            panels.extend(provider(user, audience, today))
    return sorted(panels, key=lambda p: p.order)


def sector_tabs() -> list[SectorTab]:
    tabs = [m.SECTOR_TAB for m in home_modules() if getattr(m, "SECTOR_TAB", None) is not None]
    return sorted(tabs, key=lambda t: t.order)


def limited(rows) -> list:
    """The first LIMIT rows of a queryset or list (one query for a queryset)."""
    return list(rows[:LIMIT])
