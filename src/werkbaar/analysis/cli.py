"""`werkbaar score`: score a responses file against an instrument from the command line.

Owns the command-line contract of the scoring engine: options, output formats (json, table, xlsx) and
error handling (exit status 2, messages on stderr naming the problem, nothing written). The Django
management command ``werkbaar.core.management.commands.score`` only forwards to :func:`main`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

from .engine import COMPLEMENTARY, DEFAULT_MIN_GROUP, MIN_ALLOWED_GROUP, ResponsesError, score
from .instrument import Instrument, InstrumentError, resolve_instrument

EXIT_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of exiting, so main() can return a status."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


class _UsageError(Exception):
    pass


def build_parser(prog: str = "werkbaar score") -> argparse.ArgumentParser:
    parser = _Parser(
        prog=prog,
        description="Score workability-scan responses: workability rate, scale figures and breakdowns "
        "with small groups suppressed.",
    )
    add_arguments(parser)
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--instrument", required=True, help="instrument YAML file, or the id of a shipped instrument")
    parser.add_argument("--responses", required=True, help="responses file: .csv, .xlsx or .parquet")
    parser.add_argument(
        "--by", action="append", default=[], metavar="COL", help="grouping column; repeat for several breakdowns"
    )
    parser.add_argument(
        "--min-group",
        type=int,
        default=DEFAULT_MIN_GROUP,
        help=f"minimum group size (default {DEFAULT_MIN_GROUP}, at least {MIN_ALLOWED_GROUP})",
    )
    parser.add_argument("--format", choices=["json", "table", "xlsx"], default="json")
    parser.add_argument("--out", help="write to this file instead of standard output (required for xlsx)")


def main(argv: list[str] | None = None, stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> int:
    """Run the command; returns the exit status (0 success, 2 error)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        parser.print_usage(stderr)
        print(f"error: {exc}", file=stderr)
        return EXIT_ERROR
    return run(args, stdout, stderr)


def _fail(stderr: IO[str], lines: list[str]) -> int:
    for line in lines:
        print(f"error: {line}", file=stderr)
    return EXIT_ERROR


def run(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    if args.min_group < MIN_ALLOWED_GROUP:
        return _fail(stderr, [f"--min-group must be at least {MIN_ALLOWED_GROUP}, got {args.min_group}"])
    if args.format == "xlsx" and not args.out:
        return _fail(stderr, ["--format xlsx needs --out FILE.xlsx"])
    if args.out:
        out_dir = Path(args.out).resolve().parent
        if not out_dir.is_dir():
            return _fail(stderr, [f"--out: directory {out_dir} does not exist"])
    try:
        instrument = resolve_instrument(args.instrument)
    except InstrumentError as exc:
        return _fail(stderr, [f"invalid instrument: {p}" for p in exc.problems])
    warnings: list[str] = []
    try:
        result = score(instrument, Path(args.responses), by=args.by, min_group=args.min_group, warnings=warnings)
    except ResponsesError as exc:
        lines = [f"{args.responses}: {e}" for e in exc.errors]
        if exc.total > len(exc.errors):
            lines.append(f"{args.responses}: ... and {exc.total - len(exc.errors)} more problems")
        return _fail(stderr, lines)
    for w in warnings:
        print(f"warning: {w}", file=stderr)

    if args.format == "json":
        payload = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    elif args.format == "table":
        payload = format_table(result, instrument)
    else:
        payload = None
    if args.out:
        try:
            _write_atomic(Path(args.out), payload, result, instrument)
        except OSError as exc:
            return _fail(stderr, [f"cannot write {args.out}: {exc}"])
    else:
        stdout.write(payload or "")
    return 0


def _write_atomic(path: Path, payload: str | None, result: dict[str, Any], instrument: Instrument) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        if payload is None:
            write_xlsx(result, instrument, Path(tmp))
        else:
            Path(tmp).write_text(payload, encoding="utf-8")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the file ordinary permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ------------------------------------------------------------------------------------------------
# Output formats
# ------------------------------------------------------------------------------------------------


def _flat_rows(result: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(breakdown, group label, cell) rows: the overall cell first, then every group."""
    rows = [("overall", "all", result["overall"])]
    for col, cells in result["groups"].items():
        for cell in cells:
            rows.append((col, "(unknown)" if cell["value"] is None else str(cell["value"]), cell))
    return rows


def _scale_ids(result: dict[str, Any]) -> list[str]:
    for _, _, cell in _flat_rows(result):
        if not cell.get("suppressed"):
            return list(cell["scales"])
    return []


def _fmt(v: Any, pct: bool = False) -> str:
    if v is None:
        return "-"
    if pct:
        return f"{100 * v:.1f}%"
    return str(v)


def _why(reason: str | None, min_group: int) -> str:
    """The text of a hidden cell or figure: its reason (``suppressed_reason`` of the result)."""
    if reason == COMPLEMENTARY:
        return "hidden so that a smaller group cannot be worked out (suppressed)"
    return f"fewer than {min_group} respondents (suppressed)"


def format_table(result: dict[str, Any], instrument: Instrument, language: str = "en") -> str:
    """A plain-text report: one block per cell, suppressed cells shown as 'fewer than N'."""
    lines = [
        f"{instrument.title_in(language)} ({result['instrument']} {result['version']}), minimum group {result['min_group']}"
    ]
    scale_ids = _scale_ids(result)
    width = max([len(s) for s in scale_ids] + [10])
    for col, label, cell in _flat_rows(result):
        lines.append("")
        head = "Overall" if col == "overall" else f"{col} = {label}"
        if cell.get("suppressed"):
            lines.append(f"{head}: {_why(cell.get('suppressed_reason'), result['min_group'])}")
            continue
        if cell.get("workability_suppressed"):
            rate = _why(cell.get("workability_suppressed_reason"), result["min_group"])
        else:
            rate = f"{_fmt(cell['workability_rate'], True)} (n={cell['workability_n']})"
        lines.append(f"{head}: n={cell['n']}, workability rate {rate}")
        lines.append(f"  {'scale'.ljust(width)}  {'n':>7}  {'mean':>6}  {'problem':>8}  {'acute':>7}")
        for s in scale_ids:
            f = cell["scales"][s]
            if f.get("suppressed"):
                lines.append(f"  {s.ljust(width)}  {_why(f.get('suppressed_reason'), result['min_group'])}")
                continue
            lines.append(
                f"  {s.ljust(width)}  {_fmt(f['n']):>7}  {_fmt(f['mean']):>6}  "
                f"{_fmt(f['problem_rate'], True):>8}  {_fmt(f['acute_rate'], True):>7}"
            )
    return "\n".join(lines) + "\n"


def write_xlsx(result: dict[str, Any], instrument: Instrument, path: Path, language: str = "en") -> None:
    """One sheet: a row per cell (overall, then every group), rates as fractions."""
    from openpyxl import Workbook

    scale_ids = _scale_ids(result)
    wb = Workbook()
    ws = wb.active
    ws.title = "scores"
    header = ["breakdown", "group", "n", "suppressed", "suppressed_reason", "workability_rate", "workability_n",
              "workability_suppressed_reason"]
    for s in scale_ids:
        header += [f"{s}_n", f"{s}_mean", f"{s}_problem_rate", f"{s}_acute_rate", f"{s}_suppressed_reason"]
    ws.append(header)
    for col, label, cell in _flat_rows(result):
        if cell.get("suppressed"):
            ws.append([col, label, None, True, cell.get("suppressed_reason")])
            continue
        row = [col, label, cell["n"], False, None, cell["workability_rate"], cell["workability_n"],
               cell.get("workability_suppressed_reason")]
        for s in scale_ids:
            f = cell["scales"][s]
            row += [f["n"], f["mean"], f["problem_rate"], f["acute_rate"], f.get("suppressed_reason")]
        ws.append(row)
    info = wb.create_sheet("about")
    info.append(["instrument", result["instrument"]])
    info.append(["version", result["version"]])
    info.append(["title", instrument.title_in(language)])
    info.append(["min_group", result["min_group"]])
    for s in scale_ids:
        info.append([s, instrument.scale_title(s, language)])
    wb.save(path)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
