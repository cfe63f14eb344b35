"""Tasks of the background app itself: pruning the queue's history, and Django's expired sessions."""

from __future__ import annotations

import datetime
from importlib import import_module

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import ScheduledRun, WorkerBeat
from .policy import task

#: Finished tasks and schedule records are kept this long (for the admin's task list), then deleted.
KEEP = datetime.timedelta(days=30)


@task()
def prune_task_results() -> int:
    """Delete finished task results and schedule records older than :data:`KEEP`, and long-dead workers."""
    cutoff = timezone.now() - KEEP
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    ScheduledRun.objects.filter(due_at__lt=cutoff).delete()
    WorkerBeat.objects.filter(seen_at__lt=timezone.now() - datetime.timedelta(days=1)).delete()
    return deleted


@task()
def clear_expired_sessions() -> None:
    """Delete expired sessions (what ``werkbaar clearsessions`` does)."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
