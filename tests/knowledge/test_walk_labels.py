"""Labels that another app translates differently (Django merges every app's catalogue and the first
app wins): the knowledge platform's own words carry a context, so a measure is a 'Maatregel' (not a
'Maat', the insights app's measurement) and an item's owner an 'Eigenaar' (not an action's 'Trekker');
and a refused editor step lists what is missing as sentences, not glued with semicolons."""

from django.utils import translation

from werkbaar.knowledge.facilitator_models import SessionState
from werkbaar.knowledge.models import Kind


def test_the_content_type_measure_reads_maatregel_on_the_public_page(client, public_item):
    public_item(kind=Kind.MEASURE, title_nl="Premie voor tilhulpmiddelen")
    html = client.get("/kennis/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert '<span class="badge">Maatregel</span>' in html
    assert ">Maat<" not in html and "Maat (" not in html
    with translation.override("fr"):
        assert str(Kind.MEASURE.label) == "Mesure"


def test_the_editor_list_calls_the_owner_eigenaar(client, editors, make_item):
    make_item(owner=editors.dept)
    client.force_login(editors.dept)
    html = client.get("/kennis/editor/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert ">Eigenaar<" in html
    assert "Trekker" not in html


def test_session_words_keep_their_own_translation():
    with translation.override("fr"):
        assert str(SessionState.ENDED.label) == "Terminée"
    with translation.override("nl"):
        assert str(SessionState.ENDED.label) == "Afgelopen"


def test_submitting_an_incomplete_measure_says_what_is_missing_in_sentences(client, editors, make_item):
    measure = make_item(kind=Kind.MEASURE, audiences="", how_to_apply_nl="")
    client.force_login(editors.dept)
    response = client.post(f"/kennis/editor/{measure.pk}/step/submit/", {"note": ""}, follow=True,
                           HTTP_ACCEPT_LANGUAGE="nl")
    html = response.content.decode()
    assert "„Ter beoordeling indienen” kan nog niet. Zeg voor wie de maatregel is. Leg uit hoe men aanvraagt" in html
    assert ".; " not in html
    measure.refresh_from_db()
    assert measure.status == "draft"


def test_the_werkwijzer_case_list_links_back_to_the_platform(client):
    html = client.get("/werkwijzer/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert '<a href="/kennis/">← Kennisplatform</a>' in html


def test_a_measures_deadline_reads_uiterste_datum_not_deadline(client, public_item):
    public_item(kind=Kind.MEASURE, slug="premie", audiences=",employer,")
    html = client.get("/kennis/premie/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "<dt>Uiterste datum</dt>" in html and "Deadline" not in html
