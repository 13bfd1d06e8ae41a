"""Benchmark: one page of the innovation list over 10,000 innovations.

Seeds a fresh store with 10,000 innovations (bulk SQL in one transaction, 40 OPDs), then times,
in the same run and process, ``Repository.list_innovations`` + ``count_innovations`` for
several sorts, filters and searches against a baseline of a plain
``SELECT id FROM innovations LIMIT 100`` on the same database. Prints medians and ratios;
never passes or fails.

    python bench/store_list.py [--rows 10000] [--runs 30]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sync.local.db import Store  # noqa: E402
from sync.local.ids import new_id  # noqa: E402
from sync.local.repository import InnovationFilter, Repository  # noqa: E402

WORDS = [
    "layanan",
    "terpadu",
    "sistem",
    "antrian",
    "digital",
    "desa",
    "sehat",
    "sekolah",
    "pasar",
    "pajak",
    "air",
    "bersih",
]
STATES = ["draft", "diajukan", "revisi", "disetujui", "siap_kirim", "terkirim"]


def seed(path: Path, rows: int) -> None:
    rng = random.Random(7)
    con = sqlite3.connect(path)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    with con:
        con.executemany(
            "INSERT INTO opd (id, pemda_id, code, name, updated_at) VALUES (?, 'p', ?, ?, ?)",
            [(f"opd-{i}", f"C{i}", f"Dinas {i:02d}", t0.isoformat(" ")) for i in range(40)],
        )
        con.executemany(
            "INSERT INTO innovations (id, rule_year, opd_id, nama, tahapan, inisiator,"
            " inisiator_nama, jenis, bentuk, urusan_utama, urusan_lain, rancang_bangun, tujuan,"
            " manfaat, hasil, video_link, extra, workflow_state, sync_state, qc_status,"
            " verifier_note, version, base_version, completeness, kematangan_centi, deleted,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, '', '', '', '', '', '[]', ?, '', '',"
            " '', '', '{}', ?, 'synced', 'pending', '', 1, 1, ?, ?, 0, ?, ?)",
            [
                (
                    new_id(),
                    rng.choice([2026, 2027]),
                    f"opd-{rng.randrange(40)}",
                    " ".join(rng.choices(WORDS, k=4)).title(),
                    rng.choice(["uji coba", "penerapan"]),
                    "x" * 2000,
                    rng.choice(STATES),
                    rng.randrange(101),
                    rng.randrange(11100),
                    (t0 + timedelta(minutes=i)).isoformat(" ")[:26],
                    (t0 + timedelta(minutes=rng.randrange(500_000))).isoformat(" ")[:26],
                )
                for i in range(rows)
            ],
        )
    con.close()


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store.sqlite"
        Store(path).close()
        seed(path, args.rows)
        store = Store(path)
        repo = Repository(store)
        con = sqlite3.connect(path)

        def baseline() -> object:
            return con.execute("SELECT id FROM innovations LIMIT 100").fetchall()

        def page(
            f: InnovationFilter, key: str, desc: bool, offset: int = 0
        ) -> Callable[[], object]:
            def run() -> object:
                repo.count_innovations(f)
                return repo.list_innovations(f, key, desc, offset, 100)

            return run

        base = median_ms(baseline, args.runs)
        cases = {
            "updated_at desc, first page": page(InnovationFilter(), "updated_at", True),
            "nama asc, page at offset 5000": page(InnovationFilter(), "nama", False, 5000),
            "opd_name asc": page(InnovationFilter(), "opd_name", False),
            "kematangan desc": page(InnovationFilter(), "kematangan", True),
            "search 'pasar'": page(InnovationFilter(search="pasar"), "nama", False),
            "state=revisi, year 2026": page(
                InnovationFilter(workflow_state="revisi", rule_year=2026), "updated_at", True
            ),
            "opd filter, completeness": page(
                InnovationFilter(opd_id="opd-3"), "completeness", False
            ),
        }
        print(f"{args.rows} innovations; medians of {args.runs} runs (count + page of 100)")
        print(f"  {'baseline SELECT id LIMIT 100':<34} {base:8.3f} ms   1.0x")
        for name, fn in cases.items():
            ms = median_ms(fn, args.runs)
            print(f"  {name:<34} {ms:8.3f} ms {ms / base:6.1f}x")
        con.close()
        store.close()


if __name__ == "__main__":
    main()
