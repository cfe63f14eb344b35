"""Workability analysis: instruments, scoring engine and statistics (pure Python, no Django).

- ``werkbaar.analysis.instrument``: the instrument YAML format, validation and shipped instruments
- ``werkbaar.analysis.engine``: reading responses, scoring, breakdowns, suppression per cell and per figure
- ``werkbaar.analysis.suppression``: the pure suppression rules over sizes (reasons small / complementary)
- ``werkbaar.analysis.stats``: Wilson intervals, before/after comparison, risk profiles, calibration
- ``werkbaar.analysis.cli``: ``werkbaar score``

See docs/analysis-method.md, docs/analysis-figures-nl.md and docs/instruments.md.
"""

from .engine import ResponsesError, read_responses, scale_scores, score
from .instrument import (
    Instrument,
    InstrumentError,
    get_shipped,
    load_instrument,
    load_instrument_text,
    shipped_instruments,
)

__all__ = [
    "Instrument",
    "InstrumentError",
    "ResponsesError",
    "get_shipped",
    "load_instrument",
    "load_instrument_text",
    "read_responses",
    "scale_scores",
    "score",
    "shipped_instruments",
]
