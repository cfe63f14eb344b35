"""List conventions: limit/offset pages with the total and a link to the next page, checked
parameters, a stable order across pages, filters, and ETag/If-None-Match (304)."""

import pytest

from werkbaar.core.roles import Role
from werkbaar.reporting import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(covenant_factory, make_user, sector_factory):
    sector = sector_factory()
    covenants = [covenant_factory(sector=sector, code=f"C{n}-{sector.code}") for n in range(3)]
    for covenant in covenants:
        services.ensure_reports(covenant)
    return sector, covenants, make_user(Role.SECTOR_STAFF, sector=sector)


def test_reports_come_in_pages_with_the_total_and_a_next_link(client, many):
    _sector, _covenants, staff = many
    client.force_login(staff)
    everything = client.get("/api/v1/reporting/reports").json()
    assert len(everything) > 4
    first = client.get("/api/v1/reporting/reports?limit=2")
    assert first["X-Total-Count"] == str(len(everything))
    assert [r["id"] for r in first.json()] == [r["id"] for r in everything[:2]]
    assert 'rel="next"' in first["Link"] and "offset=2" in first["Link"]
    ids = []
    offset = 0
    while True:
        page = client.get(f"/api/v1/reporting/reports?limit=2&offset={offset}")
        ids += [r["id"] for r in page.json()]
        offset += 2
        if "Link" not in page:
            break
    assert ids == [r["id"] for r in everything] and len(set(ids)) == len(ids)  # stable, no row twice or lost


def test_pages_keep_the_filters(client, many):
    _sector, covenants, staff = many
    client.force_login(staff)
    code = covenants[0].code
    response = client.get(f"/api/v1/reporting/reports?covenant={code}&limit=1")
    assert {r["covenant"] for r in response.json()} == {code}
    assert f"covenant={code}" in response["Link"]
    listed = client.get(f"/api/v1/covenants/?q={code}").json()
    assert [c["code"] for c in listed] == [code]


@pytest.mark.parametrize("query, field", [("limit=0", "limit"), ("limit=501", "limit"), ("limit=x", "limit"),
                                          ("offset=-1", "offset")])
def test_bad_page_parameters_answer_400_naming_the_parameter(client, many, query, field):
    client.force_login(many[2])
    response = client.get(f"/api/v1/covenants/?{query}")
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_an_unchanged_read_answers_304_to_its_etag(client, many):
    _sector, covenants, staff = many
    client.force_login(staff)
    response = client.get("/api/v1/covenants/")
    etag = response["ETag"]
    assert etag
    unchanged = client.get("/api/v1/covenants/", HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged.content == b"" and unchanged["ETag"] == etag
    covenants[0].title = "Changed"
    covenants[0].save()
    changed = client.get("/api/v1/covenants/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    detail = client.get(f"/api/v1/covenants/{covenants[0].code}")
    assert client.get(f"/api/v1/covenants/{covenants[0].code}", HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 304


def test_the_openapi_document_describes_pagination_and_etags(client):
    schema = client.get("/api/v1/openapi.json").json()
    listing = schema["paths"]["/api/v1/reporting/reports"]["get"]
    assert {"limit", "offset"} <= {p["name"] for p in listing["parameters"]}
    assert {"X-Total-Count", "ETag", "Link"} <= set(listing["responses"]["200"]["headers"])
    assert "304" in listing["responses"]


def test_every_list_operation_is_paginated(client):
    schema = client.get("/api/v1/openapi.json").json()
    lists = {path for path, ops in schema["paths"].items() for method, op in ops.items() if method == "get"
             and op["responses"]["200"].get("content", {}).get("application/json", {}).get("schema", {}).get(
                 "type") == "array"}
    assert len(lists) >= 10
    unpaged = {path for path in lists
               if "limit" not in {p["name"] for p in schema["paths"][path]["get"].get("parameters", [])}}
    assert unpaged == set()
