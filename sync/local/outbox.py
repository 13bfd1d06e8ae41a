"""The outbox: the one home of everything the server has not confirmed yet, up and down.

One row per item in ``store.sqlite``'s ``outbox`` table: a record with local changes (its type
and id; generic over record types: the content is opaque here and comes from the record's
:class:`RecordKind`), or an evidence blob (``record_type = 'blob'``, ``record_id`` = SHA-256)
to send (``up``) or to fetch (``down``). Each row has one :class:`OutboxState`, moved only by
the named transitions below (:data:`TRANSITIONS` says which states each may leave); a move is
one ``UPDATE ... WHERE state IN (...)``, so a transition that does not apply changes nothing.

    queued --take--> sending --confirm--> (row gone)
      ^  \\             |  \\--retry_later--> waiting --take--> sending
      |   \\--hold--> held  \\--refuse--> refused
      |        \\--release--/ (held, refused, waiting -> queued)
    conflict <--enter_conflict-- any;  conflict --resolve--> queued

A record's edit bumps ``change_seq`` in the same transaction as the edit and never moves the
state, except that a *refused* record becomes queued again (the officer may have fixed it).
A *held* record stays held through edits and restarts until ``release``.

Why evidence rows live here and not in ``vault.sqlite``: a document and its blob's row are
written in one transaction with the record (a crash keeps both or neither), and SQLite cannot
commit one transaction atomically across two files when one is in WAL mode (``store.sqlite``;
see docs/architecture.md). The vault keeps only the *bytes* of a transfer (chunk rows, the tus
upload URL and offset, a partial download) - progress, never a state.

The records' ``sync_state`` column (the list's sync column) is a projection of this table,
rewritten by every transition in its own transaction (:meth:`Outbox.project`).

Whoever shows counts of this table (the status line's "perlu perhatian", the Sinkronisasi page)
follows it with :meth:`Outbox.add_listener`: the listener is called, on the writing thread,
after every committed write transaction that inserted, changed or deleted outbox rows - a local
edit, a release, a deleted draft as much as a sync run's moves. It is noticed in the session
(SQLAlchemy's ``do_orm_execute`` and ``after_flush`` on the store's write sessions), so no write
path can forget to announce itself.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import and_, bindparam, case, delete, func, literal, or_, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from iid.records import SyncState
from sync.batches import batches
from sync.local.db import Store
from sync.local.models import OutboxRow, UtcDateTime
from sync.local.problems import RETRY, SERVER_REFUSED, Problem
from sync.local.rows import BLOB, RecordNotFound, now

log = logging.getLogger(__name__)

ITEMS_FILE = "sync_items.json"
"""The first releases' side file of held/refused/waiting evidence (adopted, then removed)."""


class OutboxState(StrEnum):
    """The closed set of states of an item not yet confirmed by the server."""

    QUEUED = "queued"
    """Due: the next run takes it."""
    SENDING = "sending"
    """Taken by a run (a record in a push, a file being transferred)."""
    WAITING = "waiting"
    """A transient failure: tried again at ``next_attempt_at`` (or when the officer asks)."""
    HELD = "held"
    """Held back by the officer: stays on this device until released."""
    REFUSED = "refused"
    """Refused for good by the server (or unusable here), with the reason; waits for the
    officer (an edit of a record, or "Coba lagi")."""
    CONFLICT = "conflict"
    """A record changed on the server too, with fields both sides changed: the officer
    chooses (``Inbox.resolve_conflict``)."""


class Direction(StrEnum):
    UP = "up"
    """To the server: a record's change, or a file the server does not have yet."""
    DOWN = "down"
    """From the server: a file a record here refers to that this device does not hold."""


Q, S, W, H, R, C = (
    OutboxState.QUEUED, OutboxState.SENDING, OutboxState.WAITING, OutboxState.HELD,
    OutboxState.REFUSED, OutboxState.CONFLICT,
)  # fmt: skip
TRANSITIONS: dict[str, tuple[frozenset[OutboxState], OutboxState]] = {
    "take": (frozenset({Q, W}), S),
    "retry_later": (frozenset({Q, S, W}), W),
    "refuse": (frozenset({Q, S, W}), R),
    "hold": (frozenset({Q, S, W}), H),
    "release": (frozenset({H, R, W}), Q),
    "edited": (frozenset({R}), Q),
    "requeue_interrupted": (frozenset({S}), Q),
    "settle_sent": (frozenset({S, W}), Q),
    "enter_conflict": (frozenset({Q, S, W, H, R, C}), C),
    "resolve": (frozenset({C}), Q),
    "fetch_instead": (frozenset({Q, S, W}), Q),
}
"""Every move: name -> (the states it may leave, the state it enters)."""

PROJECTION = {
    Q: SyncState.QUEUED,
    W: SyncState.QUEUED,
    S: SyncState.SENDING,
    H: SyncState.HELD,
    R: SyncState.QUARANTINED,
    C: SyncState.CONFLICT,
}
"""A record's sync state (the list's column) from its outbox row's state."""


@dataclass(frozen=True)
class RecordKind:
    """How the outbox reaches one record type's rows. ``row``: the mapped class (with ``id``,
    ``sync_state``, ``version``, ``base_version``, ``synced_content``, ``server_content``,
    ``server_version``); ``content(session, row)``: the content to send; ``deleted(row)``: a
    local deletion waiting for the server (a tombstone); ``title``: an SQL expression over
    ``row`` naming it for the officer; ``documents``: (document class, its owner id column)
    when the record refers to evidence blobs; ``undelete(row)``: bring a tombstone back (a
    deletion the server refused)."""

    record_type: str
    row: Any
    content: Callable[[Session, Any], dict[str, Any]]
    deleted: Callable[[Any], bool]
    title: Any
    documents: tuple[Any, Any] | None = None
    undelete: Callable[[Any], None] | None = None
    ready: Callable[[Session, Any, frozenset[tuple[str, str]]], bool] | None = None
    """May the record be sent now? (Given the rows already handed out in this batch, which go
    first.) A record not ready stays queued: e.g. a workflow request waits for its
    innovation's edits and files to reach the server."""
    settled: Callable[[Session, Any, int], None] | None = None
    """Called in the transaction where the server's acceptance (as ``version``) is recorded."""
    refused: Callable[[Session, Any, Problem], None] | None = None
    """Called in the transaction where the server's refusal is recorded."""


@dataclass(frozen=True)
class OutgoingChange:
    """One record to push: its full current content (or a deletion) and the base it came from."""

    record_type: str
    record_id: str
    change_seq: int
    version: int
    base_version: int
    content: dict[str, Any]
    deleted: bool


@dataclass(frozen=True)
class OutboxItem:
    """One outbox row as the Sinkronisasi screen shows it. For a blob, ``record_type`` is
    ``"blob"``, ``record_id`` the SHA-256, ``owner_type``/``owner_id`` a record referring to it
    and ``title`` that document's file name."""

    record_type: str
    record_id: str
    direction: Direction
    title: str
    change_seq: int
    state: OutboxState
    attempts: int
    next_attempt_at: datetime | None
    problem: Problem | None
    size_bytes: int | None
    priority: int
    updated_at: datetime
    owner_type: str | None = None
    owner_id: str | None = None
    media_type: str | None = None

    @property
    def is_blob(self) -> bool:
        return self.record_type == BLOB

    @property
    def last_error(self) -> str:
        """The server's words (Indonesian first) or the code; for logs and tests only."""
        if self.problem is None:
            return ""
        return self.problem.detail or self.problem.detail_en or self.problem.code


@dataclass(frozen=True)
class PendingTally:
    """Exact counts of what ``pending_items`` lists (which a caller may cut short): ``total``
    rows; ``unsent``: this device's changes the server does not have yet (everything going
    up); ``background_downloads``: files queued down at the background priority (0), which
    an "on open" download policy leaves on the server until someone opens them."""

    total: int = 0
    unsent: int = 0
    background_downloads: int = 0


@dataclass(frozen=True)
class BlobTask:
    """An evidence file for the transfer stage: which way, its size if known, and a document
    that refers to it (file name and media type for the upload's metadata)."""

    sha256: str
    direction: Direction
    size_bytes: int | None
    file_name: str
    media_type: str
    priority: int


def _problem_values(problem: Problem | None) -> dict[str, Any]:
    if problem is None:
        return dict(problem_code="", problem_params=None, problem_detail="", problem_detail_en="")
    return dict(
        problem_code=problem.code,
        problem_params=dict(problem.params) or None,
        problem_detail=problem.detail,
        problem_detail_en=problem.detail_en,
    )


def _problem_of(code: str, params: Any, detail: str, detail_en: str) -> Problem | None:
    if not code:
        return None
    try:
        return Problem(code, dict(params or {}), detail or "", detail_en or "")
    except ValueError:  # a code of a newer release: show the server's words at least
        return Problem(SERVER_REFUSED, {}, detail or "", detail_en or "")


_CHANGED = "outbox.changed"
"""``Session.info`` key: this write transaction touched outbox rows."""


def _note_statement(state: Any) -> None:
    """``do_orm_execute``: an INSERT, UPDATE or DELETE of outbox rows marks the session."""
    if (state.is_insert or state.is_update or state.is_delete) and (
        state.bind_mapper is not None and state.bind_mapper.class_ is OutboxRow
    ):
        state.session.info[_CHANGED] = True


def _note_flush(session: Session, _context: Any) -> None:
    """``after_flush``: outbox rows added or deleted through the unit of work mark it too."""
    if any(isinstance(o, OutboxRow) for o in (*session.new, *session.dirty, *session.deleted)):
        session.info[_CHANGED] = True


def _forget_changes(session: Session, _previous: Any) -> None:
    """``after_soft_rollback``: what a rolled-back transaction did to the outbox never was."""
    session.info.pop(_CHANGED, None)


class Outbox:
    """See the module docstring. One transaction per public method; the methods taking a
    ``session`` are for the other repository modules, inside their transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.kinds: dict[str, RecordKind] = {}
        self._listeners: list[Callable[[], None]] = []
        store.listen("do_orm_execute", _note_statement)
        store.listen("after_flush", _note_flush)
        store.listen("after_soft_rollback", _forget_changes)
        store.listen("after_commit", self._committed)

    # --- who follows the table -------------------------------------------------------------------

    def add_listener(self, fn: Callable[[], None]) -> None:
        """Call ``fn()`` after each committed write that changed outbox rows (module docstring).
        It runs on the writing thread, inside the commit: keep it short, never write."""
        self._listeners.append(fn)

    def remove_listener(self, fn: Callable[[], None]) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(fn)

    def _committed(self, session: Session) -> None:
        if not session.info.get(_CHANGED) or not self._listeners:
            return
        for fn in list(self._listeners):
            try:
                fn()
            except Exception:  # noqa: BLE001 - a follower's bug must not fail the writer
                log.exception("outbox listener failed")

    def register(self, kind: RecordKind) -> None:
        """Make a record type known (its rows, content, title and documents)."""
        self.kinds[kind.record_type] = kind

    def _kind(self, record_type: str) -> RecordKind:
        kind = self.kinds.get(record_type)
        if kind is None:
            raise ValueError(f"unknown record type {record_type!r}")
        return kind

    # --- the one move ----------------------------------------------------------------------------

    def _move(
        self,
        session: Session,
        transition: str,
        record_type: str,
        record_id: str,
        **changes: Any,
    ) -> bool:
        """Apply the named transition to one row if its state allows; True if it moved."""
        sources, target = TRANSITIONS[transition]
        result = session.execute(
            update(OutboxRow)
            .where(
                OutboxRow.record_type == record_type,
                OutboxRow.record_id == record_id,
                OutboxRow.state.in_([s.value for s in sources]),
            )
            .values(state=target.value, updated_at=now(), **changes)
        )
        assert isinstance(result, CursorResult)  # DML answers with a cursor
        moved = result.rowcount > 0
        if moved:
            self._project_item(session, record_type, record_id)
        return moved

    def _moved(self, transition: str, record_type: str, record_id: str, **changes: Any) -> bool:
        with self.store.write() as session:
            return self._move(session, transition, record_type, record_id, **changes)

    # --- records: local edits (inside the edit's transaction) ----------------------------------

    def record_changed(self, session: Session, record_type: str, record_id: str) -> None:
        """A local change of the record: insert its row (queued) or bump ``change_seq``.

        The state stays as it is (a held record stays held, a conflict stays a conflict, a
        record being sent is sent again with the newer content afterwards), except that a
        refused record is queued again: the officer edited it, maybe to fix it.
        """
        # One statement (the autosave path: every pause in typing): insert or bump, with the
        # "edited" transition applied in place, and the state it leaves returned. Built once:
        # constructing an upsert (its ``excluded`` alias) costs more than running it.
        stmt = self._record_upsert()
        stamp = now()
        params = dict(rt=record_type, rid=record_id, stamp=stamp)
        state = OutboxState(session.execute(stmt, params).scalar_one())
        kind = self.kinds.get(record_type)
        if kind is not None:
            shown = PROJECTION[state].value
            session.execute(
                update(kind.row)
                .where(kind.row.id == record_id, kind.row.sync_state != shown)
                .values(sync_state=shown)
                .execution_options(synchronize_session=False)
            )

    _upsert: Any = None

    @classmethod
    def _record_upsert(cls) -> Any:
        if cls._upsert is None:
            stmt = sqlite_insert(OutboxRow).values(
                record_type=bindparam("rt"),
                record_id=bindparam("rid"),
                direction=Direction.UP.value,
                change_seq=1,
                state=OutboxState.QUEUED.value,
                attempts=0,
                last_error="",
                created_at=bindparam("stamp", type_=UtcDateTime()),
                updated_at=bindparam("stamp", type_=UtcDateTime()),
            )
            table = OutboxRow.__table__.c
            sources, target = TRANSITIONS["edited"]
            edited = table.state.in_([state.value for state in sources])
            cls._upsert = stmt.on_conflict_do_update(
                index_elements=["record_type", "record_id"],
                set_={
                    "change_seq": table.change_seq + 1,
                    "updated_at": stmt.excluded.updated_at,
                    "state": case((edited, target.value), else_=table.state),
                    "attempts": case((edited, 0), else_=table.attempts),
                    "next_attempt_at": case((edited, None), else_=table.next_attempt_at),
                    "problem_code": case((edited, ""), else_=table.problem_code),
                    "problem_params": case((edited, None), else_=table.problem_params),
                    "problem_detail": case((edited, ""), else_=table.problem_detail),
                    "problem_detail_en": case((edited, ""), else_=table.problem_detail_en),
                },
            ).returning(table.state)
        return cls._upsert

    def forget(self, session: Session, record_type: str, record_id: str) -> bool:
        """Drop the record's row (it was renamed or is gone); True if there was one."""
        result = session.execute(
            delete(OutboxRow).where(
                OutboxRow.record_type == record_type, OutboxRow.record_id == record_id
            )
        )
        assert isinstance(result, CursorResult)
        return result.rowcount > 0

    def has_row(self, session: Session, record_type: str, record_id: str) -> bool:
        return (
            session.scalar(
                select(OutboxRow.id).where(
                    OutboxRow.record_type == record_type, OutboxRow.record_id == record_id
                )
            )
            is not None
        )

    def state_of(self, session: Session, record_type: str, record_id: str) -> OutboxState | None:
        value = session.scalar(
            select(OutboxRow.state).where(
                OutboxRow.record_type == record_type, OutboxRow.record_id == record_id
            )
        )
        return OutboxState(value) if value is not None else None

    # --- records: the push -----------------------------------------------------------------------

    def take_batch(self, limit: int, due: datetime | None = None) -> list[OutgoingChange]:
        """Up to ``limit`` records that are queued, or waiting and due by ``due``, oldest
        first, moved to *sending*, with their content now.

        Remembers what was handed out (``sent_seq``/``sent_content``) so :meth:`confirm_pushed`
        keeps exactly that content as the merge base even if the officer edits meanwhile.
        """
        due = due or now()
        with self.store.write() as session:
            rows = session.scalars(
                select(OutboxRow)
                .where(
                    OutboxRow.record_type != BLOB,
                    or_(
                        OutboxRow.state == OutboxState.QUEUED.value,
                        and_(
                            OutboxRow.state == OutboxState.WAITING.value,
                            or_(
                                OutboxRow.next_attempt_at.is_(None),
                                OutboxRow.next_attempt_at <= due,
                            ),
                        ),
                    ),
                )
                .order_by(OutboxRow.id)
                .limit(limit)
            ).all()
            changes: list[OutgoingChange] = []
            taken: dict[str, list[str]] = {}
            handed: set[tuple[str, str]] = set()  # what this batch sends before the next row
            for out in rows:
                kind = self.kinds.get(out.record_type)
                record = session.get(kind.row, out.record_id) if kind is not None else None
                if kind is None or record is None:
                    log.warning("outbox row of a missing %s %s dropped", out.record_type,
                                out.record_id)  # fmt: skip
                    session.delete(out)
                    continue
                if kind.ready is not None and not kind.ready(session, record, frozenset(handed)):
                    continue
                handed.add((out.record_type, out.record_id))
                deleted = kind.deleted(record)
                content = {} if deleted else kind.content(session, record)
                out.sent_seq, out.sent_content = out.change_seq, content
                out.size_bytes = len(json.dumps(content, default=str).encode())
                # "take" (queued | waiting -> sending), for the whole batch below at once
                out.state, out.updated_at = S.value, now()
                taken.setdefault(out.record_type, []).append(out.record_id)
                changes.append(
                    OutgoingChange(
                        record_type=out.record_type,
                        record_id=out.record_id,
                        change_seq=out.change_seq,
                        version=record.version,
                        base_version=record.base_version,
                        content=content,
                        deleted=deleted,
                    )
                )
            session.flush()
            for record_type, ids in taken.items():
                self._project_records(session, record_type, ids)
            return changes

    def confirm_pushed(
        self, record_type: str, record_id: str, change_seq: int, new_version: int
    ) -> None:
        """The server holds the content sent at ``change_seq`` as ``new_version``.

        The record's base becomes ``new_version`` and the sent content its merge base. The row
        goes away only if no edit came after ``change_seq``; otherwise the newer state is sent
        on the new base (a held row stays held).
        """
        kind = self._kind(record_type)
        with self.store.write() as session:
            out = session.scalar(
                select(OutboxRow).where(
                    OutboxRow.record_type == record_type, OutboxRow.record_id == record_id
                )
            )
            record = session.get(kind.row, record_id)
            if record is None:
                if out is not None:
                    session.delete(out)
                return
            settled = out is None or out.change_seq == change_seq
            if out is not None and out.sent_seq == change_seq and out.sent_content is not None:
                synced = out.sent_content
            else:
                synced = {} if kind.deleted(record) else kind.content(session, record)
            record.base_version = new_version
            record.version = max(record.version, new_version)
            record.synced_content = synced
            record.server_content, record.server_version = None, None
            if kind.deleted(record) and settled:
                hashes: list[str] = []
                if kind.documents is not None:
                    doc, owner = kind.documents
                    hashes = [
                        h
                        for h in session.scalars(select(doc.sha256).where(owner == record_id))
                        if h
                    ]
                session.delete(record)
                if out is not None:
                    session.delete(out)
                session.flush()
                self.blobs_detached(session, hashes)
                return
            if settled:
                if out is not None:
                    session.delete(out)
                if kind.settled is not None:
                    kind.settled(session, record, new_version)
                self._project_records(session, record_type, [record_id])
                return
            self._move(
                session, "settle_sent", record_type, record_id, attempts=0, next_attempt_at=None,
                **_problem_values(None),
            )  # fmt: skip
            self._project_records(session, record_type, [record_id])

    # --- transitions for records and blobs alike -------------------------------------------------

    def retry_later(
        self, record_type: str, record_id: str, problem: Problem, when: datetime
    ) -> bool:
        """A transient failure: *waiting* until ``when`` (one more attempt counted)."""
        return self._moved(
            "retry_later", record_type, record_id, attempts=OutboxRow.attempts + 1,
            next_attempt_at=when, **_problem_values(problem),
        )  # fmt: skip

    def refuse(self, record_type: str, record_id: str, problem: Problem) -> bool:
        """Refused for good: kept aside with the reason until the officer acts. A refused
        deletion brings the record back (with the reason) rather than leaving it hidden here
        while the server keeps it."""
        with self.store.write() as session:
            moved = self._move(
                session, "refuse", record_type, record_id, attempts=OutboxRow.attempts + 1,
                **_problem_values(problem),
            )  # fmt: skip
            kind = self.kinds.get(record_type)
            if moved and kind is not None:
                record = session.get(kind.row, record_id)
                if record is not None and kind.undelete is not None and kind.deleted(record):
                    kind.undelete(record)
                if record is not None and kind.refused is not None:
                    kind.refused(session, record, problem)
            return moved

    def hold(self, record_type: str, record_id: str) -> bool:
        """The officer holds the item back: it stays here, through edits and restarts."""
        return self._moved("hold", record_type, record_id)

    def release(self, record_type: str, record_id: str) -> bool:
        """The officer's "Coba lagi": a held, refused or waiting item is due now."""
        return self._moved(
            "release", record_type, record_id, next_attempt_at=None, **_problem_values(None)
        )

    def interrupted(self, record_type: str, record_id: str) -> bool:
        """A send that ended without an answer (sign-in lost, the engine stopping): queued."""
        return self._moved("requeue_interrupted", record_type, record_id)

    def requeue_interrupted(self) -> int:
        """Rows left *sending* by a run that ended without answering them (a crash, a kill):
        queued again. Called when a run starts (runs never overlap)."""
        with self.store.write() as session:
            keys = session.execute(
                select(OutboxRow.record_type, OutboxRow.record_id).where(
                    OutboxRow.state == OutboxState.SENDING.value
                )
            ).all()
            for record_type, record_id in keys:
                self._move(session, "requeue_interrupted", record_type, record_id)
            return len(keys)

    def enter_conflict(self, session: Session, record_type: str, record_id: str) -> bool:
        """The record clashes with the server's copy (inside the inbox's transaction); True if
        it was not in conflict before."""
        before = self.state_of(session, record_type, record_id)
        if before is None:
            self.record_changed(session, record_type, record_id)
        self._move(session, "enter_conflict", record_type, record_id)
        return before is not OutboxState.CONFLICT

    def resolve(self, session: Session, record_type: str, record_id: str) -> None:
        """The officer chose the values (inside the inbox's transaction): queued, due now."""
        self.record_changed(session, record_type, record_id)
        self._move(
            session, "resolve", record_type, record_id, attempts=0, next_attempt_at=None,
            **_problem_values(None),
        )  # fmt: skip

    def merged_on_new_base(self, session: Session, record_type: str, record_id: str) -> None:
        """The server's newer copy merged cleanly into ours (inside the inbox's transaction):
        the merged content is sent next, on the server's version (a held record stays held)."""
        self.record_changed(session, record_type, record_id)
        self._move(
            session, "settle_sent", record_type, record_id, attempts=0, next_attempt_at=None,
            **_problem_values(None),
        )  # fmt: skip

    def settled_by_server(self, session: Session, record_type: str, record_id: str) -> None:
        """The server's copy equals ours (a clean merge that changed nothing): no row."""
        self.forget(session, record_type, record_id)
        self._project_records(session, record_type, [record_id])

    # --- blobs -----------------------------------------------------------------------------------

    def blobs_attached(self, session: Session, hashes: Iterable[str]) -> None:
        """Local documents refer to these files (the vault holds them): each gets an *up* row
        unless it has one; a *down* row turns up (the bytes are here now)."""
        stamp = now()
        for sha in dict.fromkeys(h for h in hashes if h):
            stmt = sqlite_insert(OutboxRow).values(
                record_type=BLOB, record_id=sha, direction=Direction.UP.value, change_seq=1,
                state=OutboxState.QUEUED.value, attempts=0, last_error="", priority=0,
                created_at=stamp, updated_at=stamp,
            )  # fmt: skip
            down = OutboxRow.__table__.c.direction == Direction.DOWN.value
            stmt = stmt.on_conflict_do_update(
                index_elements=["record_type", "record_id"],
                set_={
                    "direction": Direction.UP.value,
                    "state": case((down, OutboxState.QUEUED.value), else_=OutboxRow.state),
                    "attempts": case((down, 0), else_=OutboxRow.attempts),
                    "problem_code": case((down, ""), else_=OutboxRow.problem_code),
                },
            )
            session.execute(stmt)

    def blobs_arriving(self, session: Session, hashes: Iterable[str]) -> None:
        """Pulled documents refer to these files: each gets a *down* row unless it has a row
        (a file this device is sending stays *up*). The download stage drops the rows of files
        the vault already holds."""
        stamp = now()
        values = [
            dict(
                record_type=BLOB,
                record_id=sha,
                direction=Direction.DOWN.value,
                change_seq=1,
                state=OutboxState.QUEUED.value,
                attempts=0,
                last_error="",
                priority=0,
                created_at=stamp,
                updated_at=stamp,
            )  # fmt: skip
            for sha in dict.fromkeys(h for h in hashes if h)
        ]
        for chunk in batches(values):
            session.execute(sqlite_insert(OutboxRow).on_conflict_do_nothing(), list(chunk))

    def blobs_detached(self, session: Session, hashes: Iterable[str]) -> None:
        """Documents referring to these files went away: a file no document refers to any more
        has nothing left to send or fetch."""
        wanted = list(dict.fromkeys(h for h in hashes if h))
        if not wanted:
            return
        still = self._referenced(session, wanted)
        gone = [h for h in wanted if h not in still]
        for chunk in batches(gone):
            session.execute(
                delete(OutboxRow).where(
                    OutboxRow.record_type == BLOB, OutboxRow.record_id.in_(chunk)
                )
            )

    def _referenced(self, session: Session, hashes: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for kind in self.kinds.values():
            if kind.documents is None:
                continue
            doc = kind.documents[0]
            for chunk in batches(hashes):
                found.update(session.scalars(select(doc.sha256).where(doc.sha256.in_(chunk))))
        return found

    def blob_tasks(
        self,
        direction: Direction,
        *,
        limit: int = 10_000,
        min_priority: int = 0,
        due: datetime | None = None,
    ) -> list[BlobTask]:
        """Files to transfer in ``direction``: queued, or waiting and due by ``due``; the
        highest priority first (a document the officer opened), then oldest first."""
        due = due or now()
        with self.store.read() as session:
            rows = session.execute(
                select(OutboxRow.record_id, OutboxRow.size_bytes, OutboxRow.priority)
                .where(
                    OutboxRow.record_type == BLOB,
                    OutboxRow.direction == direction.value,
                    OutboxRow.priority >= min_priority,
                    or_(
                        OutboxRow.state == OutboxState.QUEUED.value,
                        and_(
                            OutboxRow.state == OutboxState.WAITING.value,
                            or_(
                                OutboxRow.next_attempt_at.is_(None),
                                OutboxRow.next_attempt_at <= due,
                            ),
                        ),
                    ),
                )
                .order_by(OutboxRow.priority.desc(), OutboxRow.id)
                .limit(limit)
            ).all()
            facts = self._document_facts(session, [r[0] for r in rows])
        tasks = []
        for sha, size, priority in rows:
            name, media, doc_size, _owner = facts.get(sha, ("", "", None, None))
            tasks.append(
                BlobTask(
                    sha, direction, size if size is not None else doc_size, name, media, priority
                )  # fmt: skip
            )
        return tasks

    def _document_facts(
        self, session: Session, hashes: Sequence[str]
    ) -> dict[str, tuple[str, str, int | None, tuple[str, str] | None]]:
        """Per hash: file name, media type, size and owner (type, id) of one referring document
        (kinds in registration order, then owner and position)."""
        facts: dict[str, tuple[str, str, int | None, tuple[str, str] | None]] = {}
        for kind in self.kinds.values():
            if kind.documents is None:
                continue
            doc, owner = kind.documents
            for chunk in batches(hashes):
                rows = session.execute(
                    select(doc.sha256, doc.file_name, doc.media_type, doc.size_bytes, owner)
                    .where(doc.sha256.in_(chunk))
                    .order_by(owner, doc.position)
                )
                for sha, name, media, size, owner_id in rows:
                    facts.setdefault(
                        sha, (name or "", media or "", size, (kind.record_type, owner_id))
                    )
        return facts

    def start_transfer(self, sha256: str) -> bool:
        """The transfer stage starts on this file (queued or waiting -> sending)."""
        return self._moved("take", BLOB, sha256)

    def confirm_blob(self, sha256: str) -> bool:
        """The server holds the file verified (up), or it arrived verified (down): no row."""
        with self.store.write() as session:
            gone = self.forget(session, BLOB, sha256)
            if gone:
                self._project_blob(session, sha256)
            return gone

    def confirm_blobs(self, hashes: Iterable[str]) -> int:
        """:meth:`confirm_blob` for many (the server says it has them): one transaction."""
        count = 0
        wanted = list(dict.fromkeys(hashes))
        with self.store.write() as session:
            for sha in wanted:
                if self.forget(session, BLOB, sha):
                    count += 1
            self._project_blobs(session, wanted)
        return count

    def fetch_instead(self, sha256: str) -> bool:
        """An *up* row whose bytes this device does not hold (a document merged in from the
        server, or a store upgraded from the first releases): fetch it instead."""
        return self._moved("fetch_instead", BLOB, sha256, direction=Direction.DOWN.value)

    def request_download(self, sha256: str, priority: int = 2) -> bool:
        """The officer opened a document whose file is not here: fetch it first (a held or
        refused download is released). True if the file has a *down* row now."""
        with self.store.write() as session:
            out = session.scalar(
                select(OutboxRow).where(
                    OutboxRow.record_type == BLOB, OutboxRow.record_id == sha256
                )
            )
            if out is None:
                if not self._referenced(session, [sha256]):
                    return False
                self.blobs_arriving(session, [sha256])
                out = session.scalar(
                    select(OutboxRow).where(
                        OutboxRow.record_type == BLOB, OutboxRow.record_id == sha256
                    )
                )
                assert out is not None
            if out.direction != Direction.DOWN.value:
                return False
            out.priority = max(out.priority, priority)
            self._move(
                session, "release", BLOB, sha256, next_attempt_at=None, **_problem_values(None)
            )
            return True

    def fetch_damaged(self, hashes: Iterable[str], priority: int = 1) -> None:
        """The vault's copies of these files are marked damaged ("Periksa arsip"): each one a
        document refers to and that has no row (the server confirmed holding it) gets a *down*
        row of at least ``priority``, so the server's copy replaces the damaged one. A file
        with a row keeps it (an *up* row of a damaged copy is settled by the transfer stage)."""
        wanted = list(dict.fromkeys(h for h in hashes if h))
        if not wanted:
            return
        with self.store.write() as session:
            self.blobs_arriving(session, self._referenced(session, wanted))
        self.set_priority(wanted, priority)

    def set_priority(self, hashes: Iterable[str], priority: int) -> None:
        """Raise the priority of *down* rows (the prefetch set of the download policy)."""
        wanted = list(dict.fromkeys(hashes))
        with self.store.write() as session:
            for chunk in batches(wanted):
                session.execute(
                    update(OutboxRow)
                    .where(
                        OutboxRow.record_type == BLOB,
                        OutboxRow.direction == Direction.DOWN.value,
                        OutboxRow.record_id.in_(chunk),
                        OutboxRow.priority < priority,
                    )
                    .values(priority=priority)
                )

    def set_blob_size(self, sha256: str, size: int) -> None:
        with self.store.write() as session:
            session.execute(
                update(OutboxRow)
                .where(OutboxRow.record_type == BLOB, OutboxRow.record_id == sha256)
                .values(size_bytes=size)
            )

    # --- the projection on the records' sync_state ---------------------------------------------

    def _project_item(self, session: Session, record_type: str, record_id: str) -> None:
        if record_type == BLOB:
            self._project_blob(session, record_id)
        elif record_type in self.kinds:
            self._project_records(session, record_type, [record_id])

    def _project_blob(self, session: Session, sha256: str) -> None:
        self._project_blobs(session, [sha256])

    def _project_blobs(self, session: Session, hashes: Sequence[str]) -> None:
        for kind in self.kinds.values():
            if kind.documents is None:
                continue
            doc, owner = kind.documents
            ids: set[str] = set()
            for chunk in batches(hashes):
                ids.update(session.scalars(select(owner).where(doc.sha256.in_(chunk))))
            if ids:
                self._project_records(session, kind.record_type, sorted(ids))

    def _project_records(self, session: Session, record_type: str, ids: Sequence[str]) -> None:
        """Rewrite the ``sync_state`` of these records from the outbox: their own row's state;
        without one, *sending* while a file they refer to is still to be sent, else synced."""
        kind = self.kinds.get(record_type)
        if kind is None or not ids:
            return
        targets: dict[SyncState, list[str]] = {}
        for piece in batches(ids):
            chunk = list(piece)
            own = dict(
                session.execute(
                    select(OutboxRow.record_id, OutboxRow.state).where(
                        OutboxRow.record_type == record_type, OutboxRow.record_id.in_(chunk)
                    )
                ).all()
            )
            waiting_files: set[str] = set()
            if kind.documents is not None:
                doc, owner = kind.documents
                waiting_files = set(
                    session.scalars(
                        select(owner)
                        .join(
                            OutboxRow,
                            and_(
                                OutboxRow.record_type == BLOB,
                                OutboxRow.record_id == doc.sha256,
                                OutboxRow.direction == Direction.UP.value,
                            ),
                        )
                        .where(owner.in_(chunk))
                    )
                )
            for record_id in chunk:
                state = own.get(record_id)
                if state is not None:
                    target = PROJECTION[OutboxState(state)]
                elif record_id in waiting_files:
                    target = SyncState.SENDING
                else:
                    target = SyncState.SYNCED
                targets.setdefault(target, []).append(record_id)
        for target, members in targets.items():
            session.execute(
                update(kind.row)
                .where(kind.row.id.in_(members), kind.row.sync_state != target.value)
                .values(sync_state=target.value)
            )

    def project(self, session: Session, record_type: str, ids: Sequence[str]) -> None:
        """Rewrite these records' ``sync_state`` (for the inbox after it replaced them)."""
        self._project_records(session, record_type, ids)

    # --- reading ---------------------------------------------------------------------------------

    def pending_items(
        self, limit: int | None = None, *, only: tuple[str, str] | None = None
    ) -> list[OutboxItem]:
        """Everything not yet confirmed by the server: records first, then files to send, then
        files to fetch (highest priority first), each oldest first. One query. ``only``:
        (record type, id) of a single row."""
        columns: list[Any] = [OutboxRow]
        title_whens: list[Any] = []
        for kind in self.kinds.values():
            kind_title = (
                select(kind.title)
                .where(kind.row.id == OutboxRow.record_id)
                .correlate(OutboxRow)
                .scalar_subquery()
            )
            title_whens.append((OutboxRow.record_type == kind.record_type, kind_title))
        doc_kinds = [k for k in self.kinds.values() if k.documents is not None]

        def first_doc(column_of: Callable[[Any, Any], Any]) -> Any:
            parts = []
            for kind in doc_kinds:
                doc, owner = kind.documents  # type: ignore[misc]
                parts.append(
                    select(column_of(doc, owner))
                    .where(doc.sha256 == OutboxRow.record_id)
                    .order_by(owner, doc.position)
                    .limit(1)
                    .correlate(OutboxRow)
                    .scalar_subquery()
                )
            return func.coalesce(*parts, None) if len(parts) > 1 else (parts[0] if parts else None)

        file_name = first_doc(lambda doc, owner: doc.file_name)
        media = first_doc(lambda doc, owner: doc.media_type)
        doc_size = first_doc(lambda doc, owner: doc.size_bytes)
        owner_type = case(
            *[
                (
                    select(literal(1))
                    .where(k.documents[0].sha256 == OutboxRow.record_id)  # type: ignore[index]
                    .correlate(OutboxRow)
                    .exists(),
                    literal(k.record_type),
                )
                for k in doc_kinds
            ],
            else_=None,
        ) if doc_kinds else literal(None)  # fmt: skip
        owner_id = first_doc(lambda doc, owner: owner)
        title: Any = case(*title_whens, else_=None) if title_whens else literal(None)
        columns += [title, file_name, media, doc_size, owner_type, owner_id]
        order_group = case(
            (OutboxRow.record_type != BLOB, 0),
            (OutboxRow.direction == Direction.UP.value, 1),
            else_=2,
        )
        query = select(*columns).order_by(order_group, OutboxRow.priority.desc(), OutboxRow.id)
        if only is not None:
            query = query.where(OutboxRow.record_type == only[0], OutboxRow.record_id == only[1])
        if limit is not None:
            query = query.limit(limit)
        with self.store.read() as session:
            rows = session.execute(query).all()
        items = []
        for out, title_v, name, media_v, size_v, otype, oid in rows:
            blob = out.record_type == BLOB
            items.append(
                OutboxItem(
                    record_type=out.record_type,
                    record_id=out.record_id,
                    direction=Direction(out.direction),
                    title=(name or "") if blob else (title_v or ""),
                    change_seq=out.change_seq,
                    state=OutboxState(out.state),
                    attempts=out.attempts,
                    next_attempt_at=out.next_attempt_at,
                    problem=_problem_of(
                        out.problem_code,
                        out.problem_params,
                        out.problem_detail,
                        out.problem_detail_en,
                    ),  # fmt: skip
                    size_bytes=(out.size_bytes if out.size_bytes is not None else size_v)
                    if blob
                    else out.size_bytes,
                    priority=out.priority,
                    updated_at=out.updated_at,
                    owner_type=otype if blob else out.record_type,
                    owner_id=oid if blob else out.record_id,
                    media_type=media_v if blob else None,
                )
            )
        return items

    def counts(self) -> dict[tuple[Direction, OutboxState], int]:
        """How many rows per (direction, state): for the status line and ``--sync-once``."""
        with self.store.read() as session:
            rows = session.execute(
                select(OutboxRow.direction, OutboxRow.state, func.count()).group_by(
                    OutboxRow.direction, OutboxRow.state
                )
            ).all()
        return {(Direction(d), OutboxState(s)): int(n) for d, s, n in rows}

    def tally(self) -> PendingTally:
        """Exact counts of the pending items (one query; the list itself may be limited)."""
        up = OutboxRow.direction != Direction.DOWN.value
        background = and_(
            OutboxRow.direction == Direction.DOWN.value,
            OutboxRow.state == OutboxState.QUEUED.value,
            OutboxRow.priority == 0,
        )
        query = select(
            func.count(),
            func.coalesce(func.sum(case((up, 1), else_=0)), 0),
            func.coalesce(func.sum(case((background, 1), else_=0)), 0),
        ).select_from(OutboxRow)
        with self.store.read() as session:
            total, unsent, downloads = session.execute(query).one()
        return PendingTally(int(total), int(unsent), int(downloads))

    def count(self) -> int:
        """Every row (records and files, both ways)."""
        with self.store.read() as session:
            return int(session.scalar(select(func.count()).select_from(OutboxRow)) or 0)

    def record_count(self) -> int:
        """Rows of records (not files)."""
        with self.store.read() as session:
            return int(
                session.scalar(
                    select(func.count()).select_from(OutboxRow).where(OutboxRow.record_type != BLOB)
                )
                or 0
            )

    def due_record_count(self, *, waiting: bool = True) -> int:
        """Records a push would take now: queued ones and (``waiting``) those waiting for a
        retry. The transfer stage yields to newly queued ones only (``waiting=False``)."""
        states = [OutboxState.QUEUED.value] + ([OutboxState.WAITING.value] if waiting else [])
        with self.store.read() as session:
            return int(
                session.scalar(
                    select(func.count())
                    .select_from(OutboxRow)
                    .where(OutboxRow.record_type != BLOB, OutboxRow.state.in_(states))
                )
                or 0
            )

    def item(self, record_type: str, record_id: str) -> OutboxItem | None:
        """One row as :meth:`pending_items` shows it, or None."""
        found = self.pending_items(only=(record_type, record_id))
        return found[0] if found else None

    def blob_item(self, sha256: str) -> OutboxItem | None:
        return self.item(BLOB, sha256)

    def require(self, session: Session, record_type: str, record_id: str) -> OutboxRow:
        out = session.scalar(
            select(OutboxRow).where(
                OutboxRow.record_type == record_type, OutboxRow.record_id == record_id
            )
        )
        if out is None:
            raise RecordNotFound(f"no outbox entry for {record_type} {record_id}")
        return out

    # --- the first releases' side file -----------------------------------------------------------

    def adopt_items_file(self, folder: Path) -> int:
        """Move the held/refused/waiting evidence of ``sync_items.json`` (first releases) into
        the table, then remove the file. Returns how many entries were taken over."""
        path = folder / ITEMS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return 0
        except (OSError, ValueError) as exc:
            log.warning("%s unreadable (%s); removed", path, exc)
            data = {}
        adopted = 0
        with self.store.write() as session:
            for sha, entry in data.items() if isinstance(data, dict) else []:
                if not isinstance(entry, dict) or not isinstance(sha, str):
                    continue
                state = str(entry.get("state") or "")
                target = {"held": H, "quarantined": R, "waiting": W}.get(state)
                if target is None:
                    continue
                self.blobs_attached(session, [sha])
                text = str(entry.get("last_error") or "")
                detail, _, detail_en = text.partition(" / ")
                problem = (
                    Problem(SERVER_REFUSED, {}, detail, detail_en or detail)
                    if target is R
                    else Problem(RETRY)
                    if target is W
                    else None
                )
                session.execute(
                    update(OutboxRow)
                    .where(OutboxRow.record_type == BLOB, OutboxRow.record_id == sha)
                    .values(
                        state=target.value,
                        attempts=int(entry.get("attempts") or 0),
                        **_problem_values(problem),
                    )
                )
                self._project_blob(session, sha)
                adopted += 1
        path.unlink(missing_ok=True)
        return adopted


__all__ = [
    "BLOB",
    "TRANSITIONS",
    "BlobTask",
    "Direction",
    "Outbox",
    "OutboxItem",
    "OutboxState",
    "OutgoingChange",
    "RecordKind",
]
