"""Anonymous action feedback (codes and threshold as in the scan), sector roll-up and covenant counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from werkbaar.actions import services
from werkbaar.actions.models import ActionPlan, FeedbackAnswer, PlanStatus
from werkbaar.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def done_item(plan):
    item = plan.items.get()
    item.status = "done"
    item.done_on = timezone.localdate() - datetime.timedelta(days=31)
    item.save()
    return item


def test_feedback_only_for_done_actions(plan, admin_user):
    with pytest.raises(services.FeedbackError):
        services.create_feedback_round(plan.items.get(), admin_user, 10)


def test_feedback_round_codes_follow_scan_rules(done_item, admin_user):
    from werkbaar.scans.services import CODE_ALPHABET, CODE_LENGTH

    feedback = services.create_feedback_round(done_item, admin_user, 12, min_group_size=2)
    assert feedback.min_group_size == 3  # never below the scan's floor
    assert feedback.opens_on == done_item.done_on + datetime.timedelta(days=30)
    codes = list(feedback.codes.values_list("code", flat=True))
    assert len(set(codes)) == 12
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert services.create_feedback_round(done_item, admin_user, 5).min_group_size == 5  # the campaign's minimum


def test_answers_are_anonymous_once_per_code_and_hidden_below_minimum(client, done_item, admin_user):
    feedback = services.create_feedback_round(done_item, admin_user, 6, opens_on=timezone.localdate())
    codes = list(feedback.codes.values_list("code", flat=True))
    for code in codes[:4]:
        response = client.post(reverse("actions:feedback_answer", args=[code]), {"helped": 3, "more_workable": 2})
        assert response.status_code == 200 and response.context["thanks"]
    assert client.post(reverse("actions:feedback_answer", args=[codes[0]]), {"helped": 1}).status_code == 409
    assert FeedbackAnswer.objects.count() == 4
    assert {f.name for f in FeedbackAnswer._meta.concrete_fields} == {"id", "round", "helped", "more_workable"}
    assert services.feedback_results(feedback) == {"shown": False, "n": None, "min": 5}
    services.submit_feedback(codes[4].lower(), 1, None)
    results = services.feedback_results(feedback)
    assert results["shown"] and results["n"] == 5
    assert [r["count"] for r in results["helped"]] == [4, 0, 1]
    client.force_login(admin_user)
    page = client.get(reverse("actions:feedback_detail", args=[done_item.plan.pk, feedback.pk]))
    assert page.status_code == 200 and page.context["results"]["shown"]


def test_printable_code_cards_for_editors_only(client, done_item, admin_user, delegate):
    feedback = services.create_feedback_round(done_item, admin_user, 3)
    url = reverse("actions:feedback_codes_pdf", args=[done_item.plan.pk, feedback.pk])
    client.force_login(delegate)
    assert client.get(url).status_code == 403
    detail = client.get(reverse("actions:feedback_detail", args=[done_item.plan.pk, feedback.pk]))
    assert detail.status_code == 200 and not detail.context["codes"]
    client.force_login(admin_user)
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_feedback_closed_and_unknown_codes(client, done_item, admin_user):
    feedback = services.create_feedback_round(done_item, admin_user, 2,
                                              opens_on=timezone.localdate() + datetime.timedelta(days=3))
    code = feedback.codes.first().code
    assert client.get(reverse("actions:feedback_answer", args=[code])).status_code == 410
    assert client.get(reverse("actions:feedback_answer", args=["ZZZZZZZZZZ"])).status_code == 404
    entry = client.post(reverse("actions:feedback_entry"), {"code": f"{code[:5]}-{code[5:]}"})
    assert entry.status_code == 302 and entry.url.endswith(f"/{code}/")


def test_delegate_cannot_create_feedback_round(client, done_item, delegate):
    client.force_login(delegate)
    url = reverse("actions:feedback_create", args=[done_item.plan.pk, done_item.pk])
    assert client.post(url, {"count": 5}).status_code == 403


def test_rollup_counts_and_scope(client, plan, make_user, company_factory, closed_campaign_factory, menu):
    sector = plan.organisation.sector
    waiting = company_factory(sector=sector, name="Zonder plan bv")
    closed_campaign_factory(waiting, teams={"A": 6})
    company_factory(sector=sector, name="Geen scan bv")
    plan.status = PlanStatus.APPROVED
    plan.approved_on = timezone.localdate()
    plan.save()
    data = services.sector_rollup(sector)
    assert data["plans"] == 1 and data["approved"] == 1 and data["evaluated"] == 0
    assert [o.name for o in data["without_plan"]] == ["Zonder plan bv"]
    assert data["most_chosen"][0]["action"].key == "ergonomic-equipment"
    themes = {t["theme"]: t for t in data["themes"]}
    assert themes["physical"]["count"] == 1 and not themes["physical"]["under_used"]
    assert themes["psychosocial"]["under_used"] and themes["work_life"]["under_used"]
    staff = make_user(Role.SECTOR_STAFF, sector=sector)
    client.force_login(staff)
    assert client.get(reverse("sector_index")).status_code == 302
    page = client.get(reverse("sector_tab", args=[sector.code, "actions"]))
    assert page.status_code == 200 and "Zonder plan bv" in page.text
    other = make_user(Role.SECTOR_STAFF, sector=company_factory().sector)
    client.force_login(other)
    assert client.get(reverse("sector_tab", args=[sector.code, "actions"])).status_code == 404
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=waiting))
    assert client.get(reverse("sector_index")).status_code == 403


def test_covenant_linked_sources(plan):
    from werkbaar.covenants.linked_sources import sources

    registered = sources()
    assert registered["actions.employers_with_evaluated_plan"].unit == "employers_reached"

    class Covenant:
        sector = plan.organisation.sector

    today = timezone.localdate()
    year = (today - datetime.timedelta(days=365), today + datetime.timedelta(days=1))
    assert registered["actions.employers_with_plan"].func(Covenant, *year) == 1
    assert registered["actions.employers_with_evaluated_plan"].func(Covenant, *year) == 0
    ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.EVALUATED, evaluated_on=today,
                                                 approved_on=today)
    assert registered["actions.employers_with_evaluated_plan"].func(Covenant, *year) == 1
    assert registered["actions.employers_with_approved_plan"].func(Covenant, *year) == 1
    assert registered["actions.employers_with_evaluated_plan"].func(
        Covenant, today + datetime.timedelta(days=2), today + datetime.timedelta(days=9)) == 0


def test_nav_entries(client, plan, admin_user, make_user):
    from django.utils import translation

    from werkbaar.actions.nav import NAV

    with translation.override("en"):
        labels = {str(label): pred for _o, label, _u, pred in NAV}
    from django.contrib.auth.models import AnonymousUser

    assert labels["Inspiration menu"](AnonymousUser())
    assert not labels["Action plans"](AnonymousUser())
    assert labels["Action plans"](admin_user) and not labels["Sector roll-up"](admin_user)
    staff = make_user(Role.SECTOR_STAFF, sector=plan.organisation.sector)
    assert labels["Sector roll-up"](staff)


def test_feedback_entry_refuses_a_code_with_slashes_without_a_500(client):
    response = client.post(reverse("actions:feedback_entry"), {"code": "../../etc/passwd"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
