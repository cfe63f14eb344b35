"""Reference figures as data: parse ``insights/reference/sources.yaml`` (+ CSV files) and load them.

The shipped files are the single source: :func:`read_reference_files` is a pure parser (unit tested),
:func:`sync_reference_figures` upserts them into ReferenceSource/ReferenceFigure (idempotent), and
:func:`reference_config` exposes the rest of the YAML (sector groups, traffic-light bands).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import transaction

from werkbaar.core import untrusted

#: The monitor's questionnaire; every shipped scan instrument differs from it.
MONITOR_INSTRUMENT = "werkbaarheidsmonitor"
FLEMISH_GROUP = "Vlaamse arbeidsmarkt"


def reference_dir() -> Path:
    return Path(getattr(settings, "WERKBAAR_REFERENCE_DIR", Path(__file__).resolve().parent / "reference"))


@dataclass(frozen=True)
class FigureRow:
    source_key: str
    group: str
    measure: str
    year: int
    value: Decimal


def read_reference_files(directory: Path | None = None) -> tuple[list[dict], list[FigureRow], dict]:
    """(sources, figures, config) from ``sources.yaml`` and the CSV files it names. Empty CSV cells are skipped."""
    directory = directory or reference_dir()
    data = untrusted.load_yaml(untrusted.read_text(directory / "sources.yaml"))
    sources: list[dict] = []
    figures: list[FigureRow] = []
    for src in data["sources"]:
        meta = {k: src.get(k, "") for k in ("key", "title", "publisher", "year", "citation", "document", "lines",
                                            "instrument")}
        sources.append(meta)
        spec = src.get("csv")
        if spec:
            header, *rows = untrusted.read_csv(untrusted.read_text(directory / spec["file"])) or [[]]
            for row in (dict(zip(header, values, strict=False)) for values in rows):
                for column, measure in spec["columns"].items():
                    raw = (row.get(column) or "").strip()
                    if raw:
                        figures.append(FigureRow(src["key"], row[spec["group_column"]].strip(), measure,
                                                 int(src["year"]), Decimal(raw)))
        for fig in src.get("figures") or []:
            figures.append(FigureRow(src["key"], fig["group"], fig["measure"], int(fig["year"]),
                                     Decimal(str(fig["value"]))))
    config = {k: v for k, v in data.items() if k != "sources"}
    return sources, figures, config


@lru_cache(maxsize=1)
def reference_config() -> dict:
    """``sector_groups`` and ``workability_rate_lights`` from sources.yaml."""
    return read_reference_files()[2]


def sync_reference_figures() -> int:
    """Load the shipped reference files into the database (update or create); returns the figure count."""
    from .models import ReferenceFigure, ReferenceSource

    sources, figures, _config = read_reference_files()
    with transaction.atomic():
        by_key = {}
        for meta in sources:
            values = {k: v for k, v in meta.items() if k != "key"}
            values["year"] = values["year"] or None
            by_key[meta["key"]], _created = ReferenceSource.objects.update_or_create(key=meta["key"], defaults=values)
        for fig in figures:
            ReferenceFigure.objects.update_or_create(
                source=by_key[fig.source_key], group=fig.group, measure=fig.measure, year=fig.year,
                defaults={"value": fig.value},
            )
    return len(figures)


def ensure_reference_figures() -> None:
    """Load the shipped figures once if the table is empty (fresh database, tests)."""
    from .models import ReferenceFigure

    if not ReferenceFigure.objects.exists():
        sync_reference_figures()
