"""The main window with its sync part installed, as the GUI sync tests open and close it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop import sync_bridge
from desktop.context import AppContext
from desktop.windows.main_window import MainWindow


def open_window(
    qtbot: Any,
    data_dir: Path,
    translations: Any,
    server_url: str | None = None,
    *,
    activate: bool = False,
    start: bool = False,
) -> MainWindow:
    """A shown main window on ``data_dir`` with the sync bridge (no network watching).
    ``activate``: wait until it is the active window (keyboard shortcuts); ``start``: start
    the engine as the app does."""
    ctx = AppContext.create(data_dir)
    if server_url is not None:
        ctx.settings.server_url = server_url
    window = MainWindow(ctx, translations)
    sync_bridge.install(window, watch_network=False)
    qtbot.addWidget(window)
    if activate:
        with qtbot.waitActive(window):  # shortcuts reach only the active window
            window.show()
            window.activateWindow()
    else:
        window.show()
    if start:
        window.sync_bridge.start()
    return window


def close_window(window: MainWindow) -> None:
    """Stop the engine first (it lets go of the store), then close window and store."""
    window.sync_bridge.stop()
    window.close()
    window.context.close()
