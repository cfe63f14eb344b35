"""Termination of a covenant (seed 002 l.5716-5742): notice by registered letter with 6 months' notice
period, termination without notice for the general interest or a documented serious shortfall, through
the covenant workflow, for the department only."""

from datetime import date

import pytest
from django.utils import timezone

from werkbaar.core.audit import history_for
from werkbaar.core.roles import Role
from werkbaar.core.workflow import TransitionNotAllowed
from werkbaar.covenants import workflow as wf
from werkbaar.covenants.models import CovenantStatus as S
from werkbaar.covenants.termination import ShortfallFinding, Termination


@pytest.fixture
def setup(db, covenant_factory, make_user, sector_factory):
    covenant = covenant_factory()
    covenant.status = S.ACTIVE
    covenant.save()
    other = sector_factory()
    return {
        "covenant": covenant,
        "department": make_user(Role.ACCOUNT_MANAGER),
        "staff": make_user(Role.SECTOR_STAFF, sector=covenant.sector),
        "consultant": make_user(Role.CONSULTANT, sector=covenant.sector),
        "other_staff": make_user(Role.SECTOR_STAFF, sector=other),
    }


@pytest.fixture
def today(monkeypatch):
    def set_today(day):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    return set_today


def test_notice_puts_the_covenant_under_notice_for_six_months_then_it_can_end(setup, today):
    c, dep = setup["covenant"], setup["department"]
    t = wf.give_notice(c, dep, date(2016, 4, 1), "sector", "Brief van de sectorpartners")  # Friday
    c.refresh_from_db()
    assert c.status == S.NOTICE_GIVEN and c.end_reason == "notice"
    # the first working day after Friday 1 April 2016 is Monday 4 April; six months: to 3 October 2016
    assert (t.notice_starts, t.notice_ends, t.ends_on, t.party) == (
        date(2016, 4, 4), date(2016, 10, 3), date(2016, 10, 3), "sector")
    entry = history_for(c).get(action="transition:give_notice")
    assert "4 april 2016" in entry.note or "April 2016" in entry.note
    today(date(2016, 10, 3))
    with pytest.raises(TransitionNotAllowed, match="notice period runs until"):
        wf.end(c, dep, "notice")
    today(date(2016, 10, 4))
    wf.end(c, dep, "notice", "Opzegtermijn verstreken")
    c.refresh_from_db()
    assert c.status == S.ENDED


def test_during_the_notice_period_the_parties_may_still_end_it_by_mutual_agreement(setup, today):
    c, dep = setup["covenant"], setup["department"]
    wf.give_notice(c, dep, date(2016, 4, 1), "government")
    today(date(2016, 6, 1))
    wf.end(c, dep, "mutual_agreement", "Akkoord van beide partijen")
    c.refresh_from_db()
    assert c.status == S.ENDED and c.end_reason == "mutual_agreement"


def test_notice_needs_a_letter_within_the_term_and_the_department(setup):
    c = setup["covenant"]
    with pytest.raises(wf.TerminationError, match="within the term"):
        wf.give_notice(c, setup["department"], date(2018, 1, 5), "government")
    with pytest.raises(wf.TerminationError, match="registered letter"):
        wf.give_notice(c, setup["department"], None, "government")
    for user in (setup["staff"], setup["consultant"], setup["other_staff"]):
        with pytest.raises(TransitionNotAllowed):
            wf.give_notice(c, user, date(2016, 4, 1), "sector")
    c.refresh_from_db()
    assert c.status == S.ACTIVE and not Termination.objects.exists()


def test_ending_for_notice_without_notice_or_for_a_shortfall_goes_through_the_proper_step(setup):
    c, dep = setup["covenant"], setup["department"]
    with pytest.raises(TransitionNotAllowed, match="Give notice first"):
        wf.end(c, dep, "notice")
    with pytest.raises(TransitionNotAllowed, match="without notice period"):
        wf.end(c, dep, "serious_shortfall")
    c.refresh_from_db()
    assert c.status == S.ACTIVE


def test_termination_for_a_serious_shortfall_needs_the_documented_shortfall_of_this_covenant(setup, covenant_factory):
    c, dep = setup["covenant"], setup["department"]
    other = covenant_factory(code="OTHER-2016-2017")
    foreign = wf.record_shortfall(other, dep, date(2017, 2, 1), "Geen enkele actie uitgevoerd")
    with pytest.raises(wf.TerminationError, match="shortfall found"):
        wf.terminate(c, dep, "serious_shortfall", date(2017, 3, 1), shortfall=None)
    with pytest.raises(wf.TerminationError, match="shortfall found"):
        wf.terminate(c, dep, "serious_shortfall", date(2017, 3, 1), shortfall=foreign)
    finding = wf.record_shortfall(c, dep, date(2017, 2, 15), "P1 tot P8: geen enkele resultaatsindicator gehaald")
    t = wf.terminate(c, dep, "serious_shortfall", date(2017, 3, 1), shortfall=finding)
    c.refresh_from_db()
    assert c.status == S.ENDED and c.end_reason == "serious_shortfall"
    assert (t.ends_on, t.shortfall, t.notice_ends) == (date(2017, 3, 1), finding, None)
    assert history_for(c).filter(action="transition:terminate").count() == 1
    assert history_for(c).filter(object_type="covenants.shortfallfinding").count() == 1


def test_termination_in_the_general_interest_needs_the_circumstances_and_overtakes_a_notice(setup):
    c, dep = setup["covenant"], setup["department"]
    wf.give_notice(c, dep, date(2016, 4, 1), "government")
    with pytest.raises(wf.TerminationError, match="exceptional circumstances"):
        wf.terminate(c, dep, "general_interest", date(2016, 5, 2))
    with pytest.raises(wf.TerminationError, match="general interest or a serious shortfall"):
        wf.terminate(c, dep, "notice", date(2016, 5, 2), remark="x")
    t = wf.terminate(c, dep, "general_interest", date(2016, 5, 2), remark="Uitzonderlijke omstandigheden")
    assert Termination.objects.get(covenant=c) == t and t.ends_on == date(2016, 5, 2)
    c.refresh_from_db()
    assert c.status == S.ENDED and c.end_reason == "general_interest"


def test_a_shortfall_needs_a_description_and_an_evaluation_of_the_same_covenant(setup):
    with pytest.raises(wf.TerminationError, match="seriously short"):
        wf.record_shortfall(setup["covenant"], setup["department"], date(2017, 1, 1), "  ")
    assert not ShortfallFinding.objects.exists()


# --- pages -----------------------------------------------------------------------------------------


def test_give_notice_page_confirms_records_and_shows_the_end_date(client, setup):
    c = setup["covenant"]
    client.force_login(setup["department"])
    page = client.get(f"/covenants/{c.pk}/step/give_notice/")
    assert page.status_code == 200 and "letter_date" in page.content.decode()
    response = client.post(f"/covenants/{c.pk}/step/give_notice/", {
        "confirmed": "1", "letter_date": "2016-04-01", "party": "government", "remark": ""}, follow=True)
    html = response.content.decode()
    assert "3 oktober 2016" in html  # the message and the overview, in Dutch
    assert "Opzeggingstermijn" in html
    c.refresh_from_db()
    assert c.status == S.NOTICE_GIVEN


def test_bad_notice_input_gets_a_translated_message_and_saves_nothing(client, setup):
    c = setup["covenant"]
    client.force_login(setup["department"])
    response = client.post(f"/covenants/{c.pk}/step/give_notice/", {
        "confirmed": "1", "letter_date": "2019-01-07", "party": "government"}, follow=True)
    assert "moet binnen de looptijd van het convenant vallen" in response.content.decode()
    response = client.post(f"/covenants/{c.pk}/step/give_notice/", {
        "confirmed": "1", "letter_date": "2019-01-07", "party": "government"}, HTTP_ACCEPT_LANGUAGE="fr", follow=True)
    assert "doit tomber dans la durée de la convention" in response.content.decode()
    c.refresh_from_db()
    assert c.status == S.ACTIVE and not Termination.objects.exists()


def test_the_shortfall_record_links_to_the_termination_step(client, setup):
    c = setup["covenant"]
    client.force_login(setup["department"])
    response = client.post(f"/covenants/{c.pk}/shortfall/new/", {"found_on": "2017-02-15",
                                                                 "description": "Geen acties uitgevoerd"})
    assert response.status_code == 302
    finding = ShortfallFinding.objects.get(covenant=c)
    html = client.get(f"/covenants/{c.pk}/").content.decode()
    link = f"/covenants/{c.pk}/step/terminate/?shortfall={finding.pk}"
    assert link in html
    form = client.get(link).content.decode()
    assert f'<option value="{finding.pk}" selected>' in form
    client.post(link, {"confirmed": "1", "reason": "serious_shortfall", "decision_date": "2017-03-01",
                       "shortfall": str(finding.pk)})
    c.refresh_from_db()
    assert c.status == S.ENDED and c.termination.shortfall == finding


def test_terminate_for_a_shortfall_without_choosing_one_is_refused_with_a_message(client, setup):
    c = setup["covenant"]
    client.force_login(setup["department"])
    response = client.post(f"/covenants/{c.pk}/step/terminate/", {
        "confirmed": "1", "reason": "serious_shortfall", "decision_date": "2017-03-01"})
    assert response.status_code == 200
    assert "Kies de ernstige tekortkoming" in response.content.decode()
    c.refresh_from_db()
    assert c.status == S.ACTIVE


def test_sector_users_read_the_termination_but_cannot_take_it_and_another_sector_sees_nothing(client, setup):
    c, dep = setup["covenant"], setup["department"]
    wf.give_notice(c, dep, date(2016, 4, 1), "government")
    finding = wf.record_shortfall(c, dep, date(2016, 6, 1), "Ernstig tekort")
    client.force_login(setup["staff"])
    html = client.get(f"/covenants/{c.pk}/").content.decode()
    assert "3 oktober 2016" in html and "Ernstig tekort" in html
    assert "/shortfall/new/" not in html and "step/terminate" not in html
    assert client.get(f"/covenants/{c.pk}/step/terminate/").status_code == 403
    assert client.post(f"/covenants/{c.pk}/step/terminate/", {
        "confirmed": "1", "reason": "serious_shortfall", "decision_date": "2016-07-01",
        "shortfall": finding.pk}).status_code == 403
    assert client.get(f"/covenants/{c.pk}/shortfall/new/").status_code == 403
    client.force_login(setup["other_staff"])
    for url in (f"/covenants/{c.pk}/", f"/covenants/{c.pk}/step/terminate/", f"/covenants/{c.pk}/shortfall/new/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/covenants/{c.pk}/shortfall/new/", {"found_on": "2016-06-02",
                                                             "description": "x"}).status_code == 404
    c.refresh_from_db()
    assert c.status == S.NOTICE_GIVEN and ShortfallFinding.objects.count() == 1
