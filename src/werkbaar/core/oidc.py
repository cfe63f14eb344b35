"""OpenID Connect identity providers configured from the environment (single sign-on).

``providers_from_env(environ) -> list[dict]`` turns the environment into the ``APPS`` list of
allauth's ``openid_connect`` provider. Two spellings, which may be combined:

* ``OIDC_PROVIDERS``: a JSON list of objects with ``id``, ``name``, ``issuer``, ``client_id`` and
  ``client_secret`` (``secret`` is accepted too);
* per provider ``OIDC_<NAME>_ISSUER``, ``OIDC_<NAME>_CLIENT_ID``, ``OIDC_<NAME>_CLIENT_SECRET`` and
  optionally ``OIDC_<NAME>_LABEL`` (the button text; default: the name).

The issuer is the provider's base URL; its ``/.well-known/openid-configuration`` is read at sign-in.
A provider with a missing issuer or client id is refused at start-up (``ImproperlyConfigured``)
rather than shown as a button that cannot work.
"""

import json
import re
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

_PER_PROVIDER = re.compile(r"^OIDC_([A-Z0-9_]+?)_ISSUER$")


def _app(provider_id: str, name: str, issuer: str, client_id: str, secret: str) -> dict:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", provider_id):
        raise ImproperlyConfigured(f"OIDC provider id {provider_id!r}: use lower-case letters, digits and '-'.")
    if not issuer.startswith(("https://", "http://")) or not client_id:
        raise ImproperlyConfigured(f"OIDC provider {provider_id!r} needs an issuer URL and a client id.")
    return {
        "provider_id": provider_id,
        "name": name or provider_id,
        "client_id": client_id,
        "secret": secret,
        "settings": {"server_url": issuer.rstrip("/"), "fetch_userinfo": True, "oauth_pkce_enabled": True},
    }


def providers_from_env(environ: Mapping[str, str]) -> list[dict]:
    apps: list[dict] = []
    raw = environ.get("OIDC_PROVIDERS", "").strip()
    if raw:
        try:
            entries = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ImproperlyConfigured(f"OIDC_PROVIDERS is not valid JSON: {exc}") from exc
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise ImproperlyConfigured("OIDC_PROVIDERS must be a JSON list of objects.")
        for e in entries:
            apps.append(_app(str(e.get("id", "")), str(e.get("name", "")), str(e.get("issuer", "")),
                             str(e.get("client_id", "")), str(e.get("client_secret", e.get("secret", "")))))
    for key in sorted(environ):
        match = _PER_PROVIDER.match(key)
        if match:
            name = match.group(1)
            apps.append(_app(name.lower().replace("_", "-"), environ.get(f"OIDC_{name}_LABEL", name.title()),
                             environ[key], environ.get(f"OIDC_{name}_CLIENT_ID", ""),
                             environ.get(f"OIDC_{name}_CLIENT_SECRET", "")))
    ids = [a["provider_id"] for a in apps]
    if len(ids) != len(set(ids)):
        raise ImproperlyConfigured(f"OIDC provider ids must be unique: {ids}")
    return apps
