"""Extensions move the due date, reminders and payment; the department's date changes are recorded;
the evaluation writes the result indicators, settles the covenant and creates the payment."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from werkbaar.core.models import AuditEntry
from werkbaar.core.roles import Role
from werkbaar.core.workflow import TransitionNotAllowed
from werkbaar.covenants.models import ResultIndicator
from werkbaar.covenants.settlement import settle_covenant
from werkbaar.reporting import services
from werkbaar.reporting.models import IndicatorValue, Payment, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(covenant_factory, make_user):
    covenant = covenant_factory(priorities=3)
    reports = {r.kind: r for r in services.ensure_reports(covenant)}
    return {"covenant": covenant, **reports, "consultant": make_user(Role.CONSULTANT, sector=covenant.sector),
            "department": make_user(Role.ACCOUNT_MANAGER)}


def _approve(s, complete):
    r = s["final"]
    r.content = complete(r)
    r.save()
    services.apply_transition(r, "submit", s["consultant"])
    services.apply_transition(r, "start_review", s["department"])
    services.apply_transition(r, "approve", s["department"])
    return Report.objects.get(pk=r.pk)


def test_granted_extension_moves_the_due_date_and_is_recorded(s, client):
    report = s["progress"]
    client.force_login(s["consultant"])
    response = client.post(f"/reporting/{report.pk}/extension/",
                           {"requested_due_date": "2022-03-15", "reason": "Figures come late"})
    assert response.status_code == 302
    ext = report.extensions.get()
    client.force_login(s["department"])
    client.post(f"/reporting/extension/{ext.pk}/grant/", {"note": ""})
    report.refresh_from_db()
    ext.refresh_from_db()
    assert ext.status == "granted" and report.due_date == date(2022, 3, 15)
    entry = AuditEntry.objects.get(action="due_date")
    assert entry.before == {"due_date": "2022-01-31"} and entry.after == {"due_date": "2022-03-15"}


def test_extension_to_an_earlier_date_is_refused_with_a_message(s, client):
    client.force_login(s["consultant"])
    response = client.post(f"/reporting/{s['progress'].pk}/extension/",
                           {"requested_due_date": "2022-01-01", "reason": "x"})
    assert response.status_code == 200 and not s["progress"].extensions.exists()


def test_refusal_needs_a_note_and_keeps_the_date(s):
    ext = services.request_extension(s["progress"], s["consultant"], date(2022, 3, 1), "reason")
    with pytest.raises(TransitionNotAllowed):
        services.decide_extension(ext, "refuse", s["department"], "")
    services.decide_extension(ext, "refuse", s["department"], "No reason to wait")
    s["progress"].refresh_from_db()
    assert s["progress"].due_date == date(2022, 1, 31)
    with pytest.raises(TransitionNotAllowed):  # decided once
        services.decide_extension(ext, "grant", s["department"])


def test_department_changes_a_due_date_and_it_is_recorded(s, client):
    client.force_login(s["department"])
    response = client.post(f"/reporting/{s['final'].pk}/due-date/", {"due_date": "2023-02-28", "note": "Agreed"})
    assert response.status_code == 302
    s["final"].refresh_from_db()
    assert s["final"].due_date == date(2023, 2, 28)
    assert AuditEntry.objects.filter(action="due_date", note="Agreed", root_id=str(s["covenant"].pk)).exists()


def test_evaluation_feeds_the_settlement_and_creates_the_payment(s, complete):
    report = _approve(s, complete)
    priorities = list(s["covenant"].priorities.all())
    lines = [{"priority": p, "met": p.code != "P3", "value": Decimal("120") if p.code != "P3" else Decimal("40"),
              "justification": f"Because {p.code}"} for p in priorities]
    payment = services.evaluate(report, s["department"], lines)
    indicator = ResultIndicator.objects.get(priority__code="P3", priority__covenant=s["covenant"])
    assert (indicator.result_met, indicator.result_value, indicator.result_note) == (False, Decimal("40"),
                                                                                    "Because P3")
    settlement = settle_covenant(s["covenant"])
    # 196,000 max, 20% result share, 2 of 3 met, full staffing → payable = 196,000 − 39,200/3
    assert payment.amount_eur == Decimal("182933.33") == settlement.payable_eur.quantize(Decimal("0.01"))
    assert payment.basis == "2/3" and payment.decision_date
    assert payment.letter.read(4) == b"%PDF"
    assert IndicatorValue.objects.filter(source="evaluation", indicator=indicator).get().value == Decimal("40")
    with pytest.raises(services.EvaluationError):  # once only
        services.evaluate(report, s["department"], lines)


def test_evaluation_refuses_a_missing_justification_and_saves_nothing(s, complete):
    report = _approve(s, complete)
    lines = [{"priority": p, "met": True, "value": None, "justification": ""} for p in s["covenant"].priorities.all()]
    with pytest.raises(services.EvaluationError):
        services.evaluate(report, s["department"], lines)
    assert not Payment.objects.exists()
    assert ResultIndicator.objects.filter(result_met__isnull=False).count() == 0


def test_progress_report_is_not_evaluated(s, complete):
    r = s["progress"]
    r.content = complete(r)
    r.save()
    services.apply_transition(r, "submit", s["consultant"])
    services.apply_transition(r, "start_review", s["department"])
    services.apply_transition(r, "approve", s["department"])
    assert not services.can_evaluate(Report.objects.get(pk=r.pk), s["department"])


def test_evaluation_page_and_letter_download(s, complete, client):
    report = _approve(s, complete)
    client.force_login(s["department"])
    data = {}
    for p in s["covenant"].priorities.all():
        data.update({f"met_{p.pk}": "yes", f"value_{p.pk}": "120", f"justification_{p.pk}": "ok"})
    _confirm(client, report, data)
    payment = Payment.objects.get(report=report)
    assert payment.amount_eur == Decimal("196000.00") and payment.basis == "3/3"
    response = client.get(f"/reporting/{report.pk}/letter/")
    assert response["Content-Type"] == "application/pdf"
    client.force_login(s["consultant"])  # the sector can download its own letter
    assert client.get(f"/reporting/{report.pk}/letter/").status_code == 200


def test_a_due_date_change_moves_a_planned_payment(s, complete):
    report = _approve(s, complete)
    lines = [{"priority": p, "met": True, "value": None, "justification": "ok"} for p in s["covenant"].priorities.all()]
    payment = services.evaluate(report, s["department"], lines)
    planned = payment.payment_date
    # the final report is locked; a payment tied to a report moves with that report's due date
    Report.objects.filter(pk=report.pk).update(status="draft")
    report.refresh_from_db()
    services.change_due_date(report, report.due_date + timedelta(days=14), s["department"])
    payment.refresh_from_db()
    assert payment.payment_date == planned + timedelta(days=14)


def _letter_text(payment) -> str:
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("nl"):
        return " ".join(render_to_string("reporting/pdf/letter.html", services.letter_context(payment)).split())


def test_payment_is_the_balance_after_addenda_and_advances_and_the_letter_says_to_recover(s, complete):
    covenant = s["covenant"]
    covenant.addenda.create(kind="non_discrimination", budget_eur=Decimal("85000"), result_share=Decimal("0.2"),
                            commitments=[{"code": "ND1", "description": "Risicoanalyse", "met": True},
                                         {"code": "ND2", "description": "Nulmeting", "met": None}])
    covenant.account_salaries_eur, covenant.account_running_costs_eur = Decimal("240000"), Decimal("30000")
    covenant.account_advances_eur = Decimal("270000.33")
    covenant.save()
    report = _approve(s, complete)
    lines = [{"priority": p, "met": True, "value": Decimal("120"), "justification": "ok"}
             for p in covenant.priorities.all()]
    payment = services.evaluate(report, s["department"], lines)
    # 196,000 (all met, full staffing) + 76,500 (addendum: 68,000 + 17,000 x 1/2) = 272,500 > eligible 270,000
    assert payment.settlement["total_payable_eur"] == "272500.00"
    assert payment.settlement["final_grant_eur"] == "270000.00"
    assert payment.amount_eur == Decimal("-0.33") and payment.to_recover
    text = _letter_text(payment)
    assert payment.reference == f"WSE/{covenant.code}/{payment.pk:05d}" and payment.reference in text
    assert "EUR 0,33 wordt teruggevorderd" in text
    assert "Departement Werk en Sociale Economie" in text and "Accountmanager" in text


def test_the_letter_says_to_pay_when_the_balance_is_positive(s, complete):
    report = _approve(s, complete)
    lines = [{"priority": p, "met": True, "value": Decimal("120"), "justification": "ok"}
             for p in s["covenant"].priorities.all()]
    payment = services.evaluate(report, s["department"], lines)
    text = _letter_text(payment)
    assert not payment.to_recover
    assert "Het uit te betalen saldo bedraagt EUR 196.000,00" in text and payment.reference in text


def test_evaluation_page_asks_why_a_priority_below_target_is_met_and_refuses_negative_results(s, complete, client):
    report = _approve(s, complete)
    client.force_login(s["department"])
    priorities = list(s["covenant"].priorities.all())  # targets 100, increase
    data = {}
    for p in priorities:
        data.update({f"met_{p.pk}": "yes", f"value_{p.pk}": "120", f"justification_{p.pk}": "ok"})
    first = priorities[0].pk
    below = dict(data, **{f"value_{first}": "80"})
    response = client.post(f"/reporting/{report.pk}/evaluate/", below)
    assert response.status_code == 200 and "ligt onder de doelstelling" in response.content.decode()
    negative = dict(data, **{f"value_{first}": "-1", f"met_{first}": "no"})
    assert client.post(f"/reporting/{report.pk}/evaluate/", negative).status_code == 200
    assert not Payment.objects.exists()
    explained = dict(below, **{f"justification_{first}": "Eighty employers joined, but each brought a network."})
    _confirm(client, report, explained)
    assert Payment.objects.filter(report=report).count() == 1


def _confirm(client, report, data):
    """Preview, then confirm what was previewed (the page's two steps)."""
    import re

    preview = client.post(f"/reporting/{report.pk}/evaluate/", data)
    assert preview.status_code == 200, preview.content.decode()[:300]
    digest = re.search(r'name="preview_digest" value="([0-9a-f]+)"', preview.content.decode()).group(1)
    response = client.post(f"/reporting/{report.pk}/evaluate/", dict(data, confirmed="1", preview_digest=digest))
    assert response.status_code == 302
    return preview


def test_the_evaluation_is_previewed_and_nothing_is_kept_until_confirmed(s, complete, client):
    from werkbaar.covenants.models import ResultIndicator as Indicator

    report = _approve(s, complete)
    client.force_login(s["department"])
    data = {}
    for p in s["covenant"].priorities.all():
        data.update({f"met_{p.pk}": "yes", f"value_{p.pk}": "120", f"justification_{p.pk}": "ok"})
    audits = AuditEntry.objects.count()
    preview = client.post(f"/reporting/{report.pk}/evaluate/", data).content.decode()
    assert 'id="preview"' in preview and "Het uit te betalen saldo bedraagt EUR 196.000,00" in preview
    assert "(toegekend bij de bevestiging)" in preview
    assert not Payment.objects.exists() and not hasattr(Report.objects.get(pk=report.pk), "evaluation")
    assert not Indicator.objects.filter(result_met__isnull=False).exists()
    assert AuditEntry.objects.count() == audits
    # a confirmation for other values than those previewed shows the preview again
    first = s["covenant"].priorities.first().pk
    import re

    digest = re.search(r'name="preview_digest" value="([0-9a-f]+)"', preview).group(1)
    changed = dict(data, **{f"met_{first}": "no"}, confirmed="1", preview_digest=digest)
    assert client.post(f"/reporting/{report.pk}/evaluate/", changed).status_code == 200
    assert not Payment.objects.exists()
    _confirm(client, report, data)
    payment = Payment.objects.get(report=report)
    assert payment.reference in services.letter_context(payment)["reference"]
