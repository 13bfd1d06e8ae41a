"""The app's own start path (``run_app``): the window frame first, then the list (read with plain
sqlite3 when the store needs no migration), then the store and pages; a store that cannot be
opened is reported and left untouched; an older one is migrated before anything reads it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
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


def _seed_store(folder: Path, names: list[str]) -> list[str]:
    """A store at this release's schema with innovations named ``names``."""
    from iid.records import InnovationProfile
    from sync.local.db import Store
    from sync.local.repository import Repository

    with Store(folder / "store.sqlite") as store:
        repo = Repository(store)
        ids = []
        for name in names:
            innovation = repo.create_innovation(2025)
            repo.update_profile(innovation.id, InnovationProfile(nama=name))
            ids.append(innovation.id)
    return ids


def test_the_list_shows_before_the_store_opens_and_an_early_open_waits_for_it(
    qtbot: Any, _private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _seed_store(_private_data_dir, ["Puskesmas Keliling", "Pasar Digital"])
    seen: dict[str, Any] = {}
    original_show_list, original_attach = MainWindow.show_list, MainWindow.attach

    def show_list(self: MainWindow, source: Any) -> None:
        original_show_list(self, source)
        seen.setdefault("first_source", type(source).__name__)
        seen.setdefault("rows", self.list_page.model.total)
        seen.setdefault("new_enabled_early", self.list_page.new_button.isEnabled())
        seen.setdefault("data_actions_early", self.new_action.isEnabled())
        self.list_page.sig_open.emit(ids[1])  # the officer opens one before the store is open

    def attach(self: MainWindow, context: Any) -> None:
        seen["editor_before_attach"] = self.editor is not None
        original_attach(self, context)
        seen["source_after_attach"] = type(self.list_page.model.source).__name__

    def start_sync(window: Any) -> None:
        seen["opened"] = getattr(window.editor, "innovation_id", None)
        seen["new_enabled"] = window.list_page.new_button.isEnabled()
        window.close()

    monkeypatch.setattr(MainWindow, "show_list", show_list)
    monkeypatch.setattr(MainWindow, "attach", attach)
    monkeypatch.setattr(desktop_app, "start_sync", start_sync)
    assert desktop_app.run_app("id") == 0
    assert seen["first_source"] == "ListReader"  # plain sqlite3, before the ORM
    assert seen["rows"] == 2
    assert seen["new_enabled_early"] is False and seen["data_actions_early"] is False
    assert seen["editor_before_attach"] is False
    assert seen["source_after_attach"] == "Repository"
    assert seen["opened"] == ids[1]  # the early open happened once the store was there
    assert seen["new_enabled"] is True


def test_an_older_store_is_migrated_before_anything_reads_it(
    qtbot: Any, _private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sync.local.db import run_migrations
    from tests.store.test_migrations import write_first_release_data

    run_migrations(_private_data_dir / "store.sqlite", "0001_initial")  # as the first release
    write_first_release_data(_private_data_dir / "store.sqlite")
    monkeypatch.setattr(  # a refusal would block the test in a modal dialog: fail instead
        QMessageBox, "critical", staticmethod(lambda *a: pytest.fail(f"refused: {a[2]}"))
    )
    sources: list[str] = []
    original_show_list = MainWindow.show_list

    def show_list(self: MainWindow, source: Any) -> None:
        sources.append(type(source).__name__)
        backups = list(_private_data_dir.glob("store.sqlite.bak-0001_initial"))
        sources.append(f"backups={len(backups)}")
        original_show_list(self, source)
        sources.append(f"rows={self.list_page.model.total}")

    monkeypatch.setattr(MainWindow, "show_list", show_list)
    monkeypatch.setattr(desktop_app, "start_sync", lambda window: window.close())
    assert desktop_app.run_app("id") == 0
    # No early sqlite read: the store was backed up and migrated, then the list came.
    assert sources == ["Repository", "backups=1", "rows=1"]


def test_the_first_list_is_painted_from_one_read_before_the_store_machinery_loads(
    _private_data_dir: Path,
) -> None:
    """What the first list does not need loads after it is painted: the ORM and validation,
    the rule sets (TOML), the record dataclasses, orjson, QtNetwork (the single-instance
    server listens once the store opens); and the list is read once: a count, a page, the
    OPDs of the filter menu."""
    _seed_store(_private_data_dir, ["Puskesmas Keliling"])
    script = """
import sys
from desktop import app
from desktop.windows.main_window import MainWindow
from sync.local.listing import ListReader
reads = []
read = ListReader._read
def counted(self, sql, params=()):
    reads.append("count" if "count(*)" in sql else "opds" if "FROM opd " in sql else "page")
    return read(self, sql, params)
ListReader._read = counted
show_list = MainWindow.show_list
def spy(self, source):
    show_list(self, source)
    late = ("sqlalchemy", "pydantic", "alembic", "iid.rules", "iid.records", "tomllib",
            "orjson", "PySide6.QtNetwork")
    print("listed", self.list_page.model.total, sorted(m for m in late if m in sys.modules),
          sorted(reads), flush=True)
MainWindow.show_list = spy
sys.exit(app.main(["--exit-when-listed"]))
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "listed 1 [] ['count', 'opds', 'page']" in out.stdout, out.stdout


def test_a_first_list_read_that_fails_unexpectedly_goes_on_to_open_the_store(
    qtbot: Any, _private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not only ``sqlite3.Error``: whatever the early read raises, the app opens the store and
    shows the list from it (it stayed on "Membuka data Anda…" with a traceback on stderr)."""
    _seed_store(_private_data_dir, ["Puskesmas Keliling"])
    original_show_list = MainWindow.show_list

    def show_list(self: MainWindow, source: Any) -> None:
        if type(source).__name__ == "ListReader":  # the early read only
            raise RuntimeError("an unexpected failure of the early reader")
        original_show_list(self, source)

    monkeypatch.setattr(MainWindow, "show_list", show_list)
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda *a: pytest.fail(f"refused: {a[2]}"))
    )
    seen: dict[str, Any] = {}

    def start_sync(window: Any) -> None:
        seen["rows"] = window.list_page.model.total
        seen["source"] = type(window.list_page.model.source).__name__
        seen["loading"] = window.loading_label
        window.close()

    monkeypatch.setattr(desktop_app, "start_sync", start_sync)
    assert desktop_app.run_app("id") == 0
    assert seen == {"rows": 1, "source": "Repository", "loading": None}


def test_a_row_this_release_cannot_read_is_reported_with_what_to_do(
    qtbot: Any, _private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workflow state this release does not know (written by a newer one): no blank window,
    a message that says what to do, and the row left as it was."""
    _seed_store(_private_data_dir, ["Puskesmas Keliling"])
    con = sqlite3.connect(_private_data_dir / "store.sqlite")
    con.execute("UPDATE innovations SET workflow_state = 'from_a_newer_release'")
    con.commit()
    con.close()
    messages: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _parent, _title, text: messages.append(text))
    )
    monkeypatch.setattr(desktop_app, "start_sync", lambda window: pytest.fail("started"))
    assert desktop_app.run_app("id") == 1
    assert len(messages) == 1, messages
    assert "tidak dapat dibaca oleh versi Inovasi Desk ini" in messages[0]
    assert "Tidak ada yang diubah atau dihapus" in messages[0]
    assert "Pasang versi terbaru Inovasi Desk" in messages[0]
    con = sqlite3.connect(_private_data_dir / "store.sqlite")
    assert con.execute("SELECT workflow_state FROM innovations").fetchall() == [
        ("from_a_newer_release",)
    ]
    con.close()
