"""Django admin for users, roles, organisations, sectors and joint committees (for staff), and
``AuditedAdmin``: the base of every admin over grant-affecting data, so a change made in the admin
lands in the audit trail like one made on the pages."""

import logging
from smtplib import SMTPException

from axes.utils import reset as axes_reset
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import audit
from .invitations import invite
from .models import AuditEntry, JointCommittee, Membership, Organisation, Sector, User

logger = logging.getLogger(__name__)

#: Foreign keys followed, in this order, to find the object whose history shows an admin change.
AUDIT_PARENTS = ("report", "indicator", "priority", "evaluation", "consultant", "covenant")


def audit_root(obj):
    """The object whose history tab shows a change to ``obj``: its covenant, when it has one."""
    for name in AUDIT_PARENTS:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.is_relation and field.concrete and getattr(obj, field.attname) is not None:
            return audit_root(getattr(obj, name))
    return obj


def _stored(obj) -> dict | None:
    if obj.pk is None:
        return None
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    return None if stored is None else audit.snapshot(stored)


def _record_admin_change(user, obj, before: dict | None) -> None:
    after = _stored(obj)
    if before is None:
        audit.record(user, obj, "create", None, after, root=audit_root(obj), note="admin")
        return
    changed = [k for k in after if before.get(k) != after.get(k)]
    if changed:
        audit.record(user, obj, "update", {k: before.get(k) for k in changed}, {k: after[k] for k in changed},
                     root=audit_root(obj), note="admin")


def _record_admin_delete(user, obj) -> None:
    before = _stored(obj) or audit.snapshot(obj)
    audit.record(user, obj, "delete", before, None, root=audit_root(obj), note="admin")


class AuditedAdmin(admin.ModelAdmin):
    """Writes an audit entry (values before and after, note "admin") for every create, change and delete,
    including bulk deletes and inline rows. Grant-affecting models are registered with it or read-only
    (``tests/core/test_admin_audit.py`` checks every registered admin)."""

    def save_model(self, request, obj, form, change):
        before = _stored(obj) if change else None
        super().save_model(request, obj, form, change)
        _record_admin_change(request.user, obj, before)

    def delete_model(self, request, obj):
        _record_admin_delete(request.user, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            _record_admin_delete(request.user, obj)
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        before = {f.instance.pk: _stored(f.instance) for f in formset.initial_forms if f.instance.pk}
        deleted = [f.instance for f in formset.deleted_forms if f.instance.pk]
        for obj in deleted:
            _record_admin_delete(request.user, obj)
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            _record_admin_change(request.user, obj, None)
        for obj, _fields in formset.changed_objects:
            _record_admin_change(request.user, obj, before.get(obj.pk))


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["sector", "organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Staff add a user with an e-mail address and "password-based authentication" disabled; Werkbaar
    then e-mails an invitation link with which the user chooses their own password (core.invitations)."""

    inlines = [MembershipInline]
    list_display = ("username", "email", "first_name", "last_name", "is_staff")
    actions = ["unlock_sign_in", "send_invitation"]
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": (
            "username", "email", "first_name", "last_name", "preferred_language", "usable_password",
            "password1", "password2",
        )}),
    )

    def _invite(self, request, user) -> bool:
        """Send one invitation; an unreachable mail server is reported, not a server error (the account stays)."""
        try:
            invite(user, invited_by=request.user)
        except (SMTPException, OSError):
            logger.exception("invitation e-mail could not be sent")
            self.message_user(request, _(
                "The invitation e-mail to %(email)s could not be sent. Try again later with the action "
                "“Send an invitation e-mail”."
            ) % {"email": user.email}, messages.ERROR)
            return False
        return True

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and obj.email and not obj.has_usable_password() and self._invite(request, obj):
            self.message_user(request, _("An invitation was sent to %(email)s.") % {"email": obj.email},
                              messages.SUCCESS)

    @admin.action(description=_("Send an invitation e-mail (a link to choose a password)"), permissions=["change"])
    def send_invitation(self, request, queryset):
        with_address = [user for user in queryset if user.email]
        sent = [user for user in with_address if self._invite(request, user)]
        if sent:
            self.message_user(request, ngettext(
                "%(count)d invitation sent.", "%(count)d invitations sent.", len(sent),
            ) % {"count": len(sent)}, messages.SUCCESS)
        if len(with_address) < len(queryset):
            self.message_user(request, _("Users without an e-mail address were not invited: add one first."),
                              messages.WARNING)

    @admin.action(description=_("Unlock sign-in (forget failed attempts)"), permissions=["change"])
    def unlock_sign_in(self, request, queryset):
        """Staff unlock of accounts locked out by too many failed sign-ins (django-axes)."""
        for username in queryset.values_list("username", flat=True):
            axes_reset(username=username)
        count = queryset.count()
        self.message_user(request, ngettext(
            "%(count)d account can sign in again.", "%(count)d accounts can sign in again.", count,
        ) % {"count": count}, messages.SUCCESS)


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
