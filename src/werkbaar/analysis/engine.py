"""The scoring engine: from raw answers to workability figures with small-group suppression.

Owns the scoring rules of docs/analysis-method.md: answer validation, reverse coding, scale scores,
classification, the workable respondent and the workability rate, per-scale figures, breakdowns by
grouping column, and primary/secondary/small-total suppression. Everything row-wise is a Polars
expression (no Python loop over respondents); the loops that remain run over scales and groups.

Public API
----------
- ``read_responses(path, instrument=None, by=())`` -> ``pl.DataFrame`` (CSV, XLSX, Parquet)
- ``prepare(instrument, data, by=())`` -> :class:`Prepared` (validated answers, scales present/skipped)
- ``scale_scores(instrument, data, by=())`` -> ``pl.DataFrame`` one row per respondent: the ``by``
  columns, ``<scale>`` score (0-100 or null), ``<scale>__problem``, ``<scale>__acute`` (bool or null)
  and ``workable`` (bool or null)
- ``group_counts(scored, instrument, by=(), scale_ids=None)`` -> counts per breakdown as Polars frames
- ``cluster_counts(scored, by, scale_ids, cluster)`` -> distinct clusters (e.g. organisations) behind
  every figure, per breakdown, as Polars frames
- ``score(instrument, data, by=(), min_group=5, warnings=None, modules=None, order=None, cluster=None,
  min_clusters=None)`` -> the JSON-ready result dict
- ``in_order(frame, order)`` -> a breakdown's counts with its groups in a given order
- ``suppress`` and ``suppression``: the pure suppression rules, from :mod:`werkbaar.analysis.suppression`

Suppression works on two levels (docs/analysis-method.md, section 4): a *cell* (a group) is hidden
when it holds too few respondents; inside a shown cell, a *figure* (the workability rate, a scale) is
hidden when too few respondents are behind that figure (people who answered enough of its items).
Both levels have complementary (secondary) suppression, so that no hidden cell or figure can be
worked out from the overall figure and the other groups' figures. Every hidden cell or figure says
why: ``suppressed_reason`` is ``"small"`` or ``"complementary"``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from .instrument import Instrument, Scale
from .suppression import COMPLEMENTARY, SMALL, suppress, suppression  # noqa: F401 - part of the engine's API

DEFAULT_MIN_GROUP = 5
MIN_ALLOWED_GROUP = 3  # a campaign's minimum group size is never below 3
MAX_REPORTED_ERRORS = 50
OVERALL = "__overall__"
WORKABILITY = "workability"  # the figure key of the workability rate in cluster counts
MAX_EXACT_DENOMINATOR = 10**9  # keeps sums of units within 64 bits up to 10**8 respondents
FALLBACK_DENOMINATOR = 10**6
INT_TYPES = (pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32, pl.UInt64)
FLOAT_TYPES = (pl.Float32, pl.Float64)


@dataclass(frozen=True)
class CellError:
    """One problem in a responses file. ``row`` counts like a spreadsheet: the header is row 1."""

    problem: str
    row: int | None = None
    column: str | None = None
    value: Any = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        if self.value is not None:
            where.append(f"value {self.value!r}")
        return f"{', '.join(where)}: {self.problem}" if where else self.problem


class ResponsesError(ValueError):
    """Invalid responses; ``errors`` lists the problems (at most MAX_REPORTED_ERRORS cells), ``total`` counts all."""

    def __init__(self, errors: list[CellError], total: int | None = None):
        self.errors = list(errors)
        self.total = total if total is not None else len(errors)
        lines = [str(e) for e in self.errors]
        if self.total > len(self.errors):
            lines.append(f"... and {self.total - len(self.errors)} more problems")
        super().__init__("\n".join(lines))


# ------------------------------------------------------------------------------------------------
# Reading files
# ------------------------------------------------------------------------------------------------


def read_responses(path: str | Path, instrument: Instrument | None = None, by: Sequence[str] = ()) -> pl.DataFrame:
    """Read a CSV, XLSX or Parquet file of responses.

    CSV and XLSX cells are read as text (validated later, so errors name row, column and value).
    With an instrument, only its item columns and the ``by`` columns are read (others are ignored).
    """
    path = Path(path)
    if not path.exists():
        raise ResponsesError([CellError(f"file not found: {path}")])
    suffix = path.suffix.lower()
    wanted: set[str] | None = None
    if instrument is not None:
        wanted = set(instrument.item_ids) | set(by)
    try:
        if suffix == ".parquet":
            names = pl.read_parquet_schema(path).keys()
            cols = [c for c in names if wanted is None or c in wanted]
            return pl.read_parquet(path, columns=cols)
        if suffix in (".csv", ".txt"):
            return _read_csv(path, instrument, wanted)
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path, wanted)
    except ResponsesError:
        raise
    except Exception as exc:  # noqa: BLE001 - any reader failure is a user-facing file problem
        raise ResponsesError([CellError(f"cannot read {path.name}: {exc}")]) from exc
    raise ResponsesError([CellError(f"unsupported file type {suffix or '(none)'}: use .csv, .xlsx or .parquet")])


def _separator(path: Path) -> str:
    """',' or ';' (spreadsheets in Belgium often save CSV with semicolons), judged from the header."""
    with path.open("rb") as fh:
        first = fh.readline().decode("utf-8", errors="replace")
    return ";" if first.count(";") > first.count(",") else ","


def _read_csv(path: Path, instrument: Instrument | None, wanted: set[str] | None) -> pl.DataFrame:
    sep = _separator(path)
    header = pl.read_csv(path, n_rows=0, infer_schema=False, separator=sep).columns
    cols = [c for c in header if wanted is None or c in wanted]
    if not cols:
        return pl.DataFrame()
    if instrument is not None:
        # Fast path: item columns parsed as integers by the (multi-threaded) CSV reader. Any cell
        # that is not a plain integer makes it fail; then everything is read as text so that
        # validation can name the row, column and value.
        items = set(instrument.item_ids)
        schema = {c: (pl.Int16 if c in items else pl.String) for c in cols}
        try:
            return pl.read_csv(path, columns=cols, schema_overrides=schema, separator=sep, raise_if_empty=False)
        except Exception:  # noqa: BLE001
            pass
    return pl.read_csv(path, columns=cols, infer_schema=False, separator=sep, raise_if_empty=False)


def _read_xlsx(path: Path, wanted: set[str] | None) -> pl.DataFrame:
    from werkbaar.core.untrusted import open_xlsx

    wb = open_xlsx(path)  # checked for zip bombs before openpyxl reads it
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            return pl.DataFrame()
        names = ["" if h is None else str(h).strip() for h in header]
        keep = [i for i, name in enumerate(names) if name and (wanted is None or name in wanted)]
        columns: dict[str, list[str | None]] = {names[i]: [] for i in keep}
        for row in rows:
            if row is None or all(v is None or str(v).strip() == "" for v in row):
                continue
            for i in keep:
                v = row[i] if i < len(row) else None
                if isinstance(v, float) and v.is_integer():
                    v = int(v)
                columns[names[i]].append(None if v is None else str(v))
        return pl.DataFrame(columns, schema={k: pl.String for k in columns})
    finally:
        wb.close()


# ------------------------------------------------------------------------------------------------
# Validation
# ------------------------------------------------------------------------------------------------


@dataclass
class Prepared:
    """Validated answers: item columns as integers (null = missing), ``by`` columns as text (null = blank)."""

    frame: pl.DataFrame
    scales: list[Scale]
    skipped: list[Scale] = field(default_factory=list)
    by: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _as_frame(data: pl.DataFrame | str | Path, instrument: Instrument, by: Sequence[str]) -> pl.DataFrame:
    if isinstance(data, pl.DataFrame):
        return data
    if isinstance(data, str | Path):
        return read_responses(data, instrument, by)
    try:  # a pandas DataFrame or anything Polars can take
        return pl.from_pandas(data) if hasattr(data, "iloc") else pl.DataFrame(data)
    except Exception as exc:  # noqa: BLE001
        raise ResponsesError([CellError(f"cannot use responses of type {type(data).__name__}: {exc}")]) from exc


def _answer_expr(col: str, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr]:
    """(integer answer expression, expression that is true where the raw value is not an integer)."""
    c = pl.col(col)
    if dtype in INT_TYPES:
        return c, pl.lit(False)  # kept narrow (e.g. Int8 from Parquet); widened when scored
    if dtype == pl.Null:
        return c.cast(pl.Int64), pl.lit(False)
    if dtype in FLOAT_TYPES:
        as_int = _whole_number(c)
        return as_int, c.is_not_null() & as_int.is_null()
    if dtype == pl.Boolean:
        return pl.lit(None, dtype=pl.Int64), c.is_not_null()
    text = c.cast(pl.String).str.strip_chars()
    text = pl.when(text == "").then(None).otherwise(text)
    # accept whole numbers, also written as "3.0" (spreadsheets); nothing else
    as_int = _whole_number(text.cast(pl.Float64, strict=False))
    return as_int, text.is_not_null() & as_int.is_null()


def _whole_number(as_float: pl.Expr) -> pl.Expr:
    """The whole number a float stands for, else null: NaN, infinity, a fraction or beyond 64 bits."""
    whole = as_float.is_finite() & (as_float == as_float.round(0))
    return pl.when(whole).then(as_float).otherwise(None).cast(pl.Int64, strict=False)


def prepare(
    instrument: Instrument,
    data: pl.DataFrame | str | Path,
    by: Sequence[str] = (),
    modules: Sequence[str] | None = None,
) -> Prepared:
    """Validate responses against an instrument. Raises :class:`ResponsesError` listing every problem.

    With ``modules`` (e.g. a campaign's modules), only the base scales and those modules' scales are
    considered; other scales are left out silently instead of being skipped with a warning.
    """
    by = list(dict.fromkeys(by))
    df = _as_frame(data, instrument, by)
    errors: list[CellError] = []
    items = set(instrument.item_ids)
    for col in by:
        if col not in df.columns:
            errors.append(CellError(f"grouping column {col!r} is not in the file", column=col))
        elif col in items:
            errors.append(CellError(f"{col!r} is an item of the instrument, not a grouping column", column=col))

    present: list[Scale] = []
    skipped: list[Scale] = []
    warnings: list[str] = []
    for scale in instrument.scales if modules is None else instrument.scales_for(modules):
        have = [i for i in scale.items if i in df.columns]
        if len(have) == len(scale.items):
            present.append(scale)
        elif not have:
            skipped.append(scale)
            warnings.append(f"scale {scale.id!r} skipped: none of its items ({', '.join(scale.items)}) is in the file")
        else:
            missing = [i for i in scale.items if i not in df.columns]
            errors.append(
                CellError(
                    f"scale {scale.id!r} is incomplete: item column(s) {', '.join(missing)} missing "
                    f"(present: {', '.join(have)})",
                    column=missing[0],
                )
            )
    if not present and not errors:
        errors.append(CellError(f"no item column of instrument {instrument.id!r} is in the file"))
    if errors:
        raise ResponsesError(errors)

    item_cols = [i for s in present for i in s.items]
    exprs: list[pl.Expr] = []
    bad_exprs: list[pl.Expr] = []
    for col in item_cols:
        answer, not_int = _answer_expr(col, df.schema[col])
        values = list(instrument.answer_scale_for(col).values)
        exprs.append(answer.alias(col))
        bad_exprs.append((not_int | (answer.is_not_null() & ~answer.is_in(values))).alias(col))
    group_exprs = [_group_expr(df, col) for col in by]

    if (
        bad_exprs
        and not _plainly_valid(df, item_cols, instrument)
        and df.lazy().select(pl.any_horizontal(bad_exprs).any()).collect().item()
    ):
        bad = df.select(bad_exprs)
        bad_any = bad.select(pl.any_horizontal(pl.all()).alias("x"))["x"]
        errors = _cell_errors(df, bad, bad_any, instrument)
        raise ResponsesError(errors[0], total=errors[1])
    frame = df.select(*group_exprs, *exprs)
    return Prepared(frame=frame, scales=present, skipped=skipped, by=by, warnings=warnings)


def _group_expr(df: pl.DataFrame, col: str) -> pl.Expr:
    """A grouping column as text, stripped, with blanks as null. Works on the distinct values only."""
    text = pl.col(col).cast(pl.String)
    distinct = df.select(text.unique())[col]
    stripped = distinct.str.strip_chars()
    blank = distinct.filter(stripped == "").to_list()
    changed = (stripped != distinct) & (stripped != "")
    old, new = distinct.filter(changed).to_list(), stripped.filter(changed).to_list()
    if old:
        text = text.replace(old, new)
    if blank:
        text = pl.when(pl.col(col).cast(pl.String).is_in(blank)).then(None).otherwise(text)
    return text.alias(col)


def _plainly_valid(df: pl.DataFrame, item_cols: list[str], instrument: Instrument) -> bool:
    """Fast check: integer columns whose minimum and maximum lie within a gap-free answer scale."""
    bounds = []
    for col in item_cols:
        values = instrument.answer_scale_for(col).values
        if df.schema[col] not in INT_TYPES or list(values) != list(range(values[0], values[-1] + 1)):
            return False
        bounds.append((col, values[0], values[-1]))
    if not bounds:
        return False
    extremes = df.select(
        *[pl.col(c).min().alias(f"{c}__min") for c, _, _ in bounds],
        *[pl.col(c).max().alias(f"{c}__max") for c, _, _ in bounds],
    ).row(0, named=True)
    return all(
        (extremes[f"{c}__min"] is None or extremes[f"{c}__min"] >= lo)
        and (extremes[f"{c}__max"] is None or extremes[f"{c}__max"] <= hi)
        for c, lo, hi in bounds
    )


def _cell_errors(df: pl.DataFrame, bad: pl.DataFrame, bad_any: pl.Series, instrument: Instrument):
    idx = bad.with_row_index("_row").filter(bad_any)
    long = (
        idx.unpivot(index="_row", variable_name="column", value_name="bad").filter(pl.col("bad")).sort("_row", "column")
    )
    total = long.height
    out = []
    for row, col in long.head(MAX_REPORTED_ERRORS).select("_row", "column").iter_rows():
        value = df[col][row]
        scale = instrument.answer_scale_for(col)
        allowed = ", ".join(str(v) for v in scale.values)
        out.append(
            CellError(f"not an answer of {scale.id} ({allowed}, or blank)", row=row + 2, column=col, value=value)
        )
    return out, total


# ------------------------------------------------------------------------------------------------
# Scoring respondents
# ------------------------------------------------------------------------------------------------


def scale_score_expr(instrument: Instrument, scale: Scale) -> pl.Expr:
    """Score 0-100 of one scale, null when fewer than min_answered items are answered.

    Computed as 100 * (sum - k*min) / (k * (max - min)) from integers (k = answered items), so a score
    that is mathematically equal to a cut-off compares equal to it.
    """
    answer_scale = instrument.scale_answer_scale(scale.id)
    lo, hi = answer_scale.min, answer_scale.max
    cols = {i: pl.col(i).cast(pl.Int64) for i in scale.items}
    values = [(pl.lit(lo + hi) - cols[i]) if i in scale.reverse else cols[i] for i in scale.items]
    answered = pl.sum_horizontal([pl.col(i).is_not_null().cast(pl.Int64) for i in scale.items])
    total = pl.sum_horizontal(values)
    score = (pl.lit(100) * (total - answered * lo)).cast(pl.Float64) / (answered * (hi - lo)).cast(pl.Float64)
    return pl.when(answered >= scale.min_answered).then(score).otherwise(None).alias(scale.id)


def classify_exprs(scale: Scale) -> tuple[pl.Expr, pl.Expr]:
    """(problem, acute) booleans for a scale score column; boundaries are inclusive; null stays null."""
    s = pl.col(scale.id)
    if scale.higher_is == "worse":
        problem, acute = s >= scale.problem, s >= scale.acute
    else:
        problem, acute = s <= scale.problem, s <= scale.acute
    return problem.alias(f"{scale.id}__problem"), acute.alias(f"{scale.id}__acute")


def score_prepared(instrument: Instrument, prepared: Prepared) -> pl.DataFrame:
    """Respondent-level scores of validated answers (see :func:`scale_scores`)."""
    return score_lazy(instrument, prepared).collect()


def score_lazy(instrument: Instrument, prepared: Prepared) -> pl.LazyFrame:
    """The query behind :func:`score_prepared`, not yet run (so aggregation can fuse with it)."""
    scales = prepared.scales
    lf = prepared.frame.lazy().with_columns([scale_score_expr(instrument, s) for s in scales])
    lf = lf.with_columns([e for s in scales for e in classify_exprs(s)])
    work_ids = instrument.scale_ids_by_kind["workability"]
    present_ids = {s.id for s in scales}
    if work_ids and all(w in present_ids for w in work_ids):
        all_present = pl.all_horizontal([pl.col(w).is_not_null() for w in work_ids])
        any_problem = pl.any_horizontal([pl.col(f"{w}__problem") for w in work_ids])
        workable = pl.when(all_present).then(~any_problem).otherwise(None)
    else:
        workable = pl.lit(None, dtype=pl.Boolean)
    keep = [*prepared.by, *[c for s in scales for c in (s.id, f"{s.id}__problem", f"{s.id}__acute")]]
    return lf.with_columns(workable.alias("workable")).select(*keep, "workable")


def scale_scores(
    instrument: Instrument,
    data: pl.DataFrame | str | Path,
    by: Sequence[str] = (),
    modules: Sequence[str] | None = None,
) -> pl.DataFrame:
    """One row per respondent: ``by`` columns, ``<scale>``, ``<scale>__problem``, ``<scale>__acute``, ``workable``."""
    return score_prepared(instrument, prepare(instrument, data, by, modules))


# ------------------------------------------------------------------------------------------------
# Aggregation
# ------------------------------------------------------------------------------------------------


def unit_denominator(instrument: Instrument, scale: Scale) -> int:
    """D such that every possible score of the scale times D / 100 is a whole number.

    A score is 100 (sum - k min) / (k (max - min)) for k answered items, so D is the least common
    multiple of k (max - min) over the allowed k. Summing score * D / 100 as integers makes sums and
    means exact and independent of the order of addition (Polars adds in parallel).
    """
    answer_scale = instrument.scale_answer_scale(scale.id)
    span = answer_scale.max - answer_scale.min
    exact = math.lcm(*[k * span for k in range(scale.min_answered, len(scale.items) + 1)])
    # Very long scales on wide answer scales would overflow 64-bit sums: then scores are summed in
    # steps of 0.0001 (still independent of the order of addition, no longer exact).
    return exact if exact <= MAX_EXACT_DENOMINATOR else FALLBACK_DENOMINATOR


def _count_aggs(instrument: Instrument, scale_ids: Iterable[str]) -> list[pl.Expr]:
    aggs = [
        pl.len().cast(pl.Int64).alias("n"),
        pl.col("workable").is_not_null().sum().cast(pl.Int64).alias("workability_n"),
        pl.col("workable").sum().cast(pl.Int64).alias("workable"),
    ]
    for s in scale_ids:
        d = unit_denominator(instrument, instrument.scale_by_id[s])
        units = (pl.col(s) * d / 100).round(0).cast(pl.Int64)
        aggs += [
            pl.col(s).is_not_null().sum().cast(pl.Int64).alias(f"{s}__n"),
            units.sum().cast(pl.Int64).alias(f"{s}__units"),
            pl.col(f"{s}__problem").sum().cast(pl.Int64).alias(f"{s}__problems"),
            pl.col(f"{s}__acute").sum().cast(pl.Int64).alias(f"{s}__acutes"),
        ]
    return aggs


def group_counts(
    scored: pl.DataFrame | pl.LazyFrame,
    instrument: Instrument,
    by: Sequence[str] = (),
    scale_ids: Sequence[str] | None = None,
) -> dict[str, pl.DataFrame]:
    """Counts per breakdown: ``{OVERALL: 1-row frame, col: one row per value of col}``.

    Columns: [value], n, workability_n, workable, and per scale ``<s>__n`` (scores present),
    ``<s>__units`` (exact sum of scores x D / 100, see :func:`unit_denominator`), ``<s>__sum`` (sum of
    scores), ``<s>__problems`` and ``<s>__acutes``. Groups are sorted by value, the blank group (null) last.
    """
    lf = scored.lazy()
    if scale_ids is None:
        names = lf.collect_schema().names()
        scale_ids = [s.id for s in instrument.scales if s.id in names]
    aggs = _count_aggs(instrument, scale_ids)
    sums = [
        (pl.col(f"{s}__units") * 100 / unit_denominator(instrument, instrument.scale_by_id[s])).alias(f"{s}__sum")
        for s in scale_ids
    ]
    by = list(by)
    if not by:
        return {OVERALL: lf.select(aggs).with_columns(sums).collect()}
    # One pass over the respondents: counts per combination of all grouping columns. Every count is
    # a sum, so each breakdown and the total are sums over these (far fewer) combination rows.
    combos = lf.group_by(by).agg(aggs).collect().lazy()
    additive = pl.all().exclude(by).sum()
    queries = [combos.select(additive).with_columns(sums)]
    for col in by:
        queries.append(
            combos.group_by(col)
            .agg(additive)
            .with_columns(sums)
            .rename({col: "value"})
            .sort("value", nulls_last=True)
            .select("value", *[c for c in queries[0].collect_schema().names()])
        )
    frames = pl.collect_all(queries)
    out = {OVERALL: frames[0]}
    out.update(dict(zip(by, frames[1:], strict=True)))
    return out


def round_half_up(num: int, den: int, digits: int) -> float:
    """num / den (non-negative whole numbers) rounded exactly to ``digits`` decimals, halves up."""
    scale = 10**digits
    return (2 * num * scale + den) // (2 * den) / scale


def _rate(k: int | None, n: int) -> float | None:
    return None if not n else round_half_up(int(k or 0), n, 4)


def figures(row: dict[str, Any], scale_ids: Sequence[str], denominators: dict[str, int]) -> dict[str, Any]:
    """The published figures of one cell (overall or group) from its counts.

    Means are rounded to 2 decimals and rates to 4, both exactly and half away from zero.
    """
    scales = {}
    for s in scale_ids:
        n = int(row[f"{s}__n"] or 0)
        units = int(row[f"{s}__units"] or 0)
        scales[s] = {
            "n": n,
            "mean": None if not n else round_half_up(100 * units, denominators[s] * n, 2),
            "problem_rate": _rate(row[f"{s}__problems"], n),
            "acute_rate": _rate(row[f"{s}__acutes"], n),
        }
    wn = int(row["workability_n"] or 0)
    return {
        "n": int(row["n"]),
        "suppressed": False,
        "workability_rate": _rate(row["workable"], wn),
        "workability_n": wn,
        "scales": scales,
    }


def _figure_columns(frame: pl.DataFrame, scale_ids: Sequence[str], denominators: dict[str, int]) -> dict[str, list]:
    """The published figures of every row of a counts frame, as Python lists per column.

    Same arithmetic as :func:`figures` (exact, halves up), done as Polars integer expressions.
    """

    def rounded(num: pl.Expr, den: pl.Expr, digits: int) -> pl.Expr:
        # whole number of 10**-digits units here; divided in Python below, because Polars may
        # divide by a constant as a multiplication by its reciprocal, which is not correctly rounded
        scale = 10**digits
        return pl.when(den > 0).then((2 * num * scale + den) // (2 * den)).otherwise(None)

    exprs = [
        pl.col("n"),
        pl.col("workability_n"),
        rounded(pl.col("workable"), pl.col("workability_n"), 4).alias("workability_rate"),
    ]
    for s in scale_ids:
        n = pl.col(f"{s}__n")
        exprs += [
            n.alias(f"{s}.n"),
            rounded(100 * pl.col(f"{s}__units"), denominators[s] * n, 2).alias(f"{s}.mean"),
            rounded(pl.col(f"{s}__problems"), n, 4).alias(f"{s}.problem_rate"),
            rounded(pl.col(f"{s}__acutes"), n, 4).alias(f"{s}.acute_rate"),
        ]
    out = frame.with_columns(pl.col(pl.Int32, pl.UInt32, pl.UInt64).cast(pl.Int64)).select(exprs)
    columns = {name: out[name].to_list() for name in out.columns}
    for name, values in columns.items():
        scale = 100 if name.endswith(".mean") else 10_000 if name.endswith("rate") else None
        if scale:
            columns[name] = [None if v is None else v / scale for v in values]
    return columns


def _cells(columns: dict[str, list], scale_ids: Sequence[str]) -> Callable[[int], dict[str, Any]]:
    """A function giving the figures dict of row ``index`` (column lists looked up once)."""
    n, wrate, wn = columns.get("n"), columns.get("workability_rate"), columns.get("workability_n")
    per_scale = (
        [
            (s, columns[f"{s}.n"], columns[f"{s}.mean"], columns[f"{s}.problem_rate"], columns[f"{s}.acute_rate"])
            for s in scale_ids
        ]
        if columns
        else []
    )

    def cell(i: int) -> dict[str, Any]:
        return {
            "n": n[i],
            "suppressed": False,
            "workability_rate": wrate[i],
            "workability_n": wn[i],
            "scales": {
                s: {"n": sn[i], "mean": mean[i], "problem_rate": prob[i], "acute_rate": acute[i]}
                for s, sn, mean, prob, acute in per_scale
            },
        }

    return cell


def cluster_counts(
    scored: pl.DataFrame | pl.LazyFrame, by: Sequence[str], scale_ids: Sequence[str], cluster: str
) -> dict[str, pl.DataFrame]:
    """Distinct values of ``cluster`` (e.g. the organisation) behind every figure, per breakdown.

    Same keys as :func:`group_counts`; columns ``[value]``, ``n`` (clusters in the cell),
    ``workability`` (clusters with a respondent in the workability rate) and one column per scale
    (clusters with a respondent who has a score on it).
    """
    lf = scored.lazy()

    def distinct(condition: pl.Expr | None, name: str) -> pl.Expr:
        present = pl.col(cluster).is_not_null()
        keep = present if condition is None else present & condition
        return pl.col(cluster).filter(keep).n_unique().cast(pl.Int64).alias(name)

    aggs = [distinct(None, "n"), distinct(pl.col("workable").is_not_null(), WORKABILITY)]
    aggs += [distinct(pl.col(s).is_not_null(), s) for s in scale_ids]
    queries = [lf.select(aggs)] + [lf.group_by(col).agg(aggs).rename({col: "value"}) for col in by]
    frames = pl.collect_all(queries)
    return {OVERALL: frames[0], **dict(zip(by, frames[1:], strict=True))}


def in_order(frame: pl.DataFrame, order: Sequence[str] | None) -> pl.DataFrame:
    """The groups of a counts frame in the given order of values (e.g. the bands as asked: "< 35",
    "35-49", "50+"); values not in ``order`` follow sorted, the blank group (null) last."""
    if not order:
        return frame
    rank = {value: i for i, value in enumerate(order)}
    values = frame["value"].to_list()
    positions = sorted(
        range(len(values)),
        key=lambda i: (values[i] is None, rank.get(values[i], len(rank)), "" if values[i] is None else str(values[i])),
    )
    return frame[positions]


def _hidden_cell(reason: str, *value: Any) -> dict[str, Any]:
    """A hidden cell: its value (groups only), no figure, and the reason."""
    return {**({"value": value[0]} if value else {}), "n": None, "suppressed": True, "suppressed_reason": reason}


def _hide_figure(cell: dict[str, Any], figure: str, reason: str) -> None:
    """Hide one figure of a shown cell, keeping its keys (as None) and saying why."""
    if figure == WORKABILITY:
        cell.update({"workability_rate": None, "workability_n": None, "workability_suppressed": True,
                     "workability_suppressed_reason": reason})
    else:
        cell["scales"][figure] = {"n": None, "mean": None, "problem_rate": None, "acute_rate": None,
                                  "suppressed": True, "suppressed_reason": reason}


def _figure_sizes(frame: pl.DataFrame, figure: str) -> list[int]:
    column = "workability_n" if figure == WORKABILITY else f"{figure}__n"
    return [int(v or 0) for v in frame[column].to_list()]


def _by_value(frame: pl.DataFrame, values: list) -> dict[str, list[int]]:
    """The columns of a cluster-counts frame as lists in the order of ``values``."""
    rows = {row.pop("value", None): row for row in frame.iter_rows(named=True)}
    columns = [c for c in frame.columns if c != "value"]
    return {c: [int(rows.get(v, {}).get(c) or 0) for v in values] for c in columns}


def build_result(
    instrument: Instrument,
    counts: dict[str, pl.DataFrame],
    scale_ids: Sequence[str],
    by: Sequence[str],
    min_group: int,
    clusters: dict[str, pl.DataFrame] | None = None,
    min_clusters: int = 1,
) -> dict[str, Any]:
    """The result dict (docs/analysis-method.md) from counts per breakdown, with suppression applied.

    With ``clusters`` (from :func:`cluster_counts`), every cell and every figure also needs at least
    ``min_clusters`` distinct clusters behind it, with the same primary and secondary rules.
    """
    denominators = {s: unit_denominator(instrument, instrument.scale_by_id[s]) for s in scale_ids}
    figure_ids = [WORKABILITY, *scale_ids]
    result: dict[str, Any] = {"instrument": instrument.id, "version": instrument.version, "min_group": min_group}
    if clusters is not None:
        result["min_clusters"] = min_clusters

    def measures(frame: pl.DataFrame, cluster_lists: dict[str, list[int]] | None, figure: str | None):
        sizes = [int(v) for v in frame["n"].to_list()] if figure is None else _figure_sizes(frame, figure)
        out = [(sizes, min_group)]
        if cluster_lists is not None:
            out.append((cluster_lists["n" if figure is None else figure], min_clusters))
        return out

    overall_clusters = None if clusters is None else _by_value(clusters[OVERALL], [None])
    small_total = bool(suppression(measures(counts[OVERALL], overall_clusters, None)))
    if small_total:
        result["overall"] = _hidden_cell(SMALL)
    else:
        result["overall"] = _cells(_figure_columns(counts[OVERALL], scale_ids, denominators), scale_ids)(0)
        for figure in figure_ids:
            if suppression(measures(counts[OVERALL], overall_clusters, figure), hide_empty=False):
                _hide_figure(result["overall"], figure, SMALL)
    groups: dict[str, list[dict[str, Any]]] = {}
    for col in by:
        frame = counts[col]
        values = frame["value"].to_list()
        cluster_frame = None if clusters is None else _by_value(clusters[col], values)
        if small_total:
            hidden = dict.fromkeys(range(len(values)), SMALL)
        else:
            hidden = suppression(measures(frame, cluster_frame, None))
        shown = len(hidden) < len(values)
        cell = _cells(_figure_columns(frame, scale_ids, denominators) if shown else {}, scale_ids)
        cells = [_hidden_cell(hidden[i], v) if i in hidden else {"value": v, **cell(i)} for i, v in enumerate(values)]
        if shown:
            for figure in figure_ids:
                # the cells hidden as a whole count as hidden for every figure; a figure hidden in the
                # overall cell has nothing to be subtracted from, but its groups are all small anyway
                reasons = suppression(measures(frame, cluster_frame, figure), already=hidden, hide_empty=False)
                for i, reason in reasons.items():
                    if i not in hidden:
                        _hide_figure(cells[i], figure, reason)
        groups[col] = cells
    result["groups"] = groups
    return result


def score(
    instrument: Instrument,
    data: pl.DataFrame | str | Path,
    by: Sequence[str] = (),
    min_group: int = DEFAULT_MIN_GROUP,
    warnings: list[str] | None = None,
    modules: Sequence[str] | None = None,
    order: dict[str, Sequence[str]] | None = None,
    cluster: str | None = None,
    min_clusters: int | None = None,
) -> dict[str, Any]:
    """Score responses and return the result dict (JSON-ready).

    ``data`` is a DataFrame or a path (CSV/XLSX/Parquet). Messages about skipped scales are appended
    to ``warnings`` when a list is given; ``modules`` limits the scales as in :func:`prepare`.
    ``order`` gives the order of the groups per grouping column (e.g. the bands as asked); other
    values follow sorted, the blank group last. With ``cluster`` (a column, e.g. the organisation,
    each cluster inside one group of every breakdown) every cell and figure also needs
    ``min_clusters`` distinct clusters behind it. Raises :class:`ResponsesError` for invalid input.
    """
    if not isinstance(min_group, int) or isinstance(min_group, bool) or min_group < MIN_ALLOWED_GROUP:
        raise ValueError(
            f"the minimum group size must be a whole number of at least {MIN_ALLOWED_GROUP}, got {min_group!r}"
        )
    by = list(dict.fromkeys(by))
    prepared = prepare(instrument, data, [*by, cluster] if cluster else by, modules)
    if warnings is not None:
        warnings.extend(prepared.warnings)
    scored = score_lazy(instrument, prepared)  # keeps the cluster column next to the grouping columns
    scale_ids = [s.id for s in prepared.scales]
    counts = group_counts(scored, instrument, by, scale_ids)
    for col in by:
        counts[col] = in_order(counts[col], (order or {}).get(col))
    clusters = cluster_counts(scored, by, scale_ids, cluster) if cluster else None
    return build_result(instrument, counts, scale_ids, by, min_group, clusters, min_clusters or 1)
