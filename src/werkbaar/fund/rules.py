"""Who may do what in the fund, on top of ``core.permissions`` (every view and API endpoint asks here).

- Fund manager of a call: the department for its own calls and every call; the sector staff of the
  sector fund that owns the call.
- Applicant side: company admins of the organisation and sector staff of its sector (a sector fund
  applying on behalf of a company) edit a draft; union delegates see and comment.
- Reviewer: a fund manager of the call without a conflict of interest: not a member of the
  applying organisation and no declared conflict.
"""

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
