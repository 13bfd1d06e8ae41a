"""Text from users or the server (innovation names, file names, the server's words) shows as
written wherever the desktop puts it: a name like "<b>x</b><img src=...>" is never taken for Qt
rich text (tags swallowed, a local image loaded)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import Qt, QTextDocument
from PySide6.QtWidgets import QMessageBox

from desktop.windows.sync_page import PENDING_COLUMNS
from tests.gui.modal_support import when_modal
from tests.gui.sync_support import close_window, open_window

pytestmark = pytest.mark.gui

NAME = '<b>Pasar</b> <img src="file:///etc/hostname"> &lt;Digital&gt;'


def shown(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What a QLabel, a message box or a tooltip in ``text_format`` shows of ``text``."""
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and Qt.mightBeRichText(text)
    )
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText().replace("\N{OBJECT REPLACEMENT CHARACTER}", "[img]")


def test_a_name_with_markup_shows_as_written(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    window = open_window(qtbot, _private_data_dir, translations, "http://127.0.0.1:9")
    repo = window.context.repo
    innovation = repo.create_innovation(2026, nama=NAME)

    # The Sinkronisasi page: the row's title and its tooltip.
    page = window.sync_page
    window.show_page("sync")
    qtbot.waitUntil(lambda: page.pending_table.rowCount() == 1)
    cell = page.pending_table.item(0, PENDING_COLUMNS.index("record"))
    assert cell.text() == NAME and shown(cell.toolTip()) == NAME

    # The editor's title.
    window.open_innovation(innovation.id)
    qtbot.waitUntil(lambda: window.editor is not None and NAME in window.editor.title.text())
    title = window.editor.title
    assert NAME in shown(title.text(), title.textFormat())
    window.close_editor()

    # The question before deleting the draft names it as written.
    seen: list[str] = []

    def answer(box: QMessageBox) -> None:
        seen.append(shown(box.text(), box.textFormat()))
        next(b for b in box.buttons() if b.text() == "Batal").click()

    window.show_page("inovasi")
    list_page = window.list_page
    list_page.refresh()
    qtbot.waitUntil(lambda: list_page.model.rowCount() == 1)
    list_page.table.selectRow(0)
    when_modal(QMessageBox, answer)
    list_page.delete_button.click()
    qtbot.waitUntil(lambda: bool(seen))
    assert NAME in seen[0]
    assert repo.get_innovation(innovation.id) is not None  # "Batal" kept it
    close_window(window)


def test_text_for_a_place_that_guesses_its_format_shows_as_written() -> None:
    """Tooltips and ``QMessageBox`` static functions guess: ``as_written`` makes the guess
    right, and leaves ordinary text untouched."""
    from desktop.labels import as_written

    for text in (NAME, "Gagal: <img src='x'>\ndi baris dua", "a &lt; b"):
        assert shown(as_written(text)) == text
    assert as_written("Data di /tmp/x tidak dapat dibuka.") == "Data di /tmp/x tidak dapat dibuka."
