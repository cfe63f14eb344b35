"""Reminders 30, 7 and 1 days before the due date and when overdue, with a frozen clock."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from werkbaar.core.roles import Role
from werkbaar.reporting import services
from werkbaar.reporting.models import ReminderSent

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture
def report(covenant_factory, make_user):
    covenant = covenant_factory(start=date(2021, 1, 1), end=date(2022, 12, 31))
    make_user(Role.CONSULTANT, sector=covenant.sector, email="consultant@example.org")
    make_user(Role.ACCOUNT_MANAGER, email="department@example.org")
    reports = {r.kind: r for r in services.ensure_reports(covenant)}
    return reports["progress"]  # due 2022-01-31


def _run_on(day: date):
    with time_machine.travel(datetime(day.year, day.month, day.day, 8, 0, tzinfo=BRUSSELS), tick=False):
        call_command("send-reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_reminders_are_sent_once_per_window(report):
    assert report.due_date == date(2022, 1, 31)
    _run_on(date(2021, 12, 31))          # 31 days before: nothing
    assert len(mail.outbox) == 0
    _run_on(date(2022, 1, 1))            # 30 days before
    _run_on(date(2022, 1, 1))            # idempotent
    _run_on(date(2022, 1, 5))            # still in the 30-day window
    assert [m.subject for m in mail.outbox] == [mail.outbox[0].subject]
    assert mail.outbox[0].to == ["consultant@example.org"]
    _run_on(date(2022, 1, 24))           # 7 days before
    _run_on(date(2022, 1, 30))           # 1 day before
    _run_on(date(2022, 1, 30))
    _run_on(date(2022, 2, 1))            # overdue, the department is told as well
    _run_on(date(2022, 2, 20))
    kinds = list(ReminderSent.objects.order_by("sent_at", "pk").values_list("kind", flat=True))
    assert kinds == ["d30", "d7", "d1", "overdue"]
    assert len(mail.outbox) == 4
    assert "department@example.org" in mail.outbox[-1].to


def test_no_reminder_for_a_submitted_report(report, complete, make_user):
    report.content = complete(report)
    report.save()
    consultant = make_user(Role.CONSULTANT, sector=report.covenant.sector)
    services.apply_transition(report, "submit", consultant)
    _run_on(date(2022, 1, 30))
    assert len(mail.outbox) == 0


def test_a_granted_extension_moves_the_reminders(report, make_user):
    _run_on(date(2022, 1, 30))
    assert ReminderSent.objects.filter(kind="d1").count() == 1
    consultant = make_user(Role.CONSULTANT, sector=report.covenant.sector)
    department = make_user(Role.ACCOUNT_MANAGER)
    ext = services.request_extension(report, consultant, date(2022, 2, 28), "Data not in yet")
    services.decide_extension(ext, "grant", department)
    _run_on(date(2022, 2, 1))            # was overdue, now 27 days before the new date
    latest = ReminderSent.objects.order_by("-pk").first()
    assert (latest.kind, latest.due_date) == ("d30", date(2022, 2, 28))
    _run_on(date(2022, 2, 27))
    assert ReminderSent.objects.filter(due_date=date(2022, 2, 28), kind="d1").exists()
    assert not ReminderSent.objects.filter(kind="overdue").exists()


def test_late_flags_with_a_frozen_clock(report):
    with time_machine.travel(datetime(2022, 2, 1, 9, tzinfo=BRUSSELS), tick=False):
        assert services.lateness(report) == "late"
    with time_machine.travel(datetime(2022, 2, 15, 9, tzinfo=BRUSSELS), tick=False):
        assert services.lateness(report) == "very_late"
    with time_machine.travel(datetime(2022, 1, 31, 9, tzinfo=BRUSSELS), tick=False):
        assert services.lateness(report) == ""
