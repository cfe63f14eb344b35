"""The scheduled retention purge: delete what the rules of :mod:`werkbaar.privacy.retention` say is due.

Public functions:

* :func:`policy` – the retention periods from the ``RETENTION_*`` settings.
* :func:`purge(today=None, dry_run=False) -> dict[str, int]` – count (dry run) or delete, per data
  class in :data:`DATA_CLASSES`; ``werkbaar purge`` prints the result.

The transaction story: everything is deleted in one transaction, so a failure leaves nothing purged
half-way. Evidence files (of reports and of addendum phases) are removed from storage only after that
transaction has committed (a rollback keeps the files and their rows); a file that cannot be removed is
logged and tried again by no one – its row already says purged, which is what the archive period
requires of the data it holds.
A second run finds nothing due: every rule skips what is already gone. Before a campaign's responses
are deleted, its analysis result is frozen (``insights.services.freeze_campaign_result``) so that its
report still renders. The log says only how many rows of each class went, never which.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkbaar.covenants.models import AddendumPhase
from werkbaar.insights.services import effective_close_date, freeze_campaign_result
from werkbaar.knowledge.facilitator_models import Vote
from werkbaar.reporting.models import EvidenceFile
from werkbaar.scans.closing import vacuum
from werkbaar.scans.models import AccessCode, Campaign, CampaignStatus, Draft, Response, UsedCode

from . import retention

log = logging.getLogger(__name__)

#: The data classes the purge handles, with their labels (in the order they are reported).
DATA_CLASSES = {
    "scan_responses": _("Scan responses"),
    "access_codes": _("Access codes"),
    "drafts": _("Drafts"),
    "used_codes": _("Used codes"),
    "evidence_files": _("Evidence files"),
    "phase_evidence_files": _("Evidence files of addendum phases"),
    "werkwijzer_votes": _("Votes of WerkWijzer group sessions"),
}


def policy() -> retention.Policy:
    return retention.Policy(
        responses_years=settings.RETENTION_SCAN_RESPONSES_YEARS,
        evidence_years=settings.RETENTION_EVIDENCE_YEARS,
        organisation_years=settings.RETENTION_ORGANISATION_YEARS,
    )


def purge(today: datetime.date | None = None, dry_run: bool = False) -> dict[str, int]:
    """Delete (or with ``dry_run`` only count) every row and file that is due; the counts per class."""
    today = today or timezone.localdate()
    years = policy()
    with transaction.atomic():
        closed = _closed_campaigns(today)
        due_campaigns = [c for c in closed
                         if retention.responses_due(effective_close_date(c), today, years.responses_years)]
        evidence = [e for e in EvidenceFile.objects.filter(purged_on=None).select_related("report__covenant")
                    if retention.evidence_due(e.report.covenant.end, e.purged_on, today, years.evidence_years)]
        phases = [p for p in AddendumPhase.objects.filter(evidence_purged_on=None).exclude(evidence_file="")
                  .select_related("addendum__covenant")
                  if retention.evidence_due(p.covenant.end, p.evidence_purged_on, today, years.evidence_years)]
        drafts = Draft.objects.filter(campaign__in=[
            c for c in closed if retention.drafts_due(c.status == CampaignStatus.CLOSED, c.closes_on, today)])
        used = UsedCode.objects.filter(campaign__in=[
            c for c in closed if retention.used_codes_due(c.status == CampaignStatus.CLOSED)])
        responses = Response.objects.filter(campaign__in=due_campaigns)
        votes = Vote.objects.filter(session__created__date__lte=retention.werkwijzer_votes_cutoff(
            today, settings.RETENTION_WERKWIJZER_VOTES_DAYS))
        codes = AccessCode.objects.filter(campaign__in=due_campaigns)
        counts = {
            "scan_responses": responses.count(),
            "access_codes": codes.count(),
            "drafts": drafts.count(),
            "used_codes": used.count(),
            "evidence_files": len(evidence),
            "phase_evidence_files": len(phases),
            "werkwijzer_votes": votes.count(),
        }
        if dry_run:
            return counts
        for campaign in due_campaigns:
            if campaign.responses.exists():
                freeze_campaign_result(campaign, today)
        responses.delete()
        codes.delete()
        drafts.delete()
        used.delete()
        votes.delete()
        files = _mark_evidence_purged(evidence, today) + _mark_phase_evidence_purged(phases, today)
        transaction.on_commit(lambda: delete_files(files))
        if counts["scan_responses"]:
            transaction.on_commit(vacuum)
    for data_class, n in counts.items():
        log.info("purge: %s %d", data_class, n)
    return counts


def _closed_campaigns(today: datetime.date) -> list[Campaign]:
    """Closed campaigns (early, or past their closing date) that still hold something a rule may delete."""
    candidates = Campaign.objects.filter(Q(status=CampaignStatus.CLOSED) | Q(closes_on__lt=today))
    holding = Q()
    for model in (Response, AccessCode, Draft, UsedCode):  # EXISTS each: no join of the four tables
        holding |= Exists(model.objects.filter(campaign=OuterRef("pk")))
    return list(candidates.filter(holding).order_by("pk"))


def _mark_evidence_purged(evidence: list[EvidenceFile], today: datetime.date) -> list[tuple]:
    files = []
    for e in evidence:
        if e.file:
            files.append((e.file.storage, e.file.name))
    EvidenceFile.objects.filter(pk__in=[e.pk for e in evidence]).update(purged_on=today, file="")
    return files


def _mark_phase_evidence_purged(phases: list[AddendumPhase], today: datetime.date) -> list[tuple]:
    files = [(p.evidence_file.storage, p.evidence_file.name) for p in phases]
    AddendumPhase.objects.filter(pk__in=[p.pk for p in phases]).update(evidence_purged_on=today, evidence_file="")
    return files


def delete_files(files: list[tuple]) -> None:
    """Remove (storage, name) pairs from storage; a failure is logged without the file's name."""
    for storage, name in files:
        try:
            storage.delete(name)
        except OSError as exc:
            log.warning("privacy: a file could not be deleted from storage (%s)", type(exc).__name__)
