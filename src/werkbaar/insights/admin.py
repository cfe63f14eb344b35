"""Admin of the insights app: reference figures with their sources (editable), analysis jobs (read-only)."""

from django.contrib import admin

from .models import AnalysisJob, ReferenceFigure, ReferenceSource


class ReferenceFigureInline(admin.TabularInline):
    model = ReferenceFigure
    extra = 0


@admin.register(ReferenceSource)
class ReferenceSourceAdmin(admin.ModelAdmin):
    list_display = ("title", "publisher", "year", "document", "lines")
    search_fields = ("title", "citation")
    inlines = [ReferenceFigureInline]


@admin.register(ReferenceFigure)
class ReferenceFigureAdmin(admin.ModelAdmin):
    list_display = ("group", "measure", "year", "value", "source")
    list_filter = ("measure", "year", "source")
    search_fields = ("group",)


@admin.register(AnalysisJob)
class AnalysisJobAdmin(admin.ModelAdmin):
    list_display = ("key", "status", "progress", "step", "created_at", "finished_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in AnalysisJob._meta.fields]

    def has_add_permission(self, request):
        return False
