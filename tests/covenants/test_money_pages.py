"""Effort commitments and addendum consultants on the pages, and the 2021 fixture through import and export
(issue 14). The department assesses; the sector reads its own covenant; another sector sees nothing."""

from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml

from werkbaar.core.audit import history_for
from werkbaar.core.roles import Role
from werkbaar.covenants.covenant_file import export_covenant, import_text
from werkbaar.covenants.effort import EffortCommitment
from werkbaar.covenants.final_account import final_account_of_covenant
from werkbaar.covenants.models import Consultant

FIXTURE = Path(__file__).parent / "data" / "TRANSPORT-2021-2022.yaml"


@pytest.fixture
def transport(db, sector_factory):
    sector_factory("transport")
    covenant, _ = import_text(FIXTURE.read_text(encoding="utf-8"))
    return covenant


@pytest.fixture
def users(transport, make_user, sector_factory):
    return {"department": make_user(Role.ACCOUNT_MANAGER),
            "staff": make_user(Role.SECTOR_STAFF, sector=transport.sector),
            "consultant": make_user(Role.CONSULTANT, sector=transport.sector),
            "other": make_user(Role.SECTOR_STAFF, sector=sector_factory())}


def test_the_stored_fixture_settles_like_the_file(transport):
    out = final_account_of_covenant(transport).as_json()
    assert (out["payable_eur"], out["effort_paid_eur"], out["addenda_payable_eur"], out["total_payable_eur"]) == (
        "265969.32", "219520.00", "164317.81", "430287.13")
    # the addendum's consultants are stored with the covenant but never counted for the base grant
    assert transport.consultants.count() == 6
    assert out["shortfall_fte_days"] == "92.0000"
    assert [k["name"] for k in out["addenda"][0]["consultants"]] == ["Kim Jacobs", "Lotte Hermans"]


def test_export_then_import_changes_nothing(transport):
    text = export_covenant(transport)
    data = yaml.safe_load(text)
    assert data["effort_share"] == 0.8 and len(data["effort_commitments"]) == 5
    assert [k["name"] for k in data["addenda"][0]["consultants"]] == ["Kim Jacobs", "Lotte Hermans"]
    assert [k["name"] for k in data["consultants"]] == ["Ann Claes", "Bart Wouters", "Chris Maes", "Dina Peeters"]
    entries = history_for(transport).count()
    import_text(text)
    assert history_for(transport).count() == entries
    assert final_account_of_covenant(transport).as_json()["total_payable_eur"] == "430287.13"


def test_department_assesses_an_effort_commitment_and_the_settlement_follows(client, transport, users):
    client.force_login(users["department"])
    e5 = EffortCommitment.objects.get(covenant=transport, code="E5")
    url = f"/covenants/{transport.pk}/effort/{e5.pk}/edit/"
    refused = client.post(url, {"code": "E5", "description": e5.description, "order": 5, "assessment": "partly",
                                "remark": ""})
    assert refused.status_code == 200
    assert "Leg in een opmerking uit waarom de verbintenis niet (volledig) is nagekomen." in refused.content.decode()
    e5.refresh_from_db()
    assert e5.assessment == "not"
    ok = client.post(url, {"code": "E5", "description": e5.description, "order": 5, "assessment": "fulfilled",
                           "remark": "Alsnog uitgevoerd"})
    assert ok.status_code == 302
    e5.refresh_from_db()
    assert e5.assessed_by == users["department"] and e5.assessed_on is not None
    # effort: 313,600 x 4.5 / 5 = 282,240; payable 392,000 - 12,350.68 - 19,600 - 31,360 = 328,689.32
    out = final_account_of_covenant(transport).as_json()
    assert out["effort_paid_eur"] == "282240.00" and out["payable_eur"] == "328689.32"
    assert history_for(transport).filter(object_type="covenants.effortcommitment", action="update").exists()
    tab = client.get(f"/covenants/{transport.pk}/settlement/").content.decode()
    assert "Inspanningsverbintenissen" in tab and "Alsnog uitgevoerd" in tab and "EUR 282.240,00" in tab


def test_a_duplicate_effort_code_is_refused_in_french_too(client, transport, users):
    client.force_login(users["department"])
    url = f"/covenants/{transport.pk}/effort/new/"
    response = client.post(url, {"code": "E1", "description": "x", "order": 9, "assessment": "", "remark": ""},
                           HTTP_ACCEPT_LANGUAGE="fr")
    assert "a déjà un engagement" in response.content.decode()
    assert EffortCommitment.objects.filter(covenant=transport).count() == 5


def test_sector_reads_its_effort_commitments_but_cannot_assess_and_another_sector_sees_nothing(
        client, transport, users):
    e1 = EffortCommitment.objects.get(covenant=transport, code="E1")
    urls = [f"/covenants/{transport.pk}/effort/new/", f"/covenants/{transport.pk}/effort/{e1.pk}/edit/",
            f"/covenants/{transport.pk}/effort/{e1.pk}/delete/"]
    post = {"code": "E1", "description": "x", "order": 1, "assessment": "not", "remark": "x", "confirmed": "1"}
    for who in ("staff", "consultant"):
        client.force_login(users[who])
        tab = client.get(f"/covenants/{transport.pk}/settlement/").content.decode()
        assert "Sectorale opleidingsagenda" in tab and "/effort/new/" not in tab
        for url in urls:
            assert client.post(url, post).status_code == 403, url
    client.force_login(users["other"])
    assert client.get(f"/covenants/{transport.pk}/settlement/").status_code == 404
    for url in urls:
        assert client.post(url, post).status_code == 404, url
    e1.refresh_from_db()
    assert e1.assessment == "fulfilled" and EffortCommitment.objects.filter(covenant=transport).count() == 5


def test_the_effort_share_is_the_departments_on_the_covenant_form(client, transport, users):
    client.force_login(users["staff"])
    form = client.get(f"/covenants/{transport.pk}/edit/").content.decode()
    assert 'name="effort_share"' in form and "disabled" in form.split('name="effort_share"')[1].split(">")[0]


def test_a_consultant_is_added_to_the_kilometre_charge_addendum_apart_from_the_base(client, transport, users):
    client.force_login(users["staff"])
    addendum = transport.addenda.get(kind="kilometre_charge")
    response = client.post(f"/covenants/{transport.pk}/consultants/new/", {
        "name": "Mia Vos", "fte": "1", "start": "2021-01-01", "end": "2021-03-31", "addendum": addendum.pk})
    assert response.status_code == 302
    assert Consultant.objects.get(name="Mia Vos").addendum == addendum
    tab = client.get(f"/covenants/{transport.pk}/consultants/").content.decode()
    assert "Mia Vos <small>(addendum: Addendum kilometerheffing)</small>" in tab
    out = final_account_of_covenant(transport).as_json()
    assert out["payable_eur"] == "265969.32"  # the base grant is unchanged
    assert out["addenda_shortfall_fte_days"] == "0.0000"  # Mia covers Lotte's first three months
    assert out["addenda_payable_eur"] == "176400.00"


def test_a_consultant_cannot_join_an_addendum_without_fte_or_of_another_covenant(client, transport, users,
                                                                                 covenant_factory):
    other = covenant_factory()
    foreign = other.addenda.create(kind="kilometre_charge", fte=D("2"), budget_eur=D("1000"))
    own_without_fte = transport.addenda.create(kind="non_discrimination", budget_eur=D("85000"))
    client.force_login(users["department"])
    response = client.post(f"/covenants/{transport.pk}/consultants/new/", {
        "name": "Mia Vos", "fte": "1", "addendum": foreign.pk})
    assert response.status_code == 200 and not Consultant.objects.filter(name="Mia Vos").exists()
    response = client.post(f"/covenants/{transport.pk}/consultants/new/", {
        "name": "Mia Vos", "fte": "1", "addendum": own_without_fte.pk})
    assert response.status_code == 200 and not Consultant.objects.filter(name="Mia Vos").exists()
    assert final_account_of_covenant(transport).addenda[0].payable_eur == D("164317.81")  # still short


def _posted_form(covenant, **changes) -> dict:
    """The covenant form's own values (as the browser posts them), with ``changes``."""
    from werkbaar.covenants.forms import CovenantForm

    form = CovenantForm(instance=covenant)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is not None:
            data[name] = [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value)
    data.update(changes)
    return data


def test_past_its_draft_the_sector_cannot_change_what_the_grant_is_computed_from(client, transport, users):
    transport.status = "active"  # signed and running
    transport.save(update_fields=["status"])
    before = (transport.max_grant_eur, transport.funded_fte, transport.result_share, transport.end)
    client.force_login(users["staff"])
    form = client.get(f"/covenants/{transport.pk}/edit/").content.decode()
    assert "disabled" in form.split('name="max_grant_eur"')[1].split(">")[0]
    response = client.post(f"/covenants/{transport.pk}/edit/", _posted_form(
        transport, max_grant_eur="9999999.00", funded_fte="40", result_share="0", end="2030-12-31",
        vision="Een nieuwe visie."))
    assert response.status_code == 302
    transport.refresh_from_db()
    assert (transport.max_grant_eur, transport.funded_fte, transport.result_share, transport.end) == before
    assert transport.vision == "Een nieuwe visie."  # the sector still writes its own texts
    client.force_login(users["department"])
    client.post(f"/covenants/{transport.pk}/edit/", _posted_form(transport, funded_fte="3.5"))
    transport.refresh_from_db()
    assert transport.funded_fte == D("3.5")
