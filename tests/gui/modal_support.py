"""Acting on a modal dialog from a test: a modal runs its own event loop, so the test's code
runs from timers, which that loop runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

W = TypeVar("W", bound=QWidget)


def when_modal(kind: type[W], handle: Callable[[W], None], tries: int = 3000) -> None:
    """Call ``handle(dialog)`` once the active modal widget is a ``kind``, polled every 20 ms
    (at most ``tries`` times: a dialog that never comes leaves no timer behind)."""

    def poll(left: int) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            handle(dialog)
        elif left:
            QTimer.singleShot(20, lambda: poll(left - 1))

    QTimer.singleShot(20, lambda: poll(tries))
