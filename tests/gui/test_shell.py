"""The main window on real widgets, a real store and real task threads: navigation, the paged
list, search, filters, keyboard shortcuts, language, remembered window state, Ringkasan,
backup, and everything still there after closing and reopening the app."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.context import AppContext
from desktop.models.innovation_list import COLUMNS, PAGE_SIZE
from desktop.windows.main_window import MainWindow
from iid.records import WorkflowState

pytestmark = pytest.mark.gui


def open_app(qtbot: Any, data_dir: Path, translations: Any, *, inline: bool = False) -> MainWindow:
    ctx = AppContext.create(data_dir, inline_tasks=inline)
    translations.install(ctx.language)
    window = MainWindow(ctx, translations)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):  # shortcuts reach only the active window
        window.show()
        window.activateWindow()
    return window


def close_app(window: MainWindow) -> None:
    window.close()
    window.context.close()


def test_ctrl_n_creates_an_innovation_that_survives_closing_the_app(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    window = open_app(qtbot, _private_data_dir, translations)
    QTest.keySequence(window, "Ctrl+N")
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.innovation is not None)
    name = window.editor.profile_page.inputs["nama"]
    name.edit.setFocus()
    QTest.keyClicks(name.edit, "Sekolah Ramah Anak")
    QTest.keySequence(window.editor_host, "Alt+Left")  # back to the list: flushes the editor
    assert window.editor is None
    qtbot.waitUntil(lambda: window.list_page.model.total == 1)
    assert window.list_page.model.index(0, 0).data() == "Sekolah Ramah Anak"
    close_app(window)

    again = open_app(qtbot, _private_data_dir, translations)
    model = again.list_page.model
    assert model.total == 1
    assert model.index(0, 0).data() == "Sekolah Ramah Anak"
    assert model.index(0, COLUMNS.index("workflow_state")).data() == "Draf"
    close_app(again)


def test_list_loads_pages_not_everything_and_sorts_in_the_database(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    seed = AppContext.create(_private_data_dir, inline_tasks=True)
    count = PAGE_SIZE * 2 + 37
    for number in range(count):
        seed.repo.create_innovation(rule_year=2026, nama=f"Inovasi {number:04d}")
    seed.close()

    window = open_app(qtbot, _private_data_dir, translations)
    model = window.list_page.model
    assert model.total == count
    assert model.rowCount() <= PAGE_SIZE * 2  # the view may fetch one more page to fill itself
    window.list_page.table.scrollToBottom()
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == count

    window.list_page.table.sortByColumn(COLUMNS.index("nama"), Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == f"Inovasi {count - 1:04d}"
    window.list_page.table.sortByColumn(COLUMNS.index("nama"), Qt.SortOrder.AscendingOrder)
    assert model.index(0, 0).data() == "Inovasi 0000"
    assert "innovation" not in window.list_page.count_label.text()  # Indonesian: "inovasi"
    assert str(count) in window.list_page.count_label.text()
    close_app(window)


def test_ctrl_f_search_as_you_type_and_state_filter(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    seed = AppContext.create(_private_data_dir, inline_tasks=True)
    for nama in ("Puskesmas Keliling", "Sekolah Digital", "Posyandu Digital", "Pasar Rakyat"):
        seed.repo.create_innovation(rule_year=2026, nama=nama)
    submitted = seed.repo.create_innovation(rule_year=2026, nama="Desa Digital")
    seed.repo.set_innovation_state(submitted.id, WorkflowState.DIAJUKAN)
    seed.close()

    window = open_app(qtbot, _private_data_dir, translations)
    page = window.list_page
    QTest.keySequence(window, "Ctrl+F")
    assert page.search.hasFocus()
    QTest.keyClicks(page.search, "digi")
    qtbot.waitUntil(lambda: page.model.total == 3, timeout=60_000)
    page.state_filter.setCurrentIndex(page.state_filter.findData(WorkflowState.DIAJUKAN.value))
    assert page.model.total == 1
    assert page.model.index(0, 0).data() == "Desa Digital"
    page.search.clear()
    page.state_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.model.total == 5, timeout=60_000)

    page.table.setFocus()
    page.select(submitted.id)
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.innovation is not None)
    assert window.editor.innovation_id == submitted.id
    close_app(window)


def test_language_switch_retranslates_the_shell_and_is_remembered(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    window = open_app(qtbot, _private_data_dir, translations)
    assert window.nav.item(0).text() == "Inovasi"
    assert window.nav.item(3).text() == "Ringkasan"
    window.set_language("en")
    assert window.nav.item(0).text() == "Innovations"
    assert window.list_page.new_button.text() == "&New innovation"
    close_app(window)

    again = open_app(qtbot, _private_data_dir, translations)
    assert again.context.language == "en"
    assert again.nav.item(2).text() == "Synchronisation"
    again.set_language("id")
    assert again.nav.item(2).text() == "Sinkronisasi"
    close_app(again)


def test_window_geometry_is_remembered_between_runs(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    window = open_app(qtbot, _private_data_dir, translations)
    window.resize(790, 650)  # within the offscreen screen (800x800)
    close_app(window)
    again = open_app(qtbot, _private_data_dir, translations)
    assert (again.width(), again.height()) == (790, 650)
    close_app(again)
    third = open_app(qtbot, _private_data_dir, translations)
    assert (third.width(), third.height()) == (790, 650)
    written = (_private_data_dir / "settings.ini").stat().st_ino  # Qt writes anew and renames
    close_app(third)
    # Closed as it was opened: nothing to remember, so the file is not written again.
    assert (_private_data_dir / "settings.ini").stat().st_ino == written


def test_navigation_by_keyboard_and_summary_shows_the_index(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    seed = AppContext.create(_private_data_dir, inline_tasks=True)
    innovation = seed.repo.create_innovation(rule_year=2026, nama="Layanan Kilat")
    seed.repo.update_profile(
        innovation.id,
        dataclasses.replace(innovation.profile, waktu_penerapan=datetime.date(2025, 2, 3)),
    )
    for key in ("16", "17", "33"):
        seed.repo.set_claimed_level(innovation.id, key, 3)
    seed.close()

    window = open_app(qtbot, _private_data_dir, translations)
    QTest.keySequence(window, "Alt+4")
    assert window.current_page_key() == "summary"
    page = window.summary_page
    qtbot.waitUntil(lambda: page.projection is not None)
    # A draft is potential, not counted: 16 (bobot 3), 17 (2), 33 (3) at level 3 would add
    # kematangan 24 over k = 12 seats once submitted.
    projection = page.projection
    assert projection.claimed.n == 0 and projection.claimed.kursi_kosong == 12
    (row,) = projection.innovations
    assert row.status.value == "potensi" and row.kematangan_klaim == 24
    assert projection.potensi_gain > 0
    assert page.loaded.source == "local"  # no server set up: computed from this laptop
    texts = [w.text() for w in page.body.findChildren(type(window.sync_status_label))]
    assert any("Indeks (level yang diklaim)" in t for t in texts)
    QTest.keySequence(window, "Alt+2")
    assert window.current_page_key() == "spd"
    close_app(window)


def test_backup_from_the_file_menu_writes_a_checked_copy(
    qtbot: Any, _private_data_dir: Path, translations: Any, tmp_path: Path
) -> None:
    window = open_app(qtbot, _private_data_dir, translations)
    window.context.repo.create_innovation(rule_year=2026, nama="Cadangan")
    target = tmp_path / "usb"
    target.mkdir()
    window.backup_data(str(target))
    qtbot.waitUntil(lambda: any(target.iterdir()), timeout=60_000)
    window.context.tasks.wait_idle()
    folder = next(target.iterdir())
    assert (folder / "store.sqlite").exists() and (folder / "vault.sqlite").exists()
    assert "Cadangan tersimpan" in window.statusBar().currentMessage()
    close_app(window)
