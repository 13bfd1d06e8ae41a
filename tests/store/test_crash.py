"""Crash test: SIGKILL the storage path at 50 random moments while edits stream in.

After every kill the database passes ``PRAGMA integrity_check`` and holds every edit the worker
reported committed (it reports after COMMIT, so this is stronger than "every edit older than
the autosave debounce window": the editor's window only delays when the write starts).

The moment is chosen by progress, not by the clock: the test lets the worker report a random
number of commits (0 to 12) and kills it at once, so the kill lands wherever the worker then is
(mid-transaction, in COMMIT, between edits) and the work per kill is bounded however loaded the
machine is. Each run is a fresh child forked by ``tests.zygote`` (imports paid once).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
from pathlib import Path

import pytest

from sync.local.db import Store
from sync.local.repository import Repository
from tests.zygote import Zygote

KILLS = 50


def committed_edits(path: Path, innovation_id: str) -> set[int]:
    """The edit indexes the database holds (see crash_worker's numbering)."""
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        docs = {
            int(r[0].removeprefix("doc-"))
            for r in con.execute(
                "SELECT id FROM documents WHERE innovation_id = ?", (innovation_id,)
            )
        }
        levels = {
            int(r[0].removeprefix("k"))
            for r in con.execute(
                "SELECT answer.key FROM innovations, json_each(innovations.answers) AS answer"
                " WHERE innovations.id = ? AND json_extract(answer.value, '$.claimed_level') > 0",
                (innovation_id,),
            )
        }
        (extra,) = con.execute(
            "SELECT extra FROM innovations WHERE id = ?", (innovation_id,)
        ).fetchone()
        profile = {int(k.removeprefix("e")) for k in json.loads(extra)}
        (outbox,) = con.execute(
            "SELECT count(*) FROM outbox WHERE record_id = ?", (innovation_id,)
        ).fetchone()
        assert outbox == 1, "every committed edit keeps exactly one coalesced outbox row"
        return docs | levels | profile
    finally:
        con.close()


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_committed_edit(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    store = Store(path)
    innovation_id = Repository(store).create_innovation(2026, nama="Crash").id
    store.close()
    rng = random.Random(int(os.environ.get("CRASH_SEED", "20261122")))
    reported: set[int] = set()
    next_index = 0
    awaited = 0
    with Zygote("tests.store.crash_worker", tmp_path) as zygote:
        for kill in range(KILLS):
            proc = zygote.spawn([str(path), innovation_id, str(next_index)])
            first = proc.stdout.readline()
            assert first == "ready\n", first + proc.communicate()
            # Random moment: anywhere from mid-first-transaction to a few dozen commits in.
            wait_for = rng.randint(0, 12)
            seen = [proc.stdout.readline() for _ in range(wait_for)]
            assert all(line.endswith("\n") for line in seen), f"kill {kill}: worker stopped"
            awaited += wait_for
            proc.send_signal(signal.SIGKILL)
            out = proc.communicate()
            assert proc.returncode == -signal.SIGKILL, f"kill {kill}: worker ended on its own"
            lines = "".join(seen).split("\n")[:-1] + out.split("\n")
            complete = [int(x) for x in lines[:-1] if x]  # the last piece may be a torn line
            reported.update(complete)
            present = committed_edits(path, innovation_id)
            missing = sorted(reported - present)
            assert not missing, f"kill {kill}: committed edits lost: {missing[:10]}"
            # Continue numbering after anything that may have committed unreported.
            next_index = max(present | reported | {-1}) + 1
    assert len(reported) >= awaited > KILLS, "the worker committed edits between kills"
    reopened = Store(path)
    try:
        inn = Repository(reopened).get_innovation(innovation_id)
        assert inn is not None and inn.version > len(reported)
        assert reopened.integrity_check() == "ok"
    finally:
        reopened.close()
