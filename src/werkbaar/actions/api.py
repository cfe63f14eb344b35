"""JSON API routes of the actions app, mounted at /api/v1/actions/.

Read-only and public: the inspiration menu in the same shape as `werkbaar export-catalogue`, so
that other portals (e.g. werkbaarwerk.be) can publish it. Only actions the caller may see are listed.
"""

from django.http import Http404
from ninja import Router, Schema

from . import rules
from .catalogue import export_entry
from .forms import MenuFilterForm

router = Router(tags=["actions"])


class MenuActionOut(Schema):
    id: str
    title: dict[str, str]
    description: dict[str, str]
    indicators: list[str]
    theme: str
    level: str
    horizon: str
    scope: str
    effort: str
    actors: list[str]
    source: str
    sector: str | None


class MenuOut(Schema):
    count: int
    actions: list[MenuActionOut]


@router.get("/menu", response=MenuOut, auth=None, summary="The inspiration menu (filters as on the menu page)")
def menu(request, q: str = "", theme: str = "", indicator: str = "", level: str = "", horizon: str = "",
         scope: str = "", effort: str = "", actor: str = ""):
    from .views import filter_menu

    params = {"q": q, "theme": theme, "indicator": indicator, "level": level, "horizon": horizon, "scope": scope,
              "effort": effort, "actor": actor}
    form = MenuFilterForm({k: v for k, v in params.items() if v})
    data = form.cleaned_data if form.is_valid() else {}
    actions, _searched = filter_menu(rules.visible_actions(request.user).select_related("sector"), data)
    entries = [export_entry(a) for a in actions.order_by("key")]
    return {"count": len(entries), "actions": entries}


@router.get("/menu/{key}", response=MenuActionOut, auth=None, summary="One action of the inspiration menu")
def menu_action(request, key: str):
    action = rules.visible_actions(request.user).select_related("sector").filter(key=key).first()
    if action is None:
        raise Http404
    return export_entry(action)
