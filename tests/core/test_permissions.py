import pytest

from werkbaar.core import permissions as perms
from werkbaar.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(sector_factory, company_factory, make_user):
    a, b = sector_factory("alpha"), sector_factory("beta")
    ca, cb = company_factory(sector=a), company_factory(sector=b)
    return {
        "a": a, "b": b, "ca": ca, "cb": cb,
        "dept": make_user(Role.ACCOUNT_MANAGER),
        "staff_a": make_user(Role.SECTOR_STAFF, sector=a),
        "consultant_a": make_user(Role.CONSULTANT, sector=a),
        "admin_ca": make_user(Role.COMPANY_ADMIN, organisation=ca),
        "delegate_ca": make_user(Role.UNION_DELEGATE, organisation=ca),
    }


def test_department_sees_every_sector(world):
    assert set(perms.sectors_for(world["dept"])) == {world["a"], world["b"]}
    assert perms.can_view_organisation(world["dept"], world["cb"])


def test_sector_staff_sees_only_own_sector(world):
    staff = world["staff_a"]
    assert list(perms.sectors_for(staff)) == [world["a"]]
    assert perms.can_view_sector(staff, world["a"]) and not perms.can_view_sector(staff, world["b"])
    assert perms.can_edit_sector(staff, world["a"]) and not perms.can_edit_sector(staff, world["b"])
    assert perms.can_view_organisation(staff, world["ca"]) and not perms.can_view_organisation(staff, world["cb"])
    assert list(perms.organisations_for(staff)) == [world["ca"]]


def test_company_roles_are_limited_to_their_organisation(world):
    admin, delegate = world["admin_ca"], world["delegate_ca"]
    assert perms.can_admin_organisation(admin, world["ca"])
    assert not perms.can_admin_organisation(admin, world["cb"])
    assert not perms.can_admin_organisation(delegate, world["ca"])
    assert perms.is_delegate_of(delegate, world["ca"]) and not perms.is_delegate_of(admin, world["ca"])
    assert not perms.can_view_sector(admin, world["a"])
    assert list(perms.organisations_for(delegate)) == [world["ca"]]


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    anon = AnonymousUser()
    assert not perms.is_department(anon)
    assert list(perms.sectors_for(anon)) == []
    assert not perms.can_view_organisation(anon, world["ca"])
