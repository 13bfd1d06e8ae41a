"""Benchmark of the sync endpoints on SQLite and PostgreSQL, as ratios against baselines.

For each backend it starts the real server (`python -m sync.server demo`) in its own process on
loopback, then drives it from this process with a few keep-alive client threads for a fixed time:

- baseline: ``GET /api/v1/health`` (no auth, no database) and ``GET /api/v1/probe`` (auth only)
- pull with an empty delta: ``GET /api/v1/sync/pull?since=<current cursor>``
- push batches of 10 new innovation records: ``POST /api/v1/sync/push``

On PostgreSQL two more runs (issue 16):

- two pemdas pushing at once: the same client threads push batches of 10, first all for one
  pemda, then half for each of two pemdas; batches per second, and the ratio of the two (each
  pemda's pushes queue on their own counter row, so the second figure should not be lower);
- the login flood: the answer times of ``GET /sync/pull`` (one client, back to back) without and
  then during 200 concurrent failed sign-ins from 200 addresses; median and 95th percentile and
  their ratios, how long the flood took to be answered (and how: 401 wrong password, 503 the
  hashing queue is full, 429 slowed down), and how much the server's peak memory grew.

Run: ``PYTHONPATH=$PWD python bench/server_sync.py [--seconds 5] [--threads 4] [--rounds 3]
[--no-postgres]``.
Numbers depend on the machine; the ratios against the same run's baselines are what to compare.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sync.protocol import Role  # noqa: E402
from sync.server import accounts  # noqa: E402
from sync.server.config import Settings  # noqa: E402
from sync.server.db import Database  # noqa: E402
from tests.pg import PostgresCluster, available  # noqa: E402
from tests.server.helpers import innovation  # noqa: E402
from tests.server.live import demo_process  # noqa: E402
from tests.servertus.conftest import ServerProcess  # noqa: E402

SECOND_PEMDA_PASSWORD = "bangku-taman-kota-9"


def rate(
    url: str,
    headers: dict[str, str],
    work: Callable[[httpx.Client], None],
    seconds: float,
    threads: int,
) -> float:
    """Completed calls of ``work`` per second over ``threads`` keep-alive clients."""
    stop = time.monotonic() + seconds
    counts = [0] * threads
    errors: list[BaseException] = []

    def loop(i: int) -> None:
        with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
            try:
                while time.monotonic() < stop:
                    work(client)
                    counts[i] += 1
            except BaseException as exc:  # noqa: BLE001 - reported after the run
                errors.append(exc)

    started = time.monotonic()
    pool = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    if errors:
        raise errors[0]
    return sum(counts) / (time.monotonic() - started)


def measure(url: str, seconds: float, threads: int, rounds: int = 1) -> dict[str, float]:
    """Each endpoint's rate; with ``rounds`` > 1 the endpoints take turns that many times
    (``seconds`` each) and the median rate of each is kept, so a change in the machine's load
    falls on the baseline and the measured endpoints alike (the machine may be shared)."""
    login = httpx.post(
        url + "/auth/login", json={"username": "operator", "password": "demo-operator"}
    ).json()
    headers = {"Authorization": f"Bearer {login['access_token']}"}
    opd = login["user"]["opd_id"]
    cursor = [0]

    def catch_up() -> None:
        """Pull to the end: the delta is empty from there (until the next push round)."""
        while True:
            page = httpx.get(
                url + "/sync/pull", headers=headers, params={"since": cursor[0], "limit": 500}
            ).json()
            cursor[0] = page["next_cursor"]
            if not page["has_more"]:
                return

    def health(c: httpx.Client) -> None:
        ok(c.get("/health"))

    def probe(c: httpx.Client) -> None:
        ok(c.get("/probe"))

    def pull_empty(c: httpx.Client) -> None:
        r = c.get("/sync/pull", params={"since": cursor[0]})
        ok(r)
        if r.json()["changes"]:
            raise RuntimeError("the delta was not empty")

    def push10(c: httpx.Client) -> None:
        push_batch(c, opd)

    runs: dict[str, list[float]] = {}
    endpoints = [
        ("health", health),
        ("probe", probe),
        ("pull_empty", pull_empty),
        ("push10", push10),
    ]
    for _name, work in endpoints:
        catch_up()
        rate(url, headers, work, 0.5, threads)  # warm up
    for _ in range(rounds):
        for name, work in endpoints:
            catch_up()
            runs.setdefault(name, []).append(rate(url, headers, work, seconds, threads))
    return {name: statistics.median(values) for name, values in runs.items()}


def ok(r: httpx.Response) -> None:
    if r.status_code != 200:
        raise RuntimeError(f"{r.status_code}: {r.text[:300]}")


def push_batch(c: httpx.Client, opd: str) -> None:
    """Push 10 new innovations of ``opd`` (content from the tests' builder, valid as the
    server reads it)."""
    records = [innovation(opd, str(uuid.uuid4()), nama=f"Bench {i}") for i in range(10)]
    r = c.post("/sync/push", json={"records": records})
    ok(r)
    if any(x["status"] != "applied" for x in r.json()["results"]):
        raise RuntimeError(f"a push was not applied: {r.text[:300]}")


def second_pemda(database_url: str, folder: Path) -> None:
    """Another pemda with one OPD operator (``op-kedua``), straight in the database."""
    db = Database(Settings(data_dir=folder, database_url=database_url))
    try:
        with db.session_scope() as session:
            pemda = accounts.get_or_create_pemda(session, "kota-kedua", "Kota Kedua")
            opd, _ = accounts.upsert_opd(session, pemda, "DISDIK", "Dinas Pendidikan Kedua")
            accounts.create_user(
                session,
                pemda,
                username="op-kedua",
                password=SECOND_PEMDA_PASSWORD,
                role=Role.OPERATOR,
                opd=opd,
            )
    finally:
        db.dispose()


def sign_in(url: str, username: str, password: str) -> tuple[dict[str, str], str]:
    login = httpx.post(url + "/auth/login", json={"username": username, "password": password})
    ok(login)
    body = login.json()
    return {"Authorization": f"Bearer {body['access_token']}"}, str(body["user"]["opd_id"])


def measure_pemdas(url: str, seconds: float, threads: int, rounds: int = 1) -> tuple[float, float]:
    """Batches of 10 per second: all threads for one pemda, then half for each of two; with
    ``rounds`` > 1 the two take turns that many times and the medians are kept."""
    one = sign_in(url, "operator", "demo-operator")
    two = sign_in(url, "op-kedua", SECOND_PEMDA_PASSWORD)

    def run(lanes: list[tuple[dict[str, str], str]]) -> float:
        stop = time.monotonic() + seconds
        counts = [0] * len(lanes)
        errors: list[BaseException] = []

        def loop(i: int) -> None:
            headers, opd = lanes[i]
            with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
                try:
                    while time.monotonic() < stop:
                        push_batch(client, opd)
                        counts[i] += 1
                except BaseException as exc:  # noqa: BLE001 - reported after the run
                    errors.append(exc)

        started = time.monotonic()
        pool = [threading.Thread(target=loop, args=(i,)) for i in range(len(lanes))]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        if errors:
            raise errors[0]
        return sum(counts) / (time.monotonic() - started)

    run([one] * threads)  # warm up
    singles, splits = [], []
    for _ in range(rounds):
        singles.append(run([one] * threads))
        splits.append(run([one if i % 2 == 0 else two for i in range(threads)]))
    return statistics.median(singles), statistics.median(splits)


def pull_times(url: str, headers: dict[str, str], stop: Callable[[], bool]) -> list[float]:
    times = []
    with httpx.Client(base_url=url, headers=headers, timeout=120) as c:
        while not stop():
            started = time.perf_counter()
            ok(c.get("/sync/pull", params={"since": 0, "limit": 50}))
            times.append(time.perf_counter() - started)
    return times


@dataclass
class Flood:
    quiet: list[float]
    """Pull answer times before the flood."""
    busy: list[float]
    """Pull answer times while sign-ins of the flood were still unanswered."""
    seconds: float
    """From the first sign-in sent to the last answered."""
    statuses: Counter[int]
    peak_growth: int | None
    """How much the server process's peak resident memory grew (bytes; None if unknown)."""


def peak_rss(pid: int | None) -> int | None:
    """VmHWM of a Linux process (None elsewhere)."""
    status = Path(f"/proc/{pid}/status")
    if pid is None or not status.exists():
        return None
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return None


def measure_flood(url: str, seconds: float, pid: int | None, flood: int = 200) -> Flood:
    """Pull answer times without, then during ``flood`` concurrent failed sign-ins from
    ``flood`` addresses."""
    headers, _ = sign_in(url, "operator", "demo-operator")
    until = time.monotonic() + seconds
    quiet = pull_times(url, headers, lambda: time.monotonic() > until)
    before = peak_rss(pid)
    left = [flood]
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    start = threading.Barrier(flood + 1)

    def guess(i: int) -> None:
        start.wait()
        status = 0
        try:
            status = httpx.post(
                url + "/auth/login",
                json={"username": f"tamu-{i}", "password": f"tebakan-{i}"},
                headers={"X-Forwarded-For": f"10.{i // 250}.{i % 250}.9"},
                timeout=600,
            ).status_code
        finally:
            with lock:
                left[0] -= 1
                statuses[status] += 1

    pool = [threading.Thread(target=guess, args=(i,)) for i in range(flood)]
    for t in pool:
        t.start()
    start.wait()
    began = time.monotonic()
    busy = pull_times(url, headers, lambda: left[0] == 0)
    for t in pool:
        t.join()
    took = time.monotonic() - began
    after = peak_rss(pid)
    growth = None if before is None or after is None else after - before
    return Flood(quiet, busy, took, statuses, growth)


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def report(backend: str, r: dict[str, float]) -> None:
    print(f"\n{backend}")
    print(f"  baseline  GET /health         {r['health']:8.1f} req/s")
    print(f"  baseline  GET /probe          {r['probe']:8.1f} req/s")
    print(
        f"  pull (empty delta)            {r['pull_empty']:8.1f} req/s  "
        f"= {r['pull_empty'] / r['health']:.2f} x health, "
        f"{r['pull_empty'] / r['probe']:.2f} x probe"
    )
    print(
        f"  push, batches of 10 records   {r['push10']:8.1f} batches/s "
        f"({r['push10'] * 10:.0f} records/s) = {r['push10'] / r['health']:.2f} x health, "
        f"{r['push10'] / r['probe']:.2f} x probe"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument(
        "--rounds", type=int, default=3, help="turns per endpoint, taken in rotation (medians)"
    )
    args = parser.parse_args()
    print(
        f"server_sync bench: {args.threads} client threads, {args.rounds} x {args.seconds:.0f} s "
        "per endpoint in rotation (medians), "
        f"{os.cpu_count()} CPUs, {args.workers} uvicorn worker(s)"
    )
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-server-")))
        url = stack.enter_context(demo_process(tmp / "sqlite", workers=args.workers))
        report("SQLite", measure(url, args.seconds, args.threads, args.rounds))
    if args.no_postgres:
        return 0
    reason = available()
    if reason:
        print(f"\nPostgreSQL skipped: {reason}")
        return 0
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-server-")))
        cluster = stack.enter_context(PostgresCluster())
        database_url = cluster.create_database()
        server = ServerProcess(
            tmp / "pg", database_url, workers=args.workers, trust_forwarded_for="true"
        )
        stack.callback(server.stop)
        url = server.start()
        report("PostgreSQL 15", measure(url, args.seconds, args.threads, args.rounds))
        second_pemda(database_url, tmp / "pg")
        single, split = measure_pemdas(url, args.seconds, args.threads, args.rounds)
        print(
            f"  push, {args.threads} threads, one pemda      {single:8.1f} batches/s\n"
            f"  push, {args.threads} threads, two pemdas     {split:8.1f} batches/s "
            f"= {split / single:.2f} x one pemda"
        )
        # The uvicorn supervisor's own memory says nothing when workers are children.
        pid = server.proc.pid if server.proc is not None and args.workers == 1 else None
        flood = measure_flood(url, args.seconds, pid)
        q50, q95 = quantile(flood.quiet, 0.5), quantile(flood.quiet, 0.95)
        b50, b95 = quantile(flood.busy, 0.5), quantile(flood.busy, 0.95)
        answers = ", ".join(
            f"{n} x {code or 'no answer'}" for code, n in sorted(flood.statuses.items())
        )
        growth = "?" if flood.peak_growth is None else f"{flood.peak_growth / 2**20:.0f} MiB"
        print(
            f"  pull answer time, quiet       p50 {q50 * 1000:7.1f} ms  p95 {q95 * 1000:7.1f} ms "
            f"({len(flood.quiet)} pulls)\n"
            f"  during 200 failed sign-ins    p50 {b50 * 1000:7.1f} ms  p95 {b95 * 1000:7.1f} ms "
            f"({len(flood.busy)} pulls) = {b50 / q50:.2f} x / {b95 / q95:.2f} x quiet\n"
            f"  the flood: answered in {flood.seconds:.1f} s ({answers}); server peak memory "
            f"+{growth}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
