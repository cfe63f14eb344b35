"""The worker's own bookkeeping: heartbeat, recovery of tasks whose worker died, housekeeping thread.

``werkbaar worker`` runs the library's database worker (``django_tasks_db``'s ``db_worker`` loop)
and, next to it, :class:`Housekeeping` in a thread: every heartbeat it records that this worker
lives (``WorkerBeat``), runs :func:`recover_lost_tasks` and enqueues due periodic tasks.

Why recovery is needed: the library marks a task RUNNING when a worker claims it and only its own
worker ever finishes it. A worker killed mid-task (``kill -9``, OOM, power loss) leaves it RUNNING
for ever. :func:`lost_tasks` (pure) picks the RUNNING tasks whose worker has not beaten for
:func:`dead_after`; they go back to READY (the next worker runs them again from the start) or, when
their attempts are used up, to FAILED. Tasks therefore must be safe to run again: each of ours
writes its effect in one transaction at the end, or is idempotent (reminders are sent once per
key, an analysis result is overwritten with the same value).
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import schedule
from .models import WorkerBeat
from .policy import policy_for

log = logging.getLogger(__name__)


def heartbeat() -> float:
    return float(getattr(settings, "WERKBAAR_WORKER_HEARTBEAT", 10))


def dead_after() -> datetime.timedelta:
    """A worker silent for three heartbeats is dead."""
    return datetime.timedelta(seconds=3 * heartbeat())


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{os.urandom(3).hex()}"


def beat(worker_id: str) -> None:
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": timezone.now(), "hostname": socket.gethostname()[:255], "pid": os.getpid()},
    )


@dataclass(frozen=True)
class Running:
    id: str
    worker_ids: list[str]
    started_at: datetime.datetime | None


def lost_tasks(running: list[Running], alive: set[str], now: datetime.datetime,
               grace: datetime.timedelta) -> list[Running]:
    """The running tasks whose (last) worker is not alive, once they have run longer than ``grace``."""
    return [
        r for r in running
        if (not r.worker_ids or r.worker_ids[-1] not in alive)
        and (r.started_at is None or now - r.started_at > grace)
    ]


def recover_lost_tasks(now: datetime.datetime | None = None) -> int:
    """Requeue (or fail, without attempts left) the tasks of dead workers; returns how many were requeued."""
    now = now or timezone.now()
    grace = dead_after()
    alive = set(WorkerBeat.objects.filter(seen_at__gte=now - grace).values_list("worker_id", flat=True))
    running = [Running(str(i), w or [], s) for i, w, s in
               DBTaskResult.objects.running().values_list("id", "worker_ids", "started_at")]
    requeued = 0
    for lost in lost_tasks(running, alive, now, grace):
        row = DBTaskResult.objects.filter(pk=lost.id, status=TaskResultStatus.RUNNING)
        worker = lost.worker_ids[-1] if lost.worker_ids else "?"
        task_path = row.values_list("task_path", flat=True).first()
        if task_path is None:
            continue  # finished in the meantime
        if len(lost.worker_ids) >= policy_for(task_path).attempts:
            row.update(status=TaskResultStatus.FAILED, finished_at=now,
                       exception_class_path="werkbaar.background.workers.WorkerLost",
                       traceback=f"worker {worker} stopped during the last attempt")
            log.error("task %s (%s): worker %s died on the last attempt", lost.id, task_path, worker)
        elif row.update(status=TaskResultStatus.READY, run_after=now):
            requeued += 1
            log.warning("task %s (%s): worker %s died; the task is queued again", lost.id, task_path, worker)
    return requeued


class Housekeeping:
    """Heartbeat, recovery and the schedule for one worker; :meth:`start` repeats them in a daemon thread."""

    def __init__(self, worker_id: str, *, run_schedule: bool = True):
        self.worker_id = worker_id
        self.run_schedule = run_schedule
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> None:
        beat(self.worker_id)
        recover_lost_tasks()
        if self.run_schedule:
            schedule.enqueue_due()

    def _loop(self) -> None:
        try:
            while not self._stop.wait(heartbeat()):
                try:
                    close_old_connections()
                    self.run_once()
                except Exception:  # noqa: BLE001 - a database hiccup must not stop the heartbeat for good
                    log.exception("worker housekeeping failed; retrying at the next heartbeat")
        finally:
            connection.close()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name=f"housekeeping-{self.worker_id}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread and forget this worker (a clean exit is not a death)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
