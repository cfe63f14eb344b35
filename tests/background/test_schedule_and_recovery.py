"""The periodic schedule, retry delays, and recovery of tasks whose worker died (in-process)."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from werkbaar.background import schedule, workers
from werkbaar.background.models import ScheduledRun, WorkerBeat
from werkbaar.background.policy import retry_delay
from werkbaar.scans.tasks import purge_stale_drafts

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
DAILY_7 = schedule.Periodic("report-reminders", "werkbaar.reporting.tasks.send_report_reminders", "day",
                            datetime.time(7, 0))


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=BRUSSELS)


def test_last_due_is_the_latest_due_time_at_or_before_now():
    assert schedule.last_due(DAILY_7, at(10, 6, 59)) == at(9, 7)
    assert schedule.last_due(DAILY_7, at(10, 7, 0)) == at(10, 7)
    assert schedule.last_due(DAILY_7, at(10, 23, 30)) == at(10, 7)
    hourly = schedule.Periodic("x", "x.y", "hour", datetime.time(0, 5))
    assert schedule.last_due(hourly, at(10, 14, 4)) == at(10, 13, 5)
    assert schedule.last_due(hourly, at(10, 14, 5)) == at(10, 14, 5)
    # the daylight-saving change (29 March 2026): still 07:00 local time
    assert schedule.last_due(DAILY_7, at(29, 9)).utcoffset() == datetime.timedelta(hours=2)
    with pytest.raises(ValueError):
        schedule.last_due(schedule.Periodic("x", "x.y", "week", datetime.time(0)), at(10, 9))


def test_retry_delay_doubles_up_to_an_hour():
    assert [retry_delay(a, 30).total_seconds() for a in (1, 2, 3)] == [30, 60, 120]
    assert retry_delay(20, 30) == datetime.timedelta(hours=1)


def test_lost_tasks_are_those_of_silent_workers_after_the_grace_period():
    now = timezone.now()
    grace = datetime.timedelta(seconds=30)
    old = now - datetime.timedelta(minutes=5)
    running = [
        workers.Running("alive", ["w1"], old),
        workers.Running("dead", ["w1", "w2"], old),
        workers.Running("just-claimed", ["w3"], now - datetime.timedelta(seconds=5)),
    ]
    assert [r.id for r in workers.lost_tasks(running, {"w1"}, now, grace)] == ["dead"]


@pytest.mark.django_db
def test_every_worker_enqueues_a_periodic_task_once_per_due_time(time_machine):
    time_machine.move_to(at(10, 8))
    assert schedule.enqueue_due(schedule=[DAILY_7]) == ["report-reminders"]
    assert schedule.enqueue_due(schedule=[DAILY_7]) == []  # a second worker, or the next heartbeat
    run = ScheduledRun.objects.get()
    task = DBTaskResult.objects.get()
    assert run.due_at == at(10, 7) and run.task_result_id == str(task.id)
    assert task.task_path == DAILY_7.task_path and task.status == TaskResultStatus.READY
    time_machine.move_to(at(11, 6, 59))
    assert schedule.enqueue_due(schedule=[DAILY_7]) == []
    time_machine.move_to(at(13, 12))  # the worker was down for two days: one catch-up run, not three
    assert schedule.enqueue_due(schedule=[DAILY_7]) == ["report-reminders"]
    assert DBTaskResult.objects.count() == 2


def test_the_schedule_points_at_real_tasks():
    from django.utils.module_loading import import_string
    from django_tasks.base import Task

    assert {p.name for p in schedule.SCHEDULE} >= {
        "close-due-campaigns", "retention-purge", "purge-stale-drafts", "report-reminders", "network-reminders",
        "action-reminders", "clear-sessions"}
    for periodic in schedule.SCHEDULE:
        assert isinstance(import_string(periodic.task_path), Task), periodic.task_path


def _running_task(worker_ids, started_minutes_ago=10):
    result = purge_stale_drafts.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, worker_ids=worker_ids,
        started_at=timezone.now() - datetime.timedelta(minutes=started_minutes_ago))
    return DBTaskResult.objects.get(pk=result.id)


@pytest.mark.django_db
def test_the_task_of_a_dead_worker_is_queued_again_and_a_live_one_is_left_alone():
    WorkerBeat.objects.create(worker_id="alive", seen_at=timezone.now())
    WorkerBeat.objects.create(worker_id="dead", seen_at=timezone.now() - datetime.timedelta(minutes=5))
    orphan = _running_task(["dead"])
    busy = _running_task(["alive"])
    assert workers.recover_lost_tasks() == 1
    orphan.refresh_from_db()
    busy.refresh_from_db()
    assert orphan.status == TaskResultStatus.READY and orphan.run_after <= timezone.now()
    assert busy.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_task_whose_worker_died_on_every_attempt_fails_instead_of_looping():
    orphan = _running_task(["a", "b", "c"])  # three attempts, the policy's maximum
    assert workers.recover_lost_tasks() == 0
    orphan.refresh_from_db()
    assert orphan.status == TaskResultStatus.FAILED
    assert orphan.exception_class_path.endswith("WorkerLost") and "c stopped" in orphan.traceback


@pytest.mark.django_db
def test_the_purge_tasks_remove_drafts_that_can_no_longer_be_sent(company_factory, run_tasks):
    from werkbaar.privacy.tasks import purge_expired_data
    from werkbaar.scans.models import Campaign, CampaignStatus, Draft

    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    org = company_factory()

    def campaign(**fields):
        values = {"name": "Scan", "opens_on": today - 10 * day, "closes_on": today + 10 * day, "languages": ["nl"]}
        return Campaign.objects.create(organisation=org, **{**values, **fields})

    open_campaign = campaign()
    closed_early = campaign(status=CampaignStatus.CLOSED, closed_on=today)
    past_closing_date = campaign(closes_on=today - day)
    for n, (c, date) in enumerate([(open_campaign, today), (open_campaign, today - day), (closed_early, today),
                                    (past_closing_date, today)]):
        Draft.objects.create(campaign=c, code_hash=f"{n:064d}", date=date, language="nl")
    stale = purge_stale_drafts.enqueue()
    retention = purge_expired_data.enqueue()
    assert run_tasks() == 2
    assert DBTaskResult.objects.get(pk=stale.id).return_value == 1
    assert DBTaskResult.objects.get(pk=retention.id).return_value["drafts"] == 2
    assert list(Draft.objects.values_list("campaign_id", "date")) == [(open_campaign.pk, today)]


@pytest.mark.django_db
def test_clear_sessions_task_deletes_expired_sessions(run_tasks):
    from django.contrib.sessions.models import Session

    from werkbaar.background.tasks import clear_expired_sessions

    Session.objects.create(session_key="old", session_data="", expire_date=timezone.now() - datetime.timedelta(days=1))
    Session.objects.create(session_key="new", session_data="", expire_date=timezone.now() + datetime.timedelta(days=1))
    clear_expired_sessions.enqueue()
    assert run_tasks() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new"]
