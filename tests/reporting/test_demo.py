"""The reporting demo: various states for the two demo covenants, and safe to run twice."""

import io
from decimal import Decimal

import pytest

from werkbaar.reporting.models import Payment, Report, ReportVersion

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_does_nothing_without_covenants():
    from werkbaar.core import demo as core_demo
    from werkbaar.covenants import demo as covenants_demo
    from werkbaar.reporting import demo

    out = io.StringIO()
    core_demo.load(out)
    demo.load(out)  # no covenants yet: nothing
    assert not Report.objects.exists()
    covenants_demo.load(out)
    demo.load(out)
    states = dict(Report.objects.values_list("pk", "status"))
    versions, payments = ReportVersion.objects.count(), Payment.objects.count()
    demo.load(out)
    assert dict(Report.objects.values_list("pk", "status")) == states
    assert ReportVersion.objects.count() == versions and Payment.objects.count() == payments == 3
    assert Payment.objects.filter(kind="final").count() == 1
    advances = Payment.objects.filter(kind="advance", covenant__code="VORMDC-2021-2022", status="paid")
    assert sorted(a.amount_eur for a in advances) == [Decimal("151600.00")] * 2
    by = {(r.covenant.code, r.kind): r.status for r in Report.objects.select_related("covenant")}
    assert by[("VIVO-2016-2017", "final")] == "approved"
    assert by[("VORMDC-2021-2022", "progress")] == "returned"
    assert by[("VORMDC-2021-2022", "final")] == "draft"
