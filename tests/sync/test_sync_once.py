"""``inovasi-desk --sync-once`` as an administrator's script runs it: a real process against the
real server, the password on standard input, one summary line in the user's language, and the
exit status (0 all delivered, 1 something left or refused, 2 no sign-in)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sync.local.db import Store
from sync.local.repository import Repository
from sync.local.vault import Vault
from tests.files import pdf_bytes
from tests.server.live import DEMO_PASSWORDS, REPO, LiveServer
from tests.sync.conftest import add_evidence, new_draft


def sync_once(
    data: Path, *args: str, password: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--sync-once", "--data-dir", str(data), *args],
        input=(password + "\n") if password is not None else "",
        capture_output=True, text=True, env=env, cwd=REPO, timeout=300,
    )  # fmt: skip


class _Local:
    """Just enough of a device for ``add_evidence``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.store = Store(folder / "store.sqlite")
        self.repo = Repository(self.store)
        self.vault = Vault(folder / "vault.sqlite")

    def close(self) -> None:
        self.vault.close()
        self.store.close()


def test_sync_once_signs_in_from_stdin_sends_receives_and_says_so(
    server: LiveServer, tmp_path: Path
) -> None:
    data = tmp_path / "desk"
    data.mkdir()
    local = _Local(data)
    ids = [new_draft(local.repo, f"Skrip {i}") for i in range(2)]
    add_evidence(local, ids[0], pdf_bytes(30_000), "sk.pdf")  # type: ignore[arg-type]
    local.close()

    # Without a sign-in and without --user: what to do, status 2, nothing sent.
    first = sync_once(data, "--server", server.url)
    assert first.returncode == 2
    assert "--user" in first.stderr and "Belum masuk" in first.stderr

    wrong = sync_once(data, "--user", "operator", password="salah")
    assert wrong.returncode == 2 and "Masuk ditolak" in wrong.stderr

    done = sync_once(data, "--user", "operator", password=DEMO_PASSWORDS["operator"])
    assert done.returncode == 0, (done.stdout, done.stderr)
    line = done.stdout.strip().splitlines()[-1]
    assert line.startswith("Terkirim 3, diterima ") and line.endswith(", tersisa 0, ditolak 0.")

    # A second installation of the OPD: receives both records and downloads the file; English.
    other = tmp_path / "other"
    got = sync_once(other, "--server", server.url, "--user", "operator", "--lang", "en",
                    password=DEMO_PASSWORDS["operator"])  # fmt: skip
    assert got.returncode == 0, (got.stdout, got.stderr)
    summary = got.stdout.strip().splitlines()[-1]
    assert summary.startswith("Sent 0, received ") and ", downloaded 1" in summary
    assert summary.endswith(", left 0, refused 0.")
    again = _Local(other)
    try:
        assert {i for i in ids if again.repo.get_innovation(i) is not None} == set(ids)
    finally:
        again.close()


def test_sync_once_exits_non_zero_when_something_is_refused(
    server: LiveServer, tmp_path: Path
) -> None:
    data = tmp_path / "desk"
    data.mkdir()
    local = _Local(data)
    local.repo.create_innovation(2026, nama="OPD keliru", opd_id="opd-yang-tidak-ada")
    local.close()
    out = sync_once(data, "--server", server.url, "--user", "operator",
                    password=DEMO_PASSWORDS["operator"])  # fmt: skip
    assert out.returncode == 1, (out.stdout, out.stderr)
    assert out.stdout.strip().splitlines()[-1].endswith(", tersisa 0, ditolak 1.")


def test_sync_once_leaves_a_folder_the_app_has_open_untouched(
    server: LiveServer, tmp_path: Path, qapp: Any
) -> None:
    """The app's window holds the data folder (its single-instance lock): ``--sync-once`` says
    the folder is in use, exits 3 and writes nothing; once the app let go, it runs."""
    from desktop.single_instance import InstanceGuard

    data = tmp_path / "desk"
    data.mkdir()
    local = _Local(data)
    new_draft(local.repo, "Ditulis di jendela")
    local.close()
    held = InstanceGuard(data)  # what the app's run_app takes first
    assert held.acquire()
    try:
        stamp = {p.name: p.stat().st_mtime_ns for p in data.iterdir()}
        busy = sync_once(data, "--server", server.url, "--user", "operator",
                         password=DEMO_PASSWORDS["operator"])  # fmt: skip
        assert busy.returncode == 3, (busy.stdout, busy.stderr)
        assert f"sedang dipakai oleh Inovasi Desk (proses {os.getpid()})" in busy.stderr
        assert {p.name: p.stat().st_mtime_ns for p in data.iterdir()} == stamp  # not a byte
    finally:
        held.release()
    done = sync_once(data, "--server", server.url, "--user", "operator",
                     password=DEMO_PASSWORDS["operator"])  # fmt: skip
    assert done.returncode == 0, (done.stdout, done.stderr)
    assert done.stdout.strip().splitlines()[-1].startswith("Terkirim 1, ")
