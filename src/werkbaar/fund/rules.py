"""Who may do what in the fund, on top of ``core.permissions`` (every view and API endpoint asks here).

- Fund manager of a call: the department for its own calls and every call; the sector staff of the
  sector fund that owns the call.
- Applicant side: company admins of the organisation and sector staff of its sector (a sector fund
  applying on behalf of a company) edit a draft; union delegates see and comment.
- Reviewer: a fund manager of the call without a conflict of interest: not a member of the
  applying organisation and no declared conflict.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from werkbaar.core.permissions import (
    can_admin_organisation,
    can_view_organisation,
    is_company_member,
    is_department,
    organisation_ids_for,
    sector_ids_for,
)
from werkbaar.core.roles import Role


def is_fund_manager(user, call) -> bool:
    if is_department(user):
        return True
    return call.owner_sector_id is not None and call.owner_sector_id in sector_ids_for(user, roles=(Role.SECTOR_STAFF,))


def can_apply(user, call, organisation) -> bool:
    """The call fits the organisation (sector restriction) and the user administers it."""
    if call.sector_id is not None and organisation.sector_id != call.sector_id:
        return False
    return organisation.kind == "company" and can_admin_organisation(user, organisation)


def can_view_application(user, application) -> bool:
    return can_view_organisation(user, application.organisation) or is_fund_manager(user, application.call)


def can_edit_application(user, application) -> bool:
    return can_admin_organisation(user, application.organisation)


def can_comment(user, application) -> bool:
    return is_company_member(user, application.organisation) or can_edit_application(user, application)


def has_conflict(user, application) -> bool:
    if application.organisation_id in organisation_ids_for(user):
        return True
    return application.conflicts.filter(user=user).exists()


def can_review(user, application) -> bool:
    return is_fund_manager(user, application.call) and not has_conflict(user, application)


def can_decide(user, application) -> bool:
    return is_fund_manager(user, application.call)


def managed_calls(user):
    from .models import FundCall

    if is_department(user):
        return FundCall.objects.all()
    return FundCall.objects.filter(owner_sector_id__in=sector_ids_for(user, roles=(Role.SECTOR_STAFF,)))


def can_create_call(user) -> bool:
    return is_department(user) or bool(sector_ids_for(user, roles=(Role.SECTOR_STAFF,)))


def applying_organisations(user, call):
    """The companies for which the user may apply to this call."""
    from werkbaar.core.models import Organisation

    orgs = Organisation.objects.filter(kind="company").filter(
        pk__in=organisation_ids_for(user, roles=(Role.COMPANY_ADMIN,))
    ) | Organisation.objects.filter(kind="company", sector_id__in=sector_ids_for(user, roles=(Role.SECTOR_STAFF,)))
    if call.sector_id is not None:
        orgs = orgs.filter(sector_id=call.sector_id)
    return orgs.order_by("name")


def can_view_call(user, call) -> bool:
    """A call open to every sector is visible to every signed-in user; a call for one sector (or owned by a
    sector fund) to that sector's people and companies, the department and the call's managers."""
    sector_id = call.sector_id or call.owner_sector_id
    if sector_id is None or is_fund_manager(user, call):
        return True
    from werkbaar.core.models import Organisation

    return sector_id in sector_ids_for(user) or Organisation.objects.filter(
        pk__in=organisation_ids_for(user), sector_id=sector_id).exists()


def visible_calls(user):
    from .models import FundCall

    if is_department(user):
        return FundCall.objects.all()
    from werkbaar.core.models import Organisation

    sectors = set(sector_ids_for(user)) | set(
        Organisation.objects.filter(pk__in=organisation_ids_for(user)).values_list("sector_id", flat=True))
    return FundCall.objects.filter(
        Q(sector=None, owner_sector=None) | Q(sector_id__in=sectors) | Q(sector=None, owner_sector_id__in=sectors))


def get_call_for(user, pk, manage: bool = False):
    """The call, or 404 when the user may not see it; 403 when ``manage`` and the user is not its manager."""
    from .models import FundCall

    call = FundCall.objects.select_related("owner_sector", "sector").filter(pk=pk).first()
    if call is None or not can_view_call(user, call):
        raise Http404
    if manage and not is_fund_manager(user, call):
        raise PermissionDenied
    return call


def get_application_for(user, pk):
    """The application, or 404 when the user may not see it."""
    from .models import Application

    application = Application.objects.select_related("call", "organisation").filter(pk=pk).first()
    if application is None or not can_view_application(user, application):
        raise Http404
    return application


def applications_for(user):
    from .models import Application

    if is_department(user):
        return Application.objects.all()
    return Application.objects.filter(
        Q(organisation_id__in=organisation_ids_for(user))
        | Q(organisation__sector_id__in=sector_ids_for(user))
        | Q(call__owner_sector_id__in=sector_ids_for(user, roles=(Role.SECTOR_STAFF,)))
    )
