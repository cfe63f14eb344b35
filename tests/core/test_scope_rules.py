"""A membership's scope must fit its role; company size bands (used to break down and suppress sector
figures) have exact edges."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from werkbaar.core.models import Membership, Organisation, size_band_for
from werkbaar.core.roles import Role

pytestmark = pytest.mark.django_db


def membership_errors(make_user, role, sector=None, organisation=None):
    membership = Membership(user=make_user(), role=role, sector=sector, organisation=organisation)
    with override("en"):
        try:
            membership.clean()
        except ValidationError as exc:
            return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return {}


@pytest.mark.parametrize("role", [Role.SECTOR_STAFF, Role.CONSULTANT])
def test_sector_roles_need_a_sector(make_user, sector_factory, role):
    assert membership_errors(make_user, role) == {"sector": ["This role needs a sector."]}
    assert membership_errors(make_user, role, sector=sector_factory()) == {}


@pytest.mark.parametrize("role", [Role.COMPANY_ADMIN, Role.UNION_DELEGATE])
def test_organisation_roles_need_an_organisation(make_user, company_factory, role):
    company = company_factory()
    # a sector alone is not enough for a role scoped to one organisation
    assert membership_errors(make_user, role, sector=company.sector) == {
        "organisation": ["This role needs an organisation."]}
    assert membership_errors(make_user, role, sector=company.sector, organisation=company) == {}


def test_the_department_role_needs_no_scope(make_user):
    assert membership_errors(make_user, Role.ACCOUNT_MANAGER) == {}


def test_an_organisation_membership_takes_the_sector_of_its_organisation(make_user, company_factory):
    company = company_factory()
    membership = Membership.objects.create(user=make_user(), role=Role.COMPANY_ADMIN, organisation=company)
    assert membership.sector_id == company.sector_id


@pytest.mark.parametrize("count, band", [
    (None, "unknown"), (0, "1-9"), (1, "1-9"), (9, "1-9"), (10, "10-49"), (49, "10-49"), (50, "50-249"),
    (249, "50-249"), (250, "250+"), (12000, "250+"),
])
def test_size_band_edges(count, band):
    assert size_band_for(count) == band


def test_an_organisation_has_the_band_of_its_head_count(company_factory):
    assert company_factory(employees=249).size_band == Organisation.SizeBand.MEDIUM
    assert company_factory(employees=None).size_band == Organisation.SizeBand.UNKNOWN
