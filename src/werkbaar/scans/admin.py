"""Django admin for the scans app (superusers): campaigns and uploaded instruments.

Responses, used codes and drafts are deliberately not registered: nobody browses individual answers.
The status is read-only here: a campaign is closed only through ``scans.closing``, which also unlinks
its responses from the used codes.
"""

from django.contrib import admin

from .models import Campaign, UploadedInstrument


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "instrument_ref", "opens_on", "closes_on", "status")
    list_filter = ("status",)
    search_fields = ("name", "organisation__name")
    raw_id_fields = ("organisation", "created_by")
    readonly_fields = ("status", "closed_on")


@admin.register(UploadedInstrument)
class UploadedInstrumentAdmin(admin.ModelAdmin):
    list_display = ("instrument_id", "version", "title", "sector", "uploaded_by", "uploaded_at")
    readonly_fields = ("yaml_text", "uploaded_by", "uploaded_at")
