"""Analysis results for the web: cached engine output per campaign and per sector period.

Public functions (used by the report views, the exports and other apps such as actions):

* :func:`campaign_result` – the scoring engine's output for one campaign (grouped by every grouping
  question, suppressed with the campaign's minimum group size), with Wilson 95% intervals, cached in
  ``AnalysisResult`` until new answers arrive (see :func:`campaign_fingerprint`).
* :func:`sector_aggregate` – the aggregate of a sector in one fixed period (:mod:`.periods`: a calendar
  year or a covenant term, never a free window), per instrument, broken down by company size band:
  per organisation the latest scan with enough respondents counts (:func:`sector_scans` says which
  scans count and which are left out), and the engine makes every figure rest on at least
  :data:`MIN_ORGANISATIONS` organisations (the organisation is its cluster).
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
from .periods import Period, current_period, period_of
from .reference import FLEMISH_GROUP, MONITOR_INSTRUMENT, ensure_reference_figures, reference_config

#: Bump when the shape of the cached dicts changes: every cached result is then recomputed.
RESULT_FORMAT = 4  # 4: risk profiles carry base_rate (issue 16)
#: A sector-view cell (and the whole aggregate) needs at least this many organisations.
MIN_ORGANISATIONS = 3
SIZE_BAND_COLUMN = "size_band"
ORGANISATION_COLUMN = "_organisation"
SIZE_BAND_ORDER = [band.value for band in Organisation.SizeBand]

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


#: The fingerprint of a campaign result frozen when the retention purge deleted the raw responses
#: (``privacy.purge``): it is served as it is and never recomputed (there is nothing left to recompute).
FROZEN = "frozen"


def cached(key: str, fingerprint: str) -> dict | None:
    row = AnalysisResult.objects.filter(key=key, fingerprint__in=(fingerprint, FROZEN)).only("data").first()
    return row.data if row else None


def freeze_campaign_result(campaign: Campaign, purged_on: datetime.date) -> dict:
    """Compute (if stale) and keep the campaign's result for good, before its raw responses are deleted.

    The result records the response count and the purge date, so the report still shows the number of
    respondents and the response rate afterwards.
    """
    data = dict(campaign_result(campaign))
    data["responses_purged"] = {"on": purged_on.isoformat(), "responses": campaign.responses.count()}
    store(campaign_key(campaign), FROZEN, data, campaign=campaign)
    return data


def too_few_answers(campaign: Campaign) -> bool:
    """Whether a closed campaign has fewer answers than its minimum group size: its report then shows
    no figure, and it offers no PDF, no Excel and no action plan (the URLs refuse too). The engine
    hides such a campaign's overall cell by the same rule. After the purge, the count kept with the
    frozen result decides. A running campaign is never "too few" yet: its count is not final."""
    if not campaign.is_closed:
        return False
    frozen = AnalysisResult.objects.filter(key=campaign_key(campaign), fingerprint=FROZEN).only("data").first()
    if frozen is not None:
        return bool((frozen.data.get("result") or {}).get("overall", {}).get("suppressed"))
    return campaign.responses.count() < campaign.min_group_size


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
    result, warnings = _score(instrument, frame, by, campaign.min_group_size,
                              order={key: campaign.bands(key) for key in by})
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


def _score(instrument, frame: pl.DataFrame, by: list[str], min_group: int,
           order: dict[str, list[str]] | None = None) -> tuple[dict, list[str]]:
    """The engine's ``score`` result (groups in the order of the bands as asked) and its warnings; an
    empty frame gives a fully suppressed result."""
    if frame.height == 0:
        empty = {"instrument": instrument.id, "version": instrument.version, "min_group": min_group,
                 "overall": {"n": None, "suppressed": True, "suppressed_reason": engine.SMALL},
                 "groups": {c: [] for c in by}}
        return empty, []
    warnings: list[str] = []
    result = engine.score(instrument, frame, by=by, min_group=min_group, warnings=warnings, order=order)
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
                            "citation": fig.source.citation})
        number = next(s["number"] for s in sources if s["key"] == fig.source.key)
        rows.append({
            "measure": fig.measure, "group": fig.group, "year": fig.year, "value": float(fig.value),
            "source": fig.source.title, "source_number": number, "citation": fig.source.citation,
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


TOO_FEW = "too_few"  # a scan left out: fewer respondents than its minimum group size
OLDER = "older"  # a scan left out: a later scan of the same organisation counts


def sector_scans(sector: Sector, period: Period) -> tuple[list[Campaign], list[tuple[Campaign, str]]]:
    """(scans that count, [(scan left out, reason)]) among the sector's closed scans in a period.

    Per organisation and instrument, the latest closed scan of the period (by its effective closing
    date) with at least its own minimum number of respondents counts; a smaller scan never pushes a
    valid one out. Left out: scans with too few respondents (:data:`TOO_FEW`) and earlier scans of an
    organisation that has a later one that counts (:data:`OLDER`).
    """
    campaigns = (
        with_fingerprint_counts(closed_campaigns())
        .filter(organisation__sector=sector)
        .select_related("organisation", "uploaded_instrument")
        .order_by("closes_on", "pk")
    )
    in_period = [c for c in campaigns if period.contains(effective_close_date(c))]
    in_period.sort(key=lambda c: (effective_close_date(c), c.opens_on, c.pk))
    counted: dict[tuple, Campaign] = {}
    left_out: list[tuple[Campaign, str]] = []
    for c in reversed(in_period):  # latest first
        key = (c.organisation_id, c.instrument_ref, c.uploaded_instrument_id)
        if c.fp_responses < c.min_group_size:
            left_out.append((c, TOO_FEW))
        elif key in counted:
            left_out.append((c, OLDER))
        else:
            counted[key] = c
    order = {c.pk: i for i, c in enumerate(in_period)}
    left_out.sort(key=lambda item: order[item[0].pk])
    return sorted(counted.values(), key=lambda c: order[c.pk]), left_out


def sector_campaigns(sector: Sector, period: Period) -> list[Campaign]:
    """The scans that count in the sector view of a period (see :func:`sector_scans`)."""
    return sector_scans(sector, period)[0]


def sector_fingerprint(campaigns: list[Campaign], left_out: list[tuple[Campaign, str]] = ()) -> str:
    return _digest([RESULT_FORMAT, MIN_ORGANISATIONS] + [
        (c.pk, campaign_fingerprint(c), c.organisation.size_band, c.organisation.consent_named, c.organisation.name)
        for c in campaigns
    ] + [(c.pk, reason, c.organisation.consent_named, c.organisation.name, c.name) for c, reason in left_out])


def sector_key(sector: Sector, period: Period) -> str:
    return f"sector:{sector.pk}:{period.key}"


def sector_aggregate(sector: Sector, period: Period | None = None, progress: Progress | None = None) -> dict:
    """The aggregate over the scans that count in one fixed period (cached until answers change).

    ``period`` is one of :func:`werkbaar.insights.periods.sector_periods` (default: the current one);
    free date windows are not offered, so that two aggregates never differ by one organisation.

    Shape::

        {"sector": code, "period": "2026", "start": iso, "end": iso, "min_organisations": 3,
         "instruments": [{"instrument": id, "version": ..., "campaigns": n, "organisations": n,
                          "respondents": n, "named": [consenting organisation names],
                          "scans": {"counted": [...], "left_out": [...], "others_counted": n,
                                    "others_left_out": {"too_few": n, "older": n}},
                          "min_group": n, "suppressed": bool, "suppressed_reason": "small" | None,
                          "result": engine result by size_band, "hidden_module_scales": [scale ids]}]}

    Scans are pooled per instrument (different questionnaires are never mixed) and scored by the
    engine with the organisation as cluster: every figure (each indicator, overall and per size band)
    needs at least :data:`MIN_ORGANISATIONS` organisations and the minimum number of respondents
    behind it, with complementary suppression on both. Only consenting organisations are named, in
    ``named`` and in the list of scans; the others are counted, never identified (no name, no id).
    """
    progress = progress or _noop
    period = period or current_period(sector)
    campaigns, left_out = sector_scans(sector, period)
    fingerprint = sector_fingerprint(campaigns, left_out)
    key = sector_key(sector, period)
    hit = cached(key, fingerprint)
    if hit is not None:
        return hit
    data = compute_sector_aggregate(sector, campaigns, period, progress, left_out)
    store(key, fingerprint, data, sector=sector)
    return data


def _scan_list(used: list[Campaign], left_out: list[tuple[Campaign, str]]) -> dict:
    """Which scans count and which are left out (and why): named only with the organisation's consent."""
    def row(c: Campaign, reason: str | None = None) -> dict:
        item = {"organisation": c.organisation.name, "campaign": c.name,
                "closed": effective_close_date(c).isoformat()}
        return item if reason is None else {**item, "reason": reason}

    others_left_out = {TOO_FEW: 0, OLDER: 0}
    for c, reason in left_out:
        if not c.organisation.consent_named:
            others_left_out[reason] += 1
    return {
        "counted": [row(c) for c in used if c.organisation.consent_named],
        "left_out": [row(c, reason) for c, reason in left_out if c.organisation.consent_named],
        "others_counted": sum(1 for c in used if not c.organisation.consent_named),
        "others_left_out": others_left_out,
    }


def sector_period_for(campaign: Campaign) -> Period | None:
    """The fixed period of the sector view that holds the campaign's closing date (None: no period)."""
    return period_of(campaign.organisation.sector, effective_close_date(campaign))


def compute_sector_aggregate(sector: Sector, campaigns: list[Campaign], period: Period,
                             progress: Progress = _noop, left_out: list[tuple[Campaign, str]] = ()) -> dict:
    from werkbaar.scans.services import responses_frame

    pools: dict[tuple, list[Campaign]] = {}
    for c in campaigns:
        pools.setdefault((c.instrument_ref, c.uploaded_instrument_id), []).append(c)
    dropped: dict[tuple, list[tuple[Campaign, str]]] = {}
    for c, reason in left_out:
        dropped.setdefault((c.instrument_ref, c.uploaded_instrument_id), []).append((c, reason))
    out = []
    total = max(1, len(campaigns))
    done = 0
    for pool_key in [*pools, *[k for k in dropped if k not in pools]]:
        pool = pools.get(pool_key, [])
        instrument = (pool or [dropped[pool_key][0][0]])[0].instrument()
        frames = []
        for c in pool:
            frame = responses_frame(c)
            done += 1
            progress(5 + int(70 * done / total), "responses")
            items = [i for i in c.item_ids() if i in frame.columns]
            frames.append(frame.select(items).with_columns(
                pl.lit(c.organisation.size_band).alias(SIZE_BAND_COLUMN),
                pl.lit(str(c.organisation_id)).alias(ORGANISATION_COLUMN),
            ))
        orgs = {c.organisation_id: c.organisation for c in pool}
        min_group = max([engine.DEFAULT_MIN_GROUP, *[c.min_group_size for c in pool]])
        entry = {
            "instrument": instrument.id, "version": instrument.version,
            "uploaded_instrument": pool_key[1], "campaigns": len(pool),
            "organisations": len(orgs), "named": sorted(o.name for o in orgs.values() if o.consent_named),
            "scans": _scan_list(pool, dropped.get(pool_key, [])),
            "min_group": min_group, "suppressed": True, "suppressed_reason": engine.SMALL, "result": None,
            "hidden_module_scales": [],
        }
        if len(orgs) >= MIN_ORGANISATIONS:
            frame = pl.concat(frames, how="diagonal_relaxed")
            result = engine.score(
                instrument, frame, by=[SIZE_BAND_COLUMN], min_group=min_group,
                order={SIZE_BAND_COLUMN: SIZE_BAND_ORDER}, cluster=ORGANISATION_COLUMN,
                min_clusters=MIN_ORGANISATIONS,
            )
            module_scales = set(instrument.scale_ids_by_kind["module"])
            overall_scales = result["overall"].get("scales") or {}
            hidden = [s for s in overall_scales if s in module_scales and overall_scales[s].get("suppressed")]
            for scale_id in hidden:
                overall_scales.pop(scale_id)
            # Module scales only at the sector level: per size band they could single out the few
            # organisations of a band that used the module.
            for cell in result["groups"][SIZE_BAND_COLUMN]:
                for scale_id in module_scales:
                    (cell.get("scales") or {}).pop(scale_id, None)
            bridge.add_intervals(result)
            suppressed = bool(result["overall"].get("suppressed"))
            entry.update({"respondents": frame.height, "suppressed": suppressed,
                          "suppressed_reason": result["overall"].get("suppressed_reason"), "result": result,
                          "hidden_module_scales": hidden})
        out.append(entry)
    progress(95, "saving")
    return {
        "sector": sector.code, **period.as_dict(), "min_organisations": MIN_ORGANISATIONS, "instruments": out,
        "computed_at": timezone.now().isoformat(),
    }


def size_band_label(value: str | None) -> str:
    if value is None:
        return str(Organisation.SizeBand.UNKNOWN.label)
    try:
        return str(Organisation.SizeBand(value).label)
    except ValueError:
        return value
