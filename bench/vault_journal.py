"""Measure SQLite journal modes and page sizes for ~1 MiB chunk rows against a plain file.

Why: the vault's journal mode is chosen by measurement (WAL writes every page twice). Prints
seconds and the ratio of each layout to hashing + writing the same bytes as a plain file with
fsync, all measured in the same run.

    PYTHONPATH=$PWD /work/venv/bin/python bench/vault_journal.py [--mib 500]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import tempfile
import time
from pathlib import Path

CHUNK = 1024 * 1024


def plain_file(src: Path, dest: Path) -> float:
    start = time.perf_counter()
    digest = hashlib.sha256()
    with src.open("rb") as inp, dest.open("wb") as out:
        while block := inp.read(CHUNK):
            digest.update(block)
            out.write(block)
        out.flush()
        os.fsync(out.fileno())
    return time.perf_counter() - start


def chunk_rows(src: Path, db: Path, journal: str, page_size: int, batch_mib: int) -> float:
    con = sqlite3.connect(db, isolation_level=None)
    con.execute(f"PRAGMA page_size={page_size}")
    con.execute("PRAGMA auto_vacuum=INCREMENTAL")
    con.execute(f"PRAGMA journal_mode={journal}")
    con.execute("PRAGMA synchronous=FULL")
    con.execute(
        "CREATE TABLE chunks (id INTEGER PRIMARY KEY, blob INTEGER, seq INTEGER, data BLOB)"
    )
    start = time.perf_counter()
    digest = hashlib.sha256()
    with src.open("rb") as inp:
        con.execute("BEGIN IMMEDIATE")
        seq = 0
        while block := inp.read(CHUNK):
            digest.update(block)
            con.execute("INSERT INTO chunks (blob, seq, data) VALUES (1, ?, ?)", (seq, block))
            seq += 1
            if seq % batch_mib == 0:
                con.execute("COMMIT")
                con.execute("BEGIN IMMEDIATE")
        con.execute("COMMIT")
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mib", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        folder = Path(tmp)
        src = folder / "src.bin"
        with src.open("wb") as out:
            for _ in range(args.mib):
                out.write(os.urandom(CHUNK))
        base = min(plain_file(src, folder / f"plain{i}.bin") for i in range(2))
        print(f"plain file hash+write+fsync: {base:.2f} s for {args.mib} MiB")
        cases = [
            ("WAL", 4096, 10**6),
            ("WAL", 65536, 10**6),
            ("TRUNCATE", 4096, 10**6),
            ("TRUNCATE", 65536, 10**6),
            ("DELETE", 65536, 10**6),
            ("TRUNCATE", 65536, 64),
            ("TRUNCATE", 65536, 16),
        ]
        for journal, page, batch in cases:
            db = folder / f"v-{journal}-{page}-{batch}.sqlite"
            secs = chunk_rows(src, db, journal, page, batch)
            label = "one transaction" if batch >= 10**6 else f"commit every {batch} MiB"
            print(
                f"{journal:8} page {page:6} {label:22}: {secs:6.2f} s  "
                f"throughput ratio vs plain file {base / secs:.2f}x"
            )
            db.unlink()


if __name__ == "__main__":
    main()
