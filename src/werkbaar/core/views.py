"""Core pages: the home page (the work of each role, from the apps' panels: ``core.home``), sign-in (with
its lockout page), accepting an invitation, friendly error pages and /healthz."""

from allauth.account.views import LoginView as AllauthLoginView
from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .home import audiences_for, panels_for


def _section_titles(user) -> tuple[dict[str, str], list]:
    memberships = list(user.memberships.select_related("sector", "organisation"))
    sectors = sorted({m.sector.name for m in memberships if m.sector_id and not m.organisation_id})
    companies = sorted({m.organisation.name for m in memberships if m.organisation_id})
    return {
        "department": _("Follow-up by the department"),
        "sector": _("Your sector: %(names)s") % {"names": ", ".join(sectors)},
        "company": _("Your company: %(names)s") % {"names": ", ".join(companies)},
    }, memberships


def home(request):
    """The work of the signed-in user's role(s): one section per role, panels from each app's ``home.py``."""
    context = {}
    if request.user.is_authenticated:
        today = timezone.localdate()
        titles, memberships = _section_titles(request.user)
        context["memberships"] = memberships
        context["sections"] = [{"audience": audience, "title": titles[audience],
                                "panels": panels_for(request.user, audience, today)}
                               for audience in audiences_for(request.user)]
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
