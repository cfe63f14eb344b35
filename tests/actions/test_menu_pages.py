"""The public menu pages: filters on every tag, search, sorting, pagination; curation and history."""

import pytest
from django.urls import reverse

from werkbaar.actions.models import Action
from werkbaar.core.audit import history_for
from werkbaar.core.roles import Role

pytestmark = pytest.mark.django_db


def keys(response):
    return [a.key for a in response.context["page_obj"]]


def test_public_without_login(client, menu):
    response = client.get(reverse("actions:menu"))
    assert response.status_code == 200
    assert response.context["total"] == menu.count()
    assert len(response.context["page_obj"].object_list) == 20
    assert client.get(reverse("actions:menu"), {"page": 4}).status_code == 200
    detail = client.get(reverse("actions:menu_detail", args=[menu.get(key="shift-work-rules").pk]))
    assert detail.status_code == 200 and "Workable-work action plan of the Flemish social partners (2017)" in detail.text
    assert "seed 0" not in detail.text


@pytest.mark.parametrize("param,value,check", [
    ("theme", "physical", lambda a: a.theme == "physical"),
    ("level", "individual", lambda a: a.level == "individual"),
    ("horizon", "long", lambda a: a.horizon == "long"),
    ("scope", "policy", lambda a: a.scope == "policy"),
    ("effort", "high", lambda a: a.effort == "high"),
    ("actor", "prevention", lambda a: "prevention" in a.actor_list),
    ("indicator", "work_life", lambda a: "work_life" in a.indicator_list),
])
def test_every_tag_filters(client, menu, param, value, check):
    response = client.get(reverse("actions:menu"), {param: value, "sort": "title"})
    found = list(response.context["page_obj"].paginator.object_list)
    assert found and all(check(a) for a in found)
    assert len(found) == sum(1 for a in menu if check(a))


def test_search_with_filter_and_sorting(client, menu):
    response = client.get(reverse("actions:menu"), {"q": "ergonom", "theme": "physical"})
    assert response.context["total"] >= 3
    assert all(a.theme == "physical" for a in response.context["page_obj"])
    titles = keys(client.get(reverse("actions:menu"), {"sort": "title"}))
    assert titles == [a.key for a in menu.order_by("title_nl")[:20]]
    efforts = [a.effort for a in client.get(reverse("actions:menu"), {"sort": "effort"}).context["page_obj"]]
    assert efforts == sorted(efforts, key=["low", "medium", "high"].index)


def test_invalid_filter_is_ignored_not_an_error(client, menu):
    response = client.get(reverse("actions:menu"), {"theme": "bogus", "page": "x"})
    assert response.status_code == 200


def test_sector_staff_add_sector_action_and_cannot_touch_the_shared_menu(client, menu, make_user, sector_factory):
    sector, other = sector_factory("s1"), sector_factory("s2")
    staff = make_user(Role.SECTOR_STAFF, sector=sector)
    client.force_login(staff)
    data = {"key": "s1-coaching", "title_nl": "Coaching s1", "title_en": "Coaching", "description_nl": "Uitleg",
            "theme": "support", "level": "team", "horizon": "short", "scope": "sector", "effort": "low",
            "source": "eigen", "sector": sector.pk, "visibility": "sector", "active": "on",
            "indicator_tags": ["dc_support"], "actor_tags": ["sector"]}
    assert client.post(reverse("actions:menu_add"), {**data, "sector": other.pk}).status_code == 200
    assert client.post(reverse("actions:menu_add"), {**data, "sector": ""}).status_code == 200
    assert client.post(reverse("actions:menu_add"), data).status_code == 302
    action = Action.objects.get(key="s1-coaching")
    assert action.indicator_list == ["dc_support"] and [e.action for e in history_for(action)] == ["create"]
    shared = menu.get(key="shift-work-rules")
    assert client.get(reverse("actions:menu_edit", args=[shared.pk])).status_code == 403
    # visibility "sector": hidden from the public and from another sector, visible in its own sector
    client.logout()
    assert client.get(reverse("actions:menu_detail", args=[action.pk])).status_code == 404
    assert "s1-coaching" not in keys(client.get(reverse("actions:menu"), {"q": "coaching s1"}))
    client.force_login(make_user(Role.SECTOR_STAFF, sector=other))
    assert client.get(reverse("actions:menu_detail", args=[action.pk])).status_code == 404
    client.force_login(staff)
    assert client.get(reverse("actions:menu_detail", args=[action.pk])).status_code == 200


def test_department_curates_shared_actions_with_history(client, menu, make_user):
    manager = make_user(Role.ACCOUNT_MANAGER)
    client.force_login(manager)
    action = menu.get(key="shift-work-rules")
    form = client.get(reverse("actions:menu_edit", args=[action.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "key"}
    data.update({"title_nl": "Gezonde ploegenroosters", "sector": "", "active": "on",
                 "indicator_tags": action.indicator_list, "actor_tags": action.actor_list})
    assert client.post(reverse("actions:menu_edit", args=[action.pk]), data).status_code == 302
    action.refresh_from_db()
    assert action.title_nl == "Gezonde ploegenroosters" and action.key == "shift-work-rules"
    entry = history_for(action).first()
    assert entry.action == "update" and ("title_nl", "Maak gezonde afspraken rond ploegen- en onregelmatig werk",
                                         "Gezonde ploegenroosters") in entry.changes()
    assert client.get(reverse("actions:menu_history", args=[action.pk])).status_code == 200
    assert client.get(reverse("actions:curation")).status_code == 200


def test_company_users_cannot_curate(client, menu, make_user, company_factory):
    admin = make_user(Role.COMPANY_ADMIN, organisation=company_factory())
    client.force_login(admin)
    assert client.get(reverse("actions:menu_add")).status_code == 403
    assert client.get(reverse("actions:curation")).status_code == 403


def test_menu_api_is_public_and_filtered(client, menu, sector_factory):
    Action.objects.create(key="hidden", title_nl="Verborgen", description_nl="d", theme="support", level="team",
                          horizon="short", scope="sector", effort="low", sector=sector_factory(),
                          visibility=Action.Visibility.SECTOR)
    data = client.get("/api/v1/actions/menu", {"theme": "work_life"}).json()
    assert data["count"] == menu.filter(theme="work_life").count()
    assert {a["theme"] for a in data["actions"]} == {"work_life"}
    assert client.get("/api/v1/actions/menu", {"q": "ploegen"}).json()["actions"][0]["id"] == "shift-work-rules"
    assert client.get("/api/v1/actions/menu/shift-work-rules").json()["title"]["en"]
    assert client.get("/api/v1/actions/menu/hidden").status_code == 404
    assert "hidden" not in {a["id"] for a in client.get("/api/v1/actions/menu").json()["actions"]}


def test_menu_history_of_another_sectors_action_is_refused(client, make_user, sector_factory):
    from werkbaar.actions.models import Action

    own, other = sector_factory(), sector_factory()
    action = Action.objects.create(key="own-sector-only", title_nl="Eigen actie", sector=own,
                                   visibility=Action.Visibility.SECTOR)
    shared = Action.objects.create(key="shared-one", title_nl="Gedeelde actie", sector=None)
    client.force_login(make_user(Role.SECTOR_STAFF, sector=other))
    assert client.get(reverse("actions:menu_history", args=[action.pk])).status_code == 403
    assert client.get(reverse("actions:menu_history", args=[shared.pk])).status_code == 200
    client.force_login(make_user(Role.SECTOR_STAFF, sector=own))
    assert client.get(reverse("actions:menu_history", args=[action.pk])).status_code == 200
