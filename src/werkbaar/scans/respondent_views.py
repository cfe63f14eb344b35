"""The respondent's side, mounted at /s/: no login, the access code is the only key.

Works without JavaScript: every page is a plain form that posts the page's answers and a button
(next, back, send or a language). The answers so far are kept server-side in a ``Draft`` keyed by
the hash of the code, valid for the same day, and deleted in the transaction that stores the
response. A small script (static/scans/respondent.js) only adds saving on every change (``autosave``),
so closing the tab loses nothing, and a read-aloud button.
"""

from __future__ import annotations

from django.core import signing
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from . import questionnaire as q
from . import services
from .models import Campaign, normalise_code

THANKS_SALT = "werkbaar.scans.thanks"
#: Shown with status 503 when the database could not store the page (lazy: rendered in the page's language).
UNSAVED = gettext_lazy("Your answers could not be saved just now. Please try again in a moment.")
UNAVAILABLE = gettext_lazy("The questionnaire is not available just now. Please try again in a moment.")


def _language_for(request, campaign: Campaign, wanted: str | None = None) -> str:
    languages = campaign.questionnaire_languages()
    if wanted in languages:
        return wanted
    return browser_language(request, languages) or languages[0]


def browser_language(request, languages) -> str | None:
    """The first language of the Accept-Language header that is among ``languages``."""
    for part in request.headers.get("Accept-Language", "").split(","):
        base = part.split(";")[0].strip().lower()[:2]
        if base in languages:
            return base
    return None


def render_in(request, template: str, context: dict, language: str, status: int = 200) -> HttpResponse:
    """Render a respondent page in a questionnaire language (also used by the action-feedback page)."""
    with translation.override(q.DJANGO_LANGUAGE.get(language, "nl-be")):
        context = {**context, "r_language": language, "html_language": q.HTML_LANGUAGE.get(language, "nl-BE")}
        return render(request, template, context, status=status)


def _refusal(request, exc: services.SubmitError, campaign: Campaign | None, language: str) -> HttpResponse:
    kind = {404: "unknown", 409: "used", 410: "closed"}.get(exc.status, "closed")
    return render_in(
        request, "scans/respondent/refused.html",
        {"kind": kind, "message": exc.message, "campaign": campaign, "enter_url": reverse("respondent:enter")},
        language, status=exc.status,
    )


@require_http_methods(["GET", "POST"])
def enter(request):
    """The code form at /s/ (GET ?code=... or POST)."""
    raw = request.POST.get("code") if request.method == "POST" else request.GET.get("code")
    error = ""
    chosen = request.GET.get("lang") or request.POST.get("lang")
    chosen = chosen if chosen in q.DJANGO_LANGUAGE else None
    language = chosen or browser_language(request, q.DJANGO_LANGUAGE) or "nl"
    if raw is not None:
        code = normalise_code(raw)
        if services.find_code(code) is None:
            with translation.override(q.DJANGO_LANGUAGE[language]):
                error = _("We do not know this code. Check the code on your letter and try again.")
        else:
            target = reverse("respondent:questionnaire", kwargs={"code": code})
            # Only a language chosen on this page is passed on: the browser's language must not
            # override the language of a questionnaire the respondent already started.
            return redirect(f"{target}?lang={chosen}" if chosen else target)
    return render_in(
        request, "scans/respondent/enter.html",
        {"error": error, "value": raw or "", "chosen": chosen,
         "languages": [(c, q.LANGUAGE_NAMES[c]) for c in q.LANGUAGE_NAMES]},
        language, status=400 if error else 200,
    )


def _open_access(request, code: str):
    """(access code, None) or (None, refusal response)."""
    try:
        return services.check_code(code), None
    except services.SubmitError as exc:
        access = services.find_code(code)
        campaign = access.campaign if access else None
        language = (_language_for(request, campaign, request.GET.get("lang")) if campaign
                    else browser_language(request, q.DJANGO_LANGUAGE) or "nl")
        return None, _refusal(request, exc, campaign, language)


def _page_values(access, state, page, post) -> tuple[dict, dict, dict]:
    """(answers, groups, errors) posted for one page, validated; nothing is saved."""
    campaign = access.campaign
    answers, groups = q.posted_page_values(campaign, page, post)
    cleaned = services.clean_submission(campaign, state["language"], answers, groups)
    errors = {k: v for k, v in cleaned.errors.items() if k != "language"}
    return (
        {k: v for k, v in cleaned.answers.items() if k in answers},
        {k: v for k, v in cleaned.groups.items() if k in groups},
        errors,
    )


def _draft_state(request, access) -> dict:
    draft = services.load_draft(access)
    if draft is None:
        language = _language_for(request, access.campaign, request.GET.get("lang"))
        return {"language": language, "answers": {}, "groups": {}, "page": 0}
    return _as_state(draft)


def _as_state(draft) -> dict:
    return {"language": draft.language, "answers": dict(draft.answers), "groups": dict(draft.groups),
            "page": draft.page}


@require_http_methods(["GET", "POST"])
def questionnaire(request, code: str):
    """One page of the questionnaire (``?page=N``); POST saves the page and moves on.

    A database outage never loses the posted answers: with the campaign at hand the page is shown
    again with them (:func:`_questionnaire`); before that, a page that posts them again (503).
    """
    try:
        return _questionnaire(request, code)
    except DatabaseError:
        return _unavailable(request)


def _unavailable(request) -> HttpResponse:
    """503 without the database: the posted fields go back into a form that sends them again."""
    language = request.POST.get("lang") or request.GET.get("lang")
    language = language if language in q.DJANGO_LANGUAGE else browser_language(request, q.DJANGO_LANGUAGE) or "nl"
    fields = [(name, value) for name, values in request.POST.lists() if name != "csrfmiddlewaretoken"
              for value in values[:1]][:500]
    return render_in(request, "scans/respondent/unavailable.html",
                   {"fields": fields, "notice": UNSAVED if request.method == "POST" else UNAVAILABLE},
                   language, status=503)


def _questionnaire(request, code: str) -> HttpResponse:
    access, refusal = _open_access(request, code)
    if refusal:
        return refusal
    campaign = access.campaign
    pages = q.pages_for(campaign)
    state = _draft_state(request, access)
    url = reverse("respondent:questionnaire", kwargs={"code": access.code})

    if request.method == "POST":
        index = q.clamp_page(request.POST.get("page"), len(pages))
        answers, groups, errors = _page_values(access, state, pages[index], request.POST)
        if errors:
            state["answers"].update(answers)
            state["groups"].update(groups)
            return _page(request, access, state, pages, index, errors=errors, status=400)
        action = request.POST.get("nav", "next")
        language = None
        if request.POST.get("lang") in campaign.questionnaire_languages():
            language = request.POST["lang"]
            action = "stay"
        new_index = q.clamp_page({"next": index + 1, "back": index - 1}.get(action, index), len(pages))
        try:
            draft = services.update_draft(
                access, answers=answers, groups=groups, language=language or state["language"],
                page=index if action == "send" else new_index,
            )
            state = _as_state(draft)
            if action == "send":
                services.submit(access.code, state["language"], state["answers"], state["groups"])
        except services.InvalidSubmission as exc:
            return _page(request, access, state, pages, index, errors=exc.errors, status=400)
        except services.SubmitError as exc:
            return _refusal(request, exc, campaign, state["language"])
        except DatabaseError:
            # The database is unreachable or refused the write: nothing was stored. Show the page
            # again with the answers the respondent just gave, so a second try loses nothing.
            state["answers"].update(answers)
            state["groups"].update(groups)
            return _page(request, access, state, pages, index, status=503,
                         notice=UNSAVED)
        if action == "send":
            thanks = reverse("respondent:thanks", kwargs={"token": signing.dumps(campaign.pk, salt=THANKS_SALT)})
            return redirect(f"{thanks}?lang={state['language']}")
        anchor = "#languages" if action == "stay" and pages[new_index].kind != "intro" else ""
        return redirect(f"{url}?page={new_index}{anchor}")

    language = request.GET.get("lang") if request.GET.get("lang") in campaign.questionnaire_languages() else None
    index = q.clamp_page(request.GET.get("page", state["page"]), len(pages))
    state = _as_state(services.update_draft(access, language=language or state["language"], page=index))
    return _page(request, access, state, pages, index)


def _page(request, access, state, pages, index, errors=None, status=200, notice="") -> HttpResponse:
    campaign = access.campaign
    page = pages[index]
    language = state["language"]
    instrument = campaign.instrument()
    ctx = q.page_context(campaign, page, language, state["answers"], state["groups"])
    asked = campaign.item_ids()
    answered = sum(1 for i in asked if state["answers"].get(i) is not None)
    languages = [(c, q.LANGUAGE_NAMES.get(c, c)) for c in campaign.questionnaire_languages()]
    return render_in(
        request, "scans/respondent/page.html",
        {
            **ctx, "code": access.code, "code_display": services.format_code(access.code), "campaign": campaign,
            "index": index, "step": index + 1, "n_pages": len(pages), "errors": errors or {}, "notice": notice,
            "percent": round(100 * index / max(len(pages) - 1, 1)), "languages": languages,
            "title": instrument.title_in(language), "description": instrument.text(instrument.description, language)
            if instrument.description else "",
            "minutes": q.estimated_minutes(campaign), "answered": answered, "n_items": len(asked),
            "organisation": campaign.organisation.name,
        },
        language, status=status,
    )


@require_POST
def autosave(request, code: str):
    """Script enhancement: save the current page's answers on every change (204; 503 without the database)."""
    try:
        return _autosave(request, code)
    except DatabaseError:
        return HttpResponse(status=503)  # the answers stay on the page; the form post tries again


def _autosave(request, code: str) -> HttpResponse:
    access, refusal = _open_access(request, code)
    if refusal:
        return HttpResponse(status=refusal.status_code)
    pages = q.pages_for(access.campaign)
    state = _draft_state(request, access)
    index = q.clamp_page(request.POST.get("page"), len(pages))
    answers, groups, errors = _page_values(access, state, pages[index], request.POST)
    if errors:
        return HttpResponse(status=400)
    services.update_draft(access, answers=answers, groups=groups, default_language=state["language"])
    return HttpResponse(status=204)


def thanks(request, token: str):
    """The closing page: thanks, and what happens next (a signed campaign id, no code, in the URL)."""
    try:
        campaign_id = signing.loads(token, salt=THANKS_SALT)
    except signing.BadSignature:
        raise Http404
    campaign = get_object_or_404(Campaign.objects.select_related("organisation"), pk=campaign_id)
    language = request.GET.get("lang")
    if language not in q.DJANGO_LANGUAGE:
        language = campaign.questionnaire_languages()[0]
    return render_in(request, "scans/respondent/thanks.html", {"campaign": campaign}, language)
