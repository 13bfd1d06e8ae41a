"""Child process of the crash test: imports files into the vault and records documents, forever.

Run as ``python -m tests.vault.crash_worker DATA_DIR SRC [SRC ...]``; the test kills it with
SIGKILL at a random moment. It follows the app's order: blob committed, then the document row.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import uuid
from pathlib import Path

from sync.local import vault as vault_module
from sync.local.vault import Vault


def main() -> None:
    # Commit every 2 MiB so a kill often lands between committed batches of a pending blob.
    vault_module.COMMIT_EVERY_CHUNKS = 2
    data = Path(sys.argv[1])
    sources = [Path(p) for p in sys.argv[2:]]
    vault = Vault(data / "vault.sqlite")
    store = sqlite3.connect(data / "store.sqlite", isolation_level=None)
    store.execute("PRAGMA journal_mode=WAL")
    store.execute("PRAGMA synchronous=FULL")
    store.execute(
        "CREATE TABLE IF NOT EXISTS evidence_documents (id TEXT PRIMARY KEY, sha256 TEXT)"
    )
    print("ready", flush=True)
    turn = 0
    while True:
        fresh = data / f"fresh-{os.getpid()}-{turn}.bin"
        with fresh.open("wb") as out:
            for _ in range(8 + turn % 3):
                out.write(os.urandom(1024 * 1024))
        small = data / f"small-{os.getpid()}-{turn}.bin"
        small.write_bytes(os.urandom(300_000 + turn))
        # New content (written in batches), a shared file (often a dedup), a one-chunk file.
        for src in (fresh, sources[turn % len(sources)], small):
            info = vault.import_file(src)
            # The document row is written only after the blob is committed.
            store.execute(
                "INSERT INTO evidence_documents (id, sha256) VALUES (?, ?)",
                (str(uuid.uuid4()), info.sha256),
            )
        fresh.unlink()
        small.unlink()
        turn += 1


if __name__ == "__main__":
    main()
