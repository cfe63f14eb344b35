"""Benchmark of the scoring engine (issue 4, "Speed"): Polars on Parquet and CSV against pandas.

Generates N synthetic responses (default 1,000,000) to the shipped base instrument with the
dienstencheques module (59 items) and 3 grouping columns, writes them as Parquet and CSV to a
temporary directory, then scores them with all three breakdowns:

- Polars engine (``werkbaar.analysis.engine.score``) reading Parquet;
- the same reading CSV;
- a straightforward pandas implementation of the same rules (vectorised pandas, written
  independently here: its own validation, scoring, aggregation, suppression and rounding).

Every run happens in a fresh child process; the time printed is the wall time inside the child for
reading + validating + scoring + aggregating (imports excluded, also shown: the child's total wall
time), and the peak memory is the child's peak resident set size (``os.wait4`` rusage). The three
results must be identical; the script exits 1 otherwise.

Usage: ``python bench/scoring.py [--n 1000000] [--seed 1] [--keep DIR]``
Targets on the 2-core machine: Parquet < 2 s, >= 5x faster than pandas, peak memory < 2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

INSTRUMENT = "werkbaarheidsscan-basis"
BY = ["team", "job", "age_band"]
MIN_GROUP = 5


# ------------------------------------------------------------------------------------------------
# Synthetic data
# ------------------------------------------------------------------------------------------------


def generate(n: int, seed: int, directory: Path) -> tuple[Path, Path]:
    import numpy as np
    import polars as pl

    from werkbaar.analysis.instrument import get_shipped

    inst = get_shipped(INSTRUMENT)
    rng = np.random.default_rng(seed)
    strain = rng.normal(size=n)  # a latent "strain" so that scales correlate like real data
    columns: dict[str, object] = {}
    for scale in inst.scales:
        worse = scale.higher_is == "worse"
        for item_id in scale.items:
            direction = 1.0 if worse else -1.0
            if item_id in scale.reverse:
                direction = -direction
            raw = 2.5 + 0.7 * direction * strain + rng.normal(scale=0.8, size=n)
            values = np.clip(np.rint(raw), 1, 4).astype(np.int8)
            missing = rng.random(n) < 0.03
            columns[item_id] = pl.Series(item_id, values, dtype=pl.Int8).set(pl.Series(missing), None)
    # team sizes follow a long tail, so some teams are small and get suppressed
    team_ids = rng.zipf(1.5, size=n) % 6000
    columns["team"] = pl.Series("team", team_ids).cast(pl.String).str.zfill(4)
    jobs = np.array(["huishoudhulp", "strijkatelier", "coach", "kantoor", "chauffeur", "klusjes"])
    columns["job"] = pl.Series("job", jobs[rng.choice(6, size=n, p=[0.86, 0.07, 0.03, 0.025, 0.01, 0.005])])
    bands = np.array(["<25", "25-34", "35-44", "45-54", "55+", ""])
    columns["age_band"] = pl.Series("age_band", bands[rng.choice(6, size=n, p=[0.08, 0.22, 0.3, 0.25, 0.14, 0.01])])
    columns["remark"] = pl.Series("remark", ["ignored column"] * n)  # neither item nor --by: ignored
    df = pl.DataFrame(columns)
    parquet = directory / "responses.parquet"
    csv = directory / "responses.csv"
    df.write_parquet(parquet)
    df.write_csv(csv)
    return parquet, csv


# ------------------------------------------------------------------------------------------------
# Child runs
# ------------------------------------------------------------------------------------------------


def child_polars(path: str, out: str) -> None:
    from werkbaar.analysis.engine import score
    from werkbaar.analysis.instrument import get_shipped

    inst = get_shipped(INSTRUMENT)
    start = time.perf_counter()
    result = score(inst, Path(path), by=BY, min_group=MIN_GROUP)
    elapsed = time.perf_counter() - start
    Path(out).write_text(json.dumps({"seconds": elapsed, "result": result}))


def child_pandas(path: str, out: str) -> None:
    """The same rules in plain vectorised pandas, written independently of the engine."""
    from decimal import ROUND_HALF_UP, Decimal
    from math import lcm

    import pandas as pd

    from werkbaar.analysis.instrument import get_shipped

    inst = get_shipped(INSTRUMENT)
    start = time.perf_counter()
    item_ids = [i for s in inst.scales for i in s.items]
    df = pd.read_parquet(path, columns=item_ids + BY)
    # answers: blank or a value of the item's answer scale
    for item_id in item_ids:
        allowed = list(inst.answer_scale_for(item_id).values)
        col = df[item_id]
        if (col.notna() & ~col.isin(allowed)).any():
            raise SystemExit(f"invalid answers in {item_id}")
    # one row of 0/1 indicators and exact score units per respondent; figures are sums of these
    ind = pd.DataFrame(index=df.index)
    units_den = {}
    work_present = pd.Series(True, index=df.index)
    work_problem = pd.Series(False, index=df.index)
    for scale in inst.scales:
        answer_scale = inst.scale_answer_scale(scale.id)
        lo, hi = answer_scale.min, answer_scale.max
        sub = df[list(scale.items)].astype("float64")
        for item_id in scale.reverse:
            sub[item_id] = lo + hi - sub[item_id]
        answered = sub.notna().sum(axis=1)
        total = sub.sum(axis=1)
        value = (100 * (total - answered * lo) / (answered * (hi - lo))).where(answered >= scale.min_answered)
        if scale.higher_is == "worse":
            problem, acute = value >= scale.problem, value >= scale.acute
        else:
            problem, acute = value <= scale.problem, value <= scale.acute
        den = lcm(*[k * (hi - lo) for k in range(scale.min_answered, len(scale.items) + 1)])
        units_den[scale.id] = den
        present = value.notna()
        ind[f"{scale.id}.n"] = present.astype("int64")
        # exact: (sum - k lo) * den / (k (hi - lo)) is a whole number
        whole = ((total - answered * lo) * den // (answered * (hi - lo)).where(answered > 0, 1)).where(present, 0)
        ind[f"{scale.id}.units"] = whole.astype("int64")
        ind[f"{scale.id}.problem"] = (problem & present).astype("int64")
        ind[f"{scale.id}.acute"] = (acute & present).astype("int64")
        if scale.kind == "workability":
            work_present &= present
            work_problem |= problem & present
    ind["workability_n"] = work_present.astype("int64")
    ind["workable"] = (work_present & ~work_problem).astype("int64")
    ind["n"] = 1
    for col in BY:
        text = df[col].astype("string").str.strip()
        ind[col] = text.mask(text == "")

    def rounded(num: int, den: int, digits: int) -> float:
        q = (Decimal(num) / Decimal(den)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
        return float(q)

    scale_ids = [s.id for s in inst.scales]
    sum_cols = [c for c in ind.columns if c not in BY]

    def cell(row: pd.Series) -> dict:
        scales = {}
        for s in scale_ids:
            n = int(row[f"{s}.n"])
            scales[s] = {
                "n": n,
                "mean": None if not n else rounded(100 * int(row[f"{s}.units"]), units_den[s] * n, 2),
                "problem_rate": None if not n else rounded(int(row[f"{s}.problem"]), n, 4),
                "acute_rate": None if not n else rounded(int(row[f"{s}.acute"]), n, 4),
            }
        wn = int(row["workability_n"])
        rate = None if not wn else rounded(int(row["workable"]), wn, 4)
        return {
            "n": int(row["n"]),
            "suppressed": False,
            "workability_rate": rate,
            "workability_n": wn,
            "scales": scales,
        }

    figure_n = {"workability": "workability_n", **{sid: f"{sid}.n" for sid in scale_ids}}

    def hide(cell_dict: dict, figure: str, reason: str) -> None:
        if figure == "workability":
            cell_dict.update(workability_rate=None, workability_n=None, workability_suppressed=True,
                             workability_suppressed_reason=reason)
        else:
            cell_dict["scales"][figure] = {"n": None, "mean": None, "problem_rate": None, "acute_rate": None,
                                           "suppressed": True, "suppressed_reason": reason}

    def complementary(sizes: list[int], hidden: dict, allow_empty: bool) -> dict:
        """Primary (below MIN_GROUP), then hide the smallest other cell while the hidden hold 1..MIN-1."""
        hidden = dict(hidden)
        for j, n in enumerate(sizes):
            if j not in hidden and n < MIN_GROUP and (allow_empty or n > 0):
                hidden[j] = "small"
        while 0 < sum(sizes[j] for j in hidden) < MIN_GROUP:
            rest = [j for j in range(len(sizes)) if j not in hidden and sizes[j] > 0]
            if not rest:
                break
            hidden[min(rest, key=lambda j: (sizes[j], j))] = "complementary"
        return hidden

    overall = ind[sum_cols].sum()
    small_total = int(overall["n"]) < MIN_GROUP
    result = {"instrument": inst.id, "version": inst.version, "min_group": MIN_GROUP}
    if small_total:
        result["overall"] = {"n": None, "suppressed": True, "suppressed_reason": "small"}
    else:
        result["overall"] = cell(overall)
        for figure, column in figure_n.items():
            if 0 < int(overall[column]) < MIN_GROUP:
                hide(result["overall"], figure, "small")
    result["groups"] = {}
    for col in BY:
        table = ind.groupby(col, dropna=False)[sum_cols].sum()
        keys = [None if pd.isna(v) else str(v) for v in table.index]
        order = sorted(range(len(keys)), key=lambda i: (keys[i] is None, keys[i] or ""))
        sizes = [int(table["n"].iloc[i]) for i in order]
        hidden = dict.fromkeys(range(len(sizes)), "small") if small_total else complementary(sizes, {}, True)
        cells = [
            {"value": keys[i], "n": None, "suppressed": True, "suppressed_reason": hidden[j]}
            if j in hidden
            else {"value": keys[i], **cell(table.iloc[i])}
            for j, i in enumerate(order)
        ]
        if len(hidden) < len(cells):
            for figure, column in figure_n.items():
                figure_sizes = [int(table[column].iloc[i]) for i in order]
                for j, reason in complementary(figure_sizes, hidden, False).items():
                    if j not in hidden:
                        hide(cells[j], figure, reason)
        result["groups"][col] = cells
    elapsed = time.perf_counter() - start
    Path(out).write_text(json.dumps({"seconds": elapsed, "result": result}))


def run_repeated(kind: str, path: Path, workdir: Path, repeat: int) -> dict:
    """Run a child ``repeat`` times: median time, largest peak memory, the last result."""
    runs = [run_child(kind, path, workdir) for _ in range(repeat)]
    last = runs[-1]
    for r in runs:
        if r["result"] != last["result"]:
            raise SystemExit(f"{kind} on {path.name} gave different results on repeated runs")
    last["seconds"] = statistics.median(r["seconds"] for r in runs)
    last["min_seconds"] = min(r["seconds"] for r in runs)
    last["total_seconds"] = statistics.median(r["total_seconds"] for r in runs)
    last["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
    return last


def run_child(kind: str, path: Path, workdir: Path) -> dict:
    out = workdir / f"result-{kind}-{path.suffix[1:]}.json"
    cmd = [sys.executable, __file__, "--child", kind, "--file", str(path), "--out", str(out)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    total = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"child {kind} on {path.name} failed with status {proc.returncode}")
    data = json.loads(out.read_text())
    data["total_seconds"] = total
    data["peak_rss_mb"] = usage.ru_maxrss / 1024  # Linux reports kilobytes
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="number of synthetic responses")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", help="write the data files to this directory and keep them")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median time is shown)")
    parser.add_argument("--child", choices=["polars", "pandas"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "polars":
        child_polars(args.file, args.out)
        return 0
    if args.child == "pandas":
        child_pandas(args.file, args.out)
        return 0

    with tempfile.TemporaryDirectory(prefix="werkbaar-bench-") as tmp:
        workdir = Path(args.keep) if args.keep else Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        print("load average before: {:.2f} {:.2f} {:.2f} on {} CPUs".format(*os.getloadavg(), os.cpu_count()))
        t0 = time.perf_counter()
        parquet, csv = generate(args.n, args.seed, workdir)
        print(f"generated {args.n:,} responses x 59 items + 3 grouping columns in {time.perf_counter() - t0:.1f} s")
        print(f"  parquet {parquet.stat().st_size / 1e6:.1f} MB, csv {csv.stat().st_size / 1e6:.1f} MB")
        runs = {
            "polars parquet": run_repeated("polars", parquet, workdir, args.repeat),
            "polars csv": run_repeated("polars", csv, workdir, args.repeat),
            "pandas parquet": run_repeated("pandas", parquet, workdir, args.repeat),
        }
    print(
        f"\n{args.repeat} run(s) each, fresh process per run; score s = median (min) of read+validate+score+aggregate"
    )
    print(f"{'run':<16} {'score s':>8} {'(min)':>7} {'process s':>10} {'peak RSS MB':>12}")
    for name, r in runs.items():
        print(
            f"{name:<16} {r['seconds']:>8.2f} {r['min_seconds']:>7.2f} {r['total_seconds']:>10.2f} {r['peak_rss_mb']:>12.0f}"
        )
    base = runs["polars parquet"]
    ratio = runs["pandas parquet"]["seconds"] / base["seconds"]
    same_csv = runs["polars csv"]["result"] == base["result"]
    same_pandas = runs["pandas parquet"]["result"] == base["result"]
    groups = base["result"]["groups"]
    shown = {col: sum(not c["suppressed"] for c in cells) for col, cells in groups.items()}
    print(f"\npandas / polars (parquet): {ratio:.1f}x")
    print("groups shown / total: " + ", ".join(f"{c} {shown[c]}/{len(groups[c])}" for c in groups))
    print(f"overall workability rate {base['result']['overall']['workability_rate']}")
    print(f"identical figures: polars csv {same_csv}, pandas {same_pandas}")
    print(
        "load average after: {:.2f} {:.2f} {:.2f} (other work on the machine slows every run)".format(*os.getloadavg())
    )
    ok_time = base["seconds"] < 2.0
    ok_ratio = ratio >= 5
    ok_mem = max(r["peak_rss_mb"] for k, r in runs.items() if k.startswith("polars")) < 2048
    print(f"targets: parquet < 2 s {ok_time}, >= 5x pandas {ok_ratio}, peak < 2 GB {ok_mem}")
    return 0 if same_csv and same_pandas else 1


if __name__ == "__main__":
    sys.exit(main())
