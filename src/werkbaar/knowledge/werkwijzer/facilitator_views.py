"""Pages of WerkWijzer's facilitator mode: the facilitator's room screen and the phones' voting pages.

Thin: who may do what and every state change live in ``facilitator_sessions``, counting and the
majority in ``facilitator_rules``.

* The facilitator (signed in, ``/werkwijzer/sessions/...``): start a session, the room screen (code, join
  address, QR code, the step, a live vote count polled with htmx, the buttons), the summary. Another
  user's session answers 404.
* The phones (no account, ``/w/...``): the code form, the voting page, the vote, the poll. A phone is
  recognised by a random token in a cookie (``ww_voter``, path ``/w/``, one day); nothing else is kept.
  Unknown codes answer 404 (400 on the form) and are rate-limited per client by
  ``core.ratelimit.CodeGuessLimitMiddleware`` like the respondents' ``/s/``.

Both sides poll with a *version* (``<session>-<state>-<round>``): an unchanged version answers the vote
count (room) or 204 (phone, nothing to swap); a changed one answers ``HX-Refresh`` and the page reloads.
"""

from __future__ import annotations

import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from werkbaar.core.permissions import is_department
from werkbaar.core.workflow import TransitionNotAllowed
from werkbaar.knowledge.facilitator_models import GroupSession, SessionState

from . import data
from . import facilitator_rules as rules
from . import facilitator_sessions as sessions

VOTER_COOKIE = "ww_voter"
#: Sessions listed on the start page.
LIST_LIMIT = 30


# --- helpers --------------------------------------------------------------------------------------


def _render_in(request, template: str, context: dict, language: str, status: int = 200) -> HttpResponse:
    """Render in the session's language (its case texts and the page around them)."""
    with translation.override(sessions.DJANGO_LANGUAGE.get(language, "nl-be")):
        return render(request, template, {**context, "ww_language": language}, status=status)


def _version(session: GroupSession) -> str:
    return f"{session.pk}-{session.version}"


def _refresh() -> HttpResponse:
    response = HttpResponse("")
    response["HX-Refresh"] = "true"
    return response


def _stage(session: GroupSession) -> dict:
    """What the room screen and the phones show of the current step (case texts in the session's language)."""
    language = session.language
    case = sessions.case_of(session)
    step = case.step(session.step) if case else None
    counts = sessions.current_counts(session)
    shares = {b.key: b.percent for b in rules.bars(counts)} if counts else {}
    choices = [{
        "key": c.key, "letter": chr(ord("A") + i), "label": data.pick(c.label, language),
        "consequence": data.pick(c.consequence, language), "best": c.best, "ends": c.next is None,
        "count": counts.get(c.key, 0), "percent": shares.get(c.key, 0),
    } for i, c in enumerate(step.choices)] if step else []
    return {
        "session": session, "case": case, "step": step, "choices": choices,
        "case_title": data.pick(case.title, language) if case else "",
        "situation": data.pick(step.situation, language) if step else "",
        "question": data.pick(step.question, language) if step else "",
        "number": session.round + 1, "votes": sum(counts.values()),
        "default_follow": rules.default_follow(counts) if counts else None,
        "tied": bool(counts) and rules.default_follow(counts) is None,
        "version": _version(session),
    }


# --- the facilitator ------------------------------------------------------------------------------


class StartForm(forms.Form):
    case = forms.ChoiceField(label=gettext_lazy("Case"))
    language = forms.ChoiceField(label=gettext_lazy("Language of the session"),
                                 choices=list(sessions.LANGUAGE_NAMES.items()))

    def __init__(self, *args, language: str = "nl", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [(c.key, data.pick(c.title, language)) for c in data.cases().values()]

    def clean(self):
        cleaned = super().clean()
        case = data.case(cleaned.get("case") or "")
        language = cleaned.get("language")
        if case is not None and language and language not in case.languages:
            self.add_error("language", _("This case is not available in %(language)s. Available: %(available)s.") % {
                "language": sessions.LANGUAGE_NAMES[language],
                "available": ", ".join(str(sessions.LANGUAGE_NAMES.get(x, x)) for x in case.languages)})
        cleaned["case_obj"] = case
        return cleaned


def _own_session(request, pk: int) -> GroupSession:
    session = get_object_or_404(GroupSession.objects.select_related("facilitator"), pk=pk)
    if not sessions.may_control(request.user, session):
        raise Http404
    return sessions.close_if_stale(session)


@login_required
@require_http_methods(["GET", "POST"])
def session_list(request):
    """Start a session (case and language) and find one's recent sessions again."""
    if not sessions.may_facilitate(request.user):
        raise PermissionDenied
    language = (translation.get_language() or "nl")[:2]
    form = StartForm(request.POST if request.method == "POST" else None, language=language if language in (
        "nl", "fr", "en") else "nl")
    if request.method == "POST" and form.is_valid():
        session = sessions.start(request.user, form.cleaned_data["case_obj"], form.cleaned_data["language"])
        return redirect("werkwijzer:session", pk=session.pk)
    mine = GroupSession.objects.all() if is_department(request.user) else (
        GroupSession.objects.filter(facilitator=request.user))
    recent = [{"session": s, "title": data.pick(c.title, language) if (c := sessions.case_of(s)) else s.case_key}
              for s in mine[:LIST_LIMIT]]
    return render(request, "knowledge/werkwijzer/facilitator/sessions.html",
                  {"form": form, "recent": recent}, status=400 if form.errors else 200)


def _join_address(request, session: GroupSession) -> tuple[str, str]:
    """('host/w/', absolute URL of the phone page) for the room screen."""
    enter = request.build_absolute_uri(reverse("werkwijzer_phone:enter"))
    phone = request.build_absolute_uri(reverse("werkwijzer_phone:phone", kwargs={"code": session.code}))
    return enter.split("://", 1)[-1], phone


def _qr(url: str) -> str:
    from werkbaar.scans.pdf import qr_svg

    return mark_safe(qr_svg(url))  # noqa: S308 - an SVG built by the qrcode library from our own URL


@login_required
@require_GET
def room(request, pk: int):
    """The room screen: big, high contrast, for a projector."""
    session = _own_session(request, pk)
    context = _stage(session)
    enter, phone = _join_address(request, session)
    context.update({
        "join_address": enter, "phone_url": phone, "qr": _qr(phone) if session.is_open else "",
        "vote_count": sessions.vote_count(session) if session.state == SessionState.VOTING else 0,
        "card": rules.actor_card(data.trajectory(), context["step"].actor, context["step"].rule,
                                 session.language) if context["step"] else None,
        "states": dict(SessionState.choices),
    })
    return _render_in(request, "knowledge/werkwijzer/facilitator/room.html", context, session.language)


@login_required
@require_GET
def room_live(request, pk: int):
    """The room's poll (every 2 s while voting): the vote count, or a reload when the session moved on."""
    session = _own_session(request, pk)
    if request.GET.get("v") != _version(session):
        return _refresh()
    return _render_in(request, "knowledge/werkwijzer/facilitator/_count.html",
                      {"session": session, "vote_count": sessions.vote_count(session), "version": _version(session)},
                      session.language)


@login_required
@require_POST
def room_step(request, pk: int):
    """A facilitator's button: open voting, close and reveal, follow an answer, end."""
    session = _own_session(request, pk)
    name = request.POST.get("step", "")
    try:
        taken = sessions.take_step(session, name, request.user, request.POST.get("choice"))
    except TransitionNotAllowed as exc:
        with translation.override(sessions.DJANGO_LANGUAGE.get(session.language, "nl-be")):
            messages.error(request, str(exc))
        return redirect("werkwijzer:session", pk=session.pk)
    if taken in ("finish", "end"):
        return redirect("werkwijzer:session_summary", pk=session.pk)
    return redirect("werkwijzer:session", pk=session.pk)


@login_required
@require_GET
def summary(request, pk: int):
    """Per step: the choices with their votes, the answer the room followed and the recommended one."""
    session = _own_session(request, pk)
    case = sessions.case_of(session)
    rows = rules.summary(case, session.history, session.language) if case else []
    finished = case is not None and session.state == SessionState.ENDED and rules.reached_the_end(case, session.history)
    return _render_in(request, "knowledge/werkwijzer/facilitator/summary.html", {
        "session": session, "case": case, "rows": rows,
        "case_title": data.pick(case.title, session.language) if case else session.case_key,
        "followed_best": sum(r.followed_best for r in rows), "decided": sum(r.followed is not None for r in rows),
        "end_text": data.pick(case.end, session.language) if finished else "",
    }, session.language)


# --- the phones -----------------------------------------------------------------------------------


def _phone_language(request) -> str:
    from werkbaar.scans.respondent_views import browser_language

    return browser_language(request, ("nl", "fr", "en")) or "nl"


def _voter_token(request) -> str | None:
    token = request.COOKIES.get(VOTER_COOKIE)
    return token if rules.valid_voter_token(token) else None


def _with_voter_cookie(request, response: HttpResponse) -> HttpResponse:
    if _voter_token(request) is None:
        response.set_cookie(VOTER_COOKIE, secrets.token_urlsafe(16), max_age=int(rules.MAX_AGE.total_seconds()),
                            path="/w/", httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
    return response


@require_http_methods(["GET", "POST"])
def enter(request):
    """The code form at /w/ (GET ?code=... or POST)."""
    raw = request.POST.get("code") if request.method == "POST" else request.GET.get("code")
    language = _phone_language(request)
    error = ""
    if raw is not None:
        code = rules.normalise_code(raw)
        if sessions.find(code) is None:
            with translation.override(sessions.DJANGO_LANGUAGE[language]):
                error = _("We do not know this code. Check the code on the screen and try again.")
        else:
            return redirect("werkwijzer_phone:phone", code=code)
    return _render_in(request, "knowledge/werkwijzer/facilitator/enter.html",
                      {"error": error, "value": (raw or "")[:40]}, language, status=400 if error else 200)


def _phone_session(request, code: str) -> GroupSession:
    session = sessions.find(rules.normalise_code(code))
    if session is None:
        raise Http404
    return session


def _phone_page(request, session: GroupSession, error: str = "", status: int = 200) -> HttpResponse:
    if not session.is_open:
        return _render_in(request, "knowledge/werkwijzer/facilitator/phone_ended.html", {"session": session},
                          session.language, status=410)
    context = _stage(session)
    context.update({"my_vote": sessions.my_vote(session, _voter_token(request)), "error": error,
                    "live_url": reverse("werkwijzer_phone:live", kwargs={"code": session.code})})
    response = _render_in(request, "knowledge/werkwijzer/facilitator/phone.html", context, session.language,
                          status=status)
    return _with_voter_cookie(request, response)


@require_GET
def phone(request, code: str):
    """The phone's page: vote on the open question, or wait, or see the result."""
    return _phone_page(request, _phone_session(request, code))


@require_POST
def vote(request, code: str):
    session = _phone_session(request, code)
    token = _voter_token(request)
    if token is None:
        with translation.override(sessions.DJANGO_LANGUAGE.get(session.language, "nl-be")):
            message = _("Your browser did not keep our cookie, so your vote cannot be counted once. "
                        "Allow cookies for this site and tap your answer again.")
        return _phone_page(request, session, message, status=400)
    try:
        round_ = int(request.POST.get("round", ""))
    except ValueError:
        round_ = None
    try:
        with translation.override(sessions.DJANGO_LANGUAGE.get(session.language, "nl-be")):
            sessions.cast_vote(session, token, request.POST.get("choice", ""), round_)
    except sessions.VoteRefused as exc:
        session.refresh_from_db()
        if exc.status == 410:
            return _phone_page(request, session)
        return _phone_page(request, session, exc.message, status=exc.status)
    return redirect("werkwijzer_phone:phone", code=session.code)


@require_GET
def live(request, code: str):
    """The phone's poll: 204 while nothing changed, a reload when the room moved on."""
    session = _phone_session(request, code)
    if request.GET.get("v") != _version(session):
        return _refresh()
    return HttpResponse(status=204)
