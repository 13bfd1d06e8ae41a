"""The one ``QApplication`` of a process: name, version, icon (the app, the self-test, the demo
seeder and the screenshot script all start it here, so none of them imports ``desktop.app``)."""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Qt loads on the first make_application: `--help` and `--version` stay quick
    from PySide6.QtWidgets import QApplication

APP_NAME = "Inovasi Desk"


def app_version() -> str:
    try:
        return version("inovasi-desk")
    except PackageNotFoundError:
        return "0+unknown"


def icon_path() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base / "resources" / "icons" / "inovasi-desk.png"


def make_application(argv: list[str]) -> QApplication:
    """The running ``QApplication`` (made on first call) with the app's name, version and icon."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("InovasiDesk")
    app.setApplicationVersion(app_version())
    if icon_path().exists():
        app.setWindowIcon(QIcon(str(icon_path())))
    return app
