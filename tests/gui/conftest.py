"""Fixtures shared by the GUI tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from desktop.i18n import Translations


@pytest.fixture
def translations(qapp: QApplication) -> Iterator[Translations]:
    """The app's translations, Indonesian (the default language), removed afterwards."""
    t = Translations()
    t.install("id")
    yield t
    t.uninstall()
    t.install("en")
