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


def keep_none_alive() -> None:
    """Work around a reference-count defect of PySide6 6.12.0 on CPython 3.11.

    Its bindings return ``None`` from every C++ ``void`` method without taking a reference, so
    each ``setText``, ``setRowCount``, ``setItem``... lowers ``None``'s count by one (measured:
    exactly -1 per call; 6.11.3 does not), and some ``bool`` results do the same to ``False``
    (a signal's failed ``disconnect``: -1 each). When a count reaches zero the interpreter
    aborts ("Fatal Python error: none_dealloc: deallocating None", or bool_dealloc): seen when a
    verifier's first pull filled the Sinkronisasi page's rows, and at exit. CPython 3.12 made
    these objects immortal (PEP 683), which is why the defect is harmless there; here the same
    is done by hand, only when a void call is seen to drop a reference: ``None``, ``True`` and
    ``False`` get a count no run can use up (2**48 calls)."""
    if sys.version_info >= (3, 12):
        return
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(8):
        probe.setObjectName("probe")  # a void method
    if sys.getrefcount(None) >= before:
        return
    import ctypes

    for singleton in (None, True, False):
        # ob_refcnt is the first field of every object in CPython 3.11's release builds.
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 48


def make_application(argv: list[str], *, with_version: bool = True) -> QApplication:
    """The running ``QApplication`` (made on first call) with the app's name, version and icon
    (``with_version=False``: the caller sets the version later; the app does once its list is
    painted)."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    keep_none_alive()
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("InovasiDesk")
    if with_version:
        app.setApplicationVersion(app_version())
    if icon_path().exists():
        app.setWindowIcon(QIcon(str(icon_path())))
    return app
