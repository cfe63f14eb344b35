from datetime import date
from decimal import Decimal as D

import pytest

from werkbaar.core.roles import Role


@pytest.fixture
def fund_call(db):
    from werkbaar.fund.models import FundCall

    def make(**kw):
        base = dict(
            code=f"WF-{FundCall.objects.count() + 1}", title_nl="Werkbaarheidsfonds 2027", opens=date(2020, 1, 1),
            closes=date(2099, 12, 31), budget_eur=D("500000"), rate=D("0.5"), ceiling_eur=D("10000"),
            minimum_eur=D("500"), eligible_categories=["scan", "coaching", "training", "ergonomics", "action"],
        )
        base.update(kw)
        return FundCall.objects.create(**base)

    return make


@pytest.fixture
def fund_world(db, fund_call, company_factory, make_user):
    """A call, a company with its admin and delegate, two department reviewers."""
    from werkbaar.fund.models import Application, CostLine

    call = fund_call()
    company = company_factory()
    admin = make_user(Role.COMPANY_ADMIN, organisation=company)
    delegate = make_user(Role.UNION_DELEGATE, organisation=company)
    managers = [make_user(Role.ACCOUNT_MANAGER) for _ in range(2)]

    def application(costs=(("coaching", "6400"), ("other", "420")), org=None, c=None):
        app = Application.objects.create(call=c or call, organisation=org or company, created_by=admin)
        for category, amount in costs:
            CostLine.objects.create(application=app, category=category, description=category, amount_eur=D(amount))
        return app

    return dict(call=call, company=company, admin=admin, delegate=delegate, managers=managers,
                application=application)
