"""Instrument files: the YAML format of a workability questionnaire, its validation and its helpers.

This module owns the data model of an instrument (answer scales, items, scales, modules, languages)
and the rules every instrument file must satisfy. It is pure Python (no Django): the questionnaire,
the scoring engine and the CLI all load instruments through :func:`load_instrument`.

Format (see docs/instruments.md for the full description)::

    id: werkbaarheidsscan-basis
    version: "1.0"
    title: {nl: ..., nl-easy: ..., fr: ..., en: ...}
    description: {...}                  # optional, every language
    languages: [nl, nl-easy, fr, en]
    answer_scales:
      freq4:
        values: [1, 2, 3, 4]
        labels: {nl: [nooit, soms, vaak, altijd], ...}
        icons: [never, sometimes, often, always]      # optional pictogram keys, one per value
    items:
      - {id: wd1, answer_scale: freq4, text: {nl: ..., ...}}
    scales:
      - id: workload
        kind: risk                      # workability | risk | module
        title: {...}
        items: [wd1, wd2, wd3]
        reverse: [wd3]                  # optional, default []
        min_answered: 2                 # optional, default: half of the items rounded up
        higher_is: worse                # worse | better
        cutoffs: {problem: 50, acute: 75}
    modules:                            # optional
      - {id: dienstencheques, title: {...}, scales: [dc_travel, ...]}

A module lists the ids of scales (of kind ``module``) defined in ``scales:``; every module scale
belongs to exactly one module, and base scales (workability, risk) belong to none.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from werkbaar.core import untrusted

KINDS = ("workability", "risk", "module")
DIRECTIONS = ("worse", "better")
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
INSTRUMENT_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
LANGUAGE_RE = re.compile(r"^[a-z]{2}(-[a-z0-9]+)?$")
ICON_RE = re.compile(r"^[a-z][a-z0-9_-]*$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an instrument file."""

    file: str
    path: str
    problem: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.problem}"


class InstrumentError(ValueError):
    """Raised when an instrument file is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class AnswerScale:
    id: str
    values: tuple[int, ...]
    labels: dict[str, tuple[str, ...]]
    icons: tuple[str, ...] | None = None

    @property
    def min(self) -> int:
        return self.values[0]

    @property
    def max(self) -> int:
        return self.values[-1]

    def options(self, language: str) -> list[tuple[int, str, str | None]]:
        """(value, label, icon key or None) for every value, in order."""
        labels = self.labels[language]
        icons = self.icons or (None,) * len(self.values)
        return list(zip(self.values, labels, icons, strict=True))

    def label(self, value: int, language: str) -> str:
        return self.labels[language][self.values.index(value)]


@dataclass(frozen=True)
class Item:
    id: str
    answer_scale: str
    text: dict[str, str]


@dataclass(frozen=True)
class Scale:
    id: str
    kind: str
    title: dict[str, str]
    items: tuple[str, ...]
    reverse: tuple[str, ...]
    min_answered: int
    higher_is: str
    problem: float
    acute: float
    module: str | None = None

    @property
    def cutoffs(self) -> dict[str, float]:
        return {"problem": self.problem, "acute": self.acute}


@dataclass(frozen=True)
class Module:
    id: str
    title: dict[str, str]
    scales: tuple[str, ...]


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    title: dict[str, str]
    languages: tuple[str, ...]
    answer_scales: dict[str, AnswerScale]
    items: tuple[Item, ...]
    scales: tuple[Scale, ...]
    modules: tuple[Module, ...] = ()
    description: dict[str, str] = field(default_factory=dict)
    source: str = "<string>"

    # -- lookups ---------------------------------------------------------------------------------
    @cached_property
    def item_by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    @cached_property
    def scale_by_id(self) -> dict[str, Scale]:
        return {scale.id: scale for scale in self.scales}

    @cached_property
    def module_by_id(self) -> dict[str, Module]:
        return {module.id: module for module in self.modules}

    @cached_property
    def scale_of_item(self) -> dict[str, str]:
        return {item_id: scale.id for scale in self.scales for item_id in scale.items}

    @cached_property
    def scale_ids_by_kind(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {kind: [] for kind in KINDS}
        for scale in self.scales:
            out[scale.kind].append(scale.id)
        return out

    @property
    def item_ids(self) -> list[str]:
        return [item.id for item in self.items]

    def answer_scale_for(self, item_id: str) -> AnswerScale:
        return self.answer_scales[self.item_by_id[item_id].answer_scale]

    def scale_answer_scale(self, scale_id: str) -> AnswerScale:
        return self.answer_scale_for(self.scale_by_id[scale_id].items[0])

    # -- what a questionnaire asks -----------------------------------------------------------------
    def _check_modules(self, modules: Iterable[str] | None) -> list[str]:
        chosen = list(modules or [])
        unknown = [m for m in chosen if m not in self.module_by_id]
        if unknown:
            raise KeyError(f"unknown module(s) for {self.id}: {', '.join(unknown)}")
        return chosen

    def scales_for(self, modules: Iterable[str] | None = None) -> list[Scale]:
        """Base scales (workability, risk) plus the scales of the chosen modules, in file order."""
        chosen = set(self._check_modules(modules))
        return [s for s in self.scales if s.module is None or s.module in chosen]

    def items_for(self, modules: Iterable[str] | None = None) -> list[Item]:
        """Items to ask for the chosen modules, in file order."""
        wanted = {item_id for scale in self.scales_for(modules) for item_id in scale.items}
        return [item for item in self.items if item.id in wanted]

    # -- texts -----------------------------------------------------------------------------------
    def _lang(self, language: str) -> str:
        if language in self.languages:
            return language
        base = language.split("-")[0]
        if base in self.languages:
            return base
        return self.languages[0]

    def text(self, mapping: dict[str, str], language: str) -> str:
        """Pick a language from a title/text mapping, falling back to the base language, then the first."""
        return mapping[self._lang(language)]

    def title_in(self, language: str) -> str:
        return self.text(self.title, language)

    def item_text(self, item_id: str, language: str) -> str:
        return self.text(self.item_by_id[item_id].text, language)

    def scale_title(self, scale_id: str, language: str) -> str:
        return self.text(self.scale_by_id[scale_id].title, language)

    def module_title(self, module_id: str, language: str) -> str:
        return self.text(self.module_by_id[module_id].title, language)

    def labels_for(self, item_id: str, language: str) -> list[tuple[int, str, str | None]]:
        """(value, label, icon key) options of an item's answer scale in a language."""
        return self.answer_scale_for(item_id).options(self._lang(language))

    def __hash__(self) -> int:  # cached_property needs __dict__; identity by id and version
        return hash((self.id, self.version, self.source))


# ------------------------------------------------------------------------------------------------
# Loading and validation
# ------------------------------------------------------------------------------------------------


class _Checker:
    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []

    def add(self, path: str, problem: str) -> None:
        self.problems.append(Problem(self.source, path, problem))

    def keys(self, obj: dict, path: str, required: set[str], optional: set[str]) -> None:
        for key in sorted(required - set(obj)):
            self.add(f"{path}.{key}" if path else key, "is required")
        for key in sorted(set(obj) - required - optional, key=str):
            self.add(f"{path}.{key}" if path else str(key), "unknown key")

    def entries(self, data: dict, key: str, required: set[str], optional: set[str], optional_section: bool = False):
        """(index, path, mapping) for every well-formed entry of the list ``data[key]``."""
        raw = data.get(key)
        if raw is None and (optional_section or key not in data):
            return []
        if not isinstance(raw, list) or (not raw and not optional_section):
            self.add(key, "must be a list" if optional_section else "must be a non-empty list")
            return []
        out = []
        for i, spec in enumerate(raw):
            path = f"{key}[{i}]"
            if not isinstance(spec, dict):
                self.add(path, f"must be a mapping with {', '.join(sorted(required))}")
                continue
            self.keys(spec, path, required, optional)
            out.append((i, path, spec))
        return out

    def ident(self, value: Any, path: str, pattern: re.Pattern = ID_RE) -> str | None:
        if not isinstance(value, str) or not pattern.match(value):
            self.add(path, f"must be an id (lowercase letters, digits, underscore), got {value!r}")
            return None
        return value

    def texts(self, value: Any, path: str, languages: tuple[str, ...]) -> dict[str, str]:
        """A mapping language -> non-empty text with every language present."""
        if not isinstance(value, dict):
            self.add(path, "must be a mapping of language to text")
            return {}
        out: dict[str, str] = {}
        for lang in languages:
            text = value.get(lang)
            if text is None:
                self.add(f"{path}.{lang}", "missing translation")
            elif not isinstance(text, str) or not text.strip():
                self.add(f"{path}.{lang}", "must be a non-empty text")
            else:
                out[lang] = text.strip()
        for lang in value:
            if lang not in languages:
                self.add(f"{path}.{lang}", "language not listed in languages")
        return out

    def id_list(self, value: Any, path: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(path, "must be a list of ids")
            return []
        return [v for i, v in enumerate(value) if self.ident(v, f"{path}[{i}]")]


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class _StrictLoader(untrusted.BoundedLoader):
    """A safe YAML loader that refuses duplicate keys (plain YAML keeps the last one silently), and,
    as every loader of an uploaded file, anchors, aliases, deep nesting and huge documents."""

    def construct_mapping(self, node, deep=False):
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (ids must be unique)", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_instrument(path: str | Path) -> Instrument:
    """Load and validate an instrument YAML file; raises :class:`InstrumentError`."""
    path = Path(path)
    try:
        text = untrusted.read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentError([Problem(str(path), "", f"cannot read file: {exc}")]) from exc
    except untrusted.UntrustedFileError as exc:
        raise InstrumentError([Problem(str(path), "", str(exc))]) from exc
    return load_instrument_text(text, source=str(path))


def load_instrument_text(text: str, source: str = "<string>") -> Instrument:
    """Parse and validate instrument YAML text; ``source`` names the file in error messages.

    A document refused by :mod:`werkbaar.core.untrusted` (size, anchors/aliases, nesting) raises an
    :class:`InstrumentError` whose ``__cause__`` is the :class:`~werkbaar.core.untrusted.UntrustedFileError`.
    """
    try:
        data = untrusted.load_yaml(text, _StrictLoader)
    except untrusted.UntrustedFileError as exc:
        raise InstrumentError([Problem(source, "", str(exc))]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InstrumentError([Problem(source, where, f"invalid YAML: {problem}")]) from exc
    return instrument_from_dict(data, source=source)


def instrument_from_dict(data: Any, source: str = "<dict>") -> Instrument:
    """Validate an already parsed instrument document."""
    c = _Checker(source)
    if not isinstance(data, dict):
        raise InstrumentError([Problem(source, "", "the file must contain a mapping (id, version, title, ...)")])
    c.keys(
        data,
        "",
        {"id", "version", "title", "languages", "answer_scales", "items", "scales"},
        {"modules", "description"},
    )

    inst_id = data.get("id")
    if "id" in data and (not isinstance(inst_id, str) or not INSTRUMENT_ID_RE.match(inst_id)):
        c.add("id", f"must be a lowercase id (letters, digits, '-', '_', '.'), got {inst_id!r}")
    version = data.get("version")
    if "version" in data and (not isinstance(version, str) or not version.strip()):
        c.add("version", f'must be a quoted text such as "1.0", got {version!r}')

    # languages
    languages_raw = data.get("languages")
    languages: list[str] = []
    if not isinstance(languages_raw, list) or not languages_raw:
        if "languages" in data:
            c.add("languages", "must be a non-empty list of language codes")
    else:
        for i, lang in enumerate(languages_raw):
            if not isinstance(lang, str) or not LANGUAGE_RE.match(lang):
                c.add(f"languages[{i}]", f"not a language code: {lang!r}")
            elif lang in languages:
                c.add(f"languages[{i}]", f"duplicate language {lang!r}")
            else:
                languages.append(lang)
    langs = tuple(languages)

    title = c.texts(data.get("title"), "title", langs) if "title" in data else {}
    description = c.texts(data["description"], "description", langs) if data.get("description") is not None else {}

    # answer scales
    answer_scales: dict[str, AnswerScale] = {}
    raw_scales = data.get("answer_scales")
    if "answer_scales" in data and (not isinstance(raw_scales, dict) or not raw_scales):
        c.add("answer_scales", "must be a non-empty mapping of id to answer scale")
        raw_scales = {}
    for as_id, spec in (raw_scales or {}).items():
        path = f"answer_scales.{as_id}"
        if not c.ident(as_id, path):
            continue
        if not isinstance(spec, dict):
            c.add(path, "must be a mapping with values and labels")
            continue
        c.keys(spec, path, {"values", "labels"}, {"icons"})
        values = spec.get("values")
        ok = True
        if not isinstance(values, list) or len(values) < 2:
            c.add(f"{path}.values", "must be a list of at least two integers")
            ok = False
        elif not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            c.add(f"{path}.values", "every value must be an integer")
            ok = False
        elif any(b <= a for a, b in zip(values, values[1:], strict=False)):
            c.add(f"{path}.values", "values must be strictly increasing")
            ok = False
        n_values = len(values) if isinstance(values, list) else 0
        labels: dict[str, tuple[str, ...]] = {}
        raw_labels = spec.get("labels")
        if "labels" in spec and not isinstance(raw_labels, dict):
            c.add(f"{path}.labels", "must be a mapping of language to a list of labels")
        elif isinstance(raw_labels, dict):
            for lang in langs:
                lab = raw_labels.get(lang)
                lpath = f"{path}.labels.{lang}"
                if lab is None:
                    c.add(lpath, "missing translation")
                elif not isinstance(lab, list) or not all(isinstance(x, str) and x.strip() for x in lab):
                    c.add(lpath, "must be a list of non-empty labels")
                elif n_values and len(lab) != n_values:
                    c.add(lpath, f"has {len(lab)} labels for {n_values} values")
                else:
                    labels[lang] = tuple(x.strip() for x in lab)
            for lang in raw_labels:
                if lang not in langs:
                    c.add(f"{path}.labels.{lang}", "language not listed in languages")
        icons = spec.get("icons")
        if icons is not None:
            if not isinstance(icons, list) or not all(isinstance(x, str) and ICON_RE.match(x) for x in icons):
                c.add(f"{path}.icons", "must be a list of pictogram keys (lowercase words)")
                icons = None
            elif n_values and len(icons) != n_values:
                c.add(f"{path}.icons", f"has {len(icons)} pictograms for {n_values} values")
                icons = None
        if ok:
            answer_scales[as_id] = AnswerScale(
                id=as_id, values=tuple(values), labels=labels, icons=tuple(icons) if icons else None
            )
    declared_answer_scales = set((raw_scales or {}).keys())

    # items
    items: list[Item] = []
    item_ids: set[str] = set()
    for _, path, spec in c.entries(data, "items", {"id", "answer_scale", "text"}, set()):
        item_id = c.ident(spec.get("id"), f"{path}.id") if "id" in spec else None
        if item_id in item_ids:
            c.add(f"{path}.id", f"duplicate item id {item_id!r}")
        as_ref = spec.get("answer_scale")
        if "answer_scale" in spec and as_ref not in declared_answer_scales:
            c.add(f"{path}.answer_scale", f"unknown answer scale {as_ref!r}")
        text = c.texts(spec.get("text"), f"{path}.text", langs) if "text" in spec else {}
        if item_id and item_id not in item_ids:
            item_ids.add(item_id)
            items.append(Item(id=item_id, answer_scale=str(as_ref), text=text))
    item_by_id = {item.id: item for item in items}

    # modules (read before scales so that scales know their module)
    module_specs: list[tuple[int, dict, dict[str, str]]] = []
    module_ids: set[str] = set()
    module_of_scale: dict[str, str] = {}
    for m, path, spec in c.entries(data, "modules", {"id", "title", "scales"}, set(), optional_section=True):
        mod_id = c.ident(spec.get("id"), f"{path}.id") if "id" in spec else None
        if mod_id in module_ids:
            c.add(f"{path}.id", f"duplicate module id {mod_id!r}")
            continue
        mod_title = c.texts(spec.get("title"), f"{path}.title", langs) if "title" in spec else {}
        if mod_id:
            module_ids.add(mod_id)
            module_specs.append((m, spec, mod_title))
            for s_id in c.id_list(spec.get("scales"), f"{path}.scales"):
                if s_id in module_of_scale:
                    c.add(f"{path}.scales", f"scale {s_id!r} already belongs to module {module_of_scale[s_id]!r}")
                else:
                    module_of_scale[s_id] = mod_id
            if not spec.get("scales"):
                c.add(f"{path}.scales", "a module must add at least one scale")

    # scales
    scales: list[Scale] = []
    scale_ids: set[str] = set()
    item_owner: dict[str, str] = {}
    scale_keys = {"id", "kind", "title", "items", "higher_is", "cutoffs"}
    for _, path, spec in c.entries(data, "scales", scale_keys, {"reverse", "min_answered"}):
        scale_id = c.ident(spec.get("id"), f"{path}.id") if "id" in spec else None
        if scale_id in scale_ids:
            c.add(f"{path}.id", f"duplicate scale id {scale_id!r}")
            scale_id = None
        kind = spec.get("kind")
        if "kind" in spec and kind not in KINDS:
            c.add(f"{path}.kind", f"must be one of {', '.join(KINDS)}, got {kind!r}")
        scale_title = c.texts(spec.get("title"), f"{path}.title", langs) if "title" in spec else {}
        s_items = c.id_list(spec.get("items"), f"{path}.items")
        if "items" in spec and not s_items:
            c.add(f"{path}.items", "a scale needs at least one item")
        seen: set[str] = set()
        for j, item_id in enumerate(s_items):
            ipath = f"{path}.items[{j}]"
            if item_id in seen:
                c.add(ipath, f"item {item_id!r} listed twice")
            elif item_id not in item_ids:
                c.add(ipath, f"unknown item {item_id!r}")
            elif item_id in item_owner:
                c.add(ipath, f"item {item_id!r} already belongs to scale {item_owner[item_id]!r}")
            seen.add(item_id)
            if scale_id and item_id in item_ids:
                item_owner.setdefault(item_id, scale_id)
        answer_ids = {item_by_id[i].answer_scale for i in s_items if i in item_by_id}
        if len(answer_ids) > 1:
            c.add(
                f"{path}.items",
                f"items use different answer scales ({', '.join(sorted(answer_ids))}); a scale needs one",
            )
        reverse = c.id_list(spec.get("reverse"), f"{path}.reverse")
        for j, item_id in enumerate(reverse):
            if item_id not in seen:
                c.add(f"{path}.reverse[{j}]", f"item {item_id!r} is not an item of this scale")
        n_items = len(s_items)
        min_answered = spec.get("min_answered", max(1, math.ceil(n_items / 2)))
        if (
            not isinstance(min_answered, int)
            or isinstance(min_answered, bool)
            or not 1 <= min_answered <= max(n_items, 1)
        ):
            c.add(
                f"{path}.min_answered",
                f"must be an integer from 1 to {n_items} (the number of items), got {min_answered!r}",
            )
            min_answered = 1
        higher_is = spec.get("higher_is")
        if "higher_is" in spec and higher_is not in DIRECTIONS:
            c.add(f"{path}.higher_is", f"must be worse or better, got {higher_is!r}")
        cut = spec.get("cutoffs")
        problem = acute = math.nan
        if "cutoffs" in spec:
            if not isinstance(cut, dict):
                c.add(f"{path}.cutoffs", "must be a mapping with problem and acute")
            else:
                c.keys(cut, f"{path}.cutoffs", {"problem", "acute"}, set())
                p, a = cut.get("problem"), cut.get("acute")
                for key, val in (("problem", p), ("acute", a)):
                    if key in cut and (not _number(val) or not 0 <= val <= 100):
                        c.add(f"{path}.cutoffs.{key}", f"must be a number from 0 to 100, got {val!r}")
                if _number(p) and _number(a):
                    problem, acute = float(p), float(a)
                    if higher_is == "worse" and not problem < acute:
                        c.add(f"{path}.cutoffs", f"higher is worse, so problem ({p}) must be below acute ({a})")
                    if higher_is == "better" and not problem > acute:
                        c.add(f"{path}.cutoffs", f"higher is better, so problem ({p}) must be above acute ({a})")
        module = module_of_scale.get(scale_id) if scale_id else None
        if scale_id and kind == "module" and module is None:
            c.add(f"{path}.kind", f"scale {scale_id!r} has kind module but no module lists it")
        if scale_id and kind in ("workability", "risk") and module is not None:
            c.add(f"{path}.kind", f"scale {scale_id!r} is listed by module {module!r}, so its kind must be module")
        if scale_id:
            scale_ids.add(scale_id)
            scales.append(
                Scale(
                    id=scale_id,
                    kind=str(kind),
                    title=scale_title,
                    items=tuple(s_items),
                    reverse=tuple(reverse),
                    min_answered=min_answered,
                    higher_is=str(higher_is),
                    problem=problem,
                    acute=acute,
                    module=module,
                )
            )

    # cross references
    for m, spec, _ in module_specs:
        for j, s_id in enumerate(spec.get("scales") or []):
            if isinstance(s_id, str) and ID_RE.match(s_id) and s_id not in scale_ids:
                c.add(f"modules[{m}].scales[{j}]", f"unknown scale {s_id!r}")
    for i, item in enumerate(items):
        if item.id not in item_owner:
            c.add(f"items[{i}]", f"item {item.id!r} belongs to no scale")
    all_ids: dict[str, str] = {}
    for kind, ids in (
        ("item", [i.id for i in items]),
        ("scale", [s.id for s in scales]),
        ("module", sorted(module_ids)),
    ):
        for x in ids:
            if x in all_ids and all_ids[x] != kind:
                c.add(f"{kind}s", f"id {x!r} is used by both an {all_ids[x]} and a {kind}")
            all_ids.setdefault(x, kind)

    if c.problems:
        raise InstrumentError(c.problems)

    modules = tuple(
        Module(id=spec["id"], title=mod_title, scales=tuple(spec["scales"])) for _, spec, mod_title in module_specs
    )
    return Instrument(
        id=inst_id,
        version=version.strip(),
        title=title,
        languages=langs,
        answer_scales=answer_scales,
        items=tuple(items),
        scales=tuple(scales),
        modules=modules,
        description=description,
        source=source,
    )


# ------------------------------------------------------------------------------------------------
# Shipped instruments
# ------------------------------------------------------------------------------------------------

INSTRUMENTS_DIR = Path(__file__).resolve().parent / "instruments"


def shipped_instruments() -> dict[str, Instrument]:
    """Every instrument shipped in ``werkbaar/analysis/instruments/``, by id."""
    out: dict[str, Instrument] = {}
    for path in sorted(INSTRUMENTS_DIR.glob("*.yaml")):
        inst = _load_cached(str(path), path.stat().st_mtime_ns)
        out[inst.id] = inst
    return out


_CACHE: dict[tuple[str, int], Instrument] = {}


def _load_cached(path: str, mtime: int) -> Instrument:
    key = (path, mtime)
    if key not in _CACHE:
        _CACHE[key] = load_instrument(path)
    return _CACHE[key]


def get_shipped(instrument_id: str) -> Instrument:
    """A shipped instrument by id; raises KeyError for an unknown id."""
    instruments = shipped_instruments()
    if instrument_id not in instruments:
        raise KeyError(f"no shipped instrument {instrument_id!r} (known: {', '.join(sorted(instruments))})")
    return instruments[instrument_id]


def resolve_instrument(ref: str | Path) -> Instrument:
    """A path to an instrument file, or the id of a shipped instrument."""
    path = Path(ref)
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        return load_instrument(path)
    try:
        return get_shipped(str(ref))
    except KeyError:
        raise InstrumentError(
            [
                Problem(
                    str(ref),
                    "",
                    f"no such file and no shipped instrument with this id (known: {', '.join(sorted(shipped_instruments()))})",
                )
            ]
        ) from None
