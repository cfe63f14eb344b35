"""Old addresses of this app: it was called ``knowledge`` until issue 18 gave that name to the public platform.

Every page under ``/knowledge/`` and every API route under ``/api/v1/knowledge/`` answers with a permanent
redirect to the same path under ``/insights/``, query string kept. GET and HEAD get 301; other methods get
308 so that a client repeats its POST instead of turning it into a GET.
"""

from django.http import HttpResponseRedirect


class PermanentRedirect(HttpResponseRedirect):
    status_code = 301


class PermanentRedirectKeepMethod(HttpResponseRedirect):
    status_code = 308


def moved_to_insights(request, rest: str = "", prefix: str = "/insights/"):
    url = prefix + rest.lstrip("/")
    if query := request.META.get("QUERY_STRING", ""):
        url = f"{url}?{query}"
    keeps_method = request.method not in ("GET", "HEAD")
    return (PermanentRedirectKeepMethod if keeps_method else PermanentRedirect)(url)
