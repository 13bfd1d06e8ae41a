"""Innovations and SPD profiles: what the editor and the Ringkasan read and write (the list's
pages are read by :mod:`sync.local.listing`).

Every method runs in ONE transaction and returns ``iid.records`` dataclasses (or the small
dataclasses below), never ORM objects. Every change to a record also writes its outbox row (and
the rows of the files its documents refer to) in that same transaction, so a crash leaves either
both (the change will be sent) or neither.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC
from enum import StrEnum
from typing import Any

from sqlalchemy import String, cast, delete, select, update
from sqlalchemy.orm import Session, aliased

from iid.records import (
    EvidenceDocument,
    IndicatorAnswer,
    Innovation,
    InnovationProfile,
    QcStatus,
    SpdProfile,
    SyncState,
    WorkflowState,
)
from sync.batches import batches
from sync.local import scores
from sync.local.content import (
    innovation_content,
    innovation_from_content,
    spd_content,
    spd_from_content,
)
from sync.local.db import Store
from sync.local.ids import new_id
from sync.local.models import (
    DocumentRow,
    InnovationRow,
    LocalUser,
    OutboxRow,
    SpdAnswerRow,
    SpdDocumentRow,
    SpdProfileRow,
)
from sync.local.outbox import Outbox, RecordKind
from sync.local.rows import (
    INNOVATION,
    REVIEW_FIELDS,
    SPD_ANSWER_COLUMNS,
    SPD_PROFILE,
    RecordNotFound,
    answer_fields,
    claimed_levels,
    document_record,
    document_values,
    load_innovation,
    load_innovations,
    load_spd,
    measure_values,
    now,
    officer_answer,
    profile_record,
    profile_record_of,
    profile_values,
    sorted_answers,
    spd_answer_row,
    spd_record_id,
)

BULK_READ = 500
"""Innovations read per query by ``get_innovations`` (SQLite's bound-parameter limit)."""


def _undelete(row: InnovationRow) -> None:
    row.deleted = False


class NotADraft(ValueError):
    """Only a draft may be deleted; this innovation is further along the workflow."""

    def __init__(self, innovation_id: str, state: WorkflowState) -> None:
        super().__init__(
            f"Inovasi {innovation_id} berstatus {state.value}; hanya draf yang dapat dihapus. / "
            f"Innovation {innovation_id} is {state.value}; only a draft can be deleted."
        )
        self.innovation_id = innovation_id
        self.state = state


class DeleteOutcome(StrEnum):
    """What :meth:`Innovations.delete_innovation` did."""

    REMOVED = "removed"  # never sent: gone from this laptop, nothing to tell the server
    QUEUED = "queued"  # hidden here; the deletion goes to the server with the next sync


@dataclass(frozen=True)
class BlobReference:
    """A document that refers to a blob: for the upload's metadata and the screen's "reveal"."""

    sha256: str
    file_name: str
    media_type: str
    record_type: str
    record_id: str


def _sha(doc: EvidenceDocument | None) -> str | None:
    return doc.sha256 if doc is not None and doc.sha256 else None


class Innovations:
    """Intent-revealing reads and writes of innovations and SPD profiles."""

    def __init__(self, store: Store, outbox: Outbox) -> None:
        self.store = store
        self.outbox = outbox
        self.edited: Callable[[Session, InnovationRow], None] = lambda _session, _row: None
        """Called (in the same transaction) after an innovation's content changed here or was
        replaced by the server's: the workflow part rewrites what depends on the evidence."""
        outbox.register(
            RecordKind(
                record_type=INNOVATION,
                row=InnovationRow,
                content=lambda session, row: innovation_content(load_innovation(session, row)),
                deleted=lambda row: bool(row.deleted),
                title=InnovationRow.nama,
                documents=(DocumentRow, DocumentRow.innovation_id),
                undelete=_undelete,
            )
        )
        outbox.register(
            RecordKind(
                record_type=SPD_PROFILE,
                row=SpdProfileRow,
                content=lambda session, row: spd_content(load_spd(session, row)),
                deleted=lambda row: False,
                title=cast(SpdProfileRow.rule_year, String),
                documents=(SpdDocumentRow, SpdDocumentRow.profile_id),
            )
        )

    # --- helpers (inside a transaction) -------------------------------------------------------

    def row(self, session: Session, innovation_id: str) -> InnovationRow:
        row = session.get(InnovationRow, innovation_id)
        if row is None or row.deleted:
            raise RecordNotFound(
                f"Inovasi {innovation_id} tidak ada (mungkin sudah dihapus). / "
                f"Innovation {innovation_id} does not exist (it may have been deleted)."
            )
        return row

    def changed(self, session: Session, row: InnovationRow) -> None:
        """Bookkeeping after a local edit of ``row``: counters, scores, outbox (and with it the
        list's sync state)."""
        row.version += 1
        row.updated_at = now()
        session.flush()
        self.rescore(session, row)
        self.outbox.record_changed(session, INNOVATION, row.id)
        self.edited(session, row)

    def rescore(self, session: Session, row: InnovationRow) -> None:
        levels = claimed_levels(row)
        slots = set(
            session.scalars(select(DocumentRow.slot).where(DocumentRow.innovation_id == row.id))
        )
        summary = scores.summary_scores(row.rule_year, profile_record(row), levels, slots)
        row.completeness = summary.completeness
        row.kematangan_centi = summary.kematangan_centi

    def document_hashes(self, session: Session, record_type: str, record_id: str) -> set[str]:
        if record_type == INNOVATION:
            query = select(DocumentRow.sha256).where(DocumentRow.innovation_id == record_id)
        elif record_type == SPD_PROFILE:
            query = select(SpdDocumentRow.sha256).where(SpdDocumentRow.profile_id == record_id)
        else:
            return set()
        return {h for h in session.scalars(query) if h}

    # --- innovations: editor-facing -------------------------------------------------------------

    def create_innovation(
        self, rule_year: int, nama: str = "", opd_id: str | None = None
    ) -> Innovation:
        """A new draft with a client-made UUIDv7 id, queued for the server."""
        stamp = now()
        with self.store.write() as session:
            if opd_id is None:
                user = session.get(LocalUser, 1)
                opd_id = (user.opd_id if user is not None else None) or ""
            row = InnovationRow(
                id=new_id(),
                rule_year=rule_year,
                opd_id=opd_id,
                created_at=stamp,
                updated_at=stamp,
                version=0,
                base_version=0,
                deleted=False,
                workflow_state=WorkflowState.DRAFT.value,
                sync_state=SyncState.QUEUED.value,
                qc_status=QcStatus.PENDING.value,
                verifier_note="",
                **profile_values(InnovationProfile(nama=nama)),
            )
            session.add(row)
            self.changed(session, row)
            return load_innovation(session, row)

    def get_innovation(self, innovation_id: str) -> Innovation | None:
        """The innovation with its answers and documents, or None (unknown or deleted)."""
        with self.store.read() as session:
            row = session.get(InnovationRow, innovation_id)
            if row is None or row.deleted:
                return None
            return load_innovation(session, row)

    def get_innovations(self, innovation_ids: Sequence[str]) -> list[Innovation]:
        """The innovations of ``innovation_ids`` that exist (not deleted), in that order, read
        in one snapshot: what ``get_innovation`` gives one by one, in a few queries."""
        found: dict[str, Innovation] = {}
        with self.store.read() as session:
            for piece in batches(innovation_ids, BULK_READ):
                chunk = list(piece)
                rows = session.scalars(
                    select(InnovationRow).where(
                        InnovationRow.id.in_(chunk), InnovationRow.deleted.is_(False)
                    )
                ).all()
                found.update((i.id, i) for i in load_innovations(session, rows))
        return [found[i] for i in innovation_ids if i in found]

    def update_profile(self, innovation_id: str, profile: InnovationProfile) -> None:
        """Replace the innovation's profile fields (year-only fields in ``profile.extra``)."""
        with self.store.write() as session:
            row = self.row(session, innovation_id)
            if profile_record(row) == profile_record_of(profile):
                return  # autosave of an unchanged form: no version, no outbox churn
            for name, value in profile_values(profile).items():
                setattr(row, name, value)
            self.changed(session, row)

    def set_innovation_state(self, innovation_id: str, state: WorkflowState) -> None:
        """Set the workflow state on this device only (demo data, tests): the state is the
        server's and is not sent; the officer's moves are workflow requests."""
        with self.store.write() as session:
            row = self.row(session, innovation_id)
            row.workflow_state = WorkflowState(state).value
            row.updated_at = now()

    def set_claimed_level(self, innovation_id: str, indicator: str, level: int | None) -> None:
        """The officer's claimed level (1..3) for an SID indicator; None clears it."""
        if level is not None and not 0 <= level <= 3:
            raise ValueError(
                f"Level {level} tidak sah untuk indikator {indicator}: pilih 1, 2 atau 3. / "
                f"Level {level} is not valid for indicator {indicator}: choose 1, 2 or 3."
            )
        with self.store.write() as session:
            row = self.row(session, innovation_id)
            fields = answer_fields((row.answers or {}).get(indicator))
            if indicator in (row.answers or {}) and fields["claimed_level"] == (level or None):
                return
            fields["claimed_level"] = level or None
            row.answers = sorted_answers({**(row.answers or {}), indicator: fields})
            self.changed(session, row)

    def set_measure(self, innovation_id: str, answer: IndicatorAnswer) -> None:
        """The officer's measure for ``answer.indicator`` (quantity, ratio base, basis,
        checklist); the claimed level is left as it is (see ``set_claimed_level``)."""
        values = measure_values(answer)
        with self.store.write() as session:
            row = self.row(session, innovation_id)
            fields = answer_fields((row.answers or {}).get(answer.indicator))
            if answer.indicator in (row.answers or {}) and all(
                fields[k] == v for k, v in values.items()
            ):
                return
            fields.update(values)
            row.answers = sorted_answers({**(row.answers or {}), answer.indicator: fields})
            self.changed(session, row)

    def add_document(self, innovation_id: str, doc: EvidenceDocument) -> None:
        """Attach an evidence document (its blob, if any, is already in the vault)."""
        with self.store.write() as session:
            row = self.row(session, innovation_id)
            session.add(DocumentRow(innovation_id=innovation_id, **document_values(doc)))
            self.outbox.blobs_attached(session, [h for h in [_sha(doc)] if h])
            self.changed(session, row)

    def update_document(self, innovation_id: str, doc: EvidenceDocument) -> None:
        """Replace a document's metadata (nomor, tanggal, tentang, file or link)."""
        with self.store.write() as session:
            row = self.row(session, innovation_id)
            existing = session.get(DocumentRow, doc.id)
            if existing is None or existing.innovation_id != innovation_id:
                raise RecordNotFound(
                    f"Dokumen {doc.id} tidak ada pada inovasi ini. / "
                    f"Document {doc.id} is not part of this innovation."
                )
            if document_record(existing) == doc:
                return
            before = existing.sha256
            for name, value in document_values(doc).items():
                setattr(existing, name, value)
            session.flush()
            if before != doc.sha256:
                self.outbox.blobs_attached(session, [h for h in [_sha(doc)] if h])
                self.outbox.blobs_detached(session, [h for h in [before] if h])
            self.changed(session, row)

    def remove_document(self, innovation_id: str, doc_id: str) -> None:
        """Detach a document (its blob stays in the vault until garbage collection)."""
        with self.store.write() as session:
            row = self.row(session, innovation_id)
            before = session.scalar(
                select(DocumentRow.sha256).where(
                    DocumentRow.id == doc_id, DocumentRow.innovation_id == innovation_id
                )
            )
            session.execute(
                delete(DocumentRow).where(
                    DocumentRow.id == doc_id, DocumentRow.innovation_id == innovation_id
                )
            )
            self.outbox.blobs_detached(session, [h for h in [before] if h])
            self.changed(session, row)

    def reorder_documents(self, innovation_id: str, slot: str, ids: Sequence[str]) -> None:
        """Give the slot's documents the order of ``ids`` (positions 0, 1, ...)."""
        with self.store.write() as session:
            row = self.row(session, innovation_id)
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
            self.changed(session, row)

    def delete_innovation(self, innovation_id: str) -> DeleteOutcome:
        """Delete a draft (only a draft: :class:`NotADraft` otherwise).

        A draft never handed to the server is removed at once with its answers, documents and
        outbox row (``REMOVED``). One the server has (or may have: a push in flight) stays as
        a hidden tombstone, and the deletion reaches the server through the outbox
        (``QUEUED``); once the server confirms, the row goes with its answers and documents.
        """
        with self.store.write() as session:
            row = self.row(session, innovation_id)
            if row.workflow_state != WorkflowState.DRAFT:
                raise NotADraft(innovation_id, WorkflowState(row.workflow_state))
            sent_seq = session.scalar(
                select(OutboxRow.sent_seq).where(
                    OutboxRow.record_type == INNOVATION, OutboxRow.record_id == innovation_id
                )
            )
            # sent_seq is set when a batch handed the record out: the server may hold it even
            # though no answer came back, so only a record never handed out is purely local.
            if row.base_version == 0 and sent_seq is None:
                hashes = [
                    h
                    for h in session.scalars(
                        select(DocumentRow.sha256).where(DocumentRow.innovation_id == innovation_id)
                    )
                    if h
                ]
                self.outbox.forget(session, INNOVATION, innovation_id)
                session.delete(row)  # answers and documents go by ON DELETE CASCADE
                session.flush()
                self.outbox.blobs_detached(session, hashes)  # files only it referred to
                return DeleteOutcome.REMOVED
            row.deleted = True
            self.changed(session, row)
            return DeleteOutcome.QUEUED

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
                self.rescore(session, row)
            return len(rows)

    # --- evidence references ----------------------------------------------------------------------

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
                for chunk in batches(wanted):
                    rows = session.execute(
                        select(doc.sha256, doc.file_name, doc.media_type, owner)
                        .join(row_type, row_type.id == owner)
                        .where(doc.sha256.in_(chunk))
                        .order_by(owner, doc.position)
                    )
                    for sha, name, media, record_id in rows:
                        if sha:
                            refs.setdefault(
                                sha, BlobReference(sha, name or "", media or "", kind, record_id)
                            )
        return refs

    def shared_blobs(self, innovation_id: str) -> dict[str, list[str]]:
        """For each file of this innovation that other (not deleted) innovations use too, the
        names of those innovations (``iid.checks.check_innovation``'s ``shared``). Reuse across
        indicators of the same innovation is not listed."""
        own = aliased(DocumentRow)
        mine = select(own.sha256).where(own.innovation_id == innovation_id, own.sha256.is_not(None))
        query = (
            select(DocumentRow.sha256, InnovationRow.nama)
            .join(InnovationRow, InnovationRow.id == DocumentRow.innovation_id)
            .where(
                DocumentRow.sha256.in_(mine),
                DocumentRow.innovation_id != innovation_id,
                InnovationRow.deleted.is_(False),
            )
            .distinct()
            .order_by(InnovationRow.nama)
        )
        shared: dict[str, list[str]] = {}
        with self.store.read() as session:
            for sha, nama in session.execute(query):
                if sha is not None:  # an unnamed one in the app's word (desktop.labels)
                    shared.setdefault(sha, []).append(nama or "(inovasi tanpa nama)")
        return shared

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

    def blobs_of_workflow_states(self, states: Iterable[str]) -> set[str]:
        """The files of innovations in these workflow states (a download policy's prefetch)."""
        wanted = list(states)
        if not wanted:
            return set()
        with self.store.read() as session:
            return {
                h
                for h in session.scalars(
                    select(DocumentRow.sha256)
                    .join(InnovationRow, InnovationRow.id == DocumentRow.innovation_id)
                    .where(InnovationRow.workflow_state.in_(wanted))
                )
                if h
            }

    def spd_blobs(self) -> set[str]:
        """The files of the SPD profiles (the pemda's, small: always prefetched)."""
        with self.store.read() as session:
            return {h for h in session.scalars(select(SpdDocumentRow.sha256)) if h}

    # --- SPD profile ------------------------------------------------------------------------------

    def get_spd_profile(self, year: int) -> SpdProfile:
        """The pemda's SPD profile for ``year``; a blank (unsaved) one if there is none yet."""
        with self.store.read() as session:
            row = session.scalar(select(SpdProfileRow).where(SpdProfileRow.rule_year == year))
            if row is not None:
                return load_spd(session, row)
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
                    updated_at=now(),
                )
                session.add(row)
                session.flush()
            before = self.document_hashes(session, SPD_PROFILE, row.id)
            self.write_spd(session, row, profile)
            after = {d.sha256 for d in profile.documents if d.sha256}
            self.outbox.blobs_attached(session, sorted(after - before))
            self.outbox.blobs_detached(session, sorted(before - after))
            self.spd_changed(session, row)

    def write_spd(self, session: Session, row: SpdProfileRow, profile: SpdProfile) -> None:
        if profile.pemda_id:
            row.pemda_id = profile.pemda_id
        session.execute(delete(SpdAnswerRow).where(SpdAnswerRow.profile_id == row.id))
        session.execute(delete(SpdDocumentRow).where(SpdDocumentRow.profile_id == row.id))
        for key, answer in profile.answers.items():
            values = dict(zip(SPD_ANSWER_COLUMNS, spd_answer_row(answer), strict=True))
            session.add(SpdAnswerRow(profile_id=row.id, row=key, **values))
        for doc in profile.documents:
            session.add(SpdDocumentRow(profile_id=row.id, **document_values(doc)))
        session.flush()

    def spd_changed(self, session: Session, row: SpdProfileRow) -> None:
        row.version += 1
        row.updated_at = now()
        session.flush()
        self.outbox.record_changed(session, SPD_PROFILE, row.id)

    def rename_spd(self, session: Session, row: SpdProfileRow, new_id_: str, pemda_id: str) -> None:
        """Give a profile saved under a placeholder id the pemda's sync id (its outbox row
        follows; the files' rows are keyed by hash and stay)."""
        profile = load_spd(session, row)
        profile.pemda_id = pemda_id or profile.pemda_id
        old_id = row.id
        had_outbox = self.outbox.forget(session, SPD_PROFILE, old_id)
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
            updated_at=now(), **state,
        )  # fmt: skip
        session.add(renamed)
        session.flush()
        self.write_spd(session, renamed, profile)
        if had_outbox:
            self.outbox.record_changed(session, SPD_PROFILE, new_id_)

    # --- record content (for the inbox's merge) ---------------------------------------------

    def content(self, session: Session, record_type: str, record_id: str) -> dict[str, Any] | None:
        if record_type == INNOVATION:
            row = session.get(InnovationRow, record_id)
            return None if row is None else innovation_content(load_innovation(session, row))
        if record_type == SPD_PROFILE:
            spd = session.get(SpdProfileRow, record_id)
            return None if spd is None else spd_content(load_spd(session, spd))
        raise ValueError(f"unknown record type {record_type!r}")

    def sync_row(
        self, session: Session, record_type: str, record_id: str
    ) -> InnovationRow | SpdProfileRow | None:
        if record_type == INNOVATION:
            return session.get(InnovationRow, record_id)
        if record_type == SPD_PROFILE:
            return session.get(SpdProfileRow, record_id)
        raise ValueError(f"unknown record type {record_type!r}")

    def replace_innovation(
        self, session: Session, row: InnovationRow, content: dict[str, Any]
    ) -> None:
        """Overwrite the officer's part of ``row`` with ``content``; verifier fields stay.
        Files the new documents refer to and this device lacks are fetched (down rows)."""
        incoming = innovation_from_content(content)
        if incoming.created_at is not None:
            created = incoming.created_at
            row.created_at = created if created.tzinfo else created.replace(tzinfo=UTC)
        row.rule_year = incoming.rule_year
        row.opd_id = incoming.opd_id
        # The workflow state is the server's (review record), never taken from content.
        for name, value in profile_values(incoming.profile).items():
            setattr(row, name, value)
        # The officer's part of every answer from ``incoming``; the verifier's part stays (an
        # answer no longer in ``incoming`` keeps only that).
        stored = row.answers or {}
        answers = {key: officer_answer(a, stored.get(key)) for key, a in incoming.answers.items()}
        for key, entry in stored.items():
            if key not in answers:
                answers[key] = {k: entry[k] for k in REVIEW_FIELDS if k in entry}
        row.answers = sorted_answers(answers)
        before = self.document_hashes(session, INNOVATION, row.id)
        session.execute(delete(DocumentRow).where(DocumentRow.innovation_id == row.id))
        session.flush()
        for doc in incoming.documents:
            session.add(DocumentRow(innovation_id=row.id, **document_values(doc)))
        session.flush()
        after = {d.sha256 for d in incoming.documents if d.sha256}
        self.outbox.blobs_arriving(session, sorted(after))
        self.outbox.blobs_detached(session, sorted(before - after))
        self.rescore(session, row)
        self.edited(session, row)

    def replace_content(
        self, session: Session, row: InnovationRow | SpdProfileRow, content: dict[str, Any]
    ) -> None:
        if isinstance(row, InnovationRow):
            self.replace_innovation(session, row, content)
        else:
            before = self.document_hashes(session, SPD_PROFILE, row.id)
            profile = spd_from_content(content)
            self.write_spd(session, row, profile)
            after = {d.sha256 for d in profile.documents if d.sha256}
            self.outbox.blobs_arriving(session, sorted(after))
            self.outbox.blobs_detached(session, sorted(before - after))
