"""Retry policy of background tasks: how often a task is attempted and how long it waits in between.

* :func:`task` – the decorator every Werkbaar task uses: Django's ``@task`` plus ``attempts`` and
  ``backoff`` (seconds before the 2nd attempt, doubling after each failure).
* :func:`retry_delay` – the pure rule: ``backoff * 2 ** (attempt - 1)``, at most an hour.
* :func:`policy_for` – the policy of a task path (the default for a task without one).
* :func:`retry_failed` – the ``task_finished`` signal handler that puts a failed task back in the
  queue, ``run_after`` its delay, while it has attempts left. The attempt count is the library's
  (one worker id per claim), so a task whose worker died counts that attempt too.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks import task as django_task

log = logging.getLogger(__name__)

MAX_DELAY = 3600.0


@dataclass(frozen=True)
class Policy:
    attempts: int = 3
    backoff: float = 60.0


DEFAULT = Policy()
_POLICIES: dict[str, Policy] = {}


def task(*, attempts: int = DEFAULT.attempts, backoff: float = DEFAULT.backoff, **options):
    """``@task(attempts=3, backoff=60, ...)``: a Django task with Werkbaar's retry policy."""
    if attempts < 1 or backoff < 0:
        raise ValueError("attempts must be at least 1 and backoff not negative")

    def wrap(function):
        declared = django_task(**options)(function)
        _POLICIES[declared.module_path] = Policy(attempts=attempts, backoff=backoff)
        return declared

    return wrap


def retry_delay(attempt: int, backoff: float) -> datetime.timedelta:
    """Wait before the attempt after ``attempt`` (1-based) failed: backoff, then doubling, at most an hour."""
    return datetime.timedelta(seconds=min(MAX_DELAY, backoff * 2 ** max(0, attempt - 1)))


def policy_for(task_path: str) -> Policy:
    """The policy declared for a task (importing it registers it); the default for other tasks."""
    if task_path not in _POLICIES:
        try:
            import_string(task_path)
        except ImportError:
            return DEFAULT
    return _POLICIES.get(task_path, DEFAULT)


def retry_failed(sender, task_result, **kwargs) -> None:
    """Put a failed database task back in the queue while it has attempts left (``task_finished`` handler)."""
    db_result = getattr(task_result, "db_result", None)
    if db_result is None or task_result.status != TaskResultStatus.FAILED:
        return  # another backend (immediate in tests), or a success
    policy = policy_for(db_result.task_path)
    attempt = len(db_result.worker_ids)
    if attempt >= policy.attempts:
        log.error("task %s (%s) failed on its last attempt (%d)", db_result.id, db_result.task_path, attempt)
        return
    run_after = timezone.now() + retry_delay(attempt, policy.backoff)
    type(db_result).objects.filter(pk=db_result.pk, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=run_after, finished_at=None)
    log.warning("task %s (%s) failed on attempt %d of %d; next attempt after %s",
                db_result.id, db_result.task_path, attempt, policy.attempts, run_after.isoformat())
