"""Proposing a good practice from an evaluated action plan, a closed network and a covenant action that is done:
who may, consent, anonymity, idempotence, the source pages' button and status."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from werkbaar.actions.models import Action, ActionPlan, ItemStatus, PlanItem, PlanStatus
from werkbaar.core.models import AuditEntry
from werkbaar.core.roles import Role
from werkbaar.knowledge.models import TRANSLATED, Item, ItemVersion, Kind, Proposal, Status

COMPANY = "Bakkerij Vandenbroeck bv"


@pytest.fixture
def w(db, sector_factory, company_factory, make_user, covenant_factory):
    """Sector A with a company (an evaluated plan), a closed network and a covenant action that is done;
    sector B with its own company; users per role."""
    from werkbaar.networks.models import Commitment, Idea, MenuProposal, Network, Participant, Session

    w = type("World", (), {})()
    w.sector_a, w.sector_b = sector_factory("secta", "Voeding"), sector_factory("sectb", "Bouw")
    w.company = company_factory(sector=w.sector_a, name=COMPANY, employees=80)
    w.other_company = company_factory(sector=w.sector_b, name="Bouwbedrijf Other nv")
    w.admin = make_user(Role.COMPANY_ADMIN, organisation=w.company, first_name="Greet", last_name="Maes")
    w.delegate = make_user(Role.UNION_DELEGATE, organisation=w.company)
    w.other_admin = make_user(Role.COMPANY_ADMIN, organisation=w.other_company)
    w.staff_a = make_user(Role.SECTOR_STAFF, sector=w.sector_a)
    w.consultant_a = make_user(Role.CONSULTANT, sector=w.sector_a)
    w.staff_b = make_user(Role.SECTOR_STAFF, sector=w.sector_b)
    w.department = make_user(Role.ACCOUNT_MANAGER)

    w.lift = Action.objects.create(key="lift-aid", title_nl="Tilhulpmiddelen", description_nl="Tillen met hulp.",
                                   theme="physical", level="team", horizon="short", scope="company", effort="medium")
    w.talk = Action.objects.create(key="talks", title_nl="Functioneringsgesprekken", description_nl="Praten.",
                                   theme="support", level="team", horizon="short", scope="company", effort="low")
    w.secret = Action.objects.create(key="sector-only", title_nl="Sectoractie", description_nl="Intern.",
                                     theme="training", level="team", horizon="short", scope="company", effort="low",
                                     sector=w.sector_a, visibility=Action.Visibility.SECTOR)
    w.plan = ActionPlan.objects.create(organisation=w.company, title=f"Plan {COMPANY} 2026",
                                       status=PlanStatus.EVALUATED, evaluated_on=datetime.date(2026, 10, 1),
                                       created_by=w.admin)
    PlanItem.objects.create(plan=w.plan, action=w.lift, title="Tilhulpen aan de oven", status=ItemStatus.DONE,
                            goal=f"Minder rugklachten bij {COMPANY}; Greet Maes volgt op.", indicators=",workload,",
                            finding="62% van de bakkers meldt rugpijn.", owner=w.admin)
    PlanItem.objects.create(plan=w.plan, action=w.talk, title="Gesprekken", status=ItemStatus.IN_PROGRESS,
                            goal="Vandenbroeck praat elk kwartaal met elk team.", owner_name="Jef Peeters")
    PlanItem.objects.create(plan=w.plan, action=w.secret, title="Sectoractie", status=ItemStatus.DONE)
    w.other_plan = ActionPlan.objects.create(organisation=w.other_company, title="Plan B",
                                             status=PlanStatus.EVALUATED)

    w.network = Network.objects.create(
        title="Netwerk rugklachten", theme="Fysieke belasting in bakkerijen", description="Veel rugklachten.",
        sector=w.sector_a, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30), expectations="-",
        status=Network.Status.CLOSED)
    w.network.facilitators.add(w.staff_a)
    participant = Participant.objects.create(
        network=w.network, organisation=w.company, attendee_name="Ann Wouters", attendee_email="a@x.example",
        backup_name="Bob Claes", backup_email="b@x.example")
    start = timezone.now() - datetime.timedelta(days=100)
    Session.objects.create(network=w.network, title="Start", starts_at=start, ends_at=start + datetime.timedelta(hours=2), method="six-hats",
                           status=Session.Status.HELD)
    idea = Idea.objects.create(network=w.network, text="Tilhulp", theme="physical", term="short", scope="sector",
                               status=Idea.Status.COMMITMENT)
    commitment = Commitment.objects.create(idea=idea, description=f"{COMPANY} en Ann Wouters testen een tilhulp.")
    commitment.participants.add(participant)
    idea2 = Idea.objects.create(network=w.network, text="Menu", theme="support", term="short", scope="sector",
                                status=Idea.Status.MENU_PROPOSAL)
    MenuProposal.objects.create(idea=idea2, network=w.network, title="Functioneringsgesprekken", description="-",
                                theme="support", status=MenuProposal.Status.ACCEPTED)

    w.covenant = covenant_factory(sector=w.sector_a)
    w.cov_action = w.covenant.priorities.order_by("pk").first().actions.get()
    w.cov_action.status = "done"
    w.cov_action.description = "De consulent An Peeters bezocht 40 bakkerijen."
    w.cov_action.objective = "Bakkerijen kennen de tilhulpen."
    w.cov_action.save()
    w.network.covenant_action = w.cov_action
    w.network.save()
    return w


@pytest.fixture
def client():
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")


def _url(origin, pk):
    return reverse("knowledge:propose", args=[origin, pk])


def _all_text(item) -> str:
    values = [getattr(item, f"{name}_{lang}") for name in TRANSLATED for lang in ("nl", "fr", "en")]
    values += [item.slug, item.company_name, item.contact_name, item.source, item.authors, item.publisher]
    version = item.versions.get()
    values.append(str(version.content))
    return "\n".join(values)


# --- each origin -------------------------------------------------------------------------------------------------


def test_company_admin_proposes_an_evaluated_plan_as_an_anonymous_draft(client, w):
    client.force_login(w.admin)
    page = client.get(_url("action_plan", w.plan.pk))
    assert page.status_code == 200
    assert "Tilhulpen aan de oven" in page.content.decode()

    response = client.post(_url("action_plan", w.plan.pk), {"consent": "on"})

    assert response.status_code == 302
    proposal = Proposal.objects.get()
    item = proposal.item
    assert (proposal.origin, proposal.origin_id, proposal.organisation, proposal.sector) == (
        "action_plan", w.plan.pk, w.company, w.sector_a)
    assert proposal.consent_by == w.admin and proposal.consent_at is not None and proposal.named is False
    assert item.kind == Kind.GOOD_PRACTICE and item.status == Status.DRAFT
    assert item.anonymised and item.company_name == ""
    assert item.owner_sector == w.sector_a
    assert list(item.sectors.all()) == [w.sector_a]
    # the menu actions used (only public ones: a public item may not reveal a sector-only action)
    assert set(item.related_actions.all()) == {w.lift, w.talk}
    assert item.theme_list == ["support", "physical"]
    assert "Tilhulpen aan de oven" in item.approach_nl
    assert item.title_fr and item.title_en and item.summary_fr
    version = ItemVersion.objects.get(item=item)
    assert version.number == 1 and version.saved_by == w.admin and version.content["title_nl"] == item.title_nl
    # audited: the item's creation, and the proposal in the plan's own history
    assert AuditEntry.objects.filter(object_type="knowledge.item", object_id=str(item.pk), action="create").exists()
    assert AuditEntry.objects.filter(object_type="knowledge.proposal", root_type="actions.actionplan",
                                     root_id=str(w.plan.pk)).exists()


def test_sector_staff_propose_a_closed_networks_outcome(client, w):
    client.force_login(w.staff_a)
    response = client.post(_url("network", w.network.pk), {"consent": "on"})

    assert response.status_code == 302
    proposal = Proposal.objects.get(origin="network")
    item = proposal.item
    assert proposal.origin_id == w.network.pk and proposal.sector == w.sector_a and proposal.consent_by == w.staff_a
    assert "Fysieke belasting in bakkerijen" in item.title_nl
    assert "tilhulp" in item.effect_nl
    assert "Six" in item.approach_nl or "hoed" in item.approach_nl.lower()
    # the accepted menu proposal's action, and the themes of the outcomes
    assert list(item.related_actions.all()) == [w.talk]
    assert set(item.theme_list) == {"physical", "support"}
    text = _all_text(item)
    for name in (COMPANY, "Vandenbroeck", "Ann Wouters", "Bob Claes"):
        assert name not in text


def test_sector_staff_propose_a_covenant_action_that_is_done(client, w):
    client.force_login(w.staff_a)
    response = client.post(_url("covenant_action", w.cov_action.pk), {"consent": "on"})

    assert response.status_code == 302
    item = Proposal.objects.get(origin="covenant_action").item
    assert "Action 1.1" in item.title_nl
    assert "Bakkerijen kennen de tilhulpen." in item.approach_nl
    assert "An Peeters" not in _all_text(item)  # the consultant is a person: not copied
    assert "bezocht 40 bakkerijen" in item.approach_nl
    # the network that carried the action out brings its accepted menu action and themes
    assert list(item.related_actions.all()) == [w.talk]
    assert "physical" in item.theme_list


# --- consent and anonymity ---------------------------------------------------------------------------------------


def test_without_consent_nothing_is_created_and_the_page_says_why(client, w):
    client.force_login(w.admin)
    response = client.post(_url("action_plan", w.plan.pk), {"named": "on"})

    assert response.status_code == 200
    assert "tick the box to give the organisation" in response.content.decode()
    assert not Item.objects.exists() and not Proposal.objects.exists() and not ItemVersion.objects.exists()


def test_anonymised_by_default_the_company_name_is_nowhere(client, w):
    """The plan's title, an action's goal and the owners carry the company's and people's names."""
    client.force_login(w.admin)
    client.post(_url("action_plan", w.plan.pk), {"consent": "on"})

    item = Item.objects.get()
    text = _all_text(item)
    for name in (COMPANY, "Vandenbroeck", w.company.enterprise_number, "Greet Maes", "Jef Peeters", "Maes"):
        assert name.lower() not in text.lower(), name
    assert "Minder rugklachten bij […]" in item.approach_nl
    # no scan figures: the finding written from the scan's figures is not copied
    assert "62%" not in text and "rugpijn" not in text


def test_the_names_of_the_organisations_other_people_are_hidden_too(client, w, make_user):
    """A goal names the union delegate and a colleague admin who own no action: they are hidden as well."""
    make_user(Role.UNION_DELEGATE, organisation=w.company, first_name="Kris", last_name="Janssens")
    make_user(Role.COMPANY_ADMIN, organisation=w.company, first_name="Özlem", last_name="Yıldız")
    make_user(Role.COMPANY_ADMIN, organisation=w.other_company, first_name="Lotte", last_name="Verbeke")
    PlanItem.objects.create(plan=w.plan, action=w.lift, title="Overleg met Kris Janssens", status=ItemStatus.DONE,
                            goal="Özlem Yıldız plant het overleg; Janssens en Verbeke van de sector helpen.")
    client.force_login(w.admin)
    client.post(_url("action_plan", w.plan.pk), {"consent": "on"})

    text = _all_text(Item.objects.get())
    for name in ("Kris", "Janssens", "Özlem", "Yıldız"):
        assert name.lower() not in text.lower(), name
    assert "Verbeke" in text  # someone of another organisation is not this plan's person


def test_named_only_when_ticked(client, w):
    client.force_login(w.admin)
    client.post(_url("action_plan", w.plan.pk), {"consent": "on", "named": "on"})

    item = Item.objects.get()
    assert item.company_name == COMPANY and not item.anonymised and item.proposal.named
    assert COMPANY in item.title_nl
    assert "Greet Maes" not in _all_text(item)  # people stay unnamed


# --- permissions -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_admin", "delegate", "staff_b", "department", "consultant_a", "staff_a"])
def test_who_may_not_propose_a_plan_sees_nothing_and_creates_nothing(client, w, who):
    client.force_login(getattr(w, who))
    assert client.get(_url("action_plan", w.plan.pk)).status_code == 404
    assert client.post(_url("action_plan", w.plan.pk), {"consent": "on"}).status_code == 404
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("who", ["staff_b", "admin", "delegate", "department", "consultant_a"])
@pytest.mark.parametrize("origin", ["network", "covenant_action"])
def test_who_may_not_propose_a_sectors_source(client, w, who, origin):
    source = w.network if origin == "network" else w.cov_action
    client.force_login(getattr(w, who))
    assert client.get(_url(origin, source.pk)).status_code == 404
    assert client.post(_url(origin, source.pk), {"consent": "on"}).status_code == 404
    assert not Proposal.objects.exists()


def test_an_existing_proposal_is_hidden_from_another_company(client, w):
    client.force_login(w.admin)
    client.post(_url("action_plan", w.plan.pk), {"consent": "on"})
    client.force_login(w.other_admin)
    assert client.get(_url("action_plan", w.plan.pk)).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, w):
    response = client.post(_url("action_plan", w.plan.pk), {"consent": "on"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Proposal.objects.exists()


def test_unknown_origin_or_id_is_404(client, w):
    client.force_login(w.admin)
    assert client.get(_url("scan", w.plan.pk)).status_code == 404
    assert client.get(_url("action_plan", 10**9)).status_code == 404


@pytest.mark.parametrize("origin", ["action_plan", "network", "covenant_action"])
def test_a_source_that_does_not_qualify_is_refused(client, w, origin):
    if origin == "action_plan":
        source, user = w.plan, w.admin
        ActionPlan.objects.filter(pk=source.pk).update(status=PlanStatus.IN_PROGRESS)
    elif origin == "network":
        source, user = w.network, w.staff_a
        type(source).objects.filter(pk=source.pk).update(status="running")
    else:
        source, user = w.cov_action, w.staff_a
        type(source).objects.filter(pk=source.pk).update(status="running")
    client.force_login(user)
    page = client.get(_url(origin, source.pk))
    assert page.status_code == 200 and "Only " in page.content.decode()
    response = client.post(_url(origin, source.pk), {"consent": "on"})
    assert response.status_code == 200 and "Only " in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_closed_network_without_outcome_is_refused(client, w):
    w.network.ideas.update(status="open")
    client.force_login(w.staff_a)
    response = client.post(_url("network", w.network.pk), {"consent": "on"})
    assert "no outcome to share yet" in response.content.decode()
    assert not Proposal.objects.exists()


# --- idempotence -------------------------------------------------------------------------------------------------


def test_a_second_click_shows_the_existing_proposal(client, w):
    client.force_login(w.admin)
    client.post(_url("action_plan", w.plan.pk), {"consent": "on"})
    second = client.post(_url("action_plan", w.plan.pk), {"consent": "on", "named": "on"}, follow=True)

    assert Proposal.objects.count() == 1 and Item.objects.count() == 1 and ItemVersion.objects.count() == 1
    assert not Item.objects.get().company_name  # the second click changed nothing
    assert "Proposed as good practice on" in second.content.decode()


def test_the_service_returns_the_existing_proposal(w):
    from werkbaar.knowledge import proposal_services as services

    first, created = services.propose(w.admin, w.plan, consent=True, named=False)
    again, created_again = services.propose(w.admin, w.plan, consent=True, named=True)
    assert created and not created_again and again.pk == first.pk


def test_a_failure_half_way_leaves_nothing(w, monkeypatch):
    from werkbaar.knowledge import proposal_services as services

    def broken(*args, **kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(services.audit, "record", broken)
    with pytest.raises(RuntimeError):
        services.propose(w.admin, w.plan, consent=True, named=False)
    assert not Item.objects.exists() and not Proposal.objects.exists() and not ItemVersion.objects.exists()


# --- the source pages --------------------------------------------------------------------------------------------


def test_the_plan_page_shows_the_button_then_the_status(client, w):
    client.force_login(w.admin)
    page = client.get(w.plan.get_absolute_url()).content.decode()
    assert _url("action_plan", w.plan.pk) in page

    client.post(_url("action_plan", w.plan.pk), {"consent": "on"})
    page = client.get(w.plan.get_absolute_url()).content.decode()
    assert _url("action_plan", w.plan.pk) not in page
    assert "Proposed as good practice on" in page and "(Draft)" in page


def test_the_button_is_hidden_from_the_delegate_and_for_a_plan_not_evaluated(client, w):
    client.force_login(w.delegate)
    assert _url("action_plan", w.plan.pk) not in client.get(w.plan.get_absolute_url()).content.decode()
    ActionPlan.objects.filter(pk=w.plan.pk).update(status=PlanStatus.IN_PROGRESS)
    client.force_login(w.admin)
    assert _url("action_plan", w.plan.pk) not in client.get(w.plan.get_absolute_url()).content.decode()


def test_the_network_report_and_the_covenant_actions_show_the_button_and_the_status(client, w):
    client.force_login(w.staff_a)
    report = reverse("networks:report", args=[w.network.pk])
    actions_tab = reverse("covenants:tab", args=[w.covenant.pk, "actions"])
    assert _url("network", w.network.pk) in client.get(report).content.decode()
    assert _url("covenant_action", w.cov_action.pk) in client.get(actions_tab).content.decode()

    client.post(_url("network", w.network.pk), {"consent": "on"})
    client.post(_url("covenant_action", w.cov_action.pk), {"consent": "on"})
    assert "Proposed as good practice on" in client.get(report).content.decode()
    assert "Proposed as good practice on" in client.get(actions_tab).content.decode()


def test_the_button_is_not_shown_to_a_consultant(client, w):
    client.force_login(w.consultant_a)
    report = reverse("networks:report", args=[w.network.pk])
    assert _url("network", w.network.pk) not in client.get(report).content.decode()


def test_two_requests_at_once_create_one_proposal(w, monkeypatch):
    """The second request passed the existence check before the first committed: the unique constraint
    stops it, its item is rolled back and it returns the first proposal."""
    from werkbaar.knowledge import proposal_services as services

    first, _created = services.propose(w.admin, w.plan, consent=True, named=False)
    real = services.proposal_of
    calls = []

    def stale_then_real(source):
        calls.append(source)
        return None if len(calls) == 1 else real(source)

    monkeypatch.setattr(services, "proposal_of", stale_then_real)
    again, created = services.propose(w.admin, w.plan, consent=True, named=True)

    assert not created and again.pk == first.pk
    assert Item.objects.count() == 1 and ItemVersion.objects.count() == 1 and Proposal.objects.count() == 1
