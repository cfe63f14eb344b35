"""The WerkWijzer case player: the public list of cases and one case played step by step.

Public, no login, no session and no personal data: the choices made so far travel in the page's
address (``?c=<choice>&c=<choice>...``, see :mod:`.play`), so the player works without JavaScript and
a path can be bookmarked or shared. ``?lang=nl_easy`` shows the easy-read Dutch version of a case that
has one; the other case texts follow the site language (falling back to Dutch).

Screens of ``case`` (one view, the address decides):
- no choice yet: the introduction and the first question;
- after a choice (no ``next``): what the choice leads to, the recommended choice and the information
  card of the step's actor, with a button to go on;
- with ``next=1``: the next question, or the summary once the case has ended.
A path that does not fit the case answers 404 with a clear, translated message.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from . import data
from .cards import info_card
from .play import PathError, replay

VIEWPOINT_LABELS = {
    "worker": gettext_lazy("Worker"), "employer": gettext_lazy("Employer"),
    "consultant": gettext_lazy("Sector consultant"), "union_delegate": gettext_lazy("Union delegate"),
}
EASY = "nl_easy"
MAX_KEY_LENGTH = 40


def _viewpoint(value: str) -> str:
    return str(VIEWPOINT_LABELS.get(value, value))


def content_language(case: data.Case, requested: str | None) -> str:
    """The language of the case texts: easy-read Dutch when asked and available, else the site language
    when the case has it, else Dutch."""
    if requested == EASY and EASY in case.languages:
        return EASY
    site = (get_language() or "nl")[:2]
    return site if site in case.languages else "nl"


def _query(keys: list[str], lang: str = "", going_on: bool = False) -> str:
    pairs = [("c", k) for k in keys] + ([("lang", lang)] if lang else []) + ([("next", "1")] if going_on else [])
    return "?" + urlencode(pairs)


def case_list(request):
    cases = [
        {"key": c.key, "title": data.pick(c.title, content_language(c, None)), "viewpoint": _viewpoint(c.viewpoint),
         "steps": c.path_length(), "easy": EASY in c.languages}
        for c in data.cases().values()
    ]
    return render(request, "knowledge/werkwijzer/player/list.html", {"cases": cases})


def _bad_path(request, case, language, code):
    messages = {
        "unknown_choice": _("This choice does not exist at this step of the case. The address may be "
                            "incomplete or changed; start the case again."),
        "after_end": _("This case had already ended at that point. Start the case again."),
        "too_long": _("This path is longer than any case allows. Start the case again."),
        "bad_value": _("The address holds a value this case does not understand. Start the case again."),
    }
    context = {"case": case, "title": data.pick(case.title, language), "message": messages[code],
               "lang": language if language == EASY else ""}
    return render(request, "knowledge/werkwijzer/player/bad_path.html", context, status=404)


def case_play(request, key: str):
    case = data.case(key)
    if case is None:
        raise Http404(_("This case does not exist."))
    requested = request.GET.get("lang")
    language = content_language(case, requested)
    keys = request.GET.getlist("c")
    if any(not k or len(k) > MAX_KEY_LENGTH for k in keys):
        return _bad_path(request, case, language, "bad_value")
    try:
        position = replay(case, keys)
    except PathError as error:
        return _bad_path(request, case, language, error.code)
    going_on = request.GET.get("next") == "1" or not position.turns
    text = lambda texts: data.pick(texts, language)  # noqa: E731 - a short local helper for the context
    context = {
        "case": case, "language": language, "lang_param": EASY if language == EASY else "",
        "title": text(case.title), "keys": position.keys(), "step_number": len(position.turns) + 1,
        "total": case.path_length(), "has_easy": EASY in case.languages, "easy": language == EASY,
        "content_lang": "nl" if language == EASY else language,
        "viewpoint": _viewpoint(case.viewpoint),
        "toggle_query": _query(position.keys(), "" if language == EASY else EASY, going_on and bool(position.turns)),
        "restart_query": _query([], EASY if language == EASY else ""),
        "continue_query": _query(position.keys(), EASY if language == EASY else "", True),
    }
    if going_on and position.ended:
        done, total = position.score()
        context.update(screen="summary", end=text(case.end), done=done, turns_total=total, rows=[
            {"question": text(t.step.question), "chosen": text(t.choice.label), "best": t.followed_advice,
             "recommended": text(t.recommended.label) if t.recommended else ""}
            for t in position.turns
        ])
    elif going_on:
        step = position.current
        context.update(screen="question", intro=text(case.intro) if not position.turns else "",
                       situation=text(step.situation), question=text(step.question),
                       choices=[{"key": c.key, "label": text(c.label)} for c in step.choices],
                       card=info_card(step.actor, step.rule, language))
    else:
        turn = position.last
        recommended = turn.recommended
        context.update(screen="feedback", step_number=len(position.turns), question=text(turn.step.question),
                       chosen=text(turn.choice.label), consequence=text(turn.choice.consequence),
                       best=turn.followed_advice, recommended=text(recommended.label) if recommended else "",
                       card=info_card(turn.step.actor, turn.step.rule, language), ended=position.ended)
    return render(request, "knowledge/werkwijzer/player/case.html", context)
