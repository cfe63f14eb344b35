"""End to end in the browser: an editor writes an item and submits it; a colleague publishes it (the
writer has no publish button: four eyes) and archives it after confirming."""

import pytest

from werkbaar.core.roles import Role
from werkbaar.knowledge.models import Item, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_draft_review_publish_archive(browser_page, live_server, login, make_user, sector_factory, axe):
    sector = sector_factory("vormdc", "Vorm DC")
    writer = make_user(Role.SECTOR_STAFF, sector=sector, username="schrijver")
    reviewer = make_user(Role.SECTOR_STAFF, sector=sector, username="nalezer")
    page = browser_page
    login(page, writer)

    page.goto(f"{live_server.url}/kennis/editor/")
    page.click("text=Nieuw: instrument")
    page.fill("#id_title_nl", "Checklist tilhulpmiddelen")
    page.fill("#id_summary_nl", "Een korte checklist om tilhulpmiddelen te kiezen.")
    page.fill("#id_body_nl", "Loop de vragen samen met de preventieadviseur door.")
    page.fill("#id_link", "https://example.org/checklist")
    page.fill("#id_slug", "checklist-tilhulpmiddelen")
    page.check("input[name=theme_tags][value=physical]")
    page.select_option("#id_owner_sector", str(sector.pk))
    page.click("main form.form button[type=submit]")
    page.wait_for_load_state()
    item = Item.objects.get(slug="checklist-tilhulpmiddelen")
    assert item.status == Status.DRAFT and item.versions.count() == 1
    assert "Het item is als ontwerp bewaard." in page.inner_text("main")
    assert axe(page) == []

    page.click("#steps button:has-text('Ter beoordeling indienen')")
    page.wait_for_load_state()
    assert page.inner_text("#item-status") == "In nazicht"
    assert page.locator("#four-eyes").is_visible()
    assert page.locator("#steps >> text=Publiceren").count() == 0

    page.context.clear_cookies()  # another editor, on the same (phone) browser
    login(page, reviewer)
    page.goto(f"{live_server.url}/")
    page.click("text=Checklist tilhulpmiddelen")  # the home panel of items waiting for review
    page.wait_for_load_state()
    page.click("#steps button:has-text('Publiceren')")
    page.wait_for_load_state()
    assert page.inner_text("#item-status") == "Gepubliceerd"
    item.refresh_from_db()
    assert item.published_at is not None and item.reviewed_by == reviewer

    page.click("#steps >> text=Archiveren")
    page.wait_for_load_state()
    assert "verdwijnt van het publieke platform" in page.inner_text("main")
    assert axe(page) == []
    page.click("main form button.button-danger")
    page.wait_for_load_state()
    assert page.inner_text("#item-status") == "Gearchiveerd"
    assert Item.objects.get(pk=item.pk).status == Status.ARCHIVED
