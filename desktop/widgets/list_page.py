"""The frame the list pages share (the innovation list, the Verifikasi desk): a title row, one
row of filters, the table, a line under it, and the keyboard order through them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)


def list_table(table: QTableView, model: Any, on_open: Callable[..., Any]) -> None:
    """A read-only table of rows, one selected at a time, opened with Enter or a double
    click (``on_open(index)``)."""
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.activated.connect(on_open)
    table.doubleClicked.connect(on_open)


def list_layout(
    page: QWidget,
    title: QLabel,
    right: Sequence[QWidget],
    filters: Sequence[tuple[QWidget, int]],
    table: QTableView,
    footer: QWidget,
) -> QHBoxLayout:
    """Lay ``page`` out: the title with ``right`` at the row's end, the filter row (each
    widget with its stretch), the table taking the height, ``footer`` under it; Tab goes from
    the first filter through the others to the table. Returns the title row (pages add to it)."""
    top = QHBoxLayout()
    top.addWidget(title)
    top.addStretch(1)
    for widget in right:
        top.addWidget(widget)
    row = QHBoxLayout()
    for widget, stretch in filters:
        row.addWidget(widget, stretch)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(16, 12, 16, 8)
    layout.addLayout(top)
    layout.addLayout(row)
    layout.addWidget(table, 1)
    layout.addWidget(footer)
    chain = [widget for widget, _ in filters] + [table]
    for before, after in zip(chain, chain[1:], strict=False):
        page.setTabOrder(before, after)
    return top
