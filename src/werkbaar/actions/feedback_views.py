"""The worker's side of action feedback (/actions/feedback/): no login, the feedback code is the key.

Laid out like the scan's questionnaire (``scans/respondent/``): language buttons (Dutch, French,
English; the browser's language first, an explicit choice wins), a read-aloud button, large answer
cards, each question a fieldset with its legend. A language button is a submit button of the form:
the page is shown again in that language with the answers ticked so far, nothing is stored.
Storing goes through ``services.submit_feedback`` only (anonymous: no code, no time on the answer).
"""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_http_methods

from werkbaar.scans import questionnaire as q
from werkbaar.scans.respondent_views import browser_language, render_in

from . import services
from .forms import FeedbackAnswerForm, FeedbackCodeForm
from .models import FeedbackAnswer

#: Languages of the feedback pages (the questions are interface text: no easy-read variant of their own).
LANGUAGES = ["nl", "fr", "en"]
#: A face per answer, from the scan's pictograms (decorative; the words carry the meaning).
ICONS = {FeedbackAnswer.Helped.YES: "agree_strongly", FeedbackAnswer.Helped.PARTLY: "neutral",
         FeedbackAnswer.Helped.NO: "disagree_strongly"}


def _chosen(request) -> str | None:
    """The language picked with a button or ``?lang=`` (None: not chosen on the page)."""
    chosen = request.POST.get("lang") or request.GET.get("lang")
    return chosen if chosen in LANGUAGES else None


def _language(request) -> str:
    return _chosen(request) or browser_language(request, LANGUAGES) or "nl"


def _render(request, template, context, language, status=200):
    languages = [(code, q.LANGUAGE_NAMES[code]) for code in LANGUAGES]
    return render_in(request, template, {**context, "languages": languages}, language, status=status)


@require_http_methods(["GET", "POST"])
def feedback_entry(request):
    language = _language(request)
    with translation.override(q.DJANGO_LANGUAGE[language]):
        form = FeedbackCodeForm(request.POST if "code" in request.POST else None)
        if form.is_bound and form.is_valid():
            target = reverse("actions:feedback_answer", kwargs={"code": form.cleaned_data["code"]})
            return redirect(f"{target}?lang={language}" if _chosen(request) else target)
        return _render(request, "actions/feedback_entry.html", {"form": form, "error": "", "chosen": _chosen(request)},
                       language)


def _questions(form, ask_second: bool, show_errors: bool) -> list[dict]:
    names = ["helped", "more_workable"] if ask_second else ["helped"]
    out = []
    for name in names:
        field = form[name]
        current = str(field.value()) if field.value() not in (None, "") else None
        out.append({
            "name": name, "id": name, "text": field.label,
            "error": " ".join(field.errors) if show_errors else "",
            "options": [{"value": value, "label": label, "checked": current == str(value),
                         "icon": q.pictogram(ICONS[value])}
                        for value, label in FeedbackAnswer.Helped.choices],
        })
    return out


@require_http_methods(["GET", "POST"])
def feedback_answer(request, code):
    language = _language(request)
    with translation.override(q.DJANGO_LANGUAGE[language]):
        access = services.find_feedback_code(code)
        if access is None:
            form = FeedbackCodeForm(initial={"code": code})
            return _render(request, "actions/feedback_entry.html", {
                "form": form, "error": translation.gettext("This code is not known.")}, language, status=404)
        if services.feedback_code_used(access.code):
            return _render(request, "actions/feedback_done.html", {"already": True}, language, status=409)
        if not services.feedback_is_open(access.round):
            return _render(request, "actions/feedback_done.html", {"closed": True, "round": access.round},
                           language, status=410)
        switching = request.method == "POST" and "lang" in request.POST
        form = FeedbackAnswerForm(request.POST if request.method == "POST" else None)
        if not access.round.ask_second:
            del form.fields["more_workable"]
        sending = request.method == "POST" and not switching
        error = ""
        if sending and form.is_valid():
            try:
                services.submit_feedback(access.code, form.cleaned_data["helped"], form.cleaned_data.get("more_workable"))
            except services.FeedbackError as exc:
                error = str(exc)
            else:
                return _render(request, "actions/feedback_done.html", {"thanks": True}, language)
        return _render(request, "actions/feedback_answer.html", {
            "item": access.round.item, "code": access.code, "error": error,
            "questions": _questions(form, access.round.ask_second, show_errors=sending),
            "has_errors": sending,
        }, language, status=400 if sending else 200)
