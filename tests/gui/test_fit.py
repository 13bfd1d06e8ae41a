"""The window on a small laptop: the first window fits a 1366x768 screen with a taskbar, and at
1280 px wide no page of the main window or the editor needs a horizontal scroll bar (checked
on the real widgets of a demo data folder, with evidence and its preview shown)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QScrollArea, QWidget

from desktop.context import AppContext
from desktop.demo_data import seed
from desktop.proof.reading import EvidenceReading
from desktop.windows.main_window import MainWindow, initial_geometry
from tests.gui.sync_support import close_window, open_window

pytestmark = pytest.mark.gui

LAPTOP = QRect(0, 0, 1366, 728)  # 1366x768 less a 40 px taskbar
NETBOOK = QRect(0, 0, 1024, 560)  # 1024x600 less a taskbar


@pytest.mark.parametrize("available", [LAPTOP, NETBOOK, QRect(1366, 0, 1920, 1040)])
def test_the_first_window_fits_the_available_screen_with_room_for_its_title_bar(
    available: QRect,
) -> None:
    geometry = initial_geometry(available)
    assert available.contains(geometry)
    assert geometry.top() - available.top() >= 32  # the title bar stays on the screen
    assert geometry.width() <= 1200 and geometry.height() <= 760
    if available == LAPTOP:
        assert (geometry.width(), geometry.height()) == (1200, 696)


def test_a_new_window_is_placed_inside_the_screen_it_opens_on(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    window = open_window(qtbot, _private_data_dir, translations)
    available = window.screen().availableGeometry()
    assert available.contains(window.geometry()), (available, window.geometry())
    close_window(window)


def sideways(root: QWidget) -> list[str]:
    """Every visible scroll area under ``root`` that scrolls (or would need to) sideways."""
    found = []
    for area in root.findChildren(QAbstractScrollArea):
        if not area.isVisible() or area.width() <= 0:
            continue
        name = f"{type(area).__name__}({area.objectName() or area.parent().objectName()})"
        bar = area.horizontalScrollBar()
        if bar.isVisible() and bar.maximum() > 0:
            found.append(f"{name}: scroll bar up to {bar.maximum()} px")
        if isinstance(area, QScrollArea) and area.widget() is not None:
            need = area.widget().minimumSizeHint().width()
            if need > area.viewport().width():
                found.append(f"{name}: needs {need} px, has {area.viewport().width()} px")
    return found


def settle(window: MainWindow) -> None:
    window.context.tasks.wait_idle()
    for _ in range(5):
        QApplication.processEvents()


@pytest.mark.slow
def test_no_page_scrolls_sideways_at_1280_px(
    qtbot: Any, _private_data_dir: Path, translations: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Layout only: the demo evidence is not read (OCR on the background lane, which every
    # settle() waits for, was most of this test's time). Reading is test_proof.py's subject.
    monkeypatch.setattr(EvidenceReading, "read", lambda _self, _doc: None)
    seeding = AppContext.create(_private_data_dir, inline_tasks=True)
    ids = seed(seeding)
    seeding.close()
    window = open_window(qtbot, _private_data_dir, translations)
    window.resize(1280, 696)
    settle(window)
    assert window.width() == 1280
    problems: dict[str, list[str]] = {}
    for key in ("inovasi", "spd", "sync", "summary"):
        window.show_page(key)
        settle(window)
        problems[key] = sideways(window)

    window.show_page("inovasi")
    window.open_innovation(ids[0])  # the demo innovation with evidence on indicator 16
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.innovation is not None)
    editor = window.editor
    settle(window)
    problems["editor: profile"] = sideways(window)
    for key in editor.rules.indicators:
        panel = editor.indicator_page.show_indicator(key)
        settle(window)
        if panel.findChildren(QWidget, "evidenceList") or key == "16":
            problems[f"editor: indicator {key}"] = sideways(window)
    editor.navigate_to("16")
    settle(window)
    problems["editor: indicator 16 again"] = sideways(window)
    assert {page: found for page, found in problems.items() if found} == {}
    close_window(window)
