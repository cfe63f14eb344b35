"""Pages of the networks app through the Django test client: creation, participants, intake,
sessions and attendance (with the warning), the board with htmx, outcomes, evaluation, reports."""

from datetime import date
from io import BytesIO

import pytest
from django.core import mail
from django.core.management import call_command
from openpyxl import load_workbook

from werkbaar.core.models import AuditEntry
from werkbaar.networks.models import (
    Commitment,
    Evaluation,
    Idea,
    Intake,
    MenuProposal,
    Network,
    PolicyRecommendation,
    ReminderSent,
    Session,
    Support,
)

from .conftest import make_session, mark


def test_create_network_validates_and_records(client, world):
    client.force_login(world.staff_a)
    data = {
        "title": "New net", "theme": "Ergonomics", "sector": world.sector_a.pk, "partner_sectors": [world.sector_b.pk],
        "facilitators": [world.staff_a.pk, world.consultant_b.pk], "start": "2026-01-01", "end": "2026-06-30",
        "target_min": 8, "target_max": 10, "planned_sessions": 4, "min_sessions": 6,
        "expectations": "Come every time",
    }
    response = client.post("/networks/new/", data)
    assert response.status_code == 200  # fewer than the network's own minimum of 6 sessions planned
    assert "planned_sessions" in response.context["form"].errors
    data["planned_sessions"] = 6
    data["facilitators"] = [world.staff_c.pk]  # not of the owning or partner sector
    assert "facilitators" in client.post("/networks/new/", data).context["form"].errors
    data["facilitators"] = [world.staff_a.pk, world.consultant_b.pk]
    response = client.post("/networks/new/", data)
    network = Network.objects.get(title="New net")
    assert response.status_code == 302
    assert set(network.facilitators.all()) == {world.staff_a, world.consultant_b}
    assert AuditEntry.objects.filter(root_type="networks.network", root_id=str(network.pk), action="create").exists()
    # a sector's staff cannot create a network for another sector
    data["sector"] = world.sector_c.pk
    assert "sector" in client.post("/networks/new/", data).context["form"].errors


def test_participant_form_requires_distinct_backup(client, world):
    client.force_login(world.staff_a)
    response = client.post(f"/networks/{world.network.pk}/participants/add/", {
        "organisation": world.org3.pk, "attendee_name": "A", "attendee_email": "same@x.example",
        "backup_name": "B", "backup_email": "same@x.example", "attendee_user": world.admin1.pk,
    })
    errors = response.context["form"].errors
    assert "backup_email" in errors and "attendee_user" in errors  # admin1 is not of org3
    response = client.post(f"/networks/{world.network.pk}/participants/add/", {
        "organisation": world.org3.pk, "attendee_name": "A", "attendee_email": "a@x.example",
        "backup_name": "B", "backup_email": "b@x.example", "attendee_user": world.admin3.pk,
    })
    assert response.status_code == 302
    assert world.network.participants.count() == 3


def test_intake_answers_side_by_side(client, world):
    client.force_login(world.admin1)
    response = client.post(f"/networks/participants/{world.p1.pk}/intake/", {
        "expectations": "Learn about lifting aids", "experience_level": "some", "experience": "Tried belts",
    })
    assert response.status_code == 302
    Intake.objects.create(participant=world.p2, expectations="Meet peers", experience_level="none")
    client.force_login(world.staff_a)
    page = client.get(f"/networks/{world.network.pk}/intake/").content.decode()
    assert "Learn about lifting aids" in page and "Meet peers" in page
    assert page.index("Org One") < page.index("Org Two")  # one column per organisation


def test_attendance_warning_on_network_page(client, world):
    client.force_login(world.staff_a)
    s1 = make_session(world.network, date(2026, 2, 1), status=Session.Status.PLANNED)
    s2 = make_session(world.network, date(2026, 3, 1), status=Session.Status.PLANNED)
    for s in (s1, s2):
        response = client.post(f"/networks/sessions/{s.pk}/attendance/",
                               {f"p{world.p1.pk}": "attendee", f"p{world.p2.pk}": "absent"})
        assert response.status_code == 302
    s1.refresh_from_db()
    assert s1.status == Session.Status.HELD
    page = client.get(f"/networks/{world.network.pk}/")
    warned = [r.participant for r in page.context["warnings"]]
    assert warned == [world.p2]
    assert "Org Two" in page.content.decode()
    assert 'class="alert alert-warning"' in page.content.decode()
    # the warning is a to-do for the facilitators; a participating company does not get it
    client.force_login(world.admin1)
    assert 'class="alert alert-warning"' not in client.get(f"/networks/{world.network.pk}/").content.decode()
    client.force_login(world.staff_a)
    # an empty attendance form is refused, nothing saved
    s3 = make_session(world.network, date(2026, 4, 1), status=Session.Status.PLANNED)
    response = client.post(f"/networks/sessions/{s3.pk}/attendance/", {})
    assert response.status_code == 200 and response.context["form"].errors
    s3.refresh_from_db()
    assert s3.status == Session.Status.PLANNED


def test_session_form_and_reschedule_bumps_sequence(client, world):
    client.force_login(world.staff_a)
    data = {"title": "Kick-off", "starts_at": "2026-02-01T10:00", "ends_at": "2026-02-01T09:00", "method": "six-hats"}
    response = client.post(f"/networks/{world.network.pk}/sessions/add/", data)
    assert response.status_code == 200  # ends before start, no place
    assert {"ends_at", "place"} <= set(response.context["form"].errors)
    data.update(ends_at="2026-02-01T12:00", place="Gent", agenda="Intro", specialists="Ergonomist")
    assert client.post(f"/networks/{world.network.pk}/sessions/add/", data).status_code == 302
    session = Session.objects.get(title="Kick-off")
    page = client.get(f"/networks/sessions/{session.pk}/").content.decode()
    assert "De zes denkhoeden van De Bono" in page or "six thinking hats" in page
    data["starts_at"] = "2026-02-02T10:00"
    data["ends_at"] = "2026-02-02T12:00"
    client.post(f"/networks/sessions/{session.pk}/edit/", data)
    session.refresh_from_db()
    assert session.sequence == 1


def test_board_htmx_and_outcomes(client, world):
    client.force_login(world.admin1)
    pk = world.network.pk
    response = client.post(f"/networks/{pk}/board/add/", {"text": "Ergonomic kit list", "theme": "physical",
                                                          "term": "short", "scope": "sector"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="board"' in response.content.decode() and "<html" not in response.content.decode()
    idea = Idea.objects.get(text="Ergonomic kit list")
    # vote and "we commit to this", toggled; without htmx a redirect back to the board
    assert client.post(f"/networks/ideas/{idea.pk}/support/vote/").status_code == 302
    client.post(f"/networks/ideas/{idea.pk}/support/commit/", HTTP_HX_REQUEST="true")
    assert Support.objects.filter(idea=idea).count() == 2
    client.post(f"/networks/ideas/{idea.pk}/support/vote/", HTTP_HX_REQUEST="true")
    assert Support.objects.filter(idea=idea, kind="vote").count() == 0
    # move on the matrix
    client.post(f"/networks/ideas/{idea.pk}/move/", {"theme": "training", "term": "long", "scope": "policy"})
    idea.refresh_from_db()
    assert (idea.theme, idea.term, idea.scope) == ("training", "long", "policy")
    # invalid idea: a clear message, nothing saved
    response = client.post(f"/networks/{pk}/board/add/", {"text": "", "theme": "nonsense"})
    assert response.status_code == 400 and Idea.objects.count() == 1
    # a participant may not decide the outcome
    assert client.get(f"/networks/ideas/{idea.pk}/outcome/commitment/").status_code == 403

    client.force_login(world.staff_a)
    form = client.get(f"/networks/ideas/{idea.pk}/outcome/commitment/").context["form"]
    assert form.initial["participants"] == [world.p1.pk]  # pre-ticked from "we commit to this"
    response = client.post(f"/networks/ideas/{idea.pk}/outcome/commitment/", {
        "description": "We hand out the kit list", "participants": [world.p1.pk, world.p2.pk],
        "follow_up_1": "2026-06-01", "note_1": "Kit list sent", "follow_up_2": "2026-09-01",
    })
    assert response.status_code == 302
    commitment = Commitment.objects.get(idea=idea)
    assert commitment.follow_ups.count() == 2 and commitment.participants.count() == 2
    idea.refresh_from_db()
    assert idea.status == Idea.Status.COMMITMENT
    # a second outcome on the same idea is refused by the workflow
    client.post(f"/networks/ideas/{idea.pk}/outcome/policy/", {"text": "x"})
    assert not PolicyRecommendation.objects.exists()

    menu = Idea.objects.create(network=world.network, text="Buddy system", theme="support", term="short",
                               scope="sector")
    client.post(f"/networks/ideas/{menu.pk}/outcome/menu/", {"title": "Buddy system", "description": "Pair up"})
    proposal = MenuProposal.objects.get(idea=menu)
    assert proposal.status == MenuProposal.Status.PROPOSED and proposal.theme == "support"
    policy = Idea.objects.create(network=world.network, text="More coaches", theme="support", term="long",
                                 scope="policy")
    client.post(f"/networks/ideas/{policy.pk}/outcome/policy/", {"text": "Fund coaches", "addressed_to": "Flanders"})
    assert PolicyRecommendation.objects.get(idea=policy).network == world.network


def test_menu_proposal_curated_by_department(client, world):
    idea = Idea.objects.create(network=world.network, text="Buddy", theme="support", term="short", scope="sector",
                               status=Idea.Status.MENU_PROPOSAL)
    proposal = MenuProposal.objects.create(idea=idea, network=world.network, title="Buddy", description="d",
                                           theme="support")
    client.force_login(world.staff_a)
    client.post(f"/networks/proposals/{proposal.pk}/step/accept/")
    proposal.refresh_from_db()
    assert proposal.status == MenuProposal.Status.PROPOSED
    client.force_login(world.department)
    assert "Buddy" in client.get("/networks/proposals/").content.decode()
    client.post(f"/networks/proposals/{proposal.pk}/step/accept/")
    proposal.refresh_from_db()
    assert proposal.status == MenuProposal.Status.ACCEPTED


def test_evaluation_and_report_quotes_only_with_consent(client, world):
    client.force_login(world.admin1)
    pk = world.network.pk
    response = client.post(f"/networks/{pk}/evaluation/", {})
    assert response.status_code == 200 and response.context["form"].errors  # at least one answer
    client.post(f"/networks/{pk}/evaluation/", {"main_lesson": "Quotable lesson", "consent_to_quote": "on"})
    client.force_login(world.admin2)
    client.post(f"/networks/{pk}/evaluation/", {"main_lesson": "Private lesson"})
    assert Evaluation.objects.count() == 2
    client.force_login(world.staff_a)
    assert client.post(f"/networks/{pk}/evaluation/", {"main_lesson": "x"}).status_code == 403
    page = client.get(f"/networks/{pk}/evaluation/").content.decode()
    assert "Quotable lesson" in page and "Private lesson" in page  # facilitators read all answers
    report = client.get(f"/networks/{pk}/report/").content.decode()
    assert "Quotable lesson" in report and "Private lesson" not in report

    s = make_session(world.network, date(2026, 2, 1))
    mark(s, world.p1, "attendee")
    response = client.get(f"/networks/{pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    response = client.get(f"/networks/{pk}/report.xlsx")
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.content))
    assert len(wb.sheetnames) == 6
    quotes = [row[1] for row in wb.worksheets[-1].iter_rows(min_row=2, values_only=True)]
    assert quotes == ["Quotable lesson"]


def test_reminders_command_is_idempotent(world, time_machine):
    time_machine.move_to("2026-02-25 08:00:00+01:00")
    soon = make_session(world.network, date(2026, 3, 1), status=Session.Status.PLANNED)
    make_session(world.network, date(2026, 5, 1), status=Session.Status.PLANNED)  # too far ahead
    call_command("network-reminders", "--days", "7")
    assert len(mail.outbox) == 4  # attendee + backup of two organisations
    assert {m.to[0] for m in mail.outbox} == {"ann@one.example", "bob@one.example", "cas@two.example",
                                              "dee@two.example"}
    attachment = mail.outbox[0].attachments[0]
    assert attachment[0].endswith(".ics") and "BEGIN:VCALENDAR" in attachment[1]
    call_command("network-reminders", "--days", "7")
    assert len(mail.outbox) == 4
    assert ReminderSent.objects.count() == 4
    soon.sequence += 1  # rescheduled: a fresh reminder
    soon.save()
    call_command("network-reminders", "--days", "7")
    assert len(mail.outbox) == 8


def test_api_shapes(client, world):
    s = make_session(world.network, date(2026, 2, 1))
    mark(s, world.p1, "attendee")
    Idea.objects.create(network=world.network, text="Idea", theme="physical", term="short", scope="sector")
    client.force_login(world.admin1)
    listing = client.get("/api/v1/networks/").json()
    assert [n["title"] for n in listing] == ["Network One"]
    detail = client.get(f"/api/v1/networks/{world.network.pk}").json()
    assert detail["figures"]["sessions_held"] == 1 and detail["partner_sectors"] == ["sectb"]
    attendance = client.get(f"/api/v1/networks/{world.network.pk}/attendance").json()
    assert attendance["sessions"] == [s.pk]
    assert {r["organisation"]: r["presence"] for r in attendance["rows"]} == {"Org One": ["attendee"], "Org Two": [""]}
    board = client.get(f"/api/v1/networks/{world.network.pk}/board").json()
    assert board[0]["theme"] == "physical"
    assert len(client.get(f"/api/v1/networks/{world.network.pk}/sessions").json()) == 1


#: The heading of each page in Dutch, the default language (a login page or an English page would fail).
PAGE_TITLES = {"/networks/": "Lerende netwerken", "/networks/methods/": "Methodiekenbibliotheek",
               "/networks/methods/worst-case/": "Worst-case omdenken",
               "/networks/proposals/": "Voorstellen voor het inspiratiemenu"}


@pytest.mark.parametrize("path", ["/networks/", "/networks/methods/", "/networks/methods/worst-case/",
                                  "/networks/proposals/"])
def test_pages_render(client, world, path):
    client.force_login(world.staff_a)
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "nl-be"
    html = response.content.decode()
    assert '<html lang="nl">' in html
    h1 = html.split("<h1", 1)[1].split("</h1>", 1)[0]
    assert h1.split(">", 1)[1].strip() == PAGE_TITLES[path]


def test_pages_of_a_network_render_for_each_role(client, world):
    s = make_session(world.network, date(2026, 2, 1))
    mark(s, world.p1, "absent")
    Idea.objects.create(network=world.network, text="Idea", theme="physical", term="short", scope="sector")
    pk = world.network.pk
    for user in (world.staff_a, world.admin1, world.department):
        client.force_login(user)
        for path in (f"/networks/{pk}/", f"/networks/{pk}/participants/", f"/networks/{pk}/intake/",
                     f"/networks/{pk}/sessions/", f"/networks/sessions/{s.pk}/", f"/networks/{pk}/board/",
                     f"/networks/{pk}/evaluation/", f"/networks/{pk}/report/"):
            response = client.get(path, follow=True)
            assert response.status_code == 200, (user, path)
            assert not any("/login/" in url for url, _status in response.redirect_chain), (user, path)
            html = response.content.decode()
            assert '<html lang="nl">' in html and world.network.title in html, (user, path)


def test_network_workflow(client, world):
    client.force_login(world.staff_a)
    pk = world.network.pk
    response = client.get(f"/networks/{pk}/step/close/")
    assert response.status_code == 200  # confirmation page
    client.post(f"/networks/{pk}/step/close/", {"confirmed": "1"})
    world.network.refresh_from_db()
    assert world.network.status == Network.Status.CLOSED
    client.post(f"/networks/{pk}/step/start/")  # not from closed
    world.network.refresh_from_db()
    assert world.network.status == Network.Status.CLOSED


def test_demo_is_idempotent(db):
    from io import StringIO

    from werkbaar.core import demo as core_demo
    from werkbaar.networks import demo

    core_demo.load(StringIO())
    demo.load(StringIO())
    demo.load(StringIO())
    network = Network.objects.get(title=demo.TITLE)
    assert network.participants.count() == 3
    assert network.sessions.count() == 5
    assert network.ideas.count() == 5
    assert {p.organisation.name for p in network.participants.all()} >= {
        "Poetsplus Dienstencheques bv", "Huishoudhulp Noord vzw", "Zorgpunt Oost vzw"}


def test_follow_up_reminders_and_done_toggle(client, world, time_machine):
    from werkbaar.networks.models import FollowUp

    time_machine.move_to("2026-05-28 08:00:00+02:00")
    idea = Idea.objects.create(network=world.network, text="Kit list", theme="physical", term="short",
                               scope="sector", status=Idea.Status.COMMITMENT)
    commitment = Commitment.objects.create(idea=idea, description="We hand out the kit list")
    commitment.participants.set([world.p1])
    soon = FollowUp.objects.create(commitment=commitment, due=date(2026, 6, 1), note="Sent?")
    FollowUp.objects.create(commitment=commitment, due=date(2026, 9, 1))
    call_command("network-reminders")
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@one.example", "bob@one.example"]
    assert "We hand out the kit list" in mail.outbox[0].body
    call_command("network-reminders")
    assert len(mail.outbox) == 2  # once only
    client.force_login(world.admin1)
    assert client.post(f"/networks/follow-ups/{soon.pk}/toggle/").status_code == 403
    client.force_login(world.staff_a)
    client.post(f"/networks/follow-ups/{soon.pk}/toggle/")
    soon.refresh_from_db()
    assert soon.done


def test_navigation_entry(world, make_user):
    from werkbaar.networks.nav import NAV

    order, _label, url_name, visible = NAV[0]
    assert (order, url_name) == (60, "networks:list")
    assert all(visible(u) for u in (world.staff_a, world.consultant_b, world.admin1, world.delegate1,
                                    world.department))
    assert not visible(make_user())


def test_list_search_filter_and_sort(client, world):
    client.force_login(world.staff_a)
    titles = lambda r: [n.title for n in r.context["page_obj"]]  # noqa: E731
    assert titles(client.get("/networks/?q=stress")) == ["Network Other"]
    assert titles(client.get(f"/networks/?sector={world.sector_b.pk}")) == ["Network One"]
    assert titles(client.get("/networks/?status=running")) == ["Network One"]
    assert titles(client.get("/networks/?sort=-title")) == ["Network Other", "Network One"]
    assert client.get("/networks/?sort=nonsense&status=bogus&page=x").status_code == 200


def test_cancel_session_shows_in_calendar_and_stops_reminders(client, world, time_machine):
    time_machine.move_to("2026-02-25 08:00:00+01:00")
    session = make_session(world.network, date(2026, 3, 1), status=Session.Status.PLANNED)
    client.force_login(world.staff_a)
    assert client.get(f"/networks/sessions/{session.pk}/cancel/").status_code == 200  # confirmation first
    client.post(f"/networks/sessions/{session.pk}/cancel/", {"confirmed": "1"})
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED and session.sequence == 1
    body = client.get(f"/networks/sessions/{session.pk}/calendar.ics").content.decode()
    assert "STATUS:CANCELLED" in body and "SEQUENCE:1" in body
    call_command("network-reminders")
    assert mail.outbox == []


def test_closed_network_freezes_the_board_for_participants(client, world):
    idea = Idea.objects.create(network=world.network, text="Idea", theme="physical", term="short", scope="sector")
    world.network.status = Network.Status.CLOSED
    world.network.save()
    client.force_login(world.admin1)
    assert client.get(f"/networks/{world.network.pk}/board/").status_code == 200  # still readable
    assert client.post(f"/networks/ideas/{idea.pk}/support/vote/").status_code == 403
    assert client.post(f"/networks/{world.network.pk}/board/add/", {"text": "x", "theme": "physical",
                                                                    "term": "short", "scope": "sector"}).status_code == 403
    client.force_login(world.staff_a)  # the facilitator still records outcomes
    client.post(f"/networks/ideas/{idea.pk}/outcome/policy/", {"text": "Fund it"})
    assert PolicyRecommendation.objects.filter(idea=idea).exists()


def test_board_filter_survives_voting(client, world):
    open_idea = Idea.objects.create(network=world.network, text="Open one", theme="physical", term="short",
                                    scope="sector")
    Idea.objects.create(network=world.network, text="Done one", theme="physical", term="short", scope="sector",
                        status=Idea.Status.SET_ASIDE)
    client.force_login(world.admin1)
    page = client.get(f"/networks/{world.network.pk}/board/?status=open").content.decode()
    assert "Open one" in page and "Done one" not in page
    response = client.post(f"/networks/ideas/{open_idea.pk}/support/vote/", {"board_status": "open"},
                           HTTP_HX_REQUEST="true")
    assert "Done one" not in response.content.decode()
    response = client.post(f"/networks/ideas/{open_idea.pk}/support/vote/", {"board_status": "open"})
    assert response["Location"].endswith("/board/?status=open#board")


def test_list_export_xlsx(client, world):
    client.force_login(world.consultant_b)
    response = client.get("/networks/?export=xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["Network One"]  # only what the user may see


def test_commitment_refuses_an_id_beyond_any_id_column(client, world):
    """A participant id beyond 64 bits overflowed the IN query (a 500 on SQLite and PostgreSQL)."""
    client.force_login(world.staff_a)
    idea = Idea.objects.create(network=world.network, text="Kit list", theme="physical", term="short", scope="sector")
    response = client.post(f"/networks/ideas/{idea.pk}/outcome/commitment/", {
        "description": "We hand out the kit list", "participants": [world.p1.pk, str(10**30)],
        "follow_up_1": "2026-06-01",
    })
    assert response.status_code == 200
    assert str(10**30) in str(response.context["form"].errors["participants"])
    assert not Commitment.objects.exists()
