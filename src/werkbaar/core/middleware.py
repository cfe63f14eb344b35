"""Request hygiene shared by every page and API endpoint."""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


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
