"""The editor's score panel keeps every line readable however long its lists grow: a returned
innovation with many verdicts, or a draft with many blockers, scrolls inside the panel instead
of cutting its word-wrapped lines off (the panel is as tall as the editor, not as its text)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QLabel

from desktop.windows.editor.score_panel import Rejection, ScorePanel


def test_a_long_list_of_verdicts_scrolls_and_no_line_is_cut(qtbot: Any) -> None:
    panel = ScorePanel("id")
    qtbot.addWidget(panel)
    rejections = [
        Rejection(str(k), f"{k}. Indikator dengan nama yang cukup panjang", 3, 1, Decimal(2),
                  "Bukti belum menunjukkan level yang diklaim.", "tidak_sesuai")
        for k in range(16, 30)
    ]  # fmt: skip
    panel.update_scores(
        claimed=Decimal(77), maximum=Decimal(111), verified=Decimal(49), answered=20, total=20,
        mandatory_open=[], blockers=[], names={}, rejections=rejections,
    )  # fmt: skip
    panel.resize(300, 500)  # a laptop editor's height
    panel.show()
    qtbot.waitExposed(panel)
    label: QLabel = panel.rejections
    assert label.isVisible()
    # The label has the height its wrapped text needs; the panel scrolls to show the rest.
    assert label.height() >= label.heightForWidth(label.width())
    bar = panel.body_scroll.verticalScrollBar()
    assert bar.maximum() > 0
    # Every widget is inside the panel's width (nothing to scroll sideways).
    assert label.width() <= panel.body_scroll.viewport().width()
