"""One synchronisation run, as stages: probe -> push -> pull -> evidence up and down.

:func:`run_stages` drives them with a :class:`RunContext` the engine builds per run (the
repository, the vault, the API client, the policies, the status board, the stop flag and the
run's counters). Records always go before evidence: the evidence stage hands back to the push
whenever a local edit queued a record meanwhile (at most ``MAX_YIELDS`` times per run, so an
officer typing cannot starve the files).

- **push** (:func:`push`): the outbox's queued records in batches of the server's
  ``max_push_records`` (halved after a cut, at least 8), each record answered by the named
  transition its result asks for: ``confirm_pushed``, ``refuse`` (with the server's words),
  ``retry_later`` or, on a conflict, the inbox's three-way merge. A whole request refused (a
  4xx on a batch) is split in halves to find the culprit.
- **pull** (:func:`pull`): pages since the cursor, each applied with ``Inbox.apply_remote`` in one
  transaction (files its documents refer to get *down* rows there); the pemda's OPD list.
- **evidence** (:mod:`sync.client.transfers`).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sync.client.events import ConflictDetected, ItemsChanged, RecordsChanged, SyncStatus
from sync.client.http import (
    ApiClient,
    AuthError,
    PermanentError,
    TransientError,
)
from sync.client.policy import DownloadPolicy, RateMeter, SyncPolicy
from sync.client.problems import problem_of
from sync.local import problems
from sync.local.listing import OpdInfo
from sync.local.outbox import OutgoingChange
from sync.local.problems import Problem
from sync.local.repository import RecordNotFound, Repository
from sync.local.vault import Vault
from sync.protocol import (
    MAX_PUSH_RECORDS,
    MAX_VERSION,
    Limits,
    Opd,
    ProbeResponse,
    PushResult,
    PushStatus,
)

log = logging.getLogger(__name__)

PULL_PAGE = 500
FIRST_PULL_PAGE = 100
"""The first page of a pull asks for at most this many records: nothing can be applied before
it comes, and the pages after it are fetched while one is applied, so a small first page starts
the store's work sooner (the officer sees the first records sooner too; bench/sync_pull.py)."""
MIN_PUSH_BATCH = 8
MAX_YIELDS = 3
FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)
"""Everything waiting is due when a run happens (the engine-wide backoff decided the run)."""


class Stopped(Exception):
    """stop() was called: leave the run where it is (everything done so far is kept)."""


@dataclass
class Counters:
    """What one run moved (for the history, the status line and ``--sync-once``)."""

    pushed: int = 0
    pulled: int = 0
    uploaded: int = 0
    downloaded: int = 0
    conflicts: int = 0
    failed: int = 0
    transient: TransientError | None = None
    transient_problem: Problem | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def moved_anything(self) -> bool:
        return bool(
            self.pushed or self.pulled or self.uploaded or self.downloaded or self.conflicts
            or self.failed
        )  # fmt: skip

    def add(self, **deltas: int) -> None:
        with self.lock:
            for name, delta in deltas.items():
                setattr(self, name, getattr(self, name) + delta)

    def postpone(self, exc: TransientError | None, problem: Problem) -> None:
        """Remember the run's first transient failure of an item (the run ends WAITING)."""
        with self.lock:
            if self.transient_problem is None:
                self.transient, self.transient_problem = exc, problem


class StatusBoard:
    """The engine's status, updated by the stages (thread-safe)."""

    def __init__(self, publish: Callable[[SyncStatus, bool], None], initial: SyncStatus) -> None:
        self._publish = publish
        self._lock = threading.Lock()
        self._publishing = threading.Lock()
        self._status = initial

    def get(self) -> SyncStatus:
        with self._lock:
            return self._status

    def update(self, *, force: bool = True, **changes: Any) -> SyncStatus:
        """Apply ``changes`` and publish. What is published is the newest status at the time
        (not this call's snapshot), one publication at a time: of two threads updating at
        once, the last publication carries both changes."""
        from dataclasses import replace

        with self._lock:
            self._status = replace(self._status, **changes)
            status = self._status
        with self._publishing:
            self._publish(self.get(), force)
        return status

    def bump(self, done: int = 0, total: int = 0) -> None:
        with self._lock:
            s = self._status
        self.update(items_done=s.items_done + done, items_total=s.items_total + total)

    def add_bytes(self, total: int) -> None:
        with self._lock:
            s = self._status
        self.update(bytes_total=s.bytes_total + total)

    def moved(self, delta: int, rate: RateMeter) -> None:
        """``delta`` bytes went over the line (either way): progress, rate and time left."""
        rate.add(delta)
        with self._lock:
            s = self._status
        done = s.bytes_done + delta
        now_rate = rate.rate()
        left = max(0, s.bytes_total - done)
        self.update(
            force=False,
            bytes_done=done,
            rate_bps=now_rate,
            eta_seconds=left / now_rate if now_rate else None,
        )


@dataclass
class RunContext:
    """Everything a stage needs for one run."""

    repo: Repository
    vault: Vault
    api: ApiClient
    policy: SyncPolicy
    downloads: DownloadPolicy
    role: str | None
    device_id: str
    board: StatusBoard
    emit: Callable[[object], None]
    stop: threading.Event
    backoff_until: Callable[[TransientError | None], datetime]
    rate: RateMeter
    token: Callable[[], str | None]
    push_limit: list[int]
    """The adaptive push batch size, kept by the engine between runs (a one-item list)."""
    monitor: Any
    """The engine's :class:`sync.client.transfers.TransferMonitor`."""
    fetch_opds: bool = True
    on_probe: Callable[[ProbeResponse], None] = lambda _answer: None
    counters: Counters = field(default_factory=Counters)
    probed: bool = False
    """The probe answered: a later failure is WAITING (the server is there), not OFFLINE."""

    def check_stop(self) -> None:
        if self.stop.is_set():
            raise Stopped()


def run_stages(ctx: RunContext) -> Limits:
    """probe -> push -> pull -> evidence (handing back to the push when records are due).
    Raises Stopped, AuthError, TransientError or PermanentError (the engine decides)."""
    from sync.client.transfers import transfer_evidence

    ctx.repo.outbox.requeue_interrupted()
    probe = ctx.api.probe()
    ctx.probed = True
    ctx.on_probe(probe)
    ctx.check_stop()
    push(ctx, probe.limits)
    pull(ctx, probe.limits)
    for _ in range(MAX_YIELDS):
        if transfer_evidence(ctx, probe.limits):
            break
        push(ctx, probe.limits)  # a record was queued meanwhile: it goes first
    else:
        transfer_evidence(ctx, probe.limits, yield_to_records=False)
    # Workflow requests wait for their innovation's files (an Ajukan made offline needs the
    # scans on the server): those ready now go, and the server's answer (the review) comes back
    # in this same run.
    if push(ctx, probe.limits):
        pull(ctx, probe.limits)
    return probe.limits


# --- push -------------------------------------------------------------------------------------


def push(ctx: RunContext, limits: Limits) -> int:
    """Send the due records; returns how many were sent (answered or not)."""
    server_max = max(1, min(limits.max_push_records, MAX_PUSH_RECORDS))
    total = ctx.repo.outbox.due_record_count()
    if not total:
        return 0
    ctx.board.bump(total=total)
    sent = 0
    # Each record is answered in its batch; re-queued ones (edited meanwhile, merged after a
    # conflict) come back in a later batch. The bound stops an officer typing forever.
    for _ in range(2 * (total + 1)):
        ctx.check_stop()
        limit = min(server_max, ctx.push_limit[0])
        batch = ctx.repo.outbox.take_batch(limit, due=FAR_FUTURE)
        if not batch:
            return sent
        sent += len(batch)
        try:
            _push_batch(ctx, batch)
        except TransientError:
            # A line that cuts big requests: smaller batches next time (at least 8).
            ctx.push_limit[0] = max(MIN_PUSH_BATCH, len(batch) // 2)
            raise
        ctx.push_limit[0] = min(server_max, ctx.push_limit[0] * 2)
    return sent


def _push_batch(ctx: RunContext, batch: list[OutgoingChange]) -> None:
    envelopes = [
        {
            "type": c.record_type,
            "id": c.record_id,
            "version": min(max(c.version, 0), MAX_VERSION),
            "base_version": c.base_version,
            "content": c.content,
            "deleted": c.deleted,
            "device_id": ctx.device_id or None,
        }
        for c in batch
    ]
    ctx.emit(ItemsChanged())
    try:
        response = ctx.api.push(envelopes)
    except PermanentError as exc:
        if len(batch) > 1:
            # The whole request was refused (413, 422 on one envelope): find the culprit (the
            # records stay *sending* while their halves go).
            half = len(batch) // 2
            _push_batch(ctx, batch[:half])
            _push_batch(ctx, batch[half:])
            return
        _refuse(ctx, batch[0], problem_of(exc))
        return
    except AuthError:
        for c in batch:
            ctx.repo.outbox.interrupted(c.record_type, c.record_id)
        raise
    except TransientError as exc:
        when = ctx.backoff_until(exc)
        for c in batch:
            with contextlib.suppress(RecordNotFound):
                ctx.repo.outbox.retry_later(c.record_type, c.record_id, problem_of(exc), when)
        raise
    by_id = {(r.type.value, r.id): r for r in response.results}
    changed: dict[str, list[str]] = {}
    for c in batch:
        result = by_id.get((c.record_type, c.record_id))
        changed.setdefault(c.record_type, []).append(c.record_id)
        if result is None:
            no_answer = Problem(problems.SERVER_NO_ANSWER)
            ctx.repo.outbox.retry_later(
                c.record_type, c.record_id, no_answer, ctx.backoff_until(None)
            )
            ctx.counters.postpone(None, no_answer)
            continue
        _apply_result(ctx, c, result)
    for record_type, ids in changed.items():
        ctx.emit(RecordsChanged(record_type, tuple(ids)))
    ctx.emit(ItemsChanged())


def _refuse(ctx: RunContext, c: OutgoingChange, problem: Problem) -> None:
    ctx.repo.outbox.refuse(c.record_type, c.record_id, problem)
    ctx.counters.add(failed=1)
    ctx.board.bump(done=1)


def _apply_result(ctx: RunContext, c: OutgoingChange, r: PushResult) -> None:
    if r.status in (PushStatus.APPLIED, PushStatus.DUPLICATE):
        version = r.version if r.version is not None else c.base_version + 1
        ctx.repo.outbox.confirm_pushed(c.record_type, c.record_id, c.change_seq, version)
        ctx.counters.add(pushed=1)
        ctx.board.bump(done=1)
    elif r.status is PushStatus.CONFLICT:
        copy = r.server_copy
        if copy is None:
            no_copy = Problem(problems.SERVER_NO_ANSWER, technical="conflict without a copy")
            ctx.repo.outbox.retry_later(
                c.record_type, c.record_id, no_copy, ctx.backoff_until(None)
            )
            return
        outcome = ctx.repo.inbox.mark_conflict(
            c.record_type, c.record_id, copy.model_dump(mode="json"), copy.version
        )
        if outcome.clashes and outcome.new:
            ctx.counters.add(conflicts=1)
            ctx.board.bump(done=1)
            ctx.emit(ConflictDetected(c.record_type, c.record_id))
        # else: merged cleanly and queued again on the server's version (next batch)
    else:
        _refuse(ctx, c, refusal_of(r))


def refusal_of(r: PushResult) -> Problem:
    """The server's refusal of one record as a problem: its words, its status, and (when the
    server named them) its own ``code`` and ``params`` (a workflow refusal's
    ``workflow.evidence_changed``...) and the fields (``loc``) it concerns."""
    p = r.problem
    if p is None:
        return Problem(problems.SERVER_REFUSED)
    params: dict[str, Any] = {"status": p.status} if p.status else {}
    extra = p.model_extra or {}
    if isinstance(extra.get("code"), str):
        params["code"] = extra["code"]
    if isinstance(extra.get("params"), dict):
        params["params"] = extra["params"]
    if p.errors:
        params["loc"] = [list(e.loc) for e in p.errors]
    return Problem(
        problems.SERVER_REFUSED, params, p.detail, p.detail_en or p.detail, technical=p.title or ""
    )


# --- pull -------------------------------------------------------------------------------------


def pull(ctx: RunContext, limits: Limits) -> None:
    """Pages since the cursor, oldest first, each applied in one transaction.

    The next page is fetched while this one is applied (one page ahead, on a thread), so the
    server's work and the line's time overlap the store's: a first pull of thousands of records
    costs about the larger of the two instead of their sum (bench/sync_pull.py). The first
    page is small (``FIRST_PULL_PAGE``) and while it is on its way the store prepares what
    applying needs (``Inbox.prepare``: the rule sets innovations are scored with); the OPD list
    is fetched while the last page is applied. Only one thread uses the API client at any time
    (the client is not thread-safe): each request is asked for after the previous one was
    answered, and when applying fails or the run stops, the request in flight is waited for
    before leaving."""
    limit = max(1, min(limits.max_pull_limit, PULL_PAGE))
    since = ctx.repo.get_cursor()
    ctx.check_stop()
    opds_owner = _opds_owner(ctx) if ctx.fetch_opds else None
    opds: Future[list[Opd]] | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-pull-ahead") as ahead:
        first = ahead.submit(ctx.api.pull, since, min(limit, FIRST_PULL_PAGE))
        following: Future[dict[str, Any]] | None = first
        try:
            ctx.repo.inbox.prepare(first.done)
            page = first.result()
            while True:
                changes: list[dict[str, Any]] = page["changes"]
                cursor = int(page["next_cursor"])
                more = bool(page["has_more"]) and cursor > since
                following = ahead.submit(ctx.api.pull, cursor, limit) if more else None
                if following is None and opds_owner is not None:
                    opds = ahead.submit(ctx.api.opds)
                _apply_page(ctx, changes, cursor)
                if following is None:
                    break
                since = cursor
                page = following.result()
                ctx.check_stop()
        except BaseException:
            for asked in (following, opds):
                if asked is not None:
                    with contextlib.suppress(Exception):
                        asked.result()  # never leave the client busy on another thread
            raise
    if opds_owner is not None and opds is not None:
        _store_opds(ctx, opds_owner, opds)


def _apply_page(ctx: RunContext, changes: list[dict[str, Any]], cursor: int) -> None:
    outcome = ctx.repo.inbox.apply_remote(changes, cursor)
    types = {str(ch.get("id")): str(ch.get("type")) for ch in changes}
    ctx.counters.add(pulled=len(changes) - len(outcome.skipped))
    for record_id in outcome.conflicts:
        kind = types.get(record_id, "innovation")
        ctx.counters.add(conflicts=1)
        ctx.emit(ConflictDetected(kind, record_id))
    for skipped in outcome.skipped:
        ctx.counters.add(failed=1)
        log.warning(
            "pulled %s %s not stored: %s", skipped.record_type, skipped.record_id,
            skipped.reason,
        )  # fmt: skip
    if changes:
        by_type: dict[str, list[str]] = {}
        for ch in changes:
            by_type.setdefault(str(ch.get("type")), []).append(str(ch.get("id")))
        for record_type, ids in by_type.items():
            ctx.emit(RecordsChanged(record_type, tuple(ids)))
        ctx.emit(ItemsChanged())


def _opds_owner(ctx: RunContext) -> str | None:
    """The pemda whose OPD list a pull fetches (the signed-in user's), or None."""
    user = ctx.repo.get_local_user()
    return user.pemda_id if user is not None and user.pemda_id else None


def _store_opds(ctx: RunContext, pemda_id: str, asked: Future[list[Opd]]) -> None:
    """The pemda's OPD list into the store (the desktop shows OPD names, not ids)."""
    try:
        listed = asked.result()
    except PermanentError as exc:  # an older server without the list: names stay as they are
        log.info("OPD list not available: %s", exc)
        return
    changed = ctx.repo.accounts.replace_opds(
        pemda_id, [OpdInfo(o.id, o.name, o.code, pemda_id) for o in listed]
    )
    if changed:  # screens that show OPD names read them again (a first pull: every name)
        ctx.emit(RecordsChanged("opd", tuple(changed)))
