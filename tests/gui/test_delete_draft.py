"""Deleting a draft made by mistake, on the real widgets: from the list (Delete key, button)
and from the editor; a never-sent draft just disappears, a sent one is deleted on the real
server too (over loopback), and only drafts are offered."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from desktop.models.innovation_list import COLUMNS
from desktop.windows.main_window import MainWindow
from iid.records import WorkflowState
from tests.gui.sync_support import close_window, open_window
from tests.server.live import running_server

pytestmark = pytest.mark.gui


class BoxAnswer:
    """Answers the next message box by clicking the button with ``button_text`` (as a person
    would, while the box's own event loop runs); remembers what the box said."""

    def __init__(self, button_text: str) -> None:
        self.button_text = button_text
        self.text = ""
        self.default = ""
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return
        self.timer.stop()
        self.text = box.text()
        default = box.defaultButton()
        self.default = default.text() if default is not None else ""
        button = next(b for b in box.buttons() if b.text() == self.button_text)
        assert isinstance(button, QPushButton)
        button.click()


def row_named(window: MainWindow, name: str) -> int:
    model = window.list_page.model
    rows = [r for r in range(model.rowCount()) if model.index(r, 0).data() == name]
    assert len(rows) == 1, [model.index(r, 0).data() for r in range(model.rowCount())]
    return rows[0]


def names(window: MainWindow) -> list[str]:
    model = window.list_page.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def wait(qtbot: Any, condition: Callable[[], bool], timeout: int = 10000) -> None:
    qtbot.waitUntil(condition, timeout=timeout)


def test_a_never_sent_draft_goes_with_the_delete_key_after_one_question(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    window = open_window(qtbot, _private_data_dir, translations, activate=True)
    repo = window.context.repo
    keep = repo.create_innovation(2026, nama="Sekolah Ramah Anak")
    mistake = repo.create_innovation(2026)  # Ctrl+N by mistake: nothing typed
    submitted = repo.create_innovation(2026, nama="Sudah Diajukan")
    repo.set_innovation_state(submitted.id, WorkflowState.DIAJUKAN)
    page = window.list_page
    page.refresh()
    assert sorted(names(window)) == ["(inovasi tanpa nama)", "Sekolah Ramah Anak", "Sudah Diajukan"]

    # A submitted innovation: neither the button nor the key offers a deletion.
    page.table.setFocus()
    page.table.selectRow(row_named(window, "Sudah Diajukan"))
    assert not page.delete_button.isEnabled()
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    QTest.qWait(100)
    assert QApplication.activeModalWidget() is None
    assert repo.count_innovations() == 3

    # Escape-like answer first: Cancel keeps it.
    page.table.selectRow(row_named(window, "(inovasi tanpa nama)"))
    assert page.delete_button.isEnabled() and page.delete_button.text() == "&Hapus draf"
    answer = BoxAnswer("Batal")
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    wait(qtbot, lambda: answer.text != "")
    window.context.tasks.wait_idle()
    assert repo.get_innovation(mistake.id) is not None

    answer = BoxAnswer("&Hapus draf")
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    wait(qtbot, lambda: repo.get_innovation(mistake.id) is None)
    window.context.tasks.wait_idle()
    assert answer.text == (
        "Hapus draf “(inovasi tanpa nama)”? Draf ini belum pernah dikirim, jadi hanya ada di "
        "laptop ini dan tidak dapat dikembalikan."
    )
    assert answer.default == "&Hapus draf"  # nothing in it: Enter may delete it
    assert sorted(names(window)) == ["Sekolah Ramah Anak", "Sudah Diajukan"]
    queued = {item.record_id for item in repo.outbox.pending_items()}
    assert keep.id in queued and mistake.id not in queued  # nothing to tell the server
    assert window.statusBar().currentMessage() == "Draf “(inovasi tanpa nama)” sudah dihapus."
    assert window.focusWidget() is page.table and page.selected_id() is not None  # next row
    assert repo.get_innovation(keep.id) is not None
    close_window(window)


def test_the_editor_deletes_its_draft_and_goes_back_to_the_list(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    window = open_window(qtbot, _private_data_dir, translations, activate=True)
    repo = window.context.repo
    made = repo.create_innovation(2026, nama="Salah Ketik")
    repo.set_claimed_level(made.id, "16", 2)
    window.open_innovation(made.id)
    wait(qtbot, lambda: window.editor is not None and window.editor.innovation is not None)
    editor = window.editor
    assert editor.delete_button.isVisible()
    # An edit still in the debounce window is written before the question, not after.
    name = editor.profile_page.inputs["nama"]
    name.edit.setText("Salah Ketik Lagi")
    name.edit.textEdited.emit(name.edit.text())
    answer = BoxAnswer("&Hapus draf")
    editor.delete_button.click()
    wait(qtbot, lambda: window.editor is None)
    window.context.tasks.wait_idle()
    assert "Salah Ketik Lagi" in answer.text
    assert answer.default == "Batal"  # it has content: Enter keeps it
    assert repo.get_innovation(made.id) is None and repo.count_innovations() == 0
    assert window.list_page.isVisible()
    assert window.statusBar().currentMessage() == "Draf “Salah Ketik Lagi” sudah dihapus."
    assert window.editor_host is None

    # A submitted innovation's editor offers no deletion.
    sent = repo.create_innovation(2026, nama="Diajukan")
    repo.set_innovation_state(sent.id, WorkflowState.DIAJUKAN)
    window.open_innovation(sent.id)
    wait(qtbot, lambda: window.editor is not None and window.editor.innovation is not None)
    assert not window.editor.delete_button.isVisible()
    close_window(window)


def test_a_sent_draft_is_deleted_on_the_server_too(
    qtbot: Any, _private_data_dir: Path, tmp_path: Path, translations: Any
) -> None:
    with running_server(tmp_path / "server") as live:
        window = open_window(qtbot, _private_data_dir, translations, live.url, activate=True)
        bridge, repo = window.sync_bridge, window.context.repo
        made = repo.create_innovation(2026, nama="Draf Terkirim")
        bridge.start()
        assert bridge.sign_in_demo("operator", "demo-operator")  # adopts the draft, sends it
        wait(qtbot, lambda: repo.outbox_count() == 0, 30000)
        with live.client("operator") as client:
            assert client.get(f"/records/{made.id}").json()["deleted"] is False
        page = window.list_page
        page.refresh()
        page.table.setFocus()
        row = row_named(window, "Draf Terkirim")
        page.table.selectRow(row)
        # The OPD by the name the sign-in brought, not its id.
        opd = live.user("operator")
        shown_opd = page.model.index(row, COLUMNS.index("opd_name")).data()
        assert shown_opd == opd["opd_name"] and shown_opd != opd["opd_id"]
        answer = BoxAnswer("&Hapus draf")
        page.delete_button.click()
        wait(qtbot, lambda: repo.get_innovation(made.id) is None)
        window.context.tasks.wait_idle()
        assert answer.text.startswith("Hapus draf “Draf Terkirim” dari laptop ini dan dari server")
        assert "sinkronisasi berikutnya" in window.statusBar().currentMessage()
        assert names(window) == []
        bridge.sync_now()  # as "Sinkronkan sekarang" would
        wait(qtbot, lambda: repo.outbox_count() == 0, 30000)
        with live.client("operator") as client:
            record = client.get(f"/records/{made.id}").json()
        assert record["deleted"] is True and record["version"] == 2
        close_window(window)
