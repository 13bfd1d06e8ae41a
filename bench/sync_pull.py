"""Benchmark: the first full pull of 10,000 records on loopback, against a raw-HTTP baseline.

Starts the real server (``python -m sync.server demo``) in its own process, seeds it with N
innovation records (realistic content: the codec form with profile texts, answers and a few
documents) pushed by the demo operator, then measures, each in a fresh child process:

- ``raw``: the same pages fetched with a plain ``requests`` session and parsed as JSON, nothing
  stored (the floor: server time + transfer + JSON decoding);
- ``engine``: a new installation (real Store/Repository/Vault, ``SyncEngine.run_once``) signing
  in and pulling everything, each page applied in one transaction. Evidence files are left to
  their own stage (download policy ON_OPEN: the demo's own innovations carry stored scans, which
  an operator's default policy would fetch in the same run; bench/sync_link measures downloads),
  so both sides move the same records.

Raw and engine runs alternate ``--repeat`` times (3); it prints medians of wall time, records/s,
the client's CPU seconds and peak memory (peak RSS of the child minus its RSS before the
pull, so imports are not counted, nor the collector's walk of what they built,
``_settle_imports``; and ``tracemalloc``'s peak of Python allocations in a second
engine run) with the engine/raw ratios. Numbers depend on the machine; compare the ratios.

Run: ``PYTHONPATH=$PWD python bench/sync_pull.py [--records 10000] [--page 500] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
import requests  # noqa: E402

from tests.server.live import DEMO_PASSWORDS, demo_process  # noqa: E402


def _rss_kib() -> int:
    """Current resident set size in KiB (Linux /proc; else the peak so far)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _cpu() -> float:
    """CPU seconds of this process so far (user + system, every thread)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _settle_imports() -> None:
    """Collect once before the measured part, in both children: the modules just imported
    (the engine's: SQLAlchemy, pydantic, the ORM models...) leave the cyclic collector a full
    walk of them owed, which it pays at the first allocations that follow, whatever they are
    (~0.1 s of CPU: in the app, during start-up; here it would land in the first page)."""
    gc.collect()


def _content(i: int, opd_id: str) -> dict[str, Any]:
    from datetime import date

    from iid.records import EvidenceDocument, IndicatorAnswer, Innovation, InnovationProfile
    from sync.local.content import innovation_content

    inn = Innovation(
        id=f"bench-{i:06d}",
        rule_year=2026,
        opd_id=opd_id,
        profile=InnovationProfile(
            nama=f"Inovasi pelayanan nomor {i}",
            tahapan="penerapan",
            jenis="digital",
            urusan_utama="pendidikan",
            waktu_penerapan=date(2025, 1 + i % 12, 1),
            rancang_bangun=(
                "Rancang bangun inovasi ini menjelaskan masalah, solusi, dan langkah pelaksanaan. "
            )
            * 12,
            tujuan="Meningkatkan mutu layanan. " * 4,
            manfaat="Warga terlayani lebih cepat. " * 4,
            hasil="Waktu layanan turun separuh. " * 4,
        ),  # fmt: skip
        answers={
            str(k): IndicatorAnswer(indicator=str(k), claimed_level=1 + (i + k) % 3)
            for k in range(16, 36)
        },
        documents=[
            EvidenceDocument(
                id=f"doc-{i:06d}-{j}",
                slot=str(16 + j),
                nomor=f"{i}/{j}/2025",
                tentang="Surat keputusan",
                link=f"https://contoh.go.id/bukti/{i}/{j}",
                position=0,
            )
            for j in range(3)
        ],
    )
    return innovation_content(inn)


def seed(api: str, n: int) -> None:
    token = httpx.post(
        f"{api}/auth/login",
        json={"username": "operator", "password": DEMO_PASSWORDS["operator"]},
        timeout=30,
    ).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    opd_id = token["user"]["opd_id"]
    with httpx.Client(base_url=api, headers=headers, timeout=300) as c:
        for start in range(0, n, 200):
            envelopes = [
                {
                    "type": "innovation",
                    "id": f"bench-{i:06d}",
                    "version": 1,
                    "base_version": 0,
                    "content": _content(i, opd_id),
                }
                for i in range(start, min(n, start + 200))
            ]
            r = c.post("/sync/push", json={"records": envelopes})
            r.raise_for_status()
            assert all(x["status"] == "applied" for x in r.json()["results"])


def child_raw(api: str, page: int) -> dict[str, Any]:
    token = requests.post(
        f"{api}/auth/login",
        json={"username": "operator", "password": DEMO_PASSWORDS["operator"]},
        timeout=30,
    ).json()["access_token"]
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {token}"
    _settle_imports()
    rss0, cpu0 = _rss_kib(), _cpu()
    t0 = time.perf_counter()
    since, count = 0, 0
    while True:
        body = s.get(f"{api}/sync/pull", params={"since": since, "limit": page}, timeout=60).json()
        count += len(body["changes"])
        since = body["next_cursor"]
        if not body["has_more"]:
            break
    return {
        "seconds": time.perf_counter() - t0,
        "cpu": _cpu() - cpu0,
        "records": count,
        "rss_kib": _peak_kib() - rss0,
    }


def child_engine(api: str, page: int, trace: bool) -> dict[str, Any]:
    from sync.client import run as run_mod

    run_mod.PULL_PAGE = page
    server_url = api.removesuffix("/api/v1")
    folder = Path(tempfile.mkdtemp(prefix="bench-pull-"))
    try:  # a 10k store is ~75 MB: never left behind
        return _engine_run(folder, server_url, trace)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _engine_run(folder: Path, server_url: str, trace: bool) -> dict[str, Any]:
    from sync.client.credentials import CredentialStore
    from sync.client.engine import Phase, SyncEngine
    from sync.client.policy import DownloadPolicy, SyncPolicy
    from sync.local.db import Store
    from sync.local.repository import InnovationFilter, Repository
    from sync.local.vault import Vault

    store = Store(folder / "store.sqlite")
    repo = Repository(store)
    vault = Vault(folder / "vault.sqlite")
    engine = SyncEngine(
        repo,
        vault,
        server_url=server_url,
        credentials=CredentialStore(folder, use_keyring=False),
        policy=SyncPolicy(downloads=DownloadPolicy.ON_OPEN),
    )
    engine.login("operator", DEMO_PASSWORDS["operator"])
    _settle_imports()
    rss0, cpu0 = _rss_kib(), _cpu()
    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    status = engine.run_once()
    seconds, cpu = time.perf_counter() - t0, _cpu() - cpu0
    traced = tracemalloc.get_traced_memory()[1] if trace else 0
    assert status.phase is Phase.SYNCED, status.problem
    count = repo.count_innovations(InnovationFilter())
    store.close()
    vault.close()
    return {
        "seconds": seconds,
        "cpu": cpu,
        "records": count,
        "rss_kib": _peak_kib() - rss0,
        "traced_kib": traced // 1024,
    }


def run_child(mode: str, api: str, page: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--api", api, "--page", str(page)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=10_000)
    ap.add_argument("--page", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3, help="raw/engine pairs (medians printed)")
    ap.add_argument("--child", choices=["raw", "engine", "engine-trace"])
    ap.add_argument("--api", default="")
    args = ap.parse_args()
    if args.child:
        if args.child == "raw":
            result = child_raw(args.api, args.page)
        else:
            result = child_engine(args.api, args.page, trace=args.child == "engine-trace")
        print(json.dumps(result))
        return

    with tempfile.TemporaryDirectory() as tmp, demo_process(Path(tmp) / "server") as api:
        t0 = time.perf_counter()
        seed(api, args.records)
        print(f"seeded {args.records} records in {time.perf_counter() - t0:.1f} s (push)")
        raws, engines = [], []
        for _ in range(args.repeat):  # alternated, so a load change hits both alike
            raws.append(run_child("raw", api, args.page))
            engines.append(run_child("engine", api, args.page))
        traced = run_child("engine-trace", api, args.page)
    n = engines[0]["records"]
    assert all(r["records"] >= args.records for r in raws + engines), (raws, engines)
    raw, eng = _median(raws), _median(engines)
    ratios = sorted(e["seconds"] / r["seconds"] for r, e in zip(raws, engines, strict=True))
    print(f"first full pull of {n} records, pages of {args.page}, loopback ({args.repeat} runs):")
    print(
        f"  raw HTTP GET + JSON : {raw['seconds']:7.2f} s  {n / raw['seconds']:8.0f} rec/s"
        f"  CPU {raw['cpu']:5.2f} s  peak RSS +{raw['rss_kib'] / 1024:6.1f} MiB"
    )
    print(
        f"  engine (apply)      : {eng['seconds']:7.2f} s  {n / eng['seconds']:8.0f} rec/s"
        f"  CPU {eng['cpu']:5.2f} s  peak RSS +{eng['rss_kib'] / 1024:6.1f} MiB"
        f"  (tracemalloc peak {traced['traced_kib'] / 1024:.1f} MiB)"
    )
    print(
        f"  ratio engine/raw    : time x{eng['seconds'] / raw['seconds']:.2f} (medians; pairs "
        f"{', '.join(f'{x:.2f}' for x in ratios)}), client CPU x{eng['cpu'] / raw['cpu']:.2f}, "
        f"peak RSS x{eng['rss_kib'] / max(1, raw['rss_kib']):.2f}"
    )


def _median(runs: list[dict[str, Any]]) -> dict[str, float]:
    return {key: statistics.median(float(r[key]) for r in runs) for key in runs[0]}


if __name__ == "__main__":
    main()
