"""Action plans: permissions (delegate reads and comments, cannot edit; another company sees nothing),
workflow in social dialogue, suggestions and evaluation pages, exports, minutes upload."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from werkbaar.actions.models import ActionPlan, DialogueMeeting, PlanComment, PlanItem, PlanStatus
from werkbaar.core.roles import Role

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"actions:{name}", args=args)


@pytest.fixture
def other_admin(make_user, company_factory, company):
    return make_user(Role.COMPANY_ADMIN, organisation=company_factory(sector=company.sector))


def test_delegate_reads_and_comments_but_cannot_edit(client, plan, delegate):
    client.force_login(delegate)
    page = client.get(url("plan_detail", plan.pk))
    assert page.status_code == 200
    assert "Plan 2026" in page.text
    assert url("item_add", plan.pk) not in page.text
    for name in ("plan_suggestions", "plan_evaluation", "plan_history"):
        assert client.get(url(name, plan.pk)).status_code == 200
    assert client.get(url("plan_export", plan.pk, "xlsx")).status_code == 200
    response = client.post(url("comment_add", plan.pk), {"text": "Graag ook team Zuid betrekken."})
    assert response.status_code == 302
    assert PlanComment.objects.get(plan=plan).author == delegate
    item = plan.items.get()
    forbidden = [
        ("get", url("item_add", plan.pk), {}),
        ("post", url("item_add", plan.pk), {"title": "x", "status": "planned"}),
        ("post", url("item_edit", plan.pk, item.pk), {"title": "changed", "status": "planned"}),
        ("post", url("item_delete", plan.pk, item.pk), {"confirmed": "1"}),
        ("post", url("item_progress", plan.pk, item.pk), {"text": "x"}),
        ("post", url("meeting_add", plan.pk), {"held_on": "2026-01-01", "body": "works_council", "decision": "approved"}),
        ("post", url("plan_edit", plan.pk), {"title": "changed"}),
        ("post", url("plan_transition", plan.pk, "discuss"), {}),
    ]
    for method, target, data in forbidden:
        assert getattr(client, method)(target, data).status_code == 403, target
    item.refresh_from_db()
    plan.refresh_from_db()
    assert item.title != "changed" and plan.title == "Plan 2026" and plan.status == PlanStatus.DRAFT
    assert not DialogueMeeting.objects.exists() and not item.updates.exists()


def test_another_company_sees_nothing(client, plan, other_admin):
    client.force_login(other_admin)
    for name in ("plan_detail", "plan_suggestions", "plan_evaluation", "plan_history", "plan_edit"):
        assert client.get(url(name, plan.pk)).status_code == 404, name
    assert client.get(url("plan_export", plan.pk, "pdf")).status_code == 404
    assert client.post(url("comment_add", plan.pk), {"text": "x"}).status_code == 404
    assert "Plan 2026" not in client.get(url("plans")).text


def test_anonymous_is_sent_to_login(client, plan):
    response = client.get(url("plan_detail", plan.pk))
    assert response.status_code == 302 and "/login/" in response.url


def test_admin_creates_plan_and_adds_suggested_action_with_finding(client, company, admin_user,
                                                                   closed_campaign_factory, menu):
    campaign = closed_campaign_factory(company, worse={"physical_conditions": 0.8, "dc_physical": 0.8})
    client.force_login(admin_user)
    response = client.post(url("plan_create"), {"organisation": company.pk, "title": "Mijn plan",
                                                "campaign": campaign.pk})
    plan = ActionPlan.objects.get(title="Mijn plan")
    assert response.status_code == 302 and plan.organisation == company
    page = client.get(url("plan_suggestions", plan.pk))
    assert page.status_code == 200
    suggestions = page.context["suggestions"]
    assert suggestions and {"physical_conditions", "dc_physical"} & set(suggestions[0].indicators)
    assert "%" in suggestions[0].reasons[0]
    assert "Mini" not in page.text  # the team of 2 is suppressed and never named
    first = suggestions[0].action
    form = client.post(url("item_add", plan.pk), {"from_action": first.pk})
    assert form.status_code == 200 and "%" in form.context["form"].initial["finding"]
    data = {"title": first.title_nl, "action": first.pk, "finding": form.context["form"].initial["finding"],
            "goal": "Minder klachten", "owner": admin_user.pk, "deadline": "2027-03-01", "budget": "1500",
            "status": "planned", "indicator_tags": first.indicator_list}
    assert client.post(url("item_add", plan.pk), data).status_code == 302
    item = PlanItem.objects.get(plan=plan)
    assert item.action == first and item.budget == 1500 and item.indicator_list == first.indicator_list


def test_menu_detail_offers_the_users_plans(client, plan, admin_user, delegate, menu):
    action = menu.get(key="shift-work-rules")
    client.force_login(admin_user)
    page = client.get(reverse("actions:menu_detail", args=[action.pk]))
    assert f"{url('item_add', plan.pk)}?action={action.pk}" in page.text
    form = client.get(url("item_add", plan.pk), {"action": action.pk}).context["form"]
    assert form.initial["action"] == action.pk and form.initial["title"] == action.title()
    client.force_login(delegate)
    assert url("item_add", plan.pk) not in client.get(reverse("actions:menu_detail", args=[action.pk])).text


def test_item_edit_is_audited_with_before_and_after(client, plan, admin_user):
    from werkbaar.core.audit import history_for

    client.force_login(admin_user)
    item = plan.items.get()
    data = {"title": "Nieuwe titel", "status": "planned", "owner": admin_user.pk, "indicator_tags": ["workload"]}
    assert client.post(url("item_edit", plan.pk, item.pk), data).status_code == 302
    entry = history_for(plan).first()
    assert ("title", "Voorzie ergonomisch materiaal", "Nieuwe titel") in entry.changes()


def test_bad_item_input_saves_nothing(client, plan, admin_user):
    client.force_login(admin_user)
    response = client.post(url("item_add", plan.pk), {"title": "", "status": "done", "budget": "-5"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert plan.items.count() == 1


def test_workflow_through_social_dialogue(client, plan, admin_user, closed_campaign_factory):
    client.force_login(admin_user)
    client.post(url("plan_transition", plan.pk, "discuss"))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT  # no meeting recorded yet
    minutes = SimpleUploadedFile("pv.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    response = client.post(url("meeting_add", plan.pk), {
        "held_on": "2026-10-01", "body": "works_council", "decision": "amend", "minutes": minutes})
    assert response.status_code == 302
    client.post(url("plan_transition", plan.pk, "discuss"))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DISCUSSED
    client.post(url("plan_transition", plan.pk, "approve"))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DISCUSSED  # the meeting asked for changes
    client.post(url("meeting_add", plan.pk), {"held_on": "2026-10-15", "body": "union_delegation",
                                              "decision": "approved"})
    client.post(url("plan_transition", plan.pk, "approve"))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.approved_on == timezone.localdate()
    client.post(url("plan_transition", plan.pk, "start"))
    client.post(url("plan_transition", plan.pk, "evaluate"))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_PROGRESS  # no follow-up campaign yet
    meeting = plan.meetings.exclude(minutes="").get()
    download = client.get(url("meeting_minutes", plan.pk, meeting.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    follow_up = closed_campaign_factory(plan.organisation, days_ago=1, seed=7, name="Scan 2",
                                        worse={"physical_conditions": 0.2, "dc_physical": 0.2})
    plan.follow_up_campaign = follow_up
    plan.save()
    client.post(url("plan_transition", plan.pk, "evaluate"))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.EVALUATED
    page = client.get(url("plan_evaluation", plan.pk))
    lines = page.context["evaluation"]["rows"][0]["lines"]
    physical = next(line for line in lines if line["scale"] == "physical_conditions")
    assert physical["after"] < physical["before"] and physical["outcome"] == "improved"
    history = [e.action for e in client.get(url("plan_history", plan.pk)).context["entries"]]
    assert "transition:approve" in history and "transition:evaluate" in history


def test_minutes_of_another_company_are_refused(client, plan, admin_user, other_admin):
    client.force_login(admin_user)
    client.post(url("meeting_add", plan.pk), {
        "held_on": "2026-10-01", "body": "works_council", "decision": "approved",
        "minutes": SimpleUploadedFile("pv.txt", b"minutes", content_type="text/plain")})
    meeting = plan.meetings.get()
    client.force_login(other_admin)
    assert client.get(url("meeting_minutes", plan.pk, meeting.pk)).status_code == 404


def test_minutes_must_be_a_document(client, plan, admin_user):
    client.force_login(admin_user)
    response = client.post(url("meeting_add", plan.pk), {
        "held_on": "2026-10-01", "body": "works_council", "decision": "approved",
        "minutes": SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")})
    assert response.status_code == 200 and not DialogueMeeting.objects.exists()


def test_exports(client, plan, admin_user):
    client.force_login(admin_user)
    xlsx = client.get(url("plan_export", plan.pk, "xlsx"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "Plan 2026" in values and "Voorzie ergonomisch materiaal" in values
    pdf = client.get(url("plan_export", plan.pk, "pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_progress_update_moves_item_in_progress(client, plan, admin_user):
    client.force_login(admin_user)
    item = plan.items.get()
    client.post(url("item_progress", plan.pk, item.pk), {"text": "Materiaal besteld", "percent": "40"})
    item.refresh_from_db()
    assert item.status == "in_progress" and item.latest_progress() == 40
    client.post(url("item_progress", plan.pk, item.pk), {"text": "x", "percent": "140"})
    assert item.updates.count() == 1


def test_sector_staff_edit_and_consultant_reads(client, plan, make_user):
    staff = make_user(Role.SECTOR_STAFF, sector=plan.organisation.sector)
    consultant = make_user(Role.CONSULTANT, sector=plan.organisation.sector)
    client.force_login(staff)
    assert client.get(url("item_add", plan.pk)).status_code == 200
    client.force_login(consultant)
    assert client.get(url("plan_detail", plan.pk)).status_code == 200
    assert client.get(url("item_add", plan.pk)).status_code == 403


def test_follow_up_must_be_later(client, plan, admin_user):
    client.force_login(admin_user)
    response = client.post(url("plan_edit", plan.pk), {"title": "Plan 2026", "campaign": plan.campaign.pk,
                                                       "follow_up_campaign": plan.campaign.pk})
    assert response.status_code == 200 and "follow_up_campaign" in response.context["form"].errors


def test_deadline_reminders_are_sent_once(plan, admin_user, mailoutbox):
    from django.core.management import call_command

    admin_user.email = "owner@example.org"
    admin_user.save()
    item = plan.items.get()
    item.deadline = timezone.localdate() + datetime.timedelta(days=5)
    item.save()
    call_command("action-reminders")
    call_command("action-reminders")
    assert len(mailoutbox) == 1 and item.title in mailoutbox[0].subject
    later = (timezone.localdate() + datetime.timedelta(days=6)).isoformat()
    call_command("action-reminders", "--date", later)
    assert len(mailoutbox) == 2  # overdue is a new reminder
    call_command("action-reminders", "--date", later)
    assert len(mailoutbox) == 2
