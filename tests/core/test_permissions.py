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


# --- every check, for every kind of user, on every kind of object (issue 13: the mutants) ----------

CHECKS_ON_SECTORS = ("can_view_sector", "can_edit_sector", "is_social_partner_of")
CHECKS_ON_ORGANISATIONS = (
    "can_view_organisation", "can_admin_organisation", "can_export_organisation", "can_erase_organisation",
    "is_delegate_of", "is_company_member",
)
ALL_ORGANISATION_CHECKS = {"can_view_organisation", "can_admin_organisation", "can_export_organisation",
                           "can_erase_organisation"}

#: user -> (is_department, sectors seen, organisations seen, {check: objects for which it is True})
EXPECTED = {
    "dept": (True, {"a", "b"}, {"ca", "cb"},
             {"can_view_sector": {"a", "b"}, "can_edit_sector": {"a", "b"},
              **{check: {"ca", "cb"} for check in ALL_ORGANISATION_CHECKS}}),
    "superuser": (True, {"a", "b"}, {"ca", "cb"},
                  {"can_view_sector": {"a", "b"}, "can_edit_sector": {"a", "b"},
                   **{check: {"ca", "cb"} for check in ALL_ORGANISATION_CHECKS}}),
    "staff_a": (False, {"a"}, {"ca"},
                {"can_view_sector": {"a"}, "can_edit_sector": {"a"}, "can_view_organisation": {"ca"},
                 "can_admin_organisation": {"ca"}}),
    "consultant_a": (False, {"a"}, {"ca"},
                     {"can_view_sector": {"a"}, "can_edit_sector": {"a"}, "can_view_organisation": {"ca"}}),
    "admin_ca": (False, set(), {"ca"},
                 {"can_view_organisation": {"ca"}, "can_admin_organisation": {"ca"},
                  "can_export_organisation": {"ca"}, "is_company_member": {"ca"}}),
    "delegate_ca": (False, set(), {"ca"},
                    {"can_view_organisation": {"ca"}, "is_delegate_of": {"ca"}, "is_company_member": {"ca"}}),
    # issue 17: the social partner of sector a reads it (never edits, sees no organisation); the SERV adviser
    # has no sector at all (reads_cross_sector below)
    "partner_a": (False, set(), set(), {"can_view_sector": {"a"}, "is_social_partner_of": {"a"}}),
    "serv": (False, set(), set(), {}),
    "nobody": (False, set(), set(), {}),
    "anonymous": (False, set(), set(), {}),
    "no user": (False, set(), set(), {}),
}


@pytest.fixture
def everyone(world, make_user):
    from django.contrib.auth.models import AnonymousUser

    return {
        **world,
        "superuser": make_user(None, is_superuser=True),
        "partner_a": make_user(Role.SOCIAL_PARTNER, sector=world["a"]),
        "serv": make_user(Role.SERV_ADVISER),
        "nobody": make_user(None),
        "anonymous": AnonymousUser(),
        "no user": None,
    }


@pytest.mark.parametrize("who", list(EXPECTED))
def test_each_check_answers_exactly_for_its_own_scope(everyone, who):
    department, sectors, organisations, allowed = EXPECTED[who]
    user = everyone[who]
    sector_names = {everyone[key].pk: key for key in ("a", "b")}
    organisation_names = {everyone[key].pk: key for key in ("ca", "cb")}
    assert perms.is_department(user) is department
    assert {sector_names[s.pk] for s in perms.sectors_for(user)} == sectors
    assert {organisation_names[o.pk] for o in perms.organisations_for(user)} == organisations
    for check in CHECKS_ON_SECTORS + CHECKS_ON_ORGANISATIONS:
        objects = ("a", "b") if check in CHECKS_ON_SECTORS else ("ca", "cb")
        granted = {key for key in objects if getattr(perms, check)(user, everyone[key]) is True}
        assert granted == allowed.get(check, set()), check
        assert getattr(perms, check)(user, None) is False, check


READABLE = {"dept": {"a", "b"}, "superuser": {"a", "b"}, "staff_a": {"a"}, "consultant_a": {"a"}, "partner_a": {"a"}}
CROSS_SECTOR = {"dept", "superuser", "serv"}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_readable_sectors_and_the_cross_sector_readers(everyone, who):
    user = everyone[who]
    sector_names = {everyone[key].pk: key for key in ("a", "b")}
    assert {sector_names[s.pk] for s in perms.readable_sectors(user)} == READABLE.get(who, set())
    assert {sector_names[pk] for pk in perms.readable_sector_ids(user) if pk in sector_names} == (
        READABLE.get(who, set()) if not perms.is_department(user) else set())
    assert perms.reads_cross_sector(user) is (who in CROSS_SECTOR)


def test_a_users_roles_are_read_once(world, django_assert_num_queries):
    from werkbaar.core.models import User

    staff = User.objects.get(pk=world["staff_a"].pk)
    with django_assert_num_queries(1):
        assert perms.can_view_sector(staff, world["a"])
        assert perms.can_admin_organisation(staff, world["ca"])
        assert not perms.is_department(staff)
