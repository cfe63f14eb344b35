"""An organisation's export (ZIP contents computed by hand) and its erasure after the retention period."""

import csv
import datetime
import io
import zipfile

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils import translation

from werkbaar.actions.models import ActionPlan, DialogueMeeting, FeedbackAnswer, FeedbackRound, PlanComment, PlanItem
from werkbaar.core.models import AuditEntry, Membership, Organisation
from werkbaar.core.roles import Role
from werkbaar.networks.models import Network, Participant
from werkbaar.scans.models import Campaign, Response

pytestmark = pytest.mark.django_db
D = datetime.date


def _travel(day):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 9, 0, tzinfo=datetime.UTC), tick=False)


def _rows(archive, name):
    return list(csv.reader(io.StringIO(archive.read(name).decode())))


@pytest.fixture
def acme(company_factory, scan_factory, make_user):
    org = company_factory(name="Acme")
    admin = make_user(Role.COMPANY_ADMIN, organisation=org, username="an", first_name="An", last_name="Peeters",
                      email="an@acme.test")
    big = scan_factory(organisation=org, closed_on=D(2022, 6, 30), responses=12, name="Scan 2022")
    small = scan_factory(organisation=org, closed_on=D(2022, 3, 31), responses=3, name="Pilot")
    plan = ActionPlan.objects.create(organisation=org, title="Plan", campaign=big, created_by=admin)
    item = PlanItem.objects.create(plan=plan, title="=HYPERLINK(\"http://x\")", owner=admin)
    PlanComment.objects.create(plan=plan, author=admin, text="@SUM(1)")
    meeting = DialogueMeeting(plan=plan, held_on=D(2022, 9, 1), body="works_council", decision="approved")
    meeting.minutes.save("minutes.pdf", ContentFile(b"%PDF-minutes"), save=True)
    rnd = FeedbackRound.objects.create(item=item, opens_on=D(2022, 10, 1), closes_on=D(2022, 10, 15))
    FeedbackAnswer.objects.create(round=rnd, helped=3)
    FeedbackAnswer.objects.create(round=rnd, helped=1)
    network = Network.objects.create(title="Net", theme="Ageing", sector=org.sector, start=D(2022, 1, 1),
                                     end=D(2022, 12, 31), expectations="Come")
    Participant.objects.create(network=network, organisation=org, attendee_name="An Peeters",
                               attendee_email="an@acme.test", backup_name="Bo", backup_email="bo@acme.test")
    return {"org": org, "admin": admin, "big": big, "small": small, "meeting": meeting}


def test_export_zip_contents(acme, client):
    org, big, small = acme["org"], acme["big"], acme["small"]
    client.force_login(acme["admin"])
    response = client.post(f"/privacy/organisations/{org.pk}/export/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == sorted([
        "organisation.csv", "memberships.csv", "campaigns.csv", f"scans/campaign-{big.pk}-responses.csv",
        "action_plans.csv", "plan_actions.csv", "plan_progress_updates.csv", "plan_comments.csv",
        f"files/minutes/{acme['meeting'].pk}-minutes.pdf", "dialogue_meetings.csv", "action_feedback.csv",
        "network_participations.csv", "network_intakes.csv"])
    assert _rows(archive, "memberships.csv") == [
        ["username", "first_name", "last_name", "email", "role"], ["an", "An", "Peeters", "an@acme.test",
                                                                   "company_admin"]]
    campaigns = _rows(archive, "campaigns.csv")
    assert [r[0:2] + r[9:] for r in campaigns[1:]] == [
        [str(big.pk), "Scan 2022", "12", f"scans/campaign-{big.pk}-responses.csv"],
        [str(small.pk), "Pilot", "3", ""],  # 3 < 5: the export rule refuses the rows
    ]
    responses = archive.read(f"scans/campaign-{big.pk}-responses.csv").decode().splitlines()
    assert responses[0].startswith("# ")
    assert responses[1].split(",")[-1] == "team" and len(responses) == 2 + 12  # 6 + 6: team kept
    # formula-like text is neutralised
    assert _rows(archive, "plan_actions.csv")[1][2] == "'=HYPERLINK(\"http://x\")"
    assert _rows(archive, "plan_comments.csv")[1][3] == "'@SUM(1)"
    assert archive.read(f"files/minutes/{acme['meeting'].pk}-minutes.pdf") == b"%PDF-minutes"
    # 2 answers < 5: only the count, not how they answered
    assert _rows(archive, "action_feedback.csv")[1][4:] == ["2", "", "", ""]
    assert _rows(archive, "network_participations.csv")[1][:5] == [
        "Net", "An Peeters", "an@acme.test", "Bo", "bo@acme.test"]
    assert AuditEntry.objects.filter(action="export", object_id=str(org.pk), user=acme["admin"]).exists()


def test_export_permissions(acme, client, company_factory, make_user):
    org = acme["org"]
    url = f"/privacy/organisations/{org.pk}/export/"
    other_admin = make_user(Role.COMPANY_ADMIN, organisation=company_factory(sector=org.sector))
    client.force_login(other_admin)
    assert client.post(url).status_code == 404
    assert client.get(f"/privacy/organisations/{org.pk}/").status_code == 404
    assert client.post(f"/privacy/organisations/{org.pk}/erase/", {"name": "Acme"}).status_code == 404
    assert "Acme" not in client.get("/privacy/organisations/").content.decode()
    client.force_login(make_user(Role.UNION_DELEGATE, organisation=org))
    assert client.post(url).status_code == 403
    client.force_login(make_user(Role.SECTOR_STAFF, sector=org.sector))
    assert client.post(url).status_code == 403
    client.force_login(acme["admin"])
    assert client.get(url).status_code == 405  # a download is a POST from the page
    assert client.post(f"/privacy/organisations/{org.pk}/erase/").status_code == 403  # erasure: department
    client.force_login(make_user(Role.ACCOUNT_MANAGER))
    assert client.post(url).status_code == 200


def test_erasure_refused_until_the_retention_period_ends(acme, client, make_user):
    org = acme["org"]
    manager = make_user(Role.ACCOUNT_MANAGER)
    client.force_login(manager)
    url = f"/privacy/organisations/{org.pk}/erase/"
    # latest activity: the action plan changed today, so travel with the plan date fixed
    ActionPlan.objects.update(updated=datetime.datetime(2022, 9, 1, 10, 0, tzinfo=datetime.UTC))
    with _travel(D(2025, 12, 30)):
        response = client.post(url, {"name": "Acme"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
        assert "runs until Dec. 31, 2025" in response.content.decode()  # the network ended 31/12/2022
        assert Organisation.objects.filter(pk=org.pk).exists()
        assert "The data cannot be erased before that date." in client.get(
            f"/privacy/organisations/{org.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_erasure_after_the_retention_period(acme, client, make_user, django_capture_on_commit_callbacks):
    org, big = acme["org"], acme["big"]
    ActionPlan.objects.update(updated=datetime.datetime(2022, 9, 1, 10, 0, tzinfo=datetime.UTC))
    AuditEntry.objects.create(action="update", object_type="scans.campaign", object_id=str(big.pk),
                              object_repr="Scan 2022", root_type="scans.campaign", root_id=str(big.pk))
    minutes = acme["meeting"].minutes
    manager = make_user(Role.ACCOUNT_MANAGER)
    client.force_login(manager)
    url = f"/privacy/organisations/{org.pk}/erase/"
    with _travel(D(2025, 12, 31)):
        assert client.get(url).status_code == 200
        wrong = client.post(url, {"name": "Acme Corp"})
        assert wrong.status_code == 200 and wrong.context["form"].errors["name"]
        assert Organisation.objects.filter(pk=org.pk).exists()
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url, {"name": "Acme"}).status_code == 302
    assert not Organisation.objects.filter(pk=org.pk).exists()
    assert not Campaign.objects.filter(pk=big.pk).exists() and not Response.objects.exists()
    assert not ActionPlan.objects.exists() and not Participant.objects.exists()
    assert not Membership.objects.filter(organisation_id=org.pk).exists()
    assert not DialogueMeeting.objects.exists() and not minutes.storage.exists(minutes.name)
    entry = AuditEntry.objects.get(action="erase", object_id=str(org.pk))
    assert entry.user == manager and entry.before["name"] == "Acme"
    assert entry.note == "campaigns=2, action_plans=1, network_participations=1, memberships=1"
    assert AuditEntry.objects.filter(action="update", object_id=str(big.pk)).exists()  # the history stays
    acme["admin"].refresh_from_db()  # the person's account stays; only the membership went


def test_erasure_blocked_by_another_organisations_data_erases_nothing(acme, company_factory, make_user):
    from werkbaar.privacy.organisation import ErasureRefused, erase

    org, big = acme["org"], acme["big"]
    ActionPlan.objects.update(updated=datetime.datetime(2022, 9, 1, 10, 0, tzinfo=datetime.UTC))
    ActionPlan.objects.create(organisation=company_factory(), title="Borrowed", follow_up_campaign=big)
    with translation.override("en"), pytest.raises(ErasureRefused, match="nothing was erased"):
        erase(org, make_user(Role.ACCOUNT_MANAGER), today=D(2026, 1, 1))
    assert Organisation.objects.filter(pk=org.pk).exists() and Campaign.objects.filter(pk=big.pk).exists()
    assert ActionPlan.objects.filter(organisation=org).exists()
    assert not AuditEntry.objects.filter(action="erase").exists()


def test_the_department_sees_when_each_organisation_may_be_erased(acme, company_factory, client, make_user):
    ActionPlan.objects.update(updated=datetime.datetime(2022, 9, 1, 10, 0, tzinfo=datetime.UTC))
    company_factory(name="Idle")  # no activity: no retention period
    client.force_login(make_user(Role.ACCOUNT_MANAGER))
    with _travel(D(2025, 12, 30)):
        page = client.get("/privacy/organisations/", HTTP_ACCEPT_LANGUAGE="en")
    rows = {o.name: (o.retention_ends, o.erasable) for o in page.context["page_obj"]}
    assert rows["Acme"] == (D(2025, 12, 31), False)
    assert rows["Idle"] == (None, True)
