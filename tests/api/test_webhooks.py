"""Webhooks: events from the workflow's transitions (after commit, never for a rollback), signed
deliveries to a local receiving server, retries with back-off by the worker and the delivery log,
payloads without content, and the address check against server-side request forgery."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from werkbaar.api import tasks, webhooks
from werkbaar.api.models import Delivery, Webhook
from werkbaar.core.models import Organisation
from werkbaar.core.roles import Role
from werkbaar.reporting import services

pytestmark = pytest.mark.django_db
SECRET = "s3cret-for-tests"


def verify(secret: str, headers, body: bytes, tolerance: int = 300) -> bool:
    """The receiver's check, as in docs/api.md."""
    import time

    timestamp = headers["X-Werkbaar-Timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers["X-Werkbaar-Signature"])


@pytest.fixture
def receiver():
    """A local HTTP server that records each POST and answers the next status of ``answers`` (then 200)."""
    received, answers = [], []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.path, dict(self.headers), body))
            status = answers.pop(0) if answers else 200
            self.send_response(status)
            if status == 302:
                self.send_header("Location", "/elsewhere")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}/hook"
    server.received, server.answers = received, answers
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def local(settings):
    settings.WERKBAAR_WEBHOOKS_ALLOW_HTTP = True
    settings.WERKBAAR_WEBHOOKS_ALLOW_PRIVATE = True


@pytest.fixture
def world(covenant_factory, make_user, company_factory, complete):
    covenant = covenant_factory()
    report = next(r for r in services.ensure_reports(covenant) if r.kind == "progress")
    report.content = complete(report)
    report.save()
    fund = company_factory(sector=covenant.sector, kind=Organisation.Kind.SECTOR_FUND)
    w = type("World", (), {})()
    w.covenant, w.report, w.fund = covenant, report, fund
    w.staff = make_user(Role.SECTOR_STAFF, sector=covenant.sector)
    w.other_fund = company_factory(kind=Organisation.Kind.SECTOR_FUND)
    return w


def submit(world, capture):
    with capture(execute=True):
        services.apply_transition(world.report, "submit", world.staff)


def make_hook(organisation, url, events=("report.submitted",)):
    return Webhook.objects.create(organisation=organisation, url=url, events=list(events), secret=SECRET)


def retry_now():
    DBTaskResult.objects.update(run_after=timezone.now())


def test_a_submitted_report_is_delivered_signed_with_ids_states_and_links_only(
        world, receiver, local, run_tasks, django_capture_on_commit_callbacks):
    hook = make_hook(world.fund, receiver.url)
    make_hook(world.fund, receiver.url + "/approved-only", events=["report.approved"])
    make_hook(world.other_fund, receiver.url + "/other-sector")
    submit(world, django_capture_on_commit_callbacks)
    assert run_tasks() == 1
    [(path, headers, body)] = receiver.received
    assert path == "/hook" and verify(SECRET, headers, body)
    assert not verify("another secret", headers, body)
    assert not verify(SECRET, headers, body.replace(b"submitted", b"approved"))
    payload = json.loads(body)
    assert payload["event"] == headers["X-Werkbaar-Event"] == "report.submitted"
    url = payload["data"].pop("url")
    assert payload["data"] == {"type": "report", "id": world.report.pk, "covenant": world.covenant.code,
                               "kind": "progress", "status": "submitted"}
    assert url.startswith("http") and url.endswith(f"/reporting/{world.report.pk}/")
    assert "content" not in body.decode() and "Text for" not in body.decode()
    delivery = Delivery.objects.get()
    assert (delivery.webhook, delivery.status, delivery.response_code, delivery.attempts) == (
        hook, Delivery.Status.DELIVERED, 200, 1)


def test_a_rolled_back_step_sends_nothing(world, local, django_capture_on_commit_callbacks):
    make_hook(world.fund, "http://127.0.0.1:9/hook")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.apply_transition(world.report, "submit", world.staff)
            raise RuntimeError("the surrounding work failed")
    assert callbacks == [] and not Delivery.objects.exists()


def test_a_failing_receiver_is_retried_with_back_off_and_logged(
        world, receiver, local, run_tasks, django_capture_on_commit_callbacks):
    make_hook(world.fund, receiver.url)
    receiver.answers.extend([500, 503])
    submit(world, django_capture_on_commit_callbacks)
    before = timezone.now()
    run_tasks()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.response_code, delivery.attempts) == (Delivery.Status.PENDING, 500, 1)
    queued = DBTaskResult.objects.get()
    assert queued.run_after >= before + webhooks_backoff(1)  # waits before the next attempt
    assert run_tasks() == 0  # not yet
    retry_now()
    run_tasks()
    delivery.refresh_from_db()
    assert (delivery.response_code, delivery.attempts) == (503, 2)
    retry_now()
    run_tasks()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_code, delivery.attempts) == (Delivery.Status.DELIVERED, 200, 3)
    assert len(receiver.received) == 3
    bodies = {body for _path, _headers, body in receiver.received}
    assert len(bodies) == 1  # the same delivery (same id) each time: receivers can deduplicate


def webhooks_backoff(attempt):
    from werkbaar.background.policy import retry_delay

    return retry_delay(attempt, tasks.BACKOFF)


def test_a_delivery_that_keeps_failing_is_marked_failed_after_the_last_attempt(
        world, receiver, local, run_tasks, django_capture_on_commit_callbacks):
    make_hook(world.fund, receiver.url)
    receiver.answers.extend([500] * tasks.ATTEMPTS)
    submit(world, django_capture_on_commit_callbacks)
    for _ in range(tasks.ATTEMPTS + 1):
        retry_now()
        run_tasks()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, tasks.ATTEMPTS)
    assert len(receiver.received) == tasks.ATTEMPTS


def test_a_redirect_is_not_followed(world, receiver, local, run_tasks, django_capture_on_commit_callbacks):
    make_hook(world.fund, receiver.url)
    receiver.answers.append(302)
    submit(world, django_capture_on_commit_callbacks)
    run_tasks()
    assert [p for p, _h, _b in receiver.received] == ["/hook"]
    assert Delivery.objects.get().response_code == 302


@pytest.mark.parametrize("url", [
    "http://example.org/hook",  # not https
    "https://127.0.0.1/hook", "https://localhost/hook", "https://10.0.0.8/hook", "https://192.168.1.1/hook",
    "https://169.254.169.254/latest/meta-data", "https://[::1]/hook", "https://0.0.0.0/hook",
    "ftp://example.org/hook",
])
def test_unsafe_addresses_are_refused(url):
    with pytest.raises(webhooks.UnsafeURL):
        webhooks.check_url(url)


def test_a_public_https_address_is_accepted():
    webhooks.check_url("https://93.184.216.34/hook")


def test_a_saved_address_is_checked_again_before_each_delivery(
        world, receiver, settings, run_tasks, django_capture_on_commit_callbacks):
    make_hook(world.fund, receiver.url)  # saved while allowed (say the name resolved elsewhere then)
    settings.WERKBAAR_WEBHOOKS_ALLOW_HTTP = True
    submit(world, django_capture_on_commit_callbacks)
    with translation.override("en"):
        run_tasks()
    assert receiver.received == []
    delivery = Delivery.objects.get()
    assert delivery.response_code is None and "private" in delivery.error


def test_the_webhook_pages(client, world, receiver, local, make_user, run_tasks, django_capture_on_commit_callbacks,
                           settings):
    admin = make_user(Role.COMPANY_ADMIN, organisation=world.fund)
    client.force_login(admin)
    response = client.post("/account/api/webhooks/", {"organisation": world.fund.pk, "url": receiver.url,
                                                      "events": ["report.submitted"]})
    assert response.status_code == 200 and response.context["secret"]
    hook = Webhook.objects.get()
    assert hook.secret == response.context["secret"]
    submit(world, django_capture_on_commit_callbacks)
    run_tasks()
    page = client.get(f"/account/api/webhooks/{hook.pk}/")
    assert page.status_code == 200 and "200" in page.content.decode()
    # Another organisation's admin sees neither the webhook nor its deliveries.
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=world.other_fund))
    assert client.get(f"/account/api/webhooks/{hook.pk}/").status_code == 404
    assert client.post(f"/account/api/webhooks/{hook.pk}/delete/").status_code == 404
    # ... nor may register one for it.
    response = client.post("/account/api/webhooks/", {"organisation": world.fund.pk, "url": "https://93.184.216.34/",
                                                      "events": ["report.submitted"]})
    assert "organisation" in response.context["form"].errors
    settings.WERKBAAR_WEBHOOKS_ALLOW_PRIVATE = False
    client.force_login(admin)
    response = client.post("/account/api/webhooks/", {"organisation": world.fund.pk, "url": "https://10.1.2.3/",
                                                      "events": ["report.submitted"]})
    assert "url" in response.context["form"].errors and Webhook.objects.count() == 1
    assert client.post(f"/account/api/webhooks/{hook.pk}/delete/").status_code == 302
    assert not Webhook.objects.exists()


@pytest.mark.parametrize("step, event, kind", [
    ("fund_application:approve", "fund_application.decided", "fund_application"),
    ("fund_application:refuse", "fund_application.decided", "fund_application"),
    ("fund_application:pay", "payment.approved", "fund_application"),
    ("scan campaign:close_due", "campaign.closed", "scan_campaign"),
])
def test_fund_and_scan_steps_go_to_the_applicant_or_the_campaign_organisation(world, company_factory, step, event,
                                                                                kind):
    from types import SimpleNamespace

    company = company_factory(sector=world.covenant.sector)
    make_hook(company, "https://93.184.216.34/hook", events=[event])
    make_hook(world.fund, "https://93.184.216.34/fund", events=[event])  # same sector, not the applicant
    subject = SimpleNamespace(pk=7, status="decided", organisation_id=company.pk, call_id=3)
    webhooks.on_transition(None, event=step, obj=subject)
    [delivery] = Delivery.objects.all()
    assert delivery.webhook.organisation == company and delivery.event == event
    assert delivery.payload["data"]["type"] == kind and delivery.payload["data"]["id"] == 7
    assert set(delivery.payload["data"]) <= {"type", "id", "call", "status", "url"}


def test_steps_without_an_event_send_nothing(world):
    make_hook(world.fund, "https://93.184.216.34/hook", events=[e for e, _label in Delivery._meta.get_field(
        "event").choices])
    webhooks.on_transition(None, event="report:start_review", obj=world.report)
    assert not Delivery.objects.exists()


def test_the_report_lifecycle_and_its_evaluation_emit_their_events(world, make_user, complete,
                                                                   django_capture_on_commit_callbacks):
    from decimal import Decimal

    department = make_user(Role.ACCOUNT_MANAGER)
    make_hook(world.fund, "https://93.184.216.34/hook", events=["report.submitted", "report.returned",
                                                                "report.approved", "evaluation.recorded"])
    report = next(r for r in services.ensure_reports(world.covenant) if r.kind == "final")
    report.content = complete(report)
    report.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.apply_transition(report, "submit", world.staff)
        services.apply_transition(report, "start_review", department)
        services.apply_transition(report, "return", department, note="More detail",
                                  remarks={services.sections_for(report)[0].key: "More detail"})
        services.apply_transition(report, "resubmit", world.staff)
        services.apply_transition(report, "start_review", department)
        services.apply_transition(report, "approve", department)
    lines = [{"priority": p, "met": True, "value": Decimal("120"), "justification": "ok"}
             for p in world.covenant.priorities.all()]
    with django_capture_on_commit_callbacks(execute=True):
        services.preview_evaluation(report, department, lines)  # rolled back: no event
    assert [d.event for d in Delivery.objects.order_by("pk")] == [
        "report.submitted", "report.returned", "report.submitted", "report.approved"]
    with django_capture_on_commit_callbacks(execute=True):
        services.evaluate(report, department, lines)
    assert Delivery.objects.order_by("pk").last().event == "evaluation.recorded"


# --- changing, pausing and deleting a webhook ---------------------------------------------------------


def test_a_webhook_is_changed_on_its_page_and_the_change_is_audited(client, world, receiver, local, make_user):
    from werkbaar.core.models import AuditEntry

    admin = make_user(Role.COMPANY_ADMIN, organisation=world.fund)
    hook = make_hook(world.fund, receiver.url)
    client.force_login(admin)
    page = client.get(f"/account/api/webhooks/{hook.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["form"].initial == {"url": receiver.url, "events": ["report.submitted"]}
    new_url = receiver.url + "/v2"
    response = client.post(f"/account/api/webhooks/{hook.pk}/edit/",
                           {"url": new_url, "events": ["report.submitted", "report.returned"]})
    assert response.status_code == 302 and response["Location"] == f"/account/api/webhooks/{hook.pk}/"
    hook.refresh_from_db()
    assert (hook.url, hook.events, hook.secret) == (new_url, ["report.submitted", "report.returned"], SECRET)
    entry = AuditEntry.objects.filter(action="webhook:update").get()
    assert entry.before == {"url": receiver.url, "events": ["report.submitted"]}
    assert entry.after == {"url": new_url, "events": ["report.submitted", "report.returned"]}


def test_a_changed_address_is_checked_like_a_new_one(client, world, make_user, settings):
    settings.WERKBAAR_WEBHOOKS_ALLOW_PRIVATE = False
    hook = make_hook(world.fund, "https://93.184.216.34/hook")
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=world.fund))
    with translation.override("en"):
        response = client.post(f"/account/api/webhooks/{hook.pk}/edit/",
                               {"url": "https://10.1.2.3/", "events": []}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"url", "events"}
    hook.refresh_from_db()
    assert hook.url == "https://93.184.216.34/hook" and hook.events == ["report.submitted"]


def test_a_paused_webhook_records_and_sends_nothing_until_it_is_resumed(
        client, world, receiver, local, make_user, run_tasks, django_capture_on_commit_callbacks):
    hook = make_hook(world.fund, receiver.url)
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=world.fund))
    # an event recorded just before the pause is not sent afterwards, and the log says why
    submit(world, django_capture_on_commit_callbacks)
    response = client.post(f"/account/api/webhooks/{hook.pk}/active/", {"active": "0"}, follow=True,
                           HTTP_ACCEPT_LANGUAGE="en")
    assert "The webhook is paused: no events are recorded or sent until you resume it." in response.content.decode()
    run_tasks()
    assert receiver.received == []
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.error) == ("failed", 0, tasks.PAUSED)
    page = client.get(f"/account/api/webhooks/{hook.pk}/", HTTP_ACCEPT_LANGUAGE="nl-be").content.decode()
    assert "niet verstuurd: de webhook was gepauzeerd" in page and "gepauzeerd" in page
    # while paused, a new event is not even recorded
    webhooks.on_transition(None, "report:submit", world.report)  # the same report submitted again
    assert Delivery.objects.count() == 1
    refused = client.post(f"/account/api/webhooks/{hook.pk}/active/", {"active": "yes"}, follow=True,
                          HTTP_ACCEPT_LANGUAGE="en")
    assert "Choose to pause or to resume the webhook." in refused.content.decode()
    hook.refresh_from_db()
    assert not hook.active
    client.post(f"/account/api/webhooks/{hook.pk}/active/", {"active": "1"})
    hook.refresh_from_db()
    assert hook.active
    from werkbaar.core.models import AuditEntry

    assert list(AuditEntry.objects.filter(action__startswith="webhook:").values_list("action", flat=True)
                .order_by("pk")) == ["webhook:pause", "webhook:resume"]


def test_deleting_a_webhook_asks_first(client, world, receiver, local, make_user):
    hook = make_hook(world.fund, receiver.url)
    Delivery.objects.create(webhook=hook, event="report.submitted", payload={})
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=world.fund))
    question = client.get(f"/account/api/webhooks/{hook.pk}/delete/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"No more events of {world.fund.name} will be sent to {receiver.url}." in question
    assert "Its log of 1 delivery is deleted with it." in question
    assert Webhook.objects.filter(pk=hook.pk).exists()
    assert client.post(f"/account/api/webhooks/{hook.pk}/delete/").status_code == 302
    assert not Webhook.objects.exists() and not Delivery.objects.exists()


def test_another_organisation_cannot_change_pause_or_delete_a_webhook(client, world, receiver, make_user):
    hook = make_hook(world.fund, receiver.url)
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=world.other_fund))
    base = f"/account/api/webhooks/{hook.pk}"
    assert client.post(f"{base}/edit/", {"url": "https://93.184.216.34/", "events": ["report.submitted"]}).status_code == 404
    assert client.post(f"{base}/active/", {"active": "0"}).status_code == 404
    assert client.get(f"{base}/delete/").status_code == 404
    hook.refresh_from_db()
    assert hook.url == receiver.url and hook.active
    assert client.get(f"{base}/edit/").status_code == 405
