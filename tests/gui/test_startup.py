"""The app's own start path (``run_app``): the window frame first, then the store and pages;
a store that cannot be opened is reported and left untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop import app as desktop_app
from desktop.settings import Settings
from desktop.windows.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_frame_first_then_pages_on_the_opened_store_then_sync(
    qtbot: Any, _private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}
    original_attach = MainWindow.attach
    original_start_sync = desktop_app.start_sync

    def attach(self: MainWindow, context: Any) -> None:
        seen["frame_loading_text"] = self.loading_label.text()
        seen["frame_new_enabled"] = self.new_action.isEnabled()
        original_attach(self, context)
        items = [self.nav.item(i) for i in range(self.nav.count())]
        seen["pages"] = [item.text() for item in items if not item.isHidden()]
        seen["new_enabled"] = self.new_action.isEnabled()

    def start_sync(window: Any) -> None:
        # Sync comes last, after the list is there.
        seen["attached_before_sync"] = window.attached
        original_start_sync(window)
        seen["sync_page"] = type(window.page("sync")).__name__
        seen["status"] = window.sync_status_label.text()
        window.close()

    monkeypatch.setattr(MainWindow, "attach", attach)
    monkeypatch.setattr(desktop_app, "start_sync", start_sync)
    assert desktop_app.run_app("id") == 0
    # Before the store was open: the frame said so and offered nothing that needs data.
    assert seen["frame_loading_text"] == "Membuka data Anda…"
    assert seen["frame_new_enabled"] is False
    # Then the four pages, in Indonesian, with the data actions usable.
    assert seen["pages"] == ["Inovasi", "Profil Pemda (SPD)", "Sinkronisasi", "Ringkasan"]
    assert seen["new_enabled"] is True
    # Then sync: the real Sinkronisasi page and a status line (no server configured here).
    assert seen["attached_before_sync"] is True
    assert seen["sync_page"] == "SyncPage"
    assert seen["status"] == "Belum masuk"
    assert (_private_data_dir / "store.sqlite").exists()
    # The window state was saved on close, through the frame's settings.
    assert Settings(_private_data_dir).window_state()[0] is not None


def test_unopenable_store_is_reported_and_left_untouched(
    qtbot: Any, _private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A database from a newer release: the app must refuse it and change nothing.
    store = _private_data_dir / "store.sqlite"
    con = sqlite3.connect(store)
    con.execute("CREATE TABLE alembic_version (version_num TEXT)")
    con.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
    con.execute("CREATE TABLE precious (x TEXT)")
    con.execute("INSERT INTO precious VALUES ('draft')")
    con.commit()
    con.close()
    before = store.read_bytes()
    messages: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _parent, _title, text: messages.append(text))
    )
    rc = desktop_app.run_app("id")
    assert rc == 1
    assert len(messages) == 1
    assert "tidak dapat dibuka" in messages[0]
    assert "Tidak ada yang diubah atau dihapus" in messages[0]
    assert "versi aplikasi yang lebih baru" in messages[0]
    assert store.read_bytes() == before
    assert not list(_private_data_dir.glob("store.sqlite.bak-*"))
