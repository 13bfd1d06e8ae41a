"""The repository over ``store.sqlite``: the only place that queries the local store.

Every method runs in ONE transaction and returns ``iid.records`` dataclasses (or the small
dataclasses below), never ORM objects. Every change to a record also writes its outbox row in
that same transaction, so a crash leaves either both (the change will be sent) or neither.
The outbox is coalesced: one row per record, ``change_seq`` bumped on each edit; the content
sent is the record's state when the batch is taken (see :meth:`Repository.outbox_batch`).

Thread use: every method opens its own session, so methods may be called from any thread;
writes serialise on SQLite's write lock (BEGIN IMMEDIATE + busy timeout), reads never block.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from sqlalchemy import (
    case,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from iid.records import (
    EvidenceDocument,
    IndicatorAnswer,
    Innovation,
    InnovationProfile,
    QcStatus,
    SpdAnswer,
    SpdProfile,
    SyncState,
    Verdict,
    WorkflowState,
)
from sync.local import scores
from sync.local.content import (
    innovation_content,
    innovation_from_content,
    spd_content,
    spd_from_content,
)
from sync.local.db import Store
from sync.local.ids import new_id
from sync.local.listing import SORT_KEYS as SORT_KEYS  # the list's names, re-exported
from sync.local.listing import InnovationFilter as InnovationFilter
from sync.local.listing import InnovationSummary as InnovationSummary
from sync.local.listing import ListReader
from sync.local.listing import OpdInfo as OpdInfo
from sync.local.merge import FieldConflict, merge
from sync.local.models import (
    AnswerRow,
    DocumentRow,
    InnovationRow,
    LocalUser,
    Opd,
    OutboxRow,
    Pemda,
    SpdAnswerRow,
    SpdDocumentRow,
    SpdProfileRow,
    SyncCursor,
    SyncRun,
    VerdictRow,
)
from sync.protocol import RecordType, VerdictContent

INNOVATION = RecordType.INNOVATION.value
VERDICT = RecordType.VERDICT.value
SPD_PROFILE = RecordType.SPD_PROFILE.value

PROFILE_COLUMNS = (
    "nama",
    "tahapan",
    "inisiator",
    "inisiator_nama",
    "jenis",
    "bentuk",
    "urusan_utama",
    "urusan_lain",
    "waktu_uji_coba",
    "waktu_penerapan",
    "waktu_pengembangan",
    "rancang_bangun",
    "tujuan",
    "manfaat",
    "hasil",
    "video_link",
    "extra",
)
DOCUMENT_COLUMNS = (
    "id",
    "slot",
    "nomor",
    "tanggal",
    "tentang",
    "sha256",
    "link",
    "file_name",
    "media_type",
    "size_bytes",
    "duration_seconds",
    "page_count",
    "position",
    "jenis",
    "tahun",
    "names_innovation",
    "name_page",
    "readability",
    "prefilled",
)


class OutboxState:
    QUEUED = "queued"
    QUARANTINED = "quarantined"
    CONFLICT = "conflict"


class RecordNotFound(KeyError):
    """The record a change names is not in the local store (deleted, or a wrong id)."""


# --- dataclasses returned to other layers -----------------------------------------------------


@dataclass(frozen=True)
class PemdaInfo:
    id: str
    name: str
    code: str = ""


@dataclass(frozen=True)
class LocalUserInfo:
    """The signed-in officer of this installation, as the server described them."""

    user_id: str = ""
    username: str = ""
    full_name: str = ""
    role: str = ""
    pemda_id: str | None = None
    opd_id: str | None = None
    server_url: str = ""
    device_id: str = ""


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
    """One outbox row for the Sinkronisasi screen."""

    record_type: str
    record_id: str
    title: str
    change_seq: int
    state: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str
    updated_at: datetime


@dataclass(frozen=True)
class SyncRunInfo:
    id: int
    started_at: datetime
    finished_at: datetime | None
    pushed: int
    pulled: int
    conflicts: int
    failed: int
    ok: bool
    message: str


@dataclass(frozen=True)
class BlobReference:
    """A document that refers to a blob: for the upload's metadata and the screen's "reveal"."""

    sha256: str
    file_name: str
    media_type: str
    record_type: str
    record_id: str


@dataclass(frozen=True)
class SkippedRecord:
    """A pulled record this release could not store, and why."""

    record_type: str
    record_id: str
    reason: str


@dataclass
class PullOutcome:
    """What :meth:`Repository.apply_remote` did beyond applying: records left in conflict
    (ids) and records skipped as unreadable."""

    conflicts: list[str] = field(default_factory=list)
    skipped: list[SkippedRecord] = field(default_factory=list)


@dataclass(frozen=True)
class ConflictInfo:
    """A record in conflict: the merge base, the local content, the server's, and what clashes."""

    record_type: str
    record_id: str
    base: dict[str, Any] | None
    local: dict[str, Any]
    remote: dict[str, Any]
    server_version: int
    conflicts: list[FieldConflict]


def _now() -> datetime:
    return datetime.now(UTC)


def spd_record_id(pemda_id: str, rule_year: int) -> str:
    """The sync id of a pemda's SPD profile for a year: the same on every device of the pemda."""
    return f"spd-{pemda_id or 'local'}-{rule_year}"


# --- row <-> record ---------------------------------------------------------------------------


def _document_record(row: DocumentRow | SpdDocumentRow) -> EvidenceDocument:
    values = {name: getattr(row, name) for name in DOCUMENT_COLUMNS}
    values["prefilled"] = tuple(values["prefilled"] or ())
    values["jenis"] = values["jenis"] or ""
    values["readability"] = values["readability"] or ""
    return EvidenceDocument(**values)


def _document_values(doc: EvidenceDocument) -> dict[str, Any]:
    values = {name: getattr(doc, name) for name in DOCUMENT_COLUMNS}
    values["prefilled"] = list(doc.prefilled)
    return values


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _answer_record(row: AnswerRow) -> IndicatorAnswer:
    return IndicatorAnswer(
        indicator=row.indicator,
        claimed_level=row.claimed_level,
        verified_level=row.verified_level,
        verdict=Verdict(row.verdict),
        verifier_note=row.verifier_note,
        quantity=None if row.quantity is None else Decimal(row.quantity),
        quantity_base=None if row.quantity_base is None else Decimal(row.quantity_base),
        basis=row.basis or "",
        checklist=tuple(row.checklist or ()),
    )


def _measure_values(answer: IndicatorAnswer) -> dict[str, Any]:
    """The officer's measure of ``answer`` as ``AnswerRow`` column values."""
    return {
        "quantity": _decimal_text(answer.quantity),
        "quantity_base": _decimal_text(answer.quantity_base),
        "basis": answer.basis,
        "checklist": list(answer.checklist),
    }


def _profile_record(row: InnovationRow) -> InnovationProfile:
    values = {name: getattr(row, name) for name in PROFILE_COLUMNS}
    values["urusan_lain"] = list(values["urusan_lain"] or [])
    values["extra"] = dict(values["extra"] or {})
    return InnovationProfile(**values)


def _profile_values(profile: InnovationProfile) -> dict[str, Any]:
    values = {name: copy.deepcopy(getattr(profile, name)) for name in PROFILE_COLUMNS}
    values["urusan_lain"] = list(values["urusan_lain"] or [])
    values["extra"] = dict(values["extra"] or {})
    return values


def _profile_record_of(profile: InnovationProfile) -> InnovationProfile:
    """``profile`` normalised as the store would read it back (lists and dicts copied)."""
    return InnovationProfile(**_profile_values(profile))


def _load_innovation(session: Session, row: InnovationRow) -> Innovation:
    answers = session.scalars(select(AnswerRow).where(AnswerRow.innovation_id == row.id)).all()
    documents = session.scalars(
        select(DocumentRow)
        .where(DocumentRow.innovation_id == row.id)
        .order_by(DocumentRow.slot, DocumentRow.position, DocumentRow.id)
    ).all()
    return Innovation(
        id=row.id,
        rule_year=row.rule_year,
        opd_id=row.opd_id,
        profile=_profile_record(row),
        answers={a.indicator: _answer_record(a) for a in answers},
        documents=[_document_record(d) for d in documents],
        workflow_state=WorkflowState(row.workflow_state),
        sync_state=SyncState(row.sync_state),
        qc_status=QcStatus(row.qc_status),
        version=row.version,
        base_version=row.base_version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _load_spd(session: Session, row: SpdProfileRow) -> SpdProfile:
    answers = session.scalars(select(SpdAnswerRow).where(SpdAnswerRow.profile_id == row.id)).all()
    documents = session.scalars(
        select(SpdDocumentRow)
        .where(SpdDocumentRow.profile_id == row.id)
        .order_by(SpdDocumentRow.slot, SpdDocumentRow.position, SpdDocumentRow.id)
    ).all()
    return SpdProfile(
        pemda_id=row.pemda_id,
        rule_year=row.rule_year,
        answers={
            a.row: SpdAnswer(
                row=a.row,
                level=a.level,
                raw_value=Decimal(a.raw_value) if a.raw_value is not None else None,
                inputs={str(k): Decimal(str(v)) for k, v in (a.inputs or {}).items()},
            )
            for a in answers
        },
        documents=[_document_record(d) for d in documents],
        version=row.version,
        base_version=row.base_version,
    )


class Repository:
    """Intent-revealing reads and writes over a :class:`~sync.local.db.Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lists = ListReader(store.path)

    # --- helpers (inside a transaction) -------------------------------------------------------

    def _innovation_row(self, session: Session, innovation_id: str) -> InnovationRow:
        row = session.get(InnovationRow, innovation_id)
        if row is None or row.deleted:
            raise RecordNotFound(
                f"Inovasi {innovation_id} tidak ada (mungkin sudah dihapus). / "
                f"Innovation {innovation_id} does not exist (it may have been deleted)."
            )
        return row

    def _touch_outbox(self, session: Session, record_type: str, record_id: str) -> None:
        """Record a local change: insert the record's outbox row or bump its ``change_seq``.

        A quarantined change is queued again (the officer edited it: maybe fixed it); a
        conflict stays a conflict until resolved, but still counts the edit.
        """
        now = _now()
        stmt = sqlite_insert(OutboxRow).values(
            record_type=record_type,
            record_id=record_id,
            change_seq=1,
            state=OutboxState.QUEUED,
            attempts=0,
            last_error="",
            created_at=now,
            updated_at=now,
        )
        table = OutboxRow.__table__.c
        was_quarantined = table.state == OutboxState.QUARANTINED
        stmt = stmt.on_conflict_do_update(
            index_elements=["record_type", "record_id"],
            set_={
                "change_seq": table.change_seq + 1,
                "state": case(
                    (table.state == OutboxState.CONFLICT, OutboxState.CONFLICT),
                    else_=OutboxState.QUEUED,
                ),
                "attempts": case((was_quarantined, 0), else_=table.attempts),
                "next_attempt_at": case((was_quarantined, None), else_=table.next_attempt_at),
                "last_error": case((was_quarantined, ""), else_=table.last_error),
                "updated_at": stmt.excluded.updated_at,
            },
        )
        session.execute(stmt)

    def _innovation_changed(self, session: Session, row: InnovationRow) -> None:
        """Bookkeeping after a local edit of ``row``: counters, scores, sync state, outbox."""
        row.version += 1
        row.updated_at = _now()
        if row.sync_state != SyncState.CONFLICT:
            row.sync_state = SyncState.QUEUED.value
        session.flush()
        self._rescore(session, row)
        self._touch_outbox(session, INNOVATION, row.id)

    def _rescore(self, session: Session, row: InnovationRow) -> None:
        levels = {
            a.indicator: a.claimed_level or 0
            for a in session.scalars(select(AnswerRow).where(AnswerRow.innovation_id == row.id))
        }
        slots = set(
            session.scalars(select(DocumentRow.slot).where(DocumentRow.innovation_id == row.id))
        )
        summary = scores.summary_scores(row.rule_year, _profile_record(row), levels, slots)
        row.completeness = summary.completeness
        row.kematangan_centi = summary.kematangan_centi

    # --- innovations: editor-facing -------------------------------------------------------------

    def create_innovation(
        self, rule_year: int, nama: str = "", opd_id: str | None = None
    ) -> Innovation:
        """A new draft with a client-made UUIDv7 id, queued for the server."""
        now = _now()
        with self.store.write() as session:
            if opd_id is None:
                user = session.get(LocalUser, 1)
                opd_id = (user.opd_id if user is not None else None) or ""
            row = InnovationRow(
                id=new_id(),
                rule_year=rule_year,
                opd_id=opd_id,
                created_at=now,
                updated_at=now,
                version=0,
                base_version=0,
                deleted=False,
                workflow_state=WorkflowState.DRAFT.value,
                sync_state=SyncState.QUEUED.value,
                qc_status=QcStatus.PENDING.value,
                verifier_note="",
                **_profile_values(InnovationProfile(nama=nama)),
            )
            session.add(row)
            self._innovation_changed(session, row)
            return _load_innovation(session, row)

    def get_innovation(self, innovation_id: str) -> Innovation | None:
        """The innovation with its answers and documents, or None (unknown or deleted)."""
        with self.store.read() as session:
            row = session.get(InnovationRow, innovation_id)
            if row is None or row.deleted:
                return None
            return _load_innovation(session, row)

    def update_profile(self, innovation_id: str, profile: InnovationProfile) -> None:
        """Replace the innovation's profile fields (year-only fields in ``profile.extra``)."""
        with self.store.write() as session:
            row = self._innovation_row(session, innovation_id)
            if _profile_record(row) == _profile_record_of(profile):
                return  # autosave of an unchanged form: no version, no outbox churn
            for name, value in _profile_values(profile).items():
                setattr(row, name, value)
            self._innovation_changed(session, row)

    def set_innovation_state(self, innovation_id: str, state: WorkflowState) -> None:
        """Move the innovation in the pemda's workflow (diajukan, revisi, ...)."""
        with self.store.write() as session:
            row = self._innovation_row(session, innovation_id)
            row.workflow_state = WorkflowState(state).value
            self._innovation_changed(session, row)

    def set_claimed_level(self, innovation_id: str, indicator: str, level: int | None) -> None:
        """The officer's claimed level (1..3) for an SID indicator; None clears it."""
        if level is not None and not 0 <= level <= 3:
            raise ValueError(
                f"Tingkat {level} tidak sah untuk indikator {indicator}: pilih 1, 2 atau 3. / "
                f"Level {level} is not valid for indicator {indicator}: choose 1, 2 or 3."
            )
        with self.store.write() as session:
            row = self._innovation_row(session, innovation_id)
            answer = session.get(AnswerRow, (innovation_id, indicator))
            if answer is None:
                session.add(
                    AnswerRow(
                        innovation_id=innovation_id,
                        indicator=indicator,
                        claimed_level=level or None,
                        verdict=Verdict.PENDING.value,
                        verifier_note="",
                    )
                )
            elif answer.claimed_level == (level or None):
                return
            else:
                answer.claimed_level = level or None
            self._innovation_changed(session, row)

    def set_measure(self, innovation_id: str, answer: IndicatorAnswer) -> None:
        """The officer's measure for ``answer.indicator`` (quantity, ratio base, basis,
        checklist); the claimed level is left as it is (see ``set_claimed_level``)."""
        values = _measure_values(answer)
        with self.store.write() as session:
            row = self._innovation_row(session, innovation_id)
            existing = session.get(AnswerRow, (innovation_id, answer.indicator))
            if existing is None:
                session.add(
                    AnswerRow(
                        innovation_id=innovation_id,
                        indicator=answer.indicator,
                        claimed_level=None,
                        verdict=Verdict.PENDING.value,
                        verifier_note="",
                        **values,
                    )
                )
            elif all(getattr(existing, k) == v for k, v in values.items()):
                return
            else:
                for name, value in values.items():
                    setattr(existing, name, value)
            self._innovation_changed(session, row)

    def add_document(self, innovation_id: str, doc: EvidenceDocument) -> None:
        """Attach an evidence document (its blob, if any, is already in the vault)."""
        with self.store.write() as session:
            row = self._innovation_row(session, innovation_id)
            session.add(DocumentRow(innovation_id=innovation_id, **_document_values(doc)))
            self._innovation_changed(session, row)

    def update_document(self, innovation_id: str, doc: EvidenceDocument) -> None:
        """Replace a document's metadata (nomor, tanggal, tentang, file or link)."""
        with self.store.write() as session:
            row = self._innovation_row(session, innovation_id)
            existing = session.get(DocumentRow, doc.id)
            if existing is None or existing.innovation_id != innovation_id:
                raise RecordNotFound(
                    f"Dokumen {doc.id} tidak ada pada inovasi ini. / "
                    f"Document {doc.id} is not part of this innovation."
                )
            if _document_record(existing) == doc:
                return
            for name, value in _document_values(doc).items():
                setattr(existing, name, value)
            self._innovation_changed(session, row)

    def remove_document(self, innovation_id: str, doc_id: str) -> None:
        """Detach a document (its blob stays in the vault until garbage collection)."""
        with self.store.write() as session:
            row = self._innovation_row(session, innovation_id)
            session.execute(
                delete(DocumentRow).where(
                    DocumentRow.id == doc_id, DocumentRow.innovation_id == innovation_id
                )
            )
            self._innovation_changed(session, row)

    def reorder_documents(self, innovation_id: str, slot: str, ids: Sequence[str]) -> None:
        """Give the slot's documents the order of ``ids`` (positions 0, 1, ...)."""
        with self.store.write() as session:
            row = self._innovation_row(session, innovation_id)
            for position, doc_id in enumerate(ids):
                session.execute(
                    update(DocumentRow)
                    .where(
                        DocumentRow.id == doc_id,
                        DocumentRow.innovation_id == innovation_id,
                        DocumentRow.slot == slot,
                    )
                    .values(position=position)
                )
            self._innovation_changed(session, row)

    def delete_innovation(self, innovation_id: str) -> None:
        """Delete locally now; the deletion reaches the server through the outbox.

        The row stays as a hidden tombstone until the server confirms, so the deletion knows
        its base version; then it is removed with its answers and documents.
        """
        with self.store.write() as session:
            row = self._innovation_row(session, innovation_id)
            row.deleted = True
            self._innovation_changed(session, row)

    def refresh_scores(self, rule_year: int | None = None) -> int:
        """Recompute the list's completeness and kematangan of every innovation (of one year).

        For when a rule file was added or corrected after records were written; not an edit
        (no version, no outbox). Returns how many innovations were rescored.
        """
        with self.store.write() as session:
            query = select(InnovationRow)
            if rule_year is not None:
                query = query.where(InnovationRow.rule_year == rule_year)
            rows = session.scalars(query).all()
            for row in rows:
                self._rescore(session, row)
            return len(rows)

    def settle_evidence_states(self, unverified: Iterable[str]) -> int:
        """A pushed record counts as synced only once the server has verified every file it
        refers to. ``unverified``: the hashes the vault has not had verified by the server. A
        synced record referring to one of them shows as sending; a record shown as sending with
        no unsent change and none of them left becomes synced. Returns how many changed."""
        waiting = list(dict.fromkeys(unverified))
        changed = 0
        with self.store.write() as session:
            for row_type, doc_type, owner, kind in (
                (InnovationRow, DocumentRow, DocumentRow.innovation_id, INNOVATION),
                (SpdProfileRow, SpdDocumentRow, SpdDocumentRow.profile_id, SPD_PROFILE),
            ):
                ids: set[str] = set()
                for i in range(0, len(waiting), 500):
                    ids.update(
                        session.scalars(
                            select(owner).where(doc_type.sha256.in_(waiting[i : i + 500]))
                        )
                    )
                unsent = select(OutboxRow.record_id).where(OutboxRow.record_type == kind)
                sending = set(
                    session.scalars(
                        select(row_type.id).where(
                            row_type.sync_state == SyncState.SENDING, row_type.id.not_in(unsent)
                        )
                    )
                )
                for target, state, records in (
                    (SyncState.SENDING, SyncState.SYNCED, sorted(ids)),
                    (SyncState.SYNCED, SyncState.SENDING, sorted(sending - ids)),
                ):
                    for i in range(0, len(records), 500):
                        result = session.execute(
                            update(row_type)
                            .where(
                                row_type.id.in_(records[i : i + 500]),
                                row_type.sync_state == state,
                            )
                            .values(sync_state=target.value)
                        )
                        assert isinstance(result, CursorResult)  # DML answers with a cursor
                        changed += result.rowcount
        return changed

    def blob_references(self, hashes: Iterable[str]) -> dict[str, BlobReference]:
        """For each hash, one document that refers to it (innovation documents first, then SPD
        documents; tombstones included, as in :meth:`referenced_blobs`): its file name, media
        type and record. Hashes nobody refers to are absent."""
        refs: dict[str, BlobReference] = {}
        wanted = list(dict.fromkeys(hashes))
        with self.store.read() as session:
            for doc, owner, row_type, kind in (
                (DocumentRow, DocumentRow.innovation_id, InnovationRow, INNOVATION),
                (SpdDocumentRow, SpdDocumentRow.profile_id, SpdProfileRow, SPD_PROFILE),
            ):
                for i in range(0, len(wanted), 500):
                    rows = session.execute(
                        select(doc.sha256, doc.file_name, doc.media_type, owner)
                        .join(row_type, row_type.id == owner)
                        .where(doc.sha256.in_(wanted[i : i + 500]))
                        .order_by(owner, doc.position)
                    )
                    for sha, name, media, record_id in rows:
                        if sha:
                            refs.setdefault(
                                sha, BlobReference(sha, name or "", media or "", kind, record_id)
                            )
        return refs

    def referenced_blobs(self) -> set[str]:
        """Every SHA-256 a document (innovation or SPD, tombstones included) refers to."""
        with self.store.read() as session:
            hashes = set(
                session.scalars(select(DocumentRow.sha256).where(DocumentRow.sha256.is_not(None)))
            )
            hashes |= set(
                session.scalars(
                    select(SpdDocumentRow.sha256).where(SpdDocumentRow.sha256.is_not(None))
                )
            )
            return {h for h in hashes if h}

    # --- SPD profile ------------------------------------------------------------------------------

    def get_spd_profile(self, year: int) -> SpdProfile:
        """The pemda's SPD profile for ``year``; a blank (unsaved) one if there is none yet."""
        with self.store.read() as session:
            row = session.scalar(select(SpdProfileRow).where(SpdProfileRow.rule_year == year))
            if row is not None:
                return _load_spd(session, row)
            user = session.get(LocalUser, 1)
            return SpdProfile(pemda_id=(user.pemda_id if user else None) or "", rule_year=year)

    def save_spd_profile(self, profile: SpdProfile) -> None:
        """Store the whole SPD profile of ``profile.rule_year`` (answers and documents)."""
        with self.store.write() as session:
            row = session.scalar(
                select(SpdProfileRow).where(SpdProfileRow.rule_year == profile.rule_year)
            )
            if row is None:
                row = SpdProfileRow(
                    id=spd_record_id(profile.pemda_id, profile.rule_year),
                    pemda_id=profile.pemda_id,
                    rule_year=profile.rule_year,
                    version=0,
                    base_version=0,
                    sync_state=SyncState.QUEUED.value,
                    updated_at=_now(),
                )
                session.add(row)
                session.flush()
            self._write_spd(session, row, profile)
            self._spd_changed(session, row)

    def _write_spd(self, session: Session, row: SpdProfileRow, profile: SpdProfile) -> None:
        if profile.pemda_id:
            row.pemda_id = profile.pemda_id
        session.execute(delete(SpdAnswerRow).where(SpdAnswerRow.profile_id == row.id))
        session.execute(delete(SpdDocumentRow).where(SpdDocumentRow.profile_id == row.id))
        for key, answer in profile.answers.items():
            session.add(
                SpdAnswerRow(
                    profile_id=row.id,
                    row=key,
                    level=answer.level,
                    raw_value=str(answer.raw_value) if answer.raw_value is not None else None,
                    inputs={k: str(v) for k, v in answer.inputs.items()} or None,
                )
            )
        for doc in profile.documents:
            session.add(SpdDocumentRow(profile_id=row.id, **_document_values(doc)))

    def _spd_changed(self, session: Session, row: SpdProfileRow) -> None:
        row.version += 1
        row.updated_at = _now()
        if row.sync_state != SyncState.CONFLICT:
            row.sync_state = SyncState.QUEUED.value
        self._touch_outbox(session, SPD_PROFILE, row.id)

    # --- list ---------------------------------------------------------------------------------

    def count_innovations(self, f: InnovationFilter | None = None) -> int:
        """How many innovations the filter lets through (tombstones never count)."""
        return self._lists.count_innovations(f)

    def list_innovations(
        self,
        f: InnovationFilter | None = None,
        sort_key: str = "updated_at",
        descending: bool = False,
        offset: int = 0,
        limit: int = 100,
    ) -> list[InnovationSummary]:
        """One page of the list (:meth:`sync.local.listing.ListReader.list_innovations`)."""
        return self._lists.list_innovations(f, sort_key, descending, offset, limit)

    # --- org units and the local user ---------------------------------------------------------

    def upsert_pemda(self, pemda_id: str, name: str, code: str = "") -> None:
        with self.store.write() as session:
            row = session.get(Pemda, pemda_id)
            if row is None:
                session.add(Pemda(id=pemda_id, name=name, code=code, updated_at=_now()))
            else:
                row.name, row.code, row.updated_at = name, code, _now()

    def upsert_opd(
        self, opd_id: str, name: str, code: str = "", pemda_id: str | None = None
    ) -> None:
        with self.store.write() as session:
            row = session.get(Opd, opd_id)
            if row is None:
                session.add(
                    Opd(id=opd_id, name=name, code=code, pemda_id=pemda_id, updated_at=_now())
                )
            else:
                row.name, row.code, row.updated_at = name, code, _now()
                if pemda_id is not None:
                    row.pemda_id = pemda_id

    def get_pemda(self, pemda_id: str | None = None) -> PemdaInfo | None:
        """The pemda ``pemda_id`` (default: the signed-in officer's, else the only one known)."""
        with self.store.read() as session:
            if pemda_id is None:
                user = session.get(LocalUser, 1)
                pemda_id = user.pemda_id if user is not None else None
            if pemda_id is not None:
                row = session.get(Pemda, pemda_id)
            else:
                rows = session.scalars(select(Pemda).limit(2)).all()
                row = rows[0] if len(rows) == 1 else None
            return None if row is None else PemdaInfo(id=row.id, name=row.name, code=row.code)

    def list_opds(self) -> list[OpdInfo]:
        """The pemda's OPDs by name."""
        return self._lists.list_opds()

    def get_local_user(self) -> LocalUserInfo | None:
        """The officer who signed in on this installation, or None before the first sign-in."""
        with self.store.read() as session:
            row = session.get(LocalUser, 1)
            if row is None:
                return None
            return LocalUserInfo(
                user_id=row.user_id,
                username=row.username,
                full_name=row.full_name,
                role=row.role,
                pemda_id=row.pemda_id,
                opd_id=row.opd_id,
                server_url=row.server_url,
                device_id=row.device_id,
            )

    def set_local_user(self, user: LocalUserInfo) -> LocalUserInfo:
        """Remember the signed-in officer; a missing ``device_id`` gets a new one (kept after).

        Work done before the first sign-in joins the officer's org units in the same
        transaction: drafts without an OPD get the officer's OPD, and SPD profiles saved under
        the placeholder id ``spd-local-<year>`` get the pemda and its sync id.
        """
        with self.store.write() as session:
            self._adopt_unassigned(session, user)
            row = session.get(LocalUser, 1)
            if row is None:
                row = LocalUser(id=1, device_id="")
                session.add(row)
            device_id = user.device_id or row.device_id or new_id()
            row.user_id, row.username, row.full_name = user.user_id, user.username, user.full_name
            row.role, row.pemda_id, row.opd_id = user.role, user.pemda_id, user.opd_id
            row.server_url, row.device_id, row.updated_at = user.server_url, device_id, _now()
            return LocalUserInfo(
                user_id=row.user_id,
                username=row.username,
                full_name=row.full_name,
                role=row.role,
                pemda_id=row.pemda_id,
                opd_id=row.opd_id,
                server_url=row.server_url,
                device_id=row.device_id,
            )

    def _adopt_unassigned(self, session: Session, user: LocalUserInfo) -> None:
        if user.opd_id:
            orphans = session.scalars(
                select(InnovationRow).where(
                    InnovationRow.opd_id == "", InnovationRow.deleted.is_(False)
                )
            ).all()
            for row in orphans:
                row.opd_id = user.opd_id
                self._innovation_changed(session, row)
        if user.pemda_id:
            placeholders = session.scalars(
                select(SpdProfileRow).where(SpdProfileRow.id.like("spd-local-%"))
            ).all()
            for spd in placeholders:
                target = spd_record_id(user.pemda_id, spd.rule_year)
                self._rename_spd(session, spd, target, user.pemda_id)

    # --- record content (for the outbox and the merge) -------------------------------------------

    def _content(self, session: Session, record_type: str, record_id: str) -> dict[str, Any] | None:
        if record_type == INNOVATION:
            row = session.get(InnovationRow, record_id)
            return None if row is None else innovation_content(_load_innovation(session, row))
        if record_type == SPD_PROFILE:
            spd = session.get(SpdProfileRow, record_id)
            return None if spd is None else spd_content(_load_spd(session, spd))
        raise ValueError(f"unknown record type {record_type!r}")

    def _sync_row(
        self, session: Session, record_type: str, record_id: str
    ) -> InnovationRow | SpdProfileRow | None:
        if record_type == INNOVATION:
            return session.get(InnovationRow, record_id)
        if record_type == SPD_PROFILE:
            return session.get(SpdProfileRow, record_id)
        raise ValueError(f"unknown record type {record_type!r}")

    def _replace_innovation(
        self, session: Session, row: InnovationRow, content: dict[str, Any]
    ) -> None:
        """Overwrite the officer's part of ``row`` with ``content``; verifier fields stay."""
        incoming = innovation_from_content(content)
        if incoming.created_at is not None:
            created = incoming.created_at
            row.created_at = created if created.tzinfo else created.replace(tzinfo=UTC)
        row.rule_year = incoming.rule_year
        row.opd_id = incoming.opd_id
        row.workflow_state = incoming.workflow_state.value
        for name, value in _profile_values(incoming.profile).items():
            setattr(row, name, value)
        existing = {
            a.indicator: a
            for a in session.scalars(select(AnswerRow).where(AnswerRow.innovation_id == row.id))
        }
        for key, answer in incoming.answers.items():
            if key in existing:
                kept = existing.pop(key)
                kept.claimed_level = answer.claimed_level
                for name, value in _measure_values(answer).items():
                    setattr(kept, name, value)
            else:
                session.add(
                    AnswerRow(
                        innovation_id=row.id,
                        indicator=key,
                        claimed_level=answer.claimed_level,
                        verdict=Verdict.PENDING.value,
                        verifier_note="",
                        **_measure_values(answer),
                    )
                )
        for stale in existing.values():
            stale.claimed_level = None
            for name, value in _measure_values(IndicatorAnswer(stale.indicator)).items():
                setattr(stale, name, value)
        session.execute(delete(DocumentRow).where(DocumentRow.innovation_id == row.id))
        session.flush()
        for doc in incoming.documents:
            session.add(DocumentRow(innovation_id=row.id, **_document_values(doc)))
        session.flush()
        self._rescore(session, row)

    def _replace_content(
        self,
        session: Session,
        record_type: str,
        row: InnovationRow | SpdProfileRow,
        content: dict[str, Any],
    ) -> None:
        if isinstance(row, InnovationRow):
            self._replace_innovation(session, row, content)
        else:
            self._write_spd(session, row, spd_from_content(content))

    # --- outbox -----------------------------------------------------------------------------------

    def outbox_batch(self, limit: int, now: datetime | None = None) -> list[OutgoingChange]:
        """Up to ``limit`` queued changes that are due, oldest first, with their content now.

        Remembers what was handed out (``sent_seq``/``sent_content``) so :meth:`mark_pushed`
        can keep exactly that content as the merge base even if the officer edits meanwhile.
        """
        now = now or _now()
        with self.store.write() as session:
            rows = session.scalars(
                select(OutboxRow)
                .where(
                    OutboxRow.state == OutboxState.QUEUED,
                    or_(OutboxRow.next_attempt_at.is_(None), OutboxRow.next_attempt_at <= now),
                )
                .order_by(OutboxRow.id)
                .limit(limit)
            ).all()
            changes: list[OutgoingChange] = []
            for out in rows:
                record = self._sync_row(session, out.record_type, out.record_id)
                if record is None:
                    session.delete(out)
                    continue
                deleted = isinstance(record, InnovationRow) and record.deleted
                content = {} if deleted else self._content(session, out.record_type, out.record_id)
                assert content is not None
                out.sent_seq, out.sent_content = out.change_seq, content
                if record.sync_state != SyncState.CONFLICT:
                    record.sync_state = SyncState.SENDING.value
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
            return changes

    def mark_pushed(
        self, record_type: str, record_id: str, change_seq: int, new_version: int
    ) -> None:
        """The server holds the content sent at ``change_seq`` as ``new_version``.

        The record's base becomes ``new_version`` and the sent content its merge base. The
        outbox row goes away only if no edit came after ``change_seq``; otherwise it stays
        queued and the next batch sends the newer state on the new base.
        """
        with self.store.write() as session:
            out = session.scalar(
                select(OutboxRow).where(
                    OutboxRow.record_type == record_type, OutboxRow.record_id == record_id
                )
            )
            record = self._sync_row(session, record_type, record_id)
            if record is None:
                if out is not None:
                    session.delete(out)
                return
            settled = out is None or out.change_seq == change_seq
            if out is not None and out.sent_seq == change_seq and out.sent_content is not None:
                synced = out.sent_content
            else:
                synced = self._content(session, record_type, record_id) or {}
            record.base_version = new_version
            record.version = max(record.version, new_version)
            record.synced_content = synced
            record.server_content, record.server_version = None, None
            if isinstance(record, InnovationRow) and record.deleted and settled:
                session.delete(record)
                if out is not None:
                    session.delete(out)
                return
            if settled:
                if out is not None:
                    session.delete(out)
                record.sync_state = SyncState.SYNCED.value
            else:
                assert out is not None
                out.state, out.attempts, out.next_attempt_at = OutboxState.QUEUED, 0, None
                out.last_error, out.updated_at = "", _now()
                record.sync_state = SyncState.QUEUED.value

    def _outbox_row(self, session: Session, record_type: str, record_id: str) -> OutboxRow:
        out = session.scalar(
            select(OutboxRow).where(
                OutboxRow.record_type == record_type, OutboxRow.record_id == record_id
            )
        )
        if out is None:
            raise RecordNotFound(f"no outbox entry for {record_type} {record_id}")
        return out

    def mark_retry(
        self, record_type: str, record_id: str, error: str, next_attempt_at: datetime
    ) -> None:
        """A transient failure: try again from ``next_attempt_at``."""
        with self.store.write() as session:
            out = self._outbox_row(session, record_type, record_id)
            out.attempts += 1
            out.last_error, out.next_attempt_at, out.updated_at = error, next_attempt_at, _now()
            if out.state != OutboxState.CONFLICT:
                out.state = OutboxState.QUEUED
            record = self._sync_row(session, record_type, record_id)
            if record is not None and record.sync_state == SyncState.SENDING:
                record.sync_state = SyncState.QUEUED.value

    def quarantine(self, record_type: str, record_id: str, reason: str) -> None:
        """The server refused the change for good: keep it aside, with the reason, for the user.

        The next local edit of the record queues it again.
        """
        with self.store.write() as session:
            out = self._outbox_row(session, record_type, record_id)
            out.state, out.last_error, out.updated_at = OutboxState.QUARANTINED, reason, _now()
            record = self._sync_row(session, record_type, record_id)
            if record is not None:
                record.sync_state = SyncState.QUARANTINED.value

    def mark_conflict(
        self,
        record_type: str,
        record_id: str,
        server_copy: dict[str, Any],
        server_version: int,
    ) -> list[FieldConflict]:
        """The server has a newer copy than our base (a push answered ``conflict``).

        ``server_copy`` is the server's record (``ServerRecord`` as a dict) or its content.
        Merges three-way against the last synced content: when no field clashes, the merged
        content is written and queued on the new base (returns []); otherwise the record is
        left as the officer has it, marked conflict, and the clashing fields are returned.
        """
        deleted = False
        content = server_copy
        if {"type", "id", "version", "content"} <= server_copy.keys():
            content, deleted = dict(server_copy["content"]), bool(server_copy.get("deleted"))
        with self.store.write() as session:
            record = self._sync_row(session, record_type, record_id)
            if record is None:
                return []
            return self._absorb_server_copy(
                session, record_type, record, content, server_version, deleted
            )

    def _absorb_server_copy(
        self,
        session: Session,
        record_type: str,
        record: InnovationRow | SpdProfileRow,
        remote: dict[str, Any],
        server_version: int,
        deleted: bool,
    ) -> list[FieldConflict]:
        local = (
            {}
            if isinstance(record, InnovationRow) and record.deleted
            else self._content(session, record_type, record.id) or {}
        )
        if deleted:
            # The server deleted what the officer is still editing: theirs to decide.
            remote = {}
            merged, conflicts = local, [FieldConflict(path="", local=local, remote=None)]
        else:
            result = merge(record.synced_content, local, remote)
            merged, conflicts = result.merged, result.conflicts
        out = session.scalar(
            select(OutboxRow).where(
                OutboxRow.record_type == record_type, OutboxRow.record_id == record.id
            )
        )
        if not conflicts:
            self._replace_content(session, record_type, record, merged)
            record.base_version = server_version
            record.version = max(record.version, server_version)
            record.synced_content = remote
            record.server_content, record.server_version = None, None
            if merged == remote:
                if out is not None:
                    session.delete(out)
                record.sync_state = SyncState.SYNCED.value
            else:
                self._touch_outbox(session, record_type, record.id)
                record.sync_state = SyncState.QUEUED.value
            return []
        record.server_content, record.server_version = remote, server_version
        record.sync_state = SyncState.CONFLICT.value
        if out is None:
            self._touch_outbox(session, record_type, record.id)
        session.execute(
            update(OutboxRow)
            .where(OutboxRow.record_type == record_type, OutboxRow.record_id == record.id)
            .values(state=OutboxState.CONFLICT, updated_at=_now())
        )
        return conflicts

    def conflict_info(self, record_type: str, record_id: str) -> ConflictInfo | None:
        """What the conflict screen shows for a record in conflict (None if it is not)."""
        with self.store.read() as session:
            record = self._sync_row(session, record_type, record_id)
            if record is None or record.server_version is None:
                return None
            local = self._content(session, record_type, record_id) or {}
            remote = record.server_content or {}
            return ConflictInfo(
                record_type=record_type,
                record_id=record_id,
                base=record.synced_content,
                local=local,
                remote=remote,
                server_version=record.server_version,
                conflicts=merge(record.synced_content, local, remote).conflicts,
            )

    def resolve_conflict(
        self,
        record_type: str,
        record_id: str,
        merged_content: dict[str, Any],
        server_version: int,
    ) -> None:
        """The officer's decision: ``merged_content`` replaces the record, based on the server
        copy at ``server_version``, and is queued to be sent."""
        with self.store.write() as session:
            record = self._sync_row(session, record_type, record_id)
            if record is None:
                raise RecordNotFound(f"{record_type} {record_id} is not in the local store")
            if isinstance(record, InnovationRow):
                record.deleted = False
            self._replace_content(session, record_type, record, merged_content)
            record.synced_content = record.server_content
            record.base_version = server_version
            record.version = max(record.version, server_version) + 1
            record.server_content, record.server_version = None, None
            record.sync_state = SyncState.QUEUED.value
            record.updated_at = _now()
            self._touch_outbox(session, record_type, record_id)
            session.execute(
                update(OutboxRow)
                .where(OutboxRow.record_type == record_type, OutboxRow.record_id == record_id)
                .values(state=OutboxState.QUEUED, attempts=0, next_attempt_at=None, last_error="")
            )

    def outbox_items(self) -> list[OutboxItem]:
        """Every pending change, oldest first, with a title the officer recognises."""
        with self.store.read() as session:
            rows = session.execute(
                select(OutboxRow, InnovationRow.nama, SpdProfileRow.rule_year)
                .outerjoin(
                    InnovationRow,
                    (OutboxRow.record_type == INNOVATION)
                    & (InnovationRow.id == OutboxRow.record_id),
                )
                .outerjoin(
                    SpdProfileRow,
                    (OutboxRow.record_type == SPD_PROFILE)
                    & (SpdProfileRow.id == OutboxRow.record_id),
                )
                .order_by(OutboxRow.id)
            ).all()
            items = []
            for out, nama, year in rows:
                if out.record_type == SPD_PROFILE:
                    title = f"Profil SPD {year}"
                else:
                    title = nama or "(tanpa nama)"
                items.append(
                    OutboxItem(
                        record_type=out.record_type,
                        record_id=out.record_id,
                        title=title,
                        change_seq=out.change_seq,
                        state=out.state,
                        attempts=out.attempts,
                        next_attempt_at=out.next_attempt_at,
                        last_error=out.last_error,
                        updated_at=out.updated_at,
                    )
                )
            return items

    def outbox_count(self) -> int:
        with self.store.read() as session:
            return int(session.scalar(select(func.count()).select_from(OutboxRow)) or 0)

    # --- pull ---------------------------------------------------------------------------------

    def get_cursor(self) -> int:
        """The pull cursor: the server ``seq`` the last applied page ended at (0 at first)."""
        with self.store.read() as session:
            row = session.get(SyncCursor, 1)
            return row.cursor if row is not None else 0

    def apply_remote(self, records: Iterable[dict[str, Any]], cursor: int) -> PullOutcome:
        """Apply one pulled page (``ServerRecord`` dicts, oldest first) and move the cursor.

        All in one transaction, so a crash re-pulls the whole page, never half of it.
        Innovation: taken as is when the local copy has no pending change; with one, merged
        three-way against the last synced copy (conflicts are kept for the officer).
        Verdict: the verifier's fields of the innovation. SPD profile: like an innovation.
        A version not newer than what we hold (our own push coming back) is skipped.
        A record this release cannot store is rolled back on its own (savepoint) and reported
        in ``skipped``, so one bad record cannot stall every later pull.
        """
        outcome = PullOutcome()
        with self.store.write() as session:
            for record in records:
                kind, record_id = str(record.get("type")), str(record.get("id"))
                try:
                    with session.begin_nested():
                        if self._apply_one(session, kind, record):
                            outcome.conflicts.append(record_id)
                except (KeyError, ValueError, TypeError, ValidationError) as exc:
                    outcome.skipped.append(SkippedRecord(kind, record_id, f"{exc}"))
            row = session.get(SyncCursor, 1)
            if row is None:
                session.add(SyncCursor(id=1, cursor=cursor, updated_at=_now()))
            else:
                row.cursor, row.updated_at = cursor, _now()
        return outcome

    def _apply_one(self, session: Session, kind: str, record: dict[str, Any]) -> bool:
        if kind == INNOVATION:
            return self._apply_innovation(session, record)
        if kind == VERDICT:
            self._apply_verdict(session, record)
            return False
        if kind == SPD_PROFILE:
            return self._apply_spd(session, record)
        raise ValueError(f"unknown record type {kind!r}")

    def _has_outbox(self, session: Session, record_type: str, record_id: str) -> bool:
        return (
            session.scalar(
                select(OutboxRow.id).where(
                    OutboxRow.record_type == record_type, OutboxRow.record_id == record_id
                )
            )
            is not None
        )

    def _apply_innovation(self, session: Session, record: dict[str, Any]) -> bool:
        record_id, version = str(record["id"]), int(record["version"])
        deleted, content = bool(record.get("deleted")), dict(record.get("content") or {})
        row = session.get(InnovationRow, record_id)
        if row is not None and version <= row.base_version:
            return False
        dirty = row is not None and self._has_outbox(session, INNOVATION, record_id)
        if dirty:
            assert row is not None
            return bool(
                self._absorb_server_copy(session, INNOVATION, row, content, version, deleted)
            )
        if deleted:
            if row is not None:
                session.delete(row)
            return False
        content["id"] = record_id
        if row is None:
            self._insert_remote_innovation(session, record_id, version, content)
            return False
        now = _now()
        self._replace_innovation(session, row, content)
        row.version = row.base_version = version
        row.synced_content = content
        row.server_content, row.server_version = None, None
        row.sync_state = SyncState.SYNCED.value
        row.updated_at = now
        verdict = session.scalar(
            select(VerdictRow).where(
                VerdictRow.innovation_id == record_id, VerdictRow.deleted.is_(False)
            )
        )
        if verdict is not None:
            self._overlay_verdict(session, row, verdict.content)
        return False

    def _insert_remote_innovation(
        self, session: Session, record_id: str, version: int, content: dict[str, Any]
    ) -> None:
        """A server record this store has never held (most of a first pull): written with three
        bulk INSERTs and scored from the record itself, without the unit of work's per-row
        flushes (bench/sync_pull.py). Same rows as the general path would write."""
        incoming = innovation_from_content(content)
        now = _now()
        created = incoming.created_at or now
        profile = _profile_values(incoming.profile)
        summary = scores.summary_scores(
            incoming.rule_year,
            InnovationProfile(**profile),
            {key: a.claimed_level or 0 for key, a in incoming.answers.items()},
            {doc.slot for doc in incoming.documents},
        )
        session.execute(
            insert(InnovationRow),
            [
                dict(
                    id=record_id,
                    rule_year=incoming.rule_year,
                    opd_id=incoming.opd_id,
                    created_at=created if created.tzinfo else created.replace(tzinfo=UTC),
                    updated_at=now,
                    version=version,
                    base_version=version,
                    deleted=False,
                    sync_state=SyncState.SYNCED.value,
                    qc_status=QcStatus.PENDING.value,
                    verifier_note="",
                    workflow_state=incoming.workflow_state.value,
                    synced_content=content,
                    server_content=None,
                    server_version=None,
                    completeness=summary.completeness,
                    kematangan_centi=summary.kematangan_centi,
                    **profile,
                )
            ],
        )
        if incoming.answers:
            session.execute(
                insert(AnswerRow),
                [
                    dict(
                        innovation_id=record_id,
                        indicator=key,
                        claimed_level=answer.claimed_level,
                        verified_level=None,
                        verdict=Verdict.PENDING.value,
                        verifier_note="",
                        **_measure_values(answer),
                    )
                    for key, answer in incoming.answers.items()
                ],
            )
        if incoming.documents:
            session.execute(
                insert(DocumentRow),
                [dict(innovation_id=record_id, **_document_values(d)) for d in incoming.documents],
            )
        verdict = session.scalar(
            select(VerdictRow.content).where(
                VerdictRow.innovation_id == record_id, VerdictRow.deleted.is_(False)
            )
        )
        if verdict is not None:  # the verifier's verdict arrived before the innovation
            row = session.get(InnovationRow, record_id)
            assert row is not None
            self._overlay_verdict(session, row, verdict)

    def _apply_verdict(self, session: Session, record: dict[str, Any]) -> None:
        record_id, version = str(record["id"]), int(record["version"])
        deleted = bool(record.get("deleted"))
        existing = session.get(VerdictRow, record_id)
        if existing is not None and version <= existing.version:
            return
        if deleted:
            innovation_id = existing.innovation_id if existing is not None else None
            content: dict[str, Any] = {}
        else:
            try:
                parsed = VerdictContent.model_validate(record.get("content") or {})
            except ValidationError as exc:
                raise ValueError(
                    f"verdict {record_id} from the server is malformed: {exc}"
                ) from exc
            content = parsed.model_dump(mode="json")
            innovation_id = parsed.innovation_id
        if existing is None:
            if innovation_id is None:
                return
            existing = VerdictRow(id=record_id, innovation_id=innovation_id, updated_at=_now())
            session.add(existing)
        existing.version, existing.content, existing.deleted = version, content, deleted
        existing.updated_at = _now()
        if innovation_id is not None:
            row = session.get(InnovationRow, innovation_id)
            if row is not None:
                self._overlay_verdict(session, row, content)

    def _overlay_verdict(
        self, session: Session, row: InnovationRow, content: dict[str, Any]
    ) -> None:
        """Write a verdict's per-indicator views and QC status onto the innovation."""
        indicators: dict[str, Any] = dict(content.get("indicators") or {})
        answers = {
            a.indicator: a
            for a in session.scalars(select(AnswerRow).where(AnswerRow.innovation_id == row.id))
        }
        for key in set(answers) | set(indicators):
            view = indicators.get(key) or {}
            answer = answers.get(key)
            if answer is None:
                answer = AnswerRow(innovation_id=row.id, indicator=key, claimed_level=None)
                session.add(answer)
            answer.verified_level = view.get("verified_level")
            answer.verdict = str(view.get("verdict") or Verdict.PENDING.value)
            answer.verifier_note = str(view.get("note") or "")
        row.qc_status = str(content.get("qc_status") or QcStatus.PENDING.value)
        row.verifier_note = str(content.get("note") or "")
        state = content.get("workflow_state")
        if state:
            row.workflow_state = WorkflowState(state).value
            # The verifier moved the workflow: not an officer's edit, so the merge base follows.
            if row.synced_content is not None:
                row.synced_content = {**row.synced_content, "workflow_state": state}
        session.flush()
        self._rescore(session, row)

    def _apply_spd(self, session: Session, record: dict[str, Any]) -> bool:
        record_id, version = str(record["id"]), int(record["version"])
        deleted, content = bool(record.get("deleted")), dict(record.get("content") or {})
        row = session.get(SpdProfileRow, record_id)
        if row is None and not deleted:
            # Same year saved locally under another id (before sign-in): adopt the server's id.
            year = content.get("rule_year")
            row = session.scalar(select(SpdProfileRow).where(SpdProfileRow.rule_year == year))
            if row is not None and row.id != record_id:
                self._rename_spd(session, row, record_id, str(content.get("pemda_id") or ""))
                row = session.get(SpdProfileRow, record_id)
        if row is not None and version <= row.base_version:
            return False
        if row is not None and self._has_outbox(session, SPD_PROFILE, row.id):
            return bool(
                self._absorb_server_copy(session, SPD_PROFILE, row, content, version, deleted)
            )
        if deleted:
            if row is not None:
                session.delete(row)
            return False
        profile = spd_from_content(content)
        if row is None:
            row = SpdProfileRow(
                id=record_id,
                pemda_id=profile.pemda_id,
                rule_year=profile.rule_year,
                updated_at=_now(),
                sync_state=SyncState.SYNCED.value,
            )
            session.add(row)
            session.flush()
        self._write_spd(session, row, profile)
        row.version = row.base_version = version
        row.synced_content = content
        row.server_content, row.server_version = None, None
        row.sync_state = SyncState.SYNCED.value
        row.updated_at = _now()
        return False

    def _rename_spd(
        self, session: Session, row: SpdProfileRow, new_id_: str, pemda_id: str
    ) -> None:
        profile = _load_spd(session, row)
        profile.pemda_id = pemda_id or profile.pemda_id
        old_id = row.id
        had_outbox = self._has_outbox(session, SPD_PROFILE, old_id)
        session.execute(
            delete(OutboxRow).where(
                OutboxRow.record_type == SPD_PROFILE, OutboxRow.record_id == old_id
            )
        )
        state = dict(
            version=row.version,
            base_version=row.base_version,
            sync_state=row.sync_state,
            synced_content=row.synced_content,
        )
        session.delete(row)
        session.flush()
        renamed = SpdProfileRow(
            id=new_id_, pemda_id=profile.pemda_id, rule_year=profile.rule_year,
            updated_at=_now(), **state,
        )  # fmt: skip
        session.add(renamed)
        session.flush()
        self._write_spd(session, renamed, profile)
        if had_outbox:
            self._touch_outbox(session, SPD_PROFILE, new_id_)

    # --- sync history ---------------------------------------------------------------------------

    def record_sync_run(
        self,
        started_at: datetime,
        finished_at: datetime | None,
        *,
        pushed: int = 0,
        pulled: int = 0,
        conflicts: int = 0,
        failed: int = 0,
        ok: bool = True,
        message: str = "",
    ) -> int:
        """Remember one synchronisation run; returns its id."""
        with self.store.write() as session:
            run = SyncRun(
                started_at=started_at,
                finished_at=finished_at,
                pushed=pushed,
                pulled=pulled,
                conflicts=conflicts,
                failed=failed,
                ok=ok,
                message=message,
            )
            session.add(run)
            session.flush()
            return run.id

    def recent_sync_runs(self, n: int = 20) -> list[SyncRunInfo]:
        """The ``n`` newest runs, newest first."""
        with self.store.read() as session:
            return [
                SyncRunInfo(
                    id=r.id,
                    started_at=r.started_at,
                    finished_at=r.finished_at,
                    pushed=r.pushed,
                    pulled=r.pulled,
                    conflicts=r.conflicts,
                    failed=r.failed,
                    ok=r.ok,
                    message=r.message,
                )
                for r in session.scalars(
                    select(SyncRun).order_by(SyncRun.started_at.desc(), SyncRun.id.desc()).limit(n)
                )
            ]
