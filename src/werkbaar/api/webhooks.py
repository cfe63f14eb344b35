"""Webhooks: which workflow steps become which events, who receives them, the payload (ids, states and
links only: never scan answers, content or anything under the minimum group size), the signature, the
address check against server-side request forgery, and one delivery attempt.

Events come from :data:`werkbaar.core.workflow.transition_applied` (connected in ``apps.py``), after the
step's transaction commits; each matching webhook gets a :class:`Delivery` row and a background task
(``tasks.deliver``) that posts it and is retried with back-off by the worker.

Signature: ``X-Werkbaar-Signature: sha256=<hex>``, the HMAC-SHA256 with the webhook's secret over
``<timestamp>.<body>``, the timestamp (Unix seconds) in ``X-Werkbaar-Timestamp``. A receiver recomputes
it and refuses old timestamps (replays); docs/api.md has the code.
"""

import hashlib
import hmac
import ipaddress
import json
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Delivery, Event, Webhook

#: ``"<workflow>:<transition>"`` (or an announced fact) -> webhook event.
EVENTS = {
    "report:submit": Event.REPORT_SUBMITTED,
    "report:resubmit": Event.REPORT_SUBMITTED,
    "report:return": Event.REPORT_RETURNED,
    "report:approve": Event.REPORT_APPROVED,
    "evaluation.recorded": Event.EVALUATION_RECORDED,
    "fund_application:pay": Event.PAYMENT_APPROVED,
    "fund_application:approve": Event.APPLICATION_DECIDED,
    "fund_application:approve_partially": Event.APPLICATION_DECIDED,
    "fund_application:refuse": Event.APPLICATION_DECIDED,
    "scan campaign:close": Event.CAMPAIGN_CLOSED,
    "scan campaign:close_due": Event.CAMPAIGN_CLOSED,
}

TIMEOUT_SECONDS = 10


class UnsafeURL(ValueError):
    """The URL is not https (in production) or points at a private, loopback or otherwise internal address."""


def _site() -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/")


def subject(event: str, obj) -> tuple[dict, dict]:
    """(payload ``data``, filter of the receiving organisations) for an event's object."""
    from werkbaar.core.models import Organisation

    if event.startswith(("report.", "evaluation.")):
        covenant = obj.covenant
        data = {"type": "report", "id": obj.pk, "covenant": covenant.code, "kind": obj.kind, "status": obj.status,
                "url": f"{_site()}/reporting/{obj.pk}/"}
        return data, {"sector_id": covenant.sector_id, "kind": Organisation.Kind.SECTOR_FUND}
    if event.startswith(("fund_application.", "payment.")):
        data = {"type": "fund_application", "id": obj.pk, "call": obj.call_id, "status": obj.status,
                "url": f"{_site()}/fund/applications/{obj.pk}/"}
        return data, {"pk": obj.organisation_id}
    data = {"type": "scan_campaign", "id": obj.pk, "status": obj.status, "url": f"{_site()}/scans/{obj.pk}/"}
    return data, {"pk": obj.organisation_id}


def on_transition(sender, event: str, obj, **kwargs) -> None:
    """``transition_applied`` handler: one delivery per active webhook that asked for the event."""
    from .tasks import deliver

    name = EVENTS.get(event)
    if name is None:
        return
    data, organisations = subject(name, obj)
    hooks = Webhook.objects.filter(active=True, **{f"organisation__{k}": v for k, v in organisations.items()})
    for hook in hooks:
        if name not in hook.events:
            continue
        payload = {"event": str(name), "occurred_at": timezone.now().isoformat(), "data": data}
        delivery = Delivery.objects.create(webhook=hook, event=name, payload=payload)
        deliver.enqueue(delivery.pk)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def check_url(url: str) -> None:
    """Refuse a URL a delivery must not go to (raises :class:`UnsafeURL` with a translated message).

    https only, unless ``WERKBAAR_WEBHOOKS_ALLOW_HTTP``; every address the host resolves to must be
    public, unless ``WERKBAAR_WEBHOOKS_ALLOW_PRIVATE`` (tests with a local receiver). Checked when the
    webhook is saved and again before each delivery (the name may resolve differently later).
    """
    parts = urlsplit(url)
    allowed = ("https", "http") if getattr(settings, "WERKBAAR_WEBHOOKS_ALLOW_HTTP", False) else ("https",)
    if parts.scheme not in allowed or not parts.hostname:
        raise UnsafeURL(_("The address must start with https:// and name a host."))
    if getattr(settings, "WERKBAAR_WEBHOOKS_ALLOW_PRIVATE", False):
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise UnsafeURL(_("The host name of this address cannot be resolved.")) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            raise UnsafeURL(_("This address points to a private or internal network; webhooks go to public "
                              "addresses only."))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer (3xx), never followed: it could lead to an internal address


_opener = urllib.request.build_opener(_NoRedirect)


def attempt(delivery: Delivery) -> bool:
    """Post the delivery once and record the outcome; True when the receiver answered 2xx."""
    hook = delivery.webhook
    body = json.dumps({"id": delivery.pk, **delivery.payload}, sort_keys=True).encode()
    timestamp = int(time.time())
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    delivery.response_code = None
    delivery.error = ""
    try:
        check_url(hook.url)
        request = urllib.request.Request(hook.url, data=body, method="POST", headers={
            "Content-Type": "application/json", "User-Agent": "Werkbaar-Webhooks/1",
            "X-Werkbaar-Event": delivery.event, "X-Werkbaar-Delivery": str(delivery.pk),
            "X-Werkbaar-Timestamp": str(timestamp), "X-Werkbaar-Signature": signature(hook.secret, timestamp, body),
        })
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            delivery.response_code = response.status
    except urllib.error.HTTPError as exc:
        delivery.response_code = exc.code
    except (UnsafeURL, urllib.error.URLError, OSError) as exc:
        delivery.error = str(getattr(exc, "reason", exc))[:300]
    ok = delivery.response_code is not None and 200 <= delivery.response_code < 300
    delivery.status = Delivery.Status.DELIVERED if ok else delivery.status
    delivery.save()
    return ok
