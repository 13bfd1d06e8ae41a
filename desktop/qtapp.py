"""The one ``QApplication`` of a process: name, version, icon (the app, the self-test, the demo
seeder and the screenshot script all start it here, so none of them imports ``desktop.app``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Qt loads on the first make_application: `--help` and `--version` stay quick
    from PySide6.QtWidgets import QApplication

APP_NAME = "Inovasi Desk"


def app_version() -> str:
    # importlib.metadata is imported here, not at the top: it costs the app's start ~15 ms.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("inovasi-desk")
    except PackageNotFoundError:
        return "0+unknown"


def icon_path() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base / "resources" / "icons" / "inovasi-desk.png"


def make_application(argv: list[str], *, with_version: bool = True) -> QApplication:
    """The running ``QApplication`` (made on first call) with the app's name, version and icon
    (``with_version=False``: the caller sets the version later; the app does once its list is
    painted)."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("InovasiDesk")
    if with_version:
        app.setApplicationVersion(app_version())
    if icon_path().exists():
        app.setWindowIcon(QIcon(str(icon_path())))
    return app
