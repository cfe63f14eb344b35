from datetime import date, timedelta

import pytest
from django.utils import timezone

from werkbaar.core.roles import Role


@pytest.fixture
def field(db, sector_factory, company_factory, make_user, covenant_factory):
    """Two sectors, each with a consultant, staff and companies; sector A has a covenant around today."""
    from werkbaar.core.models import JointCommittee

    jc, _ = JointCommittee.objects.get_or_create(code="322.01")
    a, b = sector_factory("secta"), sector_factory("sectb")
    a.joint_committees.add(jc)
    today = timezone.localdate()
    cov = covenant_factory(sector=a, start=today - timedelta(days=365), end=today + timedelta(days=365))
    cov_b = covenant_factory(sector=b, start=date(2021, 1, 1), end=date(2022, 12, 31))
    return {
        "a": a, "b": b, "jc": jc, "cov": cov, "cov_b": cov_b, "today": today,
        "acme": company_factory(sector=a, name="Acme Schoonmaak bv", joint_committee=jc),
        "zeta": company_factory(sector=a, name="Zeta Poetsdienst"),
        "other": company_factory(sector=b, name="Bouw Andere nv"),
        "consultant": make_user(Role.CONSULTANT, sector=a),
        "staff": make_user(Role.SECTOR_STAFF, sector=a),
        "consultant_b": make_user(Role.CONSULTANT, sector=b),
        "department": make_user(Role.ACCOUNT_MANAGER),
        "company_admin": None,
    }


@pytest.fixture
def contact_factory(field):
    from werkbaar.fieldwork.models import Contact

    def make(organisation=None, on=None, kind="visit", note="Geheime notitie van de consulent", by=None, **kw):
        organisation = organisation or field["acme"]
        return Contact.objects.create(sector=organisation.sector, organisation=organisation,
                                      recorded_by=by or field["consultant"], on=on or field["today"], kind=kind,
                                      note=note, **kw)

    return make


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English (the message ids); the translations are tested on their own."""
    settings.LANGUAGE_CODE = "en"
