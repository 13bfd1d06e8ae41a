"""Typed SQLAlchemy 2 models of ``store.sqlite``, the officer's local replica.

Only :mod:`sync.local.repository` queries these; every other layer gets ``iid.records``
dataclasses. The schema is created and upgraded by Alembic (``sync/local/migrations``); a test
checks that ``upgrade head`` on an empty database equals this metadata.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime, stored as SQLite's sortable naive-UTC text."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; pass an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime(), dict[str, Any]: JSON(), date: Date()}


class Pemda(Base):
    """The regional government (pemerintah daerah) this installation reports for."""

    __tablename__ = "pemda"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300), default="")
    code: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime]
    opd_step: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    """The pemda's OPD-head step (as the server's probe last said)."""


class Opd(Base):
    """A perangkat daerah (OPD) of the pemda, as the server lists it."""

    __tablename__ = "opd"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    pemda_id: Mapped[str | None] = mapped_column(String(64), index=True)
    code: Mapped[str] = mapped_column(String(64), default="")
    name: Mapped[str] = mapped_column(String(300, collation="NOCASE"), default="", index=True)
    updated_at: Mapped[datetime]


class LocalUser(Base):
    """The one signed-in officer of this installation (a single row, id 1)."""

    __tablename__ = "local_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), default="")
    username: Mapped[str] = mapped_column(String(150), default="")
    full_name: Mapped[str] = mapped_column(String(300), default="")
    role: Mapped[str] = mapped_column(String(32), default="")
    pemda_id: Mapped[str | None] = mapped_column(String(64))
    opd_id: Mapped[str | None] = mapped_column(String(64))
    server_url: Mapped[str] = mapped_column(String(1000), default="")
    device_id: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime]


class InnovationRow(Base):
    """One innovation: profile columns (year-only fields in ``extra``), workflow and sync state.

    ``completeness`` (percent) and ``kematangan_centi`` (claimed kematangan x 100) are computed
    from the answers with the record's rule set on every write, so the list sorts on a column.
    ``synced_content`` is the last server copy the local edits are based on (the merge base);
    ``server_content``/``server_version`` hold a newer server copy that still conflicts.
    ``deleted`` marks a local deletion waiting to reach the server.
    """

    __tablename__ = "innovations"
    # Covers the list's count and filters (added in 0002): COUNT(*) with any filter reads this
    # small index instead of the wide rows (rancang bangun and the other long texts).
    __table_args__ = (
        Index("ix_innovations_list", "deleted", "rule_year", "workflow_state", "opd_id", "nama"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    rule_year: Mapped[int] = mapped_column(Integer, index=True)
    opd_id: Mapped[str] = mapped_column(String(64), default="", index=True)
    nama: Mapped[str] = mapped_column(Text(collation="NOCASE"), default="", index=True)
    tahapan: Mapped[str] = mapped_column(String(64), default="", index=True)
    inisiator: Mapped[str] = mapped_column(String(64), default="")
    inisiator_nama: Mapped[str] = mapped_column(Text, default="")
    jenis: Mapped[str] = mapped_column(String(64), default="")
    bentuk: Mapped[str] = mapped_column(String(200), default="")
    urusan_utama: Mapped[str] = mapped_column(String(200), default="")
    urusan_lain: Mapped[list[str]] = mapped_column(JSON, default=list)
    waktu_uji_coba: Mapped[date | None]
    waktu_penerapan: Mapped[date | None]
    waktu_pengembangan: Mapped[date | None]
    rancang_bangun: Mapped[str] = mapped_column(Text, default="")
    tujuan: Mapped[str] = mapped_column(Text, default="")
    manfaat: Mapped[str] = mapped_column(Text, default="")
    hasil: Mapped[str] = mapped_column(Text, default="")
    video_link: Mapped[str] = mapped_column(Text, default="")
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    workflow_state: Mapped[str] = mapped_column(String(32), default="draft", index=True)
    sync_state: Mapped[str] = mapped_column(String(32), default="local", index=True)
    qc_status: Mapped[str] = mapped_column(String(32), default="pending")
    verifier_note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=0)
    base_version: Mapped[int] = mapped_column(Integer, default=0)
    synced_content: Mapped[dict[str, Any] | None]
    server_content: Mapped[dict[str, Any] | None]
    server_version: Mapped[int | None]
    completeness: Mapped[int | None] = mapped_column(Integer, index=True)
    kematangan_centi: Mapped[int | None] = mapped_column(Integer, index=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime] = mapped_column(index=True)
    # The answers to the SID indicators (added in 0007; before, rows of ``answers``):
    # indicator -> the answer's fields that differ from their defaults (``sync.local.rows``
    # ``ANSWER_DEFAULTS``: claimed level, the verifier's verdict, level and note, the measure).
    # Assign a new dict to change it (JSON columns do not see changes made in place).
    answers: Mapped[dict[str, dict[str, Any]]] = mapped_column(
        JSON, default=dict, server_default="{}"
    )

    documents: Mapped[list[DocumentRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )


class AnswerRow(Base):
    """RETIRED in 0007: an innovation's answers are now ``InnovationRow.answers``. The table
    stays (empty; migrations only add) and nothing reads or writes it; 0007 moved its rows."""

    __tablename__ = "answers"

    innovation_id: Mapped[str] = mapped_column(
        ForeignKey("innovations.id", ondelete="CASCADE"), primary_key=True
    )
    indicator: Mapped[str] = mapped_column(String(16), primary_key=True)
    claimed_level: Mapped[int | None]
    verified_level: Mapped[int | None]
    verdict: Mapped[str] = mapped_column(String(32), default="pending")
    verifier_note: Mapped[str] = mapped_column(Text, default="")
    # The measure the level is derived from (added in 0003): decimals as exact strings.
    quantity: Mapped[str | None] = mapped_column(String(64))
    quantity_base: Mapped[str | None] = mapped_column(String(64))
    basis: Mapped[str] = mapped_column(String(64), default="", server_default="")
    checklist: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")


class _DocumentColumns:
    """Columns shared by innovation and SPD evidence (``iid.records.EvidenceDocument``)."""

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    slot: Mapped[str] = mapped_column(String(64))
    nomor: Mapped[str] = mapped_column(Text, default="")
    tanggal: Mapped[date | None]
    tentang: Mapped[str] = mapped_column(Text, default="")
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    link: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(Text)
    media_type: Mapped[str | None] = mapped_column(String(200))
    size_bytes: Mapped[int | None]
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    page_count: Mapped[int | None]
    position: Mapped[int] = mapped_column(Integer, default=0)
    # What proves a level (added in 0003; see iid.records.EvidenceDocument).
    jenis: Mapped[str] = mapped_column(String(64), default="", server_default="")
    tahun: Mapped[int | None]
    names_innovation: Mapped[bool | None] = mapped_column(Boolean)
    name_page: Mapped[int | None]
    readability: Mapped[str] = mapped_column(String(32), default="", server_default="")
    prefilled: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")


class DocumentRow(_DocumentColumns, Base):
    """One bukti dukung of an innovation: metadata plus a vault hash or a link."""

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_owner_slot", "innovation_id", "slot", "position"),)

    innovation_id: Mapped[str] = mapped_column(ForeignKey("innovations.id", ondelete="CASCADE"))


class SpdProfileRow(Base):
    """The pemda's SPD answers for one rule year; ``id`` is the sync record id."""

    __tablename__ = "spd_profiles"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    pemda_id: Mapped[str] = mapped_column(String(64), default="")
    rule_year: Mapped[int] = mapped_column(Integer, unique=True)
    sync_state: Mapped[str] = mapped_column(String(32), default="local")
    version: Mapped[int] = mapped_column(Integer, default=0)
    base_version: Mapped[int] = mapped_column(Integer, default=0)
    synced_content: Mapped[dict[str, Any] | None]
    server_content: Mapped[dict[str, Any] | None]
    server_version: Mapped[int | None]
    updated_at: Mapped[datetime]

    answers: Mapped[list[SpdAnswerRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )
    documents: Mapped[list[SpdDocumentRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )


class SpdAnswerRow(Base):
    """One SPD score row: a chosen level or a raw number (a decimal string, exact)."""

    __tablename__ = "spd_answers"

    profile_id: Mapped[str] = mapped_column(
        ForeignKey("spd_profiles.id", ondelete="CASCADE"), primary_key=True
    )
    row: Mapped[str] = mapped_column(String(16), primary_key=True)
    level: Mapped[int | None]
    raw_value: Mapped[str | None] = mapped_column(String(64))
    inputs: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    """The form's raw values of a numeric row ({input key: decimal string}), if given."""


class SpdDocumentRow(_DocumentColumns, Base):
    """One bukti dukung of an SPD row."""

    __tablename__ = "spd_documents"

    profile_id: Mapped[str] = mapped_column(
        ForeignKey("spd_profiles.id", ondelete="CASCADE"), index=True
    )


class VerdictRow(Base):
    """An innovation's ``review`` record as pulled (its workflow state, verdicts, QC status and
    transitions; ``iid.codec.review_to_dict``); it may arrive before its innovation."""

    __tablename__ = "verdicts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    innovation_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime]


class WorkflowRequestRow(Base):
    """A workflow move or verdict asked for on this device (``iid.workflow.Move``, content
    ``iid.codec.move_to_dict``), sent as a ``workflow_request`` record through the outbox.

    ``state`` is one of ``sync.local.workflow.RequestState``: pending (not decided yet; its
    outbox row says how delivery goes), applied (the server's review is at ``applied_version``;
    the row goes once a review at least that new is here), refused (the server's reason in
    ``problem_*``, kept until the officer dismisses it). ``indicator`` is the one indicator a
    verdict request is about ("qc" for the QC status, "" for a move): an unsent request for the
    same one is updated instead of adding another. ``sync_state``..``server_version`` are the
    columns every outbox record kind has (a request is never edited once sent: version 1).
    """

    __tablename__ = "workflow_requests"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    innovation_id: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(32))
    indicator: Mapped[str] = mapped_column(String(16), default="")
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    title: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    applied_version: Mapped[int | None] = mapped_column(Integer)
    problem_code: Mapped[str] = mapped_column(String(64), default="")
    problem_params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    problem_detail: Mapped[str] = mapped_column(Text, default="")
    problem_detail_en: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    sync_state: Mapped[str] = mapped_column(String(32), default="queued")
    version: Mapped[int] = mapped_column(Integer, default=1)
    base_version: Mapped[int] = mapped_column(Integer, default=0)
    synced_content: Mapped[dict[str, Any] | None]
    server_content: Mapped[dict[str, Any] | None]
    server_version: Mapped[int | None]


class OutboxRow(Base):
    """Something the server has not confirmed yet: a record with local changes (one row per
    record, ``record_type`` its type) or an evidence blob (``record_type = 'blob'``,
    ``record_id`` = its SHA-256) to send (``direction = 'up'``) or to fetch (``'down'``).

    ``state`` is one of ``sync.local.outbox.OutboxState`` and is moved only by the named
    transitions of :class:`sync.local.outbox.Outbox`. Record edits coalesce: each one bumps
    ``change_seq`` instead of adding a row; the content sent is the record's state at send
    time. ``sent_seq``/``sent_content`` remember what the last batch handed out, so the
    acknowledged content (not a newer local edit) becomes the merge base. ``problem_*`` is what
    stopped the item, as a stable code with parameters and the server's own words (Indonesian
    ``problem_detail``, English ``problem_detail_en``). ``last_error`` is the first releases'
    free text (read by migration 0004, no longer written).
    """

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("record_type", "record_id"),
        Index("ix_outbox_state_due", "state", "next_attempt_at"),
        Index("ix_outbox_direction_state", "direction", "state", "priority"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_type: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(64))
    direction: Mapped[str] = mapped_column(String(8), default="up", server_default="up")
    change_seq: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    problem_code: Mapped[str] = mapped_column(String(64), default="", server_default="")
    problem_params: Mapped[dict[str, Any] | None]
    problem_detail: Mapped[str] = mapped_column(Text, default="", server_default="")
    problem_detail_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    size_bytes: Mapped[int | None]
    priority: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    sent_seq: Mapped[int | None]
    sent_content: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class SyncCursor(Base):
    """Where the last completed pull page ended (a single row, id 1)."""

    __tablename__ = "sync_cursor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime]


class SyncRun(Base):
    """One synchronisation run, for the Sinkronisasi screen's history."""

    __tablename__ = "sync_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[datetime] = mapped_column(index=True)
    finished_at: Mapped[datetime | None]
    pushed: Mapped[int] = mapped_column(Integer, default=0)
    pulled: Mapped[int] = mapped_column(Integer, default=0)
    conflicts: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    ok: Mapped[bool] = mapped_column(Boolean, default=True)
    message: Mapped[str] = mapped_column(Text, default="")
    """Free text of the first releases (never shown); newer runs say ``problem_code``."""
    downloaded: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    problem_code: Mapped[str] = mapped_column(String(64), default="", server_default="")
    problem_params: Mapped[dict[str, Any] | None]
