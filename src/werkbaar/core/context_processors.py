"""Template context shared by every page: the navigation for the current user.

Each app may declare ``NAV`` in its ``nav.py``: a list of ``(order, label, url_name, predicate)``.
"""

from importlib import import_module

from django.apps import apps
from django.urls import NoReverseMatch, reverse

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
            entries.extend(getattr(module, "NAV", []))
        _NAV_CACHE = sorted(entries, key=lambda e: e[0])
    return _NAV_CACHE


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
        items.append({"label": label, "url": url, "current": current})
    # only the most specific entry is current (/actions/sector/ is the roll-up, not also the menu at /actions/)
    matches = [item for item in items if item["current"]]
    for item in matches:
        item["current"] = item is max(matches, key=lambda i: len(i["url"]))
    return {"nav_items": items}
