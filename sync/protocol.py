"""The wire contract between the desktop's sync client and the central server (pydantic v2).

Both ends import these models; the server's OpenAPI is generated from them. Every request model
forbids unknown fields, so a typo in a client is a 422 with the field's name, never silently
ignored data.

Versions. The server numbers the versions of each record 1, 2, 3, ... An envelope carries the
``base_version`` its content was edited from (0 for a record the server has never seen); when the
server applies it, the new version is ``base_version + 1`` and is returned in the result.
``version`` is the client's own local edit counter, kept in the audit trail only. A retry of the
same envelope (same id, base and content) is answered ``duplicate`` with the version it already
made; an envelope whose base is stale and whose content differs is answered ``conflict`` with the
server's current copy, for the client to merge field by field against its base.

Cursor. Every applied change gets a server sequence number (``seq``), strictly increasing in
commit order; a pull asks for changes with ``seq > since`` and continues from ``next_cursor``.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from iid.workflow import Role as Role  # re-exported: the wire names the domain roles

API_VERSION = "1"
"""Major version of the wire contract: the path prefix is ``/api/v{API_VERSION}``."""

API_PREFIX = f"/api/v{API_VERSION}"

MAX_PUSH_RECORDS = 200
"""Largest batch of envelopes one push may carry."""

MAX_PULL_LIMIT = 1000

MAX_VERSION = 2**31 - 1
"""Versions are 32-bit on the server."""
"""Largest page one pull may ask for."""

RecordId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
Sha256Hex = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class WireModel(BaseModel):
    """Base of every wire model: unknown fields are an error, not silently dropped.

    Numbers and flags a client sends are strict (``"1"`` or ``0`` is not a version or a bool).
    """

    model_config = ConfigDict(extra="forbid")


def _reject_nul(value: Any, depth: int = 0) -> None:
    if depth > 64:
        raise ValueError("data nested too deeply (more than 64 levels)")
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("text must not contain NUL (\\u0000) characters")
        if not value.isascii() and _has_surrogate(value):
            # JSON may spell a lone UTF-16 half (\ud800); it is no character and no database
            # or UTF-8 encoder can store it.
            raise ValueError("text must not contain lone UTF-16 surrogates (\\ud800-\\udfff)")
    elif isinstance(value, dict):
        for key, item in value.items():
            _reject_nul(key, depth + 1)
            _reject_nul(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _reject_nul(item, depth + 1)


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class RequestModel(WireModel):
    """Base of request bodies: also refuses NUL characters and lone surrogates anywhere (no
    database stores them)."""

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        _reject_nul(data)
        return data


class RecordType(StrEnum):
    """The kinds of record that travel through push and pull.

    ``innovation`` (the officer's content), ``spd_profile`` (the pemda's SPD answers) and
    ``workflow_request`` (a move asked for on a device: decided by the server when pushed, never
    pulled) are written by clients; ``review`` (an innovation's server-owned part: workflow state,
    verdicts, QC status, transitions; content ``iid.codec.review_to_dict``) only by the server.
    """

    INNOVATION = "innovation"
    REVIEW = "review"
    SPD_PROFILE = "spd_profile"
    WORKFLOW_REQUEST = "workflow_request"


class PushStatus(StrEnum):
    """The server's answer to one envelope of a push."""

    APPLIED = "applied"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"
    REJECTED = "rejected"


# --- problems (RFC 9457) -------------------------------------------------------------------


class FieldError(WireModel):
    """One invalid field of a request: where it is and what is wrong with it."""

    loc: list[str | int]
    message: str
    type: str


class Problem(BaseModel):
    """An RFC 9457 problem document (``application/problem+json``).

    ``type`` is a stable URI clients match on; ``detail`` is Indonesian, ``detail_en`` English.
    """

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    detail_en: str
    instance: str | None = None
    errors: list[FieldError] | None = None


# --- accounts --------------------------------------------------------------------------------


class UserInfo(WireModel):
    """Who the caller is, as the server knows them."""

    id: str
    username: str
    full_name: str
    role: Role
    pemda_id: str
    pemda_name: str
    opd_id: str | None
    opd_name: str | None
    pemda_code: str = ""
    """The pemda's short code (e.g. ``kab-contoh``; names the Paket kirim). Empty from servers
    older than the field."""


class LoginRequest(RequestModel):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=1024)
    device: str | None = Field(default=None, max_length=200)


class PasswordChange(RequestModel):
    """The caller changes their own password; every other session of theirs ends."""

    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=8, max_length=1024)


class TokenResponse(WireModel):
    """An opaque bearer token; send it as ``Authorization: Bearer <access_token>``."""

    access_token: str
    token_type: str = "bearer"
    expires_at: datetime
    user: UserInfo


class Opd(WireModel):
    """A perangkat daerah of the caller's pemda."""

    id: str
    code: str
    name: str


class OpdCreate(RequestModel):
    code: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=300)


class UserAccount(WireModel):
    """An account as the admin sees it."""

    id: str
    username: str
    full_name: str
    role: Role
    opd_id: str | None
    active: bool
    created_at: datetime


class UserCreate(RequestModel):
    username: str = Field(min_length=1, max_length=150, pattern=r"^[A-Za-z0-9_.@-]+$")
    password: str = Field(min_length=8, max_length=1024)
    role: Role
    full_name: str = Field(default="", max_length=300)
    opd_id: str | None = Field(default=None, max_length=64)


class UserUpdate(RequestModel):
    """Fields to change; absent fields stay as they are. A new password ends all sessions."""

    full_name: str | None = Field(default=None, max_length=300)
    role: Role | None = None
    opd_id: str | None = Field(default=None, max_length=64)
    clear_opd: bool = Field(default=False, strict=True)
    active: bool | None = Field(default=None, strict=True)
    password: str | None = Field(default=None, min_length=8, max_length=1024)


class AuditEntry(WireModel):
    """One account or administration event of the audit log."""

    id: int
    at: datetime
    actor: str
    actor_user_id: str | None
    device: str | None
    address: str | None
    action: str
    target_type: str
    target_id: str | None
    details: dict[str, Any]


# --- probe -------------------------------------------------------------------------------


class Limits(WireModel):
    """What the server accepts, so the client can check files before it sends anything."""

    max_file_bytes: int
    max_upload_bytes: int
    max_push_records: int
    max_pull_limit: int
    accepted_media_types: list[str]
    rule_years: list[int]
    chunk_size_hint: int
    max_record_bytes: int = 1024 * 1024
    """Largest content of one record (its canonical JSON, UTF-8); bigger ones are refused."""
    max_pull_bytes: int = 8 * 1024 * 1024
    """A pull page stops before its records' content passes this many bytes."""
    max_open_uploads: int = 100
    """Unfinished uploads one account may have at a time."""


class WorkflowSettingsInfo(WireModel):
    """The pemda's workflow choices (``iid.workflow.WorkflowSettings``): ``opd_step`` adds the
    kepala OPD's approval (Disahkan OPD) before verification."""

    opd_step: bool = Field(default=False, strict=True)


class ProbeResponse(WireModel):
    """Answer of the cheap authenticated probe the client calls before syncing."""

    server_time: datetime
    api_version: str
    user: UserInfo
    limits: Limits
    workflow: WorkflowSettingsInfo = Field(default_factory=WorkflowSettingsInfo)


# --- records ---------------------------------------------------------------------------------


class RecordEnvelope(WireModel):
    """One record change a client pushes. See the module docstring for the version rules.

    ``content`` is the record's full state: for an innovation, the officer's part in the domain
    codec's form (``iid.codec.innovation_content``: no workflow state, QC status or verifier
    fields, which are the server's); for an SPD profile, ``iid.codec.spd_content``; for a
    workflow request, ``iid.codec.move_to_dict`` (``version`` 1, ``base_version`` 0: a request
    is never edited, a new move is a new request). The server reads it strictly (unknown keys
    are refused) and answers problems with ``errors[].loc`` paths starting at ``"content"``. A
    deletion sends ``deleted: true``.
    """

    type: RecordType
    id: RecordId
    version: int = Field(ge=0, le=MAX_VERSION, strict=True)
    base_version: int = Field(ge=0, le=MAX_VERSION - 1, strict=True)
    content: dict[str, Any]
    deleted: bool = Field(default=False, strict=True)
    device_id: str | None = Field(default=None, max_length=200)


class PushRequest(RequestModel):
    records: list[RecordEnvelope] = Field(min_length=1, max_length=MAX_PUSH_RECORDS)


class ServerRecord(WireModel):
    """A record as the server holds it: its newest version and where it sits in the sequence."""

    type: RecordType
    id: str
    version: int
    seq: int
    content: dict[str, Any]
    deleted: bool
    opd_id: str | None
    updated_at: datetime
    updated_by: str
    device_id: str | None


class PushResult(WireModel):
    """The answer for one envelope, in the order they were sent.

    ``applied``/``duplicate``: ``version`` is the server version that holds this content.
    ``conflict``: ``server_copy`` is the server's current record. ``rejected``: ``problem`` says
    why; the change will never be accepted as it is (the client quarantines it).
    """

    id: str
    type: RecordType
    status: PushStatus
    version: int | None = None
    seq: int | None = None
    server_copy: ServerRecord | None = None
    problem: Problem | None = None


class PushResponse(WireModel):
    server_time: datetime
    results: list[PushResult]


class PullResponse(WireModel):
    """A page of changes since the cursor, oldest first: only what the caller may see."""

    server_time: datetime
    changes: list[ServerRecord]
    next_cursor: int
    has_more: bool


class RecordVersionInfo(WireModel):
    """One entry of a record's history (the audit trail of record changes)."""

    version: int
    seq: int
    deleted: bool
    changed_fields: list[str]
    created_at: datetime
    user_id: str
    username: str
    device_id: str | None
    client_version: int


# --- workflow --------------------------------------------------------------------------------


class WorkflowEvent(WireModel):
    """One entry of an innovation's workflow history (from the server's audit log).

    ``action``: an ``iid.workflow.Action`` value (``ajukan``, ``nilai``, ...), ``verdict_reset``
    (the server put verdicts back to pending because the evidence changed) or ``refused`` (a
    request the server refused: ``code`` says why). ``from_state``/``to_state`` for a change of
    state; ``indicators`` for verdicts given or reset; ``note`` as written.
    """

    id: int
    at: datetime
    actor: str
    actor_name: str
    role: str
    action: str
    from_state: str | None = None
    to_state: str | None = None
    note: str = ""
    indicators: dict[str, Any] = Field(default_factory=dict)
    qc_status: str | None = None
    request_id: str | None = None
    code: str | None = None


class WorkflowHistory(WireModel):
    """``GET /innovations/{id}/workflow``: the state now and every workflow event, oldest first."""

    innovation_id: str
    workflow_state: str
    events: list[WorkflowEvent]


class PemdaSettings(WireModel):
    """The pemda's settings an admin may change (``GET``/``PUT /pemda/settings``)."""

    opd_step: bool = Field(strict=True)


class PemdaSettingsUpdate(RequestModel):
    opd_step: bool = Field(strict=True)


# --- evidence (the tus engineer's endpoints use these) ---------------------------------------


class MissingBlobsRequest(RequestModel):
    """``POST /api/v1/blobs/missing``: which of these SHA-256 hashes does the server lack?"""

    hashes: list[Sha256Hex] = Field(max_length=5000)


class MissingBlobsResponse(WireModel):
    missing: list[str]


# --- the pemda's projection (iid.projection) ---------------------------------------------


class ProjectionResponse(WireModel):
    """``GET /api/v1/projection``: the pemda's projected index for one rule year.

    ``projection`` is ``iid.projection.projection_to_dict``'s form (versioned by its ``format``
    key), computed by the server from every record of the pemda with the same domain code the
    desktop runs. For an operator it holds the pemda's figures but only their own OPD's rows.
    """

    year: int
    computed_at: datetime
    server_time: datetime
    projection: dict[str, Any]
