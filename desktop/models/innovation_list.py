"""The innovation list as a Qt table model over the repository, one page at a time.

Rows come from ``list_innovations`` of a :class:`ListSource` (the ``ListReader`` the app paints
its first list with before the store's ORM has loaded, then the ``Repository``) in pages of
``PAGE_SIZE`` as the view scrolls (``canFetchMore``/``fetchMore``): with 10,000 innovations the
model holds only what was shown.
Sorting and filtering are done by the database (indexed queries), never in Python.
Page reads run on the GUI thread: a page is one indexed query of a few milliseconds
(``bench/store_list.py``), cheaper than a round trip through the database lane, and SQLite in
WAL mode lets it read while the lane writes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from desktop.labels import format_number, innovation_title, opd_label, sync_label, workflow_label
from iid.states import SyncState, WorkflowState
from sync.local.listing import InnovationFilter, InnovationSummary, OpdInfo

PAGE_SIZE = 200
RETURNED_BACKGROUND = "#fff3cd"
"""Rows of innovations returned for revision (Perlu revisi)."""
ID_ROLE = Qt.ItemDataRole.UserRole + 1
# The roles ``data`` answers, as the plain ints Qt passes: the view asks every cell for a dozen
# roles each time it paints, and every other role is answered at once.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ANSWERED = frozenset({int(ID_ROLE), _DISPLAY, _TOOLTIP, _ALIGNMENT, _BACKGROUND, _FONT})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

Index = QModelIndex | QPersistentModelIndex

# The repository's sort key of each column, in display order.
COLUMNS: tuple[str, ...] = (
    "nama",
    "opd_name",
    "tahapan",
    "workflow_state",
    "completeness",
    "kematangan",
    "sync_state",
)


class ListSource(Protocol):
    """Where the list's rows come from: ``sync.local.listing.ListReader`` or the ``Repository``
    (which hands these calls to one)."""

    def count_innovations(self, f: InnovationFilter | None = None) -> int: ...

    def list_innovations(
        self, f: InnovationFilter | None, sort_key: str, descending: bool, offset: int, limit: int
    ) -> list[InnovationSummary]: ...

    def list_opds(self) -> list[OpdInfo]: ...

    def sync_states(self, ids: Iterable[str]) -> dict[str, SyncState]: ...


class InnovationListModel(QAbstractTableModel):
    """Paged, database-sorted, database-filtered innovations."""

    def __init__(self, source: ListSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._filter = InnovationFilter()
        self._sort_key = "updated_at"
        self._descending = True
        self._rows: list[InnovationSummary] = []
        self._total = 0

    # --- what the page asks for ----------------------------------------------------------------

    @property
    def total(self) -> int:
        """How many innovations match the filter (not just those fetched)."""
        return self._total

    def set_filter(self, f: InnovationFilter) -> None:
        self._filter = f
        self.refresh()

    @property
    def source(self) -> ListSource:
        return self._source

    def set_source(self, source: ListSource) -> None:
        """Read from ``source`` from now on (the same store; rows already shown stay)."""
        self._source = source

    def current_filter(self) -> InnovationFilter:
        return self._filter

    def refresh(self) -> None:
        """Re-read the count and the first page (after an edit, a pull, a filter change)."""
        self.beginResetModel()
        self._total = self._source.count_innovations(self._filter)
        self._rows = self._page(0)
        self.endResetModel()

    def innovation_id(self, row: int) -> str:
        return self._rows[row].id

    def summary(self, row: int) -> InnovationSummary:
        return self._rows[row]

    def update_sync_states(self, ids: Iterable[str]) -> bool:
        """A sync run changed these innovations: their loaded rows' sync column is read again
        (one indexed query). Returns False when one of them is not loaded (a record new to
        this list: the caller refreshes the page)."""
        wanted = set(ids)
        rows = {s.id: i for i, s in enumerate(self._rows) if s.id in wanted}
        complete = len(rows) == len(wanted)
        if rows:
            states = self._source.sync_states(rows)
            column = COLUMNS.index("sync_state")
            for rid, row in rows.items():
                state = states.get(rid)
                if state is None:
                    complete = False  # deleted on the server: the page is read again
                elif state != self._rows[row].sync_state:
                    self._rows[row] = dataclasses.replace(self._rows[row], sync_state=state)
                    index = self.index(row, column)
                    self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        return complete

    def row_of(self, innovation_id: str) -> int | None:
        for row, summary in enumerate(self._rows):
            if summary.id == innovation_id:
                return row
        return None

    def _page(self, offset: int) -> list[InnovationSummary]:
        return self._source.list_innovations(
            self._filter, self._sort_key, self._descending, offset, PAGE_SIZE
        )

    # --- Qt model --------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        page = self._page(len(self._rows))
        if not page:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort_key = COLUMNS[column]
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return column_title(section)
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role not in _ANSWERED:
            return None
        row = index.row()
        if not index.isValid() or row >= len(self._rows):
            return None
        summary = self._rows[row]
        key = COLUMNS[index.column()]
        if role == ID_ROLE:
            return summary.id
        if role == _DISPLAY:
            return _display(summary, key)
        if role == _TOOLTIP and key == "nama":
            return f"{innovation_title(summary.nama)} — {summary.rule_year}"
        if role == _ALIGNMENT and key in ("completeness", "kematangan"):
            return _RIGHT
        if summary.workflow_state is WorkflowState.REVISI:
            # Returned for revision: the OPD has work to do (the verifier's notes are in it).
            if role == _BACKGROUND:  # a colour: a QBrush's first construction costs ~20 ms
                return QColor(RETURNED_BACKGROUND)
            if role == _FONT and key in ("nama", "workflow_state"):
                font = QFont()
                font.setBold(True)
                return font
            if role == _TOOLTIP:
                return QCoreApplication.translate(
                    "InnovationListModel",
                    "Returned for revision: open it to read the verifier's notes, fix, and "
                    "submit again.",
                )
        return None


def column_title(section: int) -> str:
    titles = {
        "nama": QCoreApplication.translate("InnovationListModel", "Name"),
        "opd_name": QCoreApplication.translate("InnovationListModel", "OPD"),
        "tahapan": QCoreApplication.translate("InnovationListModel", "Stage"),
        "workflow_state": QCoreApplication.translate("InnovationListModel", "Workflow"),
        "completeness": QCoreApplication.translate("InnovationListModel", "Complete"),
        "kematangan": QCoreApplication.translate("InnovationListModel", "Kematangan"),
        "sync_state": QCoreApplication.translate("InnovationListModel", "Sync"),
    }
    return titles[COLUMNS[section]]


def _display(summary: InnovationSummary, key: str) -> str:
    if key == "nama":
        return innovation_title(summary.nama)
    if key == "opd_name":
        return opd_label(summary.opd_id, summary.opd_name)
    if key == "tahapan":
        return summary.tahapan or "—"
    if key == "workflow_state":
        return workflow_label(summary.workflow_state)
    if key == "sync_state":
        return sync_label(summary.sync_state)
    if key == "completeness":
        return "—" if summary.completeness is None else f"{summary.completeness} %"
    if key == "kematangan":
        return "—" if summary.kematangan is None else format_number(summary.kematangan, 0)
    return ""
