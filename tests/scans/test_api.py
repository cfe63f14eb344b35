"""The submission API: status codes, field errors, OpenAPI document."""

import json

import pytest

from werkbaar.scans.models import Response

URL = "/api/v1/scan/{}/submit"


def post(client, code, body):
    return client.post(URL.format(code), data=json.dumps(body), content_type="application/json")


@pytest.fixture
def api_client(client):
    client.handler.enforce_csrf_checks = True  # the API must not need a CSRF token
    return client


def test_201_then_409(api_client, codes, full_answers):
    r = post(api_client, codes[0], {"language": "nl", "answers": full_answers, "groups": {"team": "Noord"}})
    assert r.status_code == 201, r.content
    r = post(api_client, codes[0], {"language": "nl", "answers": full_answers, "groups": {}})
    assert r.status_code == 409
    assert Response.objects.count() == 1


def test_code_is_case_and_dash_insensitive(api_client, codes):
    pretty = codes[0][:5].lower() + "-" + codes[0][5:].lower()
    assert post(api_client, pretty, {"language": "fr", "answers": {"wd1": 3, "wd2": None}}).status_code == 201


def test_400_one_error_per_field(api_client, codes):
    r = post(api_client, codes[0], {
        "language": "de", "answers": {"wd1": 7, "zz9": 1, "wd2": "x"}, "groups": {"team": "Mars"},
    })
    assert r.status_code == 400
    errors = r.json()["errors"]
    assert set(errors) == {"language", "answers.wd1", "answers.zz9", "answers.wd2", "groups.team"}
    assert not Response.objects.exists()
    # the code is still usable after a refused submission
    assert post(api_client, codes[0], {"language": "nl", "answers": {}}).status_code == 201


def test_400_on_wrong_shapes(api_client, codes):
    r = post(api_client, codes[0], {"language": "nl", "answers": [1, 2], "groups": "team"})
    assert r.status_code == 400
    assert set(r.json()["errors"]) == {"answers", "groups"}


def test_404_unknown_code(api_client, campaign):
    assert post(api_client, "ABCDEFGHJK", {"language": "nl", "answers": {}}).status_code == 404


def test_410_closed_and_not_yet_open(api_client, campaign, codes):
    campaign.status = "closed"
    campaign.save()
    assert post(api_client, codes[0], {"language": "nl", "answers": {}}).status_code == 410


def test_410_not_yet_open(api_client, campaign_factory):
    import datetime

    from django.utils import timezone

    from werkbaar.scans.services import generate_codes

    today = timezone.localdate()
    later = campaign_factory(opens_on=today + datetime.timedelta(days=2), closes_on=today + datetime.timedelta(days=9))
    code = generate_codes(later, 1)[0].code
    assert post(api_client, code, {"language": "nl", "answers": {}}).status_code == 410


def test_openapi_documents_each_status(client):
    doc = client.get("/api/v1/openapi.json").json()
    op = doc["paths"]["/api/v1/scan/{code}/submit"]["post"]
    assert {"201", "400", "404", "409", "410"} <= set(op["responses"])
    assert not op.get("security")
