"""Core pages: the home page (a to-do oriented start per role), sign-in (with its lockout page), accepting an
invitation, friendly error pages and /healthz."""

from allauth.account.views import LoginView as AllauthLoginView
from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .permissions import is_department, organisations_for, sectors_for


def home(request):
    context = {}
    if request.user.is_authenticated:
        context["memberships"] = request.user.memberships.select_related("sector", "organisation")
        context["is_department"] = is_department(request.user)
        context["sectors"] = sectors_for(request.user)[:50]
        context["organisations"] = organisations_for(request.user).select_related("sector")[:50]
    return render(request, "core/home.html", context)


class LoginView(AllauthLoginView):
    """allauth's sign-in (password, then the second factor if the user has one) at /login/."""

    template_name = "account/login.html"


def accept_invitation(request, uidb64: str, token: str):
    """The invitee chooses a password; the link works once and expires (``core.invitations``)."""
    from .invitations import accept, user_for_link

    invitee = user_for_link(uidb64, token)
    if invitee is None:
        return render(request, "core/accept_invitation.html", {"form": None}, status=410)
    form = SetPasswordForm(invitee, request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept(invitee, form.cleaned_data["new_password1"])
        messages.success(request, _("Your password is saved. Sign in with your username and new password."))
        return redirect("login")
    return render(request, "core/accept_invitation.html", {"form": form, "invitee": invitee})


def locked_out(request, response=None, credentials=None):
    """django-axes' lockout answer: the sign-in page again, saying why and for how long (429)."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    lockout = ngettext(
        "Too many failed sign-in attempts. Signing in is blocked for %(minutes)d minute; "
        "ask the department's application administrator if you need access sooner.",
        "Too many failed sign-in attempts. Signing in is blocked for %(minutes)d minutes; "
        "ask the department's application administrator if you need access sooner.",
        minutes,
    ) % {"minutes": minutes}
    from .accounts import SignInForm

    context = {"form": SignInForm(request=request), "lockout": lockout}
    return render(request, "account/login.html", context, status=429)


def _error(request, status: int, title: str, message: str):
    return render(request, "core/error.html", {"status": status, "title": title, "message": message}, status=status)


def permission_denied(request, exception=None):
    return _error(request, 403, _("No access"), _("You do not have access to this page or this data."))


def page_not_found(request, exception=None):
    return _error(request, 404, _("Page not found"), _("This page does not exist, or it is not yours to see."))


def server_error(request):
    return _error(request, 500, _("Something went wrong"), _("An unexpected error occurred. Nothing was saved."))


def database_answers() -> bool:
    """True when the default database runs a trivial query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


@never_cache
@require_safe
def healthz(request):
    """The probe for load balancers and monitors: 200 {"status": "ok"} or 503 {"status": "unavailable"}.

    No login, no data, no cookie; exempt from the HTTPS redirect in production (SECURE_REDIRECT_EXEMPT).
    """
    if database_answers():
        return JsonResponse({"status": "ok"})
    return JsonResponse({"status": "unavailable"}, status=503)
