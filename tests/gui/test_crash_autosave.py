"""Killing the app at any moment while edits stream in loses at most the debounce window, and
the database is never corrupt: the worker runs the real Autosaver and database lane, and is
killed with SIGKILL at 50 random moments."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desktop.autosave import MAX_DELAY_MS
from sync.local.db import Store
from sync.local.repository import Repository
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.gui, pytest.mark.slow]

KILLS = 50
# Edits older than the debounce window (MAX_DELAY_MS) must be stored. The extra allowance
# covers one write in flight on a loaded 2-core CI machine (commit + fsync), not lost edits.
ALLOWANCE_S = 0.5


def test_sigkill_at_50_random_moments_keeps_every_edit_older_than_the_debounce_window(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    store = Store(data / "store.sqlite")
    innovation_id = Repository(store).create_innovation(rule_year=2026, nama="0:0").id
    store.close()
    rng = random.Random(20261122)
    window_s = MAX_DELAY_MS / 1000 + ALLOWANCE_S
    checked_edits = 0
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INOVASI_DESK_DATA": str(data)}

    for run in range(1, KILLS + 1):
        worker = subprocess.Popen(
            [sys.executable, "-m", "tests.gui.crash_autosave_worker", str(data), innovation_id,
             str(run)],
            cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert worker.stdout is not None
        ready = worker.stdout.readline().strip()
        assert ready == "ready", ready + worker.stderr.read()  # type: ignore[union-attr]
        lines: list[str] = []
        reader = threading.Thread(target=lines.extend, args=(worker.stdout,))
        reader.start()
        time.sleep(rng.uniform(0.2, 3.5))
        killed_at = time.monotonic()
        worker.send_signal(signal.SIGKILL)
        worker.wait(30)
        reader.join(10)

        with sqlite3.connect(data / "store.sqlite") as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"run {run}"
        store = Store(data / "store.sqlite")
        stored = Repository(store).get_innovation(innovation_id)
        store.close()
        assert stored is not None
        made = [(int(n), float(t)) for n, t in (line.split() for line in lines if line.strip())]
        old_enough = [n for n, t in made if t < killed_at - window_s]
        stored_run, stored_n = (int(x) for x in stored.profile.nama.split(":"))
        if old_enough:
            # This run's edits reached the store, and none older than the window is missing.
            assert stored_run == run, f"run {run}: store still holds run {stored_run}"
            assert stored_n >= max(old_enough), (
                f"run {run}: stored edit {stored_n}, but edit {max(old_enough)} was made "
                f"{killed_at - dict(made)[max(old_enough)]:.2f} s before the kill"
            )
            assert stored.answers["16"].claimed_level in (1, 2, 3)  # the other key saved too
            checked_edits += 1
    assert checked_edits >= 20, "enough runs lived long enough to have settled edits"
