"""Checks before money moves (issue 14, slice 3): met below target needs a justification, no negative
counts, a result share of 20 meant as 20% is explained."""

from decimal import Decimal as D

import pytest
import yaml

from werkbaar.core.roles import Role
from werkbaar.covenants.covenant_file import clean
from werkbaar.covenants.indicator_rules import below_target, met_needs_justification, negative
from werkbaar.covenants.models import Covenant, ResultIndicator


def test_rules():
    assert below_target("increase", D("39999"), D("40000"))
    assert not below_target("increase", D("40000"), D("40000"))
    assert not below_target("decrease", D("1"), D("40000")) and not below_target("increase", None, D("1"))
    assert met_needs_justification(True, "increase", D("30"), D("40"))
    assert not met_needs_justification(False, "increase", D("30"), D("40"))
    assert not met_needs_justification(None, "increase", D("30"), D("40"))
    assert negative(D("-0.01")) and not negative(0) and not negative(None)


@pytest.fixture
def page(covenant_factory, make_user, client):
    covenant = covenant_factory()
    client.force_login(make_user(Role.SECTOR_STAFF, sector=covenant.sector))
    return covenant, client


def _indicator_post(covenant, client, **changes):
    p = covenant.priorities.get(code="P2")  # target 400 people reached, increase
    data = {"description": "Bereik", "target_value": "400", "unit": "people_reached", "period": "term",
            "direction": "increase", "result_value": "350", "result_met": "true", "result_note": ""}
    data.update(changes)
    return client.post(f"/covenants/{covenant.pk}/priorities/{p.pk}/indicator/", data), p


def test_met_below_target_needs_a_justification(page):
    covenant, client = page
    response, p = _indicator_post(covenant, client)
    assert response.status_code == 200
    assert "ligt onder de doelstelling" in response.content.decode()
    assert ResultIndicator.objects.get(priority=p).result_met is None
    response, _ = _indicator_post(covenant, client, result_note="Het bereik telde 350 unieke personen, "
                                                                 "maar de campagne bereikte er meer.")
    assert response.status_code == 302 and ResultIndicator.objects.get(priority=p).result_met is True
    response, _ = _indicator_post(covenant, client, result_met="false", result_note="")  # not met: no question
    assert response.status_code == 302


def test_negative_counts_are_refused(page):
    covenant, client = page
    response, p = _indicator_post(covenant, client, result_value="-5", result_met="false")
    assert response.status_code == 200 and "niet negatief" in response.content.decode()
    assert ResultIndicator.objects.get(priority=p).result_value is None


def test_a_result_share_of_20_is_explained_on_the_covenant_form(page):
    covenant, client = page
    data = {"code": covenant.code, "sector": covenant.sector.pk, "generation": "2016-2017", "start": "2016-01-01",
            "end": "2017-12-31", "funded_fte": "2", "max_grant_eur": "196000", "result_share": "20"}
    response = client.post(f"/covenants/{covenant.pk}/edit/", data)
    assert response.status_code == 200
    assert "schrijf 0,2 voor 20%" in response.content.decode()
    assert Covenant.objects.get(pk=covenant.pk).result_share == D("0.100")


@pytest.mark.parametrize("mutate, expected", [
    (lambda r: r.update(result_share=20), "result_share: must be at most 1: the share is a fraction, write 0.2 for 20%"),
    (lambda r: r["priorities"][0]["indicator"].update(target=-1), "priorities[0].indicator.target: must be at least 0"),
    (lambda r: r["indicator_results"]["P1"].update(value=-3), "indicator_results.P1.value: must be at least 0"),
])
def test_the_file_refuses_percentages_and_negative_counts(valid_text, mutate, expected):
    raw = yaml.safe_load(valid_text())
    mutate(raw)
    assert expected in clean(raw)[1]
