"""The Atom feed (valid against RFC 4287's RELAX NG schema) and /sitemap.xml: published items only."""

import datetime
from pathlib import Path

import pytest
from lxml import etree

from werkbaar.knowledge.models import Status

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).with_name("atom.rng"))))
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def feed(client, **headers):
    response = client.get("/kennis/feed.atom", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return etree.fromstring(response.content)


def test_the_schema_refuses_what_atom_forbids():
    """The shipped schema is a real check: a feed without id or with a bad date does not pass."""
    ok = (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:x</id>'
          b'<updated>2026-11-30T10:00:00Z</updated></feed>')
    assert SCHEMA.validate(etree.fromstring(ok))
    assert not SCHEMA.validate(etree.fromstring(ok.replace(b"<id>urn:x</id>", b"")))
    assert not SCHEMA.validate(etree.fromstring(ok.replace(b"2026-11-30T10:00:00Z", b"yesterday")))


def test_the_feed_validates_as_atom_and_lists_the_newest_published_items(client, public_item, settings):
    settings.SITE_URL = "https://werkbaar.example"
    now = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=datetime.UTC)
    public_item(slug="older", title_nl="Ouder", published_at=now - datetime.timedelta(days=30))
    public_item(slug="newer", title_nl="Nieuwer <b>&</b>", summary_nl="Kort & goed",
                published_at=now, reviewed_at=now + datetime.timedelta(days=2))
    for status in (Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED):
        public_item(status=status, slug=f"hidden-{status}", title_nl=f"Verborgen {status}")
    root = feed(client)
    SCHEMA.assertValid(root)
    # RFC 4287's two Schematron rules, which RELAX NG does not check
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Werkbaar"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Nieuwer <b>&</b>", "Ouder"]
    for entry, slug in zip(entries, ("newer", "older"), strict=True):
        url = f"https://werkbaar.example/kennis/{slug}/"
        assert entry.find(f"{ATOM}id").text == url
        assert [link.get("href") for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"] == [url]
    assert entries[0].find(f"{ATOM}updated").text == "2026-11-22T12:00:00+00:00"
    assert entries[0].find(f"{ATOM}published").text == "2026-11-20T12:00:00+00:00"
    assert entries[0].find(f"{ATOM}summary").text == "Kort & goed"
    assert root.find(f"{ATOM}id").text == "https://werkbaar.example/kennis/feed.atom"
    assert root.find(f"{ATOM}updated").text == "2026-11-22T12:00:00+00:00"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {"alternate": "https://werkbaar.example/kennis/",
                     "self": "https://werkbaar.example/kennis/feed.atom"}
    assert b"Verborgen" not in etree.tostring(root)


def test_the_feed_speaks_the_readers_language(client, public_item):
    public_item(title_nl="Titel", title_fr="Titre")
    root = feed(client, HTTP_ACCEPT_LANGUAGE="fr")
    SCHEMA.assertValid(root)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert root.find(f"{ATOM}entry/{ATOM}title").text == "Titre"


def test_an_empty_feed_is_valid_too(client):
    SCHEMA.assertValid(feed(client))


def test_the_sitemap_lists_every_published_item_and_no_other(client, public_item, settings):
    settings.SITE_URL = "https://werkbaar.example"
    published = [public_item(slug=f"pub-{n}") for n in range(5)]
    hidden = [public_item(status=s, slug=f"hidden-{s}") for s in (Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED)]
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    locations = {loc.text for loc in root.iter(f"{SITEMAP}loc")}
    assert {f"https://werkbaar.example/kennis/{i.slug}/" for i in published} <= locations
    assert not any(f"/kennis/{i.slug}/" in loc for i in hidden for loc in locations)
    assert "https://werkbaar.example/kennis/" in locations
    assert "https://werkbaar.example/actions/" in locations
    assert len(locations) == len(published) + 2
