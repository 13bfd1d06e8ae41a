"""What the engine tells its listeners (the desktop's bridge), and the states it reports.

Events are delivered ON THE ENGINE THREAD (or a transfer thread during a run; ``login``/
``logout`` and the item actions deliver on the caller's thread); a GUI marshals them to its own
thread. Listeners must be quick and must not raise (an exception is logged and swallowed).

Nothing here carries words: a :class:`~sync.local.problems.Problem` is a code with parameters
(and the server's own words in both languages); the desktop says it in the officer's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sync.local.history import SyncRunInfo
from sync.local.outbox import Direction, OutboxState
from sync.local.problems import Problem


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
    """The engine's state for the status line. ``problem``: why it is not synced (or, when
    synced, that items need attention: code ``run.attention``); ``attention``: items waiting
    for the officer (refused, held, conflict) right now, so "synced" is never said alone while
    something is stuck; ``left``: items not yet confirmed either way."""

    phase: Phase
    items_done: int = 0
    items_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    rate_bps: float | None = None
    eta_seconds: float | None = None
    last_synced_at: datetime | None = None
    next_attempt_at: datetime | None = None
    problem: Problem | None = None
    captive_portal: bool = False
    attention: int = 0
    left: int = 0
    downloading: int = 0
    """Files being fetched or waiting to be fetched in this run."""


@dataclass(frozen=True)
class PendingItem:
    """One item not yet confirmed by the server (a row of the outbox) for the Sinkronisasi
    page. For a file, ``record_type``/``record_id`` name a record that refers to it."""

    key: str
    """``record:<type>:<id>`` or ``blob:<sha256>``."""
    kind: str
    """``record`` or ``evidence``."""
    direction: Direction
    record_type: str | None
    record_id: str | None
    title: str
    size_bytes: int
    state: OutboxState
    progress: float | None
    """0..1 while a file is being transferred."""
    attempts: int
    next_attempt_at: datetime | None
    problem: Problem | None
    priority: int = 0
    media_type: str | None = None

    @property
    def sha256(self) -> str | None:
        return self.key.split(":", 1)[1] if self.kind == "evidence" else None

    @property
    def last_error(self) -> str:
        """The server's words (Indonesian first) or the problem's code: logs and tests only."""
        if self.problem is None:
            return ""
        return self.problem.detail or self.problem.detail_en or self.problem.code


@dataclass(frozen=True)
class FetchState:
    """Where a file on its way down stands (``engine.download_state``): its outbox state
    (None: it is here, or nothing will bring it), the fraction received, when it is tried again
    and what stopped it."""

    state: OutboxState | None
    fraction: float | None = None
    next_attempt_at: datetime | None = None
    problem: Problem | None = None


@dataclass(frozen=True)
class StatusChanged:
    status: SyncStatus


@dataclass(frozen=True)
class ItemsChanged:
    """The pending items changed: re-read ``engine.pending_items()``."""


@dataclass(frozen=True)
class RecordsChanged:
    """These records changed in the store during a run (pushed, pulled, merged): the list
    re-reads their rows (its sync column)."""

    record_type: str
    record_ids: tuple[str, ...]


@dataclass(frozen=True)
class UploadProgress:
    sha256: str
    sent: int
    total: int
    rate_bps: float | None


@dataclass(frozen=True)
class DownloadProgress:
    sha256: str
    received: int
    total: int
    rate_bps: float | None


@dataclass(frozen=True)
class BlobArrived:
    """A downloaded file is in the vault, verified: a document waiting for it can open."""

    sha256: str


@dataclass(frozen=True)
class ConflictDetected:
    record_type: str
    record_id: str


@dataclass(frozen=True)
class LoginRequired:
    problem: Problem


@dataclass(frozen=True)
class RunFinished:
    run: SyncRunInfo


Event = (
    StatusChanged
    | ItemsChanged
    | RecordsChanged
    | UploadProgress
    | DownloadProgress
    | BlobArrived
    | ConflictDetected
    | LoginRequired
    | RunFinished
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
