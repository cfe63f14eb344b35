"""Fixtures of the knowledge platform's tests.

Public part: ``public_item``. Editor part: ``make_item(**fields)`` (a complete draft of any content
type), two sectors with their staff and a department editor (``editors``)."""

import datetime
import itertools
from types import SimpleNamespace

import pytest
from django.utils import timezone

from werkbaar.core.roles import Role

_numbers = itertools.count(1)
_slugs = itertools.count(1)


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


@pytest.fixture
def make_item(db):
    from werkbaar.knowledge.models import Item

    def make(kind="tool", **fields):
        n = next(_slugs)
        values = {"slug": f"editor-item-{n}", "title_nl": f"Item {n}", "summary_nl": f"Samenvatting {n}",
                  "body_nl": "Tekst", "link": "https://example.org/x", "problem_nl": "Probleem",
                  "approach_nl": "Aanpak", "audiences": ",employer,", "how_to_apply_nl": "Via het loket"}
        values.update(fields)
        return Item.objects.create(kind=kind, **values)

    return make


@pytest.fixture
def editors(make_user, sector_factory, company_factory):
    """Department editors (two, for four eyes), sector staff of sectors A and B, and non-editors."""
    a, b = sector_factory("secta", "Sector A"), sector_factory("sectb", "Sector B")
    company = company_factory(sector=a, name="Firma A")
    return SimpleNamespace(
        a=a, b=b,
        dept=make_user(Role.ACCOUNT_MANAGER, username="dept1"),
        dept2=make_user(Role.ACCOUNT_MANAGER, username="dept2"),
        staff_a=make_user(Role.SECTOR_STAFF, sector=a, username="staffa1"),
        staff_a2=make_user(Role.SECTOR_STAFF, sector=a, username="staffa2"),
        staff_b=make_user(Role.SECTOR_STAFF, sector=b, username="staffb"),
        consultant_a=make_user(Role.CONSULTANT, sector=a, username="consa"),
        partner_a=make_user(Role.SOCIAL_PARTNER, sector=a, username="partnera"),
        company_admin=make_user(Role.COMPANY_ADMIN, organisation=company, username="admina"),
        delegate=make_user(Role.UNION_DELEGATE, organisation=company, username="delegatea"),
    )
