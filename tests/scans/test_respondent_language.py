"""Issue 16: the entry page follows the browser's language, the introduction speaks plain words, and
grouping questions show their bands in the respondent's language while storing one stable band."""

import pytest

from werkbaar.analysis.instrument import get_shipped
from werkbaar.core.roles import Role
from werkbaar.scans import questionnaire as q
from werkbaar.scans.models import Campaign, Response


def test_entry_page_follows_the_browsers_language(client, db):
    page = client.get("/s/", HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9,en;q=0.5").content.decode()
    assert '<html lang="fr' in page
    assert "Questionnaire sur votre travail" in page and "Vragenlijst over je werk" not in page
    page = client.get("/s/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8").content.decode()
    assert '<html lang="en' in page and "Questionnaire about your work" in page
    page = client.get("/s/", HTTP_ACCEPT_LANGUAGE="de-DE").content.decode()
    assert '<html lang="nl' in page and "Vragenlijst over je werk" in page  # unknown: Dutch


def test_an_explicit_language_choice_wins_over_the_browser(client, db):
    page = client.get("/s/?lang=nl", HTTP_ACCEPT_LANGUAGE="fr-BE,fr").content.decode()
    assert '<html lang="nl' in page and "Vragenlijst over je werk" in page
    r = client.post("/s/?lang=en", {"code": "nonsense", "lang": "en"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert r.status_code == 400 and "We do not know this code" in r.content.decode()
    r = client.post("/s/", {"code": "nonsense"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert r.status_code == 400 and "Nous ne connaissons pas ce code" in r.content.decode()


def test_the_chosen_language_goes_on_to_the_questionnaire(client, campaign, codes):
    r = client.post("/s/", {"code": codes[0], "lang": "en"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert r["Location"] == f"/s/{codes[0]}/?lang=en"
    page = client.get(r["Location"], HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="en' in page
    # without a choice the browser's language of a new questionnaire decides (no ?lang= forced)
    r = client.post("/s/", {"code": codes[1]}, HTTP_ACCEPT_LANGUAGE="fr")
    assert r["Location"] == f"/s/{codes[1]}/"
    assert '<html lang="fr' in client.get(r["Location"], HTTP_ACCEPT_LANGUAGE="fr").content.decode()


@pytest.mark.parametrize("language, expected", [
    ("nl", "ben je moe of gespannen na het werk"),
    ("nl-easy", "Ben je moe na het werk? Werk je graag?"),
    ("fr", "êtes-vous fatigué(e) ou tendu(e) après le travail"),
    ("en", "are you tired or tense after work"),
])
def test_the_introduction_explains_the_scan_without_jargon(client, campaign, codes, language, expected):
    page = client.get(f"/s/{codes[0]}/?lang={language}").content.decode()
    assert expected in page.replace("&#x27;", "'")
    lowered = page[page.index("<main"):page.index("</main>")].lower()
    for jargon in ("indicator", "indicateur", "werkbaarheidsindicator", "risico-indicator"):
        assert jargon not in lowered, (language, jargon)


def test_the_shipped_description_has_no_jargon_in_any_language():
    instrument = get_shipped("werkbaarheidsscan-basis")
    for language in instrument.languages:
        text = instrument.text(instrument.description, language).lower()
        assert "indicat" not in text and "werkbaar" not in text and "faisab" not in text, language


# ------------------------------------------------------------------------------------------------
# Grouping bands per language
# ------------------------------------------------------------------------------------------------

FORM = {
    "name": "Scan talen", "instrument": "shipped:werkbaarheidsscan-basis", "languages": ["nl", "nl-easy", "fr", "en"],
    "opens_on": "2030-01-01", "closes_on": "2030-02-01", "min_group_size": 5, "population_size": 30,
    "bands_team": "Noord\nZuid\nCentrum", "bands_team_fr": "Nord\nSud", "bands_team_en": "North\n\nCentre",
    "bands_contract": "Voltijds\nDeeltijds", "bands_contract_fr": "Temps plein\nTemps partiel",
}


@pytest.fixture
def admin(make_user, campaign):
    return make_user(Role.COMPANY_ADMIN, organisation=campaign.organisation)


def test_bands_are_given_per_language_in_the_campaign_form(client, admin, campaign):
    client.force_login(admin)
    page = client.get("/scans/new/").content.decode()
    assert 'name="bands_team_fr"' in page and 'name="bands_contract_nl_easy"' in page
    r = client.post("/scans/new/", {**FORM, "organisation": campaign.organisation.pk})
    assert r.status_code == 302, r.context["form"].errors
    created = Campaign.objects.get(name="Scan talen")
    assert created.grouping == {"team": ["Noord", "Zuid", "Centrum"], "contract": ["Voltijds", "Deeltijds"]}
    assert created.band_labels == {
        "team": {"fr": {"Noord": "Nord", "Zuid": "Sud"}, "en": {"Noord": "North", "Centrum": "Centre"}},
        "contract": {"fr": {"Voltijds": "Temps plein", "Deeltijds": "Temps partiel"}},
    }
    # editing shows the translations again, one line per Dutch band
    page = client.get(f"/scans/{created.pk}/edit/").content.decode()
    assert "North\n\nCentre</textarea>" in page and "Nord\nSud</textarea>" in page


def test_a_translation_with_too_many_or_equal_lines_is_refused(client, admin, campaign):
    client.force_login(admin)
    r = client.post("/scans/new/", {**FORM, "organisation": campaign.organisation.pk,
                                    "bands_team_fr": "Nord\nSud\nCentre\nEst"})
    assert r.status_code == 200
    assert "Er zijn 4 regels maar slechts 3 Nederlandse keuzes" in " ".join(r.context["form"].errors["bands_team_fr"])
    r = client.post("/scans/new/", {**FORM, "organisation": campaign.organisation.pk, "bands_team_en": "A\nA"})
    assert r.status_code == 200 and "bands_team_en" in r.context["form"].errors
    assert not Campaign.objects.filter(name="Scan talen").exists()


def test_respondents_see_bands_in_their_language_and_store_the_dutch_band(client, campaign_factory, company_factory):
    from werkbaar.scans.services import generate_codes

    campaign = campaign_factory(
        grouping={"team": ["Noord", "Zuid"], "contract": ["Voltijds", "Deeltijds"]},
        band_labels={"team": {"fr": {"Noord": "Nord", "Zuid": "Sud"}}, "contract": {"en": {"Voltijds": "Full-time"}}},
    )
    code_fr, code_en = (c.code for c in generate_codes(campaign, 2))
    groups = next(i for i, p in enumerate(q.pages_for(campaign)) if p.kind == "groups")
    page = client.get(f"/s/{code_fr}/?lang=fr&page={groups}").content.decode()
    assert 'value="Noord"' in page and ">Nord</span>" in page and ">Sud</span>" in page
    assert ">Voltijds</span>" in page  # no French contract bands: Dutch shown
    page = client.get(f"/s/{code_en}/?lang=en&page={groups}").content.decode()
    assert ">Noord</span>" in page and ">Full-time</span>" in page and ">Deeltijds</span>" in page
    for code in (code_fr, code_en):
        client.post(f"/s/{code}/", {"page": groups, "g-team": "Noord", "g-contract": "Voltijds", "nav": "next"})
        last = len(q.pages_for(campaign)) - 1
        client.post(f"/s/{code}/", {"page": last, "nav": "send"})
    # one group per band whatever the language: analysis and exports see the Dutch band only
    assert sorted((r.language, r.groups["team"], r.groups["contract"]) for r in Response.objects.all()) == [
        ("en", "Noord", "Voltijds"), ("fr", "Noord", "Voltijds")]


def test_a_translated_label_is_not_accepted_as_a_band(client, campaign_factory):
    from werkbaar.scans import services

    campaign = campaign_factory(band_labels={"team": {"fr": {"Noord": "Nord"}}})
    cleaned = services.clean_submission(campaign, "fr", {}, {"team": "Nord"})
    assert "groups.team" in cleaned.errors or "team" in cleaned.errors


def test_band_labels_must_belong_to_a_band(campaign):
    from django.core.exceptions import ValidationError

    campaign.band_labels = {"team": {"fr": {"Mars": "Mars"}}}
    with pytest.raises(ValidationError) as exc:
        campaign.full_clean()
    assert "band_labels" in exc.value.message_dict
