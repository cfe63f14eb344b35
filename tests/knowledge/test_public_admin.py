"""The admin lists the knowledge items but cannot set their status (the editor workflow does that)."""

import pytest

from werkbaar.knowledge.models import Status

pytestmark = pytest.mark.django_db


def test_the_admin_shows_items_and_keeps_the_status_read_only(client, django_user_model, public_item):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.be", "pw-Werkbaar-1"))
    item = public_item(status=Status.DRAFT, title_nl="Adminitem")
    assert "Adminitem" in client.get("/admin/knowledge/item/").content.decode()
    page = client.get(f"/admin/knowledge/item/{item.pk}/change/")
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    assert client.get("/admin/knowledge/proposal/").status_code == 200
