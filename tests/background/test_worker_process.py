"""`werkbaar worker` as real processes: a worker killed mid-task loses no task, and runs it once in effect."""

import datetime
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from urllib.parse import urlunsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from werkbaar.background.models import ScheduledRun, WorkerBeat
from werkbaar.background.schedule import SCHEDULE

ROOT = Path(__file__).resolve().parents[2]
WERKBAAR = [sys.executable, "-m", "werkbaar"]

SLOW_TASK = '''
"""A task that takes a while; it leaves a file when it starts and one when its effect is complete."""
import os
import time
from pathlib import Path

from werkbaar.background.policy import task


@task(attempts=3, backoff=0)
def slow_effect(folder: str, seconds: float) -> str:
    Path(folder, f"started-{os.getpid()}").touch()
    time.sleep(seconds)
    Path(folder, f"finished-{os.getpid()}").touch()
    return "done"
'''


def shared_database_url(tmp_path: Path) -> str:
    """A database URL other processes can open, holding this test's (migrated) database."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":  # the test database lives in memory: copy it to a file
        target = sqlite3.connect(tmp_path / "shared.sqlite3")
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    s = connection.settings_dict
    credentials = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return urlunsplit(("postgres", f"{credentials}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}", f"/{s['NAME']}", "", ""))


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_loses_no_task_and_the_task_completes_once(tmp_path):
    (tmp_path / "slowjob.py").write_text(SLOW_TASK)
    markers = tmp_path / "markers"
    markers.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(tmp_path)]),
        "DATABASE_URL": shared_database_url(tmp_path),
        "DJANGO_SETTINGS_MODULE": "werkbaar.settings",
        "WERKBAAR_WORKER_HEARTBEAT": "0.5",  # a silent worker is dead after 1.5 s
    }

    def werkbaar_shell(code: str) -> str:
        """The last line that ``werkbaar shell -c CODE`` prints."""
        return subprocess.run([*WERKBAAR, "shell", "-c", code], env=env, cwd=tmp_path, check=True,
                              capture_output=True, text=True, timeout=120).stdout.strip().splitlines()[-1]

    def start_worker() -> subprocess.Popen:
        return subprocess.Popen([*WERKBAAR, "worker", "--no-schedule", "--interval", "0.2"], env=env, cwd=tmp_path,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def started() -> list[Path]:
        return sorted(markers.glob("started-*"))

    def finished() -> list[Path]:
        return sorted(markers.glob("finished-*"))

    task_id = werkbaar_shell(f"import slowjob; print(slowjob.slow_effect.enqueue({str(markers)!r}, 3).id)")
    processes = []
    try:
        first = start_worker()
        processes.append(first)
        wait_for(lambda: started(), 90, "the first worker to start the task")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert finished() == []

        processes += [start_worker(), start_worker()]  # two workers compete for the orphaned task
        wait_for(lambda: finished(), 120, "another worker to finish the task")
        time.sleep(3)  # longer than a death is noticed: nobody runs it a third time
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

    state = json.loads(werkbaar_shell(textwrap.dedent(f"""
        import json
        from django_tasks_db.models import DBTaskResult
        r = DBTaskResult.objects.get(pk={task_id!r})
        print(json.dumps({{"status": r.status, "worker_ids": r.worker_ids, "value": r.return_value}}))
    """)))
    assert state["status"] == TaskResultStatus.SUCCESSFUL and state["value"] == "done"
    assert len(state["worker_ids"]) == 2 and len(set(state["worker_ids"])) == 2
    assert len(started()) == 2  # the killed attempt and the one that completed
    assert len(finished()) == 1 and finished()[0].name != f"finished-{first.pid}"


@pytest.mark.django_db(transaction=True)
def test_worker_batch_runs_the_due_schedule_once(company_factory):
    from werkbaar.scans.models import Campaign, CampaignStatus, Draft

    today = timezone.localdate()
    overdue = Campaign.objects.create(organisation=company_factory(), name="Scan", languages=["nl"],
                                      opens_on=today - datetime.timedelta(days=20),
                                      closes_on=today - datetime.timedelta(days=1))
    Draft.objects.create(campaign=overdue, code_hash="f" * 64, date=today, language="nl")
    call_command("worker", batch=True, verbosity=0)
    call_command("worker", batch=True, verbosity=0)
    assert ScheduledRun.objects.count() == len(SCHEDULE)
    results = DBTaskResult.objects.all()
    assert results.count() == len(SCHEDULE)
    assert set(results.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}
    assert not WorkerBeat.objects.exists()  # a worker that stops cleanly is not taken for dead
    overdue.refresh_from_db()
    assert overdue.status == CampaignStatus.CLOSED and not Draft.objects.exists()
