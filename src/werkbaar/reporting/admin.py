"""Django admin of the reporting app. Every change made here is audited (``AuditedAdmin``); an
approved report is read-only here (and ``Report.save()`` refuses changes anyway)."""

from django.contrib import admin

from werkbaar.core.admin import AuditedAdmin

from .models import (
    CommitteeReach,
    ExtensionRequest,
    FollowUpMeeting,
    IndicatorValue,
    InterimEvaluation,
    InterimPriority,
    Payment,
    Report,
    ReportTemplate,
    ReportVersion,
    SectionRemark,
    Signal,
)


@admin.register(ReportTemplate)
class ReportTemplateAdmin(AuditedAdmin):
    """A template in use is read-only: a change is a new version (see /reporting/templates/)."""

    list_display = ("title", "generation", "version")

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.reports.exists():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.reports.exists():
            return False
        return super().has_delete_permission(request, obj)


class ReportVersionInline(admin.TabularInline):
    model = ReportVersion
    extra = 0
    can_delete = False
    readonly_fields = ("number", "submitted_by", "submitted_at", "pdf")
    exclude = ("snapshot",)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(AuditedAdmin):
    list_display = ("covenant", "kind", "due_date", "status")
    list_filter = ("status", "kind")
    search_fields = ("covenant__code",)
    inlines = [ReportVersionInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return [f.name for f in obj._meta.fields]
        return ["status", "submitted_at", "approved_at"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return False
        return super().has_delete_permission(request, obj)


admin.site.register([ExtensionRequest, IndicatorValue, Payment, SectionRemark, CommitteeReach], AuditedAdmin)


class FollowUpAdmin(AuditedAdmin):
    """Follow-up objects (issue 14): the state changes only through the workflows of ``reporting.workflow``."""

    readonly_fields = ("status",)


admin.site.register([InterimEvaluation, FollowUpMeeting, Signal], FollowUpAdmin)
admin.site.register(InterimPriority, AuditedAdmin)
