"""The group sessions of WerkWijzer's facilitator mode: who may run them, their workflow, and the votes.

* :func:`may_facilitate` – who may start a session: every signed-in user with a role (department, sector
  staff, consultants, social partners, SERV advisers, company admins, union delegates). Respondents
  have no account. A session holds no sector or organisation data: only a case, a language and counts.
* :func:`may_control` – who may run a session: its facilitator and the department (everyone else: 404).
* :data:`WORKFLOW` – the session's states and steps as a table (``core.workflow``)::

      waiting --open--> voting --reveal--> revealed --next--> waiting (the next step)
                                            revealed --finish--> ended (the chosen answer ends the case)
      waiting, voting, revealed --end--> ended (the facilitator stops)
      waiting, voting, revealed --expire--> ended (read more than a day after the start)

* :func:`start` – a new session with a free code (unique among the open sessions; the database's
  partial unique index settles a race between two starts).
* :func:`take_step` – a facilitator's button; :func:`close_if_stale` – the self-closing on read.
* :func:`find` – the session behind a code a phone sent.
* :func:`cast_vote` – the one storing path of a vote. The transaction story: the session's row is locked
  (``select_for_update``, the same lock ``Workflow.apply`` takes), then its state and round are checked
  and the phone's vote for that round is inserted or replaced (one row per phone and round, a unique
  constraint). A vote therefore either lands before "close voting and reveal" counts the votes, or is
  refused after it; a double tap or a second tab replaces the same row.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkbaar.core import permissions
from werkbaar.core.roles import Role
from werkbaar.core.workflow import Transition, TransitionNotAllowed, Workflow
from werkbaar.knowledge.facilitator_models import GroupSession, SessionState, Vote

from . import data
from . import facilitator_rules as rules

#: Where the UI language of a session's pages comes from: the session's case language.
DJANGO_LANGUAGE = {"nl": "nl-be", "nl_easy": "nl-be", "fr": "fr", "en": "en"}
LANGUAGE_NAMES = {"nl": gettext_lazy("Dutch"), "fr": gettext_lazy("French"), "en": gettext_lazy("English"),
                  "nl_easy": gettext_lazy("Easy-read Dutch")}


def may_facilitate(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        permissions.is_department(user) or permissions.has_role(user, *Role.values))


def may_control(user, session: GroupSession) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        permissions.is_department(user) or (session.facilitator_id is not None and session.facilitator_id == user.pk))


def _stale_problems(session) -> list[str]:
    return [] if rules.is_stale(session.created, timezone.now()) else [_("The session is not a day old yet.")]


_OPEN = (SessionState.WAITING, SessionState.VOTING, SessionState.REVEALED)

WORKFLOW = Workflow(
    name="werkwijzer_session",
    field="state",
    initial=SessionState.WAITING,
    final=frozenset({SessionState.ENDED}),
    states=dict(SessionState.choices),
    transitions=[
        Transition("open", (SessionState.WAITING,), SessionState.VOTING, gettext_lazy("Open voting"), may_control),
        Transition("reveal", (SessionState.VOTING,), SessionState.REVEALED, gettext_lazy("Close voting and reveal"),
                   may_control),
        Transition("next", (SessionState.REVEALED,), SessionState.WAITING, gettext_lazy("Next step"), may_control),
        Transition("finish", (SessionState.REVEALED,), SessionState.ENDED, gettext_lazy("Finish the case"), may_control),
        Transition("end", _OPEN, SessionState.ENDED, gettext_lazy("End the session"), may_control),
        Transition("expire", _OPEN, SessionState.ENDED, gettext_lazy("Close an old session"), check=_stale_problems),
    ],
)


class VoteRefused(Exception):
    """A vote that cannot be taken; ``message`` says why (translated), ``status`` the HTTP status."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message = message
        self.status = status


def case_of(session: GroupSession) -> data.Case | None:
    return data.case(session.case_key)


def current_step(session: GroupSession) -> data.Step | None:
    case = case_of(session)
    return case.step(session.step) if case else None


def close_stale_sessions() -> int:
    """Close every open session older than a day (before a new code is chosen); how many."""
    closed = 0
    for session in GroupSession.objects.exclude(state=SessionState.ENDED).filter(
            created__lte=timezone.now() - rules.MAX_AGE):
        closed += close_if_stale(session).state == SessionState.ENDED
    return closed


def start(user, case: data.Case, language: str) -> GroupSession:
    """A new session of ``case`` in ``language`` run by ``user`` (the caller checked :func:`may_facilitate`)."""
    if language not in case.languages:
        raise ValueError(language)
    close_stale_sessions()
    for _attempt in range(5):
        taken = GroupSession.objects.exclude(state=SessionState.ENDED).values_list("code", flat=True)
        try:
            with transaction.atomic():
                return GroupSession.objects.create(code=rules.new_code(taken), case_key=case.key, language=language,
                                                   facilitator=user, step=case.start)
        except IntegrityError:  # another start took the same code a moment ago: draw again
            continue
    raise RuntimeError("no free session code found")


def close_if_stale(session: GroupSession) -> GroupSession:
    """The session, ended if it is more than a day old (the self-closing on read)."""
    if session.is_open and rules.is_stale(session.created, timezone.now()):
        try:
            WORKFLOW.apply(session, "expire", None, on_apply=_fresh(lambda s: None))
        except TransitionNotAllowed:  # ended by someone else in the meantime
            session.refresh_from_db()
    return session


def find(code: str) -> GroupSession | None:
    """The open session with this code, else the last ended one (its phones see 'ended'); None: unknown."""
    if not rules.looks_like_code(code):
        return None
    ended_last = Case(When(state=SessionState.ENDED, then=Value(1)), default=Value(0), output_field=IntegerField())
    session = GroupSession.objects.filter(code=code).order_by(ended_last, "-created", "-pk").first()
    return close_if_stale(session) if session else None


def _fresh(change):
    """An ``on_apply`` that first re-reads the session's step, round and history under the workflow's lock:
    a step taken from a stale page never writes back an old history over a newer one."""

    def apply(session, transition):
        session.refresh_from_db(fields=["step", "round", "history", "ended_at"])
        change(session)
        if transition.target == SessionState.ENDED:
            session.ended_at = timezone.now()

    return apply


def _reveal(session: GroupSession) -> None:
    step = current_step(session)
    keys = [c.key for c in step.choices] if step else []
    votes = Vote.objects.filter(session=session, round=session.round).values_list("choice", flat=True)
    session.history = [*session.history, {"step": session.step, "counts": rules.tally(keys, votes),
                                           "followed": None}]


def _follow(choice: data.Choice):
    def change(session: GroupSession) -> None:
        history = [dict(entry) for entry in session.history]
        history[-1]["followed"] = choice.key
        session.history = history
        if choice.next is not None:
            session.step = choice.next
            session.round += 1

    return change


def take_step(session: GroupSession, name: str, user, choice_key: str | None = None) -> str:
    """Take a facilitator's step: ``open``, ``reveal``, ``follow`` (with the choice the room follows:
    ``next`` or ``finish``) or ``end``. The name of the transition taken; :class:`TransitionNotAllowed`
    with a translated message otherwise."""
    if name == "follow":
        step = current_step(session)
        choice = step.choice(choice_key or "") if step else None
        if choice is None:
            raise TransitionNotAllowed(_("Choose the answer the room follows."))
        name = rules.transition_after(choice.next)
        WORKFLOW.apply(session, name, user, on_apply=_fresh(_follow(choice)))
        return name
    if name not in ("open", "reveal", "end"):
        raise TransitionNotAllowed(_("Unknown step: %(name)s") % {"name": name})
    if name == "reveal":
        WORKFLOW.apply(session, name, user, on_apply=_fresh(_reveal))
    else:
        WORKFLOW.apply(session, name, user, on_apply=_fresh(lambda s: None))
    return name


def voter_key(token: str, session_pk: int, round_: int) -> str:
    """The stored form of a phone's token for one question: a keyed hash (with ``SECRET_KEY``) of the token,
    the session and the round, never the token itself. A new key per question, so the rows of one phone's
    answers to the questions of a session (or to two sessions on one day) cannot be joined into its path."""
    return salted_hmac("werkbaar.werkwijzer.voter", f"{session_pk}:{round_}:{token}").hexdigest()[:32]


def cast_vote(session: GroupSession, token: str, choice_key: str, round_: int | None) -> Vote:
    """Store (or replace) this phone's vote on the current step; :class:`VoteRefused` says why not."""
    with transaction.atomic():
        locked = GroupSession.objects.select_for_update().get(pk=session.pk)
        if locked.state == SessionState.ENDED:
            raise VoteRefused(_("This session has ended."), 410)
        if locked.state != SessionState.VOTING:
            raise VoteRefused(_("Voting on this question is closed. Wait for the next question."), 409)
        if round_ is not None and round_ != locked.round:
            raise VoteRefused(_("This question is no longer open. The current question is shown now."), 409)
        step = current_step(locked)
        if step is None or step.choice(choice_key) is None:
            raise VoteRefused(_("Choose one of the answers shown."), 400)
        vote, _created = Vote.objects.update_or_create(session=locked, round=locked.round,
                                                       voter=voter_key(token, locked.pk, locked.round),
                                                       defaults={"choice": choice_key})
    return vote


def my_vote(session: GroupSession, token: str | None) -> str | None:
    if not rules.valid_voter_token(token):
        return None
    return (Vote.objects.filter(session=session, round=session.round,
                                 voter=voter_key(token, session.pk, session.round))
            .values_list("choice", flat=True).first())


def vote_count(session: GroupSession) -> int:
    return Vote.objects.filter(session=session, round=session.round).count()


def current_counts(session: GroupSession) -> dict[str, int]:
    """The counts of the step on screen: revealed (stored), otherwise empty."""
    if session.state in (SessionState.REVEALED, SessionState.ENDED) and session.history:
        return dict(session.history[-1].get("counts") or {})
    return {}
