"""Admin of the knowledge platform: items (read-only workflow fields), their versions and proposals.

The state of an item changes only through the editor workflow (``knowledge/workflow.py``): the
admin shows it but cannot set it.
"""

from django.contrib import admin

from .models import Item, ItemVersion, Proposal


class VersionInline(admin.TabularInline):
    model = ItemVersion
    extra = 0
    can_delete = False
    fields = ("number", "status", "saved_by", "saved_at", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("title_nl", "kind", "status", "owner_sector", "published_at", "reviewed_at")
    list_filter = ("status", "kind", "owner_sector")
    search_fields = ("title_nl", "title_fr", "title_en", "slug")
    readonly_fields = ("status", "published_at", "reviewed_at", "reviewed_by", "submitted_by", "created", "updated")
    filter_horizontal = ("sectors", "related_actions")
    inlines = [VersionInline]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("item", "origin", "origin_id", "organisation", "named", "consent_at")
    list_filter = ("origin", "named")
    raw_id_fields = ("item", "organisation", "consent_by")
