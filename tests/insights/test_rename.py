"""Issue 18: the app `knowledge` became `insights` without losing data, and its old addresses redirect."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from werkbaar.insights.models import ReferenceSource


@pytest.mark.parametrize(("old", "new"), [
    ("/knowledge/", "/insights/"),
    ("/knowledge/campaigns/7/report/", "/insights/campaigns/7/report/"),
    ("/knowledge/campaigns/7/report.pdf?lang=fr", "/insights/campaigns/7/report.pdf?lang=fr"),
    ("/knowledge/jobs/3/", "/insights/jobs/3/"),
    ("/api/v1/knowledge/campaigns/7/result", "/api/v1/insights/campaigns/7/result"),
])
def test_old_addresses_redirect_permanently_to_the_same_path(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_a_post_to_an_old_api_address_is_redirected_keeping_its_method(client):
    response = client.post("/api/v1/knowledge/campaigns/7/result")
    assert response.status_code == 308
    assert response["Location"] == "/api/v1/insights/campaigns/7/result"


def test_the_old_sector_view_address_still_leads_to_the_sector_page(client):
    response = client.get("/knowledge/sectors/vormdc/?period=2026")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert "sector%2Fvormdc%2Fworkability%2F%3Fperiod%3D2026" in response["Location"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_old_tables_with_their_rows_and_content_types():
    content_type = ContentType.objects.get_for_model(ReferenceSource)
    executor = MigrationExecutor(connection)
    # Back to the state before the rename: the models live in `knowledge`, in knowledge_* tables.
    executor.migrate([("knowledge", "0001_initial"), ("insights", None)])
    tables = connection.introspection.table_names()
    assert "knowledge_referencesource" in tables and "insights_referencesource" not in tables
    assert ContentType.objects.get(pk=content_type.pk).app_label == "knowledge"
    old_apps = executor.loader.project_state(("knowledge", "0001_initial")).apps
    old_source = old_apps.get_model("knowledge", "ReferenceSource")
    old_source.objects.create(key="wbm-2019", title="Werkbaarheidsmonitor 2019", citation="SERV, 2019")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    tables = connection.introspection.table_names()
    assert "insights_referencesource" in tables and "knowledge_referencesource" not in tables
    assert ReferenceSource.objects.get(key="wbm-2019").title == "Werkbaarheidsmonitor 2019"
    moved = ContentType.objects.get(pk=content_type.pk)
    assert (moved.app_label, moved.model) == ("insights", "referencesource")
