"""The replication engine: one worker thread that brings the officer's replica and the server
together, whenever it can, without the officer watching.

A *run* (``_run``): probe -> push the outbox in batches (records first, so verifiers see the
text first) -> pull pages since the cursor, each applied with ``Repository.apply_remote`` in one
transaction -> evidence: ask the server which referenced hashes it lacks (``/blobs/missing``)
and upload those through :class:`sync.client.uploads.Uploader` (tus, resumable), at most
``max_parallel_uploads`` at once and one at a time on a poor line. Every run is recorded with
``Repository.record_sync_run`` (quiet periodic runs that moved nothing are not).

When: at ``start()``, on ``network_changed()``, every ``probe_interval`` while idle, and on
``sync_now()``. After a transient failure (network, timeout, 5xx, 429, captive portal) the next
automatic run waits a jittered exponential backoff (cap 15 min); ``sync_now`` and a network
change do not wait. The policy (AUTO / UNMETERED / MANUAL) gates automatic runs only.

Failures never lose data and never stall the queue:

- a push answered ``rejected`` (or a 4xx for a one-record batch; bigger batches are split in
  halves to find the culprit) quarantines that record with the server's message
  (``Repository.quarantine``); the others go on;
- a push answered ``conflict`` goes through ``Repository.mark_conflict``: merged field by field
  when the two sides touched different fields (re-queued on the new base), else kept in
  conflict with both values (``conflict_info``) and :class:`ConflictDetected` is emitted;
- 401 anywhere: phase LOGIN_REQUIRED, :class:`LoginRequired`; the outbox is untouched and the
  engine resumes after ``login()``;
- an evidence upload refused for good (413, 415, hash mismatch twice) is quarantined alone.

HELD (cancelled by the officer) survives restarts: a held record is quarantined in the outbox
with a reason starting with :data:`HELD_PREFIX`; held/quarantined/waiting evidence is kept in
``sync_items.json`` beside the store (the vault has no column for it).
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import requests

from sync.client.credentials import CredentialStore, StoredLogin
from sync.client.events import (
    ConflictDetected,
    ItemsChanged,
    ItemState,
    LoginRequired,
    PendingItem,
    Phase,
    RunFinished,
    StatusChanged,
    SyncStatus,
    UploadProgress,
    blob_key,
    parse_key,
    record_key,
)
from sync.client.http import (
    ApiClient,
    AuthError,
    CaptivePortalError,
    LoginFailed,
    PermanentError,
    SyncError,
    SyncNetworkError,
    TransientError,
    new_session,
)
from sync.client.policy import (
    RateMeter,
    SyncMode,
    SyncPolicy,
    backoff_delay,
    may_sync_automatically,
    network_metered,
)
from sync.local.content import innovation_content
from sync.local.repository import (
    BlobReference,
    ConflictInfo,
    LocalUserInfo,
    OutboxState,
    OutgoingChange,
    RecordNotFound,
    Repository,
)
from sync.local.vault import UploadState, UploadStatus, Vault, VaultError
from sync.protocol import (
    MAX_PUSH_RECORDS,
    MAX_VERSION,
    Limits,
    PushResult,
    PushStatus,
    Role,
    UserInfo,
)

__all__ = [
    "HELD_PREFIX",
    "ItemState",
    "LoginFailed",
    "PendingItem",
    "Phase",
    "SyncEngine",
    "SyncMode",
    "SyncNetworkError",
    "SyncPolicy",
    "SyncStatus",
]

log = logging.getLogger(__name__)

DEFAULT_POLICY = SyncPolicy()
HELD_PREFIX = "[held] "
HELD_REASON = HELD_PREFIX + "Dibatalkan oleh pengguna / Cancelled by the user"
ITEMS_FILE = "sync_items.json"
PULL_PAGE = 500
MIN_PUSH_BATCH = 8
MISSING_BATCH = 1000
FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)
STATUS_EVERY = 0.25
"""Least seconds between StatusChanged events while bytes flow."""


class UploadOutcomeLike(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def message(self) -> str: ...


class UploaderLike(Protocol):
    def upload(self, sha256: str, filename: str, media_type: str) -> UploadOutcomeLike: ...


UploaderFactory = Callable[..., UploaderLike]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class _Stopped(Exception):
    """stop() was called: leave the run where it is (everything done so far is kept)."""


@dataclass
class _RunCounters:
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    failed: int = 0
    uploaded: int = 0
    quarantined: int = 0
    transient: TransientError | None = None
    conflict_keys: set[str] = field(default_factory=set)

    def conflict(self, key: str) -> bool:
        """Count a record in conflict once per run; True the first time."""
        if key in self.conflict_keys:
            return False
        self.conflict_keys.add(key)
        self.conflicts += 1
        return True

    def moved_anything(self) -> bool:
        return bool(self.pushed or self.pulled or self.conflicts or self.failed or self.uploaded)


BlobRef = BlobReference  # a document that refers to a blob (upload metadata, reveal)


# --- evidence item book (held / quarantined / waiting), persisted ------------------------------


class ItemBook:
    """Per-blob sync states that must survive a restart, in a small JSON file (atomic writes)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._data: dict[str, dict[str, Any]] = self._load()

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("%s unreadable (%s); evidence states start fresh", self.path, exc)
            return {}
        return (
            {k: v for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}
        )

    def _save(self) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(self._data, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)

    def get(self, sha256: str) -> dict[str, Any]:
        with self._lock:
            return dict(self._data.get(sha256) or {})

    def state(self, sha256: str) -> str:
        return str(self.get(sha256).get("state") or "")

    def next_attempt(self, sha256: str) -> datetime | None:
        raw = self.get(sha256).get("next_attempt_at")
        return datetime.fromisoformat(raw) if isinstance(raw, str) else None

    def set(self, sha256: str, state: str, error: str = "", when: datetime | None = None) -> None:
        with self._lock:
            entry = dict(self._data.get(sha256) or {})
            entry["state"] = state
            entry["attempts"] = int(entry.get("attempts") or 0) + (state != "held")
            entry["last_error"] = error
            entry["next_attempt_at"] = when.isoformat() if when else None
            self._data[sha256] = entry
            self._save()

    def clear(self, sha256: str) -> None:
        with self._lock:
            if self._data.pop(sha256, None) is not None:
                self._save()

    def release(self, sha256: str) -> None:
        """Due now (retry): keep the attempt count, drop the state."""
        with self._lock:
            entry = self._data.get(sha256)
            if entry is not None:
                entry["state"], entry["next_attempt_at"] = "", None
                self._save()


# --- the engine -------------------------------------------------------------------------------


class SyncEngine:
    """See the module docstring. Thread-safe: every public method may be called from any
    thread; the work happens on one worker thread (plus upload threads during a run)."""

    def __init__(
        self,
        repo: Repository,
        vault: Vault,
        *,
        server_url: str,
        credentials: CredentialStore,
        policy: SyncPolicy = DEFAULT_POLICY,
        device_id: str = "",
        metered: Callable[[], bool | None] = network_metered,
        uploader_factory: UploaderFactory | None = None,
    ) -> None:
        self._repo = repo
        self._vault = vault
        self._server_url = server_url.rstrip("/")
        self._creds = credentials
        self._policy = policy
        self._metered = metered
        self._uploader_factory = uploader_factory
        local = repo.get_local_user()
        self._device_id = device_id or (local.device_id if local else "")
        self._lock = threading.RLock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._trigger: str | None = None
        self._thread: threading.Thread | None = None
        self._listeners: list[Callable[[object], None]] = []
        self._status = SyncStatus(Phase.STOPPED)
        self._last_synced: datetime | None = None
        self._failures = 0
        self._next_auto = 0.0
        self._run_backoff: datetime | None = None
        self._login: StoredLogin | None = credentials.get(self._server_url)
        self._user: UserInfo | None = None
        self._limits: Limits | None = None
        self._sending: set[str] = set()
        self._progress: dict[str, tuple[int, int]] = {}
        self._cancelled: set[str] = set()
        self._record_sizes: dict[tuple[str, int], int] = {}
        self._push_limit = MAX_PUSH_RECORDS
        self._last_status_emit = 0.0
        self._login_announced = False
        self._book = ItemBook(Path(repo.store.path).with_name(ITEMS_FILE))
        self._rate = RateMeter()
        self._api = ApiClient(self._server_url, token=self._token)

    # --- listeners and status ------------------------------------------------------------------

    def add_listener(self, fn: Callable[[object], None]) -> None:
        with self._lock:
            self._listeners.append(fn)

    def _emit(self, event: object) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for fn in listeners:
            try:
                fn(event)
            except Exception:  # noqa: BLE001 - a listener's bug must not stop syncing
                log.exception("sync listener failed on %r", event)

    def status(self) -> SyncStatus:
        with self._lock:
            return self._status

    def _set_status(self, *, force: bool = True, **changes: Any) -> None:
        with self._lock:
            self._status = replace(self._status, last_synced_at=self._last_synced, **changes)
            status = self._status
            now = time.monotonic()
            if not force and now - self._last_status_emit < STATUS_EVERY:
                return
            self._last_status_emit = now
        self._emit(StatusChanged(status))

    # --- lifecycle -----------------------------------------------------------------------------

    def start(self) -> None:
        """Start the worker thread; it syncs at once (if the policy allows)."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stop.clear()
            self._trigger = "start"
            self._wake.set()
            self._thread = threading.Thread(target=self._loop, name="sync-engine", daemon=True)
            phase = Phase.LOGIN_REQUIRED if self._token() is None else Phase.WAITING
        self._set_status(phase=phase)
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the worker: uploads stop at the next chunk boundary, no new request starts.
        Returns when the worker ended (or after ``timeout``)."""
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        self._api.close()
        self._set_status(phase=Phase.STOPPED, items_done=0, items_total=0, rate_bps=None)

    def _request_run(self, trigger: str) -> None:
        with self._lock:
            # "user" beats "net" beats "start" beats a timer.
            order = {"user": 3, "net": 2, "start": 1}
            if self._trigger is None or order.get(trigger, 0) > order.get(self._trigger, 0):
                self._trigger = trigger
        self._wake.set()

    def sync_now(self) -> None:
        """Sync at once, ignoring the backoff and the policy (the officer asked)."""
        self._request_run("user")

    def network_changed(self) -> None:
        """The OS reports a reachability change: try soon (policy still applies)."""
        self._request_run("net")

    def set_policy(self, policy: SyncPolicy) -> None:
        with self._lock:
            self._policy = policy
        self._request_run("net")

    def run_once(self, *, forced: bool = True) -> SyncStatus:
        """One run on the calling thread (scripts, benchmarks, deterministic tests). Must not
        be called while the worker thread runs. ``forced`` as for ``sync_now``."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                raise RuntimeError("run_once() while the worker thread runs; use sync_now()")
        self._stop.clear()
        with contextlib.suppress(_Stopped):
            self._cycle("user" if forced else None)
        return self.status()

    def _loop(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                wait = self._next_auto - time.monotonic()
            if wait > 0:
                self._wake.wait(min(wait, 3600.0))
            if self._stop.is_set():
                break
            # Clear first, then take the trigger: a request arriving in between sets the
            # event again, so it is never slept through.
            self._wake.clear()
            with self._lock:
                trigger, self._trigger = self._trigger, None
            if trigger is None and time.monotonic() < self._next_auto:
                continue
            try:
                self._cycle(trigger)
            except _Stopped:
                break
            except Exception as exc:  # noqa: BLE001 - the worker must never die
                log.exception("sync run crashed")
                self._fail_transient(TransientError(f"Internal error: {exc!r}"), Phase.WAITING)

    def _cycle(self, trigger: str | None) -> None:
        forced = trigger == "user"
        with self._lock:
            login = self._login
        if login is None:
            self._need_login("Not signed in.")
            return
        if login.expires_at is not None and _aware(login.expires_at) <= _utcnow():
            self._auth_lost(AuthError("The sign-in has expired; sign in again."), login.token)
            return
        with self._lock:
            policy = self._policy
        if not forced and not may_sync_automatically(policy, self._metered):
            why = (
                "Manual sync only."
                if policy.mode is SyncMode.MANUAL
                else "The network is metered (or not known to be unmetered)."
            )
            with self._lock:
                self._next_auto = time.monotonic() + policy.probe_interval
            self._set_status(phase=Phase.PAUSED, message=why, next_attempt_at=None)
            return
        self._run(forced, policy)

    # --- auth ----------------------------------------------------------------------------------

    def _token(self) -> str | None:
        with self._lock:
            return self._login.token if self._login else None

    def user(self) -> UserInfo | None:
        with self._lock:
            if self._user is not None or self._login is None:
                return self._user
        local = self._repo.get_local_user()
        if local is None or not local.user_id:
            return None
        opds = {o.id: o.name for o in self._repo.list_opds()}
        return UserInfo(
            id=local.user_id,
            username=local.username,
            full_name=local.full_name,
            role=Role(local.role) if local.role in {r.value for r in Role} else Role.OPERATOR,
            pemda_id=local.pemda_id or "",
            pemda_name="",
            opd_id=local.opd_id,
            opd_name=opds.get(local.opd_id or ""),
        )

    def login(self, username: str, password: str) -> UserInfo:
        """Sign in (blocking; call it off the GUI thread). Raises :class:`LoginFailed` with
        the server's message, or :class:`SyncNetworkError` / another :class:`SyncError`."""
        api = ApiClient(self._server_url)
        try:
            tok = api.login(username, password, self._device_id or None)
        finally:
            api.close()
        stored = StoredLogin(tok.access_token, tok.user.username, tok.expires_at)
        self._creds.set(self._server_url, stored)
        with self._lock:
            self._login = stored
            self._user = tok.user
            self._login_announced = False
            self._next_auto = 0.0
            self._failures = 0
        self._remember_user(tok.user)
        self._set_status(phase=Phase.WAITING, message="")
        self.sync_now()
        return tok.user

    def _remember_user(self, user: UserInfo) -> None:
        self._repo.upsert_pemda(user.pemda_id, user.pemda_name)
        if user.opd_id:
            self._repo.upsert_opd(user.opd_id, user.opd_name or "", pemda_id=user.pemda_id)
        saved = self._repo.set_local_user(
            LocalUserInfo(
                user_id=user.id,
                username=user.username,
                full_name=user.full_name,
                role=user.role.value,
                pemda_id=user.pemda_id,
                opd_id=user.opd_id,
                server_url=self._server_url,
                device_id=self._device_id,
            )
        )
        with self._lock:
            self._device_id = saved.device_id

    def logout(self) -> None:
        """Forget the token (revoked on the server if reachable). The outbox stays as it is."""
        token = self._token()
        if token:
            api = ApiClient(self._server_url, token=lambda: token)
            try:
                api.logout()
            except SyncError as exc:
                log.info("logout: server not told (%s); the token is forgotten here", exc)
            finally:
                api.close()
        self._creds.delete(self._server_url)
        with self._lock:
            self._login = None
            self._user = None
        self._need_login("Signed out.")

    def _need_login(self, reason: str) -> None:
        with self._lock:
            announce = not self._login_announced
            self._login_announced = True
            self._next_auto = math.inf
        self._set_status(phase=Phase.LOGIN_REQUIRED, message=reason, next_attempt_at=None)
        if announce:
            self._emit(LoginRequired(reason))

    def _auth_lost(self, exc: SyncError, token: str | None) -> None:
        """The server refused ``token`` (the one this run used). A newer sign-in that came
        while the run was under way is kept."""
        with self._lock:
            if self._login is not None and self._login.token != token:
                return
            self._login = None
        stored = self._creds.get(self._server_url)
        if stored is not None and stored.token == token:
            self._creds.delete(self._server_url)
        self._need_login(exc.user_text())

    # --- conflicts -----------------------------------------------------------------------------

    def conflict_info(self, record_type: str, record_id: str) -> ConflictInfo | None:
        return self._repo.conflict_info(record_type, record_id)

    def resolve_conflict(
        self, record_type: str, record_id: str, merged_content: dict[str, Any]
    ) -> None:
        """The officer's choice: ``merged_content`` (built from ``conflict_info``'s local and
        remote values) becomes the record, on the server's version, and is sent soon."""
        info = self._repo.conflict_info(record_type, record_id)
        if info is None:
            raise RecordNotFound(f"{record_type} {record_id} is not in conflict")
        self._repo.resolve_conflict(record_type, record_id, merged_content, info.server_version)
        self._emit(ItemsChanged())
        self.sync_now()

    # --- items ---------------------------------------------------------------------------------

    def retry(self, key: str) -> None:
        """A quarantined, held or waiting item becomes due now, and a sync starts."""
        kind, a, b = parse_key(key)
        if kind == "record":
            with contextlib.suppress(RecordNotFound):
                self._repo.mark_retry(a, b, "", _utcnow())
        else:
            with self._lock:
                self._cancelled.discard(a)
            self._book.release(a)
        self._emit(ItemsChanged())
        self.sync_now()

    def cancel(self, key: str) -> None:
        """Stop sending the item: it becomes HELD (kept locally) until ``retry``."""
        kind, a, b = parse_key(key)
        if kind == "record":
            items = {(o.record_type, o.record_id): o for o in self._repo.outbox_items()}
            item = items.get((a, b))
            if item is None or item.state == OutboxState.CONFLICT:
                return
            self._repo.quarantine(a, b, HELD_REASON)
        else:
            with self._lock:
                self._cancelled.add(a)
            self._book.set(a, "held", "")
        self._emit(ItemsChanged())

    def pending_items(self) -> list[PendingItem]:
        """Every item not yet on the server: records of the outbox, then evidence files."""
        now = _utcnow()
        with self._lock:
            sending = set(self._sending)
            progress = dict(self._progress)
        items: list[PendingItem] = []
        for o in self._repo.outbox_items():
            key = record_key(o.record_type, o.record_id)
            error = o.last_error
            if o.state == OutboxState.CONFLICT:
                state = ItemState.CONFLICT
            elif o.state == OutboxState.QUARANTINED:
                held = error.startswith(HELD_PREFIX)
                state = ItemState.HELD if held else ItemState.QUARANTINED
                error = error[len(HELD_PREFIX) :] if held else error
            elif key in sending:
                state = ItemState.SENDING
            elif o.next_attempt_at is not None and _aware(o.next_attempt_at) > now:
                state = ItemState.WAITING_RETRY
            else:
                state = ItemState.QUEUED
            items.append(
                PendingItem(
                    key=key,
                    kind="record",
                    record_type=o.record_type,
                    record_id=o.record_id,
                    title=o.title,
                    size_bytes=self._record_size(o.record_type, o.record_id, o.change_seq),
                    state=state,
                    progress=None,
                    attempts=o.attempts,
                    next_attempt_at=_aware(o.next_attempt_at) if o.next_attempt_at else None,
                    last_error=error,
                )
            )
        pending = self._pending_blobs()
        refs = self._blob_refs([s.sha256 for s in pending])
        for s in pending:
            key = blob_key(s.sha256)
            entry = self._book.get(s.sha256)
            book_state = str(entry.get("state") or "")
            when = entry.get("next_attempt_at")
            when_dt = datetime.fromisoformat(when) if isinstance(when, str) else None
            if s.sha256 in progress:
                state = ItemState.SENDING
            elif book_state == "held":
                state = ItemState.HELD
            elif book_state == "quarantined":
                state = ItemState.QUARANTINED
            elif when_dt is not None and when_dt > now:
                state = ItemState.WAITING_RETRY
            else:
                state = ItemState.QUEUED
            sent, total = progress.get(s.sha256, (s.server_offset, s.size_bytes))
            ref = refs.get(s.sha256)
            items.append(
                PendingItem(
                    key=key,
                    kind="evidence",
                    record_type=ref.record_type if ref else None,
                    record_id=ref.record_id if ref else None,
                    title=ref.file_name if ref else s.sha256[:12],
                    size_bytes=s.size_bytes,
                    state=state,
                    progress=(sent / total) if state is ItemState.SENDING and total else None,
                    attempts=int(entry.get("attempts") or 0),
                    next_attempt_at=when_dt,
                    last_error=str(entry.get("last_error") or ""),
                )
            )
        return items

    def _record_size(self, record_type: str, record_id: str, change_seq: int) -> int:
        cached = self._record_sizes.get((record_key(record_type, record_id), change_seq))
        if cached is not None:
            return cached
        size = 0
        if record_type == "innovation":
            inn = self._repo.get_innovation(record_id)
            if inn is not None:
                size = len(json.dumps(innovation_content(inn), default=str).encode())
        self._record_sizes[(record_key(record_type, record_id), change_seq)] = size
        return size

    def _pending_blobs(self) -> list[UploadStatus]:
        referenced = self._repo.referenced_blobs()
        if not referenced:
            return []
        return [s for s in self._vault.blobs_to_upload() if s.sha256 in referenced]

    def _settle_evidence(self) -> None:
        """A pushed record shows as synced only once every file it refers to is verified on
        the server (until then: sending)."""
        unverified = {s.sha256 for s in self._vault.blobs_to_upload()}
        unverified |= set(self._vault.damaged_blobs())  # never uploaded: never synced
        self._repo.settle_evidence_states(unverified)

    def _blob_refs(self, hashes: list[str]) -> dict[str, BlobRef]:
        """File name, media type and a referring record per hash (from the repository)."""
        return self._repo.blob_references(hashes)

    # --- one run -------------------------------------------------------------------------------

    def _check_stop(self) -> None:
        if self._stop.is_set():
            raise _Stopped()

    def _run(self, forced: bool, policy: SyncPolicy) -> None:
        started = _utcnow()
        counters = _RunCounters()
        token = self._token()
        with self._lock:
            self._run_backoff = None
        self._set_status(
            phase=Phase.SYNCING,
            items_done=0,
            items_total=0,
            bytes_done=0,
            bytes_total=0,
            rate_bps=None,
            eta_seconds=None,
            next_attempt_at=None,
            message="",
            captive_portal=False,
        )
        stage = "probe"
        try:
            probe = self._api.probe()
            with self._lock:
                self._user, self._limits = probe.user, probe.limits
                self._login_announced = False
            self._check_stop()
            stage = "push"
            self._push(counters, forced, probe.limits)
            self._settle_evidence()
            stage = "pull"
            self._pull(counters, probe.limits)
            stage = "evidence"
            self._evidence(counters, forced, policy)
            self._settle_evidence()
        except _Stopped:
            self._finish_run(started, counters, ok=False, message="Stopped.", quiet=True)
            raise
        except AuthError as exc:
            self._finish_run(started, counters, ok=False, message=exc.user_text(), quiet=False)
            self._auth_lost(exc, token)
            return
        except TransientError as exc:
            first = self._failures == 0
            self._finish_run(started, counters, ok=False, message=exc.user_text(), quiet=not first)
            self._fail_transient(exc, Phase.OFFLINE if stage == "probe" else Phase.WAITING)
            return
        except PermanentError as exc:
            # A 4xx where none is expected (wrong server address, an old server): retry later.
            first = self._failures == 0
            self._finish_run(started, counters, ok=False, message=exc.user_text(), quiet=not first)
            self._fail_transient(
                TransientError(exc.message, status=exc.status, detail=exc.detail,
                               detail_en=exc.detail_en),
                Phase.OFFLINE if stage == "probe" else Phase.WAITING,
            )  # fmt: skip
            return
        if counters.transient is not None:
            self._finish_run(
                started, counters, ok=False, message=counters.transient.user_text(), quiet=False
            )
            self._fail_transient(counters.transient, Phase.WAITING)
            return
        with self._lock:
            self._failures = 0
            self._last_synced = _utcnow()
            self._next_auto = time.monotonic() + policy.probe_interval
        attention = counters.failed + counters.conflicts
        message = f"{attention} item(s) need attention." if attention else ""
        self._finish_run(started, counters, ok=True, message=message, quiet=not forced)
        self._set_status(
            phase=Phase.SYNCED,
            rate_bps=self._rate.rate(),
            eta_seconds=None,
            next_attempt_at=None,
            message=message,
        )

    def _finish_run(
        self, started: datetime, c: _RunCounters, *, ok: bool, message: str, quiet: bool
    ) -> None:
        """Record the run (skipped for a quiet run that moved nothing)."""
        if quiet and not c.moved_anything():
            return
        try:
            self._repo.record_sync_run(
                started,
                _utcnow(),
                pushed=c.pushed + c.uploaded,
                pulled=c.pulled,
                conflicts=c.conflicts,
                failed=c.failed,
                ok=ok,
                message=message,
            )
            runs = self._repo.recent_sync_runs(1)
        except Exception:  # noqa: BLE001 - history is nice to have; never fail a run over it
            log.exception("could not record the sync run")
            return
        if runs:
            self._emit(RunFinished(runs[0]))
        self._emit(ItemsChanged())

    def _backoff_until(self, exc: TransientError | None = None) -> datetime:
        """The next attempt after this run's transient failure (computed once per run)."""
        with self._lock:
            if self._run_backoff is None:
                self._failures += 1
                delay = backoff_delay(
                    self._failures,
                    cap=self._policy.max_backoff,
                    retry_after=exc.retry_after if exc else None,
                )
                self._next_auto = time.monotonic() + delay
                self._run_backoff = _utcnow() + timedelta(seconds=delay)
            return self._run_backoff

    def _fail_transient(self, exc: TransientError, phase: Phase) -> None:
        when = self._backoff_until(exc)
        self._set_status(
            phase=phase,
            next_attempt_at=when,
            message=exc.user_text(),
            captive_portal=isinstance(exc, CaptivePortalError),
            rate_bps=None,
            eta_seconds=None,
        )

    def _bump_items(self, done: int = 0, total: int = 0) -> None:
        with self._lock:
            s = self._status
            items_done, items_total = s.items_done + done, s.items_total + total
        self._set_status(items_done=items_done, items_total=items_total)

    # --- push ----------------------------------------------------------------------------------

    def _push(self, counters: _RunCounters, forced: bool, limits: Limits) -> None:
        server_max = max(1, limits.max_push_records)
        # A run happens only when the engine-wide backoff allows (or the officer or the
        # network says so): then every queued record is due. The per-record next_attempt_at
        # is what the Sinkronisasi screen shows.
        due = FAR_FUTURE
        total = sum(1 for o in self._repo.outbox_items() if o.state == OutboxState.QUEUED)
        self._bump_items(total=total)
        # Each record is answered in its batch; re-queued ones (edited meanwhile, merged after
        # a conflict) come back in a later batch. The bound stops an officer typing forever.
        for _ in range(2 * (total + 1)):
            self._check_stop()
            with self._lock:
                limit = min(server_max, self._push_limit)
            batch = self._repo.outbox_batch(limit, now=due)
            if not batch:
                return
            try:
                self._push_batch(batch, counters)
            except TransientError:
                # A line that cuts big requests: smaller batches next time (at least 8).
                with self._lock:
                    self._push_limit = max(MIN_PUSH_BATCH, len(batch) // 2)
                raise
            with self._lock:
                self._push_limit = min(server_max, self._push_limit * 2)

    def _push_batch(self, batch: list[OutgoingChange], counters: _RunCounters) -> None:
        keys = [record_key(c.record_type, c.record_id) for c in batch]
        envelopes = []
        for c in batch:
            key = record_key(c.record_type, c.record_id)
            envelope = {
                "type": c.record_type,
                "id": c.record_id,
                "version": min(max(c.version, 0), MAX_VERSION),
                "base_version": c.base_version,
                "content": c.content,
                "deleted": c.deleted,
                "device_id": self._device_id or None,
            }
            envelopes.append(envelope)
            self._record_sizes[(key, c.change_seq)] = len(json.dumps(c.content, default=str))
        with self._lock:
            self._sending.update(keys)
        self._emit(ItemsChanged())
        try:
            response = self._api.push(envelopes)
        except PermanentError as exc:
            if len(batch) > 1:
                # The whole request was refused (413, 422 on one envelope): find the culprit.
                self._release(batch, "")
                half = len(batch) // 2
                self._push_batch(batch[:half], counters)
                self._push_batch(batch[half:], counters)
                return
            self._quarantine(batch[0], exc.user_text(), counters)
            return
        except AuthError:
            self._release(batch, "Sign-in required.", _utcnow())
            raise
        except TransientError as exc:
            self._release(batch, exc.user_text(), self._backoff_until(exc))
            raise
        finally:
            with self._lock:
                self._sending.difference_update(keys)
        by_id = {(r.type.value, r.id): r for r in response.results}
        for c in batch:
            result = by_id.get((c.record_type, c.record_id))
            if result is None:
                self._release([c], "The server gave no answer for this record.", _utcnow())
                counters.transient = counters.transient or TransientError(
                    "The server did not answer every record."
                )
                continue
            self._apply_result(c, result, counters)
        self._emit(ItemsChanged())

    def _release(
        self, batch: list[OutgoingChange], error: str, when: datetime | None = None
    ) -> None:
        """Put sent-but-unanswered records back in the queue (attempt counted if ``error``)."""
        if not error:
            return
        for c in batch:
            with contextlib.suppress(RecordNotFound):
                self._repo.mark_retry(c.record_type, c.record_id, error, when or _utcnow())

    def _quarantine(self, c: OutgoingChange, reason: str, counters: _RunCounters) -> None:
        with contextlib.suppress(RecordNotFound):
            self._repo.quarantine(c.record_type, c.record_id, reason)
        counters.failed += 1
        self._bump_items(done=1)

    def _apply_result(self, c: OutgoingChange, r: PushResult, counters: _RunCounters) -> None:
        if r.status in (PushStatus.APPLIED, PushStatus.DUPLICATE):
            version = r.version if r.version is not None else c.base_version + 1
            self._repo.mark_pushed(c.record_type, c.record_id, c.change_seq, version)
            counters.pushed += 1
            self._bump_items(done=1)
        elif r.status is PushStatus.CONFLICT:
            copy = r.server_copy
            if copy is None:
                self._release([c], "Conflict without the server's copy; retrying.", _utcnow())
                return
            clashes = self._repo.mark_conflict(
                c.record_type, c.record_id, copy.model_dump(mode="json"), copy.version
            )
            if clashes and counters.conflict(record_key(c.record_type, c.record_id)):
                self._bump_items(done=1)
                self._emit(ConflictDetected(c.record_type, c.record_id))
            # else: merged cleanly and queued again on the server's version (next batch)
        else:
            problem = r.problem
            if problem is not None:
                reason = (
                    f"{problem.detail} / {problem.detail_en}"
                    if problem.detail_en and problem.detail_en != problem.detail
                    else problem.detail or problem.detail_en
                )
            else:
                reason = "Rejected by the server."
            self._quarantine(c, reason, counters)

    # --- pull ----------------------------------------------------------------------------------

    def _pull(self, counters: _RunCounters, limits: Limits) -> None:
        limit = max(1, min(limits.max_pull_limit, PULL_PAGE))
        since = self._repo.get_cursor()
        while True:
            self._check_stop()
            page = self._api.pull(since, limit)
            changes: list[dict[str, Any]] = page["changes"]
            cursor = int(page["next_cursor"])
            outcome = self._repo.apply_remote(changes, cursor)
            types = {str(ch.get("id")): str(ch.get("type")) for ch in changes}
            counters.pulled += len(changes) - len(outcome.skipped)
            for record_id in outcome.conflicts:
                kind = types.get(record_id, "innovation")
                if counters.conflict(record_key(kind, record_id)):
                    self._emit(ConflictDetected(kind, record_id))
            for skipped in outcome.skipped:
                counters.failed += 1
                log.warning(
                    "pulled %s %s not stored: %s",
                    skipped.record_type,
                    skipped.record_id,
                    skipped.reason,
                )
            if changes:
                self._emit(ItemsChanged())
            if not page["has_more"] or cursor <= since:
                return
            since = cursor

    # --- evidence ------------------------------------------------------------------------------

    def _evidence(self, counters: _RunCounters, forced: bool, policy: SyncPolicy) -> None:
        pending = self._pending_blobs()
        if not pending:
            return
        todo = []
        for s in pending:
            entry = self._book.get(s.sha256)
            state = str(entry.get("state") or "")
            if state in ("held", "quarantined"):
                continue
            todo.append(s)
        if not todo:
            return
        missing: set[str] = set()
        hashes = [s.sha256 for s in todo]
        for i in range(0, len(hashes), MISSING_BATCH):
            self._check_stop()
            missing.update(self._api.missing_blobs(hashes[i : i + MISSING_BATCH]))
        for s in todo:
            if s.sha256 not in missing:
                # The server holds it already (verified on its side when it was stored).
                with contextlib.suppress(VaultError):
                    self._vault.set_upload_state(s.sha256, UploadState.UPLOADED, verified=True)
                self._book.clear(s.sha256)
        uploads = [s for s in todo if s.sha256 in missing]
        if not uploads:
            self._emit(ItemsChanged())
            return
        refs = self._blob_refs([s.sha256 for s in uploads])
        with self._lock:
            s0 = self._status
        self._set_status(
            items_total=s0.items_total + len(uploads),
            bytes_total=s0.bytes_total + sum(s.size_bytes - s.server_offset for s in uploads),
        )
        queue = list(uploads)
        qlock = threading.Lock()
        auth_failed: list[SyncError] = []

        def take() -> UploadStatus | None:
            with qlock:
                return queue.pop(0) if queue and not auth_failed else None

        def worker(index: int) -> None:
            session = new_session()
            try:
                while not self._stop.is_set():
                    # Extra workers bow out on a poor line: one upload at a time there.
                    if index > 0 and self._rate.poor():
                        return
                    s = take()
                    if s is None:
                        return
                    self._upload_one(s, refs.get(s.sha256), session, counters, auth_failed)
            finally:
                session.close()

        parallel = max(1, policy.max_parallel_uploads)
        threads = [
            threading.Thread(target=worker, args=(i,), name=f"sync-upload-{i}", daemon=True)
            for i in range(min(parallel, len(uploads)))
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self._emit(ItemsChanged())
        if auth_failed:
            raise AuthError(auth_failed[0].message)
        self._check_stop()

    def _upload_one(
        self,
        s: UploadStatus,
        ref: BlobRef | None,
        session: requests.Session,
        counters: _RunCounters,
        auth_failed: list[SyncError],
    ) -> None:
        sha = s.sha256
        filename = (ref.file_name if ref else "") or f"{sha[:16]}.bin"
        media_type = (ref.media_type if ref else "") or "application/octet-stream"
        with self._lock:
            self._progress[sha] = (s.server_offset, s.size_bytes)
            self._cancelled.discard(sha)
        self._emit(ItemsChanged())
        last = [s.server_offset]

        def on_progress(sha256: str, sent: int, total: int, rate: float | None) -> None:
            delta = max(0, sent - last[0])
            last[0] = max(last[0], sent)
            self._rate.add(delta)
            with self._lock:
                self._progress[sha256] = (sent, total)
                st = self._status
            bytes_done = st.bytes_done + delta
            rate_now = self._rate.rate()
            remaining = max(0, st.bytes_total - bytes_done)
            eta = remaining / rate_now if rate_now else None
            self._set_status(force=False, bytes_done=bytes_done, rate_bps=rate_now, eta_seconds=eta)
            self._emit(UploadProgress(sha256, sent, total, rate_now))

        def should_stop() -> bool:
            with self._lock:
                return self._stop.is_set() or sha in self._cancelled or bool(auth_failed)

        try:
            uploader = self._make_uploader(session, on_progress, should_stop)
            outcome = uploader.upload(sha, filename, media_type)
            status, message = outcome.status, outcome.message
        except VaultError as exc:
            status, message = "permanent", f"Berkas di arsip lokal rusak atau hilang / {exc}"
        except Exception as exc:  # noqa: BLE001 - one file's failure must not end the run
            log.exception("upload of %s crashed", sha)
            status, message = "transient", f"Upload failed: {exc!r}"
        finally:
            with self._lock:
                self._progress.pop(sha, None)
        if status == "verified":
            counters.uploaded += 1
            self._book.clear(sha)
            self._bump_items(done=1)
        elif status == "permanent":
            counters.failed += 1
            self._book.set(sha, "quarantined", message)
            self._bump_items(done=1)
        elif status == "auth":
            auth_failed.append(AuthError(message or "HTTP 401"))
        elif status == "stopped":
            pass  # held by cancel(), or the engine is stopping: resumes from the offset
        else:
            failure = TransientError(message or "Upload interrupted.")
            when = self._backoff_until(failure)
            self._book.set(sha, "waiting", message, when)
            counters.transient = counters.transient or failure
        self._emit(ItemsChanged())

    def _make_uploader(
        self,
        session: requests.Session,
        on_progress: Callable[[str, int, int, float | None], None],
        should_stop: Callable[[], bool],
    ) -> UploaderLike:
        kw: dict[str, Any] = dict(
            uploads_url=self._api.url("/uploads"),
            session=session,
            token=lambda: self._token() or "",
            on_progress=on_progress,
            should_stop=should_stop,
        )
        if self._uploader_factory is not None:
            return self._uploader_factory(self._vault, **kw)
        # Imported on the first upload: tuspy pulls in aiohttp (~0.15 s), which the app's
        # start does not need.
        from sync.client.uploads import Uploader

        return Uploader(self._vault, **kw)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
