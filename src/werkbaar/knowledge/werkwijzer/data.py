"""The WerkWijzer data files, read once and checked: the trajectory (actors, steps, sources) and the cases.

``trajectory.yaml`` holds the actors of a re-integration trajectory, its steps with their time limits and
the federal sources each rule rests on. ``cases/*.yaml`` hold the interactive cases: a case is a graph of
steps, each step asks what one actor does and offers choices; a choice has a consequence and leads to the
next step (or ends the case). Texts are keyed by language: ``nl`` (required), ``fr``, ``en`` and
``nl_easy`` (easy-read Dutch); :func:`pick` falls back to Dutch.

Pure Python (no database): the case player, the facilitator mode and the tests all read through here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from werkbaar.core.untrusted import load_yaml

HERE = Path(__file__).resolve().parent
LANGUAGES = ("nl", "fr", "en", "nl_easy")
VIEWPOINTS = ("worker", "employer", "consultant", "union_delegate")


class DataError(ValueError):
    """A WerkWijzer data file breaks the format; the message names the file and the place."""


def pick(texts: dict[str, str] | None, language: str = "nl") -> str:
    """The text in ``language`` (``nl``, ``fr``, ``en`` or ``nl_easy``), else the Dutch text."""
    texts = texts or {}
    return texts.get(language) or texts.get("nl", "")


@dataclass(frozen=True)
class Choice:
    key: str
    label: dict
    consequence: dict
    next: str | None  # None ends the case
    best: bool = False


@dataclass(frozen=True)
class Step:
    key: str
    actor: str
    situation: dict
    question: dict
    choices: tuple[Choice, ...]
    rule: str | None = None  # a step key of the trajectory, for the information card's time limit

    def choice(self, key: str) -> Choice | None:
        return next((c for c in self.choices if c.key == key), None)


@dataclass(frozen=True)
class Case:
    key: str
    viewpoint: str
    title: dict
    intro: dict
    start: str
    steps: dict[str, Step]
    end: dict
    languages: tuple[str, ...] = field(default=("nl", "fr"))

    def step(self, key: str) -> Step | None:
        return self.steps.get(key)

    def path_length(self) -> int:
        """The number of steps on the path of the best choices (what a facilitator plans a session on)."""
        seen, key, count = set(), self.start, 0
        while key and key not in seen:
            seen.add(key)
            count += 1
            best = next((c for c in self.steps[key].choices if c.best), self.steps[key].choices[0])
            key = best.next
        return count


def _texts(raw, where: str, required: tuple[str, ...] = ("nl",)) -> dict:
    if not isinstance(raw, dict):
        raise DataError(f"{where}: expected texts per language ({', '.join(LANGUAGES)})")
    unknown = set(raw) - set(LANGUAGES)
    if unknown:
        raise DataError(f"{where}: unknown language {sorted(unknown)}")
    for language in required:
        if not str(raw.get(language) or "").strip():
            raise DataError(f"{where}: the {language} text is missing")
    return {k: str(v).strip() for k, v in raw.items()}


def parse_case(raw: dict, name: str = "case", actors: frozenset[str] | None = None,
               rules: frozenset[str] | None = None) -> Case:
    """Check one case file's content and build the :class:`Case`; every problem raises :class:`DataError`.

    ``actors`` and ``rules`` (the trajectory's actor and step keys), when given, are the only keys a step
    may name as its ``actor`` and its ``rule``.
    """
    if not isinstance(raw, dict):
        raise DataError(f"{name}: not a mapping")
    languages = tuple(raw.get("languages") or ("nl", "fr"))
    viewpoint = raw.get("viewpoint")
    if viewpoint not in VIEWPOINTS:
        raise DataError(f"{name}: viewpoint must be one of {', '.join(VIEWPOINTS)}")
    steps: dict[str, Step] = {}
    for i, s in enumerate(raw.get("steps") or []):
        where = f"{name}: step {i + 1}"
        key = s.get("key")
        if not key or key in steps:
            raise DataError(f"{where}: a missing or repeated key")
        if actors is not None and s.get("actor") not in actors:
            raise DataError(f"{where}: unknown actor {s.get('actor')!r}")
        if rules is not None and s.get("rule") is not None and s.get("rule") not in rules:
            raise DataError(f"{where}: unknown rule {s.get('rule')!r}")
        choices = []
        for j, c in enumerate(s.get("choices") or []):
            cw = f"{where}, choice {j + 1}"
            choices.append(Choice(key=str(c.get("key") or ""), label=_texts(c.get("label"), cw, languages),
                                  consequence=_texts(c.get("consequence"), cw, languages),
                                  next=c.get("next"), best=bool(c.get("best", False))))
        if len(choices) < 2:
            raise DataError(f"{where}: a step needs at least two choices")
        if len({c.key for c in choices}) != len(choices) or not all(c.key for c in choices):
            raise DataError(f"{where}: choice keys must be present and different")
        steps[key] = Step(key=key, actor=s.get("actor", ""), rule=s.get("rule"),
                          situation=_texts(s.get("situation"), where, languages),
                          question=_texts(s.get("question"), where, languages), choices=tuple(choices))
    if not steps:
        raise DataError(f"{name}: no steps")
    start = raw.get("start") or next(iter(steps))
    for step in steps.values():
        for c in step.choices:
            if c.next is not None and c.next not in steps:
                raise DataError(f"{name}: step {step.key}, choice {c.key} leads to unknown step {c.next!r}")
    if start not in steps:
        raise DataError(f"{name}: start step {start!r} does not exist")
    return Case(key=str(raw.get("key") or name), viewpoint=viewpoint, title=_texts(raw.get("title"), name, languages),
                intro=_texts(raw.get("intro"), name, languages), start=start, steps=steps,
                end=_texts(raw.get("end"), name, languages), languages=languages)


@lru_cache(maxsize=1)
def trajectory() -> dict:
    """The trajectory file as read (actors, steps, sources); its checks live in the tests and the loader."""
    path = HERE / "trajectory.yaml"
    return load_yaml(path.read_text("utf-8")) if path.exists() else {"actors": [], "steps": [], "sources": []}


def actor_keys() -> frozenset[str]:
    return frozenset(a["key"] for a in trajectory().get("actors", []))


def rule_keys() -> frozenset[str]:
    return frozenset(s["key"] for s in trajectory().get("steps", []))


def actor(key: str) -> dict | None:
    """One actor of the trajectory as read (key, name, role, obligations, sources, note)."""
    return next((a for a in trajectory().get("actors", []) if a.get("key") == key), None)


def rule(key: str | None) -> dict | None:
    """One step (rule) of the trajectory as read (key, who, what, time_limits, sources, confirmed, note)."""
    return next((s for s in trajectory().get("steps", []) if s.get("key") == key), None) if key else None


def source(key: str) -> dict | None:
    return next((s for s in trajectory().get("sources", []) if s.get("key") == key), None)


TIME_UNITS = ("calendar_days", "working_days", "weeks", "months")
TIME_KINDS = ("within", "not_before", "interval", "after")


def check_trajectory(data: dict) -> list[str]:
    """The problems of a trajectory file (empty when it is sound): every step names known actors, cites a
    known source or is marked ``confirmed: false`` with a note, and has positive time limits of a known
    unit and kind; every actor has a role and obligations in Dutch and French."""
    problems = []
    sources = {s.get("key") for s in data.get("sources") or []}
    for s in data.get("sources") or []:
        if not (s.get("title") and str(s.get("url", "")).startswith(("http://", "https://"))):
            problems.append(f"source {s.get('key')!r}: needs a title and a URL")
    if not data.get("consulted"):
        problems.append("file: say when the sources were consulted (consulted)")
    actors = {a.get("key") for a in data.get("actors") or []}
    for a in data.get("actors") or []:
        where = f"actor {a.get('key')!r}"
        for language in ("nl", "fr"):
            if not (a.get("name") or {}).get(language) or not (a.get("role") or {}).get(language):
                problems.append(f"{where}: the {language} name or role is missing")
            if not a.get("obligations") or not all(o.get(language) for o in a["obligations"]):
                problems.append(f"{where}: the {language} obligations are missing")
        problems += [f"{where}: unknown source {k!r}" for k in a.get("sources") or [] if k not in sources]
    seen = set()
    for s in data.get("steps") or []:
        where = f"step {s.get('key')!r}"
        if not s.get("key") or s["key"] in seen:
            problems.append(f"{where}: a missing or repeated key")
        seen.add(s.get("key"))
        if not s.get("who"):
            problems.append(f"{where}: nobody acts")
        problems += [f"{where}: unknown actor {k!r}" for k in s.get("who") or [] if k not in actors]
        if not (s.get("what") or {}).get("nl") or not (s.get("what") or {}).get("fr"):
            problems.append(f"{where}: the nl or fr text is missing")
        cited = s.get("sources") or []
        problems += [f"{where}: unknown source {k!r}" for k in cited if k not in sources]
        if s.get("confirmed") is not True and s.get("confirmed") is not False:
            problems.append(f"{where}: say whether the rule is confirmed (true or false)")
        if s.get("confirmed") is False and not (s.get("note") or {}).get("nl"):
            problems.append(f"{where}: an unconfirmed rule needs a note saying what is unsure")
        if s.get("confirmed") is True and not cited:
            problems.append(f"{where}: a confirmed rule cites at least one source")
        for limit in s.get("time_limits") or []:
            value = limit.get("value")
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                problems.append(f"{where}: a time limit must be a positive whole number, not {value!r}")
            if limit.get("unit") not in TIME_UNITS or limit.get("kind") not in TIME_KINDS:
                problems.append(f"{where}: unknown unit {limit.get('unit')!r} or kind {limit.get('kind')!r}")
            if not (limit.get("from") or {}).get("nl"):
                problems.append(f"{where}: say what the time limit is counted from")
    return problems


@lru_cache(maxsize=1)
def cases() -> dict[str, Case]:
    """Every shipped case by key, in file-name order."""
    actors, rules = actor_keys() or None, rule_keys() or None
    found = {}
    for path in sorted((HERE / "cases").glob("*.yaml")):
        case = parse_case(load_yaml(path.read_text("utf-8")), path.name, actors, rules)
        found[case.key] = case
    return found


def case(key: str) -> Case | None:
    return cases().get(key)
