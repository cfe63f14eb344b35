"""Workflows declared once as data: states, transitions, and who may take each transition.

A workflow is a table. Views and APIs never change a state field themselves; they call
``workflow.apply(obj, transition_name, user)``, which checks the source state and the permission
in one place, saves the object and records the step in the audit trail.

Every step taken is announced once its transaction commits (:data:`transition_applied`, sent by
:func:`announce` as ``"<workflow>:<transition>"``); outside listeners (the API's webhooks) hang on
that signal instead of on views. A service that records a fact without a transition announces it
with the same function.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from . import audit

#: Sent after the commit of a step (``event="<workflow>:<transition>"``) or of an announced fact; ``obj``.
transition_applied = Signal()


def announce(event: str, obj) -> None:
    """Send :data:`transition_applied` for ``obj`` when the current transaction commits (never for a rollback)."""
    transaction.on_commit(lambda: transition_applied.send(sender=type(obj), event=event, obj=obj))


class TransitionNotAllowed(Exception):
    """The transition does not start from the object's state, or the user may not take it."""


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    label: str
    allowed: Callable[[object, object], bool] = field(default=lambda user, obj: True)
    #: Extra check on the object; returns a list of problems (empty when the transition may go ahead).
    check: Callable[[object], list[str]] | None = None
    confirm: str = ""
    needs_note: bool = False


@dataclass
class Workflow:
    name: str
    states: dict[str, str]
    transitions: list[Transition]
    initial: str
    field: str = "status"
    final: frozenset[str] = frozenset()

    def __post_init__(self):
        names = [t.name for t in self.transitions]
        if len(names) != len(set(names)):
            raise ValueError(f"{self.name}: duplicate transition names")
        for t in self.transitions:
            unknown = {t.target, *t.sources} - set(self.states)
            if unknown:
                raise ValueError(f"{self.name}: transition {t.name} uses unknown states {sorted(unknown)}")
        if self.initial not in self.states:
            raise ValueError(f"{self.name}: unknown initial state {self.initial}")

    def transition(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise TransitionNotAllowed(_("Unknown step: %(name)s") % {"name": name})

    def state_label(self, state: str) -> str:
        return str(self.states.get(state, state))

    def available(self, obj, user) -> list[Transition]:
        """Transitions the user may take from the object's current state."""
        state = getattr(obj, self.field)
        return [t for t in self.transitions if state in t.sources and t.allowed(user, obj)]

    def can(self, obj, name: str, user) -> bool:
        try:
            self.check(obj, name, user)
        except TransitionNotAllowed:
            return False
        return True

    def check(self, obj, name: str, user) -> Transition:
        t = self.transition(name)
        state = getattr(obj, self.field)
        if state not in t.sources:
            raise TransitionNotAllowed(
                _("“%(step)s” is not possible from the state “%(state)s”.")
                % {"step": t.label, "state": self.state_label(state)}
            )
        if not t.allowed(user, obj):
            raise TransitionNotAllowed(_("You may not take the step “%(step)s”.") % {"step": t.label})
        if t.check is not None:
            problems = t.check(obj)
            if problems:
                raise TransitionNotAllowed("; ".join(str(p) for p in problems))
        return t

    def apply(self, obj, name: str, user, note: str = "", root=None, on_apply: Callable | None = None) -> Transition:
        """Check and take a transition, save the object and record it. Runs in one transaction.

        The object's row is locked first (``select_for_update``) and its state re-read from the
        database: of two people taking a step at once (two reviewers approving, a double click), the
        second waits for the first to commit and is then checked against the new state, so a step is
        never taken twice from a stale page. (SQLite serialises writers instead of locking rows.)
        """
        with transaction.atomic():
            if obj.pk is not None:
                locked = type(obj)._default_manager.select_for_update().only(self.field).get(pk=obj.pk)
                setattr(obj, self.field, getattr(locked, self.field))
            t = self.check(obj, name, user)
            if t.needs_note and not note.strip():
                raise TransitionNotAllowed(_("Please give a reason for “%(step)s”.") % {"step": t.label})
            before = getattr(obj, self.field)
            setattr(obj, self.field, t.target)
            if on_apply is not None:
                on_apply(obj, t)
            obj.save()
            audit.record(
                user, obj, f"transition:{t.name}", {self.field: before}, {self.field: t.target}, root=root, note=note
            )
            announce(f"{self.name}:{t.name}", obj)
        return t

    def as_table(self) -> list[tuple[str, str, str]]:
        """(from, step, to) rows, for documentation and admin pages."""
        return [(", ".join(t.sources), t.name, t.target) for t in self.transitions]
