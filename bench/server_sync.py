"""Benchmark of the sync endpoints on SQLite and PostgreSQL, as ratios against baselines.

For each backend it starts the real server (`python -m sync.server demo`) in its own process on
loopback, then drives it from this process with a few keep-alive client threads for a fixed time:

- baseline: ``GET /api/v1/health`` (no auth, no database) and ``GET /api/v1/probe`` (auth only)
- pull with an empty delta: ``GET /api/v1/sync/pull?since=<current cursor>``
- push batches of 10 new innovation records: ``POST /api/v1/sync/push``

Run: ``PYTHONPATH=$PWD python bench/server_sync.py [--seconds 5] [--threads 4] [--no-postgres]``.
Numbers depend on the machine; the ratios against the same run's baselines are what to compare.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.pg import PostgresCluster, available  # noqa: E402
from tests.server.live import demo_process  # noqa: E402


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


def measure(url: str, seconds: float, threads: int) -> dict[str, float]:
    login = httpx.post(
        url + "/auth/login", json={"username": "operator", "password": "demo-operator"}
    ).json()
    headers = {"Authorization": f"Bearer {login['access_token']}"}
    opd = login["user"]["opd_id"]
    cursor = httpx.get(url + "/sync/pull", headers=headers).json()["next_cursor"]

    def ok(r: httpx.Response) -> None:
        if r.status_code != 200:
            raise RuntimeError(f"{r.status_code}: {r.text[:300]}")

    def health(c: httpx.Client) -> None:
        ok(c.get("/health"))

    def probe(c: httpx.Client) -> None:
        ok(c.get("/probe"))

    def pull_empty(c: httpx.Client) -> None:
        r = c.get("/sync/pull", params={"since": cursor})
        ok(r)
        if r.json()["changes"]:
            raise RuntimeError("the delta was not empty")

    def push10(c: httpx.Client) -> None:
        ids = [str(uuid.uuid4()) for _ in range(10)]
        records = [
            {
                "type": "innovation",
                "id": rid,
                "version": 1,
                "base_version": 0,
                "content": {
                    "id": rid,
                    "opd_id": opd,
                    "rule_year": 2026,
                    "profile": {"nama": f"Bench {i}"},
                },
            }
            for i, rid in enumerate(ids)
        ]
        r = c.post("/sync/push", json={"records": records})
        ok(r)
        if any(x["status"] != "applied" for x in r.json()["results"]):
            raise RuntimeError("a push was not applied")

    out = {}
    for name, work in [
        ("health", health),
        ("probe", probe),
        ("pull_empty", pull_empty),
        ("push10", push10),
    ]:
        rate(url, headers, work, 0.5, threads)  # warm up
        out[name] = rate(url, headers, work, seconds, threads)
    return out


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
    args = parser.parse_args()
    print(
        f"server_sync bench: {args.threads} client threads, {args.seconds:.0f} s per endpoint, "
        f"{os.cpu_count()} CPUs, {args.workers} uvicorn worker(s)"
    )
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-server-")))
        url = stack.enter_context(demo_process(tmp / "sqlite", workers=args.workers))
        report("SQLite", measure(url, args.seconds, args.threads))
    if args.no_postgres:
        return 0
    reason = available()
    if reason:
        print(f"\nPostgreSQL skipped: {reason}")
        return 0
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-server-")))
        cluster = stack.enter_context(PostgresCluster())
        url = stack.enter_context(
            demo_process(tmp / "pg", cluster.create_database(), workers=args.workers)
        )
        report("PostgreSQL 15", measure(url, args.seconds, args.threads))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
