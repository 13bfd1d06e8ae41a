"""Killing the app at any moment while edits stream in loses no edit the database lane has
written, and the database is never corrupt: the worker runs the real Autosaver and database
lane, and is killed with SIGKILL at 50 random moments.

The moment is chosen by progress, not by the clock: the test waits until the worker has
reported a random number of saved writes (1 to 3), lets a random number of further edits
(0 to 12) be made, and kills it at once: wherever the worker then is (debouncing, writing,
committing). That a write starts at most ``max_delay_ms`` after the first unsaved edit is the
Autosaver's own, deterministic test (tests/gui/test_autosave.py); here the windows are short
so the 50 runs stay quick, and each run is a child forked by ``tests.zygote`` (Qt and the app
imported once).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
from pathlib import Path

import pytest

from sync.local.db import Store
from sync.local.repository import Repository
from tests.zygote import Zygote

pytestmark = [pytest.mark.gui, pytest.mark.slow]

KILLS = 50
DELAY_MS, MAX_DELAY_MS = 40, 120


def test_sigkill_at_50_random_moments_keeps_every_saved_edit(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    store = Store(data / "store.sqlite")
    innovation_id = Repository(store).create_innovation(rule_year=2026, nama="0:0").id
    store.close()
    rng = random.Random(20261122)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INOVASI_DESK_DATA": str(data)}

    with Zygote("tests.gui.crash_autosave_worker", tmp_path, env) as zygote:
        for run in range(1, KILLS + 1):
            _kill_once(zygote, rng, data, innovation_id, run)


def _kill_once(
    zygote: Zygote, rng: random.Random, data: Path, innovation_id: str, run: int
) -> None:
    worker = zygote.spawn([str(data), innovation_id, str(run), str(DELAY_MS), str(MAX_DELAY_MS)])
    ready = worker.stdout.readline()
    assert ready == "ready\n", ready + worker.communicate()
    saves_to_see, edits_after = rng.randint(1, 3), rng.randint(0, 12)
    seen: list[str] = []
    while sum(line.startswith("saved") for line in seen) < saves_to_see:
        line = worker.stdout.readline()
        assert line.endswith("\n"), f"run {run}: the worker stopped: {seen[-3:]}"
        seen.append(line)
    for _ in range(edits_after):
        seen.append(worker.stdout.readline())
    worker.send_signal(signal.SIGKILL)
    out = worker.communicate()
    assert worker.returncode == -signal.SIGKILL, f"run {run}: the worker ended on its own"
    lines = [*seen, *out.split("\n")[:-1]]  # the last piece may be a torn line
    saved = [int(x.split()[1]) for x in lines if x.startswith("saved ")]
    assert len(saved) >= saves_to_see

    with sqlite3.connect(data / "store.sqlite") as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"run {run}"
    store = Store(data / "store.sqlite")
    stored = Repository(store).get_innovation(innovation_id)
    store.close()
    assert stored is not None
    stored_run, stored_n = (int(x) for x in stored.profile.nama.split(":"))
    # This run's edits reached the store, and none that the lane reported written is lost.
    assert stored_run == run, f"run {run}: store still holds run {stored_run}"
    assert stored_n >= max(saved), f"run {run}: stored edit {stored_n}, saved {max(saved)}"
    assert stored.answers["16"].claimed_level in (1, 2, 3)  # the other key saved too
