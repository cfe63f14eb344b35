"""Two people taking the same money step at once: one approval, one evaluation, one payment.

Runs with real transactions so that each thread has its own PostgreSQL connection and the row lock
of ``Workflow.apply`` / ``services.evaluate`` is what decides. Each thread holds its own copy of the
report, loaded before either acts, like two browser tabs opened on the same page.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from werkbaar.core.models import AuditEntry
from werkbaar.core.roles import Role
from werkbaar.core.workflow import TransitionNotAllowed
from werkbaar.reporting import services
from werkbaar.reporting.models import Payment, Report

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor == "sqlite", reason=(
        "SQLite serialises whole write transactions, so two writers never interleave there; the row lock "
        "is a PostgreSQL matter and is proven on PostgreSQL")),
]


def _at_once(fn, n=2):
    """Run ``fn(i)`` in n threads released together; returns each result or exception."""
    barrier, results = threading.Barrier(n), [None] * n

    def run(i):
        try:
            barrier.wait(10)
            results[i] = fn(i)
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread met
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@pytest.fixture
def in_review(covenant_factory, make_user, complete):
    covenant = covenant_factory(priorities=2)
    report = next(r for r in services.ensure_reports(covenant) if r.kind == "final")
    report.content = complete(report)
    report.save()
    consultant = make_user(Role.CONSULTANT, sector=covenant.sector)
    services.apply_transition(report, "submit", consultant)
    department = [make_user(Role.ACCOUNT_MANAGER), make_user(Role.ACCOUNT_MANAGER)]
    services.apply_transition(Report.objects.get(pk=report.pk), "start_review", department[0])
    return report.pk, department


def test_two_reviewers_approving_at_once_approve_once(in_review):
    pk, reviewers = in_review
    copies = [Report.objects.get(pk=pk) for _ in reviewers]  # both pages show "in review"
    results = _at_once(lambda i: services.apply_transition(copies[i], "approve", reviewers[i]))
    assert sum(isinstance(r, TransitionNotAllowed) for r in results) == 1, results
    assert AuditEntry.objects.filter(action="transition:approve", object_id=str(pk)).count() == 1


def test_two_evaluations_at_once_create_one_payment(in_review):
    pk, reviewers = in_review
    services.apply_transition(Report.objects.get(pk=pk), "approve", reviewers[0])
    copies = [Report.objects.get(pk=pk) for _ in reviewers]

    def evaluate(i):
        lines = [{"priority": p, "met": True, "value": Decimal("120"), "justification": "ok"}
                 for p in copies[i].covenant.priorities.all()]
        return services.evaluate(copies[i], reviewers[i], lines)

    results = _at_once(evaluate)
    assert sum(isinstance(r, Payment) for r in results) == 1, results
    assert sum(isinstance(r, services.EvaluationError) for r in results) == 1, results
    assert Payment.objects.filter(report_id=pk).count() == 1
