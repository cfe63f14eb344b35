"""Benchmark of a campaign report (issue 11): the analysis of one closed campaign of 132,000 responses.

    .venv/bin/python bench/campaign_report.py [--n 132000] [--repeat 3] [--database-url URL]

1. creates a throwaway SQLite database in a temporary directory (or uses ``--database-url``, for
   example a throwaway PostgreSQL from ``make pg-start``) and migrates it;
2. stores ``--n`` synthetic responses to the base instrument with the service-voucher module and
   three grouping questions (team, age band, contract), like the scan's own submission path stores
   them (a JSON object of answers and one of bands per row);
3. times, ``--repeat`` times, what the report's background job computes: reading the responses into a
   frame (``scans.services.responses_frame``), scoring with every breakdown, the confidence intervals
   and the risk profiles (``insights.services.compute_campaign_result``), and prints the median.

Target on the 2-core machine: under 2 s for the whole computation. Exits 1 above the target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 2.0
GROUPS = {
    "team": ["Noord", "Zuid", "Oost", "West", "Centrum", "Kust"],
    "age_band": ["< 35", "35-49", "50+"],
    "contract": ["Voltijds", "Deeltijds"],
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=132_000, help="responses in the campaign (132,000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default="", help="database to use (default: a throwaway SQLite file)")
    return parser.parse_args()


def setup_django(database_url: str) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkbaar.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_campaign(n: int, seed: int):
    import datetime

    import numpy as np
    from django.utils import timezone

    from werkbaar.core.models import Organisation, Sector
    from werkbaar.scans.models import Campaign, CampaignStatus, Response

    today = timezone.localdate()
    sector, _ = Sector.objects.get_or_create(code="bench", defaults={"name": "Bench"})
    org = Organisation.objects.create(name="Bench cleaning company", sector=sector, employee_count=n)
    campaign = Campaign.objects.create(
        organisation=org, name="Bench scan", instrument_ref="werkbaarheidsscan-basis",
        modules=["dienstencheques"], languages=["nl", "fr"], grouping=GROUPS,
        opens_on=today - datetime.timedelta(days=30), closes_on=today - datetime.timedelta(days=2),
        status=CampaignStatus.CLOSED, closed_on=today - datetime.timedelta(days=2), min_group_size=5,
        population_size=round(n * 1.3),
    )
    instrument = campaign.instrument()
    items = campaign.item_ids()
    rng = np.random.default_rng(seed)
    values = {item: instrument.answer_scale_for(item).values for item in items}
    picks = rng.integers(0, 4, size=(n, len(items)))
    missing = rng.random(size=(n, len(items))) < 0.03
    bands = {key: rng.integers(0, len(options), size=n) for key, options in GROUPS.items()}
    no_bands = rng.random(size=n) < 0.04
    batch = []
    for row in range(n):
        answers = {
            item: None if missing[row, col] else values[item][picks[row, col] % len(values[item])]
            for col, item in enumerate(items)
        }
        groups = {key: None if no_bands[row] and key != "team" else GROUPS[key][bands[key][row]] for key in GROUPS}
        batch.append(Response(campaign=campaign, language="nl" if row % 3 else "fr", answers=answers, groups=groups))
        if len(batch) == 5000:
            Response.objects.bulk_create(batch)
            batch = []
    Response.objects.bulk_create(batch)
    return campaign


def main() -> int:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="werkbaar-bench-report-") as tmp:
        setup_django(args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        from django.db import connection

        from werkbaar.insights.services import compute_campaign_result
        from werkbaar.scans.services import responses_frame

        started = time.perf_counter()
        campaign = make_campaign(args.n, args.seed)
        print(f"{args.n:,} responses stored in {time.perf_counter() - started:.1f} s ({connection.vendor})")

        frame_times, report_times, cpu_times = [], [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            frame = responses_frame(campaign)
            frame_times.append(time.perf_counter() - t0)
            t0, c0 = time.perf_counter(), time.process_time()
            result = compute_campaign_result(campaign)
            report_times.append(time.perf_counter() - t0)
            cpu_times.append(time.process_time() - c0)
        assert frame.height == args.n and result["result"]["overall"]["n"] == args.n
        report = statistics.median(report_times)
        print(f"responses -> frame:       median {statistics.median(frame_times):.2f} s "
              f"({', '.join(f'{t:.2f}' for t in frame_times)})")
        print(f"campaign report (total):  median {report:.2f} s ({', '.join(f'{t:.2f}' for t in report_times)})"
              f"  target < {TARGET_SECONDS:.0f} s")
        print(f"campaign report CPU time: median {statistics.median(cpu_times):.2f} s (all threads of this process)")
        print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
        connection.close()
    return 0 if report < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
