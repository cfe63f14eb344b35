"""Issue 16: the feedback page speaks the worker's language like the questionnaire; the plan offers
"Evaluate with the follow-up scan" only once a follow-up is linked, and otherwise links or creates one."""


import pytest
from django.urls import reverse
from django.utils import timezone

from werkbaar.actions.models import ActionPlan, FeedbackAnswer, PlanStatus
from werkbaar.core.models import AuditEntry
from werkbaar.scans.models import Campaign

pytestmark = pytest.mark.django_db


def test_feedback_page_follows_the_browser_and_has_the_questionnaire_layout(client, feedback_code):
    url = reverse("actions:feedback_answer", args=[feedback_code])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9").content.decode()
    assert '<html lang="fr' in page
    assert "Cette action vous a-t-elle aidé ?" in page and "Heeft deze actie je geholpen?" not in page
    assert page.count('<fieldset class="r-question"') == 2 and "<legend>" in page
    assert 'class="r-read" data-read' in page  # read-aloud
    assert page.count('class="r-lang"') == 3 and 'value="fr" class="r-lang" lang="fr" aria-pressed="true"' in page
    assert page.count('class="r-option"') == 6 and page.count('class="r-picto"') == 6
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<html lang="nl' in page and "Heeft deze actie je geholpen?" in page


def test_a_language_button_keeps_the_ticked_answer_and_stores_nothing(client, feedback_code):
    url = reverse("actions:feedback_answer", args=[feedback_code])
    r = client.post(url, {"helped": "2", "lang": "en"}, HTTP_ACCEPT_LANGUAGE="nl")
    page = r.content.decode()
    assert r.status_code == 200 and '<html lang="en' in page and "Did this action help you?" in page
    assert 'name="helped" value="2" checked' in page
    assert "Please choose" not in page
    assert not FeedbackAnswer.objects.exists()
    r = client.post(url, {"lang": "fr", "nav": "send"})  # the language button wins: nothing sent
    assert r.status_code == 200 and not FeedbackAnswer.objects.exists()
    assert f'action="{url}?lang=fr"' in r.content.decode()  # sending from here stays in French


def test_sending_without_an_answer_says_so_in_the_language(client, feedback_code):
    url = reverse("actions:feedback_answer", args=[feedback_code])
    r = client.post(f"{url}?lang=fr", {"nav": "send"})
    page = r.content.decode()
    assert r.status_code == 400 and "Choisissez une des réponses." in page
    assert 'aria-describedby="q-helped-error"' in page
    r = client.post(f"{url}?lang=fr", {"nav": "send", "helped": "3", "more_workable": "1"})
    assert r.status_code == 200 and "Merci" in r.content.decode()
    assert FeedbackAnswer.objects.get().helped == 3


def test_feedback_entry_in_the_browsers_language_and_the_choice_goes_on(client, feedback_code):
    page = client.get(reverse("actions:feedback_entry"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="fr' in page and "Votre avis sur une action" in page
    r = client.post(reverse("actions:feedback_entry") + "?lang=en", {"code": feedback_code})
    assert r.url == reverse("actions:feedback_answer", args=[feedback_code]) + "?lang=en"


# ------------------------------------------------------------------------------------------------
# Evaluate with the follow-up scan
# ------------------------------------------------------------------------------------------------


@pytest.fixture
def running_plan(plan):
    ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.IN_PROGRESS)
    plan.refresh_from_db()
    return plan


def test_without_a_follow_up_the_plan_offers_to_link_or_create_one(client, running_plan, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("actions:plan_detail", args=[running_plan.pk])).content.decode()
    assert "Evalueren met de opvolgmeting" not in page
    assert "Een opvolgmeting aanmaken" in page
    assert "Een opvolgmeting koppelen" not in page  # no later campaign to link yet


def test_a_later_campaign_can_be_linked(client, running_plan, admin_user, closed_campaign_factory):
    closed_campaign_factory(running_plan.organisation, days_ago=1, name="Opvolging")
    client.force_login(admin_user)
    page = client.get(reverse("actions:plan_detail", args=[running_plan.pk])).content.decode()
    assert "Een opvolgmeting koppelen" in page and "Evalueren met de opvolgmeting" not in page


def test_with_a_follow_up_linked_evaluate_is_offered(client, running_plan, admin_user, closed_campaign_factory):
    running_plan.follow_up_campaign = closed_campaign_factory(running_plan.organisation, days_ago=1, name="Opvolging")
    running_plan.save()
    client.force_login(admin_user)
    page = client.get(reverse("actions:plan_detail", args=[running_plan.pk])).content.decode()
    assert "Evalueren met de opvolgmeting" in page and "Een opvolgmeting aanmaken" not in page


def test_create_a_follow_up_like_the_first_scan_and_link_it(client, running_plan, admin_user):
    client.force_login(admin_user)
    first = running_plan.campaign
    r = client.post(reverse("actions:plan_follow_up_create", args=[running_plan.pk]))
    running_plan.refresh_from_db()
    follow_up = running_plan.follow_up_campaign
    assert r.status_code == 302 and r.url == reverse("scans:campaign_edit", args=[follow_up.pk])
    assert follow_up.organisation == running_plan.organisation and follow_up.pk != first.pk
    assert (follow_up.instrument_ref, follow_up.modules, follow_up.languages, follow_up.grouping) == (
        first.instrument_ref, first.modules, first.languages, first.grouping)
    assert follow_up.opens_on == timezone.localdate() and follow_up.name == f"{first.name} – opvolging"
    assert not follow_up.responses.exists() and not follow_up.codes.exists()
    assert AuditEntry.objects.filter(action="create", object_id=str(follow_up.pk)).exists()
    # a second click does not make a second campaign
    client.post(reverse("actions:plan_follow_up_create", args=[running_plan.pk]))
    assert Campaign.objects.filter(organisation=running_plan.organisation).count() == 2


def test_a_delegate_cannot_create_a_follow_up(client, running_plan, delegate):
    client.force_login(delegate)
    r = client.post(reverse("actions:plan_follow_up_create", args=[running_plan.pk]))
    assert r.status_code == 403
    running_plan.refresh_from_db()
    assert running_plan.follow_up_campaign is None


def test_a_follow_up_that_cannot_be_made_says_why_and_links_nothing(client, running_plan, admin_user):
    Campaign.objects.filter(pk=running_plan.campaign_id).update(instrument_ref="no-such-instrument")
    client.force_login(admin_user)
    r = client.post(reverse("actions:plan_follow_up_create", args=[running_plan.pk]), follow=True)
    assert r.status_code == 200 and "Onbekend instrument." in r.content.decode()
    running_plan.refresh_from_db()
    assert running_plan.follow_up_campaign is None
    assert Campaign.objects.filter(organisation=running_plan.organisation).count() == 1
