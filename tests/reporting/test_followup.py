"""Issue 14: the interim evaluation of the progress report, follow-up meetings and signals, their
workflows, their permissions (another sector reads and writes none of them) and the to-do lists."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from werkbaar.core.models import AuditEntry
from werkbaar.core.roles import Role
from werkbaar.core.workflow import TransitionNotAllowed
from werkbaar.reporting import followup, services
from werkbaar.reporting.followup_models import FollowUpMeeting, InterimEvaluation, Signal
from werkbaar.reporting.workflow import INTERIM_WORKFLOW, MEETING_WORKFLOW, SIGNAL_WORKFLOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def fu(covenant_factory, make_user, sector_factory, complete):
    year = date.today().year  # a term that runs today: its interim evaluation belongs on the to-do list
    covenant = covenant_factory(priorities=3, start=date(year - 1, 1, 1), end=date(year + 1, 12, 31))
    other = covenant_factory(sector=sector_factory("other"), code="OTHER-2021", priorities=1)
    progress = next(r for r in services.ensure_reports(covenant) if r.kind == "progress")
    consultant = make_user(Role.CONSULTANT, sector=covenant.sector)
    progress.content = complete(progress)
    progress.save()
    services.apply_transition(progress, "submit", consultant)
    return {"covenant": covenant, "progress": progress, "consultant": consultant,
            "staff": make_user(Role.SECTOR_STAFF, sector=covenant.sector),
            "department": make_user(Role.ACCOUNT_MANAGER), "other": other,
            "stranger": make_user(Role.SECTOR_STAFF, sector=other.sector),
            "priorities": list(covenant.priorities.all())}


def _post_interim(client, fu, outlooks, remarks=None):
    data = {"summary": "Good start."}
    for n, p in enumerate(fu["priorities"]):
        if outlooks[n]:
            data[f"outlook_{p.pk}"] = outlooks[n]
        data[f"remark_{p.pk}"] = (remarks or {}).get(n, "")
    return client.post(f"/reporting/{fu['progress'].pk}/interim/", data)


def _shared(fu, outlooks=("on_track", "at_risk", "off_track")):
    lines = [{"priority": p, "outlook": o, "remark": "" if o == "on_track" else "No network started yet."}
             for p, o in zip(fu["priorities"], outlooks, strict=True)]
    interim = followup.save_interim(fu["progress"], fu["department"], lines, "Summary.")
    INTERIM_WORKFLOW.apply(interim, "share", fu["department"], root=fu["covenant"])
    return interim


def test_the_department_evaluates_the_progress_report_per_priority(fu, client):
    client.force_login(fu["department"])
    response = _post_interim(client, fu, ["on_track", "at_risk", "off_track"],
                             {1: "Fewer employers than planned.", 2: "No learning network started yet."})
    assert response.status_code == 302
    interim = InterimEvaluation.objects.get()
    assert interim.status == "draft" and interim.summary == "Good start."
    assert [(ln.priority.code, ln.outlook) for ln in interim.lines.all()] == [
        ("P1", "on_track"), ("P2", "at_risk"), ("P3", "off_track")]
    assert AuditEntry.objects.filter(object_type="reporting.interimevaluation", action="create").exists()


def test_at_risk_without_a_reason_is_refused_per_priority_in_dutch_and_french(fu, client):
    client.force_login(fu["department"])
    with translation.override("nl"):
        client.cookies["django_language"] = "nl"
        response = _post_interim(client, fu, ["on_track", "at_risk", None], {1: "late"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Leg in een zin uit waarom deze prioriteit in gevaar is." in html
    assert "Kies op schema, in gevaar of niet op schema." in html
    client.cookies["django_language"] = "fr"
    html = _post_interim(client, fu, ["off_track", "on_track", "on_track"]).content.decode()
    assert "Expliquez en une phrase pourquoi cette priorité n’est pas sur la bonne voie." in html
    assert InterimEvaluation.objects.count() == 0  # nothing saved half-way


def test_sharing_needs_every_priority_and_the_sector_marks_it_read(fu):
    interim = followup.save_interim(fu["progress"], fu["department"], [
        {"priority": fu["priorities"][0], "outlook": "on_track", "remark": ""}])
    with pytest.raises(TransitionNotAllowed) as exc, translation.override("en"):
        INTERIM_WORKFLOW.apply(interim, "share", fu["department"])
    assert "P2 has not been assessed yet." in str(exc.value) and "P3" in str(exc.value)
    with pytest.raises(TransitionNotAllowed):
        INTERIM_WORKFLOW.apply(interim, "share", fu["consultant"])  # only the department shares
    interim = _shared(fu)
    with pytest.raises(followup.FollowUpError):  # shared: no longer changed
        followup.save_interim(fu["progress"], fu["department"], [])
    with pytest.raises(TransitionNotAllowed):
        INTERIM_WORKFLOW.apply(interim, "mark_read", fu["stranger"])
    INTERIM_WORKFLOW.apply(interim, "mark_read", fu["consultant"])
    assert InterimEvaluation.objects.get().status == "read"


def test_a_draft_is_the_departments_and_another_sector_sees_nothing(fu, client):
    followup.save_interim(fu["progress"], fu["department"], [
        {"priority": p, "outlook": "on_track", "remark": ""} for p in fu["priorities"]])
    url = f"/reporting/{fu['progress'].pk}/interim/"
    client.force_login(fu["consultant"])
    assert client.get(url).status_code == 404  # a draft is not shown to the sector
    assert _post_interim(client, fu, ["off_track"] * 3, {0: "a b c", 1: "a b c", 2: "a b c"}).status_code == 404
    assert client.post(f"{url}step/share/").status_code == 404
    interim = InterimEvaluation.objects.get()
    INTERIM_WORKFLOW.apply(interim, "share", fu["department"])
    html = client.get(url).content.decode()
    assert "Op schema" in html and "Markeren als gelezen" in html
    assert _post_interim(client, fu, ["off_track"] * 3, {0: "a b c", 1: "a b c", 2: "a b c"}).status_code == 403
    client.force_login(fu["stranger"])
    for method, target in [("get", url), ("post", f"{url}step/mark_read/"),
                           ("get", f"/reporting/covenant/{fu['covenant'].code}/follow-up/")]:
        assert getattr(client, method)(target).status_code == 404
    assert InterimEvaluation.objects.get().status == "shared"
    assert set(InterimEvaluation.objects.get().lines.values_list("outlook", flat=True)) == {"on_track"}


def test_off_track_priorities_come_from_the_shared_evaluation_only(fu):
    assert followup.off_track_priorities(fu["covenant"]) == []
    followup.save_interim(fu["progress"], fu["department"], [
        {"priority": p, "outlook": "off_track", "remark": "Nothing happened at all."} for p in fu["priorities"]])
    assert followup.off_track_priorities(fu["covenant"]) == []  # a draft is not a finding
    InterimEvaluation.objects.all().delete()
    _shared(fu)
    found = followup.off_track_priorities(fu["covenant"])
    assert [(o.priority.code, o.remark) for o in found] == [("P3", "No network started yet.")]
    assert found[0].assessed_on == timezone.localdate()
    assert followup.off_track_priorities(fu["other"]) == []


def test_meetings_are_planned_held_with_minutes_or_cancelled_with_a_reason(fu, client):
    client.force_login(fu["department"])
    day = timezone.localdate() + timedelta(days=10)
    response = client.post(f"/reporting/covenant/{fu['covenant'].code}/meetings/new/", {
        "kind": "sounding_board", "date": day.isoformat(), "participants": "An Peeters\n\nJan Janssens\n"})
    meeting = FollowUpMeeting.objects.get()
    assert response.status_code == 302 and meeting.participants == ["An Peeters", "Jan Janssens"]
    with pytest.raises(TransitionNotAllowed) as exc, translation.override("en"):
        MEETING_WORKFLOW.apply(meeting, "hold", fu["department"])
    assert str(exc.value) == "Add the minutes (a text or a file) before recording the meeting as held."
    response = client.post(f"/reporting/meetings/{meeting.pk}/", {
        "participants": "An Peeters", "minutes": "",
        "minutes_file": SimpleUploadedFile("verslag.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")})
    assert response.status_code == 302
    assert client.post(f"/reporting/meetings/{meeting.pk}/step/hold/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "held" and meeting.minutes_file.name.endswith(".pdf")
    assert client.get(f"/reporting/meetings/{meeting.pk}/minutes/").status_code == 200
    second = followup.plan_meeting(fu["covenant"], fu["department"], kind="intervision", date=day, participants=[])
    client.post(f"/reporting/meetings/{second.pk}/step/cancel/", {"note": ""})
    assert FollowUpMeeting.objects.get(pk=second.pk).status == "planned"  # a cancellation needs a reason
    client.post(f"/reporting/meetings/{second.pk}/step/cancel/", {"note": "The sector asked to postpone."})
    assert FollowUpMeeting.objects.get(pk=second.pk).status == "cancelled"


def test_bad_meeting_input_is_refused_with_a_specific_message(fu, client):
    client.force_login(fu["department"])
    client.cookies["django_language"] = "nl"
    url = f"/reporting/covenant/{fu['covenant'].code}/meetings/new/"
    html = client.post(url, {"kind": "dinner", "date": "1899-01-01", "participants": "x" * 300,
                             "minutes_file": SimpleUploadedFile("evil.html", b"<script>")}).content.decode()
    assert "Geef een datum tussen 2000 en 2100." in html
    assert "langer dan 200 tekens" in html
    assert "Laad een document, rekenblad" in html
    client.cookies["django_language"] = "fr"
    html = client.post(url, {"kind": "intervision", "date": "2026-02-30"}).content.decode()
    assert "Saisissez une date valide." in html
    assert FollowUpMeeting.objects.count() == 0


def test_another_sector_can_neither_read_nor_write_meetings(fu, client):
    meeting = followup.plan_meeting(fu["covenant"], fu["department"], kind="intervision",
                                    date=timezone.localdate(), participants=["An"], minutes="Secret minutes.")
    client.force_login(fu["stranger"])
    assert client.get(f"/reporting/meetings/{meeting.pk}/").status_code == 404
    assert client.post(f"/reporting/meetings/{meeting.pk}/", {"minutes": "Changed."}).status_code == 404
    assert client.post(f"/reporting/meetings/{meeting.pk}/step/cancel/", {"note": "x"}).status_code == 404
    assert client.get(f"/reporting/covenant/{fu['covenant'].code}/meetings/new/").status_code == 404
    client.force_login(fu["consultant"])  # the own sector reads, but does not write
    assert "Secret minutes." in client.get(f"/reporting/meetings/{meeting.pk}/").content.decode()
    assert client.post(f"/reporting/meetings/{meeting.pk}/", {"minutes": "Changed."}).status_code == 403
    assert client.post(f"/reporting/meetings/{meeting.pk}/step/cancel/", {"note": "x"}).status_code == 403
    assert client.post(f"/reporting/covenant/{fu['covenant'].code}/meetings/new/", {}).status_code == 403
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.status) == ("Secret minutes.", "planned")


def test_signals_are_logged_closed_and_reopened_by_the_department_only(fu, client):
    client.force_login(fu["department"])
    today = timezone.localdate()
    response = client.post("/reporting/signals/new/", {
        "sector": fu["covenant"].sector_id, "date": today.isoformat(), "kind": "concern", "severity": "high",
        "note": "Two consultants left in one month."})
    signal = Signal.objects.get()
    assert response.status_code == 302 and signal.status == "open"
    client.post(f"/reporting/signals/{signal.pk}/step/close/", {"note": ""})
    assert Signal.objects.get().status == "open"
    client.post(f"/reporting/signals/{signal.pk}/step/close/", {"note": "Replacements hired."})
    assert Signal.objects.get().status == "closed"
    with pytest.raises(TransitionNotAllowed):
        SIGNAL_WORKFLOW.apply(Signal.objects.get(), "close", fu["department"], note="again")
    client.cookies["django_language"] = "fr"
    html = client.post("/reporting/signals/new/", {
        "sector": fu["covenant"].sector_id, "date": (today + timedelta(days=1)).isoformat(), "kind": "event",
        "severity": "low", "note": "x"}).content.decode()
    assert "Un signal est daté d’aujourd’hui ou d’avant." in html
    for user in (fu["consultant"], fu["stranger"]):
        client.force_login(user)
        assert client.get("/reporting/signals/").status_code == 403
        assert client.post("/reporting/signals/new/", {"sector": fu["other"].sector_id, "date": today.isoformat(),
                                                       "kind": "event", "severity": "low",
                                                       "note": "x"}).status_code == 403
        assert client.post(f"/reporting/signals/{signal.pk}/step/reopen/", {"note": "x"}).status_code == 403
        assert "Two consultants" not in client.get(
            f"/reporting/covenant/{fu['covenant'].code}/follow-up/").content.decode()
    assert Signal.objects.count() == 1 and Signal.objects.get().status == "closed"


def test_the_to_do_lists_carry_the_follow_up(fu, client):
    today = timezone.localdate()
    followup.plan_meeting(fu["covenant"], fu["department"], kind="intervision", date=today + timedelta(days=5),
                          participants=[])
    followup.plan_meeting(fu["covenant"], fu["department"], kind="sounding_board",
                          date=today + timedelta(days=60), participants=[])
    followup.log_signal(fu["covenant"].sector, fu["department"], date=today, kind="event", severity="medium",
                        note="A merger of two sector funds.")
    client.cookies["django_language"] = "en"
    client.force_login(fu["department"])
    todo = client.get("/reporting/todo/").content.decode()
    assert "Interim evaluation to do" in todo and f"/reporting/{fu['progress'].pk}/interim/" in todo
    assert "Meeting coming up: Intervision" in todo and "Sounding board" not in todo  # 60 days is not soon
    assert "Open signal (medium)" in todo
    client.force_login(fu["consultant"])
    todo = client.get("/reporting/todo/").content.decode()
    assert "Meeting coming up: Intervision" in todo
    assert "Interim evaluation to read" not in todo and "Open signal" not in todo
    _shared(fu)
    todo = client.get("/reporting/todo/").content.decode()
    assert "Interim evaluation to read" in todo
    client.force_login(fu["department"])
    assert "Interim evaluation to do" not in client.get("/reporting/todo/").content.decode()
    client.force_login(fu["stranger"])
    todo = client.get("/reporting/todo/").content.decode()
    assert "Intervision" not in todo and "Interim evaluation" not in todo
    INTERIM_WORKFLOW.apply(InterimEvaluation.objects.get(), "mark_read", fu["consultant"])
    client.force_login(fu["consultant"])
    assert "Interim evaluation to read" not in client.get("/reporting/todo/").content.decode()


def test_an_ended_covenants_interim_evaluation_leaves_the_to_do_list(fu):
    after = fu["covenant"].end + timedelta(days=1)
    with translation.override("en"):
        assert "Interim evaluation to do" in [i["what"] for i in followup.todo_items(fu["department"], fu["covenant"].end)]
        assert "Interim evaluation to do" not in [i["what"] for i in followup.todo_items(fu["department"], after)]


def test_past_planned_meetings_ask_the_department_for_minutes(fu):
    followup.plan_meeting(fu["covenant"], fu["department"], kind="intervision", date=date(2025, 1, 10),
                          participants=[])
    with translation.override("en"):
        items = followup.todo_items(fu["department"], date(2025, 1, 11))
        assert [i["what"] for i in items if "minutes" in i["what"]] == ["Record the minutes of the meeting"]
        assert not [i for i in followup.todo_items(fu["consultant"], date(2025, 1, 11)) if "minutes" in i["what"]]


def test_the_home_pages_carry_the_follow_up_panel(fu, client):
    followup.plan_meeting(fu["covenant"], fu["department"], kind="intervision",
                          date=timezone.localdate() + timedelta(days=3), participants=[])
    client.cookies["django_language"] = "en"
    client.force_login(fu["department"])
    home = client.get("/").content.decode()
    assert "Interim evaluation to do" in home and f"/reporting/{fu['progress'].pk}/interim/" in home
    assert "Meeting coming up: Intervision" in home
    client.force_login(fu["consultant"])
    home = client.get("/").content.decode()
    assert "Meeting coming up: Intervision" in home and "Interim evaluation to do" not in home
    client.force_login(fu["stranger"])
    assert "Intervision" not in client.get("/").content.decode()


def test_the_report_page_links_the_interim_evaluation_once_the_sector_may_read_it(fu, client):
    url, link = f"/reporting/{fu['progress'].pk}/", f"/reporting/{fu['progress'].pk}/interim/"
    client.force_login(fu["department"])
    assert link in client.get(url).content.decode()  # to do
    followup.save_interim(fu["progress"], fu["department"], [
        {"priority": p, "outlook": "on_track", "remark": ""} for p in fu["priorities"]])
    client.force_login(fu["consultant"])
    assert link not in client.get(url).content.decode()  # a draft
    INTERIM_WORKFLOW.apply(InterimEvaluation.objects.get(), "share", fu["department"])
    assert link in client.get(url).content.decode()


def test_a_report_not_handed_in_cannot_be_evaluated_yet(covenant_factory, make_user, client):
    covenant = covenant_factory(priorities=1)
    progress = next(r for r in services.ensure_reports(covenant) if r.kind == "progress")
    department = make_user(Role.ACCOUNT_MANAGER)
    client.force_login(department)
    client.cookies["django_language"] = "nl"
    html = client.get(f"/reporting/{progress.pk}/interim/").content.decode()
    assert "zodra de sector zijn voortgangsrapport heeft ingediend" in html
    assert client.post(f"/reporting/{progress.pk}/interim/", {}).status_code == 403
    with pytest.raises(followup.FollowUpError):
        followup.save_interim(progress, department, [])
    assert InterimEvaluation.objects.count() == 0
