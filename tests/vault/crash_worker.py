"""Child process of the crash test: imports files into the vault and records documents, forever.

Run as ``python -m tests.vault.crash_worker DATA_DIR MODE SRC [SRC ...]`` (or forked by
``tests.zygote``); the test kills it with SIGKILL. It follows the app's order: blob committed,
then the document row. It prints ``ready``, then ``p`` after every chunk it imported or
hashed, so the test picks the moment by progress rather than by the clock. In MODE ``pause`` it
prints ``paused`` right after the first committed batch of its first new blob (a pending blob
with chunks on disk) and waits there for the kill; in MODE ``run`` it never waits.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
import uuid
from pathlib import Path

from sync.local import vault as vault_module
from sync.local.vault import CHUNK_SIZE, Vault

BATCH = 2


def main(argv: list[str]) -> None:
    # Commit every 2 MiB so a kill often lands between committed batches of a pending blob.
    vault_module.COMMIT_EVERY_CHUNKS = BATCH
    data, mode = Path(argv[0]), argv[1]
    sources = [Path(p) for p in argv[2:]]
    vault = Vault(data / "vault.sqlite")
    store = sqlite3.connect(data / "store.sqlite", isolation_level=None)
    store.execute("PRAGMA journal_mode=WAL")
    store.execute("PRAGMA synchronous=FULL")
    store.execute(
        "CREATE TABLE IF NOT EXISTS evidence_documents (id TEXT PRIMARY KEY, sha256 TEXT)"
    )
    print("ready", flush=True)
    turn = 0

    def report(done: int, total: int) -> None:
        print("p", flush=True)

    def report_or_pause(done: int, total: int) -> None:
        report(done, total)
        if mode == "pause" and turn == 0 and done == BATCH * CHUNK_SIZE:
            # The fresh file's size is unique, so this is the write path, called just after
            # the batch's COMMIT.
            print("paused", flush=True)
            threading.Event().wait()  # until the kill

    while True:
        fresh = data / f"fresh-{os.getpid()}-{turn}.bin"
        # A size no blob of the vault has: the import never takes the hash-first path for it.
        with sqlite3.connect(data / "vault.sqlite") as con:
            sizes = {r[0] for r in con.execute("SELECT size_bytes FROM blobs")}
        size = (8 + turn % 3) * CHUNK_SIZE + 4096
        while size in sizes:
            size += 1
        with fresh.open("wb") as out:
            out.write(os.urandom(size))
        small = data / f"small-{os.getpid()}-{turn}.bin"
        small.write_bytes(os.urandom(300_000 + turn))
        # New content (written in batches), a shared file (often a dedup), a one-chunk file.
        for src, progress in (
            (fresh, report_or_pause),
            (sources[turn % len(sources)], report),
            (small, report),
        ):
            info = vault.import_file(src, progress=progress)
            # The document row is written only after the blob is committed.
            store.execute(
                "INSERT INTO evidence_documents (id, sha256) VALUES (?, ?)",
                (str(uuid.uuid4()), info.sha256),
            )
        fresh.unlink()
        small.unlink()
        turn += 1


if __name__ == "__main__":
    main(sys.argv[1:])
