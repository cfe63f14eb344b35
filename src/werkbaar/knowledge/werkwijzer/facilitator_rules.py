"""The pure rules of WerkWijzer's facilitator mode (a group session: one room screen, votes from phones).

No ORM and no Django: plain values in, plain values out. The session's states and steps are declared
once, as a :class:`~werkbaar.core.workflow.Workflow`, in ``facilitator_sessions.py``; these are the rules
it and the views rely on:

* :data:`ALPHABET`, :data:`CODE_LENGTH`, :func:`new_code`, :func:`normalise_code`, :func:`looks_like_code`
  – the short join code: 6 characters from an alphabet without look-alikes (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
* :func:`tally` – votes (choice keys) to counts per choice, in the step's order of choices.
* :func:`leaders`, :func:`default_follow` – the majority; a tie (or no vote) leaves the choice to the
  facilitator (``None``).
* :func:`bars` – counts with their share in whole percent, for the result bars.
* :func:`is_stale`, :data:`MAX_AGE` – a session older than a day is closed when it is next read.
* :func:`transition_after` – which step of the workflow following a choice is ("next" or "finish").
* :func:`reached_the_end` – whether the room followed an answer that ends the case.
* :func:`summary` – per step played: the choices with their counts, the choice the room followed and the
  recommended (``best``) one.
* :func:`actor_card` – the information card on an actor from the trajectory data (the format is read
  defensively: the trajectory file is written in parallel).
* :func:`valid_voter_token` – the shape of the random token a phone keeps in its cookie.
"""

from __future__ import annotations

import datetime
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .data import pick

#: Letters and digits that cannot be mistaken for one another on a projector or a phone keyboard.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
#: A session closes itself when it is read this long after it started.
MAX_AGE = datetime.timedelta(days=1)
#: ``secrets.token_urlsafe(16)``: 22 characters of the URL-safe base64 alphabet.
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")


def new_code(taken: Iterable[str] = (), attempts: int = 50) -> str:
    """A random code (``secrets``) that is not in ``taken`` (the codes of the open sessions).

    With 25^6 ≈ 244 million codes a clash is rare; after ``attempts`` clashes in a row something is
    wrong (``taken`` is absurdly large) and :class:`RuntimeError` says so instead of looping forever.
    """
    taken = set(taken)
    for _ in range(attempts):
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code
    raise RuntimeError("no free session code found")


def normalise_code(raw: str | None) -> str:
    """What someone typed, as a code: upper case, without spaces, dashes or dots (``abc-123`` → ``ABC123``)."""
    return re.sub(r"[\s.\-_]", "", str(raw or "")).upper()[:32]


def looks_like_code(code: str) -> bool:
    """Exactly :data:`CODE_LENGTH` characters of :data:`ALPHABET` (checked before any database lookup)."""
    return len(code) == CODE_LENGTH and all(c in ALPHABET for c in code)


def valid_voter_token(token: str | None) -> bool:
    return bool(token) and _TOKEN.match(token) is not None


def tally(choice_keys: Iterable[str], votes: Iterable[str]) -> dict[str, int]:
    """Counts per choice, every choice present (0 without votes), in the order of ``choice_keys``.
    A vote for a key that is not a choice of the step is not counted."""
    counts = dict.fromkeys(choice_keys, 0)
    for vote in votes:
        if vote in counts:
            counts[vote] += 1
    return counts


def leaders(counts: Mapping[str, int]) -> list[str]:
    """The choices with the most votes (all of them when nobody voted), in the order of ``counts``."""
    top = max(counts.values(), default=0)
    return [key for key, n in counts.items() if n == top]


def default_follow(counts: Mapping[str, int]) -> str | None:
    """The choice the room follows unless the facilitator picks another: the one with the most votes.
    ``None`` when two or more share the most votes (nobody voted included): the facilitator decides."""
    top = leaders(counts)
    return top[0] if len(top) == 1 else None


@dataclass(frozen=True)
class Bar:
    key: str
    count: int
    percent: int  # of all votes, rounded half up; 0 when nobody voted


def bars(counts: Mapping[str, int]) -> list[Bar]:
    total = sum(counts.values())
    return [Bar(key, n, (200 * n + total) // (2 * total) if total else 0) for key, n in counts.items()]


def is_stale(started: datetime.datetime, now: datetime.datetime, max_age: datetime.timedelta = MAX_AGE) -> bool:
    """Older than ``max_age``: the session closes itself."""
    return now - started >= max_age


def transition_after(next_step: str | None) -> str:
    """Following a choice that leads to another step is ``next``; one that ends the case is ``finish``."""
    return "finish" if next_step is None else "next"


@dataclass(frozen=True)
class SummaryChoice:
    key: str
    label: str
    count: int
    percent: int
    followed: bool
    best: bool


@dataclass(frozen=True)
class SummaryStep:
    number: int
    key: str
    question: str
    votes: int
    choices: tuple[SummaryChoice, ...]
    followed: str | None  # the label of the choice the room followed; None: the session ended before
    best: str | None  # the label of the recommended choice; None: the step has none

    @property
    def followed_best(self) -> bool:
        return self.followed is not None and any(c.followed and c.best for c in self.choices)


def summary(case, history: Iterable[Mapping], language: str) -> list[SummaryStep]:
    """The steps the room played, from the session's history (``{"step", "counts", "followed"}`` per
    revealed step), against the case (a :class:`~werkbaar.knowledge.werkwijzer.data.Case`).

    A step that no longer exists in the case (the case file changed after the session) is left out.
    """
    rows = []
    for entry in history:
        step = case.step(entry.get("step"))
        if step is None:
            continue
        counts = tally([c.key for c in step.choices], [])
        counts.update({k: int(v) for k, v in (entry.get("counts") or {}).items() if k in counts})
        shares = {b.key: b.percent for b in bars(counts)}
        followed = entry.get("followed")
        choices = tuple(SummaryChoice(c.key, pick(c.label, language), counts[c.key], shares[c.key],
                                      c.key == followed, c.best) for c in step.choices)
        rows.append(SummaryStep(
            number=len(rows) + 1, key=step.key, question=pick(step.question, language), votes=sum(counts.values()),
            choices=choices, followed=next((c.label for c in choices if c.followed), None),
            best=next((c.label for c in choices if c.best), None)))
    return rows


def reached_the_end(case, history: list[Mapping]) -> bool:
    """Did the room follow an answer that ends the case (rather than stop half-way)?"""
    if not history:
        return False
    step = case.step(history[-1].get("step"))
    choice = step.choice(history[-1].get("followed")) if step else None
    return choice is not None and choice.next is None


def _texts(value, language: str) -> str:
    """A text of the trajectory file: a per-language mapping, or a plain string."""
    if isinstance(value, Mapping):
        return pick(value, language)
    return str(value) if isinstance(value, str) else ""


def _text_list(value, language: str) -> list[str]:
    if isinstance(value, list):
        return [t for t in (_texts(v, language) for v in value) if t]
    if isinstance(value, Mapping) and isinstance(value.get("nl"), list):
        chosen = value.get(language) if isinstance(value.get(language), list) else value["nl"]
        return [str(t) for t in chosen if t]
    text = _texts(value, language)
    return [text] if text else []


@dataclass(frozen=True)
class ActorCard:
    name: str
    role: str
    duties: tuple[str, ...]
    rule: str  # the trajectory step of the question, with its time limit, when the step names one
    confirmed: bool = True  # False: the step is marked ``confirmed: false`` (shown as "Not confirmed.")
    note: str = ""  # what is unsure about an unconfirmed step


def actor_card(trajectory: Mapping, actor: str, rule: str | None, language: str) -> ActorCard | None:
    """The information card of ``actor`` (and the trajectory step ``rule``), or None when the trajectory
    does not describe that actor.

    Read from the actor: ``name`` (or ``title``), ``role`` (or ``summary``/``description``) and
    ``obligations`` (or ``duties``; a list of texts or one text). From the step: its ``name`` (or
    ``title`` or ``what``), ``time_limit`` (or ``deadline``, or the structured ``time_limits`` of the
    shipped trajectory) and whether it is confirmed (``confirmed: false`` with its ``note``, as the case
    player's card shows it). Texts are per-language mappings or plain strings.
    """
    found = next((a for a in trajectory.get("actors") or [] if isinstance(a, Mapping) and a.get("key") == actor),
                 None)
    if found is None:
        return None

    def first(mapping, *names):
        return next((mapping[n] for n in names if mapping.get(n)), None)

    rule_text, confirmed, note = "", True, ""
    step = next((s for s in trajectory.get("steps") or [] if isinstance(s, Mapping) and rule and s.get("key") == rule),
                None)
    if step is not None:
        parts = [_texts(first(step, "name", "title", "what"), language), _texts(first(step, "time_limit", "deadline"),
                                                                                language)]
        if step.get("time_limits"):  # the shipped trajectory: structured limits, phrased by the case player's cards
            from .cards import limit_text

            parts += [limit_text(limit, language) for limit in step["time_limits"]]
        rule_text = " – ".join(p for p in parts if p)
        confirmed, note = step.get("confirmed") is not False, _texts(step.get("note"), language)
    return ActorCard(name=_texts(first(found, "name", "title"), language) or actor,
                     role=_texts(first(found, "role", "summary", "description"), language),
                     duties=tuple(_text_list(first(found, "obligations", "duties"), language)), rule=rule_text,
                     confirmed=confirmed, note=note)
