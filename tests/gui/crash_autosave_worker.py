"""Crash-test worker for the app's storage path: edits go through the desktop's ``Autosaver``
(debounce) and ``TaskManager`` database lane into the store, exactly as the editor sends them.

    python -m tests.gui.crash_autosave_worker DATA_DIR INNOVATION_ID RUN

Every 15-60 ms it makes edit ``n`` (the profile's name becomes ``"RUN:n"``, and indicator
``16``'s claimed level follows ``n``), scheduled with the editor's keys, and prints
``n <CLOCK_MONOTONIC seconds>`` when the edit is *made* (not when saved). The test kills this
process with SIGKILL and checks that every edit older than the debounce window is stored.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer

from desktop.autosave import Autosaver
from desktop.context import AppContext
from iid.records import InnovationProfile


def main(argv: list[str]) -> int:
    data_dir, innovation_id, run = Path(argv[0]), argv[1], argv[2]
    app = QCoreApplication(sys.argv[:1])
    context = AppContext.create(data_dir)
    repo = context.repo
    autosaver = Autosaver(context.tasks)
    state = {"n": 0}
    timer = QTimer()
    timer.setSingleShot(True)

    def edit() -> None:
        n = state["n"] = state["n"] + 1
        profile = InnovationProfile(nama=f"{run}:{n}")
        level = 1 + n % 3
        autosaver.schedule("profile", lambda: repo.update_profile(innovation_id, profile))
        autosaver.schedule("level:16", lambda: repo.set_claimed_level(innovation_id, "16", level))
        sys.stdout.write(f"{n} {time.monotonic():.4f}\n")
        sys.stdout.flush()
        timer.start(random.randint(15, 60))

    timer.timeout.connect(edit)
    print("ready", flush=True)
    timer.start(0)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
