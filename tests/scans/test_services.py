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


# --- rules that a one-line change used to slip past (issue 13) ------------------------------------


def test_answers_to_a_module_the_campaign_did_not_select_are_refused(campaign_factory, company_factory):
    # The instrument's only module is "dienstencheques" (items dm1, dk1, ...); this campaign asks the base only.
    campaign = campaign_factory(modules=[])
    code = services.generate_codes(campaign, 1)[0].code
    assert "dm1" not in campaign.item_ids() and "wd1" in campaign.item_ids()
    with pytest.raises(services.InvalidSubmission) as exc:
        services.submit(code, "nl", {"wd1": 2, "dm1": 2}, {})
    assert set(exc.value.errors) == {"answers.dm1"}
    assert not Response.objects.exists()


def test_answers_to_a_selected_module_are_stored(campaign, codes):
    response = services.submit(codes[0], "nl", {"dm1": 3}, {})
    assert response.answers["dm1"] == 3


def _age_draft(days):
    import datetime

    from django.utils import timezone

    Draft.objects.update(date=timezone.localdate() - datetime.timedelta(days=days))


def test_a_draft_of_an_earlier_day_is_not_shown_again(campaign, codes):
    access = services.find_code(codes[0])
    services.update_draft(access, answers={"wd1": 2}, language="nl", page=1)
    assert services.load_draft(access).answers == {"wd1": 2}  # today's draft is shown
    _age_draft(1)
    assert services.load_draft(services.find_code(codes[0])) is None
    assert not Draft.objects.exists()


def test_saving_after_a_stale_draft_starts_afresh(campaign, codes):
    access = services.find_code(codes[0])
    services.update_draft(access, answers={"wd1": 2}, groups={"team": "Noord"}, language="fr", page=3)
    _age_draft(1)
    draft = services.update_draft(access, answers={"wd2": 4})
    assert draft.answers == {"wd2": 4} and draft.groups == {} and draft.page == 0 and draft.language == "nl"
    assert Draft.objects.count() == 1


def test_purge_deletes_only_drafts_of_earlier_days(campaign, codes):
    services.update_draft(services.find_code(codes[0]), answers={"wd1": 2})
    _age_draft(1)
    services.update_draft(services.find_code(codes[1]), answers={"wd1": 3})
    assert services.purge_stale_drafts() == 1
    assert list(Draft.objects.values_list("answers", flat=True)) == [{"wd1": 3}]
