"""API tokens: creating one (the secret shown once, only its SHA-256 kept), authenticating a request
with it, and the scope each operation declares.

A token is ``wbk_<prefix>_<secret>``: the prefix (random, not secret) finds the row, the SHA-256 of the
whole string is compared in constant time. A token acts as its user: ``request.user`` becomes that user,
so every object-level check of the pages applies, and the operation's scope must be among the token's.
An operation without a declared scope refuses tokens (session only). Token requests need no CSRF token,
because a browser never sends the ``Authorization`` header by itself; session requests keep CSRF.
"""

import datetime
import functools
import hashlib
import hmac
import secrets

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer

from werkbaar.core.permissions import can_admin_organisation

from .models import ApiToken, Scope

PREFIX = "wbk"
#: Longest life of a token; a client asks for a new one before then.
MAX_DAYS = 366
#: ``last_used_at`` is written at most this often per token (not on every request).
TOUCH_EVERY = datetime.timedelta(minutes=5)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create(user, name: str, scopes: list[str], days: int, organisation=None) -> tuple[ApiToken, str]:
    """A new token and its secret (to be shown once). ``scopes`` must be :class:`Scope` values."""
    unknown = set(scopes) - set(Scope.values)
    if unknown or not scopes:
        raise ValueError(f"unknown or no scopes: {sorted(unknown)}")
    if not 1 <= days <= MAX_DAYS:
        raise ValueError("days out of range")
    if organisation is not None and not can_admin_organisation(user, organisation):
        raise PermissionError("not an admin of the organisation")
    prefix = secrets.token_hex(4)
    raw = f"{PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, organisation=organisation, name=name, prefix=prefix, digest=digest(raw), scopes=sorted(scopes),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return token, raw


def find(raw: str) -> ApiToken | None:
    """The active token whose secret is ``raw``, or None (unknown, wrong secret, expired, revoked)."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    token = ApiToken.objects.select_related("user", "organisation").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.digest, digest(raw)):
        return None
    if not token.active or not token.user.is_active:
        return None
    if token.organisation is not None and not can_admin_organisation(token.user, token.organisation):
        return None
    return token


def tokens_for(user):
    """Tokens the user sees on the profile page: their own and those of organisations they administer."""
    from werkbaar.core.models import Organisation

    administered = [o.pk for o in Organisation.objects.filter(api_tokens__isnull=False).distinct()
                    if can_admin_organisation(user, o)]
    return ApiToken.objects.filter(user=user) | ApiToken.objects.filter(organisation__in=administered)


def revoke(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


class TokenAuth(HttpBearer):
    """``Authorization: Bearer wbk_...``: the request acts as the token's user."""

    openapi_scheme = "bearer"

    def authenticate(self, request, token: str):
        found = find(token)
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.api_token = found
        return found


def scope(name: str):
    """Declare the scope an operation needs from a token (put it under ``@router.get``/``post``...)."""
    if name not in Scope.values:
        raise ValueError(f"unknown scope {name}")

    def wrap(view):
        view.api_scope = name
        return view

    return wrap


def enforce(view):
    """API-wide decorator: a token request reaches an operation only with the operation's declared scope."""
    needed = getattr(view, "api_scope", None)

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        token = getattr(request, "api_token", None)
        if token is not None:
            if needed is None:
                raise HttpError(403, _("This endpoint does not accept API tokens; use a session."))
            if needed not in token.scopes:
                raise HttpError(403, _("This API token lacks the scope “%(scope)s”.") % {"scope": needed})
        return view(request, *args, **kwargs)

    return checked


def document_scopes(api, schema: dict) -> dict:
    """Name the security schemes and, per operation, the token scope it needs (``x-token-scope``)."""
    schemes = schema.setdefault("components", {}).setdefault("securitySchemes", {})
    if "TokenAuth" in schemes:
        schemes["TokenAuth"]["description"] = (
            "An API token made on the profile page: `Authorization: Bearer wbk_<prefix>_<secret>`. "
            "Acts as its user within its scopes; no CSRF token needed.")
    if "SessionAuth" in schemes:
        schemes["SessionAuth"]["description"] = "The Django session cookie; writes also need `X-CSRFToken`."
    needed = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                needed[operation.operation_id or api.get_openapi_operation_id(operation)] = getattr(operation.view_func, "api_scope", None)
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if operation.get("operationId") in needed:
                scope_name = needed[operation["operationId"]]
                operation["x-token-scope"] = scope_name
                if scope_name is None:
                    operation["security"] = [s for s in operation.get("security", []) if "TokenAuth" not in s]
                else:
                    operation["security"] = [
                        {k: ([scope_name] if k == "TokenAuth" else v) for k, v in s.items()}
                        for s in operation.get("security", [])]
    return schema
