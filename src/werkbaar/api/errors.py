"""The API's one error shape and the handlers that produce it.

Every error of /api/v1/ is ``{"detail": "<message>", "errors": [{"field": "...", "message": "..."}]}``:
``detail`` says what went wrong in one sentence (translated), ``errors`` lists the fields at fault
(empty when no field is). Unparseable JSON and invalid fields both answer 400, whatever the endpoint;
a database outage answers 503 with ``Retry-After``. :func:`install` registers the handlers on the
NinjaAPI; :data:`DOCUMENTED` and :func:`document_errors` put the same statuses in the OpenAPI document.

The scan submission endpoint keeps its own documented contract for refusals it decides itself
(``docs/api-scan.md``); a body it cannot parse gets this shape like everywhere else.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger(__name__)

#: Seconds a client should wait before retrying during a database outage.
RETRY_AFTER_SECONDS = 30


class FieldError(Schema):
    field: str
    message: str


class Error(Schema):
    detail: str
    errors: list[FieldError] = []


class InvalidInput(Exception):
    """Raised by an endpoint whose input fails validation: one message per field (``{"content.x.y": msg}``)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def body(detail: str, errors: dict[str, str] | None = None) -> dict:
    return {"detail": str(detail), "errors": [{"field": k, "message": str(v)} for k, v in (errors or {}).items()]}


def _field_name(loc) -> str:
    # ninja's locations start with the source ("body", "query", "path") and the parameter name of
    # the body schema ("payload"); the client knows neither.
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form", "file"):
        parts = parts[1:]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or "body"


def _pydantic_message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith("dict") or kind == "model_type":
        return _("Expected a JSON object.")
    if kind.startswith("list"):
        return _("Expected a list.")
    if kind.startswith("int"):
        return _("Enter a whole number.")
    if kind.startswith("date"):
        return _("Enter a valid date (YYYY-MM-DD).")
    if kind.startswith("string"):
        return _("Expected text.")
    return _("Enter a valid value.")


def field_errors_from_pydantic(errors: list[dict]) -> dict[str, str]:
    out: dict[str, str] = {}
    for error in errors:
        out.setdefault(_field_name(error.get("loc", ())), _pydantic_message(error))
    return out


def install(api) -> None:
    """Register the handlers that give every error of ``api`` the one shape."""

    def respond(request, status: int, detail, errors=None):
        return api.create_response(request, body(detail, errors), status=status)

    def on_invalid_input(request, exc: InvalidInput):
        return respond(request, 400, _("Some fields are not valid."), exc.errors)

    def on_validation_error(request, exc: ValidationError):
        return respond(request, 400, _("Some fields are not valid."), field_errors_from_pydantic(exc.errors))

    def on_authentication_error(request, exc: AuthenticationError):
        return respond(request, 401, _("Sign in first: send a session cookie or an API token (Authorization: Bearer)."))

    def on_http_error(request, exc: HttpError):
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            # ninja's body parser failed (BodyModel.get_request_data): not JSON, not UTF-8. An endpoint's
            # own 400 raised from a ValueError keeps its message.
            return respond(request, 400, _("The request body is not valid JSON."))
        return respond(request, exc.status_code, str(exc))

    def on_permission_denied(request, exc: PermissionDenied):
        return respond(request, 403, _("You may not do this."))

    def on_not_found(request, exc: Http404):
        return respond(request, 404, _("Not found."))

    def on_database_unavailable(request, exc: Exception):
        logger.error("database unavailable during %s %s: %s", request.method, request.path, exc)
        response = respond(request, 503, _("The database is unavailable for a moment. Please try again shortly."))
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    api.add_exception_handler(InvalidInput, on_invalid_input)
    api.add_exception_handler(ValidationError, on_validation_error)
    api.add_exception_handler(AuthenticationError, on_authentication_error)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(PermissionDenied, on_permission_denied)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(OperationalError, on_database_unavailable)
    api.add_exception_handler(InterfaceError, on_database_unavailable)


#: Statuses every operation may answer, documented once for all of them (an operation's own
#: declaration of a status wins).
DOCUMENTED = {
    400: "Invalid input: unparseable JSON or invalid fields (one entry per field in `errors`).",
    401: "Not signed in (endpoints that need a session).",
    403: "Signed in, but not allowed to do this (or the CSRF token is missing on a write).",
    404: "Not found, or outside your scope.",
    503: "The database is unavailable; retry after the number of seconds in `Retry-After`.",
}


def document_errors(schema: dict) -> dict:
    """Add the shared error statuses, with the one error schema, to every operation of ``schema``."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    error_schema = Error.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(error_schema.pop("$defs", {}))
    components["Error"] = error_schema
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in DOCUMENTED.items():
                if status in responses or str(status) in responses:
                    continue
                answer = {"description": description, "content": content}
                if status == 503:
                    answer["headers"] = {"Retry-After": {"description": "Seconds to wait before retrying.",
                                                         "schema": {"type": "integer"}}}
                responses[status] = answer
    return schema
