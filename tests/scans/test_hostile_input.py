"""Answers that look like numbers but are not, on every path that takes answers, and a database outage.

``"²"`` and ``"٣"`` pass ``str.isdigit()``, ``"--2"`` passes ``lstrip("-").isdigit()`` and 5,000 digits
exceed Python's limit for ``int()``: before the shared strict parser each of them was a 500 for an
anonymous visitor. JSON ``true`` must never count as the answer 1.
"""

import json
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import translation

from werkbaar.scans import questionnaire as q
from werkbaar.scans import services
from werkbaar.scans.answers import InvalidAnswer, parse_answer
from werkbaar.scans.importing import ImportFailed, import_rows
from werkbaar.scans.models import Draft, Response

HOSTILE = ["²", "٣", "--2", "+2", "2.5", "0x2", "1_0", "2\n2", "9" * 5000]
SCALE = (1, 2, 3, 4)


@pytest.mark.parametrize("value", [*HOSTILE, True, False, [2], {"v": 2}, 2.5, float("inf"), float("nan"), 10**400])
def test_parser_refuses_anything_but_a_plain_integer_on_the_scale(value):
    with pytest.raises(InvalidAnswer) as exc:
        parse_answer(value, SCALE)
    assert len(exc.value.message) < 120  # the value is echoed, but never in full


@pytest.mark.parametrize("value,expected", [(3, 3), ("3", 3), (" 4 ", 4), (2.0, 2), ("-1", -1)])
def test_parser_accepts_integers_of_the_scale(value, expected):
    assert parse_answer(value, (-1, *SCALE)) == expected


def test_parser_refuses_integers_outside_the_scale():
    for value in (0, 5, "5", "000005", -1):
        with pytest.raises(InvalidAnswer):
            parse_answer(value, SCALE)


@pytest.mark.parametrize("value", ["000004", "-00004", 4.0, 4])
def test_parser_accepts_six_digits_and_an_integral_float_as_a_plain_int(value):
    number = parse_answer(value, (-4, 4))
    assert number in (-4, 4) and type(number) is int


@pytest.mark.parametrize("value", ["0000004", "-0000004", " 4 4 ", "4-"])
def test_parser_refuses_a_seventh_digit_and_misplaced_signs(value):
    with pytest.raises(InvalidAnswer):
        parse_answer(value, (-4, 4))


def test_the_refusal_names_the_value_and_the_whole_scale():
    with translation.override("en"), pytest.raises(InvalidAnswer) as exc:
        parse_answer("7", [1, 2, 3, 4])
    assert exc.value.message == "Value '7' is outside the answer scale (1, 2, 3, 4)."
    assert str(exc.value) == exc.value.message


@pytest.mark.parametrize(
    "value,echo",
    [
        ({"v": 2}, "dict"),
        ([2], "list"),
        (2**64 - 1, "18446744073709551615"),  # 64 bits, 20 characters: shown in full
        (2**64, "…"),  # 65 bits: never rendered
        ("a" * 18, "'" + "a" * 18 + "'"),  # repr of 20 characters: in full
        ("a" * 19, "'" + "a" * 19 + "…"),  # 21 characters: the first 20 and an ellipsis
    ],
)
def test_the_refused_value_is_echoed_short(value, echo):
    with translation.override("en"), pytest.raises(InvalidAnswer) as exc:
        parse_answer(value, [1])
    assert exc.value.message == f"Value {echo} is outside the answer scale (1)."


# --- the submission API ---------------------------------------------------------------------------


def _post(client, code, body: str):
    return client.post(f"/api/v1/scan/{code}/submit", data=body, content_type="application/json")


@pytest.mark.parametrize("value", HOSTILE)
def test_api_answers_400_with_a_field_error(client, codes, value):
    r = _post(client, codes[0], json.dumps({"language": "nl", "answers": {"wd1": value}}))
    assert r.status_code == 400, r.content[:300]
    assert "wd1" in "".join(r.json()["errors"])
    assert not Response.objects.exists()


def test_api_json_true_is_not_the_answer_1(client, codes):
    r = _post(client, codes[0], '{"language": "nl", "answers": {"wd1": true}}')
    assert r.status_code == 400
    assert set(r.json()["errors"]) == {"answers.wd1"}
    assert not Response.objects.exists()


def test_api_number_with_5000_digits_is_a_400_not_a_500(client, codes):
    r = _post(client, codes[0], '{"language": "nl", "answers": {"wd1": ' + "9" * 5000 + "}}")
    assert r.status_code == 400, r.content[:300]
    assert not Response.objects.exists()


# --- the questionnaire form and its autosave ------------------------------------------------------


def _first_scale_page(campaign):
    pages = q.pages_for(campaign)
    index = next(i for i, p in enumerate(pages) if p.kind == "scale")
    items, _groups = q.fields_on_page(campaign, pages[index])
    return index, items


@pytest.mark.parametrize("value", HOSTILE)
def test_form_shows_the_page_again_with_a_field_error(client, campaign, codes, value):
    index, items = _first_scale_page(campaign)
    r = client.post(f"/s/{codes[0]}/", {"page": index, f"a-{items[0]}": value, f"a-{items[1]}": "3"})
    assert r.status_code == 400
    page = r.content.decode()
    assert "outside the answer scale" in page or "buiten de antwoordschaal" in page
    assert f'name="a-{items[1]}" value="3" checked' in page  # the valid answer is kept
    assert not Draft.objects.filter(answers__has_key=items[0]).exists()


@pytest.mark.parametrize("value", HOSTILE)
def test_autosave_answers_400(client, campaign, codes, value):
    index, items = _first_scale_page(campaign)
    r = client.post(f"/s/{codes[0]}/save/", {"page": index, f"a-{items[0]}": value})
    assert r.status_code == 400


# --- the paper import -----------------------------------------------------------------------------


def test_import_cells_get_a_row_and_column_error(campaign):
    rows = [["wd1", "wd2"], *[[value, "2"] for value in HOSTILE]]
    with pytest.raises(ImportFailed) as exc:
        import_rows(campaign, rows)
    problems = exc.value.problems
    assert [(p.row, p.column) for p in problems] == [(n, "wd1") for n in range(2, 2 + len(HOSTILE))]
    assert not Response.objects.exists()


def test_import_refuses_true_from_a_spreadsheet_cell(campaign):
    # openpyxl gives a boolean cell as True; read_table turns it into the text "True"
    with pytest.raises(ImportFailed):
        import_rows(campaign, [["wd1"], ["True"]])


# --- a database outage while answering --------------------------------------------------------------


def test_outage_while_saving_a_page_shows_it_again_with_the_answers(client, campaign, codes):
    index, items = _first_scale_page(campaign)
    client.get(f"/s/{codes[0]}/?lang=fr")
    with mock.patch.object(services, "update_draft", side_effect=OperationalError("server closed the connection")):
        r = client.post(f"/s/{codes[0]}/", {"page": index, f"a-{items[0]}": "4", f"a-{items[1]}": "1"})
    assert r.status_code == 503
    page = r.content.decode()
    assert "Vos réponses n’ont pas pu être enregistrées" in page  # translated, in the respondent's language
    assert f'name="a-{items[0]}" value="4" checked' in page
    assert f'name="a-{items[1]}" value="1" checked' in page


def test_outage_while_sending_keeps_the_answers_and_stores_nothing(client, campaign, codes):
    pages = q.pages_for(campaign)
    client.get(f"/s/{codes[0]}/?lang=nl")
    with mock.patch.object(services, "submit", side_effect=OperationalError("could not connect to server")):
        r = client.post(f"/s/{codes[0]}/", {"page": len(pages) - 1, "nav": "send"})
    assert r.status_code == 503
    assert "konden niet bewaard worden" in r.content.decode()
    assert not Response.objects.exists()


def test_outage_during_autosave_is_a_503(client, campaign, codes):
    index, items = _first_scale_page(campaign)
    with mock.patch.object(services, "update_draft", side_effect=OperationalError("disk I/O error")):
        r = client.post(f"/s/{codes[0]}/save/", {"page": index, f"a-{items[0]}": "2"})
    assert r.status_code == 503


def test_outage_before_the_campaign_is_read_posts_the_answers_back(client, campaign, codes):
    """The first database call already fails: a page without the database carries the answers back."""
    index, items = _first_scale_page(campaign)
    with mock.patch.object(services, "find_code", side_effect=OperationalError("could not connect to server")):
        r = client.post(f"/s/{codes[0]}/", {"page": index, f"a-{items[0]}": "4", "nav": "next", "lang": "fr"})
        assert r.status_code == 503
        page = r.content.decode()
        assert "Vos réponses n’ont pas pu être enregistrées" in page
        assert f'name="a-{items[0]}" value="4"' in page and 'name="nav" value="next"' in page
        assert f'action="/s/{codes[0]}/"' in page
        assert client.get(f"/s/{codes[0]}/").status_code == 503
        assert client.post(f"/s/{codes[0]}/save/", {"page": index}).status_code == 503
    # the button sends the same fields again: once the database is back they are stored
    r = client.post(f"/s/{codes[0]}/", {"page": index, f"a-{items[0]}": "4", "nav": "next", "lang": "fr"})
    assert r.status_code == 302
    assert Draft.objects.get().answers[items[0]] == 4
