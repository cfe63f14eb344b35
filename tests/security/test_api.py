"""The JSON API: session writes need the CSRF token; anonymous callers get nothing."""

import pytest
from django.test import Client

from werkbaar.core.roles import Role

pytestmark = pytest.mark.django_db


def test_session_write_without_csrf_token_is_refused(make_user, sector_factory):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(Role.SECTOR_STAFF, sector=sector_factory()))
    response = client.put("/api/v1/reporting/reports/1/content", data='{"content": {}}',
                          content_type="application/json")
    assert response.status_code == 403


@pytest.mark.parametrize("url", ["/api/v1/covenants/", "/api/v1/reporting/reports", "/api/v1/networks/",
                                 "/api/v1/reporting/indicator-values"])
def test_anonymous_api_reads_are_refused(client, url):
    assert client.get(url).status_code == 401


def test_submission_api_needs_no_session_and_no_csrf():
    """The access code is the credential: an unknown code answers 404 (not 403 for a missing token)."""
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/scan/UNKNOWN/submit", data='{"language": "nl", "answers": {}}',
                           content_type="application/json")
    assert response.status_code == 404
