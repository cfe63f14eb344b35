"""Benchmark of `werkbaar import-kbo` (issue 19): one million synthetic rows in the register's layout.

Writes a synthetic full dump of N rows in all (default 1,000,000: a fifth enterprises, two fifths
names in Dutch and French plus some abbreviations, a fifth registered seats, the rest main activities,
all fields quoted like the real files) to a temporary folder, migrates a fresh SQLite database (or the one
in DATABASE_URL) and runs the import in a child process. Prints the rows, the wall time, rows/s and
the child's peak resident set size (``os.wait4`` rusage), which stays flat however large the dump,
because the import streams in batches. Exits 1 if the import fails or imports the wrong count.

Usage: ``python bench/register_import.py [--n 1000000] [--batch-size 2000] [--keep DIR]``
Measured figures and what they mean for the real dump: docs/operations.md#the-enterprise-register.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WERKBAAR = [sys.executable, "-m", "werkbaar"]


def number(i: int) -> str:
    digits = f"{2_000_000 + i:08d}"
    digits = f"{digits}{97 - int(digits) % 97:02d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def write_dump(folder: Path, n: int) -> int:
    """A dump of about n rows; returns the number of enterprises."""
    enterprises = n // 5
    quoted = {"quoting": csv.QUOTE_ALL}
    with (folder / "enterprise.csv").open("w", newline="") as handle:
        out = csv.writer(handle, **quoted)
        out.writerow(["EnterpriseNumber", "Status", "JuridicalSituation", "TypeOfEnterprise", "JuridicalForm",
                      "JuridicalFormCAC", "StartDate"])
        out.writerows([number(i), "AC", "000", "2", "014", "", "01-01-2000"] for i in range(enterprises))
    with (folder / "denomination.csv").open("w", newline="") as handle:
        out = csv.writer(handle, **quoted)
        out.writerow(["EntityNumber", "Language", "TypeOfDenomination", "Denomination"])
        for i in range(enterprises):
            out.writerows([[number(i), "2", "001", f"Onderneming {i}"], [number(i), "1", "001", f"Entreprise {i}"]])
        out.writerows([number(i), "2", "002", f"O{i}"] for i in range(n // 20))
    with (folder / "address.csv").open("w", newline="") as handle:
        out = csv.writer(handle, **quoted)
        out.writerow(["EntityNumber", "TypeOfAddress", "CountryNL", "CountryFR", "Zipcode", "MunicipalityNL",
                      "MunicipalityFR", "StreetNL", "StreetFR", "HouseNumber", "Box", "ExtraAddressInfo",
                      "DateStrikingOff"])
        out.writerows([number(i), "REGO", "", "", "9000", "Gent", "Gand", "Veldstraat", "", str(i % 200), "", "", ""]
                      for i in range(enterprises))
    written = enterprises * 4 + n // 20
    with (folder / "activity.csv").open("w", newline="") as handle:
        out = csv.writer(handle, **quoted)
        out.writerow(["EntityNumber", "ActivityGroup", "NaceVersion", "NaceCode", "Classification"])
        out.writerows([number(i % enterprises), "001", "2008", f"{47110 + i % 50}", "MAIN"]
                      for i in range(max(n - written, 0)))
    (folder / "meta.csv").write_text(f'"Variable","Value"\n"ExtractNumber","bench-{n}"\n')
    return enterprises


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="rows in all four files")
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--keep", type=Path, help="write the dump and database here and keep them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="kbo-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    enterprises = write_dump(folder, args.n)
    rows = sum(1 for name in ("enterprise", "denomination", "address", "activity")
               for _ in (folder / f"{name}.csv").open()) - 4
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    subprocess.run([*WERKBAAR, "migrate", "-v0"], env=env, check=True)
    start = time.perf_counter()
    proc = subprocess.Popen([*WERKBAAR, "import-kbo", str(folder), "--batch-size", str(args.batch_size)], env=env,
                            stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        print("import-kbo failed")
        return 1
    count = subprocess.run(
        [*WERKBAAR, "shell", "-v0", "-c",
         "from werkbaar.core.models import RegisterEnterprise as E; print(E.objects.exclude(name_fr='').count())"],
        env=env, check=True, capture_output=True, text=True).stdout.strip()
    print(f"register import: {rows:,} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s; "
          f"peak memory {usage.ru_maxrss / 1024:.0f} MB; {count} of {enterprises:,} enterprises named")
    return 0 if count == str(enterprises) else 1


if __name__ == "__main__":
    sys.exit(main())
