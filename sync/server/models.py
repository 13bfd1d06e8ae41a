"""The central replica's tables (SQLAlchemy 2): accounts, tokens, records with their versions,
the change sequence, login counters and the audit log.

The schema itself lives in Alembic revisions (``sync/server/migrations``); these classes must
match them (a test compares them on SQLite and PostgreSQL).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from sync.protocol import Role

JsonDoc = JSON().with_variant(JSONB(), "postgresql")
"""JSON documents: JSONB on PostgreSQL, JSON text on SQLite."""


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both SQLite (which stores naive text) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        from datetime import UTC

        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    """Declarative base of every server table."""

    type_annotation_map = {datetime: UtcDateTime, dict[str, Any]: JsonDoc}


class Pemda(Base):
    __tablename__ = "pemda"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    opd_step: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """The kepala OPD approves a submission (Disahkan OPD) before verification."""


class Opd(Base):
    __tablename__ = "opd"
    __table_args__ = (UniqueConstraint("pemda_id", "code", name="uq_opd_pemda_code"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    pemda_id: Mapped[str] = mapped_column(ForeignKey("pemda.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(150), unique=True)
    full_name: Mapped[str] = mapped_column(String(300), default="")
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    pemda_id: Mapped[str] = mapped_column(ForeignKey("pemda.id"), index=True)
    opd_id: Mapped[str | None] = mapped_column(ForeignKey("opd.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    password_changed_at: Mapped[datetime]

    @property
    def role_enum(self) -> Role:
        return Role(self.role)


class Token(Base):
    """A login session: only the SHA-256 of the bearer token is stored."""

    __tablename__ = "tokens"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    device: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class LoginCounter(Base):
    """Failed logins per key in fixed windows: the limiter before ``LoginThrottle``. No longer
    written (migrations only add, so the table stays)."""

    __tablename__ = "login_counters"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    window_start: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)


class ThrottleKey(Base):
    """Failed logins per key (``account:<normalised name>`` or ``address:<ip>``) and the moment
    the next attempt is allowed (a delay that grows with each failure, capped per kind of key).

    Kept in the database so that every API worker and machine sees the same state; an attempt
    is counted *before* its password is checked, under the row's lock (``sync.server.throttle``).
    """

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_allowed_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    last_failure_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class KnownSignIn(Base):
    """An address an account signed in from successfully (normalised name, address, when):
    there a stranger's failures do not slow the owner down (``sync.server.throttle``)."""

    __tablename__ = "known_sign_ins"

    account: Mapped[str] = mapped_column(String(250), primary_key=True)
    address: Mapped[str] = mapped_column(String(250), primary_key=True)
    last_success_ms: Mapped[int] = mapped_column(BigInteger)


class Counter(Base):
    """Named counters; ``records`` is the change sequence pulls page through."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class Record(Base):
    """The newest version of every synced record (what pull returns)."""

    __tablename__ = "records"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    pemda_id: Mapped[str] = mapped_column(ForeignKey("pemda.id"))
    opd_id: Mapped[str | None] = mapped_column(ForeignKey("opd.id"), index=True)
    innovation_id: Mapped[str | None] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    content: Mapped[dict[str, Any]]
    content_hash: Mapped[str] = mapped_column(String(64))
    content_bytes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Size of the content's canonical JSON (UTF-8): what a pull page's byte budget counts."""
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    device_id: Mapped[str | None] = mapped_column(String(200))


Index("ix_records_pemda_seq", Record.pemda_id, Record.seq)


class RecordBlob(Base):
    """Which evidence files (by SHA-256) the newest version of a record refers to.

    Filled on every applied push from the ``sha256`` values found in the content. ``added_by``
    is the account whose push first put the reference into this record: the reference lets
    readers of the record download the blob only while that account holds the blob
    (``BlobHolder``), so citing someone else's hash grants nothing (``sync.server.blob_access``).
    """

    __tablename__ = "record_blobs"

    record_id: Mapped[str] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), primary_key=True
    )
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    added_by: Mapped[str | None] = mapped_column(String(64))


class RecordDocument(Base):
    """Which record of a pemda holds each evidence document id (innovations, SPD profiles).

    A device keeps one row per document id, so two records citing one id would make every
    device that pulls both refuse the second (a faulty or hostile client's doing: the ids are
    UUIDv7 made on the device). Filled on every applied push from the newest content; a push
    citing a document id another record holds is refused (``sync.server.records``).
    """

    __tablename__ = "record_documents"

    pemda_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    document_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[str] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)


class BlobHolder(Base):
    """An account that holds an evidence file: it sent the file's bytes (a verified upload) or
    could already read it through a record when it first referred to it or asked for it."""

    __tablename__ = "blob_holders"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    since: Mapped[datetime]


class RecordVersion(Base):
    """Every version of every record ever applied: the record half of the audit log.

    ``UNIQUE(record_id, version)`` is what makes pushes idempotent under concurrency: the insert
    of version ``base + 1`` either wins or finds the row a concurrent retry made.
    """

    __tablename__ = "record_versions"
    __table_args__ = (UniqueConstraint("record_id", "version", name="uq_record_versions_id_ver"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int | None] = mapped_column(BigInteger)
    pemda_id: Mapped[str] = mapped_column(ForeignKey("pemda.id"))
    opd_id: Mapped[str | None] = mapped_column(String(64))
    content: Mapped[dict[str, Any]]
    content_hash: Mapped[str] = mapped_column(String(64))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_fields: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    client_version: Mapped[int] = mapped_column(Integer, default=0)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    device_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]


class WorkflowRequest(Base):
    """A workflow move a device asked for (a ``workflow_request`` record), as the server decided
    it: ``outcome`` ``applied`` (the review is at ``review_version``) or ``rejected``
    (``problem`` says why). Keyed by the request's id, so a retry gets the same answer."""

    __tablename__ = "workflow_requests"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    pemda_id: Mapped[str] = mapped_column(ForeignKey("pemda.id"))
    innovation_id: Mapped[str] = mapped_column(String(64), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    device_id: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    content: Mapped[dict[str, Any]]
    content_hash: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))
    problem: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)
    review_version: Mapped[int | None] = mapped_column(Integer)
    review_seq: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime]


class AuditEvent(Base):
    """Account and administration changes (who, when, from which device, what changed)."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_user_id: Mapped[str | None] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(200))
    device: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    target_type: Mapped[str] = mapped_column(String(50))
    target_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    pemda_id: Mapped[str | None] = mapped_column(String(64), index=True)


class Upload(Base):
    """An evidence upload in progress over tus (or just finished), one row per upload URL.

    ``upload_offset`` is only advanced after the received bytes are fsynced to the partial file
    in ``uploads_dir``, so after a crash or restart the file holds at least that many bytes and
    the client resumes from here. ``state`` is ``receiving`` until the whole file's SHA-256 was
    verified and the blob stored, then ``done``.
    """

    __tablename__ = "uploads"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    length: Mapped[int] = mapped_column(BigInteger)
    upload_offset: Mapped[int] = mapped_column(BigInteger, default=0)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255), default="")
    media_type: Mapped[str] = mapped_column(String(200), default="")
    meta: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    state: Mapped[str] = mapped_column(String(16), default="receiving")
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    completed_at: Mapped[datetime | None]
    head: Mapped[bytes | None] = mapped_column(LargeBinary)
    """The file's first bytes (up to 4 KiB), kept until its type was sniffed from them."""
    sniffed_type: Mapped[str | None] = mapped_column(String(200))
    """The media type the server read from the bytes (what the blob is served as)."""
    store_ref: Mapped[str | None] = mapped_column(String(1024))
    """Where the partial data lives in a shared store (the S3 multipart upload id)."""
    lease_token: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    """One writer per upload across workers and machines: a PATCH holds a lease on the row."""


class Blob(Base):
    """A verified evidence file in the blob store (the index ``blobs/missing`` answers from).

    ``uploaded_by`` is the account that sent the bytes first. Who may read the blob is decided
    by ``BlobHolder`` rows and record references (``sync.server.blob_access``), not by this row.
    """

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(200), default="")
    filename: Mapped[str] = mapped_column(String(255), default="")
    uploaded_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime]


class WebSession(Base):
    """A browser session of the web dashboard: only the SHA-256 of the cookie value is stored.

    Separate from the API's bearer ``Token``s: a cookie never authenticates an API call and a
    bearer token never opens a page. ``csrf_token`` is the synchronizer token of the session's
    forms. A session ends at ``expires_at`` (absolute), after ``web_idle_minutes`` without a
    request (``last_seen_at``), or when revoked (sign-out, password change, deactivation).
    """

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    address: Mapped[str | None] = mapped_column(String(100))
