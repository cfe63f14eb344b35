"""Versions of knowledge items: the pure snapshot, diff and read-back, numbering, and restoring an old
version as a new one."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.utils import translation

from werkbaar.knowledge import versions
from werkbaar.knowledge.models import Item, ItemVersion, Status


def _plain_item(**changes):
    values = {name: "" for name in versions.CONTENT_FIELDS}
    values.update(anonymised=True, contact_consent=False, year=None, deadline=None, owner_sector_id=None,
                  kind="measure", slug="premie")
    values.pop("owner_sector")
    values.update(changes)
    return SimpleNamespace(**values)


def test_snapshot_holds_every_translated_field_and_the_tags():
    item = _plain_item(title_nl="Premie", title_fr="Prime", how_to_apply_en="Online", themes=",physical,",
                       deadline=date(2027, 3, 31), year=2026, owner_sector_id=7)
    content = versions.snapshot(item, sector_ids=[5, 2], action_ids=(9,))
    for name in ("title", "summary", "body", "problem", "approach", "effect", "amount", "how_to_apply"):
        for lang in ("nl", "fr", "en"):
            assert f"{name}_{lang}" in content
    assert content["title_fr"] == "Prime" and content["how_to_apply_en"] == "Online"
    assert content["themes"] == ",physical," and content["deadline"] == "2027-03-31" and content["year"] == 2026
    assert content["sectors"] == [2, 5] and content["related_actions"] == [9] and content["owner_sector"] == 7


def test_values_from_reads_a_snapshot_back():
    item = _plain_item(title_nl="Premie", deadline=date(2027, 3, 31), year=2026, anonymised=False, owner_sector_id=7)
    fields, sectors, actions = versions.values_from(versions.snapshot(item, [3], [4, 1]))
    assert fields["title_nl"] == "Premie" and fields["deadline"] == date(2027, 3, 31) and fields["year"] == 2026
    assert fields["anonymised"] is False and fields["owner_sector_id"] == 7
    assert sectors == [3] and actions == [1, 4]


def test_values_from_an_old_or_partial_version_is_blank_not_broken():
    fields, sectors, actions = versions.values_from({"title_nl": "Oud", "unknown": "x", "year": "", "deadline": None})
    assert fields["title_nl"] == "Oud" and fields["summary_fr"] == "" and fields["year"] is None
    assert fields["deadline"] is None and fields["anonymised"] is False and fields["owner_sector_id"] is None
    assert "unknown" not in fields and sectors == [] and actions == []


def test_diff_lists_the_changed_fields_in_order_and_ignores_blank_to_blank():
    old = {"title_nl": "Premie voor ergonomie", "summary_fr": "", "year": None, "sectors": [1]}
    new = {"title_nl": "Premie voor betere ergonomie", "summary_fr": None, "body_en": "New", "sectors": [1, 2]}
    changes = versions.diff(old, new)
    assert [c.field for c in changes] == ["title_nl", "body_en", "sectors"]
    assert changes[0].words == [("equal", "Premie voor"), ("insert", "betere"), ("equal", "ergonomie")]
    assert changes[2].words == [("delete", "1"), ("insert", "1, 2")]
    assert versions.diff(new, new) == []


def test_numbers_count_up_from_one():
    assert versions.next_number(None) == 1
    assert versions.next_number(0) == 1
    assert versions.next_number(4) == 5


@pytest.mark.django_db
def test_record_numbers_versions_per_item(editors, make_item):
    item, other = make_item(), make_item()
    assert versions.record(item, editors.dept, "eerste").number == 1
    assert versions.record(other, editors.dept).number == 1
    v2 = versions.record(item, editors.dept2, "x" * 400)
    assert v2.number == 2 and len(v2.note) == 300 and v2.saved_by == editors.dept2 and v2.status == Status.DRAFT


@pytest.mark.django_db
def test_restore_puts_old_content_back_as_a_new_version(editors, make_item, sector_factory):
    item = make_item(kind="measure", title_nl="Oude titel", title_fr="Ancien", owner_sector=editors.a)
    item.sectors.set([editors.a])
    v1 = versions.record(item, editors.staff_a)
    Item.objects.filter(pk=item.pk).update(title_nl="Nieuwe titel", title_fr="", themes=",physical,")
    item.refresh_from_db()
    item.sectors.set([editors.b])
    versions.record(item, editors.staff_a)
    item.owner_sector = editors.b  # the owner changed since: restoring keeps the current owner
    item.save()
    with translation.override("en"):
        v3 = versions.restore(item, v1, editors.staff_a2, "Restored version 1")
    item.refresh_from_db()
    assert (item.title_nl, item.title_fr, item.themes) == ("Oude titel", "Ancien", "")
    assert list(item.sectors.all()) == [editors.a] and item.owner_sector == editors.b
    assert v3.number == 3 and v3.note == "Restored version 1" and v3.saved_by == editors.staff_a2
    assert ItemVersion.objects.filter(item=item).count() == 3, "the newer versions stay in the history"
    assert versions.diff(v1.content, v3.content) == [versions.Change("owner_sector", editors.a.pk, editors.b.pk)]


@pytest.mark.django_db
def test_restore_keeps_an_address_another_item_took(editors, make_item):
    item = make_item(slug="oud-adres")
    v1 = versions.record(item, editors.dept)
    Item.objects.filter(pk=item.pk).update(slug="nieuw-adres")
    item.refresh_from_db()
    make_item(slug="oud-adres")
    versions.restore(item, v1, editors.dept, "terug")
    item.refresh_from_db()
    assert item.slug == "nieuw-adres"


@pytest.mark.django_db
def test_restore_refuses_an_item_published_meanwhile(editors, make_item):
    item = make_item(title_nl="Eerste", status=Status.IN_REVIEW)
    v1 = versions.record(item, editors.dept)
    Item.objects.filter(pk=item.pk).update(status=Status.PUBLISHED, title_nl="Gepubliceerd")  # a colleague's step
    item.title_nl = "Gepubliceerd"
    with pytest.raises(versions.NotEditable):
        versions.restore(item, v1, editors.dept2, "terug")
    item.refresh_from_db()
    assert (item.status, item.title_nl, item.versions.count()) == (Status.PUBLISHED, "Gepubliceerd", 1)


def test_a_checkbox_reads_yes_or_no_in_the_editors_language():
    change = versions.Change("anonymised", True, False)
    with translation.override("nl"):
        assert [text for _tag, text in change.words] == ["ja", "nee"]
    with translation.override("fr"):
        assert [text for _tag, text in change.words] == ["oui", "non"]


def test_the_version_page_shows_checkboxes_as_yes_and_no(editors, make_item, client):
    item = make_item(kind="good_practice", anonymised=True, contact_consent=False)
    versions.record(item, editors.dept)
    client.force_login(editors.dept)
    page = client.get(f"/kennis/editor/{item.pk}/versions/1/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert ">True<" not in page and ">False<" not in page
    assert "<dd>ja</dd>" in page and "<dd>nee</dd>" in page
