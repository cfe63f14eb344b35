"""Rate limit on guessed access codes: unknown codes per client, counted in the shared cache.

A client (an IP address) that tried ``WERKBAAR_CODE_GUESS_LIMIT`` unknown codes within a window of
``WERKBAAR_CODE_GUESS_WINDOW`` seconds gets 429 with ``Retry-After`` on every code-carrying URL
until the window ends: for valid codes too, otherwise the different answer would still tell a
guesser which code is valid. Only UNKNOWN codes count, so respondents who share an IP address (a
company network) are blocked only after that many typing mistakes together in one window.

- :data:`CODE_ROUTES`: the URL routes that take a code and the status that means "unknown code".
- :func:`client_ip`: ``REMOTE_ADDR``, or the proxy header named in ``WERKBAAR_CLIENT_IP_HEADER``.
- :func:`client_key`: the cache key of a client: a keyed hash (HMAC with ``SECRET_KEY``) of its IP
  and the window; the IP itself is never stored. The entry expires with the window.
- :func:`blocked_for` / :func:`record_unknown_code`: read and bump a client's counter.
- :class:`CodeGuessLimitMiddleware`: applies both around the views in :data:`CODE_ROUTES`.

The counter lives in Django's ``default`` cache, which all app servers share (the database cache,
or Redis with ``CACHE_URL``; see docs/operations.md), never in process memory. When that cache
cannot be reached the limit fails open (logged as an error): respondents keep answering.
"""

from __future__ import annotations

import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)

#: URL route -> status code with which that view answers an unknown code.
CODE_ROUTES = {
    "s/": 400,  # the code form; only when a code was sent
    "s/<str:code>/": 404,
    "s/<str:code>/save/": 404,
    "api/v1/scan/<code>/submit": 404,
    "actions/feedback/<str:code>/": 404,
    # WerkWijzer's group sessions: the phones' code form and pages (knowledge.werkwijzer.facilitator_views)
    "w/": 400,  # the code form; only when a code was sent
    "w/<str:code>/": 404,
    "w/<str:code>/vote/": 404,
    "w/<str:code>/live/": 404,
}
#: Code forms: they try a code only when one was sent (``?code=`` or a posted ``code``).
FORM_ROUTES = frozenset({"s/", "w/"})


def client_ip(request) -> str:
    """The client's address; behind a trusted proxy the last entry of its header (the one it added)."""
    header = getattr(settings, "WERKBAAR_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _window() -> int:
    return int(settings.WERKBAAR_CODE_GUESS_WINDOW)


def client_key(request, now: float | None = None) -> str:
    window = _window()
    index = int((time.time() if now is None else now) // window)
    digest = salted_hmac("werkbaar.core.ratelimit", client_ip(request)).hexdigest()[:32]
    return f"werkbaar:code-guesses:{digest}:{index}"


def _seconds_left(now: float) -> int:
    window = _window()
    return max(1, math.ceil((int(now // window) + 1) * window - now))


def blocked_for(request) -> int:
    """Seconds until this client may try codes again, 0 when it may now (also when the cache is down)."""
    now = time.time()
    try:
        count = cache.get(client_key(request, now)) or 0
    except Exception:  # noqa: BLE001 - an unreachable Redis must not stop a campaign's respondents
        logger.exception("Rate-limit cache unavailable; access codes are not limited")
        return 0
    return _seconds_left(now) if count >= settings.WERKBAAR_CODE_GUESS_LIMIT else 0


def record_unknown_code(request) -> None:
    now = time.time()
    key = client_key(request, now)
    try:
        cache.add(key, 0, timeout=_seconds_left(now) + 1)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr: start the new window with this guess
            cache.add(key, 1, timeout=_window())
    except Exception:  # noqa: BLE001 - see blocked_for
        logger.exception("Rate-limit cache unavailable; an unknown access code was not counted")


def too_many_codes(request, retry_after: int):
    minutes = max(1, math.ceil(retry_after / 60))
    message = ngettext(
        "Too many unknown codes were tried from your connection. Try again in %(minutes)d minute.",
        "Too many unknown codes were tried from your connection. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    if request.resolver_match and request.resolver_match.namespace == "api":
        response = JsonResponse({"status": "rate_limited", "message": message}, status=429)
    else:
        response = render(request, "core/error.html", {
            "status": 429, "title": _("Too many attempts"), "message": message,
        }, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class CodeGuessLimitMiddleware:
    """429 for a client over the limit on a code-carrying URL; counts each unknown-code answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        unknown_status = getattr(request, "_code_route_unknown_status", None)
        if unknown_status is not None and response.status_code == unknown_status:
            record_unknown_code(request)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        unknown_status = CODE_ROUTES.get(request.resolver_match.route)
        if unknown_status is None:
            return None
        if request.resolver_match.route in FORM_ROUTES and "code" not in request.GET and "code" not in request.POST:
            return None  # the empty code form tries no code
        retry_after = blocked_for(request)
        if retry_after:
            return too_many_codes(request, retry_after)
        request._code_route_unknown_status = unknown_status
        return None
