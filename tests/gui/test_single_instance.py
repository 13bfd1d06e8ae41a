"""One running copy per data folder: a second copy (a real second process) says the folder is in
use and can bring the first to the front; a copy that was killed does not lock the folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from desktop.single_instance import LOCK_FILE, InstanceGuard, folder_in_use
from tests.conftest import REPO_ROOT
from tests.gui.test_delete_draft import BoxAnswer

pytestmark = pytest.mark.gui

LISTENING = "is ours; listening as"
READY = "app: the list is shown"
RAISED = "a second copy asked this window to come to the front"


def start(data: Path, log: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", "--data-dir", str(data), *args],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
        text=True,
    )


def wait_for(log: Path, text: str, process: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log.read_text(encoding="utf-8", errors="replace"):
            return
        assert process.poll() is None, log.read_text()
        time.sleep(0.05)
    raise AssertionError(f"{text!r} not logged in time:\n{log.read_text()}")


def run_second(data: Path, log: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with log.open("w") as err:
        return subprocess.run(
            [sys.executable, "-m", "desktop", "--data-dir", str(data), *args],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            timeout=120,
        )


@pytest.mark.slow
def test_a_second_copy_brings_the_first_forward_and_a_killed_copy_frees_the_folder(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    first_log = tmp_path / "first.log"
    first = start(data, first_log)
    try:
        wait_for(first_log, READY, first)

        second = run_second(data, tmp_path / "second.log", "--already-running", "show")
        assert second.returncode == 0, (tmp_path / "second.log").read_text()
        wait_for(first_log, RAISED, first)
        # The second copy stopped before anything of its own: no lock, no window, no store.
        second_log = (tmp_path / "second.log").read_text()
        assert LISTENING not in second_log and "Traceback" not in second_log

        third = run_second(data, tmp_path / "third.log", "--already-running", "close")
        assert third.returncode == 0
        time.sleep(0.5)  # a request it should not have sent would have arrived by now
        assert first_log.read_text().count(RAISED) == 1
        assert first.poll() is None  # the first copy goes on as before
    finally:
        first.send_signal(signal.SIGKILL)  # as a crash or a power cut would end it
        first.wait(30)

    assert (data / LOCK_FILE).exists()  # left behind by the killed copy...
    after = run_second(data, tmp_path / "after.log", "--exit-when-shown")
    assert after.returncode == 0, (tmp_path / "after.log").read_text()
    assert LISTENING in (tmp_path / "after.log").read_text()  # ...and taken over


def test_the_second_copy_says_the_folder_is_in_use(
    qtbot: Any, tmp_path: Path, translations: Any
) -> None:
    first = InstanceGuard(tmp_path)
    assert first.acquire()
    second = InstanceGuard(tmp_path)
    try:
        assert not second.acquire()
        assert second.holder_pid() == os.getpid()
        answer = BoxAnswer("Tutup")
        folder_in_use(second)
        assert answer.text == (
            f"Inovasi Desk sudah terbuka dengan folder data {tmp_path}. Satu folder data hanya "
            "dapat dibuka di satu jendela pada satu waktu, agar tidak ada perubahan yang hilang."
        )
        assert answer.default == "&Tampilkan jendela yang terbuka"
    finally:
        first.release()
    assert second.acquire()  # released: the next copy gets it
    second.release()


FIRST_COPY = """
import sys
from pathlib import Path

from desktop.qtapp import make_application
from desktop.single_instance import InstanceGuard

app = make_application(sys.argv[:1], with_version=False)
guard = InstanceGuard(Path(sys.argv[1]))
assert guard.acquire()
print("locked", flush=True)
sys.stdin.readline()  # as a first copy still painting its list: the folder is held, no listening
guard.sig_raise_requested.connect(lambda: (print("raised", flush=True), app.quit()))
guard.start_listening()
app.exec()
guard.release()
"""


@pytest.mark.slow
def test_a_second_copy_started_before_the_first_listens_reaches_it_once_it_does(
    tmp_path: Path,
) -> None:
    """The first copy takes the folder's lock at once but listens only once its list is
    painted (QtNetwork is not loaded before): a second copy started in between keeps trying
    and gets its answer, instead of telling the officer the open window did not answer."""
    data = tmp_path / "data"
    data.mkdir()
    script = tmp_path / "first.py"
    script.write_text(FIRST_COPY, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    first = subprocess.Popen(
        [sys.executable, str(script), str(data)],
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    second_log = tmp_path / "second.log"
    second: subprocess.Popen[str] | None = None
    try:
        assert first.stdout is not None and first.stdin is not None
        assert first.stdout.readline().strip() == "locked"
        second = start(data, second_log, "--already-running", "show")
        wait_for(second_log, "not listening yet; trying again", second)
        first.stdin.write("go\n")
        first.stdin.flush()
        assert first.stdout.readline().strip() == "raised"
        assert second.wait(120) == 0
        log = second_log.read_text()
        assert "cannot reach" not in log and "Traceback" not in log, log
        assert LISTENING not in log  # the second copy never took the folder
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(30)


def test_a_window_started_during_the_background_sync_waits_for_it_saying_so(
    qtbot: Any, tmp_path: Path, translations: Any
) -> None:
    """``--sync-once`` holds the folder without a window: a window started meanwhile said,
    after ten seconds of asking, that "the open window did not answer". It now says a
    background synchronisation is running, waits, and takes the folder once it is done."""
    from PySide6.QtWidgets import QProgressDialog

    from desktop.single_instance import wait_for_background_sync
    from tests.gui.modal_support import when_modal

    background = InstanceGuard(tmp_path, listen=False)
    assert background.acquire()
    window = InstanceGuard(tmp_path)
    seen: list[str] = []

    def look_then_finish(dialog: QProgressDialog) -> None:
        seen.append(dialog.labelText())
        background.release()  # the background synchronisation is done

    try:
        assert not window.acquire()
        assert window.held_by_background()
        when_modal(QProgressDialog, look_then_finish)
        assert wait_for_background_sync(window) is True
        assert seen == [
            f"Sinkronisasi latar sedang berjalan pada folder data {tmp_path}. Inovasi Desk "
            "terbuka segera setelah selesai."
        ]
        assert not window.held_by_background()  # the window holds it now, and says so
        assert not InstanceGuard(tmp_path, listen=False).acquire()
    finally:
        window.release()
        background.release()


def test_a_window_holding_the_folder_is_not_taken_for_the_background_sync(
    qtbot: Any, tmp_path: Path
) -> None:
    first = InstanceGuard(tmp_path)
    assert first.acquire()
    try:
        second = InstanceGuard(tmp_path)
        assert not second.acquire()
        assert not second.held_by_background()
    finally:
        first.release()


def test_the_app_opens_once_the_background_sync_lets_go_of_the_folder(
    qtbot: Any, _private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox, QProgressDialog

    from desktop import app as desktop_app
    from tests.gui.modal_support import when_modal

    background = InstanceGuard(_private_data_dir, listen=False)
    assert background.acquire()
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: pytest.fail(a[2])))
    waited: list[str] = []

    def finish_when_asked(dialog: QProgressDialog) -> None:
        waited.append(dialog.labelText())
        background.release()

    opened: list[bool] = []

    def start_sync(window: Any) -> None:
        opened.append(window.attached)
        window.close()

    monkeypatch.setattr(desktop_app, "start_sync", start_sync)
    when_modal(QProgressDialog, finish_when_asked)
    try:
        assert desktop_app.run_app("id") == 0
    finally:
        background.release()
    assert len(waited) == 1 and "Sinkronisasi latar sedang berjalan" in waited[0]
    assert opened == [True]
