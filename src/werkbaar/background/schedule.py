"""The periodic schedule, in code: which task runs when, enqueued once per due time by any worker.

* :data:`SCHEDULE` – the periodic tasks (local time, ``settings.TIME_ZONE``).
* :func:`last_due` – the pure rule: the most recent due time at or before ``now``.
* :func:`enqueue_due` – called by every worker each heartbeat: for each entry whose last due time
  has no ``ScheduledRun`` yet, record it and enqueue the task in one transaction. The unique
  (name, due time) row makes it happen once even with several workers; a worker that was down
  at the due time catches up when it starts (the latest due time only, not every missed one).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import ScheduledRun

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    name: str
    task_path: str
    every: str  # "day" or "hour"
    at: datetime.time  # time of day ("day"), or minute past the hour ("hour": only .minute counts)


SCHEDULE = [
    Periodic("close-due-campaigns", "werkbaar.scans.tasks.close_due_campaigns", "day", datetime.time(0, 5)),
    Periodic("retention-purge", "werkbaar.privacy.tasks.purge_expired_data", "day", datetime.time(0, 15)),
    Periodic("purge-stale-drafts", "werkbaar.scans.tasks.purge_stale_drafts", "day", datetime.time(0, 20)),
    Periodic("report-reminders", "werkbaar.reporting.tasks.send_report_reminders", "day", datetime.time(7, 0)),
    Periodic("network-reminders", "werkbaar.networks.tasks.send_network_reminders", "day", datetime.time(7, 10)),
    Periodic("action-reminders", "werkbaar.actions.tasks.send_action_reminders", "day", datetime.time(7, 20)),
    Periodic("prune-task-results", "werkbaar.background.tasks.prune_task_results", "day", datetime.time(3, 30)),
    Periodic("clear-sessions", "werkbaar.background.tasks.clear_expired_sessions", "day", datetime.time(3, 40)),
]


def last_due(entry: Periodic, now: datetime.datetime) -> datetime.datetime:
    """The latest due time of ``entry`` at or before ``now`` (an aware datetime, in now's time zone)."""
    if entry.every == "hour":
        due = now.replace(minute=entry.at.minute, second=0, microsecond=0)
        return due if due <= now else due - datetime.timedelta(hours=1)
    if entry.every == "day":
        due = datetime.datetime.combine(now.date(), entry.at, tzinfo=now.tzinfo)
        if due > now:
            due = datetime.datetime.combine(now.date() - datetime.timedelta(days=1), entry.at, tzinfo=now.tzinfo)
        return due
    raise ValueError(f"unknown period {entry.every!r}")


def enqueue_due(now: datetime.datetime | None = None, schedule: list[Periodic] | None = None) -> list[str]:
    """Enqueue every periodic task whose latest due time was not enqueued yet; returns their names."""
    now = timezone.localtime(now or timezone.now())
    enqueued = []
    for entry in SCHEDULE if schedule is None else schedule:
        due = last_due(entry, now)
        if ScheduledRun.objects.filter(name=entry.name, due_at=due).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=entry.name, due_at=due)
                result = import_string(entry.task_path).enqueue()
                run.task_result_id = str(result.id)
                run.save(update_fields=["task_result_id"])
        except IntegrityError:
            continue  # another worker enqueued it first
        log.info("periodic task %s enqueued for %s", entry.name, due.isoformat())
        enqueued.append(entry.name)
    return enqueued
