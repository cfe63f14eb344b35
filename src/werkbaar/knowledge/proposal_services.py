"""Services of proposing a good practice: read a source, decide who may propose it, store the draft.

The three sources (``Proposal.Origin``) and who speaks for them:

* ``action_plan`` – an ``actions.ActionPlan`` with status *evaluated*; its organisation's company admins.
* ``network`` – a closed ``networks.Network`` with at least one outcome on its board (a commitment or a
  proposal for the inspiration menu); the staff of its owning sector.
* ``covenant_action`` – a ``covenants.CovenantAction`` that is *done*; the staff of the covenant's sector.

Nobody else may open the proposal page (404): not the department, not consultants, not union delegates,
not another organisation or sector. Public functions:

* :func:`load_source` (origin, pk) → the object or 404; :func:`may_propose`; :func:`source_refusal`;
  :func:`proposal_of`; :func:`source_url`; :func:`facts_for` → ``proposals.Facts``;
* :func:`propose` – the one storing path (below).

``propose`` creates the draft item, its version 1 and the ``Proposal`` row in one transaction, with two
audit entries (the item's creation, and the proposal rooted at the source so the source's history shows it).
A second click, a second tab or a retry finds the existing proposal and returns it unchanged (``created``
is False); two requests at the same moment meet the unique constraint on (origin, origin_id): the loser's
transaction is rolled back whole and it returns the winner's proposal. Without consent, or when the source
does not qualify, :class:`ProposalRefused` is raised before anything is written.
"""

from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from werkbaar.actions.models import Action, ActionPlan, ItemStatus, PlanStatus, join_tags
from werkbaar.actions.taxonomy import indicator_title
from werkbaar.core import audit
from werkbaar.core.models import Organisation
from werkbaar.core.permissions import organisation_ids_for, sector_ids_for
from werkbaar.core.roles import Role

from . import proposals
from .models import TRANSLATED, Item, ItemVersion, Kind, Proposal
from .proposals import ORIGIN_ACTION_PLAN, ORIGIN_COVENANT_ACTION, ORIGIN_NETWORK, Facts


class ProposalRefused(Exception):
    """Consent is missing or the source does not qualify; nothing was written."""


def _models():
    from werkbaar.covenants.models import CovenantAction
    from werkbaar.networks.models import Network

    return {ORIGIN_ACTION_PLAN: ActionPlan, ORIGIN_NETWORK: Network, ORIGIN_COVENANT_ACTION: CovenantAction}


def load_source(origin: str, pk: int):
    """The source object, or 404 for an unknown origin or id."""
    model = _models().get(origin)
    if model is None:
        raise Http404
    related = {ORIGIN_ACTION_PLAN: ("organisation__sector",), ORIGIN_NETWORK: ("sector",),
               ORIGIN_COVENANT_ACTION: ("priority__covenant__sector",)}[origin]
    source = model.objects.select_related(*related).filter(pk=pk).first()
    if source is None:
        raise Http404
    return source


def origin_of(source) -> str:
    return next(origin for origin, model in _models().items() if isinstance(source, model))


def sector_of(source):
    origin = origin_of(source)
    if origin == ORIGIN_ACTION_PLAN:
        return source.organisation.sector
    if origin == ORIGIN_NETWORK:
        return source.sector
    return source.priority.covenant.sector


def may_propose(user, source) -> bool:
    """Company admins of the plan's organisation; sector staff of the network's or covenant's sector."""
    if not getattr(user, "is_authenticated", False):
        return False
    if origin_of(source) == ORIGIN_ACTION_PLAN:
        return source.organisation_id in organisation_ids_for(user, roles=(Role.COMPANY_ADMIN,))
    return sector_of(source).pk in sector_ids_for(user, roles=(Role.SECTOR_STAFF,))


def _network_outcomes(network):
    from werkbaar.networks.models import Idea

    return network.ideas.filter(status__in=(Idea.Status.COMMITMENT, Idea.Status.MENU_PROPOSAL))


def source_refusal(source) -> str:
    """Why the source cannot be proposed yet ("" when it qualifies)."""
    origin = origin_of(source)
    if origin == ORIGIN_ACTION_PLAN:
        if source.status != PlanStatus.EVALUATED:
            return _("Only an evaluated action plan can be proposed as a good practice.")
        return ""
    if origin == ORIGIN_NETWORK:
        if source.status != source.Status.CLOSED:
            return _("Only a closed learning network can be proposed as a good practice.")
        if not _network_outcomes(source).exists():
            return _("The network has no outcome to share yet: record a commitment or a proposal for the "
                     "inspiration menu on its board first.")
        return ""
    if source.status != source.Status.DONE:
        return _("Only a covenant action that is done can be proposed as a good practice.")
    return ""


def proposal_of(source) -> Proposal | None:
    return Proposal.objects.select_related("item").filter(origin=origin_of(source), origin_id=source.pk).first()


def source_url(source) -> str:
    origin = origin_of(source)
    if origin == ORIGIN_ACTION_PLAN:
        return source.get_absolute_url()
    if origin == ORIGIN_NETWORK:
        return reverse("networks:report", args=[source.pk])
    return reverse("covenants:tab", args=[source.priority.covenant_id, "actions"])


# --- the facts of each source ---------------------------------------------------------------------------------


def _person_names(*users) -> list[str]:
    names = []
    for user in users:
        if user is not None:
            names += [user.get_full_name(), user.first_name, user.last_name, user.username]
    return [n for n in names if n and len(n) >= 3]


def _members(organisation) -> list:
    """Everyone with a role in the organisation (its admins, its union delegates): plans name them in goals."""
    from werkbaar.core.models import User

    return list(User.objects.filter(memberships__organisation=organisation).distinct())


def _public_actions(ids) -> list[int]:
    """Only active, public menu actions are linked: a public item must not reveal a sector-only action."""
    return list(Action.objects.filter(pk__in=set(ids), active=True, visibility=Action.Visibility.PUBLIC)
                .order_by("title_nl").values_list("pk", flat=True))


def _plan_facts(plan) -> Facts:
    org = plan.organisation
    items = list(plan.items.select_related("action", "owner"))
    kept = [i for i in items if i.status != ItemStatus.DROPPED]
    indicators = []
    for item in kept:
        for sid in item.indicator_list or (item.action.indicator_list if item.action_id else []):
            if sid not in indicators:
                indicators.append(sid)
    action_ids = _public_actions(i.action_id for i in kept if i.action_id)
    themes = proposals.themes_of(Action.objects.filter(pk__in=action_ids).values_list("theme", flat=True))
    hide = [org.enterprise_number, *_person_names(plan.created_by, *(i.owner for i in items), *_members(org)),
            *(i.owner_name for i in items)]
    done = [i for i in kept if i.status == ItemStatus.DONE]
    with translation.override("nl"):
        problem = [_("The workability scan pointed to: %(list)s.") % {
            "list": ", ".join(indicator_title(sid, "nl") for sid in indicators)}] if indicators else []
        approach = [f"- {i.title}" + (f": {i.goal}" if i.goal else "") for i in kept]
        effect = [_("%(done)s of the %(total)s actions were carried out:") % {"done": len(done), "total": len(kept)},
                  *(f"- {i.title}" for i in done)] if done else []
    return Facts(origin=ORIGIN_ACTION_PLAN, origin_id=plan.pk, sector_name=org.sector.name, own_name=org.name,
                 size_band=org.size_band, done=len(done), total=len(kept), problem=tuple(problem),
                 approach=tuple(approach), effect=tuple(effect), themes=themes, action_ids=tuple(action_ids),
                 hide=tuple(n for n in hide if n))


def _accepted_menu_actions(networks) -> list[int]:
    """Menu actions that came from the networks' accepted menu proposals (matched by their Dutch title)."""
    from werkbaar.networks.models import MenuProposal

    titles = MenuProposal.objects.filter(network__in=networks, status=MenuProposal.Status.ACCEPTED).values("title")
    return list(Action.objects.filter(title_nl__in=titles).values_list("pk", flat=True))


def _network_hide(networks) -> list[str]:
    from werkbaar.networks.models import Participant

    hide = []
    for p in Participant.objects.filter(network__in=networks).select_related(
            "organisation__sector", "attendee_user", "backup_user"):
        hide += [*proposals.name_variants(p.organisation.name, keep=[p.organisation.sector.name]), p.attendee_name, p.backup_name,
                 *_person_names(p.attendee_user, p.backup_user)]
    for network in networks:
        hide += _person_names(*network.facilitators.all())
    return hide


def _network_facts(network) -> Facts:
    from werkbaar.networks.methods import get_method
    from werkbaar.networks.models import Idea, Session

    outcomes = list(_network_outcomes(network).select_related("commitment", "menu_proposal"))
    action_ids = _public_actions(_accepted_menu_actions([network]))
    themes = proposals.themes_of([i.theme for i in outcomes],
                                 Action.objects.filter(pk__in=action_ids).values_list("theme", flat=True))
    held = list(network.sessions.filter(status=Session.Status.HELD))
    with translation.override("nl"):
        methods = []
        for session in held:
            method = get_method(session.method, "nl")
            if method and method.name not in methods:
                methods.append(method.name)
        approach = [ngettext("%(n)s session was held.", "%(n)s sessions were held.", len(held)) % {
            "n": len(held)}] if held else []
        if methods:
            approach.append(_("Methods used: %(list)s.") % {"list": ", ".join(methods)})
        effect = []
        for idea in outcomes:
            if idea.status == Idea.Status.COMMITMENT and hasattr(idea, "commitment"):
                effect.append(_("- Commitment: %(text)s") % {"text": idea.commitment.description})
            elif idea.status == Idea.Status.MENU_PROPOSAL and hasattr(idea, "menu_proposal"):
                effect.append(_("- Proposed for the inspiration menu: %(text)s") % {"text": idea.menu_proposal.title})
            else:
                effect.append(f"- {idea.text}")
    return Facts(origin=ORIGIN_NETWORK, origin_id=network.pk, sector_name=network.sector.name,
                 own_name=_sector_name(network.sector), subject=network.theme,
                 problem=(network.description,), approach=tuple(approach), effect=tuple(effect), themes=themes,
                 action_ids=tuple(action_ids), hide=tuple(_network_hide([network])))


def _covenant_facts(action) -> Facts:
    priority, covenant = action.priority, action.priority.covenant
    networks = list(action.networks.all())
    action_ids = _public_actions(_accepted_menu_actions(networks))
    tags = action.workability_tags if hasattr(action, "workability_tags") else None  # fieldwork's tags, if any
    themes = proposals.themes_of(tags.themes if tags else [], action.network_idea_themes or [],
                                 *(n.idea_themes or [] for n in networks),
                                 Action.objects.filter(pk__in=action_ids).values_list("theme", flat=True))
    hide = [*covenant.consultants.values_list("name", flat=True), *covenant.signatories.values_list("name", flat=True),
            *_network_hide(networks)]
    indicator = priority.indicator if hasattr(priority, "indicator") else None
    with translation.override("nl"):
        problem = [f"{priority.code} {priority.title}", priority.motivation]
        approach = [action.description,
                    _("Aim: %(text)s") % {"text": action.objective} if action.objective else "",
                    _("Timing: %(text)s") % {"text": action.timing} if action.timing else ""]
        effect = [indicator.result_note] if indicator is not None and indicator.result_note else []
    return Facts(origin=ORIGIN_COVENANT_ACTION, origin_id=action.pk, sector_name=covenant.sector.name,
                 own_name=_sector_name(covenant.sector), subject=action.title, problem=tuple(problem),
                 approach=tuple(approach), effect=tuple(effect), themes=themes, action_ids=tuple(action_ids),
                 hide=tuple(n for n in hide if n))


def _sector_fund(sector) -> Organisation | None:
    return Organisation.objects.filter(sector=sector, kind=Organisation.Kind.SECTOR_FUND).order_by("pk").first()


def _sector_name(sector) -> str:
    fund = _sector_fund(sector)
    return fund.name if fund else sector.name


def facts_for(source) -> Facts:
    origin = origin_of(source)
    if origin == ORIGIN_ACTION_PLAN:
        return _plan_facts(source)
    if origin == ORIGIN_NETWORK:
        return _network_facts(source)
    return _covenant_facts(source)


# --- storing -----------------------------------------------------------------------------------------------------


def version_content(item: Item) -> dict:
    """The content of an item as a version stores it: every translated field, the case fields and the tags."""
    content = {f"{name}_{lang}": getattr(item, f"{name}_{lang}") for name in TRANSLATED for lang in ("nl", "fr", "en")}
    content.update(kind=item.kind, slug=item.slug, company_name=item.company_name, anonymised=item.anonymised,
                   themes=item.themes, sectors=sorted(item.sectors.values_list("pk", flat=True)),
                   related_actions=sorted(item.related_actions.values_list("pk", flat=True)))
    return content


def _free_slug(title: str, origin: str, origin_id: int) -> str:
    base = (slugify(title)[:90].strip("-") or "good-practice") + f"-{origin.replace('_', '-')}-{origin_id}"
    slug, n = base, 1
    while Item.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def propose(user, source, consent: bool, named: bool) -> tuple[Proposal, bool]:
    """Propose ``source`` as a good practice; returns (proposal, created). See the module docstring."""
    existing = proposal_of(source)
    if existing is not None:
        return existing, False
    if not may_propose(user, source):
        raise ProposalRefused(_("You may not propose this as a good practice."))
    refusal = proposals.consent_refusal(consent, source_refusal(source))
    if refusal:
        raise ProposalRefused(refusal)
    origin, sector = origin_of(source), sector_of(source)
    result = proposals.draft(facts_for(source), named=named)
    try:
        with transaction.atomic():
            item = Item(kind=Kind.GOOD_PRACTICE, company_name=result.company_name, anonymised=result.anonymised,
                        themes=join_tags(result.themes), owner_sector=sector,
                        slug=_free_slug(result.texts["title_nl"], origin, source.pk), **result.texts)
            item.save()
            item.sectors.set([sector])
            item.related_actions.set(result.action_ids)
            ItemVersion.objects.create(item=item, number=1, content=version_content(item), status=item.status,
                                       saved_by=user, note=_("Proposed from Werkbaar"))
            proposal = Proposal.objects.create(
                item=item, origin=origin, origin_id=source.pk, sector=sector, named=named, consent_by=user,
                consent_at=timezone.now(),
                organisation=source.organisation if origin == ORIGIN_ACTION_PLAN else _sector_fund(sector))
            audit.record(user, item, "create", after=audit.snapshot(item), note="proposed")
            audit.record(user, proposal, "create", after=audit.snapshot(proposal), root=source,
                         note="proposed as good practice")
    except IntegrityError:
        existing = proposal_of(source)
        if existing is None:
            raise
        return existing, False
    return proposal, True
