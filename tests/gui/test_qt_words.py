"""Qt's own texts speak Indonesian too: the standard buttons and the file dialog (Qt ships no
Indonesian for them; resources/i18n/qtbase_id.ts does)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QPushButton

pytestmark = pytest.mark.gui


def test_standard_buttons_and_the_file_dialog_are_in_indonesian(
    qtbot: Any, translations: Any
) -> None:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(box)
    texts = {b.text() for b in box.buttons()}
    assert texts == {"Simpan", "Batal"}
    dialog = QFileDialog(None, "Pilih berkas")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = {w.text() for w in dialog.findChildren(QLabel)}
    buttons = {w.text() for w in dialog.findChildren(QPushButton)}
    assert "&Cari di:" in labels and "&Nama berkas:" in labels and "&Jenis berkas:" in labels
    assert "&Buka" in buttons and "Batal" in buttons
