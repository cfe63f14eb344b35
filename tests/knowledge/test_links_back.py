"""Issue 18: an action of the inspiration menu links to the published platform items that mention it."""

import pytest
from django.utils import timezone

from werkbaar.actions.models import Action
from werkbaar.knowledge.models import Item, Status

pytestmark = pytest.mark.django_db


def _action():
    return Action.objects.create(key="ergonomic-trolley", title_nl="Ergonomische trolley",
                                 description_nl="Een trolley voor zware materialen.", theme="physical",
                                 level="organisation", horizon="short", scope="company", effort="low")


def _item(slug, title, status, action):
    item = Item.objects.create(kind="good_practice", slug=slug, title_nl=title, summary_nl="Kort.",
                               published_at=timezone.now())
    Item.objects.filter(pk=item.pk).update(status=status)
    item.related_actions.add(action)
    return item


def test_the_menu_action_lists_published_items_only(client):
    action = _action()
    _item("trolley-bij-poetsplus", "Een trolley voor elke ploeg", Status.PUBLISHED, action)
    _item("trolley-ontwerp", "Geheim ontwerp over trolleys", Status.DRAFT, action)
    _item("trolley-oud", "Gearchiveerde trolleytekst", Status.ARCHIVED, action)
    page = client.get(f"/actions/menu/{action.pk}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert 'href="/kennis/trolley-bij-poetsplus/"' in page
    assert "Een trolley voor elke ploeg" in page and "Op het kennisplatform" in page
    assert "Geheim ontwerp" not in page and "Gearchiveerde" not in page


def test_without_published_items_the_section_is_left_out(client):
    action = _action()
    page = client.get(f"/actions/menu/{action.pk}/").content.decode()
    assert 'id="knowledge-items"' not in page
