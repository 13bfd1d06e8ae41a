"""The Verifikasi desk (verifikator, admin): the review queue of every OPD's submitted
innovations, and the review screen of the one being read.

The queue is read once (``desktop.review.queue.load_queue``, database lane) and filtered in
memory by state group (with counts), OPD, waiting time and name. Enter opens the innovation on
the review screen; after Disetujui / Perlu revisi the desk comes back to the queue with the
next innovation selected. The queue re-reads after every sync run that changed records.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.labels import opd_label
from desktop.review.queue import (
    COLUMNS,
    QueueFilter,
    ReviewQueueModel,
    StateGroup,
    group_label,
    load_queue,
)
from desktop.review.review_screen import ReviewScreen
from desktop.widgets.list_page import list_layout, list_table

WAITING_CHOICES = (0, 3, 7, 14)
REFRESH_MS = 300


class ReviewQueuePage(QWidget):
    """The queue with its filters. ``sig_open(id)`` when an innovation is opened (Enter)."""

    sig_open = Signal(str)
    sig_loaded = Signal()

    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = ReviewQueueModel(self)
        self.title = QLabel(self.tr("Verification"), self)
        self.title.setObjectName("pageTitle")
        self.counts = QLabel(self)
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.counts.setObjectName("muted")
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search innovation name…"))
        self.search.textChanged.connect(self.apply_filter)
        self.group = QComboBox(self)
        self.group.setAccessibleName(self.tr("Filter by state"))
        self.opd = QComboBox(self)
        self.opd.setAccessibleName(self.tr("Filter by OPD"))
        self.waiting = QComboBox(self)
        self.waiting.setAccessibleName(self.tr("Filter by waiting time"))
        for days in WAITING_CHOICES:
            self.waiting.addItem(
                self.tr("Any waiting time") if not days
                else self.tr("Waiting %n day(s) or more", "", days),
                days,
            )  # fmt: skip
        for group in StateGroup:
            self.group.addItem(group_label(group), group.value)
        for combo in (self.group, self.opd, self.waiting):
            combo.currentIndexChanged.connect(self.apply_filter)

        self.table = QTableView(self)
        self.table.setObjectName("reviewQueue")
        list_table(self.table, self.model, self._activated)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COLUMNS.index("opd"), 240)
        header.resizeSection(COLUMNS.index("state"), 130)
        for column in ("waiting", "progress", "files"):  # "Bukti di laptop" was cut short
            index = COLUMNS.index(column)
            header.resizeSection(
                index, max(header.sectionSize(index), header.sectionSizeHint(index))
            )
        self.empty = QLabel(self)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)

        list_layout(
            self,
            self.title,
            [self.counts],
            [(self.search, 2), (self.group, 1), (self.opd, 1), (self.waiting, 1)],
            self.table,
            self.empty,
        )

    def reload(self, select_id: str | None = None) -> None:
        repo, vault = self.context.repo, self.context.vault

        def read() -> tuple[list[Any], list[Any]]:
            present = set(vault.list_blobs())
            return load_queue(repo, present), repo.list_opds()

        self.context.tasks.run_db(read, on_done=lambda result: self._loaded(result, select_id))

    def _loaded(self, result: tuple[list[Any], list[Any]], select_id: str | None) -> None:
        if not isValid(self):
            return
        rows, opds = result
        current = select_id or self.selected_id()
        chosen = self.opd.currentData()
        self.opd.blockSignals(True)
        self.opd.clear()
        self.opd.addItem(self.tr("All OPDs"), None)
        for opd in opds:
            self.opd.addItem(opd_label(opd.id, opd.name), opd.id)
        self.opd.setCurrentIndex(max(self.opd.findData(chosen), 0))
        self.opd.blockSignals(False)
        self.model.set_rows(rows)
        self._after_filter(current)
        self.sig_loaded.emit()

    @Slot()
    def apply_filter(self, *_args: object) -> None:
        current = self.selected_id()
        self.model.set_filter(
            QueueFilter(
                group=StateGroup(self.group.currentData()),
                opd_id=self.opd.currentData(),
                min_days=int(self.waiting.currentData() or 0),
                search=self.search.text(),
            )
        )
        self._after_filter(current)

    def _after_filter(self, current: str | None) -> None:
        counts = self.model.counts()
        for index in range(self.group.count()):
            group = StateGroup(self.group.itemData(index))
            self.group.setItemText(index, f"{group_label(group)} ({counts.get(group, 0)})")
        to_review = counts.get(StateGroup.TO_REVIEW, 0)
        self.counts.setText(
            self.tr("%n to review", "", to_review)
            + " · "
            + self.tr("%n shown", "", self.model.rowCount())
        )
        if self.model.rowCount() == 0:
            self.empty.setText(
                self.tr("Nothing here. Submitted innovations arrive with the synchronisation.")
            )
            self.empty.show()
        else:
            self.empty.hide()
        row = self.model.row_of(current) if current else None
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            self.table.selectRow(row)

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()].id if rows else None

    def select_after(self, innovation_id: str) -> None:
        """Select the row after ``innovation_id`` (the next one to review)."""
        row = self.model.row_of(innovation_id)
        if row is not None and row + 1 < self.model.rowCount():
            self.table.selectRow(row + 1)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_open.emit(self.model.rows[index.row()].id)


class ReviewDeskPage(QWidget):
    """The Verifikasi nav page: the queue, replaced by the review screen while one is open."""

    sig_open_in_editor = Signal(str)

    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.stack = QStackedWidget(self)
        self.queue = ReviewQueuePage(context, self.stack)
        self.queue.sig_open.connect(self.open_review)
        self.stack.addWidget(self.queue)
        self.review_screen: ReviewScreen | None = None
        self._next_after: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._refresh)
        bridge = getattr(context, "sync_bridge", None)
        if bridge is not None:
            bridge.sig_records_changed.connect(self._records_changed)
        self.queue.reload()

    @Slot(str, object)
    def _records_changed(self, _record_type: str, _ids: object) -> None:
        self._timer.start()

    def _refresh(self) -> None:
        if self.context.tasks.closed:
            return
        if self.review_screen is None:
            self.queue.reload()
        else:
            self.review_screen.reload()

    def refresh(self) -> None:
        """The page is shown again: read the queue (or the open innovation) anew."""
        self._refresh()

    @Slot(str)
    def open_review(self, innovation_id: str) -> ReviewScreen:
        self.close_review()
        screen = ReviewScreen(self.context, innovation_id, self.stack)
        screen.sig_back.connect(self.close_review)
        screen.sig_finished.connect(self._finished)
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        self.review_screen = screen
        screen.setFocus()
        return screen

    @Slot()
    def close_review(self) -> None:
        screen = self.review_screen
        if screen is None:
            return
        rid = screen.innovation_id
        self.review_screen = None
        self.stack.setCurrentWidget(self.queue)
        self.stack.removeWidget(screen)
        screen.deleteLater()
        self.queue.reload(select_id=self._next_after or rid)
        self._next_after = None
        self.queue.table.setFocus()

    @Slot(str)
    def _finished(self, innovation_id: str) -> None:
        """Back to the queue, the next innovation selected (Enter opens it)."""
        row = self.queue.model.row_of(innovation_id)
        rows = self.queue.model.rows
        self._next_after = None
        if row is not None and row + 1 < len(rows):
            self._next_after = rows[row + 1].id
        elif row is not None and row > 0:
            self._next_after = rows[row - 1].id
        self.close_review()
