"""Closing a campaign, and what closing does to the stored data: afterwards nothing links a response
to an access code or to a moment.

While a campaign is open the database itself can still link them: on PostgreSQL a response and its
used-code row carry the same ``xmin`` (they are written in one transaction) and sit in insertion
order in their heaps; on SQLite the response table's hidden ``rowid`` follows the submission order.
Closing removes those traces (see docs/decisions/0002-anonymity.md):

1. in the transaction that changes the status, the campaign row is locked first (a submission in
   flight holds a shared lock on it, see :func:`werkbaar.scans.services.lock_open_campaign`, so it
   either commits before or is refused after), then :func:`unlink_responses` deletes the campaign's
   used-code rows and drafts and rewrites its responses in random order as new rows with new random
   ids, same content;
2. after the commit, :func:`vacuum` removes the deleted rows from the database files.

Public functions:

* :func:`close_campaign` – a person closes a campaign early (workflow transition ``close``).
* :func:`close_due_campaigns` – the scheduled close of every active campaign past its closing date
  (transition ``close_due``, no user): the daily task ``scans.tasks.close_due_campaigns``, and
  :func:`close_if_due` when a staff page meets such a campaign.
* :func:`unlink_responses`, :func:`vacuum`.

Access codes stay, so a code of a closed campaign still answers 410 (closed) instead of 404.
"""

from __future__ import annotations

import logging
import random

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from .models import Campaign, CampaignStatus, Draft, Response, UsedCode
from .workflow import CAMPAIGN_WORKFLOW

log = logging.getLogger(__name__)

#: PostgreSQL: how long VACUUM FULL may wait for its exclusive lock before the plain VACUUM is used.
VACUUM_FULL_LOCK_TIMEOUT = "5s"
TABLES = (Response._meta.db_table, UsedCode._meta.db_table, Draft._meta.db_table)


def close_campaign(campaign: Campaign, user) -> None:
    """Close early (raises ``TransitionNotAllowed``), unlink the responses, then vacuum."""
    CAMPAIGN_WORKFLOW.apply(campaign, "close", user, on_apply=_on_close)
    _vacuum_after_commit()


def close_due_campaigns(today=None) -> list[Campaign]:
    """Close every active campaign whose closing date has passed; returns them."""
    today = today or timezone.localdate()
    closed = []
    for campaign in Campaign.objects.filter(status=CampaignStatus.ACTIVE, closes_on__lt=today).order_by("pk"):
        CAMPAIGN_WORKFLOW.apply(campaign, "close_due", None, on_apply=lambda obj, t: unlink_responses(obj))
        closed.append(campaign)
    if closed:
        _vacuum_after_commit()
    return closed


def close_if_due(campaign: Campaign) -> bool:
    """Close one campaign that is past its closing date but not yet closed by the scheduled job."""
    if campaign.status != CampaignStatus.ACTIVE or campaign.closes_on >= timezone.localdate():
        return False
    CAMPAIGN_WORKFLOW.apply(campaign, "close_due", None, on_apply=lambda obj, t: unlink_responses(obj))
    _vacuum_after_commit()
    return True


def _on_close(campaign: Campaign, transition) -> None:
    campaign.closed_on = timezone.localdate()
    unlink_responses(campaign)


def unlink_responses(campaign: Campaign) -> int:
    """Delete used codes and drafts, rewrite the responses shuffled with new ids; returns the count.

    Runs in one transaction (joins the caller's); the campaign row is locked first so that no
    submission commits between the read and the rewrite.
    """
    with transaction.atomic():
        list(Campaign.objects.select_for_update().filter(pk=campaign.pk).values_list("pk", flat=True))
        UsedCode.objects.filter(campaign=campaign).delete()
        Draft.objects.filter(campaign=campaign).delete()
        responses = Response.objects.filter(campaign=campaign)
        rows = list(responses.values_list("language", "answers", "groups"))
        responses.delete()
        random.SystemRandom().shuffle(rows)
        Response.objects.bulk_create(
            [Response(campaign=campaign, language=language, answers=answers, groups=groups)
             for language, answers, groups in rows],
            batch_size=500,
        )
    return len(rows)


def _vacuum_after_commit() -> None:
    # outside a transaction this runs at once; inside one, after the outermost commit
    transaction.on_commit(vacuum)


def vacuum() -> bool:
    """Remove deleted rows from the database files; False (and a warning) when it could not run.

    SQLite: ``VACUUM`` rebuilds the whole file, then the WAL is checkpointed and truncated.
    PostgreSQL: ``VACUUM FULL`` rewrites the three tables (waiting at most
    :data:`VACUUM_FULL_LOCK_TIMEOUT` for its lock), else a plain ``VACUUM`` marks the space free.
    Neither may run inside a transaction block; the close has committed either way, so a failed
    vacuum only leaves the old rows in free space until the next vacuum (the next
    close runs one).
    """
    if connection.in_atomic_block:
        log.warning("scans: vacuum skipped, called inside a transaction")
        return False
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("VACUUM")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                return True
            if connection.vendor == "postgresql":
                return _vacuum_postgresql(cursor)
    except DatabaseError as exc:
        log.warning("scans: vacuum after closing a campaign failed: %s", exc)
        return False
    log.warning("scans: no vacuum for database vendor %s", connection.vendor)
    return False


def _vacuum_postgresql(cursor) -> bool:
    tables = ", ".join(connection.ops.quote_name(t) for t in TABLES)
    cursor.execute(f"SET lock_timeout = '{VACUUM_FULL_LOCK_TIMEOUT}'")
    try:
        cursor.execute(f"VACUUM (FULL, ANALYZE) {tables}")
        return True
    except DatabaseError as exc:
        log.warning("scans: VACUUM FULL did not run (%s); plain VACUUM instead", exc)
        cursor.execute(f"VACUUM (ANALYZE) {tables}")
        return True
    finally:
        cursor.execute("RESET lock_timeout")
