"""Who may see and run which learning network.

- The department (account managers, superusers) sees every network, read-only.
- Sector staff and consultants of the owning sector or of a partner sector see the network and run
  it (edit, sessions, attendance, outcomes); so do the network's facilitators.
- Participants see their own network only: company admins and union delegates of a participating
  organisation, and users linked as attendee or backup. They answer the intake and the evaluation,
  capture ideas and vote. They never see another network.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from werkbaar.core.permissions import is_department, organisation_ids_for, sector_ids_for
from werkbaar.core.roles import Role

from .models import Network, Participant


def can_create_network(user) -> bool:
    """Sector staff and consultants create networks for their own sector."""
    return bool(sector_ids_for(user))


def creatable_sector_ids(user) -> set[int]:
    return sector_ids_for(user)


def _participant_q(user, prefix: str = "") -> Q:
    orgs = organisation_ids_for(user, roles=(Role.COMPANY_ADMIN, Role.UNION_DELEGATE))
    return (
        Q(**{f"{prefix}organisation_id__in": orgs})
        | Q(**{f"{prefix}attendee_user_id": user.pk})
        | Q(**{f"{prefix}backup_user_id": user.pk})
    )


def networks_for(user) -> QuerySet:
    """The networks a user may see."""
    if not getattr(user, "is_authenticated", False):
        return Network.objects.none()
    if is_department(user):
        return Network.objects.all()
    sectors = sector_ids_for(user)
    q = Q(sector_id__in=sectors) | Q(partner_sectors__in=sectors) | Q(facilitators=user.pk)
    q |= Q(pk__in=Participant.objects.filter(_participant_q(user)).values("network_id"))
    return Network.objects.filter(q).distinct()


def can_manage(user, network) -> bool:
    """Facilitators and sector roles of the owning or a partner sector run the network."""
    if not getattr(user, "is_authenticated", False):
        return False
    if network.facilitators.filter(pk=user.pk).exists():
        return True
    return bool(sector_ids_for(user) & network.all_sector_ids())


def participations_of(user, network) -> QuerySet:
    """The participant rows (organisations) of this network that the user speaks for."""
    if not getattr(user, "is_authenticated", False):
        return Participant.objects.none()
    return network.participants.filter(_participant_q(user)).select_related("organisation")


def is_participant(user, network) -> bool:
    return participations_of(user, network).exists()


def can_view(user, network) -> bool:
    return is_department(user) or can_manage(user, network) or is_participant(user, network)


def can_contribute(user, network) -> bool:
    """Capture ideas, move them and vote: facilitators, the sector team and the participants.

    Once a network is closed its board is frozen for participants; the facilitators can still
    record the outcomes agreed at the last session.
    """
    if can_manage(user, network):
        return True
    return network.status != Network.Status.CLOSED and is_participant(user, network)


def get_network_for(user, pk, manage: bool = False) -> Network:
    """The network, or 404 when the user may not see it; 403 when ``manage`` and the user may only look."""
    network = Network.objects.select_related("sector").filter(pk=pk).first()
    if network is None or not can_view(user, network):
        raise Http404
    if manage and not can_manage(user, network):
        raise PermissionDenied
    return network
