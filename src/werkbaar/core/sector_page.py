"""The sector page: one page per sector at /sector/<code>/ with a tab per aspect, each tab rendered by
the app that owns it (``SECTOR_TAB`` in ``<app>/home.py``: the workability figures of the scans, the
roll-up of the action plans). The tab view keeps its own permission checks; this module only lists the
tabs the user may open and shows them above the tab's content (``base.html``, ``sector_tabs``).

The old addresses (/knowledge/sectors/…, /actions/sector/…) redirect here (:func:`moved`), with their
query string (the chosen period)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from .home import sector_tabs
from .models import Sector
from .permissions import readable_sectors


def visible_sectors(user):
    """Sectors with at least one tab the user may open (the department: all; sector roles, social partners
    included: their own)."""
    return readable_sectors(user)


def sector_index(request):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?{urlencode({'next': request.path})}")
    sectors = list(visible_sectors(request.user).order_by("name"))
    if not sectors:
        raise PermissionDenied
    if len(sectors) == 1:
        return redirect("sector_page", code=sectors[0].code)
    return render(request, "core/sector_list.html", {"sectors": sectors})


def sector_page(request, code: str, tab: str | None = None):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?{urlencode({'next': request.path})}")
    sector = get_object_or_404(Sector, code=code)
    allowed = [t for t in sector_tabs() if t.allowed(request.user, sector)]
    if tab is None:
        if not allowed:
            raise Http404
        chosen = allowed[0]
    else:
        chosen = next((t for t in sector_tabs() if t.key == tab), None)
        if chosen is None:
            raise Http404
    if len(allowed) > 1:
        request.sector_tabs = {
            "sector": sector,
            "tabs": [{"label": t.label, "url": reverse("sector_tab", args=[sector.code, t.key]),
                      "current": t is chosen} for t in allowed],
        }
    return chosen.view(request, code)


def moved(request, code: str | None = None, tab: str | None = None):
    """An old address of a sector tab: redirect to the sector page, keeping the query string."""
    if code is None:
        url = reverse("sector_index")
    elif tab is None:
        url = reverse("sector_page", args=[code])
    else:
        url = reverse("sector_tab", args=[code, tab])
    query = request.META.get("QUERY_STRING", "")
    url = f"{url}?{query}" if query else url
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?{urlencode({'next': url})}")
    return redirect(url)
