"""Models of the background app: the workers' heartbeats and the periodic runs already enqueued.

* ``WorkerBeat``: one row per running ``werkbaar worker``, refreshed every heartbeat; a worker that
  stopped beating is dead and the task it was running is run again (``workers.recover_lost_tasks``).
* ``ScheduledRun``: one row per periodic task and due time; its uniqueness makes several workers
  enqueue a periodic task once (``schedule.enqueue_due``).

The queue itself is ``django_tasks_db.DBTaskResult`` (the library's table).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerBeat(models.Model):
    """The last sign of life of one worker process."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process id"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    seen_at = models.DateTimeField(_("last seen at"))

    class Meta:
        ordering = ["-seen_at"]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self) -> str:
        return self.worker_id


class ScheduledRun(models.Model):
    """A periodic task enqueued for one due time (at most once, whichever worker got there first)."""

    name = models.CharField(_("name"), max_length=100)
    due_at = models.DateTimeField(_("due at"))
    task_result_id = models.CharField(_("task"), max_length=64, blank=True)
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)

    class Meta:
        ordering = ["-due_at", "name"]
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [models.UniqueConstraint(fields=["name", "due_at"], name="unique_scheduled_run")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.due_at:%Y-%m-%d %H:%M}"
