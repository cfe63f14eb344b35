"""Fixtures of the networks tests: two sectors, a running network with two participants."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from werkbaar.core.roles import Role
from werkbaar.networks.models import Attendance, Network, Participant, Session


@pytest.fixture
def world(db, sector_factory, company_factory, make_user):
    """Sectors A (owner) and B (partner), C (outsider); a network with two participants; users per role."""
    a, b, c = sector_factory("secta"), sector_factory("sectb"), sector_factory("sectc")
    org1 = company_factory(sector=a, name="Org One")
    org2 = company_factory(sector=b, name="Org Two")
    org3 = company_factory(sector=a, name="Org Three")  # not in the network
    w = type("World", (), {})()
    w.sector_a, w.sector_b, w.sector_c = a, b, c
    w.org1, w.org2, w.org3 = org1, org2, org3
    w.staff_a = make_user(Role.SECTOR_STAFF, sector=a)
    w.consultant_b = make_user(Role.CONSULTANT, sector=b)
    w.staff_c = make_user(Role.SECTOR_STAFF, sector=c)
    w.admin1 = make_user(Role.COMPANY_ADMIN, organisation=org1)
    w.delegate1 = make_user(Role.UNION_DELEGATE, organisation=org1)
    w.admin2 = make_user(Role.COMPANY_ADMIN, organisation=org2)
    w.admin3 = make_user(Role.COMPANY_ADMIN, organisation=org3)
    w.department = make_user(Role.ACCOUNT_MANAGER)
    w.network = Network.objects.create(
        title="Network One", theme="Physical load", sector=a, start=date(2026, 1, 1), end=date(2026, 12, 31),
        expectations="Come every time.", status=Network.Status.RUNNING,
    )
    w.network.partner_sectors.add(b)
    w.network.facilitators.add(w.staff_a)
    w.p1 = Participant.objects.create(
        network=w.network, organisation=org1, attendee_name="Ann", attendee_email="ann@one.example",
        backup_name="Bob", backup_email="bob@one.example",
    )
    w.p2 = Participant.objects.create(
        network=w.network, organisation=org2, attendee_name="Cas", attendee_email="cas@two.example",
        backup_name="Dee", backup_email="dee@two.example",
    )
    w.other_network = Network.objects.create(
        title="Network Other", theme="Stress", sector=a, start=date(2026, 1, 1), end=date(2026, 12, 31),
        expectations="-",
    )
    Participant.objects.create(
        network=w.other_network, organisation=org3, attendee_name="Eve", attendee_email="eve@three.example",
        backup_name="Fay", backup_email="fay@three.example",
    )
    return w


def make_session(network, day: date, status=Session.Status.HELD, title=None, hour=10):
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0), tz)
    return Session.objects.create(
        network=network, title=title or f"Session {day}", starts_at=start, ends_at=start + timedelta(hours=2),
        place="Brussels", status=status,
    )


def mark(session, participant, presence):
    return Attendance.objects.create(session=session, participant=participant, presence=presence)
