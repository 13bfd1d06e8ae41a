"""The Inovasi page: search as you type, filters, the paged list, and the button for a new one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop.labels import opd_label, workflow_label
from desktop.models.innovation_list import COLUMNS, InnovationListModel, ListSource
from desktop.widgets.list_page import list_layout, list_table
from desktop.windows.delete_draft import ask_and_delete, is_deletable
from iid.rule_files import available_years
from iid.states import WorkflowState
from sync.local.listing import InnovationFilter

if TYPE_CHECKING:
    from desktop.context import AppContext

SEARCH_DEBOUNCE_MS = 200


class InnovationListPage(QWidget):
    """Emits ``sig_open(id)`` when the officer opens an innovation, ``sig_new()`` for Ctrl+N,
    ``sig_deleted(message)`` after a draft was deleted here (Delete key, button, context menu).

    Reads through ``source`` (``context.repo``, or at start-up a ``ListReader`` until the store
    is open: see ``MainWindow.show_list``); deleting waits for ``set_context``."""

    sig_open = Signal(str)
    sig_new = Signal()
    sig_deleted = Signal(str)

    def __init__(self, source: ListSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context: AppContext | None = None
        self.model = InnovationListModel(source, self)

        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.new_button = QPushButton(self)
        self.new_button.clicked.connect(self.sig_new)
        self.delete_button = QPushButton(self)
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self.delete_selected)
        self.delete_action = QAction(self)  # the context menu's entry
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)

        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filter)

        self.state_filter = QComboBox(self)
        self.opd_filter = QComboBox(self)
        self.year_filter = QComboBox(self)
        for combo in (self.state_filter, self.opd_filter, self.year_filter):
            combo.currentIndexChanged.connect(self.apply_filter)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("muted")

        self.table = QTableView(self)
        list_table(self.table, self.model, self._activated)
        # By name to begin with: enabling sorting sorts by the indicator, the list's one read.
        self.table.horizontalHeader().setSortIndicator(
            COLUMNS.index("nama"), Qt.SortOrder.AscendingOrder
        )
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)
        # OPD names are long ("Dinas Penanaman Modal dan PTSP"); the name column takes the rest.
        self.table.horizontalHeader().resizeSection(COLUMNS.index("opd_name"), 220)
        self.table.horizontalHeader().resizeSection(COLUMNS.index("sync_state"), 130)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.installEventFilter(self)  # the Delete key while the list has focus
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)
        self.title.setBuddy(self.table)

        self.top_bar = list_layout(  # desktop.review adds Ajukan to the title row
            self,
            self.title,
            [self.delete_button, self.new_button],
            [(self.search, 2), (self.state_filter, 1), (self.opd_filter, 1), (self.year_filter, 0)],
            self.table,
            self.count_label,
        )
        self.setTabOrder(self.table, self.delete_button)
        self.setTabOrder(self.delete_button, self.new_button)

        self.retranslate()  # fills the filter menus too

    # --- public -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(self.tr("Innovations"))
        self.new_button.setText(self.tr("&New innovation"))
        self.new_button.setToolTip(self.tr("Start a new innovation report (Ctrl+N)"))
        self.delete_button.setText(self.tr("&Delete draft"))
        self.delete_button.setToolTip(
            self.tr("Delete the selected draft (Delete). Only drafts can be deleted.")
        )
        self.delete_action.setText(self.tr("Delete draft"))
        self.search.setPlaceholderText(self.tr("Search innovation name… (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search innovation name"))
        self.state_filter.setAccessibleName(self.tr("Filter by workflow state"))
        self.opd_filter.setAccessibleName(self.tr("Filter by OPD"))
        self.year_filter.setAccessibleName(self.tr("Filter by assessment year"))
        self.reload_choices()
        self._update_count()

    def reload_choices(self) -> None:
        """Fill the filter menus (OPDs come from the store: they change after a sync)."""

        def refill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            position = combo.findData(current)
            combo.setCurrentIndex(max(position, 0))
            combo.blockSignals(False)

        refill(
            self.state_filter,
            [(self.tr("All states"), None)] + [(workflow_label(s), s.value) for s in WorkflowState],
        )
        opds = self.model.source.list_opds()
        refill(
            self.opd_filter,
            [(self.tr("All OPDs"), None)] + [(opd_label(o.id, o.name), o.id) for o in opds],
        )

        refill(
            self.year_filter,
            [(self.tr("All years"), None)] + [(str(y), y) for y in reversed(available_years())],
        )

    @Slot()
    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(
            InnovationFilter(
                search=self.search.text().strip(),
                workflow_state=self.state_filter.currentData(),
                opd_id=self.opd_filter.currentData(),
                rule_year=self.year_filter.currentData(),
            )
        )
        self._update_count()

    def refresh(self, select_id: str | None = None) -> None:
        """Re-read the list (after edits) keeping or moving the selection."""
        current = select_id or self.selected_id()
        self.model.refresh()
        self._update_count()
        if current is not None:
            self.select(current)

    def select(self, innovation_id: str) -> bool:
        row = self.model.row_of(innovation_id)
        while row is None and self.model.canFetchMore():
            self.model.fetchMore()
            row = self.model.row_of(innovation_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.innovation_id(rows[0].row()) if rows else None

    def set_context(self, context: AppContext) -> None:
        """The store is open: deleting a draft works from now on."""
        self.context = context
        self._selection_changed()

    def selected_is_draft(self) -> bool:
        rows = self.table.selectionModel().selectedRows()
        return bool(rows) and is_deletable(self.model.summary(rows[0].row()).workflow_state)

    @Slot()
    def delete_selected(self) -> None:
        """Delete the selected draft after asking (nothing happens for a non-draft)."""
        innovation_id = self.selected_id()
        if self.context is None or innovation_id is None or not self.selected_is_draft():
            return
        row = self.table.selectionModel().selectedRows()[0].row()

        def deleted(message: str, _outcome: object) -> None:
            self.refresh()
            if self.model.rowCount():  # the row that took its place, as a file manager does
                self.table.selectRow(min(row, self.model.rowCount() - 1))
            self.table.setFocus()
            self.sig_deleted.emit(message)

        ask_and_delete(self, self.context, innovation_id, deleted)

    @Slot()
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # --- internals -------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Delete)
        ):
            self.delete_selected()
            return True
        return super().eventFilter(watched, event)

    def _selection_changed(self, *_args: object) -> None:
        deletable = self.context is not None and self.selected_is_draft()
        self.delete_button.setEnabled(deletable)
        self.delete_action.setEnabled(deletable)

    def _context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), lambda: self._activated(index))
        menu.addAction(self.delete_action)
        menu.exec(self.table.viewport().mapToGlobal(position))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_open.emit(self.model.innovation_id(index.row()))

    def _update_count(self) -> None:
        total = self.model.total
        if total == 0 and self.model.current_filter() == InnovationFilter():
            self.count_label.setText(
                self.tr("No innovations yet. Press Ctrl+N to start the first one.")
            )
        else:
            self.count_label.setText(self.tr("%n innovation(s)", "", total))
