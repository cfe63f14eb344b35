#!/usr/bin/env python3
"""Load test of the submission API against the production server and a throwaway PostgreSQL.

    .venv/bin/python bench/submit_load.py [--responses 5000] [--clients 200] [--workers 4] [--rate 200]

1. starts a throwaway PostgreSQL (``scripts/pg-throwaway``) on a free loopback port;
2. migrates, creates a campaign with ``--responses`` access codes (plus a few for warming up);
3. starts ``werkbaar serve`` (gunicorn, production settings) on 127.0.0.1;
4. submits one response per code through ``POST /api/v1/scan/{code}/submit`` from ``--clients``
   concurrent clients (asyncio, loopback only), each submission on its own connection like a
   phone would (``--keep-alive`` reuses connections);
5. re-submits a sample of used codes (must all be 409, nothing stored);
6. prints throughput, p50/p95/p99 latency, and stored against confirmed responses, and stops
   everything it started.

Load model: ``--rate R`` (default 200/s) is an open-loop arrival rate: the clients share a schedule
of R submissions per second, like respondents pressing "send" independently, and latency is
measured from the scheduled moment (queueing included, no coordinated omission). ``--rate 0`` is a
closed loop: every client sends its next submission as soon as the previous one is answered, which
measures the saturation throughput (latency is then mostly time spent waiting in the queue).

Targets (2-core machine): >= 150 submissions/s, p95 < 250 ms, zero lost, zero duplicated.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = ROOT / ".venv" / "bin" / "python"
WERKBAAR = ROOT / ".venv" / "bin" / "werkbaar"
if not PY.exists():
    PY = Path(sys.executable)
    WERKBAAR = Path(sys.executable).parent / "werkbaar"

SETUP = r"""
import json, sys, datetime
import django
django.setup()
from django.utils import timezone
from werkbaar.core.models import Organisation, Sector
from werkbaar.scans.models import Campaign
from werkbaar.scans.services import generate_codes
n = int(sys.argv[1]); warm = int(sys.argv[2])
sector, _ = Sector.objects.get_or_create(code="bench", defaults={"name": "Bench"})
org, _ = Organisation.objects.get_or_create(name="Bench company", defaults={"sector": sector})
today = timezone.localdate()
campaign = Campaign.objects.create(
    organisation=org, name="Load test", instrument_ref="werkbaarheidsscan-basis", modules=["dienstencheques"],
    languages=["nl", "nl-easy", "fr", "en"], grouping={"team": ["A", "B", "C", "D"], "age_band": ["< 35", "35+"]},
    opens_on=today - datetime.timedelta(days=1), closes_on=today + datetime.timedelta(days=7), population_size=n)
codes = [c.code for c in generate_codes(campaign, n + warm)]
inst = campaign.instrument()
items = {i: list(inst.answer_scale_for(i).values) for i in campaign.item_ids()}
json.dump({"campaign": campaign.pk, "codes": codes, "items": items, "groups": campaign.grouping}, sys.stdout)
"""

COUNT = r"""
import json, sys
import django
django.setup()
from werkbaar.scans.models import DailyCount, Response, UsedCode
c = int(sys.argv[1])
print(json.dumps({"stored": Response.objects.filter(campaign_id=c).count(),
                  "used": UsedCode.objects.filter(campaign_id=c).count(),
                  "daily": sum(DailyCount.objects.filter(campaign_id=c).values_list("count", flat=True))}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def body_for(rng: random.Random, items: dict, groups: dict) -> bytes:
    answers = {i: (None if rng.random() < 0.03 else rng.choice(values)) for i, values in items.items()}
    return json.dumps({
        "language": rng.choice(["nl", "nl-easy", "fr", "en"]), "answers": answers,
        "groups": {k: rng.choice(v) for k, v in groups.items()},
    }).encode()


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    line = await reader.readline()
    if not line:
        raise ConnectionError("connection closed")
    status = int(line.split()[1])
    length, close = 0, False
    while True:
        h = await reader.readline()
        if h in (b"\r\n", b"\n", b""):
            break
        name, _, value = h.decode("latin-1").partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value.strip())
        elif name == "connection" and value.strip().lower() == "close":
            close = True
    if length:
        await reader.readexactly(length)
    return status, close


class Stats:
    def __init__(self):
        self.latencies: list[float] = []
        self.status: dict[int, int] = {}
        self.retries = 0
        self.confirmed = 0
        self.timeline: list[tuple[float, float]] = []
        self.killed: list[int] = []


async def client(host, port, jobs: asyncio.Queue, stats: Stats, bodies: dict, t0: float, interval: float | None,
                 keep_alive: bool = False):
    reader = writer = None
    while True:
        try:
            index, code = jobs.get_nowait()
        except asyncio.QueueEmpty:
            break
        scheduled = t0 + index * interval if interval else None
        if scheduled is not None:
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
        body = bodies[code]
        req = (
            f"POST /api/v1/scan/{code}/submit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n{'' if keep_alive else 'Connection: close' + chr(13) + chr(10)}\r\n"
        ).encode() + body
        start = scheduled if scheduled is not None else time.perf_counter()
        attempt = 0
        while True:
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, port)
                writer.write(req)
                await writer.drain()
                status, close = await asyncio.wait_for(read_response(reader), timeout=30)
                break
            except (TimeoutError, ConnectionError, OSError, asyncio.IncompleteReadError, ValueError):
                attempt += 1
                stats.retries += 1
                if writer is not None:
                    writer.close()
                reader = writer = None
                if attempt > 5:
                    status, close = -1, True
                    break
                await asyncio.sleep(0.05 * attempt)
        stats.latencies.append(time.perf_counter() - start)
        stats.timeline.append((start - t0, stats.latencies[-1]))
        stats.status[status] = stats.status.get(status, 0) + 1
        # a 409 after a retry means an earlier attempt was stored: the client learns it was received
        if status == 201 or (status == 409 and attempt > 0):
            stats.confirmed += 1
        if (close or not keep_alive) and writer is not None:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def run_load(host, port, codes, bodies, clients: int, rate: float, keep_alive: bool = False,
                   kill_after: float | None = None, master_pid: int | None = None) -> tuple[Stats, float]:
    jobs: asyncio.Queue = asyncio.Queue()
    for i, code in enumerate(codes):
        jobs.put_nowait((i, code))
    stats = Stats()
    t0 = time.perf_counter() + 0.2
    interval = 1.0 / rate if rate else None
    tasks = [client(host, port, jobs, stats, bodies, t0, interval, keep_alive) for _ in range(clients)]
    if kill_after is not None and master_pid:
        tasks.append(kill_a_worker(master_pid, kill_after, stats))
    await asyncio.gather(*tasks)
    return stats, time.perf_counter() - t0


def worker_pids(master_pid: int) -> list[int]:
    """The gunicorn workers: children of the server process we started (Linux /proc)."""
    try:
        text = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


async def kill_a_worker(master_pid: int, after: float, stats: Stats) -> None:
    """SIGKILL one worker of OUR server mid-load; gunicorn starts a new one."""
    await asyncio.sleep(after)
    pids = worker_pids(master_pid)
    if pids:
        os.kill(pids[0], signal.SIGKILL)
        stats.killed.append(pids[0])


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return ordered[k]


def wait_for_server(host: str, port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server exited during start-up")
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start in time")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--responses", type=int, default=5000)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--rate", type=float, default=200.0, help="offered submissions per second (0 = closed loop)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--kill-worker", action="store_true",
                    help="SIGKILL one server worker a third of the way through (confirmed responses must survive)")
    ap.add_argument("--timeline", action="store_true", help="print latency per 2-second window")
    ap.add_argument("--keep-alive", action="store_true",
                    help="reuse each client's connection (default: one connection per submission, like phones)")
    args = ap.parse_args(argv)

    host, port = "127.0.0.1", free_port()
    pgdir = tempfile.mkdtemp(prefix="werkbaar-bench-pg-")
    os.chmod(pgdir, 0o755)
    pg_env = {**os.environ, "PGPORT_TEST": str(free_port())}
    database_url = subprocess.check_output([str(ROOT / "scripts" / "pg-throwaway"), "start", pgdir], env=pg_env,
                                           text=True).strip().splitlines()[-1]
    env = {
        **os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "werkbaar.settings_production",
        "SECRET_KEY": secrets.token_urlsafe(48), "DEBUG": "0", "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": host, "DB_CONN_MAX_AGE": "600", "LOG_LEVEL": "ERROR",
    }
    server = None
    try:
        subprocess.run([str(WERKBAAR), "migrate", "-v0", "--noinput"], env=env, check=True, cwd=ROOT)
        warm = 600
        setup = json.loads(subprocess.check_output([str(PY), "-c", SETUP, str(args.responses), str(warm)], env=env,
                                                   cwd=ROOT, text=True))
        codes, warm_codes = setup["codes"][:args.responses], setup["codes"][args.responses:]
        rng = random.Random(args.seed)
        bodies = {c: body_for(rng, setup["items"], setup["groups"]) for c in setup["codes"]}

        server = subprocess.Popen(
            [str(WERKBAAR), "serve", "--host", host, "--port", str(port), "--workers", str(args.workers),
             "--threads", str(args.threads)],
            env=env, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        wait_for_server(host, port, server)
        # warm up every worker thread (database connections, caches), as on a server that has been running
        asyncio.run(run_load(host, port, warm_codes, bodies, args.clients, 150))

        load_before = os.getloadavg()
        kill_after = (args.responses / args.rate / 3 if args.rate else 3.0) if args.kill_worker else None
        stats, elapsed = asyncio.run(run_load(host, port, codes, bodies, args.clients, args.rate, args.keep_alive,
                                              kill_after, server.pid))
        # replay: a sample of used codes again, concurrently (retries, double clicks): all must be 409
        sample = random.Random(1).sample(codes, min(200, len(codes)))
        replay, _t = asyncio.run(run_load(host, port, sample, bodies, min(args.clients, len(sample)), 0))

        counts = json.loads(subprocess.check_output([str(PY), "-c", COUNT, str(setup["campaign"])], env=env,
                                                    cwd=ROOT, text=True))
        stored = counts["stored"] - len(warm_codes)
        n = len(stats.latencies)
        throughput = n / elapsed
        p50, p95, p99 = (pct(stats.latencies, p) * 1000 for p in (50, 95, 99))
        lost = max(0, stats.confirmed - stored)
        duplicated = max(0, stored - args.responses) + (replay.status.get(201, 0))
        mode = f"open loop, offered {args.rate:.0f}/s" if args.rate else "closed loop (saturation)"
        mode += ", keep-alive connections" if args.keep_alive else ", a new connection per submission"
        print(f"submit_load: {args.responses} submissions, {args.clients} concurrent clients, {mode}")
        print(f"  server: werkbaar serve --workers {args.workers} --threads {args.threads} (gunicorn gthread), "
              f"PostgreSQL throwaway, loopback")
        print(f"  throughput: {throughput:.1f} submissions/s over {elapsed:.2f} s")
        print(f"  latency: p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms, max {max(stats.latencies) * 1000:.1f} ms")
        if args.timeline:
            for second in range(0, int(elapsed) + 1, 2):
                window = [lat for t, lat in stats.timeline if second <= t < second + 2]
                if window:
                    print(f"    t={second:>3}s n={len(window):>4} p50={pct(window, 50) * 1000:7.1f} ms "
                          f"p95={pct(window, 95) * 1000:7.1f} ms")
        print(f"  status codes: {dict(sorted(stats.status.items()))}; client retries: {stats.retries}"
              + (f"; worker {stats.killed[0]} killed mid-load" if stats.killed else ""))
        print(f"  stored {stored}, confirmed {stats.confirmed}; used codes {counts['used'] - len(warm_codes)}; "
              f"daily count {counts['daily'] - len(warm_codes)}")
        print(f"  replay of {len(sample)} used codes: {dict(sorted(replay.status.items()))}")
        print(f"  lost: {lost}, duplicated: {duplicated}")
        print(f"  machine: {os.cpu_count()} CPUs, load average before {load_before[0]:.1f}, after "
              f"{os.getloadavg()[0]:.1f} (other processes compete for the same cores)")
        ok = throughput >= 150 and p95 < 250 and lost == 0 and duplicated == 0 and stored == stats.confirmed
        print("  targets (>= 150/s, p95 < 250 ms, 0 lost, 0 duplicated): " + ("MET" if ok else "NOT MET"))
        return 0 if ok else 1
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        subprocess.run([str(ROOT / "scripts" / "pg-throwaway"), "stop", pgdir], env=pg_env, check=False)


if __name__ == "__main__":
    sys.exit(main())
