"""Push and pull of records: access rules per record type, insert-or-conflict versioning and the
monotonic change sequence.

Ordering, per pemda: every push transaction first locks its pemda's counter row
(``counters.name = 'records:<pemda id>'``), so the pushes of one pemda are applied one after
another and their sequence numbers are handed out in commit order, while pushes of different
pemdas never wait for each other. That is what makes ``pull?since=N`` safe: a reader only reads
its own pemda, and a change of that pemda with a smaller ``seq`` can never become visible after
the reader moved its cursor past it. The numbers themselves come from one source, so ``seq`` is
unique across pemdas: a PostgreSQL sequence (``records_seq``: ``nextval`` never blocks), or on
SQLite the global ``records`` counter row (SQLite runs one writer at a time anyway). A pemda's
numbers thus have gaps (the other pemdas' numbers): cursors only need them to grow. The pemda's
row also keeps its last number (what a pull skips to when nothing visible is left). Uniqueness of
versions is still the database's job: ``UNIQUE(record_id, version)`` with an
``INSERT .. ON CONFLICT DO NOTHING``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, insert, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sync.batches import batches
from sync.protocol import (
    MAX_PULL_LIMIT,
    FieldError,
    Problem,
    PullResponse,
    PushResult,
    PushStatus,
    RecordEnvelope,
    RecordType,
    RecordVersionInfo,
    Role,
    ServerRecord,
)
from sync.server import blob_access, reviews, typed
from sync.server.auth import Principal
from sync.server.documents import CITING_TYPES, DocumentOwners
from sync.server.models import Counter, Record, RecordVersion, User
from sync.server.problems import ProblemError, ProblemType, problem, size_words
from sync.server.typed import canonical, content_hash

SEQUENCE = "records"
"""The global counter: the numbers on SQLite; on PostgreSQL where ``records_seq`` started."""
PG_SEQUENCE = "records_seq"


def pemda_sequence(pemda_id: str) -> str:
    """The name of a pemda's counter row (its lock and its last number)."""
    return f"{SEQUENCE}:{pemda_id}"


def current_sequence(session: Session, pemda_id: str) -> int:
    """The last number handed out in ``pemda_id`` (the global counter's value for a pemda that
    never pushed: cursors never pass it)."""
    value = session.scalar(select(Counter.value).where(Counter.name == pemda_sequence(pemda_id)))
    if value is None:
        value = session.scalar(select(Counter.value).where(Counter.name == SEQUENCE))
    return int(value or 0)


_COUNTER_ROWS = Counter.__table__.c
# Prebuilt (bound parameters, compiled once): every push runs them.
_LOCK_COUNTER = (
    update(Counter)
    .where(_COUNTER_ROWS.name == bindparam("counter"))
    .values(value=_COUNTER_ROWS.value)
    .returning(_COUNTER_ROWS.value)
)
_TAKE_NUMBERS = (
    update(Counter)
    .where(_COUNTER_ROWS.name == SEQUENCE)
    .values(value=_COUNTER_ROWS.value + bindparam("n"))
    .returning(_COUNTER_ROWS.value)
)
_SET_COUNTER = (
    update(Counter)
    .where(_COUNTER_ROWS.name == bindparam("counter"))
    .values(value=bindparam("number"))
)


class Sequence:
    """The numbers of one push transaction: locks the pemda's counter row first (before any
    insert: one lock order, no deadlocks), then hands out increasing numbers; ``finish``
    records the last one on the pemda's row."""

    def __init__(self, session: Session, pemda_id: str) -> None:
        self.session = session
        self.name = pemda_sequence(pemda_id)
        self.postgres = session.get_bind().dialect.name == "postgresql"
        insert_ = postgresql.insert if self.postgres else sqlite.insert
        start = self._lock(self.name)
        if start is None:  # the pemda's first push: its row starts at the global counter
            global_now = session.scalar(select(Counter.value).where(Counter.name == SEQUENCE))
            session.execute(
                insert_(Counter)
                .values(name=self.name, value=int(global_now or 0))
                .on_conflict_do_nothing(index_elements=["name"])
            )
            start = self._lock(self.name)
            assert start is not None
        self.last = start
        self._start = start
        self._pool: list[int] = []

    def _lock(self, name: str) -> int | None:
        value = self.session.connection().execute(_LOCK_COUNTER, {"counter": name}).scalar()
        return None if value is None else int(value)

    def next(self, wanted: int = 1) -> int:
        """The next number (``wanted``: how many more this transaction may need, to fetch
        them in one round trip). Numbers taken and not used are gaps, which cursors allow."""
        if not self._pool:
            if self.postgres:
                self._pool = sorted(
                    int(v)
                    for v in self.session.scalars(
                        text(f"SELECT nextval('{PG_SEQUENCE}') FROM generate_series(1, :n)"),
                        {"n": max(1, min(wanted, 256))},
                    )
                )
            else:  # the numbers wanted at once: one UPDATE instead of one per record
                n = max(1, min(wanted, 256))
                value = self.session.connection().execute(_TAKE_NUMBERS, {"n": n}).scalar_one()
                self._pool = list(range(int(value) - n + 1, int(value) + 1))
        self.last = self._pool.pop(0)
        return self.last

    def finish(self) -> None:
        if self.last != self._start:
            numbers = {"counter": self.name, "number": self.last}
            self.session.connection().execute(_SET_COUNTER, numbers)


DEFAULT_MAX_RECORD_BYTES = 1024 * 1024
DEFAULT_MAX_PULL_BYTES = 8 * 1024 * 1024


def _too_large(size: int, limit: int) -> ProblemError:
    (size_id, size_en), (limit_id, limit_en) = size_words(size), size_words(limit)
    return problem(
        413,
        ProblemType.RECORD_TOO_LARGE,
        f"Isi rekaman ini terlalu besar ({size_id}; batasnya {limit_id}). Pindahkan teks panjang "
        "atau gambar ke berkas bukti dukung (PDF), lalu kirim lagi.",
        f"This record's content is too large ({size_en}; the limit is {limit_en}). Move long "
        "text or pictures into an evidence file (PDF), then send it again.",
    )


_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def referenced_blobs(content: Any, depth: int = 0) -> set[str]:
    """Every SHA-256 a record's content refers to (values of keys named ``sha256``, at any
    depth: an innovation's documents, an SPD profile's documents)."""
    found: set[str] = set()
    if depth > 64:
        return found
    if isinstance(content, dict):
        for key, value in content.items():
            if key == "sha256" and isinstance(value, str) and _SHA256.match(value):
                found.add(value)
            else:
                found |= referenced_blobs(value, depth + 1)
    elif isinstance(content, list):
        for item in content:
            found |= referenced_blobs(item, depth + 1)
    return found


def changed_fields(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """Top-level content keys whose values differ (the "what changed" of the audit log)."""
    old = old or {}
    return sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))


def to_wire(record: Record, username: str) -> ServerRecord:
    return ServerRecord(
        type=RecordType(record.type),
        id=record.id,
        version=record.version,
        seq=record.seq,
        content=record.content,
        deleted=record.deleted,
        opd_id=record.opd_id,
        updated_at=record.updated_at,
        updated_by=username,
        device_id=record.device_id,
    )


def _forbidden(detail_id: str, detail_en: str) -> ProblemError:
    return problem(403, ProblemType.FORBIDDEN, detail_id, detail_en)


def _invalid(
    detail_id: str, detail_en: str, errors: list[FieldError] | None = None
) -> ProblemError:
    return problem(422, ProblemType.INVALID_RECORD, detail_id, detail_en, errors=errors)


@dataclass(frozen=True)
class Placement:
    """Where a record belongs once checked: its OPD (None for pemda-wide) and innovation."""

    opd_id: str | None
    innovation_id: str | None


def _place_innovation(
    session: Session, p: Principal, env: RecordEnvelope, head: Record | None
) -> Placement:
    if head is not None and not p.can_write_opd(head.opd_id):
        changed = [] if env.deleted else typed.changed_paths(head.content, env.content)
        raise problem(
            403,
            ProblemType.FORBIDDEN,
            "Anda tidak berhak mengubah isi inovasi ini: isi inovasi milik operator OPD-nya.",
            "You may not change this innovation's content: it belongs to its OPD's operators.",
            errors=[
                FieldError(loc=["content", *loc], message="may not be changed", type="forbidden")
                for loc in changed
            ]
            or None,
        )
    if env.deleted and not env.content:
        opd_id = head.opd_id if head else p.opd_id
    else:
        opd_id = typed.read_innovation(env.id, env.content).opd_id
    if opd_id not in p.pemda_opd_ids:
        raise _invalid(
            "OPD inovasi ini tidak dikenal di pemda Anda. Periksa OPD pada profil inovasi.",
            "This innovation's OPD is unknown in your pemda. Check the OPD of the innovation.",
            [FieldError(loc=["content", "opd_id"], message="unknown OPD", type="unknown_opd")],
        )
    if not p.can_write_opd(opd_id):
        raise _forbidden(
            "Anda hanya boleh mengirim inovasi OPD Anda sendiri.",
            "You may only send innovations of your own OPD.",
        )
    return Placement(opd_id=opd_id, innovation_id=env.id)


def _place_review(
    session: Session, p: Principal, env: RecordEnvelope, head: Record | None
) -> Placement:
    raise problem(
        403,
        ProblemType.SERVER_OWNED_FIELD,
        "Tinjauan (status alur kerja, penilaian, QC) ditulis oleh server. Kirim permintaan alur "
        "kerja (workflow_request) untuk mengubahnya.",
        "Reviews (workflow state, verdicts, QC) are written by the server. Send a workflow "
        "request (workflow_request) to change one.",
    )


def _place_spd(
    session: Session, p: Principal, env: RecordEnvelope, head: Record | None
) -> Placement:
    if not p.is_admin:
        raise _forbidden(
            "Hanya admin pemda yang boleh mengubah profil SPD.",
            "Only the pemda admin may change the SPD profile.",
        )
    if not env.deleted or env.content:
        typed.read_spd(env.content, p.pemda_id)
    return Placement(opd_id=None, innovation_id=None)


_PLACERS = {
    RecordType.INNOVATION: _place_innovation,
    RecordType.REVIEW: _place_review,
    RecordType.SPD_PROFILE: _place_spd,
}


class _Unread:
    """The head row was not read yet (``Pusher._store`` reads it)."""


_UNREAD = _Unread()
_VERSIONS = RecordVersion.__table__.c
_VERSION_HASH = select(_VERSIONS.content_hash).where(
    _VERSIONS.record_id == bindparam("record_id"), _VERSIONS.version == bindparam("version")
)
_VERSION_INSERTS: dict[str, Any] = {}
_HEAD_INSERT = insert(Record)


def _version_insert(dialect: str) -> Any:
    """``INSERT INTO record_versions .. ON CONFLICT (record_id, version) DO NOTHING RETURNING
    id`` for ``dialect``, built once: executed with a dict of values, its compiled form is
    cached (a statement with the values written in is keyed anew on its whole content)."""
    statement = _VERSION_INSERTS.get(dialect)
    if statement is None:
        make = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = (
            make(RecordVersion)
            .on_conflict_do_nothing(index_elements=["record_id", "version"])
            .returning(_VERSIONS.id)
        )
        _VERSION_INSERTS[dialect] = statement
    return statement


class Pusher:
    """Applies one push request in one transaction (see the module docstring for ordering)."""

    def __init__(
        self,
        session: Session,
        principal: Principal,
        max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    ) -> None:
        self.session = session
        self.principal = principal
        self.max_record_bytes = max_record_bytes
        self._version_insert = _version_insert(session.get_bind().dialect.name)
        # Lock first, before any insert: the pemda's writers queue on its one row, so there is
        # no lock-order deadlock between batches and sequence numbers follow commit order.
        self.sequence = Sequence(session, principal.pemda_id)
        self.remaining = 1
        self._absent: set[str] = set()
        """Ids :meth:`prefetch` found without a head (until this push stores one)."""
        self._usernames: dict[str, str] = {principal.user_id: principal.username}
        self.documents = DocumentOwners(session, principal.pemda_id)

    def finish(self) -> None:
        self.sequence.finish()

    def username(self, user_id: str) -> str:
        if user_id not in self._usernames:
            self._usernames[user_id] = (
                self.session.scalar(select(User.username).where(User.id == user_id)) or "?"
            )
        return self._usernames[user_id]

    def apply(self, env: RecordEnvelope) -> PushResult:
        try:
            return self._apply(env)
        except ProblemError as exc:
            return PushResult(
                id=env.id, type=env.type, status=PushStatus.REJECTED, problem=exc.to_problem()
            )

    def _conflict(self, env: RecordEnvelope, head: Record) -> PushResult:
        return PushResult(
            id=env.id,
            type=env.type,
            status=PushStatus.CONFLICT,
            version=head.version,
            seq=head.seq,
            server_copy=to_wire(head, self.username(head.updated_by)),
        )

    def prefetch(self, record_ids: list[str]) -> None:
        """Read the heads of ``record_ids`` in one query (the session keeps them) and note
        which ids have none, so :meth:`_head` answers each without another query."""
        wanted = list(dict.fromkeys(record_ids))
        for chunk in batches(wanted):
            found = {r.id for r in self.session.scalars(select(Record).where(Record.id.in_(chunk)))}
            self._absent.update(rid for rid in chunk if rid not in found)

    @property
    def absent(self) -> set[str]:
        """The ids :meth:`prefetch` found never stored and this push has not stored yet."""
        return set(self._absent)

    def _head(self, record_id: str) -> Record | None:
        """The head row of ``record_id`` (None: never stored)."""
        if record_id in self._absent:
            return None
        return self.session.get(Record, record_id)

    def next_seq(self) -> int:
        """The next change sequence number (the pemda's counter row is locked by this push)."""
        return self.sequence.next()

    def _apply(self, env: RecordEnvelope) -> PushResult:
        p = self.principal
        size = len(canonical(env.content, env.deleted))
        if size > self.max_record_bytes:
            raise _too_large(size, self.max_record_bytes)
        if env.type is RecordType.WORKFLOW_REQUEST:
            return reviews.apply_request(self, env)
        head = self._head(env.id)
        if head is not None and (head.pemda_id != p.pemda_id or head.type != env.type):
            raise _forbidden(
                "Id rekaman ini sudah dipakai untuk data lain. Buat rekaman baru.",
                "This record id is already used by other data. Create a new record.",
            )
        placement = _PLACERS[env.type](self.session, p, env, head)
        digest = content_hash(env.content, env.deleted)
        if head is not None:
            if head.content_hash == digest:
                return PushResult(
                    id=env.id,
                    type=env.type,
                    status=PushStatus.DUPLICATE,
                    version=head.version,
                    seq=head.seq,
                )
            if env.base_version > head.version:
                return self._conflict(env, head)
        # No head: the id was never stored (versions and head are written together), so
        # there is no earlier version to compare and no review to look up.
        if env.type is RecordType.INNOVATION and head is not None:
            if self._version_hash(env.id, env.base_version + 1) == digest:
                # A retry of an edit applied before the innovation was locked: still answered.
                return PushResult(
                    id=env.id,
                    type=env.type,
                    status=PushStatus.DUPLICATE,
                    version=env.base_version + 1,
                )
            reviews.check_content_write(self.session, p, env, head)

        self.documents.check(env.id, env.content, env.deleted)
        previous = head.content if head is not None else None
        stored = self._store(
            env.type.value,
            env.id,
            env.content,
            placement,
            env.base_version,
            deleted=env.deleted,
            digest=digest,
            client_version=env.version,
            device_id=env.device_id,
            changed=changed_fields(previous, env.content),
            head=head,
        )
        if stored is None:
            # Version base+1 exists: a retry of this very change, or someone else's edit.
            new_version = env.base_version + 1
            if self._version_hash(env.id, new_version) == digest:
                return PushResult(
                    id=env.id, type=env.type, status=PushStatus.DUPLICATE, version=new_version
                )
            assert head is not None, "a version row always has its head row"
            return self._conflict(env, head)
        record, moved = stored
        if env.type is RecordType.INNOVATION:
            if moved:
                reviews.follow_innovation(self, env.id, placement.opd_id)
            if head is not None:
                reviews.after_innovation_change(self, record, env.content, env.deleted)
        return PushResult(
            id=env.id,
            type=env.type,
            status=PushStatus.APPLIED,
            version=record.version,
            seq=record.seq,
        )

    def _version_hash(self, record_id: str, version: int) -> str | None:
        return (
            self.session.connection()
            .execute(_VERSION_HASH, {"record_id": record_id, "version": version})
            .scalar()
        )

    def write_server_record(
        self,
        record_type: str,
        record_id: str,
        content: dict[str, Any],
        opd_id: str | None,
        innovation_id: str | None,
        *,
        deleted: bool = False,
    ) -> tuple[int, int]:
        """Write a new version of a record the server itself maintains (a ``review``), on top of
        its newest version; the caller is its author. Returns (version, seq)."""
        head = self.session.get(Record, record_id)
        base = head.version if head is not None else 0
        stored = self._store(
            record_type,
            record_id,
            content,
            Placement(opd_id=opd_id, innovation_id=innovation_id),
            base,
            deleted=deleted,
            digest=content_hash(content, deleted),
            client_version=0,
            device_id=None,
            changed=changed_fields(head.content if head is not None else None, content),
        )
        # The sequence row is locked by this push: nobody else can have written base + 1.
        assert stored is not None, f"{record_type} {record_id} changed under the push lock"
        record, _ = stored
        return record.version, record.seq

    def _store(
        self,
        record_type: str,
        record_id: str,
        content: dict[str, Any],
        placement: Placement,
        base_version: int,
        *,
        deleted: bool,
        digest: str,
        client_version: int,
        device_id: str | None,
        changed: list[str],
        head: Record | None | _Unread = _UNREAD,
    ) -> tuple[Record, bool] | None:
        """Insert version ``base_version + 1`` and make it the head. None if that version
        exists already (the database decides, not a read); else the head row and whether it
        moved to another OPD. ``head``: the record's head row when the caller read it already
        (None: the id was never stored)."""
        p = self.principal
        new_version = base_version + 1
        now = datetime.now(UTC)
        state = canonical(content, deleted)
        seq = self.sequence.next(self.remaining)
        inserted = (
            self.session.connection()
            .execute(
                self._version_insert,
                {
                    "record_id": record_id,
                    "type": record_type,
                    "version": new_version,
                    "seq": seq,
                    "pemda_id": p.pemda_id,
                    "opd_id": placement.opd_id,
                    "content": content,
                    "content_hash": digest,
                    "deleted": deleted,
                    "changed_fields": changed,
                    "client_version": client_version,
                    "user_id": p.user_id,
                    "device_id": device_id or p.device,
                    "created_at": now,
                },
            )
            .scalar_one_or_none()
        )
        if inserted is None:
            return None
        if isinstance(head, _Unread):
            head = self._head(record_id)
        if head is None:  # a new record: one prebuilt INSERT, no unit of work
            values = {
                "id": record_id,
                "type": record_type,
                "pemda_id": p.pemda_id,
                "opd_id": placement.opd_id,
                "innovation_id": placement.innovation_id,
                "version": new_version,
                "seq": seq,
                "content": content,
                "content_hash": digest,
                "content_bytes": len(state),
                "deleted": deleted,
                "updated_at": now,
                "updated_by": p.user_id,
                "device_id": device_id or p.device,
            }
            self.session.connection().execute(_HEAD_INSERT, values)
            self._absent.discard(record_id)  # read from the table from now on
            blobs = set() if deleted else referenced_blobs(content)
            if blobs:  # a new record has no references yet: nothing else to change
                self._index_blobs(record_id, blobs)
            if record_type in CITING_TYPES:
                self.documents.index(record_id, content, deleted)
            return Record(**values), False  # the row as written (not in the session)
        moved = head.opd_id != placement.opd_id
        head.opd_id = placement.opd_id
        head.innovation_id = placement.innovation_id
        head.version = new_version
        head.seq = seq
        head.content = content
        head.content_hash = digest
        head.content_bytes = len(state)
        head.deleted = deleted
        head.updated_at = now
        head.updated_by = p.user_id
        head.device_id = device_id or p.device
        self.session.flush()
        self._index_blobs(record_id, set() if deleted else referenced_blobs(content))
        if record_type in CITING_TYPES:
            self.documents.index(record_id, content, deleted)
        return head, moved

    def _index_blobs(self, record_id: str, blobs: set[str]) -> None:
        blob_access.index_record(self.session, self.principal, record_id, blobs)


def push(
    session: Session,
    principal: Principal,
    envelopes: list[RecordEnvelope],
    *,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
) -> list[PushResult]:
    """Apply a batch; one result per envelope, in order. Pimpinan may not push at all. A
    record whose content is over ``max_record_bytes`` is rejected (413 problem)."""
    if principal.role is Role.PIMPINAN:
        raise _forbidden(
            "Akun pimpinan hanya dapat membaca data.",
            "A pimpinan account can only read data.",
        )
    pusher = Pusher(session, principal, max_record_bytes)
    pusher.prefetch([env.id for env in envelopes if env.type is not RecordType.WORKFLOW_REQUEST])
    pusher.documents.prefetch(envelopes, pusher.absent)
    results = []
    for i, env in enumerate(envelopes):
        pusher.remaining = len(envelopes) - i
        results.append(pusher.apply(env))
    pusher.finish()
    return results


def visible(principal: Principal) -> Any:
    """SQL condition: the records ``principal`` may read."""
    cond = Record.pemda_id == principal.pemda_id
    if principal.opd_bound:
        return cond & or_(
            Record.opd_id == principal.opd_id, Record.type == RecordType.SPD_PROFILE.value
        )
    return cond


def can_read(principal: Principal, record: Record) -> bool:
    if record.pemda_id != principal.pemda_id:
        return False
    if record.type == RecordType.SPD_PROFILE:
        return True
    return principal.can_read_opd(record.opd_id)


_RECORDS, _USERS, _COUNTERS = Record.__table__.c, User.__table__.c, Counter.__table__.c
# The pull's statements, built once with bound parameters: Core statements on plain columns skip
# the ORM's per-call construction, compile lookup and entity loading (an empty-delta pull is
# the request a server answers most: every device asks it every few minutes).
_COUNTER_VALUE = select(_COUNTERS.value).where(_COUNTERS.name == bindparam("name"))


def _visible_rows(opd_bound: bool) -> Any:
    """:func:`visible` with bound parameters ``pemda_id`` (and ``opd_id``)."""
    cond = _RECORDS.pemda_id == bindparam("pemda_id")
    if opd_bound:
        cond &= or_(
            _RECORDS.opd_id == bindparam("opd_id"), _RECORDS.type == RecordType.SPD_PROFILE.value
        )
    return cond


_PAGE_SIZES = {
    bound: select(_RECORDS.seq, _RECORDS.content_bytes)
    .where(_visible_rows(bound), _RECORDS.seq > bindparam("since"))
    .order_by(_RECORDS.seq)
    .limit(bindparam("limit"))
    for bound in (False, True)
}
_WIRE_FIELDS = (
    "type",
    "id",
    "version",
    "seq",
    "content",
    "deleted",
    "opd_id",
    "updated_at",
    "updated_by",
    "device_id",
)
_PAGE_RECORDS = {
    bound: select(
        _RECORDS.type,
        _RECORDS.id,
        _RECORDS.version,
        _RECORDS.seq,
        _RECORDS.content,
        _RECORDS.deleted,
        _RECORDS.opd_id,
        _RECORDS.updated_at,
        _USERS.username,
        _RECORDS.device_id,
    )
    .join_from(Record.__table__, User.__table__, _USERS.id == _RECORDS.updated_by)
    .where(
        _visible_rows(bound),
        _RECORDS.seq > bindparam("since"),
        _RECORDS.seq <= bindparam("last"),
    )
    .order_by(_RECORDS.seq)
    for bound in (False, True)
}


def _wire_row(row: Any) -> ServerRecord:
    """A page row as the wire record, built without validation (read from this server's own
    tables, written through the push's checks): as :func:`to_wire` makes it."""
    fields = dict(zip(_WIRE_FIELDS, row, strict=True))
    fields["type"] = RecordType(fields["type"])
    return ServerRecord.model_construct(**fields)


def pull(
    session: Session,
    principal: Principal,
    since: int,
    limit: int,
    *,
    max_bytes: int = DEFAULT_MAX_PULL_BYTES,
) -> PullResponse:
    """Changes after ``since`` the caller may see, oldest first: at most ``limit`` records,
    and the page stops before their content passes ``max_bytes`` (always at least one record;
    a push never stores one over ``max_record_bytes``).

    A cursor beyond the server's sequence (the server was restored from an older backup) starts
    over from 0, so the client receives everything again rather than nothing.
    """
    limit = max(1, min(limit, MAX_PULL_LIMIT))
    connection = session.connection()
    current = connection.execute(
        _COUNTER_VALUE, {"name": pemda_sequence(principal.pemda_id)}
    ).scalar()
    if current is None:  # as current_sequence
        current = connection.execute(_COUNTER_VALUE, {"name": SEQUENCE}).scalar()
    current = int(current or 0)
    if since > current:
        since = 0
    where = {"pemda_id": principal.pemda_id, "since": since}
    if principal.opd_bound:
        where["opd_id"] = principal.opd_id
    # Sizes first (a narrow read), then only the records that fit the page's byte budget.
    sizes = connection.execute(
        _PAGE_SIZES[principal.opd_bound], {**where, "limit": limit + 1}
    ).all()
    has_more = len(sizes) > limit
    taken = 0
    last = since
    for i, (seq, size) in enumerate(sizes[:limit]):
        if i > 0 and taken + size > max_bytes:
            has_more = True
            break
        taken += size
        last = seq
    changes = (
        [
            _wire_row(row)
            for row in connection.execute(
                _PAGE_RECORDS[principal.opd_bound], {**where, "last": last}
            )
        ]
        if last > since
        else []
    )
    next_cursor = changes[-1].seq if changes else since
    if not has_more:
        # Nothing visible is left: skip past invisible changes too.
        next_cursor = max(next_cursor, current)
    return PullResponse(
        server_time=datetime.now(UTC), changes=changes, next_cursor=next_cursor, has_more=has_more
    )


def get_record(session: Session, principal: Principal, record_id: str) -> tuple[Record, str]:
    """One record the caller may read (404 if unknown in the pemda, 403 if another OPD's)."""
    found = session.execute(
        select(Record, User.username)
        .join(User, User.id == Record.updated_by)
        .where(Record.id == record_id)
    ).first()
    if found is None or found[0].pemda_id != principal.pemda_id:
        raise problem(404, ProblemType.NOT_FOUND, "Rekaman tidak ditemukan.", "Record not found.")
    record, username = found
    if not can_read(principal, record):
        raise _forbidden(
            "Anda tidak berhak melihat data OPD lain.",
            "You may not see another OPD's data.",
        )
    return record, username


def history(session: Session, principal: Principal, record_id: str) -> list[RecordVersionInfo]:
    """Every version of a record the caller may read: who, when, from which device, what."""
    get_record(session, principal, record_id)
    rows = session.execute(
        select(RecordVersion, User.username)
        .join(User, User.id == RecordVersion.user_id)
        .where(RecordVersion.record_id == record_id)
        .order_by(RecordVersion.version)
    ).all()
    return [
        RecordVersionInfo(
            version=v.version,
            seq=v.seq or 0,
            deleted=v.deleted,
            changed_fields=list(v.changed_fields),
            created_at=v.created_at,
            user_id=v.user_id,
            username=name,
            device_id=v.device_id,
            client_version=v.client_version,
        )
        for v, name in rows
    ]


__all__ = ["Problem", "content_hash", "get_record", "history", "pull", "push"]
