"""The innovation list read straight from ``store.sqlite`` with :mod:`sqlite3`, no ORM.

The list is the first thing the officer sees, so its reads must not wait for SQLAlchemy, pydantic
and the mapped models to load (about half a second on a slow laptop; ``bench/app_start.py``).
:class:`ListReader` needs only the file: the app builds one from the store's path to paint the
first page while the rest of the store machinery loads, and :class:`~sync.local.repository.
Repository` hands its list methods to one, so there is one way to read the list.

Each call opens its own read-only connection (``mode=ro``: it can never write, so a store that is
not yet migrated is safe) and reads in one transaction: a count and a page never mix two states
of the store, and any thread may call. Opening a connection costs far less than the page query.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from iid.states import SyncState, WorkflowState
from sync.batches import batches

BUSY_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class InnovationFilter:
    """What the innovation list shows: name search (substring, case-insensitive) and filters."""

    search: str = ""
    workflow_state: WorkflowState | str | None = None
    opd_id: str | None = None
    rule_year: int | None = None


@dataclass(frozen=True)
class InnovationSummary:
    """One row of the innovation list. ``completeness`` is a percent; ``kematangan`` the claimed
    kematangan; both None when the record's rule year has no rule set."""

    id: str
    nama: str
    opd_id: str
    opd_name: str
    tahapan: str
    workflow_state: WorkflowState
    sync_state: SyncState
    completeness: int | None
    kematangan: Decimal | None
    updated_at: datetime
    rule_year: int


@dataclass(frozen=True)
class OpdInfo:
    id: str
    name: str
    code: str = ""
    pemda_id: str | None = None


# The list's sort keys and the column each one sorts on.
_SORT_COLUMNS = {
    "nama": "innovations.nama",
    "opd_name": "opd.name",
    "tahapan": "innovations.tahapan",
    "workflow_state": "innovations.workflow_state",
    "sync_state": "innovations.sync_state",
    "completeness": "innovations.completeness",
    "kematangan": "innovations.kematangan_centi",
    "updated_at": "innovations.updated_at",
    "rule_year": "innovations.rule_year",
}
SORT_KEYS = tuple(_SORT_COLUMNS)

_PAGE_COLUMNS = (
    "innovations.id, innovations.nama, innovations.opd_id, opd.name, innovations.tahapan, "
    "innovations.workflow_state, innovations.sync_state, innovations.completeness, "
    "innovations.kematangan_centi, innovations.updated_at, innovations.rule_year"
)


def from_centi(value: int | None) -> Decimal | None:
    """A stored x100 integer (``kematangan_centi``) back as an exact Decimal."""
    return None if value is None else (Decimal(value) / 100).quantize(Decimal("0.01"))


def parse_utc(text: str) -> datetime:
    """A stored naive-UTC timestamp (``YYYY-MM-DD HH:MM:SS[.ffffff]``) as an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _where(f: InnovationFilter, *, count: bool) -> tuple[str, list[Any]]:
    # The count reads the covering index ix_innovations_list (deleted first) ... while a page
    # must not: walking it and sorting costs more than walking the sort column's index and
    # skipping tombstones. The CAST keeps the planner off it.
    clauses = ["innovations.deleted IS 0" if count else "CAST(innovations.deleted AS INTEGER) = 0"]
    params: list[Any] = []
    search = f.search.strip()
    if search:
        escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append("innovations.nama LIKE ? ESCAPE '\\'")
        params.append(f"%{escaped}%")
    if f.workflow_state is not None:
        clauses.append("innovations.workflow_state = ?")
        params.append(str(f.workflow_state))
    if f.opd_id is not None:
        clauses.append("innovations.opd_id = ?")
        params.append(f.opd_id)
    if f.rule_year is not None:
        clauses.append("innovations.rule_year = ?")
        params.append(f.rule_year)
    return " AND ".join(clauses), params


class ListReader:
    """The list's reads over the store file at ``path`` (read-only; any thread)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._uri = self.path.resolve().as_uri() + "?mode=ro"

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self._uri, uri=True, timeout=BUSY_TIMEOUT_S)
        con.isolation_level = None  # we say BEGIN ourselves: one snapshot per call
        return con

    def _read(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[Any]:
        con = self._connect()
        try:
            con.execute("BEGIN")
            return con.execute(sql, params).fetchall()
        finally:
            con.close()

    def count_innovations(self, f: InnovationFilter | None = None) -> int:
        """How many innovations the filter lets through (tombstones never count)."""
        where, params = _where(f or InnovationFilter(), count=True)
        return int(self._read(f"SELECT count(*) FROM innovations WHERE {where}", params)[0][0])

    def list_innovations(
        self,
        f: InnovationFilter | None = None,
        sort_key: str = "updated_at",
        descending: bool = False,
        offset: int = 0,
        limit: int = 100,
    ) -> list[InnovationSummary]:
        """One page of the list, sorted by ``sort_key`` (one of :data:`SORT_KEYS`), ties in
        creation order (a stable total order, so pages never overlap or skip)."""
        column = _SORT_COLUMNS.get(sort_key)
        if column is None:
            raise ValueError(f"unknown sort key {sort_key!r}; use one of {', '.join(SORT_KEYS)}")
        where, params = _where(f or InnovationFilter(), count=False)
        # rowid as the tie-breaker: every index already ends with it, so the page walks the
        # sort column's index in order with no temporary sort of the ties.
        order = (
            f"{column} DESC NULLS LAST, innovations.rowid DESC"
            if descending
            else f"{column} ASC NULLS FIRST, innovations.rowid ASC"
        )
        rows = self._read(
            f"SELECT {_PAGE_COLUMNS} FROM innovations "
            f"LEFT OUTER JOIN opd ON opd.id = innovations.opd_id WHERE {where} "
            f"ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, max(0, limit), max(0, offset)],
        )
        return [
            InnovationSummary(
                id=r[0],
                nama=r[1],
                opd_id=r[2],
                opd_name=r[3] or "",
                tahapan=r[4],
                workflow_state=WorkflowState(r[5]),
                sync_state=SyncState(r[6]),
                completeness=r[7],
                kematangan=from_centi(r[8]),
                updated_at=parse_utc(r[9]),
                rule_year=r[10],
            )
            for r in rows
        ]

    def sync_states(self, ids: Iterable[str]) -> dict[str, SyncState]:
        """The sync column of these innovations (a run changed them: the list re-reads just
        these cells). Ids not in the store (deleted) are absent."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, SyncState] = {}
        for part in batches(wanted):
            marks = ",".join("?" * len(part))
            for rid, state in self._read(
                f"SELECT id, sync_state FROM innovations WHERE id IN ({marks})", list(part)
            ):
                found[rid] = SyncState(state)
        return found

    def list_opds(self) -> list[OpdInfo]:
        """The pemda's OPDs by name."""
        rows = self._read("SELECT id, name, code, pemda_id FROM opd ORDER BY name, id")
        return [OpdInfo(id=r[0], name=r[1], code=r[2], pemda_id=r[3]) for r in rows]
