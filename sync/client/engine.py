"""The replication engine: one worker thread that brings the officer's replica and the server
together, whenever it can, without the officer watching.

This module schedules runs and is the API the desktop calls; a run itself is the stages of
:mod:`sync.client.run` (probe -> push -> pull) and :mod:`sync.client.transfers` (evidence up and
down). What is not yet confirmed by the server lives in one place, the outbox
(:mod:`sync.local.outbox`); the engine keeps no state of its own about items, only the live
progress of running transfers (:class:`~sync.client.transfers.TransferMonitor`).

When: at ``start()``, on ``network_changed()``, every ``probe_interval`` while idle, and on
``sync_now()``. After a transient failure (network, timeout, 5xx, 429, captive portal) the next
automatic run waits a jittered exponential backoff (cap 15 min); ``sync_now`` and a network
change do not wait. The policy (AUTO / UNMETERED / MANUAL) gates automatic runs only.

Failures never lose data and never stall the queue:

- a push answered ``rejected`` (or a 4xx for a one-record batch; bigger batches are split in
  halves to find the culprit) refuses that record with the server's words; the others go on;
- a push answered ``conflict`` goes through the inbox's three-way merge: merged when the two
  sides touched different fields (queued again on the new base), else kept in conflict with
  both values (``conflict_info``) and :class:`ConflictDetected` is emitted;
- 401 anywhere: phase LOGIN_REQUIRED, :class:`LoginRequired`; nothing is dropped and the engine
  resumes after ``login()``;
- a file refused for good (413, 415, hash mismatch twice) is refused alone.

Everything the engine reports is a code with parameters (:class:`sync.local.problems.Problem`);
the desktop words it.
"""

from __future__ import annotations

import contextlib
import logging
import math
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sync.client.credentials import CredentialStore, StoredLogin
from sync.client.events import (
    FetchState,
    ItemsChanged,
    LoginRequired,
    PendingItem,
    Phase,
    RunFinished,
    StatusChanged,
    SyncStatus,
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
)
from sync.client.policy import (
    DownloadPolicy,
    RateMeter,
    SyncMode,
    SyncPolicy,
    backoff_delay,
    default_download_policy,
    may_sync_automatically,
    network_metered,
)
from sync.client.problems import problem_of
from sync.client.run import Counters, RunContext, StatusBoard, Stopped, run_stages
from sync.client.transfers import TransferMonitor
from sync.local import problems
from sync.local.inbox import ConflictInfo
from sync.local.outbox import BLOB, Direction, OutboxState, PendingTally
from sync.local.problems import Problem
from sync.local.repository import LocalUserInfo, RecordNotFound, Repository
from sync.local.vault import Vault
from sync.protocol import MAX_PUSH_RECORDS, Role, UserInfo, WorkflowHistory

__all__ = [
    "LoginFailed",
    "OutboxState",
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
STATUS_EVERY = 0.25
"""Least seconds between StatusChanged events while bytes flow."""
OPDS_EVERY = 600.0
"""Seconds between fetches of the pemda's OPD list by automatic runs (each forced run fetches)."""
ATTENTION_STATES = (OutboxState.REFUSED, OutboxState.HELD, OutboxState.CONFLICT)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class SyncEngine:
    """See the module docstring. Thread-safe: every public method may be called from any
    thread; the work happens on one worker thread (plus transfer threads during a run)."""

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
    ) -> None:
        self._repo = repo
        self._vault = vault
        self._server_url = server_url.rstrip("/")
        self._creds = credentials
        self._policy = policy
        self._metered = metered
        local = repo.get_local_user()
        self._device_id = device_id or (local.device_id if local else "")
        self._lock = threading.RLock()
        self._counts_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._trigger: str | None = None
        self._thread: threading.Thread | None = None
        self._listeners: list[Callable[[object], None]] = []
        self._last_status_emit = 0.0
        self._board = StatusBoard(self._publish, SyncStatus(Phase.STOPPED))
        self._last_synced: datetime | None = None
        self._failures = 0
        self._next_auto = 0.0
        self._run_backoff: datetime | None = None
        self._login: StoredLogin | None = credentials.get(self._server_url)
        self._user: UserInfo | None = None
        self._push_limit = [MAX_PUSH_RECORDS]
        self._opds_at = -math.inf
        self._login_announced = False
        self._monitor = TransferMonitor()
        self._last_counters: Counters | None = None
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

    def _publish(self, status: SyncStatus, force: bool) -> None:
        with self._lock:
            now = time.monotonic()
            if not force and now - self._last_status_emit < STATUS_EVERY:
                return
            self._last_status_emit = now
        self._emit(StatusChanged(status))

    def status(self) -> SyncStatus:
        return self._board.get()

    def _set_status(self, **changes: Any) -> None:
        self._board.update(last_synced_at=self._last_synced, **changes)

    def _refresh_counts(self) -> bool:
        """The status's ``attention`` and ``left`` from the outbox; True if they changed.
        Serialised: of two writers' refreshes, the later read is the one published."""
        with self._counts_lock:
            attention, left = self._counts()
            status = self._board.get()
            if (status.attention, status.left) == (attention, left):
                return False
            self._set_status(attention=attention, left=left)
            return True

    def _outbox_changed(self) -> None:
        """The outbox committed a change (a local edit, a release, a deleted draft, a run's
        move), on the writing thread: the status line's counts follow at once, and the
        Sinkronisasi page re-reads its items when they changed."""
        if self._refresh_counts():
            self._emit(ItemsChanged())

    def _counts(self) -> tuple[int, int]:
        counts = self._repo.outbox.counts()
        attention = sum(n for (_d, state), n in counts.items() if state in ATTENTION_STATES)
        return attention, sum(counts.values())

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
        self._repo.outbox.add_listener(self._outbox_changed)
        attention, left = self._counts()
        self._set_status(phase=phase, attention=attention, left=left)
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the worker: transfers stop within one piece, no new request starts.
        Returns when the worker ended (or after ``timeout``)."""
        self._stop.set()
        self._wake.set()
        self._repo.outbox.remove_listener(self._outbox_changed)
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

    def policy(self) -> SyncPolicy:
        with self._lock:
            return self._policy

    def download_policy(self) -> DownloadPolicy:
        """The policy in force: the officer's choice, else the role's default."""
        with self._lock:
            chosen = self._policy.downloads
        return chosen if chosen is not None else default_download_policy(self._role())

    def run_once(self, *, forced: bool = True) -> SyncStatus:
        """One run on the calling thread (scripts, ``--sync-once``, benchmarks, deterministic
        tests). Must not be called while the worker thread runs. ``forced`` as ``sync_now``."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                raise RuntimeError("run_once() while the worker thread runs; use sync_now()")
        self._stop.clear()
        with contextlib.suppress(Stopped):
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
            except Stopped:
                break
            except Exception as exc:  # noqa: BLE001 - the worker must never die
                log.exception("sync run crashed")
                self._fail_transient(problem_of(exc), Phase.WAITING, None)

    def _cycle(self, trigger: str | None) -> None:
        forced = trigger == "user"
        with self._lock:
            login = self._login
        if login is None:
            self._need_login(Problem(problems.NOT_SIGNED_IN))
            return
        if login.expires_at is not None and _aware(login.expires_at) <= _utcnow():
            self._auth_lost(Problem(problems.SIGN_IN_EXPIRED), login.token)
            return
        with self._lock:
            policy = self._policy
        if not forced and not may_sync_automatically(policy, self._metered):
            code = problems.MANUAL_ONLY if policy.mode is SyncMode.MANUAL else problems.METERED
            with self._lock:
                self._next_auto = time.monotonic() + policy.probe_interval
            self._set_status(phase=Phase.PAUSED, problem=Problem(code), next_attempt_at=None)
            return
        self._run(forced, policy)

    # --- auth ----------------------------------------------------------------------------------

    def _token(self) -> str | None:
        with self._lock:
            return self._login.token if self._login else None

    def _role(self) -> str | None:
        user = self.user()
        return user.role.value if user is not None else None

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

    def workflow_history(self, innovation_id: str) -> WorkflowHistory:
        """The innovation's workflow history from the server's audit log (blocking, online;
        call it off the GUI thread). Offline, the transitions are in
        ``repo.workflow.review(id).history``. Raises a :class:`SyncError` when unreachable."""
        return self._api.workflow_history(innovation_id)

    def login(self, username: str, password: str) -> UserInfo:
        """Sign in (blocking; call it off the GUI thread). Raises :class:`LoginFailed` with
        the server's words, or :class:`SyncNetworkError` / another :class:`SyncError`."""
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
            self._opds_at = -math.inf
        self._remember_user(tok.user)
        self._set_status(phase=Phase.WAITING, problem=None)
        self.sync_now()
        return tok.user

    def _remember_user(self, user: UserInfo) -> None:
        self._repo.upsert_pemda(user.pemda_id, user.pemda_name, user.pemda_code)
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
        self._need_login(Problem(problems.SIGNED_OUT))

    def _need_login(self, problem: Problem) -> None:
        with self._lock:
            announce = not self._login_announced
            self._login_announced = True
            self._next_auto = math.inf
        self._set_status(phase=Phase.LOGIN_REQUIRED, problem=problem, next_attempt_at=None)
        if announce:
            self._emit(LoginRequired(problem))

    def _auth_lost(self, problem: Problem, token: str | None) -> None:
        """The server refused ``token`` (the one this run used). A newer sign-in that came
        while the run was under way is kept."""
        with self._lock:
            if self._login is not None and self._login.token != token:
                return
            self._login = None
        stored = self._creds.get(self._server_url)
        if stored is not None and stored.token == token:
            self._creds.delete(self._server_url)
        self._need_login(problem)

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
        self._items_changed()
        self.sync_now()

    # --- items ---------------------------------------------------------------------------------

    def _items_changed(self) -> None:
        self._refresh_counts()
        self._emit(ItemsChanged())

    def retry(self, key: str) -> None:
        """A refused, held or waiting item is due now, and a sync starts."""
        kind, a, b = parse_key(key)
        record_type, record_id = (a, b) if kind == "record" else (BLOB, a)
        self._repo.outbox.release(record_type, record_id)
        self._items_changed()
        self.sync_now()

    def cancel(self, key: str) -> None:
        """Hold the item back: it stays on this device (through edits and restarts) until
        ``retry``. A file being transferred stops within one piece; what arrived is kept."""
        kind, a, b = parse_key(key)
        if kind == "record":
            self._repo.outbox.hold(a, b)
        else:
            self._repo.outbox.hold(BLOB, a)
            self._monitor.stop(a)
        self._items_changed()

    def fetch_now(self, sha256: str) -> bool:
        """The officer opened a document whose file is not here: fetch it before anything else
        (even under the ON_OPEN policy) and start a run. False when no record this device
        holds refers to it (then nothing can bring it)."""
        if self._vault.has_intact(sha256):
            return True
        if not self._repo.outbox.request_download(sha256):
            return False
        self._items_changed()
        self.sync_now()
        return True

    def pending_tally(self) -> PendingTally:
        """Exact counts of the pending items (``pending_items`` may be limited)."""
        return self._repo.outbox.tally()

    def pending_items(self, limit: int | None = None) -> list[PendingItem]:
        """Everything not yet confirmed by the server (one query of the outbox): records, then
        files to send, then files to fetch; with the live progress of running transfers."""
        live = self._monitor.snapshot()
        items: list[PendingItem] = []
        for o in self._repo.outbox.pending_items(limit):
            blob = o.is_blob
            progress = None
            if blob and o.record_id in live:
                _direction, done, total = live[o.record_id]
                progress = done / total if total else None
            items.append(
                PendingItem(
                    key=blob_key(o.record_id) if blob else record_key(o.record_type, o.record_id),
                    kind="evidence" if blob else "record",
                    direction=o.direction,
                    record_type=o.owner_type,
                    record_id=o.owner_id,
                    title=o.title,
                    size_bytes=o.size_bytes or 0,
                    state=o.state,
                    progress=progress,
                    attempts=o.attempts,
                    next_attempt_at=_aware(o.next_attempt_at) if o.next_attempt_at else None,
                    problem=o.problem,
                    priority=o.priority,
                    media_type=o.media_type,
                )
            )
        return items

    def download_state(self, sha256: str) -> FetchState:
        """Where a file on its way down stands (for the previewer's "Sedang diunduh (45 %)")."""
        live = self._monitor.snapshot().get(sha256)
        if live is not None:
            _d, done, total = live
            return FetchState(OutboxState.SENDING, done / total if total else None)
        item = self._repo.outbox.blob_item(sha256)
        if item is None or item.direction is not Direction.DOWN:
            return FetchState(None)
        offset = self._vault.download_offset(sha256)
        size = item.size_bytes or 0
        when = _aware(item.next_attempt_at) if item.next_attempt_at else None
        return FetchState(item.state, offset / size if size else None, when, item.problem)

    # --- one run -------------------------------------------------------------------------------

    def _run(self, forced: bool, policy: SyncPolicy) -> None:
        started = _utcnow()
        token = self._token()
        with self._lock:
            self._run_backoff = None
            fetch_opds = forced or time.monotonic() - self._opds_at > OPDS_EVERY
        self._set_status(
            phase=Phase.SYNCING, items_done=0, items_total=0, bytes_done=0, bytes_total=0,
            rate_bps=None, eta_seconds=None, next_attempt_at=None, problem=None,
            captive_portal=False, downloading=0,
        )  # fmt: skip
        ctx = RunContext(
            repo=self._repo,
            vault=self._vault,
            api=self._api,
            policy=policy,
            downloads=self.download_policy(),
            role=self._role(),
            device_id=self._device_id,
            board=self._board,
            emit=self._emit,
            stop=self._stop,
            backoff_until=self._backoff_until,
            rate=self._rate,
            token=self._token,
            push_limit=self._push_limit,
            monitor=self._monitor,
            fetch_opds=fetch_opds,
            on_probe=self._probed,
        )
        counters = ctx.counters
        try:
            run_stages(ctx)
            if fetch_opds:
                with self._lock:
                    self._opds_at = time.monotonic()
        except Stopped:
            self._finish_run(started, counters, ok=False, problem=Problem(problems.STOPPED),
                             quiet=True)  # fmt: skip
            raise
        except AuthError as exc:
            problem = problem_of(exc)
            self._finish_run(started, counters, ok=False, problem=problem, quiet=False)
            self._auth_lost(problem, token)
            return
        except (TransientError, PermanentError) as exc:
            # A 4xx where none is expected (a wrong server address, an old server): retry later.
            first = self._failures == 0
            problem = problem_of(exc)
            self._finish_run(started, counters, ok=False, problem=problem, quiet=not first)
            transient = exc if isinstance(exc, TransientError) else None
            self._fail_transient(problem, Phase.WAITING if ctx.probed else Phase.OFFLINE, transient)
            return
        if counters.transient_problem is not None:
            self._finish_run(
                started, counters, ok=False, problem=counters.transient_problem, quiet=False
            )
            self._fail_transient(counters.transient_problem, Phase.WAITING, counters.transient)
            return
        with self._lock:
            self._failures = 0
            self._last_synced = _utcnow()
            self._next_auto = time.monotonic() + policy.probe_interval
        attention, left = self._counts()
        notice = Problem(problems.ATTENTION, {"count": attention}) if attention else None
        self._finish_run(started, counters, ok=True, problem=notice, quiet=not forced)
        self._set_status(
            phase=Phase.SYNCED, rate_bps=self._rate.rate(), eta_seconds=None,
            next_attempt_at=None, problem=notice, attention=attention, left=left,
        )  # fmt: skip

    def _probed(self, answer: Any) -> None:
        with self._lock:
            self._user = answer.user
            self._login_announced = False
        # The pemda's workflow settings, so the moves shown offline are the server's.
        self._repo.workflow.remember_settings(answer.user.pemda_id, answer.workflow.opd_step)

    def last_run(self) -> Counters | None:
        """What the last run moved (``--sync-once``'s summary)."""
        with self._lock:
            return self._last_counters

    def _finish_run(
        self,
        started: datetime,
        c: Counters,
        *,
        ok: bool,
        problem: Problem | None,
        quiet: bool,
    ) -> None:
        """Record the run (skipped for a quiet run that moved nothing)."""
        with self._lock:
            self._last_counters = c
        if quiet and not c.moved_anything():
            return
        try:
            self._repo.record_sync_run(
                started,
                _utcnow(),
                pushed=c.pushed + c.uploaded,
                pulled=c.pulled,
                downloaded=c.downloaded,
                conflicts=c.conflicts,
                failed=c.failed,
                ok=ok,
                problem=problem,
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

    def _fail_transient(self, problem: Problem, phase: Phase, exc: TransientError | None) -> None:
        when = self._backoff_until(exc)
        attention, left = self._counts()
        self._set_status(
            phase=phase, next_attempt_at=when, problem=problem,
            captive_portal=isinstance(exc, CaptivePortalError) or problem.code
            == problems.CAPTIVE_PORTAL,
            rate_bps=None, eta_seconds=None, attention=attention, left=left,
        )  # fmt: skip


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
