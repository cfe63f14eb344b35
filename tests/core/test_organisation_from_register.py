"""Adding an organisation: htmx search of the enterprise register, filling the form, scope and validation."""

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from werkbaar.core.models import Organisation
from werkbaar.core.register import import_dump
from werkbaar.core.roles import Role

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "kbo"


@pytest.fixture
def register(db):
    import_dump(FIXTURE)


@pytest.fixture
def staff(make_user, sector_factory):
    sector = sector_factory()
    return make_user(Role.SECTOR_STAFF, sector=sector), sector


def test_search_as_you_type_finds_by_name_and_number(client, register, staff):
    client.force_login(staff[0])
    by_name = client.get(reverse("register_search"), {"q": "zoete"}, HTTP_HX_REQUEST="true")
    assert b'data-number="0876543270"' in by_name.content
    by_number = client.get(reverse("register_search"), {"q": "0403.170"})
    assert b'data-number="0403170701"' in by_number.content and b"0876543270" not in by_number.content


def test_picking_an_enterprise_fills_name_address_and_activities(client, register, staff):
    client.force_login(staff[0])
    with translation.override("fr"):
        page = client.get(reverse("organisation_add"), {"register": "0403170701"}, HTTP_ACCEPT_LANGUAGE="fr")
    form = page.context["form"]
    assert form.initial["name"] == "Exemple Travaillable"
    assert form.initial["address"].startswith("Rue de la Loi 16")
    assert form.initial["nace_codes"] == "70200 70220"


def test_the_organisation_is_added_in_the_users_sector(client, register, staff):
    user, sector = staff
    client.force_login(user)
    response = client.post(reverse("organisation_add"), {
        "name": "Werkbaar Voorbeeld", "kind": "company", "enterprise_number": "0403.170.701", "sector": sector.pk,
        "address": "Wetstraat 16, 1000 Brussel", "nace_codes": "70220 70200", "employee_count": "12"})
    assert response.status_code == 302
    organisation = Organisation.objects.get(enterprise_number="0403170701")
    assert organisation.nace_codes == ["70200", "70220"] and organisation.sector == sector


def test_not_in_another_sector_and_the_enterprise_number_is_checked(client, register, staff, sector_factory):
    user, _sector = staff
    client.force_login(user)
    other = sector_factory()
    response = client.post(reverse("organisation_add"), {
        "name": "X", "kind": "company", "enterprise_number": "0403.170.702", "sector": other.pk, "nace_codes": "4711"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"sector", "enterprise_number", "nace_codes"}
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("role", [Role.COMPANY_ADMIN, Role.UNION_DELEGATE])
def test_company_users_cannot_search_the_register_or_add(client, register, company_factory, make_user, role):
    company = company_factory()
    client.force_login(make_user(role, organisation=company))
    assert client.get(reverse("register_search"), {"q": "zoete"}).status_code == 404
    assert client.get(reverse("organisation_add")).status_code == 404


def test_sector_staff_find_the_add_form_in_the_menu_and_companies_do_not(client, staff, make_user, company_factory):
    link = f'href="{reverse("organisation_add")}"'
    client.force_login(staff[0])
    assert link in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    admin = make_user(Role.COMPANY_ADMIN, organisation=company_factory())
    client.force_login(admin)
    assert link not in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
