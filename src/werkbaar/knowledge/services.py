"""Analysis results for the web: cached engine output per campaign and per sector period.

Public functions (used by the report views, the exports and other apps such as actions):

* :func:`campaign_result` – the scoring engine's output for one campaign (grouped by every grouping
  question, suppressed with the campaign's minimum group size), with Wilson 95% intervals, cached in
  ``AnalysisResult`` until new answers arrive (see :func:`campaign_fingerprint`).
* :func:`sector_aggregate` – the aggregate over all closed campaigns of a sector in a period, per
  instrument, broken down by company size band, with an extra rule: a cell needs at least
  :data:`MIN_ORGANISATIONS` organisations (suppressed with the engine's own ``suppress``).
* :func:`previous_campaign`, :func:`compare_with_previous`, :func:`reference_comparison`.

Every figure comes from ``werkbaar.analysis``; this module only selects data, adds context and caches.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any

import polars as pl
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from werkbaar.analysis import engine
from werkbaar.core.models import Organisation, Sector
from werkbaar.scans.models import Campaign, CampaignStatus

from . import bridge
from .models import AnalysisResult, ReferenceFigure
from .reference import FLEMISH_GROUP, MONITOR_INSTRUMENT, ensure_reference_figures, reference_config

#: Bump when the shape of the cached dicts changes: every cached result is then recomputed.
RESULT_FORMAT = 2
#: A sector-view cell (and the whole aggregate) needs at least this many organisations.
MIN_ORGANISATIONS = 3
SIZE_BAND_COLUMN = "size_band"

Progress = Callable[[int, str], None]


def _noop(_pct: int, _step: str) -> None:
    return None


def _digest(parts: Iterable[Any]) -> str:
    return hashlib.sha256(json.dumps(list(parts), default=str, sort_keys=True).encode()).hexdigest()[:40]


# ------------------------------------------------------------------------------------------------
# Which campaigns
# ------------------------------------------------------------------------------------------------


def closed_campaigns() -> Any:
    """Campaigns whose results may be shown: closed early or past their closing date."""
    today = timezone.localdate()
    return Campaign.objects.filter(Q(status=CampaignStatus.CLOSED) | Q(closes_on__lt=today))


def effective_close_date(campaign: Campaign) -> datetime.date:
    return campaign.closed_on or campaign.closes_on


def previous_campaign(campaign: Campaign) -> Campaign | None:
    """The organisation's latest closed campaign with the same instrument that closed before this one."""
    end = effective_close_date(campaign)
    candidates = (
        closed_campaigns()
        .filter(organisation_id=campaign.organisation_id, instrument_ref=campaign.instrument_ref,
                uploaded_instrument_id=campaign.uploaded_instrument_id)
        .exclude(pk=campaign.pk)
    )
    earlier = [c for c in candidates if effective_close_date(c) < end or (
        effective_close_date(c) == end and c.opens_on < campaign.opens_on)]
    earlier.sort(key=lambda c: (effective_close_date(c), c.opens_on, c.pk))
    return earlier[-1] if earlier else None


# ------------------------------------------------------------------------------------------------
# Campaign results
# ------------------------------------------------------------------------------------------------


def campaign_fingerprint(campaign: Campaign) -> str:
    """Changes when answers arrive or leave, or when a setting that changes the figures changes.

    Responses carry no timestamp (anonymity), so the fingerprint uses the response count, the sum of
    the daily counts and the number of imports, plus the campaign's settings.
    """
    if hasattr(campaign, "fp_responses"):  # annotated by with_fingerprint_counts()
        responses, daily, imports = campaign.fp_responses, campaign.fp_daily or 0, campaign.fp_imports
    else:
        responses = campaign.responses.count()
        daily = campaign.daily_counts.aggregate(total=Sum("count"))["total"] or 0
        imports = campaign.imports.count()
    return _digest([
        RESULT_FORMAT, campaign.pk, responses, daily, imports,
        campaign.is_closed, campaign.min_group_size, campaign.instrument_ref, campaign.uploaded_instrument_id,
        sorted(campaign.modules or []), campaign.grouping_keys,
    ])


def with_fingerprint_counts(queryset):
    """Annotate campaigns with the counts of their fingerprint (one query instead of three per campaign)."""
    from werkbaar.scans.models import DailyCount, Response, ResponseImport

    def count_of(model):
        return Subquery(
            model.objects.filter(campaign=OuterRef("pk")).order_by().values("campaign")
            .annotate(c=Count("pk")).values("c")[:1], output_field=IntegerField())

    daily = Subquery(
        DailyCount.objects.filter(campaign=OuterRef("pk")).order_by().values("campaign")
        .annotate(t=Sum("count")).values("t")[:1], output_field=IntegerField())
    return queryset.annotate(
        fp_responses=Coalesce(count_of(Response), 0), fp_imports=Coalesce(count_of(ResponseImport), 0),
        fp_daily=Coalesce(daily, 0))


def campaign_key(campaign: Campaign) -> str:
    return f"campaign:{campaign.pk}"


def cached(key: str, fingerprint: str) -> dict | None:
    row = AnalysisResult.objects.filter(key=key, fingerprint=fingerprint).only("data").first()
    return row.data if row else None


def store(key: str, fingerprint: str, data: dict, *, campaign=None, sector=None) -> None:
    AnalysisResult.objects.update_or_create(
        key=key, defaults={"fingerprint": fingerprint, "data": data, "campaign": campaign, "sector": sector}
    )


def invalidate_campaign(campaign_id: int) -> None:
    AnalysisResult.objects.filter(key=f"campaign:{campaign_id}").delete()


def cached_campaign_result(campaign: Campaign) -> dict | None:
    """The cached result if it is still valid, else None (never computes)."""
    return cached(campaign_key(campaign), campaign_fingerprint(campaign))


def campaign_result(campaign: Campaign, progress: Progress | None = None) -> dict:
    """The cached engine output of a campaign (computed and cached when stale).

    Shape: ``{"campaign": id, "instrument": id, "version": ..., "by": [...], "min_group": n,
    "result": <engine.score dict with "ci" added to every unsuppressed cell>, "warnings": [...],
    "computed_at": iso}``. Each unsuppressed cell gets ``workability_ci: [low, high]`` and every scale
    ``problem_ci`` / ``acute_ci`` (Wilson 95%; None when the engine has no interval function).
    """
    fingerprint = campaign_fingerprint(campaign)
    hit = cached(campaign_key(campaign), fingerprint)
    if hit is not None:
        return hit
    data = compute_campaign_result(campaign, progress or _noop)
    store(campaign_key(campaign), fingerprint, data, campaign=campaign)
    return data


def compute_campaign_result(campaign: Campaign, progress: Progress = _noop) -> dict:
    from werkbaar.scans.services import responses_frame

    instrument = campaign.instrument()
    by = list(campaign.grouping_keys)
    progress(10, "responses")
    frame = responses_frame(campaign)
    progress(40, "scoring")
    result, warnings = _score(instrument, frame, by, campaign.min_group_size)
    progress(70, "intervals")
    bridge.add_intervals(result)
    profiles = []
    if not result["overall"].get("suppressed"):
        progress(80, "profiles")
        profiles = bridge.risk_profiles(instrument, frame, min_cell=campaign.min_group_size)
    progress(95, "saving")
    return {
        "campaign": campaign.pk,
        "instrument": instrument.id,
        "version": instrument.version,
        "modules": sorted(campaign.modules or []),
        "by": by,
        "min_group": campaign.min_group_size,
        "result": result,
        "risk_profiles": profiles,
        "warnings": warnings,
        "computed_at": timezone.now().isoformat(),
    }


def _score(instrument, frame: pl.DataFrame, by: list[str], min_group: int) -> tuple[dict, list[str]]:
    """The engine's ``score`` result and its warnings; an empty frame gives a fully suppressed result."""
    if frame.height == 0:
        empty = {"instrument": instrument.id, "version": instrument.version, "min_group": min_group,
                 "overall": {"n": None, "suppressed": True}, "groups": {c: [] for c in by}}
        return empty, []
    warnings: list[str] = []
    result = engine.score(instrument, frame, by=by, min_group=min_group, warnings=warnings)
    return result, warnings


# ------------------------------------------------------------------------------------------------
# Before / after
# ------------------------------------------------------------------------------------------------


def compare_with_previous(campaign: Campaign, language: str = "nl") -> dict | None:
    """The engine's comparison of this campaign with the organisation's previous closed campaign.

    ``{"previous": {"id", "name", "closed"}, "comparison": [one dict per rate with before, after,
    difference, p_value, outcome and a plain-language "verdict"]}`` or None without a previous campaign.
    """
    previous = previous_campaign(campaign)
    if previous is None:
        return None
    before = campaign_result(previous)
    after = campaign_result(campaign)
    return {
        "previous": {"id": previous.pk, "name": previous.name, "closed": effective_close_date(previous).isoformat()},
        "comparison": bridge.compare(before["result"], after["result"], language),
    }


# ------------------------------------------------------------------------------------------------
# Reference figures
# ------------------------------------------------------------------------------------------------


def reference_groups_for(sector: Sector | None) -> list[str]:
    groups = [FLEMISH_GROUP]
    extra = (reference_config().get("sector_groups") or {}).get(getattr(sector, "code", None))
    if extra and extra not in groups:
        groups.append(extra)
    return groups


def reference_comparison(result: dict, sector: Sector | None, instrument_id: str) -> dict:
    """Reference figures next to the campaign's own figures (percentages), always with their source.

    ``indicative`` is True when the campaign's instrument is not the monitor's (always for shipped
    instruments). Rows: ``{"measure", "group", "year", "value", "source", "citation", "own"}`` where
    ``own`` is the campaign's percentage (None when suppressed or not measured).
    """
    ensure_reference_figures()
    overall = result.get("overall") or {}
    own: dict[str, float | None] = {}
    if not overall.get("suppressed"):
        rate = overall.get("workability_rate")
        own["workability_rate"] = None if rate is None else round(rate * 100, 1)
        for scale_id, fig in (overall.get("scales") or {}).items():
            pr = fig.get("problem_rate")
            own[scale_id] = None if pr is None else round(pr * 100, 1)
    rows = []
    sources: list[dict] = []
    figures = ReferenceFigure.objects.filter(group__in=reference_groups_for(sector)).select_related("source")
    for fig in figures.order_by("source__year", "source__key", "measure", "group", "year"):
        if not any(s["key"] == fig.source.key for s in sources):
            sources.append({"key": fig.source.key, "number": len(sources) + 1, "title": fig.source.title,
                            "citation": fig.source.reference})
        number = next(s["number"] for s in sources if s["key"] == fig.source.key)
        rows.append({
            "measure": fig.measure, "group": fig.group, "year": fig.year, "value": float(fig.value),
            "source": fig.source.title, "source_number": number, "citation": fig.source.reference,
            "own": own.get(fig.measure),
        })
    # the same figure quoted by two sources is shown once (with the first source)
    seen: set[tuple] = set()
    unique = []
    for row in rows:
        ident = (row["measure"], row["group"], row["year"], row["value"])
        if ident not in seen:
            seen.add(ident)
            unique.append(row)
    rows = unique
    order = {"workability_rate": 0, "work_stress": 1, "wellbeing": 2, "learning": 3, "work_life": 4}
    rows.sort(key=lambda r: (order.get(r["measure"], 9), r["group"] != FLEMISH_GROUP, r["year"]))
    return {"indicative": instrument_id != MONITOR_INSTRUMENT, "rows": rows, "sources": sources}


# ------------------------------------------------------------------------------------------------
# Sector aggregate
# ------------------------------------------------------------------------------------------------


def sector_campaigns(sector: Sector, start: datetime.date | None = None, end: datetime.date | None = None) -> list:
    """Closed campaigns of the sector's organisations whose (effective) closing date falls in [start, end].

    Only the latest such campaign per organisation and instrument counts, so an organisation that
    measured twice in the period is not counted twice.
    """
    campaigns = (
        with_fingerprint_counts(closed_campaigns())
        .filter(organisation__sector=sector)
        .select_related("organisation", "uploaded_instrument")
        .order_by("closes_on", "pk")
    )
    latest: dict[tuple, Campaign] = {}
    for c in campaigns:
        closed = effective_close_date(c)
        if (start is None or closed >= start) and (end is None or closed <= end):
            key = (c.organisation_id, c.instrument_ref, c.uploaded_instrument_id)
            if key not in latest or (closed, c.opens_on, c.pk) > (
                    effective_close_date(latest[key]), latest[key].opens_on, latest[key].pk):
                latest[key] = c
    return sorted(latest.values(), key=lambda c: (effective_close_date(c), c.pk))


def sector_fingerprint(campaigns: list[Campaign]) -> str:
    return _digest([RESULT_FORMAT, MIN_ORGANISATIONS] + [
        (c.pk, campaign_fingerprint(c), c.organisation.size_band, c.organisation.consent_named, c.organisation.name)
        for c in campaigns
    ])


def sector_key(sector: Sector, start, end) -> str:
    return f"sector:{sector.pk}:{start or ''}:{end or ''}"


def cached_sector_aggregate(sector: Sector, start=None, end=None) -> dict | None:
    campaigns = sector_campaigns(sector, start, end)
    return cached(sector_key(sector, start, end), sector_fingerprint(campaigns))


def sector_aggregate(sector: Sector, start: datetime.date | None = None, end: datetime.date | None = None,
                     progress: Progress | None = None) -> dict:
    """The aggregate over all closed campaigns of a sector in a period (cached until answers change).

    Shape::

        {"sector": code, "start": iso|None, "end": iso|None, "min_organisations": 3,
         "instruments": [{"instrument": id, "version": ..., "campaigns": n, "organisations": n,
                          "respondents": n, "named": [consenting organisation names],
                          "min_group": n, "suppressed": bool, "result": engine result by size_band,
                          "hidden_module_scales": [scale ids used by fewer than 3 organisations]}]}

    Campaigns are pooled per instrument (different questionnaires are never mixed). Campaigns whose
    own total is below their minimum group size are left out (their own report shows nothing either).
    Size bands with fewer than MIN_ORGANISATIONS organisations are suppressed with the engine's
    ``suppress`` (so the sum rule also holds for organisations); an instrument used by fewer than
    MIN_ORGANISATIONS organisations shows no figures at all.
    """
    progress = progress or _noop
    campaigns = sector_campaigns(sector, start, end)
    fingerprint = sector_fingerprint(campaigns)
    key = sector_key(sector, start, end)
    hit = cached(key, fingerprint)
    if hit is not None:
        return hit
    data = compute_sector_aggregate(sector, campaigns, start, end, progress)
    store(key, fingerprint, data, sector=sector)
    return data


def compute_sector_aggregate(sector: Sector, campaigns: list[Campaign], start=None, end=None,
                             progress: Progress = _noop) -> dict:
    from werkbaar.scans.services import responses_frame

    pools: dict[tuple, list[Campaign]] = {}
    for c in campaigns:
        pools.setdefault((c.instrument_ref, c.uploaded_instrument_id), []).append(c)
    out = []
    total = max(1, len(campaigns))
    done = 0
    for pool in pools.values():
        instrument = pool[0].instrument()
        frames = []
        used: list[Campaign] = []
        for c in pool:
            frame = responses_frame(c)
            done += 1
            progress(5 + int(70 * done / total), "responses")
            if frame.height < c.min_group_size:
                continue
            used.append(c)
            items = [i for i in c.item_ids() if i in frame.columns]
            frames.append(frame.select(items).with_columns(
                pl.lit(c.organisation.size_band).alias(SIZE_BAND_COLUMN),
                pl.lit(c.organisation_id).alias("_organisation"),
            ))
        orgs = {c.organisation_id: c.organisation for c in used}
        min_group = max([engine.DEFAULT_MIN_GROUP, *[c.min_group_size for c in used]])
        entry = {
            "instrument": instrument.id, "version": instrument.version, "campaign_ids": [c.pk for c in used],
            "uploaded_instrument": pool[0].uploaded_instrument_id, "campaigns": len(used),
            "organisations": len(orgs), "named": sorted(o.name for o in orgs.values() if o.consent_named),
            "min_group": min_group, "suppressed": True, "result": None, "hidden_module_scales": [],
        }
        if len(orgs) >= MIN_ORGANISATIONS:
            frame = pl.concat(frames, how="diagonal_relaxed")
            entry["respondents"] = frame.height
            result, _warnings = _score(instrument, frame, [SIZE_BAND_COLUMN], min_group)
            _suppress_thin_bands(result, frame)
            hidden = _thin_module_scales(instrument, used)
            module_scales = set(instrument.scale_ids_by_kind["module"])
            for scale_id in hidden:
                (result["overall"].get("scales") or {}).pop(scale_id, None)
            # Module scales only at the sector level: per size band they could single out the few
            # organisations of a band that used the module.
            for cell in result["groups"][SIZE_BAND_COLUMN]:
                for scale_id in module_scales:
                    (cell.get("scales") or {}).pop(scale_id, None)
            bridge.add_intervals(result)
            entry.update({"suppressed": bool(result["overall"].get("suppressed")), "result": result,
                          "hidden_module_scales": hidden})
        out.append(entry)
    progress(95, "saving")
    return {
        "sector": sector.code, "start": start.isoformat() if start else None, "end": end.isoformat() if end else None,
        "min_organisations": MIN_ORGANISATIONS, "instruments": out, "computed_at": timezone.now().isoformat(),
    }


def _suppress_thin_bands(result: dict, frame: pl.DataFrame) -> None:
    """Also hide size bands with fewer than MIN_ORGANISATIONS organisations (engine ``suppress`` on org counts)."""
    cells = result["groups"][SIZE_BAND_COLUMN]
    orgs_per_band = dict(
        frame.group_by(SIZE_BAND_COLUMN).agg(pl.col("_organisation").n_unique().alias("k")).iter_rows()
    )
    sizes = [int(orgs_per_band.get(cell["value"], 0)) for cell in cells]
    for i in thin_band_indices(sizes):
        cells[i] = {"value": cells[i]["value"], "n": None, "suppressed": True}


def thin_band_indices(organisations_per_band: list[int]) -> set[int]:
    """Bands to hide because they hold too few organisations: the engine's ``suppress`` (primary and
    secondary) applied to organisation counts with MIN_ORGANISATIONS as the minimum."""
    return engine.suppress(organisations_per_band, MIN_ORGANISATIONS)


def _thin_module_scales(instrument, campaigns: list[Campaign]) -> list[str]:
    """Module scales answered in fewer than MIN_ORGANISATIONS organisations (not shown in the sector view)."""
    hidden = []
    for module in instrument.modules:
        orgs = {c.organisation_id for c in campaigns if module.id in (c.modules or [])}
        if len(orgs) < MIN_ORGANISATIONS:
            hidden.extend(module.scales)
    return hidden


def size_band_label(value: str | None) -> str:
    if value is None:
        return str(Organisation.SizeBand.UNKNOWN.label)
    try:
        return str(Organisation.SizeBand(value).label)
    except ValueError:
        return value
