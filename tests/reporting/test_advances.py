"""The schedule of advances (issue 14): advances are Payments of kind "advance", approved and paid through
the advance workflow by the department; the paid ones are the financial account's advances, so the final
payment of the evaluation is the final grant minus what was really paid."""

from datetime import date
from decimal import Decimal

import pytest

from werkbaar.core.audit import history_for
from werkbaar.core.roles import Role
from werkbaar.core.workflow import TransitionNotAllowed
from werkbaar.covenants.final_account import final_account_of_covenant
from werkbaar.reporting import advances, services
from werkbaar.reporting.models import Payment, PaymentKind, PaymentStatus, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(covenant_factory, make_user, sector_factory):
    covenant = covenant_factory(priorities=3)
    return {"covenant": covenant, "department": make_user(Role.ACCOUNT_MANAGER),
            "staff": make_user(Role.SECTOR_STAFF, sector=covenant.sector),
            "consultant": make_user(Role.CONSULTANT, sector=covenant.sector),
            "other": make_user(Role.SECTOR_STAFF, sector=sector_factory())}


def schedule(covenant, *amounts):
    return [Payment.objects.create(covenant=covenant, kind=PaymentKind.ADVANCE, status=PaymentStatus.SCHEDULED,
                                   due_date=date(covenant.start.year + i, 3, 1), amount_eur=Decimal(a))
            for i, a in enumerate(amounts)]


def test_an_advance_is_approved_then_paid_and_only_then_counts(s):
    covenant, dep = s["covenant"], s["department"]
    first, second = schedule(covenant, "78400", "78400")
    covenant.account_advances_eur = Decimal("1")  # a recorded value is overruled by the schedule
    covenant.save()
    assert final_account_of_covenant(covenant).advances_paid_eur == 0
    advances.take_step(first, "approve", dep)
    assert final_account_of_covenant(covenant).advances_paid_eur == 0
    advances.take_step(first, "pay", dep)
    first.refresh_from_db()
    assert first.status == PaymentStatus.PAID and first.payment_date is not None
    account = final_account_of_covenant(covenant)
    assert account.advances_paid_eur == Decimal("78400")
    assert account.balance_eur == account.final_grant_eur - Decimal("78400")
    assert [e.action for e in history_for(covenant).filter(object_type="reporting.payment")] == [
        "transition:pay", "transition:approve"]
    with pytest.raises(TransitionNotAllowed):  # paid is final: a second click pays nothing twice
        advances.take_step(first, "pay", dep)
    with pytest.raises(TransitionNotAllowed):
        advances.take_step(second, "pay", dep)  # not approved yet


def test_without_a_schedule_the_recorded_advances_still_count(s):
    covenant = s["covenant"]
    covenant.account_salaries_eur, covenant.account_running_costs_eur = Decimal("100000"), Decimal("0")
    covenant.account_advances_eur = Decimal("90000")
    covenant.save()
    assert final_account_of_covenant(covenant).advances_paid_eur == Decimal("90000")


def test_sector_users_cannot_approve_or_pay(s):
    (advance,) = schedule(s["covenant"], "1000")
    for user in (s["staff"], s["consultant"], s["other"]):
        with pytest.raises(TransitionNotAllowed):
            advances.take_step(advance, "approve", user)
    advance.refresh_from_db()
    assert advance.status == PaymentStatus.SCHEDULED


def test_the_final_payment_is_the_final_grant_minus_the_paid_advances(s, complete):
    covenant, dep = s["covenant"], s["department"]
    paid, _open = schedule(covenant, "100000", "50000")
    advances.take_step(paid, "approve", dep)
    advances.take_step(paid, "pay", dep)
    report = Report.objects.get(covenant=covenant, kind="final") if Report.objects.filter(
        covenant=covenant, kind="final").exists() else {r.kind: r for r in services.ensure_reports(covenant)}["final"]
    report.content = complete(report)
    report.save()
    services.apply_transition(report, "submit", s["consultant"])
    services.apply_transition(report, "start_review", dep)
    services.apply_transition(report, "approve", dep)
    lines = [{"priority": p, "met": True, "value": Decimal("120"), "justification": "ok"}
             for p in covenant.priorities.all()]
    payment = services.evaluate(Report.objects.get(pk=report.pk), dep, lines)
    assert payment.kind == PaymentKind.FINAL and payment.covenant == covenant
    assert payment.settlement["advances_paid_eur"] == "100000.00"
    assert payment.amount_eur == Decimal("96000.00")  # 196,000 - 100,000 paid (the scheduled 50,000 is not paid)


# --- pages -----------------------------------------------------------------------------------------


def test_department_schedules_edits_approves_and_pays_on_the_pages(client, s):
    covenant = s["covenant"]
    client.force_login(s["department"])
    base = f"/reporting/covenant/{covenant.code}/advances"
    assert client.post(f"{base}/new/", {"due_date": "2021-03-01", "amount_eur": "98000"}).status_code == 302
    advance = Payment.objects.get(covenant=covenant, kind="advance")
    assert client.post(f"{base}/{advance.pk}/edit/", {"due_date": "2021-04-01", "amount_eur": "97000"}).status_code == 302
    advance.refresh_from_db()
    assert (advance.due_date, advance.amount_eur) == (date(2021, 4, 1), Decimal("97000"))
    tab = client.get(f"/covenants/{covenant.pk}/settlement/").content.decode()
    assert "Voorschottenschema" in tab and "EUR 97.000,00" in tab and f"{base}/{advance.pk}/step/approve/" in tab
    client.post(f"{base}/{advance.pk}/step/approve/", {"confirmed": "1"})
    client.post(f"{base}/{advance.pk}/step/pay/", {"confirmed": "1"})
    advance.refresh_from_db()
    assert advance.status == PaymentStatus.PAID
    response = client.post(f"{base}/{advance.pk}/edit/", {"due_date": "2021-05-01", "amount_eur": "1"}, follow=True)
    assert "Alleen een gepland voorschot kan gewijzigd worden." in response.content.decode()
    advance.refresh_from_db()
    assert advance.amount_eur == Decimal("97000")
    portfolio = client.get("/reporting/portfolio/").content.decode()
    assert "Geplande voorschotten" in portfolio and "€ 97.000,00" in portfolio


@pytest.mark.parametrize(("amount", "due", "message_nl", "message_fr"), [
    ("-5", "2021-03-01", "Een voorschot is een positief bedrag.", "Une avance est un montant positif."),
    ("200000000", "2021-03-01", "is niet aannemelijk", "pas plausible"),
    ("1000", "2024-01-01", "meer dan een jaar na het einde van de looptijd", "an après la fin de la durée"),
])
def test_bad_advances_get_a_translated_message_and_nothing_is_saved(client, s, amount, due, message_nl, message_fr):
    client.force_login(s["department"])
    url = f"/reporting/covenant/{s['covenant'].code}/advances/new/"
    nl = client.post(url, {"due_date": due, "amount_eur": amount})
    assert nl.status_code == 200 and message_nl in nl.content.decode()
    fr = client.post(url, {"due_date": due, "amount_eur": amount}, HTTP_ACCEPT_LANGUAGE="fr")
    assert message_fr in fr.content.decode()
    assert not Payment.objects.exists()


def test_sector_reads_the_schedule_of_its_own_covenant_only_and_changes_nothing(client, s):
    covenant = s["covenant"]
    (advance,) = schedule(covenant, "5000")
    base = f"/reporting/covenant/{covenant.code}/advances"
    client.force_login(s["staff"])
    tab = client.get(f"/covenants/{covenant.pk}/settlement/").content.decode()
    assert "EUR 5.000,00" in tab and f"{base}/new/" not in tab and "/step/approve/" not in tab
    assert client.get(f"{base}/new/").status_code == 403
    assert client.post(f"{base}/new/", {"due_date": "2021-03-01", "amount_eur": "1"}).status_code == 403
    assert client.post(f"{base}/{advance.pk}/step/approve/", {"confirmed": "1"}).status_code == 403
    client.force_login(s["other"])
    assert client.get(f"/covenants/{covenant.pk}/settlement/").status_code == 404
    for url in (f"{base}/new/", f"{base}/{advance.pk}/edit/", f"{base}/{advance.pk}/step/pay/"):
        assert client.post(url, {"confirmed": "1", "due_date": "2021-03-01", "amount_eur": "1"}).status_code == 404
    advance.refresh_from_db()
    assert advance.status == PaymentStatus.SCHEDULED and Payment.objects.count() == 1


def test_home_key_figures_count_the_paid_advances_and_covenants_under_notice(s):
    from decimal import Decimal as D

    from werkbaar.covenants.models import Consultant
    from werkbaar.reporting.home import key_figures_data

    covenant, dep = s["covenant"], s["department"]
    covenant.account_advances_eur = D("999")  # overruled by the schedule
    covenant.status = "notice_given"  # still running during the notice period
    covenant.save()
    paid, _open = schedule(covenant, "80000", "70000")
    advances.take_step(paid, "approve", dep)
    advances.take_step(paid, "pay", dep)
    addendum = covenant.addenda.create(kind="kilometre_charge", fte=D("2"))  # no budget, no rate: nothing committed
    Consultant.objects.create(covenant=covenant, addendum=addendum, name="Kim", fte=D("2"))
    (row,) = key_figures_data(dep, date(2021, 6, 1))
    assert row["paid"] == D("80000")
    assert row["deployed"] == D("2")  # the base consultant only; the addendum's FTE are on top
    assert row["committed"] == D("196000")
