"""The editor pages: who gets in, a sector's staff never sees another sector's items, the list's search,
filters, sort and pages, the form per content type with its messages, the preview, the steps, the versions,
the home panels and the to-do list."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from werkbaar.core import formats
from werkbaar.core.models import AuditEntry
from werkbaar.knowledge.models import Item, ItemVersion, Status

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


def _form_data(**changes):
    data = {"slug": "premie-ergonomie", "title_nl": "Premie voor ergonomie", "summary_nl": "Wat je krijgt.",
            "owner_sector": "", "note": ""}
    data.update(changes)
    return data


PAGES = ["knowledge:editor_edit", "knowledge:editor_preview", "knowledge:editor_history"]


@pytest.mark.parametrize("who", ["company_admin", "delegate", "consultant_a", "partner_a"])
def test_non_editors_get_no_editor_page(client, editors, make_item, who):
    item = make_item(owner_sector=editors.a)
    versions_ = ItemVersion.objects.create(item=item, number=1, content={}, status="draft")
    c = _client(client, getattr(editors, who))
    urls = [reverse("knowledge:editor"), reverse("knowledge:editor_create", args=["tool"])] + [
        reverse(n, args=[item.pk]) for n in PAGES] + [
        reverse("knowledge:editor_step", args=[item.pk, "submit"]),
        reverse("knowledge:editor_version", args=[item.pk, versions_.number]),
        reverse("knowledge:editor_restore", args=[item.pk, versions_.number])]
    for url in urls:
        assert c.get(url).status_code == 403, url
        assert c.post(url, _form_data()).status_code == 403, url
    assert Item.objects.get(pk=item.pk).status == Status.DRAFT and Item.objects.count() == 1


def test_anonymous_is_sent_to_login(client, make_item):
    item = make_item()
    for url in (reverse("knowledge:editor"), reverse("knowledge:editor_edit", args=[item.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_another_sectors_staff_cannot_see_or_change_the_item(client, editors, make_item):
    item = make_item(owner_sector=editors.a, title_nl="Geheim van sector A", status=Status.IN_REVIEW)
    v = ItemVersion.objects.create(item=item, number=1, content={"title_nl": "x"}, status="draft")
    c = _client(client, editors.staff_b)
    assert "Geheim van sector A" not in c.get(reverse("knowledge:editor")).content.decode()
    for name in PAGES:
        assert c.get(reverse(name, args=[item.pk])).status_code == 404
    assert c.post(reverse("knowledge:editor_edit", args=[item.pk]), _form_data(title_nl="Overgenomen")
                  ).status_code == 404
    assert c.post(reverse("knowledge:editor_step", args=[item.pk, "return"]), {"note": "weg"}).status_code == 404
    assert c.post(reverse("knowledge:editor_restore", args=[item.pk, v.number]), {"confirmed": "1"}
                  ).status_code == 404
    assert c.get(reverse("knowledge:editor_version", args=[item.pk, v.number])).status_code == 404
    item.refresh_from_db()
    assert item.title_nl == "Geheim van sector A" and item.status == Status.IN_REVIEW


def test_sector_staff_create_items_for_their_own_sector_only(client, editors):
    c = _client(client, editors.staff_a)
    url = reverse("knowledge:editor_create", args=["tool"])
    page = c.get(url)
    assert list(page.context["form"].fields["owner_sector"].queryset) == [editors.a]
    response = c.post(url, _form_data(owner=editors.staff_a.pk, owner_sector=editors.b.pk))
    assert response.status_code == 200 and not Item.objects.exists()
    assert "Selecteer een geldige keuze" in response.content.decode()
    response = c.post(url, _form_data(owner=editors.staff_a.pk, owner_sector=editors.a.pk,
                                      theme_tags=["physical", "support"],
                                      size_tags=["1-9"], note="Eerste opzet"))
    item = Item.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("knowledge:editor_edit", args=[item.pk])
    assert (item.kind, item.status, item.owner, item.owner_sector) == ("tool", "draft", editors.staff_a, editors.a)
    assert item.themes == ",physical,support," and item.company_sizes == ",1-9,"
    version = item.versions.get()
    assert version.number == 1 and version.note == "Eerste opzet" and version.content["title_nl"] == item.title_nl
    assert AuditEntry.objects.filter(action="create", object_type="knowledge.item").count() == 1


def test_the_owner_is_an_editor_of_the_owning_sector(client, editors):
    c = _client(client, editors.staff_a)
    url = reverse("knowledge:editor_create", args=["tool"])
    owners = set(c.get(url).context["form"].fields["owner"].queryset)
    assert owners == {editors.dept, editors.dept2, editors.staff_a, editors.staff_a2}
    response = c.post(url, _form_data(owner=editors.staff_b.pk, owner_sector=editors.a.pk))
    assert response.status_code == 200 and not Item.objects.exists()
    client.logout()
    c = _client(client, editors.dept)
    response = c.post(url, _form_data(owner=editors.staff_a.pk, owner_sector=""))  # the department's item
    assert "De eigenaar moet redacteur zijn van de sector die eigenaar is" in response.content.decode()
    c.post(url, _form_data(owner=editors.staff_a2.pk, owner_sector=editors.a.pk))
    item = Item.objects.get()
    assert item.owner == editors.staff_a2 and item.owner_sector == editors.a


def test_the_form_shows_only_the_fields_of_the_content_type(client, editors):
    c = _client(client, editors.dept)
    fields = {kind: set(c.get(reverse("knowledge:editor_create", args=[kind])).context["form"].fields)
              for kind in ("good_practice", "tool", "research", "measure", "legislation")}
    assert {"problem_nl", "approach_fr", "effect_en", "company_name", "contact_consent"} <= fields["good_practice"]
    assert not {"problem_nl", "audience_tags", "amount_nl", "deadline"} & fields["tool"]
    assert {"authors", "publisher", "year", "link"} <= fields["research"]
    assert {"audience_tags", "region_tags", "size_tags", "amount_nl", "how_to_apply_fr", "deadline",
            "source"} <= fields["measure"]
    assert not {"company_name", "problem_nl", "authors"} & fields["measure"]
    assert {"link", "source"} <= fields["legislation"] and "amount_nl" not in fields["legislation"]
    for kind_fields in fields.values():
        assert {"title_nl", "title_fr", "title_en", "summary_nl", "theme_tags", "sectors", "related_actions"} <= kind_fields
    assert c.get(reverse("knowledge:editor_create", args=["bogus"])).status_code == 404


def test_dutch_title_and_summary_required_and_bad_input_explained(client, editors, make_item):
    make_item(slug="bestaat-al")
    c = _client(client, editors.dept)
    url = reverse("knowledge:editor_create", args=["research"])
    response = c.post(url, _form_data(owner=editors.dept.pk, title_nl="", summary_nl="", slug="bestaat-al",
                                      year="1492", link="geen url"))
    body = response.content.decode()
    assert response.status_code == 200 and Item.objects.count() == 1
    assert "Dit veld is verplicht." in body
    assert "Geef een jaar tussen 1900 en 2100." in body
    assert "Voer een geldige URL in." in body
    assert "bestaat al" in body
    client.cookies["django_language"] = "fr"
    response = c.post(url, _form_data(owner=editors.dept.pk, slug="editor"))
    assert "est utilisé par la plateforme" in response.content.decode()
    assert not Item.objects.filter(slug="editor").exists()


def test_case_form_refuses_a_named_company_in_an_anonymised_case(client, editors):
    c = _client(client, editors.dept)
    response = c.post(reverse("knowledge:editor_create", args=["good_practice"]),
                      _form_data(owner=editors.dept.pk, company_name="Poets bv", anonymised="on", contact_consent="on"))
    body = response.content.decode()
    assert "Een geanonimiseerd praktijkvoorbeeld noemt het bedrijf niet" in body
    assert "Noem de contactpersoon die ermee instemde genoemd te worden." in body
    assert not Item.objects.exists()


def test_editing_stores_a_version_and_a_published_item_is_not_changed_directly(client, editors, make_item):
    item = make_item(owner_sector=editors.a, kind="tool")
    c = _client(client, editors.staff_a)
    url = reverse("knowledge:editor_edit", args=[item.pk])
    c.post(url, _form_data(owner=editors.staff_a.pk, slug=item.slug, owner_sector=editors.a.pk,
                           title_nl="Betere titel", note="Titel"))
    item.refresh_from_db()
    assert item.title_nl == "Betere titel" and item.versions.get().note == "Titel"
    Item.objects.filter(pk=item.pk).update(status=Status.PUBLISHED)
    response = c.post(url, _form_data(owner=editors.staff_a.pk, slug=item.slug, owner_sector=editors.a.pk,
                                      title_nl="Stiekem"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title_nl == "Betere titel" and item.versions.count() == 1
    page = c.get(url).content.decode()
    assert "form" not in page.split('id="steps"')[1].split("</section>")[1]
    assert f'href="{reverse("knowledge:item", args=[item.slug])}"' in page  # the public page of a published item


def test_the_list_searches_filters_sorts_and_pages(client, editors, make_item, settings):
    settings.KNOWLEDGE_REVIEW_AFTER_DAYS = 30
    now = timezone.now()
    make_item(title_nl="Tilhulp in de zorg", slug="tilhulp-zorg", kind="tool", themes=",physical,", owner=editors.dept)
    make_item(title_nl="Premie ergonomie", kind="measure", status=Status.PUBLISHED, published_at=now,
              owner=editors.dept2)
    make_item(title_nl="Oud onderzoek", kind="research", status=Status.PUBLISHED,
              published_at=now - timedelta(days=90), reviewed_at=now - timedelta(days=31), owner=editors.dept)
    for n in range(30):
        make_item(title_nl=f"Vulling {n:02d}", owner=editors.dept2)
    c = _client(client, editors.dept)
    url = reverse("knowledge:editor")

    def titles(**params):
        return [i.title_nl for i in c.get(url, params).context["page_obj"]]

    assert titles(q="tilhulp") == ["Tilhulp in de zorg"]
    assert titles(kind="measure", owner="abc") == ["Premie ergonomie"]  # a bad filter is left out, not the others
    assert titles(q="HULP-ZORG", kind="tool") == ["Tilhulp in de zorg"]  # the address is searched too
    assert titles(kind="measure") == ["Premie ergonomie"]
    assert titles(theme="physical") == ["Tilhulp in de zorg"]
    assert titles(status="published", sort="title") == ["Oud onderzoek", "Premie ergonomie"]
    assert titles(review_due="on") == ["Oud onderzoek"]
    assert set(titles(owner="me")) == {"Tilhulp in de zorg", "Oud onderzoek"}
    assert len(titles(owner=str(editors.dept2.pk))) == 25
    assert len(titles(page="2")) == 8 and len(titles(page="999")) == 8
    assert titles(sort="title")[0] == "Oud onderzoek"
    response = c.get(url, {"status": "bogus", "sort": "; drop", "owner": "abc", "page": "x"})
    assert response.status_code == 200 and response.context["total"] == 33
    assert "Beoordeling nodig" in c.get(url, {"review_due": "on"}).content.decode()


def test_preview_shows_a_draft_to_its_editors_only(client, editors, make_item):
    item = make_item(owner_sector=editors.a, kind="measure", title_nl="Nog geheime premie", amount_nl="500 euro")
    body = _client(client, editors.staff_a).get(reverse("knowledge:editor_preview", args=[item.pk])).content.decode()
    assert "Nog geheime premie" in body and "500 euro" in body and 'id="preview-banner"' in body
    client.logout()
    assert _client(client, editors.staff_b).get(reverse("knowledge:editor_preview", args=[item.pk])).status_code == 404


def test_steps_through_the_pages_with_four_eyes(client, editors, make_item):
    item = make_item(owner_sector=editors.a)
    c = _client(client, editors.staff_a)
    edit = reverse("knowledge:editor_edit", args=[item.pk])
    step = lambda name: reverse("knowledge:editor_step", args=[item.pk, name])  # noqa: E731
    assert c.post(step("submit")).status_code == 302
    item.refresh_from_db()
    assert item.status == Status.IN_REVIEW
    page = c.get(edit).content.decode()
    assert 'id="four-eyes"' in page and step("publish") not in page
    c.post(step("publish"))
    assert Item.objects.get(pk=item.pk).status == Status.IN_REVIEW
    assert "U mag de stap" in c.get(edit).content.decode()
    # returning needs a note: the page asks for it, nothing changes without one
    response = c.post(step("return"), {"note": ""})
    assert response.status_code == 200 and Item.objects.get(pk=item.pk).status == Status.IN_REVIEW
    client.logout()
    c = _client(client, editors.staff_a2)
    c.post(step("publish"))
    assert Item.objects.get(pk=item.pk).status == Status.PUBLISHED
    # archiving asks for confirmation first
    page = c.get(step("archive")).content.decode()
    assert "verdwijnt van het publieke platform" in page
    c.post(step("archive"))
    assert Item.objects.get(pk=item.pk).status == Status.PUBLISHED
    c.post(step("archive"), {"confirmed": "1"})
    assert Item.objects.get(pk=item.pk).status == Status.ARCHIVED
    assert c.get(reverse("knowledge:editor_step", args=[item.pk, "bogus"])).status_code == 404
    assert c.post(step("publish")).status_code == 302  # not from this state: a message, no change
    assert Item.objects.get(pk=item.pk).status == Status.ARCHIVED


def test_history_version_and_restore_pages(client, editors, make_item):
    c = _client(client, editors.dept)
    c.post(reverse("knowledge:editor_create", args=["tool"]),
           _form_data(owner=editors.dept.pk, title_nl="Eerste titel", sectors=[editors.b.pk], theme_tags=["physical"]))
    item = Item.objects.get()
    assert "Fysieke belasting" in c.get(reverse("knowledge:editor_preview", args=[item.pk])).content.decode()
    edit = reverse("knowledge:editor_edit", args=[item.pk])
    c.post(edit, _form_data(owner=editors.dept.pk, slug=item.slug, title_nl="Tweede titel", note="Nieuwe titel"))
    history = c.get(reverse("knowledge:editor_history", args=[item.pk])).content.decode()
    assert "Versie 2" in history and "Nieuwe titel" in history
    old = c.get(reverse("knowledge:editor_version", args=[item.pk, 1])).content.decode()
    assert "Eerste titel" in old and "<ins>" in old and "Sector B" in old
    assert c.get(reverse("knowledge:editor_version", args=[item.pk, 99])).status_code == 404
    restore = reverse("knowledge:editor_restore", args=[item.pk, 1])
    assert "Versie 1 terugzetten" in c.get(restore).content.decode()
    c.post(restore)  # without confirmation: nothing happens
    assert Item.objects.get(pk=item.pk).title_nl == "Tweede titel"
    c.post(restore, {"confirmed": "1"})
    item.refresh_from_db()
    assert item.title_nl == "Eerste titel" and item.versions.count() == 3
    Item.objects.filter(pk=item.pk).update(status=Status.PUBLISHED)
    c.post(reverse("knowledge:editor_restore", args=[item.pk, 2]), {"confirmed": "1"})
    assert Item.objects.get(pk=item.pk).title_nl == "Eerste titel"


def test_review_due_reaches_the_owner_home_and_todo(client, editors, make_item, settings):
    settings.KNOWLEDGE_REVIEW_AFTER_DAYS = 365
    now = timezone.now()
    make_item(owner=editors.staff_a, owner_sector=editors.a, title_nl="Aan herziening toe",
              status=Status.PUBLISHED, published_at=now - timedelta(days=500), reviewed_at=now - timedelta(days=365))
    make_item(owner=editors.staff_a, owner_sector=editors.a, title_nl="Nog vers",
              status=Status.PUBLISHED, published_at=now - timedelta(days=364))
    make_item(owner=editors.staff_a2, owner_sector=editors.a, title_nl="Van een collega",
              status=Status.PUBLISHED, published_at=now - timedelta(days=400))
    waiting = make_item(owner_sector=editors.a, title_nl="Wacht op jou", status=Status.IN_REVIEW,
                        submitted_by=editors.staff_a2)
    make_item(owner_sector=editors.a, title_nl="Zelf ingediend", status=Status.IN_REVIEW, submitted_by=editors.staff_a)
    c = _client(client, editors.staff_a)
    home = c.get(reverse("home")).content.decode()
    assert "Aan herziening toe" in home and "Wacht op jou" in home
    due_on = formats.short_date(timezone.localdate(now))  # reviewed exactly 365 days ago: due today
    assert f"Te laat: verwacht op {due_on}" in home
    assert f"Laatst beoordeeld op {formats.short_date(timezone.localdate(now - timedelta(days=365)))}" in home
    assert "Nog vers" not in home and "Van een collega" not in home and "Zelf ingediend" not in home
    todo = c.get(reverse("reporting:todo")).content.decode()
    assert 'id="knowledge-todo"' in todo and "Aan herziening toe" in todo and "Wacht op jou" in todo
    assert reverse("knowledge:editor_edit", args=[waiting.pk]) in todo
    client.logout()
    other = _client(client, editors.staff_b).get(reverse("home")).content.decode()
    assert "Aan herziening toe" not in other and "Wacht op jou" not in other


def test_a_change_during_review_is_read_by_someone_else_before_publishing(client, editors, make_item):
    """Four eyes also after a change in review: the editor who changed it last does not publish it."""
    item = make_item(owner_sector=editors.a, owner=editors.staff_a, status=Status.IN_REVIEW,
                     submitted_by=editors.staff_a)
    c = _client(client, editors.staff_a2)
    c.post(reverse("knowledge:editor_edit", args=[item.pk]),
           _form_data(owner=editors.staff_a.pk, slug=item.slug, owner_sector=editors.a.pk, title_nl="Ingekort",
                      link="https://example.org/kort"))
    item.refresh_from_db()
    assert item.title_nl == "Ingekort" and item.submitted_by == editors.staff_a2
    c.post(reverse("knowledge:editor_step", args=[item.pk, "publish"]))
    assert Item.objects.get(pk=item.pk).status == Status.IN_REVIEW
    client.logout()
    _client(client, editors.staff_a).post(reverse("knowledge:editor_step", args=[item.pk, "publish"]))
    assert Item.objects.get(pk=item.pk).status == Status.PUBLISHED


def test_a_save_from_a_stale_page_neither_undoes_nor_bypasses_a_publication(client, editors, make_item,
                                                                            monkeypatch):
    """Editor A opened the form while the item was in review; colleague B published it meanwhile."""
    from werkbaar.knowledge import editor_views

    item = make_item(owner_sector=editors.a, status=Status.IN_REVIEW, submitted_by=editors.staff_a2)
    c = _client(client, editors.staff_a)
    real_item = editor_views._item

    def stale(request, pk):  # the page as A loaded it, before B's step
        loaded = real_item(request, pk)
        Item.objects.filter(pk=pk).update(status=Status.PUBLISHED, reviewed_by=editors.dept)
        return loaded

    monkeypatch.setattr(editor_views, "_item", stale)
    c.post(reverse("knowledge:editor_edit", args=[item.pk]),
           _form_data(owner=editors.staff_a.pk, slug=item.slug, owner_sector=editors.a.pk, title_nl="Te laat"))
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.reviewed_by == editors.dept and item.title_nl != "Te laat"
    assert not item.versions.exists()
