"""Demo content of the public knowledge platform, loaded by `werkbaar loaddemo` after actions (idempotent).

Reads ``knowledge/data/demo_items.yaml``: items of the five kinds (good practices, tools, research,
measures, legislation), written for Werkbaar. Each item is found by its slug and updated in place, so
loading twice changes nothing. Dates in the file are relative to the day of loading: most items are
published and reviewed recently, a few have a review older than ``KNOWLEDGE_REVIEW_AFTER_DAYS`` (the
review-due list), one measure's deadline has passed (the finder leaves it out), and two items are
still a draft or in review (work for the editors). The status is part of the demo content, as a
fixture: no workflow step is taken here. Each item gets its first version (``versions.record``) once.
"""

from datetime import timedelta
from pathlib import Path

import yaml
from django.utils import timezone

from werkbaar.actions.models import Action, join_tags
from werkbaar.core.models import Sector, User

from . import versions
from .models import LANGUAGES, TRANSLATED, Item, Status

DATA = Path(__file__).with_name("data") / "demo_items.yaml"
#: Plain fields copied from the file as they are (empty when absent).
PLAIN = ("kind", "company_name", "authors", "publisher", "link", "source", "contact_name")


def entries() -> list[dict]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def _days_ago(now, days):
    return None if days is None else now - timedelta(days=days)


def _fields(entry: dict, now, users: dict, sectors: dict) -> dict:
    status = entry.get("status", Status.PUBLISHED)
    published = status == Status.PUBLISHED
    fields = {name: entry.get(name) or "" for name in PLAIN}
    fields.update(
        status=status, year=entry.get("year"), anonymised=not entry.get("company_name"),
        audiences=join_tags(entry.get("audiences")), regions=join_tags(entry.get("regions")),
        company_sizes=join_tags(entry.get("sizes")), themes=join_tags(entry.get("themes")),
        deadline=(now.date() + timedelta(days=entry["deadline_in_days"])) if "deadline_in_days" in entry else None,
        owner=users.get(entry.get("owner")), owner_sector=sectors.get(entry.get("owner_sector")),
        published_at=_days_ago(now, entry.get("published_days_ago")) if published else None,
        reviewed_at=_days_ago(now, entry.get("reviewed_days_ago")) if published else None,
        reviewed_by=users.get("department") if published else None,
    )
    for name in TRANSLATED:
        for language in LANGUAGES:
            fields[f"{name}_{language}"] = (entry.get(language) or {}).get(name, "")
    return fields


def load(stdout) -> None:
    now = timezone.now()
    data = entries()
    users = User.objects.in_bulk({e["owner"] for e in data} | {"department"}, field_name="username")
    sectors = Sector.objects.in_bulk([s for e in data for s in e.get("sectors", []) + [e.get("owner_sector")] if s],
                                     field_name="code")
    actions = Action.objects.in_bulk([k for e in data for k in e.get("actions", [])], field_name="key")
    created = 0
    for entry in data:
        item, new = Item.objects.update_or_create(slug=entry["slug"], defaults=_fields(entry, now, users, sectors))
        created += new
        item.sectors.set([sectors[code] for code in entry.get("sectors", []) if code in sectors])
        item.related_actions.set([actions[key] for key in entry.get("actions", []) if key in actions])
        if not item.versions.exists():  # the editor's history starts with the demo text (once)
            versions.record(item, item.owner, note="Demo-inhoud")
    stdout.write(f"  knowledge: {len(data)} demo items ({created} new)")
