"""Crash-test worker for the app's storage path: edits go through the desktop's ``Autosaver``
(debounce) and ``TaskManager`` database lane into the store, exactly as the editor sends them.

    python -m tests.gui.crash_autosave_worker DATA_DIR INNOVATION_ID RUN DELAY_MS MAX_DELAY_MS

Every 5-20 ms it makes edit ``n`` (the profile's name becomes ``"RUN:n"``, and indicator
``16``'s claimed level follows ``n``), scheduled with the editor's keys, and prints ``made n``.
When the database lane has committed the writes of edit ``n`` it prints ``saved n`` (from the
lane, after the level's write returned: the lane is serial and the profile key was scheduled
first, so the profile of edit ``n`` or a later one is committed too). The test kills this
process with SIGKILL at a moment chosen from these lines and checks that every saved edit is
in the store.
"""

from __future__ import annotations

import random
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer

from desktop.autosave import Autosaver
from desktop.context import AppContext
from iid.records import InnovationProfile

_OUT = threading.Lock()


def say(line: str) -> None:
    with _OUT:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def main(argv: list[str]) -> int:
    data_dir, innovation_id, run = Path(argv[0]), argv[1], argv[2]
    delay_ms, max_delay_ms = int(argv[3]), int(argv[4])
    app = QCoreApplication(sys.argv[:1])
    context = AppContext.create(data_dir)
    repo = context.repo
    autosaver = Autosaver(context.tasks, delay_ms=delay_ms, max_delay_ms=max_delay_ms)
    state = {"n": 0}
    timer = QTimer()
    timer.setSingleShot(True)

    def save_level(n: int, level: int) -> None:
        repo.set_claimed_level(innovation_id, "16", level)
        say(f"saved {n}")

    def edit() -> None:
        n = state["n"] = state["n"] + 1
        profile = InnovationProfile(nama=f"{run}:{n}")
        level = 1 + n % 3
        autosaver.schedule("profile", lambda: repo.update_profile(innovation_id, profile))
        autosaver.schedule("level:16", lambda: save_level(n, level))
        say(f"made {n}")
        timer.start(random.randint(5, 20))

    timer.timeout.connect(edit)
    say("ready")
    timer.start(0)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
