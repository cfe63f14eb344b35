"""Inviting the sector's social partners and the SERV/intersectoral advisers (``core.invitations``).

Who may invite whom (:func:`invitable_roles`): sector staff invite social partners of their own
sector(s); the department invites social partners of any sector and SERV/intersectoral advisers (who
read every sector's aggregates, so a sector cannot hand out that role).

:func:`invite_person` is the one storing path: in one transaction it finds the account by e-mail
address or creates one without a password, adds the role, and sends the one-time link of
``core.invitations``. When the e-mail cannot be sent, nothing is kept (the inviter sees why and tries
again). A person who already has an account gets the role added and no new link.
"""

from __future__ import annotations

from django.db import transaction

from werkbaar.core import audit
from werkbaar.core.invitations import invite
from werkbaar.core.models import Membership, Sector, User
from werkbaar.core.permissions import is_department, sector_ids_for
from werkbaar.core.roles import Role

INVITABLE = (Role.SOCIAL_PARTNER, Role.SERV_ADVISER)


def invitable_roles(user) -> list[str]:
    if is_department(user):
        return [Role.SOCIAL_PARTNER, Role.SERV_ADVISER]
    return [Role.SOCIAL_PARTNER] if sector_ids_for(user, roles=(Role.SECTOR_STAFF,)) else []


def invitable_sectors(user):
    if is_department(user):
        return Sector.objects.all()
    return Sector.objects.filter(pk__in=sector_ids_for(user, roles=(Role.SECTOR_STAFF,)))


def memberships_managed_by(user):
    """The social-partner and adviser roles the user may see and revoke."""
    qs = Membership.objects.filter(role__in=INVITABLE).select_related("user", "sector")
    if is_department(user):
        return qs.order_by("role", "sector__code", "user__last_name", "user__username")
    return qs.filter(role=Role.SOCIAL_PARTNER, sector__in=invitable_sectors(user)).order_by(
        "sector__code", "user__last_name", "user__username")


@transaction.atomic
def invite_person(inviter, *, email: str, first_name: str, last_name: str, role: str,
                  sector: Sector | None) -> tuple[User, bool]:
    """(user, invited): the account with the role added; ``invited`` when a new account got a link."""
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    created = user is None
    if created:
        user = User(username=email.lower()[:150], email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
        audit.record(inviter, user, "create", None, audit.snapshot(user, exclude=("password",)))
    membership, added = Membership.objects.get_or_create(
        user=user, role=role, sector=sector if role == Role.SOCIAL_PARTNER else None, organisation=None)
    if added:
        audit.record(inviter, membership, "create", None, audit.snapshot(membership))
    if created:
        invite(user, invited_by=inviter)
    return user, created


@transaction.atomic
def revoke(inviter, membership: Membership) -> None:
    audit.record(inviter, membership, "delete", audit.snapshot(membership), None)
    membership.delete()
