"""The measures finder page /kennis/maatregelen/: public, answers in, eligible measures and open calls out."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from werkbaar.actions.models import join_tags
from werkbaar.fund.models import Application, Decision, FundCall
from werkbaar.knowledge.models import Item, Kind, Status

URL = "/kennis/maatregelen/"
TODAY = timezone.localdate()


@pytest.fixture
def sectors(sector_factory):
    return {"vormdc": sector_factory("vormdc", "Dienstencheques"), "bouw": sector_factory("bouw", "Bouw")}


@pytest.fixture
def measure(db):
    def make(slug, kind=Kind.MEASURE, status=Status.PUBLISHED, sectors=(), audiences=(), sizes=(), themes=(),
             regions=(), **extra):
        item = Item.objects.create(
            slug=slug, kind=kind, status=status, title_nl=f"Maatregel {slug}", summary_nl=f"Samenvatting {slug}",
            title_fr=f"Mesure {slug}", audiences=join_tags(audiences), company_sizes=join_tags(sizes),
            themes=join_tags(themes), regions=join_tags(regions),
            published_at=timezone.now() if status == Status.PUBLISHED else None, **extra)
        item.sectors.set(sectors)
        return item
    return make


def _call(code, sector=None, owner=None, opens=-10, closes=30, budget="1000"):
    return FundCall.objects.create(
        code=code, title_nl=f"Oproep {code}", opens=TODAY + datetime.timedelta(days=opens),
        closes=TODAY + datetime.timedelta(days=closes), budget_eur=Decimal(budget), rate=Decimal("0.5"),
        ceiling_eur=Decimal("10000"), eligible_categories=["scan"], sector=sector, owner_sector=owner)


def test_the_questions_without_answers_show_no_results(client, sectors):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("knowledge:finder") == URL
    assert 'name="audience"' in body and "Dienstencheques" in body and 'name="size"' in body
    assert "finder-results" not in body


def test_an_employer_sees_only_the_measures_it_is_eligible_for_with_why(client, sectors, measure):
    vormdc, bouw = sectors["vormdc"], sectors["bouw"]
    measure("voor-iedereen", amount_nl="De helft van de kosten", how_to_apply_nl="Online aanvragen",
            deadline=TODAY + datetime.timedelta(days=10))
    measure("dc-werkgevers", sectors=[vormdc], audiences=["employer"], themes=["training"], sizes=["10-49"])
    measure("enkel-werknemers", audiences=["worker"])
    measure("enkel-bouw", sectors=[bouw])
    measure("te-groot", sizes=["250+"])
    measure("ander-thema", themes=["physical"])
    measure("verlopen", deadline=TODAY - datetime.timedelta(days=1))
    measure("ontwerp", status=Status.DRAFT)
    measure("in-nalezing", status=Status.IN_REVIEW)
    measure("gearchiveerd", status=Status.ARCHIVED)
    measure("een-instrument", kind=Kind.TOOL)

    response = client.get(URL, {"audience": "employer", "sector": vormdc.pk, "size": "10-49", "theme": "training"})

    assert response.status_code == 200
    shown = [m["item"].slug for m in response.context["measures"]]
    assert shown == ["dc-werkgevers", "voor-iedereen"]  # the most specific first
    body = response.content.decode()
    assert "voor werkgevers" in body and "voor je sector: Dienstencheques" in body
    assert "voor organisaties met 10-49 werknemers" in body and "past bij wat je wilt doen: opleiding" in body
    assert "open voor iedereen" in body and "De helft van de kosten" in body and "Online aanvragen" in body
    assert "Zie de bron." in body  # no amount known: the source says it
    for hidden in ("enkel-werknemers", "enkel-bouw", "te-groot", "ander-thema", "verlopen", "ontwerp",
                   "in-nalezing", "gearchiveerd", "een-instrument"):
        assert f"Maatregel {hidden}" not in body


def test_open_fund_calls_for_employers_of_the_sector(client, sectors, measure, company_factory):
    vormdc, bouw = sectors["vormdc"], sectors["bouw"]
    department = _call("DEPT")
    sector_call = _call("DC-FONDS", sector=vormdc, owner=vormdc)
    _call("BOUW-FONDS", sector=bouw, owner=bouw)
    _call("BOUW-EIGEN", owner=bouw)  # a sector fund's call without restriction: still that sector's own
    _call("GESLOTEN", opens=-60, closes=-1)
    _call("NOG-NIET", opens=1, closes=60)
    used = _call("OP", budget="500")
    application = Application.objects.create(call=used, organisation=company_factory(sector=vormdc))
    Decision.objects.create(application=application, outcome="approved", amount_eur=Decimal("500"), reason="ok")

    response = client.get(URL, {"audience": "employer", "sector": vormdc.pk, "size": "1-9"})

    assert [c["call"].code for c in response.context["calls"]] == ["DC-FONDS", "DEPT"]  # closing first, then code
    body = response.content.decode()
    assert reverse("fund:call", args=[department.pk]) in body and reverse("fund:call", args=[sector_call.pk]) in body
    assert "50% van de aanvaarde kosten, maximaal EUR 10.000,00" in body
    for hidden in ("BOUW-FONDS", "BOUW-EIGEN", "GESLOTEN", "NOG-NIET", "OP<"):
        assert f"Oproep {hidden}" not in body

    # a sector fund sees its sector's calls; a worker sees no calls at all
    as_sector = client.get(URL, {"audience": "sector", "sector": bouw.pk})
    assert sorted(c["call"].code for c in as_sector.context["calls"]) == ["BOUW-EIGEN", "BOUW-FONDS", "DEPT"]
    as_worker = client.get(URL, {"audience": "worker", "sector": vormdc.pk})
    assert as_worker.context["calls"] is None and "Oproep DEPT" not in as_worker.content.decode()


@pytest.mark.parametrize(("params", "message"), [
    ({"audience": "worker", "sector": "999999"}, "We kennen deze sector niet"),
    ({"audience": "worker", "sector": "abc"}, "We kennen deze sector niet"),
    ({"audience": "worker", "size": "10-49"}, "Het aantal werknemers telt alleen voor werkgevers"),
    ({"audience": "employer"}, "Werkgevers: kies hoeveel werknemers"),
    ({"audience": "employer", "size": "7"}, "Kies een van de vermelde bedrijfsgroottes"),
    ({"audience": "alien"}, "Kies een van de vermelde antwoorden"),
    ({"audience": ""}, "Zeg ons wie je bent"),
    ({"audience": "worker", "theme": "x"}, "Kies een van de vermelde thema"),
    ({"audience": "worker", "region": "mars"}, "Kies een van de vermelde regio"),
])
def test_bad_answers_get_a_clear_message_not_an_error(client, sectors, measure, params, message):
    measure("voor-iedereen")
    response = client.get(URL, params)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "Maatregel voor-iedereen" not in body  # no results for answers that do not hold


def test_each_measure_links_to_its_item_page_and_source(client, sectors, measure):
    measure("voor-iedereen", link="https://example.org/bron", source="De bron")
    body = client.get(URL, {"audience": "worker"}).content.decode()
    assert '<a href="/kennis/voor-iedereen/">Maatregel voor-iedereen</a>' in body
    assert '<a href="https://example.org/bron" rel="noopener">De bron</a>' in body
    assert client.get("/kennis/voor-iedereen/").status_code == 200  # the public item page exists
    assert f'<link rel="alternate" type="application/atom+xml" href="{reverse("knowledge:feed")}"' in body


def test_the_finder_only_answers_get(client, sectors):
    assert client.post(URL, {"audience": "worker"}).status_code == 405


def test_in_french_and_english(client, sectors, measure):
    measure("voor-iedereen")
    client.cookies["django_language"] = "fr"
    body = client.get(URL, {"audience": "worker"}, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Qui êtes-vous" in body and "Mesure voor-iedereen" in body and "ouvert à tous" in body
    client.cookies["django_language"] = "en"
    body = client.get(URL, {"audience": "worker"}).content.decode()
    assert "Who are you?" in body and "Maatregel voor-iedereen" in body  # no English title: Dutch stands in


def test_constant_query_count(client, sectors, measure, django_assert_max_num_queries):
    params = {"audience": "employer", "sector": sectors["vormdc"].pk, "size": "10-49"}
    measure("m0", sectors=[sectors["vormdc"]])
    _call("C0")
    with django_assert_max_num_queries(6) as few:
        assert client.get(URL, params).status_code == 200
    for n in range(1, 15):
        measure(f"m{n}", sectors=[sectors["vormdc"], sectors["bouw"]], themes=["training"])
        _call(f"C{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, params)
    assert len(response.context["measures"]) == 15 and len(response.context["calls"]) == 15


def test_htmx_gets_the_finder_part(client, sectors, measure):
    measure("voor-iedereen")
    response = client.get(URL, {"audience": "worker"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="finder"' in body and "Maatregel voor-iedereen" in body
