"""The public list and item pages of the knowledge platform, as an anonymous visitor uses them."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from werkbaar.actions.models import Action
from werkbaar.core.roles import Role
from werkbaar.knowledge.models import Status

pytestmark = pytest.mark.django_db

HIDDEN = (Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED)


def cards(response) -> list[str]:
    """The titles of the result cards, in order."""
    html = response.content.decode()
    return re.findall(r'<li class="card">\s*<h2><a href="[^"]+">([^<]+)</a>', html)


def facet_link(response, facet, value) -> str:
    html = response.content.decode()
    match = re.search(rf'<a href="([^"]*)" data-facet="{facet}" data-value="{re.escape(value)}"', html)
    assert match, f"no link for {facet}={value}"
    return match.group(1).replace("&amp;", "&")


def test_the_list_shows_published_items_only_with_or_without_a_search(client, public_item):
    public_item(title_nl="Gepubliceerde gids over tillen")
    for status in HIDDEN:
        public_item(status=status, title_nl=f"Verborgen gids over tillen {status}")
    response = client.get("/kennis/")
    assert response.status_code == 200
    assert cards(response) == ["Gepubliceerde gids over tillen"]
    assert cards(client.get("/kennis/?q=gids+tillen")) == ["Gepubliceerde gids over tillen"]
    assert cards(client.get("/kennis/?q=verborgen")) == []
    assert "Verborgen" not in client.get("/kennis/?q=verborgen").content.decode()


def test_facets_count_combine_in_the_query_string_and_can_be_removed(client, public_item, sector_factory):
    care, building = sector_factory("zorg", "Zorg"), sector_factory("bouw", "Bouw")
    public_item(title_nl="Tilgids", kind="tool", themes=",physical,", sectors=[care], company_sizes=",1-9,")
    public_item(title_nl="Stressonderzoek", kind="research", themes=",psychosocial,", sectors=[building])
    public_item(title_nl="Algemene premie", kind="measure", themes=",physical,psychosocial,")
    page = client.get("/kennis/")
    html = page.content.decode()
    assert re.search(r'data-value="physical">Physical load <span class="count">\(2\)</span>|'
                     r'data-value="physical">Fysieke belasting <span class="count">\(2\)</span>', html)
    theme = client.get("/kennis/" + facet_link(page, "theme", "physical"))
    assert sorted(cards(theme)) == ["Algemene premie", "Tilgids"]
    # a second facet combines with the first; an item for every sector stays when a sector is chosen
    both = client.get("/kennis/" + facet_link(theme, "sector", "bouw"))
    assert "theme=physical" in both.request["QUERY_STRING"] and "sector=bouw" in both.request["QUERY_STRING"]
    assert cards(both) == ["Algemene premie"]
    # the chosen filter is a removable chip; removing it keeps the other
    html = both.content.decode()
    remove = re.search(r'<a class="badge" href="([^"]*)" data-remove="theme"', html).group(1).replace("&amp;", "&")
    after = client.get("/kennis/" + remove)
    assert "theme" not in after.request["QUERY_STRING"] and "sector=bouw" in after.request["QUERY_STRING"]
    assert sorted(cards(after)) == ["Algemene premie", "Stressonderzoek"]
    # size and kind
    assert sorted(cards(client.get("/kennis/?size=250%2B"))) == ["Algemene premie", "Stressonderzoek"]
    assert cards(client.get("/kennis/?kind=tool&size=1-9")) == ["Tilgids"]


def test_a_wrong_filter_value_is_explained_and_ignored(client, public_item):
    public_item(title_nl="Iets")
    response = client.get("/kennis/?kind=poem&sector=nope&size=huge&sort=random", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is no sector with the code nope." in html
    assert 'class="error-summary"' in html
    assert cards(response) == ["Iets"]


def test_sort_relevance_when_searching_newest_otherwise_or_by_title(client, public_item):
    now = timezone.now()
    public_item(title_nl="Beta over ergonomie", published_at=now - datetime.timedelta(days=1))
    public_item(title_nl="Alfa", summary_nl="ergonomie", published_at=now - datetime.timedelta(days=9))
    public_item(title_nl="Ergonomie Gamma", published_at=now - datetime.timedelta(days=5))
    assert cards(client.get("/kennis/")) == ["Beta over ergonomie", "Ergonomie Gamma", "Alfa"]
    assert cards(client.get("/kennis/?sort=title")) == ["Alfa", "Beta over ergonomie", "Ergonomie Gamma"]
    assert cards(client.get("/kennis/?q=ergonomie"))[-1] == "Alfa"  # a hit in the summary only ranks last
    assert cards(client.get("/kennis/?q=ergonomie&sort=newest")) == ["Beta over ergonomie", "Ergonomie Gamma", "Alfa"]


def test_pagination_keeps_the_search_and_the_filters(client, public_item):
    for n in range(23):
        public_item(title_nl=f"Gids {n:02d}", kind="tool")
    first = client.get("/kennis/?kind=tool&sort=title")
    assert len(cards(first)) == 20
    html = first.content.decode()
    next_link = re.search(r'href="\?([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    assert "kind=tool" in next_link and "sort=title" in next_link
    second = client.get("/kennis/?" + next_link)
    assert cards(second) == ["Gids 20", "Gids 21", "Gids 22"]


def test_an_empty_result_says_what_to_do_next(client, public_item):
    assert "Open the inspiration menu" in client.get("/kennis/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    public_item(title_nl="Iets", kind="tool")
    html = client.get("/kennis/?q=onvindbaar&kind=tool", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No item matches this search." in html
    assert "Remove the filter “Content type: Tool”" in html
    assert "/actions/?q=onvindbaar" in html


def test_the_list_in_french_and_english(client, public_item):
    public_item(title_nl="Nederlandse titel", title_fr="Titre français", title_en="")
    fr = client.get("/kennis/", HTTP_ACCEPT_LANGUAGE="fr")
    assert cards(fr) == ["Titre français"] and '<html lang="fr">' in fr.content.decode()
    assert "Plateforme de connaissances" in fr.content.decode()
    en = client.get("/kennis/", HTTP_ACCEPT_LANGUAGE="en")
    assert cards(en) == ["Nederlandse titel"]  # no English title: the Dutch one stands in
    assert "Knowledge platform" in en.content.decode()
    assert "Kennisplatform" in client.get("/kennis/").content.decode()


# --- the item page ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", HIDDEN)
def test_an_unpublished_item_is_not_found_by_anyone(client, public_item, make_user, status):
    item = public_item(status=status, slug="secret")
    assert client.get("/kennis/secret/").status_code == 404
    client.force_login(make_user(Role.ACCOUNT_MANAGER))
    assert client.get("/kennis/secret/").status_code == 404
    assert item.slug == "secret"


def test_a_good_practice_shows_the_case_and_the_contact_only_with_consent(client, public_item):
    public_item(slug="case", kind="good_practice", company_name="Poetsbedrijf Zon", anonymised=False,
                problem_nl="Veel rugklachten", approach_nl="Tilhulpen aangekocht", effect_nl="Minder verzuim",
                contact_name="An Peeters", contact_email="an@example.be", contact_consent=False)
    html = client.get("/kennis/case/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in ("Poetsbedrijf Zon", "Veel rugklachten", "Tilhulpen aangekocht", "Minder verzuim"):
        assert text in html
    assert "An Peeters" not in html and "an@example.be" not in html
    public_item(slug="case2", kind="good_practice", company_name="Verborgen nv", anonymised=True,
                contact_name="Jan Jansen", contact_email="jan@example.be", contact_consent=True)
    html = client.get("/kennis/case2/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Verborgen nv" not in html and "Anonymised" in html
    assert "Jan Jansen" in html and "mailto:jan@example.be" in html


def test_each_kind_shows_its_own_facts(client, public_item):
    public_item(slug="res", kind="research", authors="De Smet, L.", publisher="Universiteit X", year=2024,
                link="https://example.org/rapport")
    html = client.get("/kennis/res/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert all(t in html for t in ("De Smet, L.", "Universiteit X", "2024", "https://example.org/rapport"))
    public_item(slug="meas", kind="measure", audiences=",employer,self_employed,", regions=",flanders,",
                company_sizes=",1-9,10-49,", amount_nl="50% van de kosten", how_to_apply_nl="Via het e-loket",
                deadline=datetime.date(2027, 3, 31), source="Departement WSE", link="https://example.org/premie")
    html = client.get("/kennis/meas/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in ("Employer, Self-employed", "Flanders", "1-9 employees, 10-49 employees", "50% van de kosten",
                 "Via het e-loket", "31 March 2027", "Departement WSE", "https://example.org/premie"):
        assert text in html
    fr = client.get("/kennis/meas/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "31 mars 2027" in fr and "Employeur" in fr
    public_item(slug="law", kind="legislation", body_nl="In gewone woorden: ...", link="https://example.org/wet")
    html = client.get("/kennis/law/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Read the official text" in html and "https://example.org/wet" in html
    public_item(slug="tool", kind="tool", link="https://example.org/checklist")
    assert "Open the tool" in client.get("/kennis/tool/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_related_actions_link_to_the_menu_but_never_to_a_hidden_action(client, public_item, sector_factory):
    shown = Action.objects.create(key="shown", title_nl="Zichtbare actie", description_nl="x", theme="physical",
                                  level="team", horizon="short", scope="company", effort="low")
    hidden = Action.objects.create(key="hidden", title_nl="Sectoractie", description_nl="x", theme="physical",
                                   level="team", horizon="short", scope="company", effort="low",
                                   sector=sector_factory(), visibility=Action.Visibility.SECTOR)
    public_item(slug="linked", related_actions=[shown, hidden])
    html = client.get("/kennis/linked/").content.decode()
    assert f'href="/actions/menu/{shown.pk}/"' in html and "Zichtbare actie" in html
    assert "Sectoractie" not in html


def test_canonical_url_and_json_ld_article(client, public_item, settings, make_user, sector_factory):
    settings.SITE_URL = "https://werkbaar.example"
    editor = make_user(Role.ACCOUNT_MANAGER, first_name="Els", last_name="Claes")
    reviewed = datetime.datetime(2026, 10, 5, 9, 0, tzinfo=datetime.UTC)
    public_item(slug="ld", title_nl="Gids </script><script>alert(1)</script> & co", title_fr="Guide",
                summary_nl="Kort", summary_fr="Bref", owner=editor, reviewed_at=reviewed,
                owner_sector=sector_factory("vivo", "Vivo"))
    response = client.get("/kennis/ld/", HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="fr")
    html = response.content.decode()
    assert '<link rel="canonical" href="https://werkbaar.example/kennis/ld/">' in html
    assert "<script>alert(1)" not in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "Article" and data["@context"] == "https://schema.org"
    assert data["headline"] == "Guide" and data["description"] == "Bref" and data["inLanguage"] == "fr"
    assert data["url"] == "https://werkbaar.example/kennis/ld/"
    assert data["dateModified"].startswith("2026-10-05T09:00:00")
    assert data["datePublished"]
    assert data["author"]["name"] == "Vivo" and data["publisher"]["name"] == "Werkbaar"
    nl = client.get("/kennis/ld/").content.decode()
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', nl, re.S).group(1))
    assert ld["headline"] == "Gids </script><script>alert(1)</script> & co" and ld["inLanguage"] == "nl"
    assert "Laatst nagekeken op 5 oktober 2026 · eigenaar: Els Claes." in nl  # the owner did not review it
    assert "Dernière relecture le 5 octobre 2026 · responsable : Els Claes." in html


def test_a_missing_translation_is_marked_as_dutch(client, public_item):
    public_item(slug="nl-only", title_nl="Alleen Nederlands")
    html = client.get("/kennis/nl-only/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<article class="knowledge-item" lang="nl">' in html and '<html lang="fr">' in html


# --- findability and navigation -----------------------------------------------------------------


def test_every_platform_page_links_its_atom_feed_and_other_pages_do_not(client, public_item):
    public_item(slug="x")
    alternate = '<link rel="alternate" type="application/atom+xml" href="/kennis/feed.atom"'
    assert alternate in client.get("/kennis/").content.decode()
    assert alternate in client.get("/kennis/x/").content.decode()
    assert alternate not in client.get("/actions/").content.decode()


def test_everyone_finds_the_platform_in_the_menu_and_on_the_home_page(client, make_user):
    html = client.get("/").content.decode()
    assert 'href="/kennis/"' in html.split("<main")[0]  # the header's navigation
    assert 'href="/kennis/"' in html.split("<main")[1]  # the home page's list for visitors
    client.force_login(make_user(Role.COMPANY_ADMIN))
    assert 'href="/kennis/"' in client.get("/").content.decode().split("<main")[0]
    assert reverse("knowledge:index") == "/kennis/"


# --- a constant number of queries ---------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_costs_the_same_queries_for_3_and_30_items(client, public_item, sector_factory,
                                                            django_assert_max_num_queries, count):
    sectors = [sector_factory(), sector_factory()]
    for n in range(count):
        public_item(title_nl=f"Gids {n}", themes=",physical,", sectors=sectors, kind="tool")
    with django_assert_max_num_queries(9):
        assert client.get("/kennis/?theme=physical&q=gids").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/kennis/?sector=" + sectors[0].code).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_the_item_page_costs_the_same_queries_for_3_and_30_links(client, public_item, sector_factory,
                                                                 django_assert_max_num_queries, count):
    actions = [Action.objects.create(key=f"a{n}", title_nl=f"Actie {n}", description_nl="x", theme="physical",
                                     level="team", horizon="short", scope="company", effort="low")
               for n in range(count)]
    public_item(slug="many", sectors=[sector_factory() for _ in range(count)], related_actions=actions)
    with django_assert_max_num_queries(6):
        assert client.get("/kennis/many/").status_code == 200


def test_the_platform_leads_to_the_measures_finder_and_werkwijzer(client):
    page = client.get("/kennis/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert 'href="/kennis/maatregelen/"' in page and "Welke maatregelen passen bij mij?" in page
    assert 'href="/werkwijzer/"' in page
