"""Playing a WerkWijzer case: the user's path of choices replayed over the case graph (pure, no Django).

The case player keeps no state on the server: the page's address carries the keys of the choices made
so far (``?c=ask&c=go-prepared``), and :func:`replay` walks them from the case's start step. The result
says which turns were taken, which step comes next (``None`` once the case has ended) and, for the
summary, how each choice compares with the recommended one.

- ``replay(case, keys) -> Position``; raises :class:`PathError` for an unknown choice, a choice after
  the end, or a path longer than ``MAX_TURNS``.
- ``Position.summary() -> list[Turn]`` and ``Position.score() -> (recommended choices, turns)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .data import Case, Choice, Step

#: A case has at most 8 steps; a path can revisit a step, but never needs more turns than this.
MAX_TURNS = 40


class PathError(ValueError):
    """The path does not fit the case; ``code`` is ``unknown_choice``, ``after_end`` or ``too_long``."""

    def __init__(self, code: str, turn: int):
        super().__init__(f"{code} at turn {turn}")
        self.code, self.turn = code, turn


@dataclass(frozen=True)
class Turn:
    step: Step
    choice: Choice

    @property
    def recommended(self) -> Choice | None:
        return next((c for c in self.step.choices if c.best), None)

    @property
    def followed_advice(self) -> bool:
        return self.choice.best or self.recommended is None


@dataclass(frozen=True)
class Position:
    case: Case
    turns: tuple[Turn, ...]
    current: Step | None  # the step to answer next; None once the case has ended

    @property
    def ended(self) -> bool:
        return self.current is None

    @property
    def last(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    def keys(self) -> list[str]:
        return [t.choice.key for t in self.turns]

    def score(self) -> tuple[int, int]:
        return sum(1 for t in self.turns if t.followed_advice), len(self.turns)


def replay(case: Case, keys: list[str]) -> Position:
    if len(keys) > MAX_TURNS:
        raise PathError("too_long", MAX_TURNS + 1)
    step: Step | None = case.step(case.start)
    turns = []
    for i, key in enumerate(keys, start=1):
        if step is None:
            raise PathError("after_end", i)
        choice = step.choice(key)
        if choice is None:
            raise PathError("unknown_choice", i)
        turns.append(Turn(step, choice))
        step = case.step(choice.next) if choice.next else None
    return Position(case=case, turns=tuple(turns), current=step)
