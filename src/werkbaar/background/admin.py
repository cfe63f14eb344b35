"""Admin of the background app: the workers' heartbeats and the periodic runs (read-only)."""

from django.contrib import admin

from .models import ScheduledRun, WorkerBeat


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WorkerBeat)
class WorkerBeatAdmin(ReadOnlyAdmin):
    list_display = ("worker_id", "hostname", "pid", "started_at", "seen_at")


@admin.register(ScheduledRun)
class ScheduledRunAdmin(ReadOnlyAdmin):
    list_display = ("name", "due_at", "enqueued_at", "task_result_id")
    list_filter = ("name",)
