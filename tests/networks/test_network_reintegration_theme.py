"""Re-integration is a known theme of the learning networks' recommendations board, shared with the
inspiration menu: typed in any language it is stored as ``reintegration``, shown translated, and an idea
proposed for the menu arrives at the curators with the menu's re-integration theme."""

from django.utils import translation

from werkbaar.actions.taxonomy import Theme
from werkbaar.networks.forms import ThemesField
from werkbaar.networks.models import DEFAULT_IDEA_THEMES, Idea, IdeaTheme, MenuProposal, Network


def test_every_known_network_theme_is_a_menu_theme():
    assert IdeaTheme.REINTEGRATION == Theme.REINTEGRATION == "reintegration"
    assert set(IdeaTheme.values) <= set(Theme.values)


def test_re_integration_typed_in_any_language_is_the_known_theme():
    with translation.override("nl-be"):
        assert ThemesField().to_python("Re-integratie\nEigen thema") == ["reintegration", "Eigen thema"]
    with translation.override("fr"):
        assert ThemesField().to_python("réintégration") == ["reintegration"]
    assert ThemesField().to_python("reintegration") == ["reintegration"]


def test_a_reintegration_network_board_and_its_menu_proposal(client, world):
    client.force_login(world.staff_a)
    response = client.post("/networks/new/", {
        "title": "Terugkeer", "theme": "Terug naar werk", "sector": world.sector_a.pk,
        "facilitators": [world.staff_a.pk], "start": "2026-01-01", "end": "2026-06-30", "target_min": 4,
        "target_max": 8, "planned_sessions": 3, "expectations": "Elke keer aanwezig",
        "idea_themes": "Re-integratie\nphysical"})
    assert response.status_code == 302, response.context["form"].errors
    network = Network.objects.get(title="Terugkeer")
    assert network.idea_themes == ["reintegration", "physical"]
    with translation.override("fr"):
        assert dict(network.theme_choices())["reintegration"] == "Réintégration"
    assert "Re-integratie" in client.get(f"/networks/{network.pk}/board/").content.decode()
    client.post(f"/networks/{network.pk}/board/add/", {
        "text": "Klantenportefeuille aanpassen bij een heropstart", "theme": "reintegration", "term": "short",
        "scope": "sector"})
    idea = Idea.objects.get(network=network)
    assert idea.theme == "reintegration"
    response = client.post(f"/networks/ideas/{idea.pk}/outcome/menu/", {
        "title": "Pas de klantenportefeuille aan", "description": "Lichtere klanten dicht bij huis."})
    assert response.status_code == 302
    proposal = MenuProposal.objects.get(idea=idea)
    assert proposal.theme == "reintegration"
    form = client.get(f"/actions/menu/new/?proposal={proposal.pk}").context["form"]
    assert form.initial["theme"] == Theme.REINTEGRATION


def test_a_new_network_still_starts_from_the_five_domestic_helper_themes(client, world):
    client.force_login(world.staff_a)
    client.post("/networks/new/", {
        "title": "Standaard", "theme": "Werkbaar werk", "sector": world.sector_a.pk,
        "facilitators": [world.staff_a.pk], "start": "2026-01-01", "end": "2026-06-30", "target_min": 4,
        "target_max": 8, "planned_sessions": 3, "expectations": "Elke keer aanwezig"})
    assert Network.objects.get(title="Standaard").idea_themes == DEFAULT_IDEA_THEMES
