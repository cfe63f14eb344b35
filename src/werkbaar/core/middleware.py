"""Request hygiene shared by every page and API endpoint: NUL bytes refused, one log line per request."""

import logging
import re
import time
import uuid

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

from . import logs

request_logger = logging.getLogger("werkbaar.request")
#: An incoming ``X-Request-ID`` (from the proxy) is kept only if it looks like a generated id:
#: 16-64 hex digits and dashes (a UUID, nginx's ``$request_id``); anything else gets a new id.
SAFE_REQUEST_ID = re.compile(r"[0-9A-Fa-f-]{16,64}")
#: Where a form posts an access code in its body (the respondent's code form, the feedback code form).
CODE_FORM_PATHS = ("/s/", "/actions/feedback/")


class RequestLogMiddleware:
    """Outermost: a request id (``X-Request-ID``) and one line per request, without access codes.

    The line (logger ``werkbaar.request``, INFO) holds the method, the redacted path, the status
    and the duration; with ``LOG_FORMAT=json`` each is a field of the JSON object. While the request
    runs, its id is added to every log record and its access codes are redacted from every record
    (:mod:`werkbaar.core.logs`), also where they appear outside a URL (an exception message).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if SAFE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = rid
        id_token = logs.request_id.set(rid)
        codes_token = logs.request_codes.set(self._codes(request))
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            duration = round((time.perf_counter() - started) * 1000, 1)
            path = logs.redact(request.path)
            request_logger.info(
                "%s %s %s %.1fms", request.method, path, response.status_code, duration,
                extra={"method": request.method, "path": path, "status": response.status_code,
                       "duration_ms": duration},
            )
            return response
        finally:
            logs.request_codes.reset(codes_token)
            logs.request_id.reset(id_token)

    @staticmethod
    def _codes(request) -> tuple[str, ...]:
        """The access codes this request carries (in its path or a ``code`` parameter)."""
        candidates = logs.codes_in_path(request.path) - {"thanks"}
        candidates.update(request.GET.getlist("code"))
        if (request.method == "POST" and request.content_type == "application/x-www-form-urlencoded"
                and request.path.startswith(CODE_FORM_PATHS)):
            try:  # only the small code forms; other bodies stay unread for their views' own limits
                candidates.update(request.POST.getlist("code"))
            except Exception:  # noqa: BLE001 - a body Django refuses is answered by the view, not here
                pass
        spellings = set()
        for code in candidates:
            spellings |= logs.code_spellings(code)
        return tuple(spellings)


class RejectNulBytesMiddleware:
    """Refuse a request whose query string or form data holds a NUL byte.

    No legitimate input contains one, and PostgreSQL refuses it in text (a database error, a 500).
    Checking here, once, spares every filter, search box and form its own special case.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            return HttpResponseBadRequest(_("The request contains a character that is not allowed (NUL)."))
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if any("\x00" in value for values in request.GET.lists() for value in values[1]):
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method != "POST":
            return False
        if content_type.startswith("multipart/form-data") and request.path.startswith(_api_prefix()):
            # Parsing a multipart body consumes the stream; the API's JSON endpoints then cannot read
            # request.body (RawPostDataException, a 500). They answer such a body with 400 themselves.
            return False
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            return any("\x00" in value for _key, values in request.POST.lists() for value in values)
        return False


def _api_prefix() -> str:
    from django.urls import reverse

    return reverse("api:api-root")


class ContentSecurityPolicyMiddleware:
    """Sets ``Content-Security-Policy`` (``settings.CONTENT_SECURITY_POLICY``) on every response.

    Django 5.2 has no CSP support of its own (6.0 has); the policy is one fixed string, so this is
    all that is needed (docs/decisions/0004-edge-security.md). A response that sets its own policy
    keeps it.
    """

    def __init__(self, get_response):
        from django.conf import settings

        self.policy = settings.CONTENT_SECURITY_POLICY
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response
