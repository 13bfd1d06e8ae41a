"""Fixtures shared by the GUI tests."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.i18n import Translations

HANG_GUARD_MS = 60_000
"""The default of every qtbot wait here: a wait is for a condition, never a timing check, so
its timeout only guards against a hang (pytest-qt's 5 s default fails on a loaded machine)."""


def _guarded(method: Any) -> Any:
    @functools.wraps(method)
    def wait(self: QtBot, *args: Any, timeout: int = HANG_GUARD_MS, **kwargs: Any) -> Any:
        return method(self, *args, timeout=timeout, **kwargs)

    return wait


for _name in ("waitUntil", "waitSignal", "waitSignals", "waitExposed", "waitActive"):
    setattr(QtBot, _name, _guarded(getattr(QtBot, _name)))


@pytest.fixture
def translations(qapp: QApplication) -> Iterator[Translations]:
    """The app's translations, Indonesian (the default language), removed afterwards."""
    t = Translations()
    t.install("id")
    yield t
    t.uninstall()
    t.install("en")
