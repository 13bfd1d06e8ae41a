"""The task lanes: a callback that waits for the lanes to be idle does not wait for itself
(the editor locks itself from a read's callback, and locking flushes pending edits)."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.tasks import TaskManager

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("inline", [False, True])
def test_wait_idle_from_a_callback_waits_for_the_others_not_for_itself(
    qapp: Any, inline: bool
) -> None:
    tasks = TaskManager(inline=inline)
    seen: list[object] = []

    def first_done(value: int) -> None:
        tasks.run_db(lambda: 2, on_done=seen.append)  # more work, submitted from the callback
        seen.append(("idle", tasks.wait_idle(timeout=30)))  # False only after 30 s: stuck
        seen.append(value)

    tasks.run_db(lambda: 1, on_done=first_done)
    assert tasks.wait_idle(timeout=30)
    assert seen == [2, ("idle", True), 1]
    assert tasks.is_idle()
    tasks.shutdown()
