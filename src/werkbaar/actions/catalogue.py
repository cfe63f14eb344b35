"""The catalogue file of the inspiration menu: validation, loading into the database, export.

``validate(data)`` is pure and returns a list of problems (path, message). ``load(path)`` upserts
every action by its ``key`` (idempotent) and records each change in the audit trail.
``export_rows(actions)`` gives the JSON/CSV shape shared by `werkbaar export-catalogue`.
"""

from pathlib import Path

import yaml
from django.db import transaction

from werkbaar.core import audit, untrusted

from .models import Action, join_tags
from .taxonomy import Actor, Effort, Horizon, Level, Scope, Theme, indicators

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "catalogue.yaml"
LANGUAGES = ("nl", "fr", "en")
TAG_FIELDS = {
    "theme": Theme,
    "level": Level,
    "horizon": Horizon,
    "scope": Scope,
    "effort": Effort,
}


class CatalogueError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def validate(data, known_indicators: list[str] | None = None) -> list[str]:
    """Problems in a parsed catalogue file, each as 'actions[i].field: message'."""
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("actions"), list):
        return ["file: expected a mapping with a list 'actions'"]
    known = set(known_indicators if known_indicators is not None else indicators())
    seen: set[str] = set()
    for i, entry in enumerate(data["actions"]):
        where = f"actions[{i}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        key = entry.get("key")
        if not key or not isinstance(key, str):
            problems.append(f"{where}.key: missing")
        elif key in seen:
            problems.append(f"{where}.key: duplicate key {key!r}")
        else:
            seen.add(key)
        for name in ("title", "description"):
            texts = entry.get(name)
            if not isinstance(texts, dict) or not str(texts.get("nl", "")).strip():
                problems.append(f"{where}.{name}: a Dutch (nl) text is required")
            elif set(texts) - set(LANGUAGES):
                problems.append(f"{where}.{name}: unknown languages {sorted(set(texts) - set(LANGUAGES))}")
        if not isinstance(entry.get("title"), dict) or not entry["title"].get("en"):
            problems.append(f"{where}.title: an English (en) title is required")
        for name, choices in TAG_FIELDS.items():
            if entry.get(name) not in choices.values:
                problems.append(f"{where}.{name}: {entry.get(name)!r} is not one of {list(choices.values)}")
        inds = entry.get("indicators") or []
        if not inds:
            problems.append(f"{where}.indicators: at least one indicator is required")
        for ind in inds:
            if ind not in known:
                problems.append(f"{where}.indicators: unknown indicator {ind!r}")
        actors = entry.get("actors") or []
        if not actors:
            problems.append(f"{where}.actors: at least one actor is required")
        for actor in actors:
            if actor not in Actor.values:
                problems.append(f"{where}.actors: unknown actor {actor!r}")
        if not entry.get("source"):
            problems.append(f"{where}.source: a source reference is required")
    return problems


def read(path: Path | str = CATALOGUE_FILE) -> dict:
    """The parsed and validated file; read like any untrusted file (size, no anchors, bounded nesting)."""
    try:
        data = untrusted.load_yaml(untrusted.read_text(path))
    except (UnicodeDecodeError, yaml.YAMLError, untrusted.UntrustedFileError) as exc:
        raise CatalogueError([f"{path}: {exc}"]) from exc
    problems = validate(data)
    if problems:
        raise CatalogueError([f"{path}: {p}" for p in problems])
    return data


def fields_from_entry(entry: dict) -> dict:
    title, description = entry["title"], entry["description"]
    fields = {f"title_{lang}": title.get(lang, "") for lang in LANGUAGES}
    fields.update({f"description_{lang}": description.get(lang, "") for lang in LANGUAGES})
    fields.update({name: entry[name] for name in TAG_FIELDS})
    fields["indicators"] = join_tags(entry["indicators"])
    fields["actors"] = join_tags(entry["actors"])
    fields["source"] = entry["source"]
    return fields


def load(path: Path | str = CATALOGUE_FILE, user=None) -> tuple[int, int, int]:
    """Upsert the catalogue's actions by key. Returns (created, updated, unchanged)."""
    data = read(path)
    created = updated = unchanged = 0
    with transaction.atomic():
        for entry in data["actions"]:
            fields = fields_from_entry(entry)
            action = Action.objects.filter(key=entry["key"]).first()
            if action is None:
                action = Action.objects.create(key=entry["key"], from_catalogue=True, **fields)
                audit.record(user, action, "create", None, audit.snapshot(action), note="catalogue file")
                created += 1
                continue
            before = audit.snapshot(action)
            changed = {k: v for k, v in fields.items() if getattr(action, k) != v}
            if not changed:
                unchanged += 1
                continue
            for k, v in changed.items():
                setattr(action, k, v)
            action.from_catalogue = True
            action.save()
            audit.record(user, action, "update", before, audit.snapshot(action), note="catalogue file")
            updated += 1
    return created, updated, unchanged


EXPORT_TAGS = ("theme", "level", "horizon", "scope", "effort")


def export_entry(action: Action) -> dict:
    """One action in the exchange format of `werkbaar export-catalogue --format json`."""
    return {
        "id": action.key,
        "title": {lang: getattr(action, f"title_{lang}") for lang in LANGUAGES if getattr(action, f"title_{lang}")},
        "description": {
            lang: getattr(action, f"description_{lang}") for lang in LANGUAGES if getattr(action, f"description_{lang}")
        },
        "indicators": action.indicator_list,
        **{name: getattr(action, name) for name in EXPORT_TAGS},
        "actors": action.actor_list,
        "source": action.source,
        "sector": action.sector.code if action.sector_id else None,
    }


CSV_COLUMNS = (
    ["id"] + [f"title_{lang}" for lang in LANGUAGES] + [f"description_{lang}" for lang in LANGUAGES]
    + ["indicators", *EXPORT_TAGS, "actors", "source", "sector"]
)


def export_csv_row(action: Action) -> list[str]:
    entry = export_entry(action)
    return (
        [entry["id"]]
        + [entry["title"].get(lang, "") for lang in LANGUAGES]
        + [entry["description"].get(lang, "") for lang in LANGUAGES]
        + [";".join(entry["indicators"])]
        + [entry[name] for name in EXPORT_TAGS]
        + [";".join(entry["actors"]), entry["source"], entry["sector"] or ""]
    )
