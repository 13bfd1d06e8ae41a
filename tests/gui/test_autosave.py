"""Autosave: edits reach SQLite through the database lane within about a second, or on close."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtTest import QTest  # noqa: E402

from desktop.autosave import DEBOUNCE_MS, MAX_DELAY_MS, Autosaver  # noqa: E402
from desktop.windows.editor import InnovationEditor  # noqa: E402
from tests.gui.editor_support import (  # noqa: E402
    context_fixture,
    new_innovation,
    open_context,
    read_back,
)

pytestmark = pytest.mark.gui

context = pytest.fixture(context_fixture, name="context")

HANG_MS = 60_000  # waits below only guard against a hang; nothing is timed


@pytest.fixture
def threaded_context(_private_data_dir: Path) -> Any:
    """The app's real worker threads, as in production (not the inline test mode)."""
    ctx = open_context(_private_data_dir, inline=False)
    yield ctx
    ctx.close()


def open_editor(qtbot: Any, ctx: Any, innovation_id: str) -> InnovationEditor:
    editor = InnovationEditor(ctx, innovation_id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(lambda: editor.profile_page is not None, timeout=60_000)
    return editor


def stored_name(folder: Path, innovation_id: str) -> str:
    return read_back(folder, innovation_id).profile.nama


def test_typed_name_reaches_sqlite_through_the_autosave(
    qtbot: Any, threaded_context: Any, _private_data_dir: Path
) -> None:
    innovation_id = new_innovation(threaded_context)
    editor = open_editor(qtbot, threaded_context, innovation_id)
    assert editor.profile_page is not None
    edit = editor.profile_page.inputs["nama"].edit
    edit.setFocus()
    QTest.keyClicks(edit, "Puskesmas Keliling")
    assert editor.autosaver.has_pending()
    # No deadline is asserted here (the window's bound is the next test's, on a fake clock):
    # the wait only guards against a hang.
    qtbot.waitUntil(lambda: not editor.autosaver.has_pending(), timeout=HANG_MS)
    qtbot.waitUntil(lambda: editor.save_state.property("state") == "saved", timeout=HANG_MS)
    assert stored_name(_private_data_dir, innovation_id) == "Puskesmas Keliling"


def test_the_debounce_has_a_ceiling_so_steady_typing_is_saved(qtbot: Any, context: Any) -> None:
    """A user who never pauses still loses at most ``MAX_DELAY_MS``: every edit restarts the
    debounce, but the write is due no later than that after the first unsaved edit. A fake
    clock makes the windows exact; the QTimer then fires the write."""
    assert (DEBOUNCE_MS, MAX_DELAY_MS) == (500, 1000)  # the editor's windows (about 1 s)
    now = [1000.0]
    written: list[int] = []
    saver = Autosaver(context.tasks, clock=lambda: now[0])
    due: list[int] = []
    for key in range(10):  # a key every 125 ms, never a pause
        saver.schedule("profile", lambda k=key: written.append(k))
        due.append(saver._timer.interval())
        assert saver._timer.isActive()
        now[0] += 0.125
    assert due == [min(DEBOUNCE_MS, max(0, MAX_DELAY_MS - 125 * i)) for i in range(10)]
    assert due[8] == 0  # the 9th key, 1000 ms after the first: due now, typing or not
    qtbot.waitUntil(lambda: written == [9], timeout=HANG_MS)
    # The next edit starts a new window.
    saver.schedule("profile", lambda: written.append(10))
    assert saver._timer.interval() == DEBOUNCE_MS


def test_close_flushes_pending_changes_at_once(
    qtbot: Any, threaded_context: Any, _private_data_dir: Path
) -> None:
    innovation_id = new_innovation(threaded_context)
    editor = open_editor(qtbot, threaded_context, innovation_id)
    assert editor.profile_page is not None
    editor.profile_page.inputs["nama"].edit.setFocus()
    QTest.keyClicks(editor.profile_page.inputs["nama"].edit, "Ditutup segera")
    assert editor.autosaver.has_pending()
    editor.close()
    assert stored_name(_private_data_dir, innovation_id) == "Ditutup segera"


def test_autosaver_writes_only_the_latest_value_per_key(qtbot: Any, context: Any) -> None:
    written: list[int] = []
    saver = Autosaver(context.tasks, delay_ms=50, max_delay_ms=200)
    for value in range(10):
        saver.schedule("profile", lambda v=value: written.append(v))
    saver.schedule("level:16", lambda: written.append(100))
    qtbot.waitUntil(lambda: len(written) == 2, timeout=HANG_MS)
    assert written == [9, 100]
    assert not saver.has_pending()


def test_failed_write_is_kept_retried_and_reported(qtbot: Any, context: Any) -> None:
    attempts: list[str] = []

    def flaky() -> None:
        attempts.append("try")
        if len(attempts) == 1:
            raise OSError("disk full")

    saver = Autosaver(context.tasks, delay_ms=10, max_delay_ms=50)
    states: list[str] = []
    saver.sig_state_changed.connect(states.append)
    with qtbot.waitSignal(saver.sig_failed, timeout=HANG_MS) as failed:
        saver.schedule("profile", flaky)
    assert "disk full" in failed.args[0]
    assert saver.has_pending(), "the unsaved change is kept for a retry"
    saver.flush()
    assert attempts == ["try", "try"]
    assert states[-1] == "saved"


def test_edit_still_in_the_debounce_window_is_written_when_the_app_closes(
    qtbot: Any, _private_data_dir: Path
) -> None:
    ctx = open_context(_private_data_dir, inline=False)
    innovation_id = new_innovation(ctx)
    editor = open_editor(qtbot, ctx, innovation_id)
    name = editor.profile_page.inputs["nama"]
    name.edit.setFocus()
    QTest.keyClicks(name.edit, "Ditutup cepat")
    assert editor.autosaver.has_pending()  # typed just now: still waiting for the debounce
    ctx.close()  # no flush by the window: the lanes' shutdown must write it
    assert read_back(_private_data_dir, innovation_id).profile.nama == "Ditutup cepat"
