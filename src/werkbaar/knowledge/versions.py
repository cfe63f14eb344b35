"""Versions of knowledge items: what an editor saved, and how to go back to it.

Pure functions over plain data (no queries):

* ``snapshot(item, sector_ids, action_ids) -> dict``: the content as JSON (every translated field in
  every language, the case, research and measure fields, the tags, the sectors and related actions);
* ``diff(old, new) -> list[Change]``: the fields that differ, in the order of ``CONTENT_FIELDS``;
* ``values_from(content) -> (fields, sector_ids, action_ids)``: a stored content back as field values
  (a field missing from an old version is blank, unknown keys are ignored);
* ``next_number(last)``.

Storing (one transaction, the item's row locked so two saves never get the same number):
``record(item, user, note)`` and ``restore(item, version, user)``.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext

from werkbaar.core import audit
from werkbaar.reporting.rules import word_diff

from .models import LANGUAGES, TRANSLATED, Item, ItemVersion
from .rules import EDITABLE_STATES, keep_workflow_fields, note_author


class NotEditable(Exception):
    """The item was published or archived meanwhile: its content is not changed in place."""

#: Every field a version keeps, in display order (the M2M ``sectors`` and ``related_actions`` follow).
CONTENT_FIELDS = (
    "kind", "slug",
    *[f"{name}_{lang}" for name in TRANSLATED for lang in LANGUAGES],
    "company_name", "anonymised", "contact_name", "contact_email", "contact_consent",
    "authors", "publisher", "year", "link",
    "audiences", "regions", "company_sizes", "deadline", "source", "themes", "owner_sector",
)
RELATIONS = ("sectors", "related_actions")
_BOOLEANS = {"anonymised", "contact_consent"}
_BLANK_NONE = {"year", "deadline", "owner_sector"}


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    return value


def snapshot(item, sector_ids, action_ids) -> dict:
    content = {}
    for name in CONTENT_FIELDS:
        attr = f"{name}_id" if name == "owner_sector" else name
        content[name] = _plain(getattr(item, attr))
    content["sectors"] = sorted(int(s) for s in sector_ids)
    content["related_actions"] = sorted(int(a) for a in action_ids)
    return content


@dataclass(frozen=True)
class Change:
    field: str
    before: object
    after: object

    @property
    def words(self) -> list[tuple[str, str]]:
        def text(v):
            if isinstance(v, bool):  # a checkbox reads as yes/no in the reader's language, not True/False
                return gettext("yes") if v else gettext("no")
            return "" if v is None else ", ".join(map(str, v)) if isinstance(v, list) else str(v)
        return word_diff(text(self.before), text(self.after))


def diff(old: dict, new: dict) -> list[Change]:
    out = []
    for name in (*CONTENT_FIELDS, *RELATIONS):
        before, after = old.get(name), new.get(name)
        if (before in ("", None, [])) and (after in ("", None, [])):
            continue
        if before != after:
            out.append(Change(name, before, after))
    return out


def values_from(content: dict) -> tuple[dict, list[int], list[int]]:
    fields = {}
    for name in CONTENT_FIELDS:
        value = content.get(name)
        if name in _BOOLEANS:
            value = bool(value)
        elif name in _BLANK_NONE:
            if value in ("", None):
                value = None
            elif name == "deadline":
                value = date.fromisoformat(value)
            else:
                value = int(value)
        elif value is None:
            value = ""
        fields[name] = value
    fields["owner_sector_id"] = fields.pop("owner_sector")
    return fields, [int(s) for s in content.get("sectors") or []], [int(a) for a in content.get("related_actions") or []]


def next_number(last: int | None) -> int:
    return (last or 0) + 1


# --- storing -------------------------------------------------------------------------------------


def current_content(item: Item) -> dict:
    return snapshot(item, item.sectors.values_list("pk", flat=True), item.related_actions.values_list("pk", flat=True))


def record(item: Item, user, note: str = "") -> ItemVersion:
    """Store the item's saved content as its next version (call inside the save's transaction)."""
    with transaction.atomic():
        Item.objects.select_for_update().only("pk").get(pk=item.pk)
        last = item.versions.order_by("-number").values_list("number", flat=True).first()
        return ItemVersion.objects.create(item=item, number=next_number(last), content=current_content(item),
                                          status=item.status, saved_by=user, note=note[:300])


def restore(item: Item, version: ItemVersion, user, note: str) -> ItemVersion:
    """Put an old version's content back as a new version (the state, the owner and the review dates stay;
    the address only when no other item took it meanwhile; sectors and actions deleted since are left out)."""
    from werkbaar.actions.models import Action
    from werkbaar.core.models import Sector

    fields, sector_ids, action_ids = values_from(version.content)
    fields.pop("kind")  # a version never changes the item's content type,
    fields.pop("owner_sector_id")  # nor who owns it (ownership is not content)
    slug = fields.pop("slug")
    with transaction.atomic():
        stored = Item.objects.select_for_update().get(pk=item.pk)
        if stored.status not in EDITABLE_STATES:
            raise NotEditable(item.pk)
        keep_workflow_fields(item, stored)
        before = audit.snapshot(stored)
        for name, value in fields.items():
            setattr(item, name, value)
        if slug and not Item.objects.filter(slug=slug).exclude(pk=item.pk).exists():
            item.slug = slug
        note_author(item, user)
        item.save()
        item.sectors.set(Sector.objects.filter(pk__in=sector_ids))
        item.related_actions.set(Action.objects.filter(pk__in=action_ids))
        audit.record(user, item, "restore", before, audit.snapshot(item), note=note)
        return record(item, user, note)
