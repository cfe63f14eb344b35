"""Values that reporting derives and moves by itself are audited too: the indicator values a submitted
report or an evaluation stores, and a planned payment moved along with a report's due date."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from werkbaar.core.models import AuditEntry
from werkbaar.core.roles import Role
from werkbaar.reporting import services
from werkbaar.reporting.models import IndicatorValue, Payment

pytestmark = pytest.mark.django_db


def test_indicator_values_stored_on_submission_are_audited(covenant_factory, make_user, complete):
    covenant = covenant_factory()
    report = next(r for r in services.ensure_reports(covenant) if r.kind == "progress")
    user = make_user(Role.SECTOR_STAFF, sector=covenant.sector)
    report.content = complete(report)
    report.save()
    services.apply_transition(report, "submit", user)
    values = IndicatorValue.objects.filter(report=report)
    assert values.count() == 2
    entries = AuditEntry.objects.filter(object_type="reporting.indicatorvalue", action="create")
    assert sorted(int(e.object_id) for e in entries) == sorted(v.pk for v in values)
    assert all(e.user == user and e.after["value"] == "120.00" and e.root_id == str(covenant.pk) for e in entries)


def test_moving_a_due_date_audits_the_payment_date_it_moves(covenant_factory, make_user):
    covenant = covenant_factory()
    report = next(r for r in services.ensure_reports(covenant) if r.kind == "final")
    payment = Payment.objects.create(report=report, amount_eur=Decimal("1000.00"), priorities_met=2,
                                     priorities_total=2, decision_date=date(2023, 3, 1),
                                     payment_date=date(2023, 4, 1))
    manager = make_user(Role.ACCOUNT_MANAGER)
    services.change_due_date(report, report.due_date + timedelta(days=28), manager, note="moved")
    payment.refresh_from_db()
    entry = AuditEntry.objects.get(object_type="reporting.payment")
    assert entry.before == {"payment_date": "2023-04-01"}
    assert entry.after == {"payment_date": "2023-04-29"} and payment.payment_date == date(2023, 4, 29)
    assert entry.user == manager and entry.note == "moved"
