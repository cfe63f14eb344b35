"""Template context shared by every page: the navigation for the current user, grouped into menus
(``core.nav.GROUPS``), and the tabs of the sector page when the page is one of its tabs.

Each app may declare ``NAV`` in its ``nav.py``: a list of ``(order, label, url_name, predicate)``.
"""

from importlib import import_module

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from .nav import GROUPS, MERGED_INTO_SECTOR_PAGE

_NAV_CACHE: list | None = None


def _all_entries() -> list:
    global _NAV_CACHE
    if _NAV_CACHE is None:
        entries = []
        for config in apps.get_app_configs():
            if not config.name.startswith("werkbaar."):
                continue
            try:
                module = import_module(f"{config.name}.nav")
            except ModuleNotFoundError:
                continue
            entries.extend(e for e in getattr(module, "NAV", []) if e[2] not in MERGED_INTO_SECTOR_PAGE)
        _NAV_CACHE = sorted(entries, key=lambda e: e[0])
    return _NAV_CACHE


def _group_of(url_name: str):
    return next((g for g in GROUPS if url_name in g[2]), None)


def group_items(items: list[dict]) -> list[dict]:
    """The header's entries: a menu per group (in the place of its first entry), other entries alone.

    Each entry is {"key", "label", "items", "current"}; a group with one item becomes that item alone
    (``items`` holds one entry and ``single`` is true)."""
    out: list[dict] = []
    by_key: dict[str, dict] = {}
    for item in items:
        group = _group_of(item["name"])
        if group is None:
            out.append({"key": item["name"].replace(":", "-"), "label": item["label"], "items": [item]})
            continue
        key, label, _names = group
        if key not in by_key:
            by_key[key] = {"key": key, "label": label, "items": []}
            out.append(by_key[key])
        by_key[key]["items"].append(item)
    for entry in out:
        entry["single"] = len(entry["items"]) == 1
        entry["current"] = any(i["current"] for i in entry["items"])
    return out


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    items = []
    path = request.path
    for _order, label, url_name, predicate in _all_entries():
        try:
            if user is None or not predicate(user):
                continue
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        current = path == url if url == "/" else path.startswith(url)
        items.append({"label": label, "url": url, "current": current, "name": url_name})
    # only the most specific entry is current (/actions/sector/ is the roll-up, not also the menu at /actions/)
    matches = [item for item in items if item["current"]]
    for item in matches:
        item["current"] = item is max(matches, key=lambda i: len(i["url"]))
    return {"nav_items": items, "nav_groups": group_items(items),
            "sector_tabs": getattr(request, "sector_tabs", None)}
