"""The Qt runtime under the app: defects of the bindings the app must survive."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui
REPO_ROOT = Path(__file__).resolve().parents[2]


def test_a_long_session_of_void_qt_calls_does_not_abort_the_interpreter() -> None:
    """PySide6 6.12.0 on CPython 3.11 drops a reference to None on every void method (and to
    False on a failed disconnect): after as many calls as None has references, the interpreter
    aborts (none_dealloc, bool_dealloc). The app's QApplication
    (desktop.qtapp.make_application) must keep them alive. Run apart: an abort here would take
    the test process with it."""
    script = textwrap.dedent(
        """
        import gc, sys
        from desktop.qtapp import make_application
        from PySide6.QtWidgets import QTableWidget, QTableWidgetItem
        # more void calls (and failed disconnects) than None (False) has references
        rounds = max(sys.getrefcount(None), sys.getrefcount(False)) // 100 + 50
        app = make_application(sys.argv[:1], with_version=False)
        table = QTableWidget()
        table.setColumnCount(2)
        for _ in range(rounds):  # the Sinkronisasi page's refill
            table.setRowCount(100)
            for row in range(100):
                table.setItem(row, 0, QTableWidgetItem("x"))
                table.removeCellWidget(row, 1)
            for _ in range(100):
                try:  # a failed disconnect drops a reference to False
                    table.destroyed.disconnect(print)
                except (RuntimeError, TypeError):
                    pass
        gc.collect()
        print("alive")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "alive"
