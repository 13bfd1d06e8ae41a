"""The verifier's review queue: every innovation of the pemda past the draft, with how long it has
waited, how far its review is, and whether its evidence is on this laptop.

:func:`load_queue` reads the whole queue in four queries (a pemda has a few hundred innovations
in review at most); :func:`filter_rows` filters it in memory by OPD, state group, waiting time
and name, so changing a filter never touches the store (``bench/review.py`` measures it).
:class:`ReviewQueueModel` shows the filtered rows in the desk's table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.labels import innovation_title, opd_label, workflow_label
from iid.records import WorkflowState

translate = QCoreApplication.translate
S = WorkflowState
Index = QModelIndex | QPersistentModelIndex


class StateGroup(StrEnum):
    """The desk's state filter."""

    TO_REVIEW = "to_review"
    """Waiting for a verifier: diajukan (without the OPD step), disahkan OPD."""
    RETURNED = "returned"
    APPROVED = "approved"
    READY = "ready"
    SENT = "sent"
    ALL = "all"


GROUP_STATES: dict[StateGroup, frozenset[WorkflowState]] = {
    StateGroup.TO_REVIEW: frozenset({S.DIAJUKAN, S.DISAHKAN_OPD}),
    StateGroup.RETURNED: frozenset({S.REVISI}),
    StateGroup.APPROVED: frozenset({S.DISETUJUI}),
    StateGroup.READY: frozenset({S.SIAP_KIRIM}),
    StateGroup.SENT: frozenset({S.TERKIRIM}),
    StateGroup.ALL: frozenset(set(S) - {S.DRAFT}),
}


def group_label(group: StateGroup) -> str:
    labels = {
        StateGroup.TO_REVIEW: translate("ReviewQueue", "To review"),
        StateGroup.RETURNED: translate("ReviewQueue", "Returned for revision"),
        StateGroup.APPROVED: translate("ReviewQueue", "Approved"),
        StateGroup.READY: translate("ReviewQueue", "Ready to send"),
        StateGroup.SENT: translate("ReviewQueue", "Sent"),
        StateGroup.ALL: translate("ReviewQueue", "All past draft"),
    }
    return labels[group]


@dataclass(frozen=True)
class QueueRow:
    id: str
    nama: str
    opd_id: str
    opd_name: str
    state: WorkflowState
    waiting_since: datetime
    """When the innovation entered its current state (its last transition)."""
    claimed: int
    judged: int
    """Claimed indicators with a verdict (given here or on the server)."""
    evidence_changed: int
    """Verdicts the server refused because the evidence changed since (to check again)."""
    files: int
    files_here: int
    """Evidence files of the innovation, and how many of them are on this laptop."""

    def waiting_days(self, now: datetime) -> int:
        return max(0, (now - self.waiting_since).days)


@dataclass(frozen=True)
class QueueFilter:
    group: StateGroup = StateGroup.TO_REVIEW
    opd_id: str | None = None
    min_days: int = 0
    search: str = ""


def filter_rows(
    rows: Sequence[QueueRow], f: QueueFilter, now: datetime | None = None
) -> list[QueueRow]:
    """The rows ``f`` keeps, longest waiting first (the order a desk works in)."""
    now = now or datetime.now(UTC)
    states = GROUP_STATES[f.group]
    needle = f.search.strip().casefold()
    kept = [
        r
        for r in rows
        if r.state in states
        and (f.opd_id is None or r.opd_id == f.opd_id)
        and (not f.min_days or r.waiting_days(now) >= f.min_days)
        and (not needle or needle in r.nama.casefold())
    ]
    kept.sort(key=lambda r: (r.waiting_since, r.nama))
    return kept


def group_counts(
    rows: Iterable[QueueRow], f: QueueFilter, now: datetime | None = None
) -> Counter[StateGroup]:
    """How many rows each state group would show with the other filters of ``f`` kept."""
    now = now or datetime.now(UTC)
    out: Counter[StateGroup] = Counter()
    needle = f.search.strip().casefold()
    for r in rows:
        if f.opd_id is not None and r.opd_id != f.opd_id:
            continue
        if f.min_days and r.waiting_days(now) < f.min_days:
            continue
        if needle and needle not in r.nama.casefold():
            continue
        for group, states in GROUP_STATES.items():
            if r.state in states:
                out[group] += 1
    return out


def load_queue(repo: Any, present: set[str] | frozenset[str]) -> list[QueueRow]:
    """Every innovation past the draft, as the queue shows it. ``present``: the sha256 of the
    files in this laptop's vault (``Vault.list_blobs``)."""
    from sqlalchemy import case, func, select, true

    from sync.local.models import (
        DocumentRow,
        InnovationRow,
        Opd,
        VerdictRow,
        WorkflowRequestRow,
    )

    with repo.store.read() as session:
        base = session.execute(
            select(
                InnovationRow.id,
                InnovationRow.nama,
                InnovationRow.opd_id,
                Opd.name,
                InnovationRow.workflow_state,
                InnovationRow.updated_at,
            )
            .outerjoin(Opd, Opd.id == InnovationRow.opd_id)
            .where(InnovationRow.deleted.is_(False), InnovationRow.workflow_state != S.DRAFT.value)
        ).all()
        if not base:
            return []
        # Per innovation: answers with a claimed level, and how many of them have a verdict
        # (the answers are one JSON object per innovation row, read with SQLite's json_each).
        answer = func.json_each(InnovationRow.answers).table_valued("value").alias("answer")
        verdict = func.coalesce(func.json_extract(answer.c.value, "$.verdict"), "pending")
        answers = {
            row[0]: (row[1], row[2])
            for row in session.execute(
                select(
                    InnovationRow.id,
                    func.count(),
                    func.sum(case((verdict != "pending", 1), else_=0)),
                )
                .select_from(InnovationRow)
                .join(answer, true())
                .where(
                    InnovationRow.deleted.is_(False),
                    InnovationRow.workflow_state != S.DRAFT.value,
                    func.json_extract(answer.c.value, "$.claimed_level") > 0,
                )
                .group_by(InnovationRow.id)
            )
        }
        files: dict[str, list[str]] = {}
        for innovation_id, sha in session.execute(
            select(DocumentRow.innovation_id, DocumentRow.sha256).where(
                DocumentRow.sha256.is_not(None)
            )
        ):
            files.setdefault(innovation_id, []).append(sha)
        since: dict[str, datetime] = {}
        for innovation_id, content in session.execute(
            select(VerdictRow.innovation_id, VerdictRow.content).where(
                VerdictRow.deleted.is_(False)
            )
        ):
            history = (content or {}).get("history") or []
            if history and history[-1].get("at"):
                since[innovation_id] = _parse(history[-1]["at"])
        changed = Counter(
            innovation_id
            for (innovation_id,) in session.execute(
                select(WorkflowRequestRow.innovation_id).where(
                    WorkflowRequestRow.state == "refused",
                    WorkflowRequestRow.problem_code == "workflow.evidence_changed",
                )
            )
        )
    out = []
    for rid, nama, opd_id, opd_name, state, updated_at in base:
        claimed, judged = answers.get(rid, (0, 0))
        hashes = files.get(rid, [])
        try:
            shown = WorkflowState(state)
        except ValueError:
            continue
        out.append(
            QueueRow(
                id=rid,
                nama=nama or "",
                opd_id=opd_id or "",
                opd_name=opd_name or "",
                state=shown,
                waiting_since=since.get(rid) or _aware(updated_at),
                claimed=int(claimed or 0),
                judged=int(judged or 0),
                evidence_changed=changed.get(rid, 0),
                files=len(hashes),
                files_here=sum(1 for h in hashes if h in present),
            )
        )
    return out


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _parse(text: str) -> datetime:
    return _aware(datetime.fromisoformat(text.replace("Z", "+00:00")))


COLUMNS = ("nama", "opd", "state", "waiting", "progress", "files")


class ReviewQueueModel(QAbstractTableModel):
    """The filtered queue; ``set_rows`` after a read, ``set_filter`` as the verifier filters."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.all_rows: list[QueueRow] = []
        self.rows: list[QueueRow] = []
        self.filter = QueueFilter()
        self.now = datetime.now(UTC)

    def set_rows(self, rows: Sequence[QueueRow]) -> None:
        self.all_rows = list(rows)
        self.now = datetime.now(UTC)
        self._apply()

    def set_filter(self, f: QueueFilter) -> None:
        self.filter = f
        self._apply()

    def _apply(self) -> None:
        self.beginResetModel()
        self.rows = filter_rows(self.all_rows, self.filter, self.now)
        self.endResetModel()

    def counts(self) -> Counter[StateGroup]:
        return group_counts(self.all_rows, self.filter, self.now)

    def row_of(self, innovation_id: str) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.id == innovation_id), None)

    # --- Qt model -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {
            "nama": translate("ReviewQueue", "Innovation"),
            "opd": translate("ReviewQueue", "OPD"),
            "state": translate("ReviewQueue", "State"),
            "waiting": translate("ReviewQueue", "Waiting"),
            "progress": translate("ReviewQueue", "Judged"),
            "files": translate("ReviewQueue", "Evidence here"),
        }
        return titles[COLUMNS[section]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "progress" and row.evidence_changed:
                return QBrush(QColor("#b03a2e"))
            if key == "files" and row.files_here < row.files:
                return QBrush(QColor("#9a6700"))
        if (
            role == Qt.ItemDataRole.FontRole
            and key == "waiting"
            and row.waiting_days(self.now) >= 7
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and key == "progress" and row.evidence_changed:
            return translate(
                "ReviewQueue",
                "%n verdict(s) refused: the evidence changed since you checked it.",
                "",
                row.evidence_changed,
            )
        return None

    def _display(self, row: QueueRow, key: str) -> str:
        if key == "nama":
            return innovation_title(row.nama)
        if key == "opd":
            return opd_label(row.opd_id, row.opd_name)
        if key == "state":
            return workflow_label(row.state)
        if key == "waiting":
            from desktop.review.words import waiting_days

            return waiting_days(row.waiting_days(self.now))
        if key == "progress":
            text = f"{row.judged} / {row.claimed}"
            if row.evidence_changed:
                text += " ⚠"
            return text
        if key == "files":
            return f"{row.files_here} / {row.files}"
        return ""
