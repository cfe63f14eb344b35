"""Fixtures of the knowledge platform's tests."""

import datetime
import itertools

import pytest
from django.utils import timezone

_numbers = itertools.count(1)


@pytest.fixture
def public_item(db):
    """``public_item(status="published", **fields)``: an Item created directly (no editor workflow)."""
    from werkbaar.knowledge.models import Item, Status

    def make(status=Status.PUBLISHED, sectors=(), related_actions=(), **fields):
        n = next(_numbers)
        fields.setdefault("kind", "research")
        fields.setdefault("slug", f"item-{n}")
        fields.setdefault("title_nl", f"Kennisitem {n}")
        fields.setdefault("summary_nl", f"Samenvatting van item {n}.")
        if status == Status.PUBLISHED:
            fields.setdefault("published_at", timezone.now() - datetime.timedelta(days=n))
        item = Item.objects.create(**fields)
        Item.objects.filter(pk=item.pk).update(status=status)  # status is not editable: set it like the workflow would
        item.refresh_from_db()
        item.sectors.set(sectors)
        item.related_actions.set(related_actions)
        return item

    return make
