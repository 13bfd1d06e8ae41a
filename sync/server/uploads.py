"""Evidence uploads by tus 1.0 (core, creation, checksum, termination, expiration) and blob
downloads with HTTP Range.

Why our own implementation: the maintained FastAPI tus library (``tuspyserver`` 4.x) keeps the
upload state in ``.info`` files beside the data (not in the database other workers and machines
share), has no notion of an upload's owner (any authenticated caller may PATCH any upload), and
does not implement the checksum extension; verifying the whole file before it becomes visible
would also have to be bolted on. The protocol is small; it is implemented here faithfully.

Life of an upload:

1. ``POST /uploads`` with ``Upload-Length`` and ``Upload-Metadata`` (``sha256`` required,
   ``filename`` and ``filetype`` optional) makes a place for the partial data
   (``sync.server.partials``: an S3 multipart upload when the blobs are in S3, else
   ``<uploads_dir>/<id>.part``) and a row in ``uploads``. If the caller may already read that
   blob the upload is born complete.
2. ``PATCH`` takes the upload's lease (a compare-and-swap on ``uploads.lease_token``, shared by
   every worker and machine; renewed while bytes arrive), cuts the partial data back to the
   recorded offset (or moves the offset up to what S3 holds), streams the body into the
   partial store, and appends at ``Upload-Offset``. An optional ``Upload-Checksum`` (sha1,
   sha256, md5) is checked for the chunk; a mismatch is answered 460 and the chunk never
   counts. The first 4 KiB decide the real type (``judge_type``). Bytes are made durable
   *before* the offset in the database moves (and the lease is released), so after a crash or
   a restart the store holds at least the recorded offset and the client resumes there, on any
   machine.
3. When the offset reaches the length, the whole file's SHA-256 is compared with the declared
   ``sha256``; a mismatch discards the upload (422). Its type is read again and a PDF is
   checked for active content. A match moves the file into the blob store, then records the
   blob in ``blobs`` (the index ``blobs/missing`` answers from), then makes the caller a holder
   and marks the upload done: the blob is never visible before it is verified and stored.
4. Unfinished uploads expire ``upload_expiry_hours`` after their last PATCH (``Upload-Expires``)
   and are removed on startup, every few minutes, and opportunistically on creation.

Only the account that created an upload can see or touch it (others get 404). Operators and
admins may upload; verifikator and pimpinan may not (403).
"""

# No ``from __future__ import annotations``: the routes' dependency aliases are local to
# build_upload_router, and FastAPI must see them as objects, not as unresolvable strings.

import asyncio
import base64
import binascii
import contextlib
import functools
import hashlib
import logging
import math
import os
import re
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from fastapi.routing import APIRoute
from sqlalchemy import Table, Update, bindparam, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Receive, Scope, Send

from sync.local.inspect import (
    PDF,
    VIDEO_TYPES,
    FileProblem,
    active_content_words,
    pdf_active_content,
    sniff_media_type,
)
from sync.protocol import MissingBlobsRequest, MissingBlobsResponse, Problem, Role
from sync.server import blob_access
from sync.server.audit import record_event
from sync.server.auth import BearerCredentials, Principal, bearer, live_caller_id, token_hash
from sync.server.blobstore import BlobStore
from sync.server.config import Settings
from sync.server.db import Database
from sync.server.models import Blob, Upload, User
from sync.server.partials import (
    FolderPartials,
    Hold,
    LeaseExpired,
    PartialStores,
    PartialWriter,
    S3Partials,
)
from sync.server.problems import (
    ProblemError,
    ProblemType,
    answered_by_the_app,
    problem,
    size_words,
)

log = logging.getLogger(__name__)

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,checksum,termination,expiration"
CHECKSUMS: dict[str, Callable[[], Any]] = {
    "sha1": hashlib.sha1,
    "sha256": hashlib.sha256,
    "md5": hashlib.md5,
}
OFFSET_MEDIA_TYPE = "application/offset+octet-stream"
UPLOAD_ROLES = frozenset({Role.OPERATOR, Role.ADMIN})
RECEIVING = "receiving"
DONE = "done"
LOCK_WAIT_SECONDS = 10.0
LEASE_SECONDS = 30.0
"""A PATCH's hold on its upload; renewed every ``LEASE_RENEW_SECONDS`` while bytes arrive, so
only a writer that stopped (a dead process, a stuck machine) loses it."""
LEASE_MARGIN = 1 / 3
"""The share of the lease a writer leaves unused: it writes to (or cuts) the partial data only
until ``LEASE_SECONDS * (1 - LEASE_MARGIN)`` after it took or last renewed the lease, on its
own monotonic clock read before the statement (``partials.Hold``). The expiry in the database
is ``now + LEASE_SECONDS`` on this process's wall clock, and another process takes the lease
over once its own wall clock passes that; so the margin (10 s) covers the wall clocks of two
machines apart by less than that, plus a write that began just before the hold ran out."""
LEASE_RENEW_SECONDS = 5.0
LEASE_POLL_SECONDS = 0.05
BODY_STALL_MIN = 1.5
"""Least seconds of silence before a flowing PATCH body is taken for silently cut: above a
retransmission pause (a round trip and its variance, 200 ms at least) a healthy line shows.
Taking a healthy body for cut costs the client a reconnect (the bytes that arrived are kept);
the client's next request after a real silent cut waits for this."""
BODY_FIRST_BYTE_SECONDS = 2 * BODY_STALL_MIN
"""Seconds a body may take to start after its headers (they travel back to back; this leaves
room for a lost first segment's retransmission on a fresh connection)."""
IDLE_SLACK = 0.05
"""How much later than its limit a silent body may be noticed (the deadline is not moved for
every piece)."""
BODY_STALL_BYTES = 32 * 1024
"""A flowing body is stalled when this much would have arrived at its own rate so far."""
CLEANUP_INTERVAL_SECONDS = 600.0
CLEANUP_ON_CREATE_SECONDS = 60.0
HASH_CHUNK = 1024 * 1024
MAX_METADATA_CHARS = 4096
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
UPLOAD_ID_RE = r"^[0-9a-f]{32}$"
_UPLOAD_ID = re.compile(UPLOAD_ID_RE)
SNIFF_BYTES = 4096
"""The first bytes the server reads a file's real type from (``sync.local.inspect``'s sniffer,
the same one the desktop uses)."""

CHECKSUM_MISMATCH = ProblemType.BAD_REQUEST.rsplit("/", 1)[0] + "/checksum-mismatch"
BLOB_HASH_MISMATCH = ProblemType.BAD_REQUEST.rsplit("/", 1)[0] + "/blob-hash-mismatch"
UPLOAD_EXPIRED = ProblemType.BAD_REQUEST.rsplit("/", 1)[0] + "/upload-expired"
OFFSET_MISMATCH = ProblemType.BAD_REQUEST.rsplit("/", 1)[0] + "/upload-offset-mismatch"
UPLOAD_LOCKED = ProblemType.BAD_REQUEST.rsplit("/", 1)[0] + "/upload-locked"
RANGE_NOT_SATISFIABLE = ProblemType.BAD_REQUEST.rsplit("/", 1)[0] + "/range-not-satisfiable"
PDF_ACTIVE_CONTENT = ProblemType.BAD_REQUEST.rsplit("/", 1)[0] + "/pdf-active-content"
PDF_UNREADABLE = ProblemType.BAD_REQUEST.rsplit("/", 1)[0] + "/pdf-unreadable"

TUS_HEADERS = {"Tus-Resumable": TUS_VERSION}
RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Belum masuk / token tidak berlaku"},
    403: {"model": Problem, "description": "Tidak berhak"},
}


def _header(name: str, schema: dict[str, Any], required: bool, about: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "header",
        "required": required,
        "schema": schema,
        "description": about,
    }


TUS_RESUMABLE_PARAM = _header(
    "Tus-Resumable", {"type": "string", "enum": [TUS_VERSION]}, True, "Versi protokol tus"
)


def _tus_errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    words = {
        400: "Header tus tidak sah",
        404: "Unggahan tidak ditemukan",
        409: "Upload-Offset tidak cocok",
        410: "Unggahan kedaluwarsa",
        412: "Versi tus tidak didukung",
        413: "Berkas terlalu besar",
        415: "Jenis isi tidak didukung",
        422: "SHA-256 berkas tidak cocok",
        423: "Unggahan sedang dikunci permintaan lain",
        429: "Terlalu banyak unggahan yang belum selesai",
        460: "Checksum potongan tidak cocok",
    }
    return {**RESPONSES, **{s: {"model": Problem, "description": words[s]} for s in statuses}}


def http_date(moment: datetime) -> str:
    """RFC 9110 date, as ``Upload-Expires`` wants it."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def _tus_problem(
    status: int, type_: str, detail_id: str, detail_en: str, **headers: str
) -> ProblemError:
    return problem(status, type_, detail_id, detail_en, headers={**TUS_HEADERS, **headers})


def parse_metadata(header: str | None) -> dict[str, str]:
    """Decode ``Upload-Metadata`` (``key base64value, key2 base64value2``) or raise a 400."""
    out: dict[str, str] = {}
    if not header or not header.strip():
        return out
    if len(header) > MAX_METADATA_CHARS:
        raise _bad_request("Upload-Metadata terlalu panjang.", "Upload-Metadata is too long.")
    for pair in header.split(","):
        parts = pair.strip().split(" ")
        if not parts or not parts[0] or len(parts) > 2 or parts[0] in out:
            raise _bad_request(
                "Upload-Metadata tidak sah: pasangan 'kunci nilai-base64' dipisah koma.",
                "Invalid Upload-Metadata: comma-separated 'key base64value' pairs.",
            )
        value = ""
        if len(parts) == 2:
            try:
                value = base64.b64decode(parts[1], validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError) as exc:
                raise _bad_request(
                    f"Nilai metadata '{parts[0]}' bukan base64 UTF-8 yang sah.",
                    f"Metadata value '{parts[0]}' is not valid base64 UTF-8.",
                ) from exc
            if "\x00" in value:  # PostgreSQL text cannot hold NUL
                raise _bad_request(
                    f"Nilai metadata '{parts[0]}' memuat karakter NUL.",
                    f"Metadata value '{parts[0]}' contains a NUL character.",
                )
        out[parts[0]] = value
    return out


def encode_metadata(meta: dict[str, str]) -> str:
    """The inverse of :func:`parse_metadata`."""
    return ",".join(
        f"{key} {base64.b64encode(value.encode('utf-8')).decode('ascii')}" if value else key
        for key, value in meta.items()
    )


def _bad_request(detail_id: str, detail_en: str) -> ProblemError:
    return _tus_problem(400, ProblemType.BAD_REQUEST, detail_id, detail_en)


def _int_header(request: Request, name: str, *, required: bool = True) -> int | None:
    raw = request.headers.get(name)
    if raw is None:
        if required:
            raise _bad_request(f"Header {name} wajib ada.", f"The {name} header is required.")
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise _bad_request(
            f"Header {name} harus bilangan bulat tidak negatif.",
            f"The {name} header must be a non-negative integer.",
        )
    return int(raw)


def _check_tus_resumable(request: Request) -> None:
    if request.headers.get("tus-resumable") != TUS_VERSION:
        raise _tus_problem(
            412,
            ProblemType.BAD_REQUEST,
            f"Versi tus tidak didukung; kirim Tus-Resumable: {TUS_VERSION}.",
            f"Unsupported tus version; send Tus-Resumable: {TUS_VERSION}.",
            **{"Tus-Version": TUS_VERSION},
        )


def _not_found() -> ProblemError:
    return _tus_problem(
        404,
        ProblemType.NOT_FOUND,
        "Unggahan tidak ditemukan (mungkin sudah kedaluwarsa). Mulai unggahan baru.",
        "Upload not found (it may have expired). Start a new upload.",
    )


@dataclass
class _Ctx:
    """What every handler of the router shares."""

    settings: Settings
    store: BlobStore
    partials: PartialStores
    last_cleanup: float = 0.0


def partial_stores(settings: Settings, store: BlobStore) -> PartialStores:
    """Unfinished uploads in S3 when the blobs are (any machine continues any upload), else in
    ``uploads_dir``."""
    assert settings.uploads_dir is not None  # filled by Settings
    folder = FolderPartials(settings.uploads_dir)
    client = getattr(store, "client", None)
    if client is None:
        return PartialStores(folder)
    bucket = store.bucket  # type: ignore[attr-defined]
    return PartialStores(folder, S3Partials(client, bucket, settings.uploads_dir))


# --- the lease: one writer per upload across workers and machines -----------------------------

_INSTANCE = uuid.uuid4().hex[:8]


def _machine() -> str:
    ident = socket.gethostname()
    with contextlib.suppress(OSError):
        ident += Path("/etc/machine-id").read_text().strip()
    return hashlib.sha256(ident.encode()).hexdigest()[:12]


_MACHINE = _machine()


def new_lease_token() -> str:
    """``<machine>:<pid>:<process instance>:<random>``: who holds a lease, so that a process on
    the same machine can tell a holder that died (kill -9, a crash) from a live one."""
    return f"{_MACHINE}:{os.getpid()}:{_INSTANCE}:{uuid.uuid4().hex[:16]}"


def _holder_is_gone(token: str) -> bool:
    """True if ``token``'s holder was a process of this machine that no longer runs."""
    parts = token.split(":")
    if len(parts) != 4 or parts[0] != _MACHINE or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return parts[2] != _INSTANCE  # this pid before a restart (containers reuse pids)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


_BUSY = "busy"


_UPLOADS = cast(Table, Upload.__table__)
_LEASE_IS_FREE = or_(
    _UPLOADS.c.lease_token.is_(None),
    _UPLOADS.c.lease_until.is_(None),
    _UPLOADS.c.lease_until <= bindparam("b_now"),
)
_TAKE_FREE_LEASE = (
    update(_UPLOADS)
    .where(
        _UPLOADS.c.id == bindparam("b_upload_id"),
        _UPLOADS.c.user_id == bindparam("b_user_id"),
        _LEASE_IS_FREE,
    )
    .values(lease_token=bindparam("b_token"), lease_until=bindparam("b_until"))
    .returning(*_UPLOADS.c)
)
"""The lease of an upload of ``b_user_id`` nobody holds, and the row, in one statement."""
_TAKE_FREE_LEASE_AS_CALLER = (
    update(_UPLOADS)
    .where(
        _UPLOADS.c.id == bindparam("b_upload_id"),
        _UPLOADS.c.user_id == live_caller_id(UPLOAD_ROLES),
        _LEASE_IS_FREE,
    )
    .values(lease_token=bindparam("b_token"), lease_until=bindparam("b_until"))
    .returning(*_UPLOADS.c)
)
"""The same for the owner of a live bearer token (``b_token_hash``) whose role may upload:
authentication, the role and the lease in one statement, every PATCH of a chunk
(:class:`_BearerCaller`). An account moved to a read-only role is refused at its next chunk
(the slow path answers 403), as its new uploads are."""


@dataclass(frozen=True)
class _BearerCaller:
    """A request whose own checks passed, with the bearer token it sent: the statement that
    takes the lease authenticates it (``_TAKE_FREE_LEASE_AS_CALLER``). When that takes
    nothing (a token ``principal_for`` refuses, someone else's upload, a busy lease...),
    ``authenticate`` runs and the slow path answers exactly as before (401 first)."""

    token_hash: str
    authenticate: Callable[[], Principal]


def _take_free_lease(
    db: Database, statement: Any, params: dict[str, Any], token: str
) -> Upload | None:
    now = datetime.now(UTC)
    params = {**params, "b_now": now, "b_token": token}
    params["b_until"] = now + timedelta(seconds=LEASE_SECONDS)
    _, free = db.prepared(statement).run(params)
    return None if free is None else Upload(**free)


def _try_lease(
    db: Database, upload_id: str, principal: Principal, token: str
) -> Upload | str | None:
    """Take the upload's lease if it is free, expired or held by a dead process: a
    compare-and-swap on the old holder, so two machines never both win. Returns the row (with
    the lease, detached), ``_BUSY``, or None (no such upload of the caller's)."""
    free = _take_free_lease(
        db, _TAKE_FREE_LEASE, {"b_upload_id": upload_id, "b_user_id": principal.user_id}, token
    )
    if free is not None:
        return free
    now = datetime.now(UTC)
    until = now + timedelta(seconds=LEASE_SECONDS)
    # Not the caller's, or held: by a live writer (busy) or by a process that died.
    with db.session_scope() as session:
        row = session.get(Upload, upload_id)
        if row is None or row.user_id != principal.user_id:
            return None
        held = row.lease_token
        if (
            held is not None
            and row.lease_until is not None
            and row.lease_until > now
            and not _holder_is_gone(held)
        ):
            return _BUSY
        taken = session.execute(
            update(Upload)
            .where(
                Upload.id == upload_id,
                Upload.lease_token.is_(None) if held is None else Upload.lease_token == held,
            )
            .values(lease_token=token, lease_until=until)
            .execution_options(synchronize_session=False)
        )
        if getattr(taken, "rowcount", 0) != 1:
            return _BUSY
        session.flush()
        session.refresh(row)
        session.expunge(row)
        return row


def _lease_step(
    db: Database,
    ctx: _Ctx,
    upload_id: str,
    caller: Principal | Callable[[], Principal] | _BearerCaller,
    token: str,
    resume: bool,
    then: "Callable[[_Lease], Any] | None" = None,
) -> "tuple[_Lease | str | None, Principal | None]":
    """One attempt at the lease (``_leased``), authenticating first if ``caller`` says how,
    then ``then`` (its answer or error kept in the lease). The principal is None when the
    lease statement itself authenticated the caller."""
    principal: Principal | None = None
    started = time.monotonic()  # before the statement that may take the lease
    if isinstance(caller, _BearerCaller):
        got: Upload | str | None = _take_free_lease(
            db,
            _TAKE_FREE_LEASE_AS_CALLER,
            {"b_upload_id": upload_id, "b_token_hash": caller.token_hash},
            token,
        )
        if got is None:
            caller = caller.authenticate
    if not isinstance(caller, _BearerCaller):
        principal = caller if isinstance(caller, Principal) else caller()
        got = _try_lease(db, upload_id, principal, token)
    if not isinstance(got, Upload):
        return got, principal
    hold = Hold(_hold_until(started))
    lease = _Lease(upload_id, token, *_resume(db, ctx, got, token, resume), principal, hold)
    if then is not None:
        try:
            lease.early = then(lease)
        except BaseException as exc:  # raised where the lease is given back (``_leased``)
            lease.early_error = exc
    return lease, principal


def _resume(db: Database, ctx: _Ctx, got: Upload, token: str, resume: bool) -> tuple[Upload, int]:
    """With ``resume``, the offset to resume a leased upload at (the partial data cut back to
    the recorded offset, or the offset moved to what the store holds); -1 when there is
    nothing to receive (or no ``resume``). In the lease's threadpool hop: one hop per PATCH."""
    if not resume or got.state != RECEIVING or got.expires_at <= datetime.now(UTC):
        return got, -1
    current = ctx.partials.of(got.store_ref).cut(got.id, got.store_ref, got.upload_offset)
    if current != got.upload_offset:
        # The store holds more (the answer to a PATCH was lost in a crash: S3) or less (a lost
        # partial file): it is the truth.
        _set_offset(db, got.id, token, current, got.expires_at)
        got.upload_offset = current
    return got, current


def _advance(
    writer: PartialWriter | None,
    db: Database,
    lease: "_Lease",
    offset: int,
    expires_at: datetime,
    head: bytes | None,
    sniffed: str | None,
    release: bool,
) -> bool:
    """Make the received bytes durable, then move the recorded offset and, with ``release``,
    give the lease back in the same statement (one hop, one transaction). Why the order: after
    a crash the offset never points past durable bytes. ``writer`` is None when the body
    brought nothing."""
    if writer is not None:
        writer.commit()
    moved = False
    try:
        moved = _set_offset(
            db, lease.upload_id, lease.token, offset, expires_at, head, sniffed, release=release
        )
    finally:
        if writer is not None:
            writer.counted(moved)  # a lost lease: another may have written these offsets
    lease.released = moved and release
    return moved


def _renew(db: Database, upload_id: str, token: str) -> bool:
    with db.session_scope() as session:
        done = session.execute(
            update(Upload)
            .where(Upload.id == upload_id, Upload.lease_token == token)
            .values(lease_until=datetime.now(UTC) + timedelta(seconds=LEASE_SECONDS))
        )
        return getattr(done, "rowcount", 0) == 1


def _hold_until(started: float) -> float:
    """The end of a writer's hold (``partials.Hold``) on a lease taken or renewed by a
    statement sent after ``started`` (``time.monotonic()``); see ``LEASE_MARGIN``."""
    return started + LEASE_SECONDS * (1 - LEASE_MARGIN)


def _release(db: Database, upload_id: str, token: str) -> None:
    with db.engine.begin() as connection:
        connection.execute(
            update(_UPLOADS)
            .where(_UPLOADS.c.id == upload_id, _UPLOADS.c.lease_token == token)
            .values(lease_token=None, lease_until=None)
        )


@dataclass
class _Lease:
    """A request's hold on an upload: the row as leased, and where to resume (``resume``)."""

    upload_id: str
    token: str
    row: Upload
    current: int
    principal: Principal | None
    """None when the lease statement authenticated the caller (:class:`_BearerCaller`)."""
    hold: Hold
    """Until when this request may change the partial data (moved at each renewal)."""
    released: bool = False
    early: Any = None
    """What ``_leased``'s ``then`` answered in the lease's own thread hop (None: nothing)."""
    early_error: BaseException | None = None


@asynccontextmanager
async def _leased(
    db: Database,
    ctx: _Ctx,
    upload_id: str,
    caller: Principal | Callable[[], Principal] | _BearerCaller,
    resume: bool = False,
    then: Callable[[_Lease], Any] | None = None,
) -> AsyncIterator[_Lease]:
    """The caller's upload under a lease (one writer across workers and machines). Waits up to
    ``LOCK_WAIT_SECONDS`` (an earlier PATCH of a broken connection may still be finishing),
    then answers 423; 404 if there is no such upload; 410 (and removal) once it expired. The
    lease is given back at the end unless the body already did (``_advance``).

    ``caller`` is the principal, or a function that authenticates the request (and checks
    what must be checked before the upload is looked at), run in the same threadpool hop as
    the first attempt at the lease, or a :class:`_BearerCaller` (authenticated by the lease's
    statement).

    ``then(lease)`` runs in the same thread hop once the lease is held (the tus PATCH writes a
    body it already holds whole there: one hop for the chunk); its answer is ``lease.early``,
    its error is raised here, the lease given back."""
    token = new_lease_token()
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        got, principal = await run_in_threadpool(
            _lease_step, db, ctx, upload_id, caller, token, resume, then
        )
        if principal is not None:
            caller = principal  # authenticated once
        if got is None:
            raise _not_found()
        if not isinstance(got, str):
            lease = got
            break
        if time.monotonic() > deadline:
            raise _tus_problem(
                423,
                UPLOAD_LOCKED,
                "Unggahan ini sedang menerima data dari permintaan lain. Coba lagi sebentar lagi.",
                "This upload is receiving data from another request. Try again shortly.",
            )
        await asyncio.sleep(LEASE_POLL_SECONDS)
    row = lease.row
    try:
        if lease.early_error is not None:
            raise lease.early_error
        if row.state == RECEIVING and row.expires_at <= datetime.now(UTC):
            await run_in_threadpool(_forget, db, ctx, upload_id)
            raise _expired()
        yield lease
    finally:
        if not lease.released:
            await run_in_threadpool(_release, db, upload_id, token)


# --- database steps (run in the thread pool: SQLAlchemy sessions are synchronous) -------------


def _load(db: Database, upload_id: str, principal: Principal) -> Upload | None:
    with db.session_scope() as session:
        row = session.get(Upload, upload_id)
        if row is None or row.user_id != principal.user_id:
            return None
        session.expunge(row)
        return row


def _set_offset(
    db: Database,
    upload_id: str,
    token: str,
    offset: int,
    expires_at: datetime,
    head: bytes | None = None,
    sniffed_type: str | None = None,
    release: bool = False,
) -> bool:
    """Move the offset (only while ``token`` still holds the lease: False if it was lost); keep
    the file's first bytes until its type is read from them; ``release`` gives the lease back
    in the same statement."""
    values: dict[str, Any] = {"upload_offset": offset, "expires_at": expires_at}
    if sniffed_type is not None:
        values.update(sniffed_type=sniffed_type, head=None)
    elif head is not None:
        values["head"] = head
    if release:
        values.update(lease_token=None, lease_until=None)
    params = {f"b_{name}": value for name, value in values.items()}
    params.update(b_upload_id=upload_id, b_token=token)
    done, _ = db.prepared(_offset_statement(tuple(values))).run(params)
    return done == 1


@functools.cache
def _offset_statement(columns: tuple[str, ...]) -> Update:
    """``_set_offset``'s statement for these columns, built once (run as a
    :class:`~sync.server.db.PreparedStatement`: two statements per chunk)."""
    return (
        update(_UPLOADS)
        .where(
            _UPLOADS.c.id == bindparam("b_upload_id"),
            _UPLOADS.c.lease_token == bindparam("b_token"),
        )
        .values({name: bindparam(f"b_{name}") for name in columns})
    )


def _check_open_uploads(session: Session, principal: Principal, now: datetime, cap: int) -> None:
    """429 if the caller already has ``cap`` unfinished uploads. Atomic: the caller's user row
    is locked first (a row lock on PostgreSQL, the write lock on SQLite), so concurrent
    creations by one account count one after another."""
    session.execute(update(User).where(User.id == principal.user_id).values(active=User.active))
    open_now = session.scalar(
        select(func.count())
        .select_from(Upload)
        .where(
            Upload.user_id == principal.user_id,
            Upload.state == RECEIVING,
            Upload.expires_at > now,
        )
    )
    if (open_now or 0) >= cap:
        raise _tus_problem(
            429,
            ProblemType.TOO_MANY_UPLOADS,
            f"Anda sudah punya {cap} unggahan yang belum selesai. Selesaikan atau batalkan "
            "unggahan itu dulu (unggahan yang ditinggalkan dihapus otomatis setelah "
            "kedaluwarsa), lalu coba lagi.",
            f"You already have {cap} unfinished uploads. Finish or cancel them first (abandoned "
            "uploads are removed when they expire), then try again.",
            **{"Retry-After": "60"},
        )


def _forget(db: Database, ctx: _Ctx, upload_id: str, token: str | None = None) -> bool:
    """Remove an upload's row, then its partial data; with ``token``, only while that lease
    holds it (False, nothing removed, once another request took it over)."""
    with db.session_scope() as session:
        store_ref = session.scalar(select(Upload.store_ref).where(Upload.id == upload_id))
        mine = [Upload.id == upload_id]
        if token is not None:
            mine.append(Upload.lease_token == token)
        gone = session.execute(delete(Upload).where(*mine))
        if token is not None and getattr(gone, "rowcount", 0) != 1:
            return False
    ctx.partials.of(store_ref).discard(upload_id, store_ref)
    return True


def _expired_uploads(db: Database, now: datetime) -> list[tuple[str, str | None]]:
    with db.session_scope() as session:
        return [
            (upload_id, ref)
            for upload_id, ref in session.execute(
                select(Upload.id, Upload.store_ref).where(Upload.expires_at < now)
            )
        ]


def cleanup_expired(
    db: Database, partials: PartialStores | Path, now: datetime | None = None
) -> int:
    """Delete uploads whose ``expires_at`` has passed (rows and partial data) and partial files
    nobody owns any more. Uploads a live PATCH holds (its lease) are skipped, and so is one a
    PATCH revived meanwhile. Returns how many uploads were removed. Safe to run on several
    workers and machines at once."""
    if isinstance(partials, Path):
        partials = PartialStores(FolderPartials(partials))
    now = now or datetime.now(UTC)
    removed = 0
    for upload_id, store_ref in _expired_uploads(db, now):
        with db.session_scope() as session:
            gone = session.execute(
                delete(Upload).where(
                    Upload.id == upload_id,
                    Upload.expires_at < now,
                    (Upload.lease_token.is_(None)) | (Upload.lease_until < now),
                )
            )
        if getattr(gone, "rowcount", 0) != 1:
            continue  # a PATCH holds it or extended it after our query: still alive
        partials.of(store_ref).discard(upload_id, store_ref)
        removed += 1
    # Partial files without a row (a crash between the row's deletion and the file's).
    with db.session_scope() as session:
        known = set(session.scalars(select(Upload.id)))
    for part in partials.folder.root.glob("*.part"):
        if part.stem not in known:
            try:
                age = now.timestamp() - part.stat().st_mtime
            except FileNotFoundError:
                continue
            if age > 3600:  # never race a creation that is committing its row right now
                with contextlib.suppress(FileNotFoundError):
                    part.unlink()
    return removed


# --- the router -------------------------------------------------------------------------------


class UploadRouter(APIRouter):
    """The upload router, with the tus PATCH handler for :class:`PatchShortcut`."""

    serve_patch: Callable[[Request], Coroutine[Any, Any, Response]]


class PatchShortcut:
    """ASGI middleware: ``PATCH <prefix><upload id>`` (a well-formed id) goes straight to the
    tus PATCH handler, past the app's routing and per-route wrappers; anything else goes on.
    A chunk is the server's most frequent request, and those layers were about a tenth of a
    1 MiB chunk's time on the loop (py-spy, bench/tus_upload.py). Installed inside the app's
    own middleware (body size limit, security headers, the 500 problem), so those still
    apply; a ``ProblemError`` is answered by the app's registered handler, any other error
    propagates as from a route. The route itself stays (OpenAPI; malformed ids get its 422)."""

    def __init__(
        self,
        app: ASGIApp,
        prefix: str,
        serve: Callable[[Request], Coroutine[Any, Any, Response]],
    ) -> None:
        self.app = app
        self.pattern = re.compile(re.escape(prefix) + "(" + UPLOAD_ID_RE.strip("^$") + ")")
        self.serve = serve

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "PATCH":
            await self.app(scope, receive, send)
            return
        found = self.pattern.fullmatch(scope["path"])
        if found is None:
            await self.app(scope, receive, send)
            return
        scope["path_params"] = {"upload_id": found[1]}
        request = Request(scope, receive, send)
        try:
            response = await self.serve(request)
        except ProblemError as exc:
            response = await answered_by_the_app(request, exc)
        await response(scope, receive, send)


E = TypeVar("E", bound=Callable[..., Any])


def _served_route(
    router: APIRouter,
    method: str,
    path: str,
    serve: Callable[[Request], Coroutine[Any, Any, Response]],
    **options: Any,
) -> Callable[[E], E]:
    """Like ``@router.<method>(path, **options)``: the operation is documented from the
    endpoint's signature and the options (OpenAPI: parameters, security, responses), but
    served by ``serve(request)`` directly: no dependency solving and no parameter validation
    by FastAPI, so ``serve`` checks what the signature declares and answers as FastAPI would.
    For the tus PATCH, where FastAPI's per-request work was a measurable share of a 1 MiB
    chunk's time (bench/tus_upload.py). Routing, exception handlers and middleware stay the
    app's."""

    class Served(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            return serve

    def add(endpoint: E) -> E:
        router.add_api_route(
            path, endpoint, methods=[method], route_class_override=Served, **options
        )
        return endpoint

    return add


def build_upload_router(
    settings: Settings, store: BlobStore, current_principal: Callable[..., Principal]
) -> UploadRouter:
    """The tus endpoints under ``/uploads`` and the blob endpoints under ``/blobs``.

    ``current_principal`` is the auth dependency (``sync.server.auth.current_principal``).
    """
    assert settings.uploads_dir is not None  # filled by Settings
    settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    ctx = _Ctx(settings=settings, store=store, partials=partial_stores(settings, store))
    Caller = Annotated[Principal, Depends(current_principal)]

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db: Database = app.state.db
        app.state.partials = ctx.partials

        async def sweep_forever() -> None:
            while True:
                try:
                    await run_in_threadpool(cleanup_expired, db, ctx.partials)
                except Exception:  # noqa: BLE001 - a failed sweep must not stop the next
                    log.exception("cleaning up expired uploads failed")
                await asyncio.sleep(CLEANUP_INTERVAL_SECONDS)

        task = asyncio.create_task(sweep_forever())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    router = UploadRouter(lifespan=lifespan)

    def database(request: Request) -> Database:
        db: Database = request.app.state.db
        return db

    def location(request: Request, upload_id: str) -> str:
        """The new upload's address: under ``public_url`` when configured, else relative (tus
        allows it). Never from the request's ``Host`` header, which the caller controls."""
        path = f"{request.url.path.rstrip('/')}/{upload_id}"
        base = settings.public_url.rstrip("/")
        if not base:
            return path
        return f"{base}{path.removeprefix(urlsplit(base).path.rstrip('/'))}"

    def require_uploader(principal: Principal) -> None:
        if principal.role not in UPLOAD_ROLES:
            raise _tus_problem(
                403,
                ProblemType.FORBIDDEN,
                "Hanya operator atau admin yang boleh mengunggah bukti dukung.",
                "Only operators and admins may upload evidence.",
            )

    # -- tus: discovery ------------------------------------------------------------------------

    @router.options(
        "/uploads",
        status_code=204,
        tags=["unggahan"],
        responses={204: {"description": "Tus-Version, Tus-Extension, Tus-Max-Size"}},
    )
    def tus_options() -> Response:
        """tus discovery: version, extensions, size limit and checksum algorithms."""
        return Response(
            status_code=204,
            headers={
                **TUS_HEADERS,
                "Tus-Version": TUS_VERSION,
                "Tus-Extension": TUS_EXTENSIONS,
                "Tus-Max-Size": str(settings.max_upload_bytes),
                "Tus-Checksum-Algorithm": ",".join(CHECKSUMS),
            },
        )

    # -- tus: creation -------------------------------------------------------------------------

    @router.post(
        "/uploads",
        status_code=201,
        tags=["unggahan"],
        responses={
            201: {"description": "Dibuat; Location berisi alamat unggahan"},
            **_tus_errors(400, 412, 413, 415, 429),
        },
        openapi_extra={
            "parameters": [
                TUS_RESUMABLE_PARAM,
                _header(
                    "Upload-Length",
                    {"type": "integer", "minimum": 0, "maximum": 2**53},
                    True,
                    "Ukuran berkas (bita)",
                ),
                _header(
                    "Upload-Metadata",
                    {"type": "string"},
                    True,
                    "Pasangan 'kunci base64', wajib 'sha256'; 'filename', 'filetype' opsional",
                ),
            ]
        },
    )
    async def tus_create(request: Request, principal: Caller) -> Response:
        """Create an upload (tus creation). ``Upload-Metadata`` must carry ``sha256``."""
        _check_tus_resumable(request)
        require_uploader(principal)
        if request.headers.get("upload-defer-length") is not None:
            raise _bad_request(
                "Upload-Defer-Length tidak didukung; kirim Upload-Length.",
                "Upload-Defer-Length is not supported; send Upload-Length.",
            )
        length = _int_header(request, "upload-length")
        assert length is not None
        meta = parse_metadata(request.headers.get("upload-metadata"))
        sha256 = meta.get("sha256", "").strip().lower()
        if not SHA256_RE.match(sha256):
            raise _bad_request(
                "Upload-Metadata wajib memuat 'sha256' (64 digit heksadesimal) dari berkas.",
                "Upload-Metadata must carry the file's 'sha256' (64 hex digits).",
            )
        filename = meta.get("filename", "")[:255]
        media_type = meta.get("filetype", "")[:200]
        if length == 0:
            raise _tus_problem(
                415,
                ProblemType.UNSUPPORTED_MEDIA,
                "Berkas kosong (0 bita) bukan bukti dukung. Pilih berkas yang benar, atau pindai "
                "ulang dokumennya.",
                "An empty file (0 bytes) is no evidence. Choose the right file, or scan the "
                "document again.",
            )
        _check_size(request, length, media_type)

        db = database(request)
        now = datetime.now(UTC)
        if time.monotonic() - ctx.last_cleanup > CLEANUP_ON_CREATE_SECONDS:
            ctx.last_cleanup = time.monotonic()
            await run_in_threadpool(cleanup_expired, db, ctx.partials, now)
        upload_id = uuid.uuid4().hex
        expires_at = now + timedelta(hours=settings.upload_expiry_hours)

        def create() -> bool:
            # Why the order: the partial data's place first (an S3 multipart upload names
            # itself), then the row. A crash in between leaves an empty place nobody refers to:
            # the sweep removes partial files without a row, a bucket lifecycle rule aborts
            # forgotten multipart uploads (docs/deployment.md).
            with db.session_scope() as session:
                known = session.get(Blob, sha256)
                complete = (
                    known is not None
                    and known.size == length
                    and blob_access.can_read(session, principal, sha256)
                )
                store_ref = None
                if not complete:
                    _check_open_uploads(session, principal, now, settings.max_open_uploads)
                    store_ref = ctx.partials.default.create(upload_id)
                session.add(
                    Upload(
                        id=upload_id,
                        user_id=principal.user_id,
                        length=length,
                        upload_offset=length if complete else 0,
                        sha256=sha256,
                        filename=filename,
                        media_type=media_type,
                        meta=meta,
                        state=DONE if complete else RECEIVING,
                        created_at=now,
                        expires_at=expires_at,
                        completed_at=now if complete else None,
                        store_ref=store_ref,
                    )
                )
            return complete

        complete = await run_in_threadpool(create)
        headers = {
            **TUS_HEADERS,
            "Location": location(request, upload_id),
            "Upload-Expires": http_date(expires_at),
        }
        if complete:
            headers["Upload-Offset"] = str(length)
        return Response(status_code=201, headers=headers)

    def _check_size(request: Request, length: int, media_type: str) -> None:
        """The declared type's limit at creation: a first answer before any byte is sent.
        The bytes decide in the end (``judge_type``)."""
        limits = request.app.state.limits
        hard = min(settings.max_upload_bytes, int(limits.max_upload_bytes))
        soft = hard if media_type.startswith("video/") else int(limits.max_file_bytes)
        if length > min(hard, soft):
            raise _too_large(length, min(hard, soft))
        accepted = set(limits.accepted_media_types)
        if media_type and accepted and media_type not in accepted:
            raise _tus_problem(
                415,
                ProblemType.UNSUPPORTED_MEDIA,
                f"Jenis berkas {media_type} tidak diterima. Jenis yang diterima: "
                f"{', '.join(sorted(accepted))}.",
                f"File type {media_type} is not accepted. Accepted: {', '.join(sorted(accepted))}.",
            )

    def judge_type(request: Request, head: bytes, length: int) -> str:
        """The file's real type from its first bytes, checked against the accepted types and
        that type's size limit; raises the 415/413 problem otherwise."""
        limits = request.app.state.limits
        accepted = set(limits.accepted_media_types)
        media = sniff_media_type(head)
        if media is None or (accepted and media not in accepted):
            shown = ", ".join(sorted(accepted))
            raise _tus_problem(
                415,
                ProblemType.UNSUPPORTED_MEDIA,
                "Isi berkas ini bukan jenis yang diterima sebagai bukti dukung "
                f"({shown}), apa pun nama atau jenis yang dinyatakan; unggahan dibuang. "
                "Simpan dokumennya sebagai PDF, JPEG atau PNG (video: MP4), lalu lampirkan lagi.",
                f"This file's content is not an accepted evidence type ({shown}), whatever its "
                "name or declared type; the upload was discarded. Save the document as PDF, "
                "JPEG or PNG (video: MP4), then attach it again.",
            )
        hard = min(settings.max_upload_bytes, int(limits.max_upload_bytes))
        limit = hard if media in VIDEO_TYPES else min(hard, int(limits.max_file_bytes))
        if length > limit:
            raise _too_large(length, limit, discarded=True)
        return media

    # -- tus: core -----------------------------------------------------------------------------

    UploadId = Annotated[str, PathParam(pattern=UPLOAD_ID_RE)]

    @router.head(
        "/uploads/{upload_id}",
        tags=["unggahan"],
        responses={
            200: {"description": "Upload-Offset dan Upload-Length"},
            **_tus_errors(404, 410, 412, 422, 423),
        },
        openapi_extra={"parameters": [TUS_RESUMABLE_PARAM]},
    )
    async def tus_head(upload_id: UploadId, request: Request, principal: Caller) -> Response:
        """The upload's offset and length (where to resume)."""
        _check_tus_resumable(request)
        db = database(request)
        row = await _live_row(db, ctx, upload_id, principal)
        if row.state == RECEIVING:
            if row.upload_offset == row.length:
                # All bytes were in before a crash cut the verification short: finish now, so
                # the client that sees the full offset can rely on the blob being stored.
                async with _leased(db, ctx, upload_id, principal) as lease:
                    await _finish(db, ctx, lease.row, principal, request)
                row = await _live_row(db, ctx, upload_id, principal)
            elif row.store_ref is None:
                # The folder: never truncate here (a PATCH may be writing); report what is
                # safely there. (S3 holds only accepted bytes; a PATCH moves the offset up.)
                held = await run_in_threadpool(ctx.partials.folder.held, upload_id, None)
                row.upload_offset = min(row.upload_offset, held)
        headers = {
            **TUS_HEADERS,
            "Upload-Offset": str(row.upload_offset),
            "Upload-Length": str(row.length),
            "Cache-Control": "no-store",
        }
        if row.meta:
            headers["Upload-Metadata"] = encode_metadata(row.meta)
        if row.state == RECEIVING:
            headers["Upload-Expires"] = http_date(row.expires_at)
        return Response(status_code=200, headers=headers)

    async def serve_patch(request: Request) -> Response:
        """``tus_patch`` without FastAPI's per-request machinery (``_served_route``): the path
        parameter checked as its annotation declares, the bearer credentials read as the
        dependency would."""
        upload_id = request.path_params["upload_id"]
        if not _UPLOAD_ID.fullmatch(upload_id):
            raise RequestValidationError(
                [
                    {
                        "type": "string_pattern_mismatch",
                        "loc": ("path", "upload_id"),
                        "msg": f"String should match pattern '{UPLOAD_ID_RE}'",
                        "input": upload_id,
                        "ctx": {"pattern": UPLOAD_ID_RE},
                    }
                ]
            )
        return await tus_patch(upload_id, request, await bearer(request))

    router.serve_patch = serve_patch

    @_served_route(
        router,
        "PATCH",
        "/uploads/{upload_id}",
        serve_patch,
        status_code=204,
        tags=["unggahan"],
        responses={
            204: {"description": "Diterima; Upload-Offset yang baru"},
            **_tus_errors(400, 404, 409, 410, 412, 413, 415, 422, 423, 460),
        },
        openapi_extra={
            "parameters": [
                TUS_RESUMABLE_PARAM,
                _header(
                    "Upload-Offset",
                    {"type": "integer", "minimum": 0, "maximum": 2**53},
                    True,
                    "Offset potongan ini",
                ),
                _header(
                    "Upload-Checksum",
                    {"type": "string"},
                    False,
                    "'<sha1|sha256|md5> <base64>' potongan ini",
                ),
            ],
            # The body (Content-Type application/offset+octet-stream, the chunk's bytes) is
            # not declared: OpenAPI tools cannot generate that media type.
        },
    )
    async def tus_patch(
        upload_id: UploadId, request: Request, credentials: BearerCredentials
    ) -> Response:
        """Append the body (``Content-Type: application/offset+octet-stream``) at
        ``Upload-Offset``; the last chunk verifies the whole file and stores the blob."""
        db = database(request)

        def check_headers() -> tuple[int, tuple[str, bytes] | None, int | None]:
            """The request's own checks: (offset, chunk checksum, Content-Length)."""
            _check_tus_resumable(request)
            if request.headers.get("content-type", "").split(";")[0].strip() != OFFSET_MEDIA_TYPE:
                raise _tus_problem(
                    415,
                    ProblemType.UNSUPPORTED_MEDIA,
                    f"PATCH unggahan harus ber-Content-Type {OFFSET_MEDIA_TYPE}.",
                    f"An upload PATCH must have Content-Type {OFFSET_MEDIA_TYPE}.",
                )
            given = _int_header(request, "upload-offset")
            assert given is not None  # required: a 400 otherwise
            return (
                given,
                _parse_checksum(request.headers.get("upload-checksum")),
                _int_header(request, "content-length", required=False),
            )

        def authenticate() -> Principal:
            # In the lease's threadpool hop; in the order a dependency would answer: 401
            # before anything about the request. The role every chunk (an account may have
            # been moved to a read-only role since it created the upload).
            principal = current_principal(request, credentials, db)
            require_uploader(principal)
            check_headers()
            return principal

        caller: Callable[[], Principal] | _BearerCaller = authenticate
        declared: int | None = None
        try:
            offset, checksum, declared = check_headers()
        except ProblemError:
            pass  # answered by ``authenticate``, after the 401 it may have to give
        else:
            if credentials is not None:
                caller = _BearerCaller(token_hash(credentials.credentials), authenticate)

        # The body's first bytes are read while the lease is taken (requests with a bearer
        # token and well-formed headers only; a client that asked ``Expect: 100-continue``
        # is not told to send before the lease is held); whatever ends the request unread
        # cancels that.
        read_ahead = isinstance(caller, _BearerCaller) and (
            "100-continue" not in request.headers.get("expect", "").lower()
        )

        def begin(lease: _Lease) -> tuple[_Spool, bytes, bool]:
            """The checks of a chunk of a leased upload that receives, before a byte of it
            counts (409, 400); the spool its bytes go to, the file's first bytes known so far
            and whether this chunk reads the file's type."""
            row, current = lease.row, lease.current
            if offset != current:
                raise _tus_problem(
                    409,
                    OFFSET_MISMATCH,
                    f"Upload-Offset {offset} tidak cocok; server sudah menerima {current} bita. "
                    "Tanyakan offset (HEAD) lalu lanjutkan dari sana.",
                    f"Upload-Offset {offset} does not match; the server has {current} bytes. "
                    "Ask for the offset (HEAD) and continue from there.",
                    **{"Upload-Offset": str(current)},
                )
            if declared is not None and offset + declared > row.length:
                raise _past_length()
            partials = ctx.partials.of(row.store_ref)
            known_head = (row.head or b"")[:offset]
            sniffing = row.sniffed_type is None and len(known_head) == min(offset, SNIFF_BYTES)
            spool = _Spool(
                lambda: partials.writer(upload_id, row.store_ref, offset, lease.hold),
                CHECKSUMS[checksum[0]]() if checksum else None,
            )
            return spool, known_head, sniffing

        def ending(
            lease: _Lease, received: int, cut_short: bool, head: bytes | None
        ) -> tuple[Callable[[PartialWriter | None, bytes | None], bool | None], datetime]:
            """What ends the chunk on the writer's thread once its ``received`` bytes are
            written (``head``: the file's first bytes if this chunk reads its type), and the
            upload's new expiry."""
            row = lease.row
            new_offset = offset + received
            judging = head is not None and len(head) >= min(SNIFF_BYTES, row.length)
            expires_at = datetime.now(UTC) + timedelta(hours=settings.upload_expiry_hours)
            last = new_offset == row.length  # then the lease stays for _finish

            def conclude(writer: PartialWriter | None, digest: bytes | None) -> bool | None:
                """After the last bytes: None if the chunk failed its checksum (nothing of it
                counts), else whether the offset moved."""
                if checksum is not None and (cut_short or digest != checksum[1]):
                    if writer is not None:
                        writer.abort()
                    return None
                sniffed: str | None = None
                if judging:
                    # The first PATCH with enough bytes decides the type, and with it the
                    # limit: a PDF declared as video/mp4 is refused here, not after 512 MB.
                    assert head is not None
                    try:
                        sniffed = judge_type(request, head, row.length)
                    except ProblemError:
                        if writer is not None:
                            writer.abort()
                        if not _forget(db, ctx, upload_id, lease.token):
                            raise LeaseExpired from None  # not its upload to discard any more
                        raise
                # Durable bytes before the database says they are there (restart safety).
                return _advance(writer, db, lease, new_offset, expires_at, head, sniffed, not last)

            return conclude, expires_at

        def write_whole(lease: _Lease) -> tuple[bool | None, int, datetime] | None:
            """In the lease's own thread hop, when the read-ahead already holds the whole
            body (a chunk of up to ``PREFETCH_BYTES``, which arrives while the lease is
            taken): the checks, the write, durability and the offset, so the chunk takes one
            thread hop instead of two. (moved, bytes, expiry) as the loop's way would have
            them; None when the body is not all here yet or the upload does not receive
            (the loop goes on as usual)."""
            assert prefetch is not None
            if lease.row.state != RECEIVING or lease.current < 0:
                return None
            if declared is None or declared > PREFETCH_BYTES:
                return None  # never whole in the read-ahead
            if not prefetch.whole.wait(WHOLE_BODY_WAIT):
                return None  # still on its way: the loop receives it (the lease held)
            spool, known_head, sniffing = begin(lease)
            pieces = prefetch.take()
            received = sum(len(data) for data in pieces)
            if offset + received > lease.row.length:
                raise _past_length()
            head = None
            if sniffing:
                head = known_head + b"".join(pieces)[: max(0, SNIFF_BYTES - offset)]
            conclude, expires_at = ending(lease, received, False, head)
            return spool.conclude_here(pieces, conclude, join=False), received, expires_at

        async with (
            _answering_lost_hold(),
            _reading_ahead(request, read_ahead, declared) as prefetch,
            _leased(
                db, ctx, upload_id, caller, resume=True, then=write_whole if prefetch else None
            ) as lease,
        ):
            row, token = lease.row, lease.token
            if lease.early is not None:
                moved, received, expires_at = lease.early
                cut_short = False
            elif row.state == DONE:
                # Complete already (a duplicate of a stored blob, or a retried last chunk
                # whose answer was lost): nothing more is needed, whatever the client was
                # about to send.
                return Response(
                    status_code=204, headers={**TUS_HEADERS, "Upload-Offset": str(row.length)}
                )
            else:
                spool, known_head, sniffing = begin(lease)

                async def renew() -> bool:
                    started = time.monotonic()
                    if await run_in_threadpool(_renew, db, upload_id, token):
                        lease.hold.until = _hold_until(started)
                        return True
                    lease.hold.until = -math.inf  # lost: nothing more is written or cut
                    return False

                try:
                    received, cut_short, captured = await _receive(
                        request,
                        spool,
                        offset,
                        row.length,
                        settings.upload_idle_seconds,
                        capture=max(0, SNIFF_BYTES - offset) if sniffing else 0,
                        renew=renew,
                        declared=declared,
                        prefetch=prefetch,
                    )
                except BaseException:
                    await spool.abort()
                    raise
                head = known_head + captured if sniffing else None
                conclude, expires_at = ending(lease, received, cut_short, head)
                moved = await spool.conclude(conclude)
            new_offset = offset + received
            if moved is None:
                if cut_short:
                    return Response(status_code=400, headers=TUS_HEADERS)  # nobody listens
                raise _tus_problem(
                    460,
                    CHECKSUM_MISMATCH,
                    "Checksum potongan tidak cocok (data rusak di jalan). Kirim ulang "
                    "potongan ini dari offset yang sama.",
                    "The chunk's checksum does not match (damaged in transit). Send this "
                    "chunk again from the same offset.",
                    **{"Upload-Offset": str(offset)},
                )
            if not moved:
                # Only a PATCH stuck longer than the lease gets here: another took over.
                raise _lease_lost()
            if new_offset == row.length:
                row.upload_offset = new_offset
                principal = lease.principal
                if principal is None:  # the lease's statement authenticated the chunks
                    principal = await run_in_threadpool(current_principal, request, credentials, db)
                await _finish(db, ctx, row, principal, request)
                return Response(
                    status_code=204, headers={**TUS_HEADERS, "Upload-Offset": str(new_offset)}
                )
        return Response(
            status_code=204,
            headers={
                **TUS_HEADERS,
                "Upload-Offset": str(new_offset),
                "Upload-Expires": http_date(expires_at),
            },
        )

    # -- tus: termination ----------------------------------------------------------------------

    @router.delete(
        "/uploads/{upload_id}",
        status_code=204,
        tags=["unggahan"],
        responses={204: {"description": "Dihapus"}, **_tus_errors(404, 412, 423)},
        openapi_extra={"parameters": [TUS_RESUMABLE_PARAM]},
    )
    async def tus_delete(upload_id: UploadId, request: Request, principal: Caller) -> Response:
        """Abandon an upload: its partial data is deleted (a stored blob stays)."""
        _check_tus_resumable(request)
        db = database(request)
        async with _leased(db, ctx, upload_id, principal):
            await run_in_threadpool(_forget, db, ctx, upload_id)
        return Response(status_code=204, headers=TUS_HEADERS)

    # -- blobs -----------------------------------------------------------------------------------

    @router.post(
        "/blobs/missing",
        response_model=MissingBlobsResponse,
        tags=["unggahan"],
        responses=RESPONSES,
    )
    async def blobs_missing(
        body: MissingBlobsRequest, request: Request, principal: Caller
    ) -> MissingBlobsResponse:
        """Which of these SHA-256 hashes the server does not have yet (upload those)."""
        require_uploader(principal)
        db = database(request)
        wanted = list(dict.fromkeys(body.hashes))

        def query() -> set[str]:
            # Only within the caller's scope: a file held only by other OPDs or pemdas looks
            # missing (uploading its bytes then makes the caller a holder).
            with db.session_scope() as session:
                return blob_access.readable(session, principal, wanted)

        have = await run_in_threadpool(query)
        return MissingBlobsResponse(missing=[h for h in wanted if h not in have])

    Sha256Path = Annotated[str, PathParam(pattern=r"^[0-9a-f]{64}$")]

    @router.api_route(
        "/blobs/missing",
        methods=["GET", "HEAD", "PUT", "PATCH", "DELETE"],
        include_in_schema=False,
    )
    def blobs_missing_other_methods() -> None:
        """Without this, ``GET /blobs/missing`` would reach ``/blobs/{sha256}`` (a 422)."""
        raise StarletteHTTPException(405)

    blob_responses: dict[int | str, dict[str, Any]] = {
        **RESPONSES,
        200: {"content": {"application/octet-stream": {}}, "description": "Berkas"},
        206: {"content": {"application/octet-stream": {}}, "description": "Sebagian berkas"},
        404: {"model": Problem, "description": "Tidak ada atau tidak berhak"},
        416: {"model": Problem, "description": "Range di luar berkas"},
    }

    @router.get(
        "/blobs/{sha256}",
        tags=["unggahan"],
        response_class=StreamingResponse,
        responses=blob_responses,
    )
    async def blob_get(sha256: Sha256Path, request: Request, principal: Caller) -> Response:
        """Download an evidence file; ``Range`` (one span) resumes an interrupted download.

        Allowed when a record the caller may read refers to it, or the caller uploaded it.
        Anything else is answered 404, so hashes of other OPDs' files cannot be probed.
        """
        return await serve_blob(sha256, request, principal)

    @router.head(
        "/blobs/{sha256}",
        tags=["unggahan"],
        response_class=StreamingResponse,
        responses=blob_responses,
    )
    async def blob_head(sha256: Sha256Path, request: Request, principal: Caller) -> Response:
        """The download's headers (size, ETag) without the body."""
        return await serve_blob(sha256, request, principal)

    async def serve_blob(sha256: str, request: Request, principal: Principal) -> Response:
        db = database(request)

        def lookup() -> Blob | None:
            with db.session_scope() as session:
                blob = session.get(Blob, sha256)
                if blob is None:
                    return None
                if not blob_access.can_read(session, principal, sha256):
                    return None
                session.expunge(blob)
                return blob

        blob = await run_in_threadpool(lookup)
        if blob is None:
            raise problem(
                404,
                ProblemType.NOT_FOUND,
                "Berkas bukti tidak ditemukan atau Anda tidak berhak membukanya.",
                "Evidence file not found, or you may not open it.",
            )
        etag = f'"{sha256}"'
        headers = {
            "Accept-Ranges": "bytes",
            "ETag": etag,
            "Cache-Control": "private, max-age=31536000, immutable",
        }
        if etag in _etags(request.headers.get("if-none-match")):
            return Response(status_code=304, headers=headers)
        size = blob.size
        span = parse_range(request.headers.get("range"), size)
        if_range = request.headers.get("if-range")
        if span is not None and if_range is not None and if_range.strip() != etag:
            span = None  # the client's partial copy is of something else: send it whole
        if span == "unsatisfiable":
            raise problem(
                416,
                RANGE_NOT_SATISFIABLE,
                f"Range di luar berkas ({size} bita).",
                f"The range lies outside the file ({size} bytes).",
                headers={**headers, "Content-Range": f"bytes */{size}"},
            )
        media_type = blob.media_type or "application/octet-stream"
        if isinstance(span, tuple):
            start, end = span
            status = 206
            headers["Content-Range"] = f"bytes {start}-{end}/{size}"
        else:
            start, end = 0, size - 1
            status = 200
        headers["Content-Length"] = str(end - start + 1)
        if request.method == "HEAD" or end < start:
            return Response(status_code=status, headers=headers, media_type=media_type)
        chunks = await run_in_threadpool(store.open_range, sha256, start, end)
        return StreamingResponse(chunks, status_code=status, headers=headers, media_type=media_type)

    # -- helpers bound to this router ------------------------------------------------------------

    async def _check_content(request: Request, part: Path, length: int) -> str:
        """At completion: the whole file's real type (again, from its bytes) and, for a PDF,
        no active content. Raises the problem; the caller discards the upload."""
        head = await run_in_threadpool(_read_head, part)
        media = judge_type(request, head, length)
        if media == PDF:
            try:
                active = await run_in_threadpool(pdf_active_content, part)
            except FileProblem:
                raise _tus_problem(
                    422,
                    PDF_UNREADABLE,
                    "PDF ini rusak atau dikunci kata sandi sehingga verifikator tidak dapat "
                    "membukanya; unggahan dibuang. Simpan ulang PDF-nya tanpa kata sandi "
                    '(misalnya "Cetak ke PDF") atau pindai ulang, lalu lampirkan lagi.',
                    "This PDF is damaged or password-protected, so verifiers cannot open it; "
                    "the upload was discarded. Save it again without a password (for example "
                    '"Print to PDF") or scan it again, then attach it again.',
                ) from None
            if active:
                detail_id, detail_en = active_content_words(active)
                raise problem(
                    422,
                    PDF_ACTIVE_CONTENT,
                    detail_id + " Unggahan dibuang.",
                    detail_en + " The upload was discarded.",
                    headers=TUS_HEADERS,
                    extra={"found": list(active)},
                )
        return media

    async def _finish(
        db: Database, ctx: _Ctx, row: Upload, principal: Principal, request: Request
    ) -> None:
        """Verify the whole file's SHA-256, store the blob, index it, mark the upload done.
        Runs under the upload's lease (``row`` is the leased row, all bytes in)."""
        upload_id = row.id
        if row.state == DONE:
            return
        partials = ctx.partials.of(row.store_ref)
        whole = await run_in_threadpool(partials.assemble, upload_id, row.store_ref)
        try:
            # Hashed as the bytes arrived when this process wrote them all, else from the file.
            actual = await run_in_threadpool(
                lambda: partials.known_sha256(upload_id, whole, row.length) or _file_sha256(whole)
            )
            if actual != row.sha256:
                await run_in_threadpool(_forget, db, ctx, upload_id)
                raise _tus_problem(
                    422,
                    BLOB_HASH_MISMATCH,
                    "SHA-256 berkas yang diterima tidak sama dengan 'sha256' yang dinyatakan; "
                    "unggahan dibuang. Periksa berkas di komputer Anda lalu unggah dari awal.",
                    "The received file's SHA-256 differs from the declared 'sha256'; the upload "
                    "was discarded. Check the file on your computer and upload it again.",
                )
            try:
                media_type = await _check_content(request, whole, row.length)
            except ProblemError:
                await run_in_threadpool(_forget, db, ctx, upload_id)
                raise
            await run_in_threadpool(ctx.store.put_file, row.sha256, whole)
        finally:
            await run_in_threadpool(partials.release, upload_id, row.store_ref, whole)

        def index() -> None:
            # Why the order: the blob is in the store before its index row exists, and the
            # index row before the upload says done, so nothing ever points at a missing blob.
            now = datetime.now(UTC)
            try:
                with db.session_scope() as session:
                    session.add(
                        Blob(
                            sha256=row.sha256,
                            size=row.length,
                            media_type=media_type,
                            filename=row.filename,
                            uploaded_by=principal.user_id,
                            created_at=now,
                        )
                    )
            except IntegrityError:
                pass  # stored by a concurrent upload of the same file: the same bytes
            with db.session_scope() as session:
                # The caller proved it has the bytes: it holds the blob from now on.
                blob_access.hold(session, principal.user_id, [row.sha256])
                upload = session.get(Upload, upload_id)
                if upload is not None:
                    upload.state = DONE
                    upload.completed_at = now
                record_event(
                    session,
                    action="blob.upload",
                    target_type="blob",
                    target_id=row.sha256[:64],
                    details={"size": row.length, "filename": row.filename},
                    actor=principal,
                )
            partials.discard(upload_id, row.store_ref)

        await run_in_threadpool(index)

    return router


async def _live_row(db: Database, ctx: _Ctx, upload_id: str, principal: Principal) -> Upload:
    """The caller's upload, or 404; 410 (and removal) when it has expired unfinished."""
    row = await run_in_threadpool(_load, db, upload_id, principal)
    if row is None:
        raise _not_found()
    if row.state == RECEIVING and row.expires_at <= datetime.now(UTC):
        await run_in_threadpool(_forget, db, ctx, upload_id)
        raise _expired()
    return row


def _expired() -> ProblemError:
    return _tus_problem(
        410,
        UPLOAD_EXPIRED,
        "Unggahan ini sudah kedaluwarsa dan dihapus. Mulai unggahan baru.",
        "This upload has expired and was deleted. Start a new upload.",
    )


def _past_length() -> ProblemError:
    return _bad_request(
        "Potongan melewati Upload-Length yang dinyatakan.",
        "The chunk goes past the declared Upload-Length.",
    )


@asynccontextmanager
async def _answering_lost_hold() -> AsyncIterator[None]:
    """A writer whose hold ran out (``partials.LeaseExpired``) is answered as a lost lease."""
    try:
        yield
    except LeaseExpired:
        raise _lease_lost() from None


def _lease_lost() -> ProblemError:
    return _tus_problem(
        409,
        OFFSET_MISMATCH,
        "Unggahan ini dilanjutkan oleh permintaan lain. Tanyakan offset (HEAD) lalu lanjutkan "
        "dari sana.",
        "Another request continued this upload. Ask for the offset (HEAD) and continue from there.",
    )


def _parse_checksum(header: str | None) -> tuple[str, bytes] | None:
    if header is None:
        return None
    parts = header.strip().split(" ")
    if len(parts) != 2:
        raise _bad_request(
            "Upload-Checksum harus berbentuk '<algoritma> <base64>'.",
            "Upload-Checksum must be '<algorithm> <base64>'.",
        )
    algorithm, value = parts[0].lower(), parts[1]
    if algorithm not in CHECKSUMS:
        raise _bad_request(
            f"Algoritma checksum '{algorithm}' tidak didukung ({', '.join(CHECKSUMS)}).",
            f"Checksum algorithm '{algorithm}' is not supported ({', '.join(CHECKSUMS)}).",
        )
    try:
        digest = base64.b64decode(value, validate=True)
    except binascii.Error as exc:
        raise _bad_request(
            "Nilai Upload-Checksum bukan base64 yang sah.",
            "The Upload-Checksum value is not valid base64.",
        ) from exc
    return algorithm, digest


def body_stall_limit(received: int, seconds: float, idle_seconds: float) -> float:
    """Seconds of silence after which a PATCH body that brought ``received`` bytes in
    ``seconds`` is taken for silently cut: the time ``BODY_STALL_BYTES`` take at that rate, at
    least ``BODY_STALL_MIN``, never more than ``idle_seconds``; before the first byte
    ``BODY_FIRST_BYTE_SECONDS`` (within ``idle_seconds`` too). A body cut silently just after
    it began (a fresh PATCH after a reconnect) used to be held ``idle_seconds``, and the
    client's next request waited for it. A first burst from the socket buffer overstates the
    rate, but the floor stays above the gaps of any healthy line (a 10 kbit/s line brings a
    segment a second)."""
    if received <= 0:
        return min(idle_seconds, BODY_FIRST_BYTE_SECONDS)
    return min(idle_seconds, max(BODY_STALL_MIN, BODY_STALL_BYTES * seconds / received))


T = TypeVar("T")
SPOOL_BATCH = 256 * 1024
"""Bytes of a body handed to the worker thread at a time."""
_SPOOL_THREADS = 8
_spool_pool: ThreadPoolExecutor | None = None


def _spool_executor() -> ThreadPoolExecutor:
    global _spool_pool
    if _spool_pool is None:
        _spool_pool = ThreadPoolExecutor(_SPOOL_THREADS, thread_name_prefix="upload-spool")
    return _spool_pool


class _Spool:
    """A PATCH body on its way to the partial writer: batches of the received pieces are
    written (and hashed) on a worker thread, one batch at a time and in order, while the event
    loop receives the next. Writing and hashing release the GIL, so they run beside the
    loop's socket reads instead of after them (with the loop doing all three, it was busy
    end to end: bench/tus_upload.py). The writer is opened by the first batch, and the end of
    the PATCH (checks, durability, the offset) runs with the last batch: each thread hop is a
    wait for a core on a busy machine."""

    def __init__(self, open_writer: Callable[[], PartialWriter], hasher: Any | None) -> None:
        self.open_writer = open_writer
        self.writer: PartialWriter | None = None
        self.hasher = hasher
        self.pieces: list[bytes] = []
        self.size = 0
        self.pending: Future[Any] | None = None

    def add(self, data: bytes) -> bool:
        """Take a received piece; True when a batch is ready to hand over."""
        self.pieces.append(data)
        self.size += len(data)
        return self.size >= SPOOL_BATCH

    async def hand_over(self) -> None:
        """Wait for the batch in the works (its error is raised here), then start the next."""
        await self._wait()
        pieces = self._take()
        if pieces:
            self.pending = _spool_executor().submit(self._write, pieces)

    def _take(self) -> list[bytes]:
        pieces, self.pieces, self.size = self.pieces, [], 0
        return pieces

    def _write(self, pieces: list[bytes], join: bool = True, ending: bool = False) -> None:
        """``join=False``: a whole body, written without a copy and hashed by the hashing
        thread (``partials._HashQueue``), unless a chunk checksum is asked. ``ending``: the
        body's last bytes (``PartialWriter.write``)."""
        if self.writer is None:
            self.writer = self.open_writer()
        if self.hasher is None and not join:
            self.writer.write(pieces, ending)
            return
        # One buffer: every call that releases the GIL (the write, each hash update, the
        # writer's running hash) has to take it back from the busy event loop, and a join
        # costs less than those waits (without it, ~5 % slower at 64 MiB chunks).
        data = pieces[0] if len(pieces) == 1 else b"".join(pieces)
        self.writer.write([data], ending)
        if self.hasher is not None:
            self.hasher.update(data)

    async def _wait(self) -> Any:
        pending = self.pending
        if pending is None:
            return None
        result = pending.result() if pending.done() else await asyncio.wrap_future(pending)
        self.pending = None
        return result

    async def conclude(self, then: Callable[[PartialWriter | None, bytes | None], T]) -> T:
        """Write the rest of the body, then ``then(writer, digest)`` on the worker thread (the
        writer is None when no byte came; the digest is the chunk's checksum, if asked)."""
        await self._wait()
        pieces = self._take()
        self.pending = _spool_executor().submit(self.conclude_here, pieces, then)
        result: T = await self._wait()
        return result

    def conclude_here(
        self,
        pieces: list[bytes],
        then: Callable[[PartialWriter | None, bytes | None], T],
        join: bool = True,
    ) -> T:
        """``conclude``'s work on the calling thread: write ``pieces`` (the rest of the body,
        or all of it: ``join=False``, see ``_write``), then ``then``."""
        try:
            if pieces:
                self._write(pieces, join, ending=True)
        except BaseException:
            if self.writer is not None:
                self.writer.abort()  # nothing of this body counts
            raise
        return then(self.writer, self.hasher.digest() if self.hasher is not None else None)

    async def settle(self) -> None:
        """After a failure: the worker is done with the file (it is aborted next)."""
        pending, self.pending = self.pending, None
        if pending is None:
            return
        try:
            await asyncio.shield(asyncio.wrap_future(pending))
        except BaseException:  # noqa: BLE001 - its error is not the one being raised
            wait_futures([pending])

    async def abort(self) -> None:
        """Nothing of this body counts: cut the partial data back."""
        await self.settle()
        if self.writer is not None:
            await run_in_threadpool(self.writer.abort)


PREFETCH_BYTES = 1024 * 1024
"""Most bytes of a PATCH body read while its lease is being taken (:class:`_Prefetch`)."""
WHOLE_BODY_WAIT = 0.005
"""Seconds the lease's thread waits for a body that fits the read-ahead to be all there, to
write it in the same hop (at loopback or datacenter speed a 1 MiB chunk arrives in about a
millisecond; a slower body is received by the loop as usual, the lease held)."""


class _Prefetch:
    """The start of a PATCH body, read while the upload's lease is taken in a worker thread:
    without it the loop would sit idle for that thread hop and statement while the chunk
    waits in the socket (at 1 MiB chunks that was a sixth of a request's time,
    bench/tus_upload.py). At most ``PREFETCH_BYTES`` (memory: one such buffer per PATCH
    whose lease is pending), read only for a request that brought a bearer token and passed
    its own header checks; nothing is written before the lease is held and the offset
    checked. :func:`_receive` takes the pieces and continues with the same stream."""

    def __init__(
        self, request: Request, declared: int | None = None, limit: int = PREFETCH_BYTES
    ) -> None:
        self.stream = request.stream().__aiter__()
        self.pieces: list[bytes] = []
        self.size = 0
        self.ended = False
        self.stop = False
        self.whole = threading.Event()
        """Set once the read-ahead holds the whole body (its end, or ``declared`` bytes):
        the lease's thread may then write it (``take``) in its own hop."""
        self.began = asyncio.get_running_loop().time()
        self.task = asyncio.ensure_future(self._run(limit, declared))

    async def _run(self, limit: int, declared: int | None) -> None:
        while not self.stop and self.size < limit:
            if declared is not None and self.size >= declared:
                break
            try:
                data = await self.stream.__anext__()
            except StopAsyncIteration:
                self.ended = True
                break
            self.pieces.append(data)
            self.size += len(data)
        if self.ended or (declared is not None and self.size >= declared):
            self.whole.set()  # nothing is added after this

    def take(self) -> list[bytes]:
        """What was read so far; reading ahead stops after the piece in flight (``rest``).
        Never waits: the pieces at hand are the client's whatever comes after. Once
        ``whole`` is set, any thread may take the body."""
        self.stop = True
        pieces, self.pieces = self.pieces, []
        return pieces

    async def rest(self) -> list[bytes]:
        """The piece that was in flight when ``take`` stopped the reading (none at the end of
        the body: ``ended``); raises what the reading raised (a disconnect, an oversize
        body)."""
        await self.task
        return self.take()

    async def cancel(self) -> None:
        """The body is not wanted (the request was refused before it was read)."""
        if not self.task.done():
            self.task.cancel()
        with contextlib.suppress(BaseException):  # its error is not the one being answered
            await self.task


@asynccontextmanager
async def _reading_ahead(
    request: Request, start: bool, declared: int | None = None
) -> AsyncIterator[_Prefetch | None]:
    """A :class:`_Prefetch` of the body if ``start``, cancelled at the end unless taken."""
    prefetch = _Prefetch(request, declared) if start else None
    try:
        yield prefetch
    finally:
        if prefetch is not None:
            await prefetch.cancel()


async def _receive(
    request: Request,
    spool: _Spool,
    offset: int,
    length: int,
    idle_seconds: float,
    capture: int = 0,
    renew: Callable[[], Awaitable[bool]] | None = None,
    declared: int | None = None,
    prefetch: _Prefetch | None = None,
) -> tuple[int, bool, bytes]:
    """Hand the request body (to be written at ``offset``) to ``spool``; returns (bytes
    received, cut short, the body's first ``capture`` bytes). ``spool.conclude`` writes the
    last of it.

    Streams: memory stays at a few network buffers however large the chunk (the body goes to
    the writer in batches on a worker thread, :class:`_Spool`). A body that goes silent counts
    as cut short (the client's line died without a reset): after :func:`body_stall_limit` of
    its own rate (a silent cut releases the upload in seconds, so the client resumes soon);
    time spent waiting for the disk does not count. ``renew`` keeps the upload's lease (and
    the writer's hold) while bytes arrive, before a piece that comes after a pause is written;
    if it was lost, reading stops. ``declared`` is the body's Content-Length:
    the batch that ends it is left to ``spool.conclude`` (one thread hop fewer). ``prefetch``:
    the start of the body, read while the lease was taken (its pieces go through the same
    checks first; the body's rate counts from its first read).
    """
    captured = bytearray()
    renewed = time.monotonic()
    received = 0
    cut_short = False
    loop = asyncio.get_running_loop()
    if prefetch is None:
        stream = request.stream().__aiter__()
        began = loop.time()
    else:
        stream, began = prefetch.stream, prefetch.began
    ahead: list[bytes] = []
    in_hand = 0  # bytes in ``ahead``
    ended = False
    limit = body_stall_limit(0, 0.0, idle_seconds)
    try:
        try:
            # One deadline, not a timer task per piece (wait_for); moved only when it falls
            # out of [limit, limit + IDLE_SLACK] after the last piece (a new timer per piece
            # was ~5% of the loop's time at loopback speed).
            async with asyncio.timeout(limit) as idle:
                if prefetch is not None:
                    ahead = prefetch.take()[::-1]
                    in_hand = sum(len(data) for data in ahead)
                while True:
                    if ahead:
                        data = ahead.pop()
                        in_hand -= len(data)
                    elif prefetch is not None:
                        ahead = (await prefetch.rest())[::-1]
                        in_hand = sum(len(data) for data in ahead)
                        ended = prefetch.ended
                        prefetch = None
                        continue
                    elif ended:
                        break
                    else:
                        try:
                            data = await stream.__anext__()
                        except StopAsyncIteration:
                            break
                    now = loop.time()
                    limit = body_stall_limit(received + len(data), now - began, idle_seconds)
                    due = idle.when()
                    if due is None or not now + limit <= due <= now + limit + IDLE_SLACK:
                        idle.reschedule(now + limit + IDLE_SLACK)
                    if not data:
                        continue
                    if renew is not None and time.monotonic() - renewed > LEASE_RENEW_SECONDS:
                        # Before this piece goes to the writer: after a long pause the
                        # writer's hold may have run out while the lease is still ours.
                        renewed = time.monotonic()
                        if not await renew():
                            log.warning("upload lease lost while receiving: ended as cut short")
                            cut_short = True
                            break
                    if offset + received + len(data) > length:
                        raise _past_length()  # the caller aborts the writer: nothing counts
                    if len(captured) < capture:
                        captured += data[: capture - len(captured)]
                    received += len(data)
                    # The batch that ends the body is conclude's, and so is all of a body
                    # already read ahead: no hop while nothing is left to wait for.
                    if spool.add(data) and received + in_hand != declared:
                        idle.reschedule(None)  # our disk is not the client's silence
                        await spool.hand_over()
                        idle.reschedule(loop.time() + limit + IDLE_SLACK)
        except TimeoutError:
            log.info("upload body idle for %.1f s: ended as cut short", limit)
            cut_short = True
        except ClientDisconnect:
            # The connection broke mid-chunk: keep what arrived (tus resumes from it) unless a
            # checksum was promised, which a partial chunk cannot meet.
            cut_short = True
    except BaseException:
        await spool.settle()
        raise
    return received, cut_short, bytes(captured)


def _read_head(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(SNIFF_BYTES)


def _too_large(length: int, limit: int, discarded: bool = False) -> ProblemError:
    (size_id, size_en), (limit_id, limit_en) = size_words(length), size_words(limit)
    gone_id, gone_en = (
        (" Unggahan dibuang.", " The upload was discarded.") if discarded else ("", "")
    )
    return _tus_problem(
        413,
        ProblemType.TOO_LARGE,
        f"Berkas terlalu besar ({size_id}); batas untuk jenis berkas ini {limit_id}.{gone_id} "
        "Perkecil berkasnya (mis. kompres PDF atau kecilkan foto), lalu unggah lagi.",
        f"The file is too large ({size_en}); the limit for this kind of file is {limit_en}."
        f"{gone_en} Make it smaller (e.g. compress the PDF or shrink the photo), then upload "
        "it again.",
    )


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while data := fh.read(HASH_CHUNK):
            digest.update(data)
    return digest.hexdigest()


def _etags(header: str | None) -> set[str]:
    if not header:
        return set()
    return {tag.strip().removeprefix("W/") for tag in header.split(",")}


def _bounded_int(digits: str) -> int:
    """A decimal number, capped at 10**18 (longer strings would overflow Python's int parser
    limit and are beyond any file anyway)."""
    return int(digits) if len(digits) <= 18 else 10**18


def parse_range(header: str | None, size: int) -> tuple[int, int] | str | None:
    """One ``bytes=`` span of a file of ``size`` bytes as inclusive (start, end).

    ``None``: no usable Range (absent, another unit, malformed, or several spans), so the
    whole file is sent, as RFC 9110 allows. ``"unsatisfiable"``: a 416.
    """
    if header is None:
        return None
    unit, _, spec = header.strip().partition("=")
    if unit.strip().lower() != "bytes" or not spec or "," in spec:
        return None
    first, dash, last = spec.strip().partition("-")
    if not dash:
        return None
    first, last = first.strip(), last.strip()
    if first == "":
        if not last.isdigit():
            return None
        suffix = _bounded_int(last)
        if suffix == 0 or size == 0:
            return "unsatisfiable"
        return max(0, size - suffix), size - 1
    if not first.isdigit() or (last and not last.isdigit()):
        return None
    start = _bounded_int(first)
    end = _bounded_int(last) if last else size - 1
    if last and end < start:
        return None
    if start >= size:
        return "unsatisfiable"
    return start, min(end, size - 1)
