"""Logging a contact: finding the organisation, adding a new company, refusals that save nothing."""

from datetime import timedelta

import pytest

from werkbaar.fieldwork.models import Contact

pytestmark = pytest.mark.django_db


def _post(client, user, **data):
    client.force_login(user)
    base = {"on": data.pop("on", None) or "", "kind": "visit", "note": "Kort gesprek"}
    base.update(data)
    return client.post("/fieldwork/log/", base)


def test_a_consultant_logs_a_visit_found_by_name(client, field):
    response = _post(client, field["consultant"], q="acme", on=field["today"].isoformat(), themes=["physical"],
                     action=field["cov"].priorities.first().actions.first().pk,
                     follow_up_on=(field["today"] + timedelta(days=14)).isoformat())
    assert response.status_code == 302, response.context["form"].errors
    contact = Contact.objects.get()
    assert contact.organisation == field["acme"] and contact.sector == field["a"]
    assert contact.recorded_by == field["consultant"] and contact.themes == ["physical"]
    assert contact.priority == field["cov"].priorities.first()  # taken from the action


def test_search_by_enterprise_number_with_dots(client, field):
    number = field["zeta"].enterprise_number_display
    response = _post(client, field["consultant"], q=number, on=field["today"].isoformat())
    assert response.status_code == 302
    assert Contact.objects.get().organisation == field["zeta"]


def test_the_search_fragment_lists_only_the_own_sectors_organisations(client, field):
    client.force_login(field["consultant"])
    body = client.get("/fieldwork/organisations/", {"q": "n"}).content.decode()
    assert "Acme Schoonmaak" in body and "Bouw Andere" not in body


def test_several_matches_ask_for_a_choice_and_save_nothing(client, field, company_factory):
    company_factory(sector=field["a"], name="Acme Tuinen")
    response = _post(client, field["consultant"], q="acme", on=field["today"].isoformat())
    assert response.status_code == 200
    assert "Several organisations match" in str(response.context["form"].errors["q"])
    assert not Contact.objects.exists()


def test_a_new_company_is_added_with_its_number(client, field):
    response = _post(client, field["consultant"], new_name="Nieuw Poetsbedrijf", new_number="0403.170.701",
                     new_joint_committee=field["jc"].pk, on=field["today"].isoformat())
    assert response.status_code == 302, response.context["form"].errors
    contact = Contact.objects.select_related("organisation").get()
    assert contact.organisation.name == "Nieuw Poetsbedrijf"
    assert contact.organisation.enterprise_number == "0403170701"
    assert contact.organisation.sector == field["a"] and contact.organisation.joint_committee == field["jc"]


@pytest.mark.parametrize(("number", "message"), [
    ("0403.170.702", "fails the check digits"),
    ("12345", "has 10 digits"),
])
def test_a_bad_enterprise_number_is_refused_and_nothing_is_saved(client, field, number, message):
    from werkbaar.core.models import Organisation

    before = Organisation.objects.count()
    response = _post(client, field["consultant"], new_name="Fout bv", new_number=number, on=field["today"].isoformat())
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["new_number"])
    assert Organisation.objects.count() == before and not Contact.objects.exists()


def test_a_number_of_another_sectors_organisation_is_refused_without_naming_it(client, field):
    response = _post(client, field["consultant"], new_name="Kopie", new_number=field["other"].enterprise_number,
                     on=field["today"].isoformat())
    errors = str(response.context["form"].errors["new_number"])
    assert "another sector" in errors and "Bouw Andere" not in errors
    assert not Contact.objects.exists()


def test_a_forged_organisation_of_another_sector_is_refused(client, field):
    response = _post(client, field["consultant"], organisation=field["other"].pk, on=field["today"].isoformat())
    assert response.status_code == 200 and not Contact.objects.exists()


def test_a_priority_of_another_sectors_covenant_is_refused(client, field):
    foreign = field["cov_b"].priorities.first()
    response = _post(client, field["consultant"], q="acme", priority=foreign.pk, on=field["today"].isoformat())
    assert response.status_code == 200 and not Contact.objects.exists()


def test_a_future_date_and_a_follow_up_before_the_contact_are_refused(client, field):
    tomorrow = (field["today"] + timedelta(days=1)).isoformat()
    response = _post(client, field["consultant"], q="acme", on=tomorrow)
    assert "cannot lie in the future" in str(response.context["form"].errors["on"])
    response = _post(client, field["consultant"], q="acme", on=field["today"].isoformat(),
                     follow_up_on=(field["today"] - timedelta(days=1)).isoformat())
    assert "before the date of the contact" in str(response.context["form"].errors["follow_up_on"])
    assert not Contact.objects.exists()


def test_company_admins_and_the_department_cannot_log(client, field, make_user):
    from werkbaar.core.roles import Role

    for user in (make_user(Role.COMPANY_ADMIN, organisation=field["acme"]), field["department"]):
        client.force_login(user)
        assert client.get("/fieldwork/log/").status_code == 403
        assert client.post("/fieldwork/log/", {"q": "acme", "on": field["today"].isoformat(),
                                               "kind": "visit"}).status_code == 403
    assert not Contact.objects.exists()


def test_own_contacts_edit_and_remove(client, field, contact_factory):
    contact = contact_factory()
    client.force_login(field["consultant"])
    assert "Acme Schoonmaak" in client.get("/fieldwork/").content.decode()
    response = client.post(f"/fieldwork/{contact.pk}/edit/", {"organisation": field["zeta"].pk, "kind": "phone",
                                                              "on": field["today"].isoformat(), "note": "x"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.organisation == field["zeta"] and contact.kind == "phone"
    client.post(f"/fieldwork/{contact.pk}/delete/", {"confirmed": "1"})
    assert not Contact.objects.exists()


def test_another_sectors_consultant_cannot_read_or_change_a_contact(client, field, contact_factory):
    contact = contact_factory()
    client.force_login(field["consultant_b"])
    assert client.get(f"/fieldwork/{contact.pk}/edit/").status_code == 404
    assert client.post(f"/fieldwork/{contact.pk}/delete/", {"confirmed": "1"}).status_code == 404
    assert client.post(f"/fieldwork/{contact.pk}/done/").status_code == 404
    assert "Acme" not in client.get("/fieldwork/").content.decode()
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_a_colleague_consultant_reads_but_cannot_change_anothers_contact(client, field, contact_factory, make_user):
    from werkbaar.core.roles import Role

    contact = contact_factory()
    colleague = make_user(Role.CONSULTANT, sector=field["a"])
    client.force_login(colleague)
    assert client.get(f"/fieldwork/{contact.pk}/edit/").status_code == 404
    assert "Geheime notitie" in client.get("/fieldwork/sector/").content.decode()
    client.force_login(field["staff"])  # sector staff may correct every contact of the sector
    assert client.get(f"/fieldwork/{contact.pk}/edit/").status_code == 200
