"""Idempotency under concurrency: the same code submitted at once from many threads stores one response.

Runs with real transactions (``transaction=True``) so that every thread has its own database
connection; on PostgreSQL the unique constraint on the used-code hash decides, on SQLite the
IMMEDIATE write transactions serialise the writers. Nothing is killed.

SQLite: the test database lives in shared-cache memory, whose table locks do not behave like the
file database of a real deployment; the ``threaded_db`` fixture copies it to a WAL file that the
worker threads open, exactly like separate server threads would.
"""

import threading

import pytest
from django.db import connection

from werkbaar.scans import services
from werkbaar.scans.models import DailyCount, Response, UsedCode

pytestmark = pytest.mark.django_db(transaction=True)


def _counts(in_thread):
    return in_thread(lambda: (
        Response.objects.count(), UsedCode.objects.count(), sum(DailyCount.objects.values_list("count", flat=True))
    ))


def _hammer(fn, args_list):
    barrier = threading.Barrier(len(args_list))
    results = [None] * len(args_list)

    def run(i, args):
        try:
            barrier.wait()
            fn(*args)
            results[i] = "stored"
        except services.CodeAlreadyUsed:
            results[i] = "409"
        except Exception as exc:  # noqa: BLE001 - reported in the assertion
            results[i] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(args_list)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_same_code_from_many_threads_stores_once(campaign, codes, full_answers, in_thread):
    results = _hammer(services.submit, [(codes[0], "nl", full_answers, {"team": "Noord"})] * 8)
    assert results.count("stored") == 1, results
    assert results.count("409") == 7, results
    assert _counts(in_thread) == (1, 1, 1)


def test_different_codes_concurrently_all_stored(campaign, codes, full_answers, in_thread):
    results = _hammer(services.submit, [(code, "fr", full_answers, {}) for code in codes[:8]])
    assert results == ["stored"] * 8, results
    assert _counts(in_thread) == (8, 8, 8)
