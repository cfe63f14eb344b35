"""Django admin for users, roles, organisations, sectors and joint committees (for staff)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AuditEntry, JointCommittee, Membership, Organisation, Sector, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["sector", "organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "email", "first_name", "last_name", "is_staff")


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    search_fields = ["code", "name"]
    list_display = ("code", "name")
    filter_horizontal = ["joint_committees"]


@admin.register(JointCommittee)
class JointCommitteeAdmin(admin.ModelAdmin):
    search_fields = ["code", "name"]
    list_display = ("code", "name", "parent")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    search_fields = ["name", "enterprise_number"]
    list_display = ("name", "kind", "sector", "joint_committee", "enterprise_number")
    list_filter = ("kind", "sector")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("timestamp", "user", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
