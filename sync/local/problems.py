"""What stopped a sync item or a run, as a stable code with parameters (never as words).

The engine and the outbox record a :class:`Problem`; only ``desktop/`` (``desktop.sync_words``)
turns its code into a sentence in the officer's language. ``detail``/``detail_en`` are the
server's own words from its problem+json (Indonesian and English); the desktop shows the one of
the officer's language. ``technical`` is English text for the log, never shown to an officer.

The codes (``CODES``) are a closed set: a test checks that the desktop words every one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# --- sign-in ---
NOT_SIGNED_IN = "auth.not_signed_in"
SIGNED_OUT = "auth.signed_out"
SIGN_IN_EXPIRED = "auth.expired"
SIGN_IN_REFUSED = "auth.refused"
"""The server refused the token (401): revoked, expired there, or the account was disabled."""
# --- when to sync ---
MANUAL_ONLY = "policy.manual"
METERED = "policy.metered"
# --- the line and the server ---
UNREACHABLE = "net.unreachable"
TIMEOUT = "net.timeout"
CAPTIVE_PORTAL = "net.portal"
SERVER_UNAVAILABLE = "server.unavailable"
"""5xx: the server (or its proxy) is in trouble; params ``status``."""
SERVER_BUSY = "server.busy"
"""429/408/425: asked to slow down."""
SERVER_REFUSED = "server.refused"
"""A permanent refusal (4xx) with the server's words in ``detail``/``detail_en``."""
SERVER_NO_ANSWER = "server.no_answer"
"""The server answered the push without a result for this record."""
RETRY = "sync.retry"
"""Waiting to try again (a row of the first releases, whose reason was not kept)."""
INTERNAL = "sync.internal"
"""A bug in the engine (the log has the traceback)."""
STOPPED = "sync.stopped"
# --- records ---
RECORD_UNREADABLE = "record.unreadable"
"""A pulled record this release cannot store (params ``type``)."""
ATTENTION = "run.attention"
"""The run finished but items need the officer (params ``count``)."""
# --- evidence ---
BLOB_DAMAGED = "blob.damaged"
"""The local copy no longer matches its hash ("Periksa arsip")."""
BLOB_TOO_LARGE = "blob.too_large"
BLOB_TYPE_REFUSED = "blob.type_refused"
BLOB_NOT_ON_SERVER = "blob.not_on_server"
"""A download found no file on the server yet (its sender has not finished uploading)."""
BLOB_CORRUPT_DOWNLOAD = "blob.corrupt_download"
"""Downloaded bytes twice did not match the hash."""
BLOB_MISSING_LOCALLY = "blob.missing_locally"
"""Neither here nor obtainable: no document the server lets us read refers to it."""

CODES = frozenset(
    {
        NOT_SIGNED_IN, SIGNED_OUT, SIGN_IN_EXPIRED, SIGN_IN_REFUSED, MANUAL_ONLY, METERED,
        UNREACHABLE, TIMEOUT, CAPTIVE_PORTAL, SERVER_UNAVAILABLE, SERVER_BUSY, SERVER_REFUSED,
        SERVER_NO_ANSWER, RETRY, INTERNAL, STOPPED, RECORD_UNREADABLE, ATTENTION,
        BLOB_DAMAGED, BLOB_TOO_LARGE, BLOB_TYPE_REFUSED, BLOB_NOT_ON_SERVER,
        BLOB_CORRUPT_DOWNLOAD, BLOB_MISSING_LOCALLY,
    }
)  # fmt: skip


@dataclass(frozen=True)
class Problem:
    """A stable ``code`` (one of :data:`CODES`), its ``params`` (JSON-safe), the server's words
    when it gave any, and English ``technical`` text for the log."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    detail: str = ""
    detail_en: str = ""
    technical: str = ""

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown problem code {self.code!r}")

    def __str__(self) -> str:  # for logs and assertion messages only
        words = self.detail_en or self.detail or self.technical
        return f"{self.code} {self.params or ''} {words}".strip()

    def __hash__(self) -> int:
        return hash((self.code, self.detail, self.detail_en, self.technical))
