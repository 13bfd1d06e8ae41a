"""The evidence stage of a run: files up (tus, :mod:`sync.client.uploads`) and down (Range GETs,
:mod:`sync.client.downloads`), sharing one line with the same manners.

- Up: the outbox's *up* rows. The server is asked which of them it lacks (``/blobs/missing``,
  1000 per request); the others are confirmed at once. A row whose bytes this device does not
  hold (a document merged in from the server) turns into a download; so does one whose local
  copy is marked damaged when the server holds the file (the download repairs it); a damaged
  copy the server lacks is refused ("Periksa arsip").
- Down: the outbox's *down* rows, and one (prefetch priority) for every file a document refers
  to whose local copy "Periksa arsip" marked damaged (the server's copy replaces it). Files the
  vault holds intact are confirmed; the download policy picks the rest (EVERYTHING: all;
  ON_OPEN: what the officer opened, then the prefetch set of
  :func:`sync.client.policy.prefetch_states` and the SPD files).
- Order: files the officer opened first, then uploads, then downloads. At most
  ``policy.max_parallel_uploads`` transfers at once (2), one on a poor line (the extra worker
  bows out once the shared rate meter says < 256 KiB/s). Between files the stage hands back to
  the push when a local edit queued a record (records first).
- Each file moves through the outbox's transitions: ``start_transfer`` -> ``confirm_blob`` |
  ``refuse`` | ``retry_later`` (transient, or a download the server does not have yet) | held by
  the officer meanwhile (the transfer stops within one 64 KiB piece; the bytes that arrived are
  kept).

:class:`TransferMonitor` is the engine's live view of running transfers (bytes moved, a stop
flag per file): progress numbers and a control signal, never a state.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from sync.batches import batches
from sync.client.downloads import Downloader
from sync.client.events import (
    BlobArrived,
    DownloadProgress,
    ItemsChanged,
    RecordsChanged,
    UploadProgress,
)
from sync.client.http import AuthError, TransientError, new_session
from sync.client.policy import DownloadPolicy, prefetch_states
from sync.client.problems import problem_of
from sync.client.run import FAR_FUTURE, RunContext
from sync.local import problems
from sync.local.outbox import BlobTask, Direction
from sync.local.problems import Problem
from sync.local.vault import BlobNotFound, VaultError
from sync.protocol import Limits

log = logging.getLogger(__name__)

MISSING_BATCH = 1000
OPENED = 2
"""Outbox priority of a file the officer opened (``request_download``)."""
PREFETCH = 1


@dataclass
class _Live:
    direction: Direction
    done: int
    total: int
    stop: threading.Event = field(default_factory=threading.Event)


class TransferMonitor:
    """Running transfers: their progress and a stop flag each (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._live: dict[str, _Live] = {}

    def begin(self, sha: str, direction: Direction, done: int, total: int) -> threading.Event:
        with self._lock:
            live = _Live(direction, done, total)
            self._live[sha] = live
            return live.stop

    def progress(self, sha: str, done: int, total: int) -> None:
        with self._lock:
            live = self._live.get(sha)
            if live is not None:
                live.done, live.total = done, total

    def end(self, sha: str) -> None:
        with self._lock:
            self._live.pop(sha, None)

    def stop(self, sha: str) -> None:
        """Ask the transfer of ``sha`` to stop (the officer held it)."""
        with self._lock:
            live = self._live.get(sha)
            if live is not None:
                live.stop.set()

    def snapshot(self) -> dict[str, tuple[Direction, int, int]]:
        with self._lock:
            return {sha: (v.direction, v.done, v.total) for sha, v in self._live.items()}


def transfer_evidence(ctx: RunContext, limits: Limits, *, yield_to_records: bool = True) -> bool:
    """Move the files that are due. Returns False when it stopped early because a record was
    queued meanwhile (the run pushes, then calls again), True when done."""
    ctx.repo.outbox.fetch_damaged(ctx.vault.damaged_blobs(), PREFETCH)
    ups = _prepare_uploads(ctx)
    downs = _prepare_downloads(ctx)
    opened = [t for t in downs if t.priority >= OPENED]
    jobs = opened + ups + [t for t in downs if t.priority < OPENED]
    if not jobs:
        return True
    ctx.board.update(
        items_total=ctx.board.get().items_total + len(jobs),
        downloading=len(downs),
    )
    ctx.board.add_bytes(sum(_left(ctx, t) for t in jobs))
    return _run_jobs(ctx, jobs, yield_to_records)


def _left(ctx: RunContext, task: BlobTask) -> int:
    size = task.size_bytes or 0
    if task.direction is Direction.DOWN:
        return max(0, size - ctx.vault.download_offset(task.sha256))
    try:
        return max(0, size - ctx.vault.upload_status(task.sha256).server_offset)
    except VaultError:
        return size


def _prepare_uploads(ctx: RunContext) -> list[BlobTask]:
    outbox = ctx.repo.outbox
    tasks = outbox.blob_tasks(Direction.UP, due=FAR_FUTURE)
    present: list[BlobTask] = []
    damaged: set[str] = set()
    for task in tasks:
        try:
            info = ctx.vault.info(task.sha256)  # one read: here at all, and damaged or not
        except BlobNotFound:
            outbox.fetch_instead(task.sha256)
            continue
        if info.damaged:
            damaged.add(task.sha256)
        present.append(task)
    if not present:
        return []
    missing: set[str] = set()
    hashes = [t.sha256 for t in present]
    for chunk in batches(hashes, MISSING_BATCH):
        ctx.check_stop()
        missing.update(ctx.api.missing_blobs(list(chunk)))
    for sha in damaged:
        if sha in missing:  # the only copy is the damaged one: the officer must act
            outbox.refuse("blob", sha, Problem(problems.BLOB_DAMAGED))
        else:  # the server's copy repairs the local one
            outbox.fetch_instead(sha)
    held = [h for h in hashes if h not in missing and h not in damaged]
    if held:
        # The server holds these already (verified on its side when they were stored).
        outbox.confirm_blobs(held)
        _records_of(ctx, held)
    if held or damaged:
        ctx.emit(ItemsChanged())
    return [t for t in present if t.sha256 in missing and t.sha256 not in damaged]


def _prepare_downloads(ctx: RunContext) -> list[BlobTask]:
    outbox = ctx.repo.outbox
    tasks = outbox.blob_tasks(Direction.DOWN, due=FAR_FUTURE)
    # A copy marked damaged is fetched again: the download replaces it.
    here = [t.sha256 for t in tasks if ctx.vault.has_intact(t.sha256)]
    if here:
        outbox.confirm_blobs(here)
        ctx.emit(ItemsChanged())
    tasks = [t for t in tasks if t.sha256 not in set(here)]
    if ctx.downloads is DownloadPolicy.EVERYTHING or not tasks:
        return tasks
    wanted = ctx.repo.innovations.blobs_of_workflow_states(prefetch_states(ctx.role))
    wanted |= ctx.repo.innovations.spd_blobs()
    prefetch = [t.sha256 for t in tasks if t.sha256 in wanted and t.priority < PREFETCH]
    if prefetch:
        outbox.set_priority(prefetch, PREFETCH)
    return [t for t in tasks if t.priority >= PREFETCH or t.sha256 in wanted]


def _records_of(ctx: RunContext, hashes: list[str]) -> None:
    """Tell the list which records' sync column may have moved with these files."""
    refs = ctx.repo.blob_references(hashes)
    by_type: dict[str, set[str]] = {}
    for ref in refs.values():
        by_type.setdefault(ref.record_type, set()).add(ref.record_id)
    for record_type, ids in by_type.items():
        ctx.emit(RecordsChanged(record_type, tuple(sorted(ids))))


def _run_jobs(ctx: RunContext, jobs: list[BlobTask], yield_to_records: bool) -> bool:
    queue = list(jobs)
    qlock = threading.Lock()
    auth_failed: list[AuthError] = []
    yielded = threading.Event()

    def take() -> BlobTask | None:
        with qlock:
            if not queue or auth_failed or yielded.is_set():
                return None
            if yield_to_records and ctx.repo.outbox.due_record_count(waiting=False):
                yielded.set()
                return None
            return queue.pop(0)

    def worker(index: int) -> None:
        session = new_session()
        try:
            while not ctx.stop.is_set():
                # Extra workers bow out on a poor line: one transfer at a time there.
                if index > 0 and ctx.rate.poor():
                    return
                task = take()
                if task is None:
                    return
                _transfer_one(ctx, task, session, auth_failed)
        finally:
            session.close()

    parallel = max(1, ctx.policy.max_parallel_uploads)
    threads = [
        threading.Thread(target=worker, args=(i,), name=f"sync-transfer-{i}", daemon=True)
        for i in range(min(parallel, len(jobs)))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ctx.emit(ItemsChanged())
    if auth_failed:
        raise auth_failed[0]
    ctx.check_stop()
    return not yielded.is_set()


def _transfer_one(
    ctx: RunContext,
    task: BlobTask,
    session: requests.Session,
    auth_failed: list[AuthError],
) -> None:
    sha, outbox = task.sha256, ctx.repo.outbox
    if not outbox.start_transfer(sha):
        return  # held (or confirmed) since the stage listed it
    start = (
        ctx.vault.download_offset(sha)
        if task.direction is Direction.DOWN
        else _upload_offset(ctx, sha)
    )
    total = task.size_bytes or 0
    stop_flag = ctx.monitor.begin(sha, task.direction, start, total)
    ctx.emit(ItemsChanged())
    last = [start]

    def on_progress(sha256: str, done: int, size: int, _rate: float | None) -> None:
        delta = max(0, done - last[0])
        last[0] = max(last[0], done)
        ctx.board.moved(delta, ctx.rate)
        ctx.monitor.progress(sha256, done, size)
        rate = ctx.rate.rate()
        if task.direction is Direction.DOWN:
            ctx.emit(DownloadProgress(sha256, done, size, rate))
        else:
            ctx.emit(UploadProgress(sha256, done, size, rate))

    def should_stop() -> bool:
        return ctx.stop.is_set() or stop_flag.is_set() or bool(auth_failed)

    try:
        status, problem = _call(ctx, task, session, on_progress, should_stop)
    finally:
        ctx.monitor.end(sha)
    if status == "verified":
        outbox.confirm_blob(sha)
        if task.direction is Direction.DOWN:
            ctx.counters.add(downloaded=1)
            ctx.emit(BlobArrived(sha))
        else:
            ctx.counters.add(uploaded=1)
        _records_of(ctx, [sha])
        ctx.board.bump(done=1)
    elif status == "permanent":
        outbox.refuse("blob", sha, problem or Problem(problems.SERVER_REFUSED))
        ctx.counters.add(failed=1)
        ctx.board.bump(done=1)
    elif status == "auth":
        outbox.interrupted("blob", sha)
        auth_failed.append(AuthError(problem.technical if problem else "HTTP 401"))
    elif status == "stopped":
        outbox.interrupted("blob", sha)  # a held file stays held; else it resumes next run
    elif status == "missing":
        # The server has no such file yet (its sender is still uploading): try next run.
        when = _next_probe(ctx)
        outbox.retry_later("blob", sha, problem or Problem(problems.BLOB_NOT_ON_SERVER), when)
    else:
        failure = TransientError(problem.technical if problem else "transfer interrupted")
        when = ctx.backoff_until(failure)
        p = problem or problem_of(failure)
        outbox.retry_later("blob", sha, p, when)
        ctx.counters.postpone(failure, p)
    ctx.emit(ItemsChanged())


def _next_probe(ctx: RunContext) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=ctx.policy.probe_interval)


def _upload_offset(ctx: RunContext, sha: str) -> int:
    try:
        return ctx.vault.upload_status(sha).server_offset
    except VaultError:
        return 0


def _call(
    ctx: RunContext,
    task: BlobTask,
    session: requests.Session,
    on_progress: Callable[[str, int, int, float | None], None],
    should_stop: Callable[[], bool],
) -> tuple[str, Problem | None]:
    sha = task.sha256
    token = lambda: ctx.token() or ""  # noqa: E731 - asked per request
    try:
        if task.direction is Direction.DOWN:
            down = Downloader(
                ctx.vault, blobs_url=ctx.api.url("/blobs"), session=session, token=token,
                on_progress=on_progress, should_stop=should_stop, line_rate=ctx.rate.rate,
            )  # fmt: skip
            outcome = down.download(sha, task.size_bytes)
            return outcome.status, outcome.problem
        # Imported on the first upload: tuspy pulls in aiohttp (~0.15 s), which the app's
        # start does not need.
        from sync.client.uploads import Uploader

        up = Uploader(
            ctx.vault, uploads_url=ctx.api.url("/uploads"), session=session, token=token,
            on_progress=on_progress, should_stop=should_stop,
        )  # fmt: skip
        filename = task.file_name or f"{sha[:16]}.bin"
        media_type = task.media_type or "application/octet-stream"
        result = up.upload(sha, filename, media_type)
        return result.status, _upload_problem(result)
    except VaultError as exc:
        return "permanent", Problem(problems.BLOB_DAMAGED, technical=str(exc))
    except Exception as exc:  # noqa: BLE001 - one file's failure must not end the run
        log.exception("transfer of %s crashed", sha)
        return "transient", Problem(problems.INTERNAL, technical=repr(exc))


def _upload_problem(result: Any) -> Problem | None:
    status, http = result.status, result.http_status
    words = dict(detail=result.detail, detail_en=result.detail_en, technical=result.message)
    if status == "verified" or status == "stopped":
        return None
    if status == "permanent":
        if http == 413:
            return Problem(problems.BLOB_TOO_LARGE, {}, **words)
        if http == 415:
            return Problem(problems.BLOB_TYPE_REFUSED, {}, **words)
        if http is None:  # the local copy failed its hash check
            return Problem(problems.BLOB_DAMAGED, {}, **words)
        return Problem(problems.SERVER_REFUSED, {"status": http}, **words)
    if status == "auth":
        return Problem(problems.SIGN_IN_REFUSED, {}, **words)
    if http is not None and http >= 500:
        return Problem(problems.SERVER_UNAVAILABLE, {"status": http}, **words)
    if http is not None:
        return Problem(problems.SERVER_BUSY, {"status": http}, **words)
    return Problem(problems.UNREACHABLE, {}, **words)
