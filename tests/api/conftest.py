"""Fixtures of the API tests: a sector with a covenant, its reports and a learning network, and a
signed-in member of that sector's staff."""

from datetime import date

import pytest

from werkbaar.core.roles import Role


@pytest.fixture
def api_world(covenant_factory, make_user, sector_factory):
    from werkbaar.networks.models import Network
    from werkbaar.reporting import services

    covenant = covenant_factory()
    world = type("ApiWorld", (), {})()
    world.covenant = covenant
    world.reports = services.ensure_reports(covenant)
    world.network = Network.objects.create(title="Network", theme="Physical load", sector=covenant.sector,
                                           start=date(2026, 1, 1), end=date(2026, 12, 31), expectations="-")
    world.staff = make_user(Role.SECTOR_STAFF, sector=covenant.sector)
    world.outsider = make_user(Role.SECTOR_STAFF, sector=sector_factory())
    return world
