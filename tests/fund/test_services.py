"""The storing paths: submit, review with conflicts, decide with the budget commitment, final report and pay."""

import threading
import time
from decimal import Decimal as D

import pytest
from django.db import connection

from werkbaar.core.roles import Role
from werkbaar.core.workflow import TransitionNotAllowed
from werkbaar.fund import assessment, services
from werkbaar.fund.models import Application, ConflictOfInterest, Decision, Payment


def to_review(w, app):
    services.submit(app, w["admin"])
    from werkbaar.fund.workflows import APPLICATION_WORKFLOW

    APPLICATION_WORKFLOW.apply(app, "start_review", w["managers"][0])
    for m in w["managers"]:
        services.add_review(app, m, 4, "approve")
    return app


def test_full_path_with_advance_and_balance(fund_world):
    w = fund_world
    w["call"].advance_share = D("0.25")
    w["call"].save()
    app = w["application"]()
    with pytest.raises(TransitionNotAllowed):
        services.submit(app, w["delegate"])  # a union delegate sees and comments, does not submit
    to_review(w, app)
    decision = services.decide(app, w["managers"][0], "approved", "Goed plan")
    assert decision.amount_eur == D("3200.00")
    assert services.committed_eur(w["call"]) == D("3200.00")
    assert Payment.objects.get(application=app, kind="advance").amount_eur == D("800.00")
    app.refresh_from_db()
    assert app.status == "approved" and app.decided_at is not None
    services.submit_final_report(app, w["admin"], "Coaching gevolgd", D("5000"))
    payment = services.pay(Application.objects.get(pk=app.pk), w["managers"][1])
    assert (payment.kind, payment.amount_eur) == ("balance", D("1700.00"))  # min(3200, 2500) - 800


def test_recovery_when_proven_costs_are_below_the_advance(fund_world):
    w = fund_world
    w["call"].advance_share = D("0.5")
    w["call"].save()
    app = to_review(w, w["application"]())
    services.decide(app, w["managers"][0], "approved", "ok")
    services.submit_final_report(Application.objects.get(pk=app.pk), w["admin"], "klein", D("1000"))
    payment = services.pay(Application.objects.get(pk=app.pk), w["managers"][0])
    assert (payment.kind, payment.amount_eur) == ("recovery", D("-1100.00"))  # 500 - 1600


def test_decision_needs_two_reviews_and_conflicted_reviewer_is_refused(fund_world, make_user):
    w = fund_world
    app = w["application"]()
    services.submit(app, w["admin"])
    from werkbaar.fund.workflows import APPLICATION_WORKFLOW

    APPLICATION_WORKFLOW.apply(app, "start_review", w["managers"][0])
    services.add_review(app, w["managers"][0], 3, "approve")
    with pytest.raises(TransitionNotAllowed):
        services.decide(app, w["managers"][0], "approved", "te vroeg")
    ConflictOfInterest.objects.create(application=app, user=w["managers"][1], reason="familie")
    with pytest.raises(services.FundError):
        services.add_review(app, w["managers"][1], 5, "approve")
    # Same organisation: a manager who is also a member of the company is in conflict.
    insider = make_user(Role.ACCOUNT_MANAGER)
    from werkbaar.core.models import Membership

    Membership.objects.create(user=insider, role=Role.COMPANY_ADMIN, organisation=w["company"])
    with pytest.raises(services.FundError):
        services.add_review(app, insider, 5, "approve")
    with pytest.raises(services.FundError):
        services.add_review(app, w["managers"][0], 5, "approve")  # a second review by the same reviewer


def test_decision_amount_is_bounded_and_nothing_is_half_saved(fund_world):
    w = fund_world
    app = to_review(w, w["application"]())
    with pytest.raises(services.FundError):
        services.decide(app, w["managers"][0], "approved", "te veel", amount_eur=D("3200.01"))
    with pytest.raises(services.FundError):
        services.decide(app, w["managers"][0], "partially_approved", "niet minder", amount_eur=D("3200"))
    assert not Decision.objects.exists() and Application.objects.get(pk=app.pk).status == "under_review"
    services.decide(app, w["managers"][0], "partially_approved", "deels", amount_eur=D("2000"))
    with pytest.raises(TransitionNotAllowed):  # a double click
        services.decide(app, w["managers"][0], "approved", "nog eens")
    assert services.committed_eur(w["call"]) == D("2000.00")


def test_refusal_commits_nothing(fund_world):
    w = fund_world
    app = to_review(w, w["application"]())
    with pytest.raises(TransitionNotAllowed):
        services.decide(app, w["managers"][0], "refused", "")  # a reason is required
    services.decide(app, w["managers"][0], "refused", "Buiten de doelstellingen")
    assert services.committed_eur(w["call"]) == 0


def test_second_decision_sees_the_first_commitment(fund_world, fund_call):
    w = fund_world
    call = fund_call(budget_eur=D("5000"))
    a, b = (to_review(w, w["application"](c=call)) for _ in range(2))
    services.decide(a, w["managers"][0], "approved", "ok")
    decision = services.decide(b, w["managers"][0], "approved", "ok")
    assert decision.amount_eur == D("1800.00")  # capped by the remaining budget
    assert services.committed_eur(call) == D("5000.00")


@pytest.fixture
def racing(fund_world, fund_call, company_factory, make_user):
    """Two companies' applications under review on a call whose budget covers 5000 of the 6400 asked."""
    w = fund_world
    call = fund_call(budget_eur=D("5000"))
    first = to_review(w, w["application"](c=call))
    other = company_factory()
    w2 = dict(w, admin=make_user(Role.COMPANY_ADMIN, organisation=other))
    second = to_review(w2, w["application"](c=call, org=other))
    return call, [first, second], w["managers"]


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_never_exceed_the_budget(racing, in_thread, monkeypatch):
    """Both decisions run together; the assessment is slowed so that without the lock both would read 0 committed."""
    call, apps, managers = racing
    real = assessment.assess

    def slow(*args):
        time.sleep(0.3)
        return real(*args)

    monkeypatch.setattr(assessment, "assess", slow)
    barrier, errors = threading.Barrier(2), []

    def run(app, manager):
        try:
            barrier.wait()
            services.decide(app, manager, "approved", "ok")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(app, m)) for app, m in zip(apps, managers, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    amounts = in_thread(lambda: sorted(
        Decision.objects.filter(application__call=call).values_list("amount_eur", flat=True)))
    assert amounts == [D("1800.00"), D("3200.00")]
    assert in_thread(lambda: services.committed_eur(call)) == D("5000.00")


def test_decision_letter_in_the_applicants_language_and_linked_source(fund_world, client, monkeypatch):
    from datetime import date

    from django.template.loader import render_to_string

    from werkbaar.fund.indicator_sources import companies_cofinanced
    from werkbaar.reporting import services as reporting_services

    w = fund_world
    app = w["application"]()
    app.language = "fr"
    app.save()
    to_review(w, app)
    services.decide(app, w["managers"][0], "approved", "Bon plan")
    client.force_login(w["delegate"])
    response = client.get(f"/fund/applications/{app.pk}/letter.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    monkeypatch.setattr(reporting_services, "render_pdf", lambda t, c: render_to_string(t, c).encode())
    html = services.letter_pdf(Application.objects.get(pk=app.pk)).decode()
    assert "Décision concernant votre demande" in html and "Bon plan" in html
    today = date.today()
    assert companies_cofinanced(w["company"].sector, date(today.year - 1, 1, 1), date(today.year + 1, 12, 31)) == 1
    assert companies_cofinanced(w["company"].sector, date(2000, 1, 1), date(2000, 12, 31)) == 0


def test_dashboard_figures_per_call_and_per_sector(fund_world):
    w = fund_world
    w["call"].advance_share = D("0.25")
    w["call"].save()
    decided = to_review(w, w["application"]())
    services.decide(decided, w["managers"][0], "approved", "ok")
    refused = to_review(w, w["application"]())
    services.decide(refused, w["managers"][0], "refused", "nee")
    w["application"]()  # a draft
    f = services.call_figures(w["call"])
    assert (f["budget"], f["committed"], f["paid"], f["remaining"]) == (
        D("500000"), D("3200.00"), D("800.00"), D("496800.00"))
    assert f["per_state"] == {"approved": 1, "refused": 1, "draft": 1}
    assert f["average_days_to_decision"] is not None and f["average_days_to_decision"] >= 0
    [row] = services.sector_figures([w["call"]])
    assert (row["sector"], row["applications"], row["companies"], row["committed"], row["paid"]) == (
        w["company"].sector.name, 3, 1, D("3200.00"), D("800.00"))


def test_the_department_portfolio_shows_the_fund_per_sector(fund_world, client, make_user):
    w = fund_world
    w["call"].advance_share = D("0.25")
    w["call"].save()
    services.decide(to_review(w, w["application"]()), w["managers"][0], "approved", "ok")
    services.decide(to_review(w, w["application"]()), w["managers"][0], "refused", "nee")
    # 6,400.00 coaching x rate 0.5 = 3,200.00 committed; advance 25% of it = 800.00 paid
    client.force_login(make_user("account_manager"))
    client.cookies["django_language"] = "nl"
    page = client.get("/reporting/portfolio/").content.decode()
    section = page[page.index('id="fund"'):]
    start = section.index(f'<th scope="row">{w["company"].sector.name}</th>')
    row = section[start:section.index("</tr>", start)]
    cells = [c.split(">", 1)[1] for c in row.split("<td")[1:]]
    assert [c.replace("</td>", "").strip() for c in cells] == ["2", "1", "€ 3.200,00", "€ 800,00"]
