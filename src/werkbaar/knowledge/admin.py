"""Django admin of the knowledge platform: items, their versions and proposals. Every change made here
is audited (``AuditedAdmin``).

The state of an item is not editable here: it changes only through the editor workflow
(``knowledge/workflow.py``, on the pages under ``/kennis/editor/``), so the four-eyes rule and the audit
of each step cannot be bypassed. Versions are history: read-only.
"""

from django.contrib import admin

from werkbaar.core.admin import AuditedAdmin

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
class ItemAdmin(AuditedAdmin):
    list_display = ("title_nl", "kind", "status", "owner", "owner_sector", "published_at", "reviewed_at")
    list_filter = ("status", "kind", "owner_sector")
    search_fields = ("title_nl", "title_fr", "title_en", "slug")
    readonly_fields = ("status", "published_at", "reviewed_at", "reviewed_by", "submitted_by", "created", "updated")
    filter_horizontal = ("sectors", "related_actions")
    inlines = [VersionInline]


@admin.register(ItemVersion)
class ItemVersionAdmin(AuditedAdmin):
    """Versions are history: every field read-only; none added or deleted here."""

    list_display = ("item", "number", "status", "saved_by", "saved_at")
    search_fields = ("item__title_nl", "note")
    readonly_fields = [f.name for f in ItemVersion._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(AuditedAdmin):
    list_display = ("item", "origin", "origin_id", "organisation", "sector", "named", "consent_at")
    list_filter = ("origin", "named")
    raw_id_fields = ("item", "organisation", "consent_by")
