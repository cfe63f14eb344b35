"""The conventions of list endpoints: ``limit``/``offset`` pagination with the total in ``X-Total-Count``
and a ``Link`` header to the next page, and ``ETag``/``If-None-Match`` (304) on every successful read.

* :func:`paginated` – the decorator of a list operation (under ``@router.get``); the body stays a JSON
  list (existing clients keep working), the page is chosen with ``?limit=&offset=`` (default 100, at
  most 500). The operation must return its rows in a stable order (ending with a unique key).
* :func:`conditional` – API-wide, wraps every GET: the ETag is a hash of the body, a matching
  ``If-None-Match`` answers 304 without a body.
* :func:`document` – adds the two query parameters and the headers to the OpenAPI document.
"""

import functools
import hashlib

from django.http import HttpResponseNotModified
from django.utils.http import parse_etags
from django.utils.translation import gettext as _

from .errors import InvalidInput

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


def _number(request, name: str, default: int, lowest: int, highest: int | None) -> int:
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InvalidInput({name: _("Enter a whole number.")}) from None
    if value < lowest or (highest is not None and value > highest):
        if highest is None:
            message = _("Enter a number of at least %(low)d.") % {"low": lowest}
        else:
            message = _("Enter a number from %(low)d to %(high)d.") % {"low": lowest, "high": highest}
        raise InvalidInput({name: message})
    return value


def page_bounds(request) -> tuple[int, int]:
    """(limit, offset) from the query string, checked (400 with one error per parameter)."""
    return (_number(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT), _number(request, "offset", 0, 0, None))


def paginated(view):
    """A list operation answers one page of its rows, the total in ``X-Total-Count``."""

    @functools.wraps(view)
    def page(request, *args, **kwargs):
        limit, offset = page_bounds(request)
        rows = view(request, *args, **kwargs)
        total = len(rows) if isinstance(rows, list) else rows.count()
        request.werkbaar_list_headers = {"X-Total-Count": str(total)}
        if offset + limit < total:
            query = request.GET.copy()
            query["limit"], query["offset"] = str(limit), str(offset + limit)
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
            request.werkbaar_list_headers["Link"] = f'<{next_url}>; rel="next"'
        return list(rows[offset:offset + limit])

    page.api_paginated = True
    return page


def conditional(run):
    """API-wide (``mode="view"``): list headers, and ETag/If-None-Match on successful GETs."""

    @functools.wraps(run)
    def answer(request, *args, **kwargs):
        response = run(request, *args, **kwargs)
        for name, value in getattr(request, "werkbaar_list_headers", {}).items():
            response[name] = value
        if request.method != "GET" or response.status_code != 200 or getattr(response, "streaming", False):
            return response
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:40] + '"'
        response["ETag"] = etag
        response["Cache-Control"] = "private, no-cache"
        response["Vary"] = "Authorization, Cookie, Accept-Language"
        wanted = parse_etags(request.headers.get("If-None-Match", ""))
        if etag in wanted or "*" in wanted:
            not_modified = HttpResponseNotModified()
            for name in ("ETag", "Cache-Control", "Vary"):
                not_modified[name] = response[name]
            return not_modified
        return response

    return answer


def document(api, schema: dict) -> dict:
    """Put the pagination parameters and headers, and the ETag, into the OpenAPI document."""
    listed = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                if getattr(operation.view_func, "api_paginated", False):
                    listed.add(operation.operation_id or api.get_openapi_operation_id(operation))
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            if method != "get":
                continue
            ok = operation.get("responses", {}).get(200) or operation.get("responses", {}).get("200")
            if ok is not None:
                ok.setdefault("headers", {})["ETag"] = {
                    "description": "Hash of the body; send it back in `If-None-Match` to get 304 when unchanged.",
                    "schema": {"type": "string"}}
            operation.setdefault("responses", {})[304] = {"description": "Not modified (`If-None-Match`)."}
            if operation.get("operationId") not in listed:
                continue
            parameters = operation.setdefault("parameters", [])
            parameters += [
                {"in": "query", "name": "limit", "required": False,
                 "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
                 "description": "Rows per page."},
                {"in": "query", "name": "offset", "required": False,
                 "schema": {"type": "integer", "minimum": 0, "default": 0}, "description": "Rows to skip."},
            ]
            if ok is not None:
                ok["headers"]["X-Total-Count"] = {"description": "Number of rows of all pages.",
                                                  "schema": {"type": "integer"}}
                ok["headers"]["Link"] = {"description": "`<url>; rel=\"next\"` while there are more rows.",
                                         "schema": {"type": "string"}}
    return schema
