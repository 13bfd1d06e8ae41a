"""The innovation list's table model as the view paints it: a row returned for revision stands
out (its colour painted behind the row, its name in bold), other rows do not."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QTableView

from desktop.models.innovation_list import COLUMNS, RETURNED_BACKGROUND, InnovationListModel
from iid.states import SyncState, WorkflowState
from sync.local.listing import InnovationFilter, InnovationSummary, OpdInfo

pytestmark = pytest.mark.gui


def summary(name: str, state: WorkflowState) -> InnovationSummary:
    return InnovationSummary(
        id=name, nama=name, opd_id="", opd_name="", tahapan="Penerapan",
        workflow_state=state, sync_state=SyncState.LOCAL, completeness=50, kematangan=None,
        updated_at=datetime(2026, 12, 6, tzinfo=UTC), rule_year=2026,
    )  # fmt: skip


class Rows:
    """A list source with fixed rows (the model's reads, no store)."""

    def __init__(self, rows: list[InnovationSummary]) -> None:
        self.rows = rows

    def count_innovations(self, f: InnovationFilter | None = None) -> int:
        return len(self.rows)

    def list_innovations(
        self, f: InnovationFilter | None, sort_key: str, descending: bool, offset: int, limit: int
    ) -> list[InnovationSummary]:
        return self.rows[offset : offset + limit]

    def list_opds(self) -> list[OpdInfo]:
        return []

    def sync_states(self, ids: Iterable[str]) -> dict[str, SyncState]:
        return {}


def test_a_row_returned_for_revision_is_painted_in_its_colour_with_a_bold_name(
    qtbot: Any,
) -> None:
    model = InnovationListModel(
        Rows([summary("Draf", WorkflowState.DRAFT), summary("Kembali", WorkflowState.REVISI)])
    )
    model.refresh()
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setAlternatingRowColors(False)
    view.resize(900, 200)
    view.show()
    qtbot.waitExposed(view)

    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    status = COLUMNS.index("tahapan")  # a short text on the left: the right part is background

    def colour_at(row: int) -> str:
        rect = view.visualRect(model.index(row, status))
        x, y = rect.right() - 4, rect.center().y()
        return QColor(image.pixel(int(x * ratio), int(y * ratio))).name()

    assert colour_at(1) == RETURNED_BACKGROUND
    assert colour_at(0) != RETURNED_BACKGROUND
    bold = model.index(1, COLUMNS.index("nama")).data(Qt.ItemDataRole.FontRole)
    assert isinstance(bold, QFont) and bold.bold()
    assert model.index(0, COLUMNS.index("nama")).data(Qt.ItemDataRole.FontRole) is None
