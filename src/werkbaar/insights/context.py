"""Template contexts of the campaign report and the sector view, shared by HTML, PDF and XLSX.

Built from the cached results of :mod:`werkbaar.insights.services`; the only queries are the ones
those services make (previous campaign, reference figures).
"""

from __future__ import annotations

import json

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from werkbaar.core.models import Sector
from werkbaar.scans.models import GROUPING_QUESTIONS, Campaign

from . import charts, services
from .reference import FLEMISH_GROUP
from .report import (
    WORKABILITY_COLUMN,
    Breakdown,
    breakdowns,
    compare_with_reference,
    headline,
    heatmap_cells,
    indicator_rows,
    not_answered_label,
    reference_points,
    risk_sentence,
    sector_comparison_rows,
    sector_entry_for,
    signal_names,
    top_risks,
    top_strengths,
)

PDF_CHART_WIDTH = 440


def _chart(spec: dict, for_pdf: bool) -> dict:
    """{"json": spec for vega-embed} or {"svg": static svg} for the PDF."""
    if for_pdf:
        try:
            return {"svg": charts.to_svg(spec)}
        except Exception:  # noqa: BLE001 - a chart that cannot be drawn leaves its table only
            return {"svg": ""}
    return {"json": json.dumps(spec)}


def _kind_titles() -> dict[str, str]:
    return {"workability": _("Workability indicators"), "risk": _("Risk indicators"), "module": _("Module scales")}


def _indicator_sections(instrument, cell, language, for_pdf, prefix):
    width = PDF_CHART_WIDTH if for_pdf else None
    sections = []
    for kind, rows in indicator_rows(instrument, cell, language).items():
        if not rows:
            continue
        sections.append({
            "kind": kind, "title": _kind_titles()[kind], "rows": rows, "id": f"{prefix}-{kind}",
            "chart": _chart(charts.indicators_chart(rows, width=width), for_pdf),
        })
    return sections


def _group_label(key: str, value):
    return value if value is not None else not_answered_label()


def _breakdown_charts(items: list[Breakdown], for_pdf: bool) -> None:
    width = PDF_CHART_WIDTH if for_pdf else None
    for b in items:
        shown = [{"label": r.label, "rate": r.workability_rate} for r in b.shown if r.workability_rate is not None]
        b.chart = _chart(charts.rates_chart(shown, width=width), for_pdf) if shown else None


def _heatmaps(items: list[Breakdown], sections: list[dict], min_group, for_pdf: bool) -> None:
    """Give every breakdown its groups × indicators heatmap (``b.heatmap``) and the cells behind it
    (``b.heat_rows``: per indicator, its title and the cells in the order of the groups)."""
    columns = [(WORKABILITY_COLUMN, _("Workability rate"))] + [
        (r.id, r.title) for s in sections for r in s["rows"]]
    for b in items:
        cells = heatmap_cells(b, columns, min_group)
        groups = [r.label for r in b.rows]
        titles = [title for _id, title in columns]
        b.heatmap = _chart(charts.heatmap_chart(cells, groups, titles, signal_names(),
                                                width=PDF_CHART_WIDTH if for_pdf else None), for_pdf)
        b.heat_rows = [{"title": title, "cells": [c for c in cells if c.indicator == title]} for title in titles]
        b.chart = None  # the heatmap shows the rates per group (with every indicator next to them)


def summary(head: dict, sections: list[dict], reference: dict) -> dict:
    """The summary on top of the report: the reference comparison and the top risks and strengths."""
    rows = [r for s in sections for r in s["rows"]]
    points = [{**row, "verdict": compare_with_reference(head.get("rate"), head.get("ci"), row["value"])}
              for row in reference_points(reference)] if not head.get("rate_reason") else []
    return {"references": [p for p in points if p["verdict"]], "risks": top_risks(rows),
            "strengths": top_strengths(rows)}


def campaign_report_context(campaign: Campaign, data: dict, aggregate: dict | None, language: str,
                            for_pdf: bool = False) -> dict:
    instrument = campaign.instrument()
    result = data["result"]
    head = headline(result)
    overall = result.get("overall") or {}
    labels = {key: str(label) for key, label in GROUPING_QUESTIONS}
    groups = breakdowns(result, labels, _group_label) if not head["suppressed"] else []
    sector = campaign.organisation.sector
    sector_entry = sector_entry_for(aggregate, instrument.id)
    reference = titled_reference(services.reference_comparison(result, sector, instrument.id), instrument, language)
    comparison = None if head["suppressed"] else services.compare_with_previous(campaign, language)
    if comparison:
        comparison["previous"]["closed_date"] = parse_date(comparison["previous"]["closed"])
    rate_items = []
    if not head["suppressed"]:
        rate_items.append({"label": campaign.organisation.name, "rate": head["rate"], "own": True})
        if sector_entry and not sector_entry.get("suppressed"):
            rate_items.append({"label": _("Sector %(sector)s (all closed scans)") % {"sector": sector.name},
                               "rate": sector_entry["result"]["overall"].get("workability_rate")})
        for row in reference["rows"]:
            if row["measure"] == "workability_rate":
                rate_items.append({"label": f"{row['group']} {row['year']}", "rate": row["value"] / 100})
    width = PDF_CHART_WIDTH if for_pdf else None
    sections = [] if head["suppressed"] else _indicator_sections(instrument, overall, language, for_pdf, "ind")
    _heatmaps(groups, sections, result.get("min_group") or campaign.min_group_size, for_pdf)
    return {
        "campaign": campaign,
        "organisation": campaign.organisation,
        "summary": None if head["suppressed"] else summary(head, sections, reference),
        "instrument": instrument,
        "instrument_title": instrument.title_in(language),
        "module_titles": [instrument.module_title(m, language) for m in campaign.modules or []
                          if m in instrument.module_by_id],
        "data": data,
        "head": head,
        "min_group": result.get("min_group") or campaign.min_group_size,
        "sections": sections,
        "breakdowns": groups,
        "reference": reference,
        "reference_groups": [FLEMISH_GROUP],
        "sector": sector,
        "sector_entry": sector_entry,
        "sector_rows": sector_comparison_rows(instrument, overall, sector_entry, language),
        "comparison": comparison,
        "comparison_rows": comparison_rows(instrument, comparison, language),
        "risk_rows": risk_rows(instrument, data.get("risk_profiles") or [], language),
        "rates_chart": _chart(charts.rates_chart(rate_items, width=width), for_pdf) if rate_items else None,
        "rate_items": rate_items,
        "for_pdf": for_pdf,
        "response_rate": _response_rate(campaign, data),
        "responses_purged_on": parse_date((data.get("responses_purged") or {}).get("on") or ""),
    }


def _response_rate(campaign: Campaign, data: dict) -> float | None:
    """The live rate, or the one from the response count kept when the raw responses were purged."""
    purged = data.get("responses_purged")
    if purged is None or not campaign.population_size:
        return campaign.response_rate()
    return purged["responses"] / campaign.population_size


def titled_reference(reference: dict, instrument, language: str) -> dict:
    """Add a readable ``title`` to every reference row (the measure's name in the user's language)."""
    for row in reference["rows"]:
        measure = row["measure"]
        if measure == "workability_rate":
            row["title"] = _("Workability rate")
        elif measure in instrument.scale_by_id:
            row["title"] = _("Problem: %(scale)s") % {"scale": instrument.scale_title(measure, language)}
        else:
            row["title"] = measure
    return reference


def _figure_title(instrument, figure: str, language: str) -> str:
    if figure == "workability_rate":
        return _("Workability rate")
    scale_id, _dot, rate = figure.partition(".")
    title = instrument.scale_title(scale_id, language) if scale_id in instrument.scale_by_id else scale_id
    if rate == "acute_rate":
        return _("Acute problem: %(scale)s") % {"scale": title}
    return _("Problem: %(scale)s") % {"scale": title}


def comparison_rows(instrument, comparison: dict | None, language: str, with_acute: bool = False) -> list[dict]:
    """Rows of the engine's before/after comparison (acute rates only in the export)."""
    if not comparison or not comparison.get("comparison"):
        return []
    return [
        {**row, "title": _figure_title(instrument, row["figure"], language)}
        for row in comparison["comparison"]
        if with_acute or not row["figure"].endswith(".acute_rate")
    ]


RISK_ROWS_SHOWN = 10
RISK_ALPHA = 0.05


def risk_rows(instrument, profiles: list[dict], language: str) -> list[dict]:
    """The clearest links of the engine's risk profile: pairs it shows (enough respondents in every
    cell), with an odds ratio above 1 and p < 0.05, strongest first, at most 10."""
    rows = [
        {**p, "workability_title": instrument.scale_title(p["workability"], language),
         "risk_title": instrument.scale_title(p["risk"], language)}
        for p in profiles if p.get("shown") and p["workability"] in instrument.scale_by_id
        and p["risk"] in instrument.scale_by_id and p["odds_ratio"] > 1 and p["p_value"] < RISK_ALPHA
    ]
    rows = sorted(rows, key=lambda r: -r["odds_ratio"])[:RISK_ROWS_SHOWN]
    for row in rows:
        row["sentence"] = risk_sentence(row)
    return rows


def _entry_instrument(entry: dict):
    """The instrument of a sector-aggregate entry (shipped or uploaded), or None when it is gone."""
    from werkbaar.analysis.instrument import InstrumentError, get_shipped
    from werkbaar.scans.models import UploadedInstrument

    try:
        if entry.get("uploaded_instrument"):
            return UploadedInstrument.objects.get(pk=entry["uploaded_instrument"]).load()
        return get_shipped(entry["instrument"])
    except (KeyError, InstrumentError, UploadedInstrument.DoesNotExist):
        return None


def sector_view_context(sector: Sector, aggregate: dict, language: str, for_pdf: bool = False) -> dict:
    entries = []
    for entry in aggregate.get("instruments", []):
        instrument = _entry_instrument(entry)
        item = {"entry": entry, "instrument": instrument,
                "title": instrument.title_in(language) if instrument else entry["instrument"],
                "others": entry["organisations"] - len(entry["named"])}
        if entry.get("result") and instrument is not None and not entry["suppressed"]:
            result = entry["result"]
            item["head"] = headline(result)
            item["sections"] = _indicator_sections(instrument, result["overall"], language, for_pdf,
                                                   f"{entry['instrument']}")
            item["breakdowns"] = breakdowns(result, {services.SIZE_BAND_COLUMN: _("Company size")},
                                            lambda _k, v: services.size_band_label(v))
            _breakdown_charts(item["breakdowns"], for_pdf)
            item["reference"] = titled_reference(
                services.reference_comparison(result, sector, entry["instrument"]), instrument, language)
            item["hidden_modules"] = [
                instrument.scale_title(s, language) for s in entry.get("hidden_module_scales", [])
                if s in instrument.scale_by_id
            ]
        entries.append(item)
    return {"sector": sector, "aggregate": aggregate, "entries": entries, "for_pdf": for_pdf,
            "min_organisations": aggregate.get("min_organisations", services.MIN_ORGANISATIONS)}
