"""Killing an importing process at random points leaves no partial blob, no dangling reference.

The kill moment is chosen by progress, not by the clock: the worker reports every chunk it
imports, and the test kills it after a random number of them (the kill lands wherever the
worker has got to by then). Every fourth trial the worker waits right after committing the
first batch of a new blob, so the recovery of a pending blob with chunks is always exercised.
"""

from __future__ import annotations

import random
import signal
import sqlite3
from pathlib import Path

import pytest

from sync.local.vault import Vault
from tests.vault import samples
from tests.zygote import Zygote

MB = 1024 * 1024


def referenced_hashes(store: Path) -> set[str]:
    if not store.exists():
        return set()
    with sqlite3.connect(store) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        if "evidence_documents" not in tables:
            return set()
        return {r[0] for r in con.execute("SELECT sha256 FROM evidence_documents")}


def _check_after_kill(data: Path) -> bool:
    """The vault is consistent after a kill; True if a pending blob was left behind."""
    for leftover in data.glob("*.bin"):
        leftover.unlink()

    with Vault(data / "vault.sqlite") as vault:
        assert vault.integrity_check() == []
        for sha in referenced_hashes(data / "store.sqlite"):
            assert vault.has(sha), "a document refers to a missing blob"
        with sqlite3.connect(data / "vault.sqlite") as con:
            pending = con.execute("SELECT COUNT(*) FROM blobs WHERE state='pending'")
            leftover = pending.fetchone()[0] > 0
            # Whatever is visible is complete: its chunks add up to its size.
            rows = con.execute(
                "SELECT b.size_bytes, b.chunk_count, COUNT(c.seq), "
                "COALESCE(SUM(length(c.data)), 0) FROM blobs b "
                "LEFT JOIN chunks c ON c.blob_id = b.id "
                "WHERE b.state = 'complete' GROUP BY b.id"
            ).fetchall()
        for size, count, chunks, total in rows:
            assert (count, size) == (chunks, total)
    return leftover


@pytest.mark.slow
def test_sigkill_at_random_points_leaves_a_consistent_vault(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    sources = [samples.random_file(tmp_path / f"scan{i}.bin", 8 * MB, seed=i) for i in range(2)]
    rng = random.Random(20261122)
    kills_during_import = 0
    trials_with_leftover_pending = 0
    with Zygote("tests.vault.crash_worker", tmp_path) as zygote:
        for trial in range(20):
            pause = trial % 4 == 1
            child = zygote.spawn([str(data), "pause" if pause else "run", *map(str, sources)])
            first = child.stdout.readline()
            assert first == "ready\n", first + child.communicate()
            if pause:
                lines = iter(child.stdout.readline, "")
                assert any(line == "paused\n" for line in lines), "the worker never paused"
            else:
                for _ in range(rng.randint(0, 16)):
                    assert child.stdout.readline() == "p\n", "the worker stopped importing"
            child.send_signal(signal.SIGKILL)
            out = child.communicate()
            assert child.returncode == -signal.SIGKILL, f"trial {trial}: it ended itself: {out}"
            kills_during_import += 1
            trials_with_leftover_pending += _check_after_kill(data)

    with Vault(data / "vault.sqlite") as vault:
        referenced = referenced_hashes(data / "store.sqlite")
        assert len(referenced) > 0
        for sha in vault.list_blobs():
            assert vault.verify(sha)
        vault.collect_garbage(referenced, lambda s: False, grace_seconds=0)
        assert set(vault.list_blobs()) == referenced
        with sqlite3.connect(data / "vault.sqlite") as con:
            assert con.execute("SELECT COUNT(*) FROM blobs WHERE state='pending'").fetchone() == (
                0,
            )
        assert vault.integrity_check() == []
    assert kills_during_import == 20
    # The kills did land inside imports, between committed batches of a pending blob (at
    # least in the five trials that waited there).
    assert trials_with_leftover_pending >= 5
