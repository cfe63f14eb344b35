"""Storing responses: the one code path, its refusals, and the responses frame."""

import pytest

from werkbaar.scans import services
from werkbaar.scans.models import DailyCount, Draft, Response, UsedCode


def test_submit_stores_and_refuses_second(campaign, codes, full_answers):
    r = services.submit(codes[0], "nl", full_answers, {"team": "Noord"})
    assert Response.objects.filter(pk=r.pk).exists()
    assert UsedCode.objects.count() == 1
    assert DailyCount.objects.get(campaign=campaign).count == 1
    with pytest.raises(services.CodeAlreadyUsed):
        services.submit(codes[0], "nl", full_answers, {})
    assert Response.objects.count() == 1


def test_submit_unknown_code_and_closed(campaign_factory, campaign, codes, full_answers):
    with pytest.raises(services.UnknownCode):
        services.submit("ZZZZZZZZZZ", "nl", full_answers, {})
    campaign.status = "closed"
    campaign.save()
    with pytest.raises(services.CampaignNotOpen):
        services.submit(codes[0], "nl", full_answers, {})
    assert Response.objects.count() == 0


def test_submit_errors_per_field(campaign, codes):
    with pytest.raises(services.InvalidSubmission) as exc:
        services.submit(codes[0], "xx", {"wd1": 9, "nope": 1}, {"team": "Mars", "shoe": "42"})
    assert set(exc.value.errors) == {"language", "answers.wd1", "answers.nope", "groups.team", "groups.shoe"}
    assert not UsedCode.objects.exists() and not Response.objects.exists()


def test_submit_deletes_draft(campaign, codes, full_answers):
    access = services.find_code(codes[1])
    services.update_draft(access, answers={"wd1": 2}, language="nl", page=1)
    services.submit(codes[1], "nl", full_answers, {})
    assert not Draft.objects.exists()


def test_responses_frame(campaign, codes, full_answers):
    services.submit(codes[0], "fr", {**full_answers, "wd1": None}, {"team": "Zuid"})
    services.submit(codes[1], "nl", {"wd2": 4}, {})
    frame = services.responses_frame(campaign)
    assert frame.height == 2
    assert frame.columns == [*campaign.item_ids(), "team", "age_band", "language"]
    assert str(frame.schema["wd1"]) == "Int64" and str(frame.schema["team"]) == "String"
    assert sorted(frame["language"].to_list()) == ["fr", "nl"]
    assert frame["wd1"].null_count() == 2
    assert sorted(frame["team"].to_list(), key=str) == [None, "Zuid"] or sorted(
        frame["team"].to_list(), key=lambda v: v or ""
    ) == [None, "Zuid"]


def test_empty_frame_has_schema(campaign):
    frame = services.responses_frame(campaign)
    assert frame.height == 0 and "language" in frame.columns


def test_responses_frame_reads_stored_json_of_any_layout(campaign):
    """Rows written outside the ORM: extra keys, missing keys, empty bands and line breaks in the JSON text."""
    from django.db import connection

    item = campaign.item_ids()[0]
    Response.objects.create(campaign=campaign, language="nl", answers={item: 3, "retired_item": 1},
                            groups={"team": "", "age_band": "50+"})
    odd = Response.objects.create(campaign=campaign, language="fr", answers={}, groups={})
    with connection.cursor() as cursor:  # a pretty-printed object, as another tool might have written it
        cast = "::jsonb" if connection.vendor == "postgresql" else ""
        cursor.execute(f"UPDATE scans_response SET answers = %s{cast}, groups = %s{cast} WHERE id = %s",
                       [f'{{\n  "{item}": 4\n}}', '{\n  "team": "Noord\\nZuid"\n}', odd.pk.hex
                        if connection.vendor == "sqlite" else odd.pk])
    frame = services.responses_frame(campaign).sort("language")  # fr (the odd row), nl
    assert frame[item].to_list() == [4, 3]
    assert frame["team"].to_list() == ["Noord\nZuid", None]
    assert frame["age_band"].to_list() == [None, "50+"]
    assert "retired_item" not in frame.columns
