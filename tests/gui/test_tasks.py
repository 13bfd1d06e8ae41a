"""The app's task lanes (desktop.tasks.TaskManager) on their real threads."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.tasks import TaskManager

pytestmark = pytest.mark.gui


def test_a_callback_may_wait_for_the_lanes_without_waiting_for_itself(qtbot: Any) -> None:
    """Closing an editor from a task's callback (a deleted draft) flushes its autosave, which
    waits for the lanes: the callback's own task is done and must not count (it used to, and
    the wait ran into its 60 s timeout with the window frozen)."""
    tasks = TaskManager()
    seen: list[object] = []

    def done(_: object) -> None:
        tasks.run_db(lambda: seen.append("written"))
        seen.append(tasks.wait_idle(timeout=120))  # the bound only guards against a hang

    try:
        tasks.run_bg(lambda: None, on_done=done)
        assert tasks.wait_idle(timeout=120)
        assert seen == ["written", True]  # waited for the write it submitted, then returned
        assert tasks.is_idle()
    finally:
        tasks.shutdown()
