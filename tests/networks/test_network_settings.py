"""The minimum number of sessions and the idea themes are settings of each network, with defaults from
the covenant action it carries out (VIVO action 4.2: at least 6 sessions, the five domestic-helper
themes), so that a network of another kind (re-integration) fits."""

from datetime import date

from werkbaar.covenants.models import Covenant, CovenantAction, Priority
from werkbaar.networks.models import Idea, IdeaTheme, Network

REINTEGRATION_THEMES = "Return-to-work plan\nContact during absence\nAdapted work"


def _data(world, **extra):
    return {
        "title": "Re-integration net", "theme": "Return to work", "sector": world.sector_a.pk,
        "facilitators": [world.staff_a.pk], "start": "2026-01-01", "end": "2026-06-30",
        "target_min": 4, "target_max": 8, "planned_sessions": 3, "expectations": "Come every time", **extra,
    }


def _action(world, **defaults):
    covenant = Covenant.objects.create(code="SECTA-2026", sector=world.sector_a, generation="2026-2027",
                                       start=date(2026, 1, 1), end=date(2027, 12, 31), funded_fte=1,
                                       max_grant_eur=1000)
    priority = Priority.objects.create(covenant=covenant, code="P4", title="Networks")
    return CovenantAction.objects.create(priority=priority, code="4.2", title="Learning networks", **defaults)


def test_a_reintegration_network_plans_three_sessions_with_its_own_themes(client, world):
    client.force_login(world.staff_a)
    response = client.post("/networks/new/", _data(world, idea_themes=REINTEGRATION_THEMES))
    assert response.status_code == 302, response.context["form"].errors
    network = Network.objects.get(title="Re-integration net")
    assert (network.min_sessions, network.planned_sessions) == (1, 3)
    assert network.idea_themes == ["Return-to-work plan", "Contact during absence", "Adapted work"]
    board = client.get(f"/networks/{network.pk}/board/").content.decode()
    assert "Contact during absence" in board and "Psychosocial load" not in board
    # an idea takes one of the network's own themes, not a domestic-helper theme
    response = client.post(f"/networks/{network.pk}/board/add/", {
        "text": "Call within a week", "theme": "Contact during absence", "term": "short", "scope": "sector"})
    assert Idea.objects.get(network=network).theme == "Contact during absence"
    response = client.post(f"/networks/{network.pk}/board/add/", {
        "text": "Lifting aids", "theme": "physical", "term": "short", "scope": "sector"})
    assert Idea.objects.filter(network=network).count() == 1


def test_the_covenant_action_gives_the_defaults(client, world):
    themes = ["appreciation", "support", "training", "psychosocial", "physical"]
    action = _action(world, network_min_sessions=6, network_idea_themes=themes)
    client.force_login(world.staff_a)
    response = client.post("/networks/new/", _data(world, covenant_action=action.pk))
    assert response.status_code == 200
    assert "6" in response.context["form"].errors["planned_sessions"][0]
    response = client.post("/networks/new/", _data(world, covenant_action=action.pk, planned_sessions=6))
    assert response.status_code == 302
    network = Network.objects.get(title="Re-integration net")
    assert (network.min_sessions, network.idea_themes, network.covenant_action) == (6, themes, action)
    # the action's minimum is a default, not a law: the network may say otherwise
    response = client.post("/networks/new/", _data(world, title="Short net", covenant_action=action.pk,
                                                    min_sessions=3, idea_themes=REINTEGRATION_THEMES))
    assert response.status_code == 302
    assert Network.objects.get(title="Short net").min_sessions == 3


def test_default_themes_can_be_typed_as_their_labels():
    from werkbaar.networks.forms import ThemesField

    assert ThemesField().to_python("Appreciation\n physical \nOwn theme\nOwn theme") == [
        IdeaTheme.APPRECIATION, IdeaTheme.PHYSICAL, "Own theme"]
