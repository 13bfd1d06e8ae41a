"""What the engine tells its listeners (the desktop's bridge), and the states it reports.

Events are delivered ON THE ENGINE THREAD (``login``/``logout`` and the item actions deliver on
the caller's thread); a GUI marshals them to its own thread. Listeners must be quick and must
not raise (an exception is logged and swallowed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sync.local.repository import SyncRunInfo


class Phase(StrEnum):
    """What the status bar shows."""

    OFFLINE = "offline"
    """The probe failed: no network, server unreachable, or a captive portal."""
    WAITING = "waiting"
    """"Menunggu koneksi": backing off until ``next_attempt_at`` after a transient error."""
    SYNCING = "syncing"
    SYNCED = "synced"
    LOGIN_REQUIRED = "login_required"
    PAUSED = "paused"
    """The policy holds automatic syncs (manual only, or a metered network)."""
    STOPPED = "stopped"


@dataclass(frozen=True)
class SyncStatus:
    phase: Phase
    items_done: int = 0
    items_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    rate_bps: float | None = None
    eta_seconds: float | None = None
    last_synced_at: datetime | None = None
    next_attempt_at: datetime | None = None
    message: str = ""
    captive_portal: bool = False


class ItemState(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    WAITING_RETRY = "waiting_retry"
    QUARANTINED = "quarantined"
    CONFLICT = "conflict"
    HELD = "held"
    """Cancelled by the officer: kept locally, not sent until ``retry``."""


@dataclass(frozen=True)
class PendingItem:
    key: str
    """``record:<type>:<id>`` or ``blob:<sha256>``."""
    kind: str
    """``record`` or ``evidence``."""
    record_type: str | None
    record_id: str | None
    title: str
    size_bytes: int
    state: ItemState
    progress: float | None
    attempts: int
    next_attempt_at: datetime | None
    last_error: str


@dataclass(frozen=True)
class StatusChanged:
    status: SyncStatus


@dataclass(frozen=True)
class ItemsChanged:
    """The pending items changed: re-read ``engine.pending_items()``."""


@dataclass(frozen=True)
class UploadProgress:
    sha256: str
    sent: int
    total: int
    rate_bps: float | None


@dataclass(frozen=True)
class ConflictDetected:
    record_type: str
    record_id: str


@dataclass(frozen=True)
class LoginRequired:
    reason: str


@dataclass(frozen=True)
class RunFinished:
    run: SyncRunInfo


Event = (
    StatusChanged | ItemsChanged | UploadProgress | ConflictDetected | LoginRequired | RunFinished
)


def record_key(record_type: str, record_id: str) -> str:
    return f"record:{record_type}:{record_id}"


def blob_key(sha256: str) -> str:
    return f"blob:{sha256}"


def parse_key(key: str) -> tuple[str, str, str]:
    """``("record", type, id)`` or ``("blob", sha256, "")``; ValueError for anything else."""
    parts = key.split(":", 2)
    if parts[0] == "record" and len(parts) == 3 and parts[1] and parts[2]:
        return "record", parts[1], parts[2]
    if parts[0] == "blob" and len(parts) == 2 and parts[1]:
        return "blob", parts[1], ""
    raise ValueError(f"not a pending item key: {key!r}")
