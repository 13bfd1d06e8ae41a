"""The package's PDFs (a checklist per innovation, its profile when asked) and its workbook,
made in a second process while the writer streams the evidence.

Rendering is Python (ReportLab): about 2 ms of CPU per checklist, 0.65 s for 300. In the
writer's own process it shares one interpreter lock with the output thread, whose work between
two blocks of evidence (checking, writing, reading the vault) waits for the renderer to let go
of the lock: the two took turns instead of using both cores. A second process renders on the
other core with no lock in common.

- The process is started with ``spawn`` (safe beside Qt's threads; the only start method on
  Windows and macOS; the frozen app calls ``multiprocessing.freeze_support()`` first, see
  ``installer/launcher.py``), before the package is planned, so its start (~0.2 s of imports)
  overlaps the planning.
- Jobs go in small batches, a bounded number ahead of the one the writer needs next; results
  come back in order. Memory holds a few batches of PDFs at most. When the writer has run
  dry waiting for pages (the end of a package), this process takes back the newest batches
  the other has not started and renders them too, from the other end.
- On cancel, on a failure and at the end the pool is shut down: queued batches are dropped,
  the running one finishes (milliseconds; a process stuck for ``STOP_LIMIT`` is terminated),
  and no process outlives the export.
- The package workbook goes to the process first, as one call aside the pages
  (:meth:`PageRenderer.submit_aside`): its XlsxWriter Python would otherwise take turns with
  the output thread on this process's interpreter lock too.
- A call that fails in the process comes back as text (:class:`RemoteFailure`) and is run
  again here.
- Small packages and one-core machines render here (inline), the same pages. So does the rest
  of a package whose process cannot start (or has not within ``START_LIMIT``), dies, or fails
  a batch: that batch is rendered
  again here, where a failure of the data itself is raised with its own type and traceback
  (an exception from the process may not even unpickle).
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import multiprocessing.connection as mp_connection
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from sync.export.checklist import ChecklistFiles
from sync.export.errors import ExportCancelled

log = logging.getLogger(__name__)

BATCH = 8
"""Innovations per job sent to the process (one round trip per batch, not per PDF)."""
AHEAD = 6
"""Batches in flight beyond the one awaited (bounded memory, the process never idle)."""
MIN_FOR_PROCESS = 100
"""Fewer innovations than this render inline: starting a process costs ~0.3 s of CPU and its
first pages come ~0.3-0.5 s late, about what 100 checklists cost here (measured: at 100
innovations, 170 MiB, inline was as fast; at 300 the process pays)."""
START_LIMIT = 60.0
"""Seconds a process may take to start (imports) before its work is done here instead: a
hang guard (e.g. a frozen build whose child ran something else than the worker)."""
STOP_LIMIT = 10.0
"""Seconds a stopping process may take to finish its batch before it is terminated."""


@dataclass(frozen=True)
class PageJob:
    """What one innovation's PDFs need, picklable: the record as the plan holds it (compressed
    codec JSON) and plain values; the rule year's rules are loaded by the renderer."""

    record: bytes
    year: int
    pemda_name: str
    opd_name: str
    number: int
    files: ChecklistFiles
    workbook_name: str
    marked: bool
    profile: bool


@dataclass(frozen=True)
class Pages:
    checklist: bytes
    profile: bytes | None


@dataclass
class Aside:
    """One call run beside the pages (see :meth:`PageRenderer.submit_aside`)."""

    fn: Callable[[Any], Any]
    arg: Any
    future: cf.Future[Any] | None  # None: to be run here


@dataclass
class _Batch:
    jobs: list[PageJob]
    future: cf.Future[list[Pages]] | None  # None: rendered here
    pages: list[Pages] | None = None


def render(job: PageJob) -> Pages:
    """The PDFs of one innovation (the same in either process)."""
    from iid.rules import load_rules
    from sync.export.checklist import checklist_pdf
    from sync.export.source import unpack_record

    innovation = unpack_record(job.record)
    rules = load_rules(job.year)
    checklist = checklist_pdf(
        innovation,
        rules,
        pemda_name=job.pemda_name,
        opd_name=job.opd_name,
        number=job.number,
        files=job.files,
        workbook_name=job.workbook_name,
        marked=job.marked,
    )
    profile = None
    if job.profile:
        from sync.export.pdf import ProfileItem, profile_pdf  # its page layout: only when asked

        profile = profile_pdf([ProfileItem(innovation, job.opd_name)], job.pemda_name,
                              lambda _year: rules)  # fmt: skip
    return Pages(checklist, profile)


def render_batch(jobs: list[PageJob]) -> list[Pages]:
    return [render(job) for job in jobs]


class RemoteFailure(RuntimeError):
    """A call that failed in the renderer process, as text: the error itself may not unpickle
    here, and one that does not breaks the whole pool (CPython 3.11's executor then also
    trips over futures cancelled meanwhile and leaves the process running). The call is run
    again here, where the error is raised with its own type."""


def _guarded(fn: Callable[[Any], Any], arg: Any) -> Any:
    """Run in the process: ``fn(arg)``, any failure as a :class:`RemoteFailure`."""
    try:
        return fn(arg)
    except Exception as exc:  # noqa: BLE001 - reported as text, redone in the caller
        raise RemoteFailure(f"{type(exc).__name__}: {exc}") from None


def _warm() -> int:
    """First task of the process: import what the workbook and the checklists need while the
    parent plans the package, so neither waits for its imports once the plan is made (the
    profile's page layout only when a page asks for it)."""
    import xlsxwriter  # noqa: F401

    import sync.export.checklist  # noqa: F401
    import sync.export.workbook  # noqa: F401

    return os.getpid()


def use_process(innovations: int) -> bool:
    """Whether a package of this size renders in a second process (it pays off from about
    ``MIN_FOR_PROCESS`` innovations, and only with a second core)."""
    return innovations >= MIN_FOR_PROCESS and (os.cpu_count() or 1) >= 2


class PageRenderer:
    """Renders :class:`PageJob` s in order, in a second process when started with
    ``process=True`` (else, or when the process fails, here). Use as a context manager: the
    pool never outlives the ``with``."""

    def __init__(self, *, process: bool) -> None:
        self._pool: cf.ProcessPoolExecutor | None = None
        self._lock = threading.Lock()  # the pool is dropped by one thread (pages or caller)
        self._warm: cf.Future[int] | None = None
        self._started = time.monotonic()
        self.fell_back = False
        """True when a process was meant to render and could not (rendered here instead)."""
        self.taken_back = 0
        """Innovations taken back from the process and rendered here (the writer was idle)."""
        if process:
            try:
                self._pool = cf.ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn")
                )
                self._warm = self._pool.submit(_warm)
            except (OSError, RuntimeError) as exc:  # no process could start: render here
                self._fall_back(exc)

    @property
    def in_process(self) -> bool:
        return self._pool is not None

    def worker_pids(self) -> list[int]:
        """The renderer's process ids (for tests and diagnostics)."""
        if self._warm is None or self._pool is None:
            return []
        try:
            return [self._warm.result(timeout=60)]
        except Exception:  # noqa: BLE001 - a pool that failed to start has none
            return []

    def map(
        self,
        jobs: Iterable[PageJob],
        cancel: threading.Event | None = None,
        *,
        help_when: Callable[[], bool] | None = None,
    ) -> Iterator[tuple[PageJob, Pages]]:
        """Each job with its PDFs, in the order given. Raises ``ExportCancelled`` once
        ``cancel`` is set, and whatever rendering raised. While the next result is not ready
        and ``help_when()`` says this process has nothing better to do (the writer is idle),
        the newest batch the process has not started is taken back and rendered here."""
        source = iter(jobs)
        if self._pool is None:
            for job in source:
                if cancel is not None and cancel.is_set():
                    raise ExportCancelled()
                yield job, render(job)
            return
        inflight: deque[_Batch] = deque()
        exhausted = False

        def refill() -> None:
            nonlocal exhausted
            while not exhausted and len(inflight) <= AHEAD:
                jobs_ = [job for _, job in zip(range(BATCH), source, strict=False)]
                if not jobs_:
                    exhausted = True
                    return
                inflight.append(_Batch(jobs_, self._submit(jobs_)))

        refill()
        while inflight:
            batch = inflight[0]
            pages = self._result(batch, inflight, cancel, help_when)
            inflight.popleft()
            refill()
            yield from zip(batch.jobs, pages, strict=True)

    def submit_aside(self, fn: Callable[[Any], Any], arg: Any) -> Aside:
        """Have the process run ``fn(arg)`` (a module-level function, a picklable argument)
        before any page not asked for yet: the package workbook, built there while this
        process streams the evidence. :meth:`result_aside` gives its result."""
        future = None
        pool = self._pool
        if pool is not None:
            try:
                future = pool.submit(_guarded, fn, arg)
            except (BrokenProcessPool, RuntimeError) as exc:
                self._fall_back(exc)
        return Aside(fn, arg, future)

    def result_aside(self, aside: Aside, cancel: threading.Event | None = None) -> Any:
        """The result of a :meth:`submit_aside` call. Without a process, or when the process
        failed, died or has not started within ``START_LIMIT``, the call is run here (a
        failure of the data itself is then raised here with its own type)."""
        if aside.future is not None:
            done, result = self._wait(aside.future, cancel)
            aside.future = None
            if done:
                return result
        if cancel is not None and cancel.is_set():
            raise ExportCancelled()
        return aside.fn(aside.arg)

    def _wait(
        self,
        future: cf.Future[Any],
        cancel: threading.Event | None,
        idle: Callable[[], bool] | None = None,
    ) -> tuple[bool, Any]:
        """Wait for a call sent to the process: ``(True, result)``, or ``(False, None)`` when
        it is to be done here instead: the process failed, died or has not started within
        ``START_LIMIT`` (it is then dropped: everything else is done here too), or the call was
        taken back. ``idle()`` is called while the result is not ready and says whether it did
        some work (which may have taken this very call back); raises ``ExportCancelled``."""
        while True:
            if cancel is not None and cancel.is_set():
                raise ExportCancelled()
            if future.cancelled():  # taken back (or dropped with the pool): done here
                return False, None
            if self._start_overdue():
                self._fall_back(TimeoutError(f"no renderer process after {START_LIMIT:.0f} s"))
                return False, None
            if future.done():
                try:
                    return True, future.result()
                except Exception as exc:  # noqa: BLE001 - see below
                    # The process died (killed, out of memory: BrokenProcessPool), or the call
                    # failed there (RemoteFailure): go on here. A failure of the data fails
                    # here again, raised with its own type.
                    self._fall_back(exc)
                    return False, None
            if idle is None or not idle():
                cf.wait([future], timeout=0.1)

    def _submit(self, batch: list[PageJob]) -> cf.Future[list[Pages]] | None:
        pool = self._pool
        if pool is None:
            return None
        try:
            return pool.submit(_guarded, render_batch, batch)
        except (BrokenProcessPool, RuntimeError) as exc:
            self._fall_back(exc)
            return None

    def _result(
        self,
        batch: _Batch,
        inflight: deque[_Batch],
        cancel: threading.Event | None,
        help_when: Callable[[], bool] | None,
    ) -> list[Pages]:
        def idle() -> bool:  # render an unstarted batch here while the writer has nothing to do
            return help_when is not None and help_when() and self._take_back(inflight)

        if batch.pages is None and batch.future is not None:
            done, pages = self._wait(batch.future, cancel, idle)
            batch.future = None
            if done:
                batch.pages = pages
        if batch.pages is not None:
            return batch.pages
        if cancel is not None and cancel.is_set():
            raise ExportCancelled()
        return render_batch(batch.jobs)

    def _take_back(self, inflight: deque[_Batch]) -> bool:
        """Render here the newest batch the process has not started (False: none left)."""
        for batch in reversed(inflight):
            if batch.pages is not None or batch.future is None:
                continue
            if not batch.future.cancel():  # started (or done): the older ones are too
                return False
            batch.future = None
            batch.pages = render_batch(batch.jobs)
            self.taken_back += len(batch.jobs)
            return True
        return False

    def _fall_back(self, reason: BaseException) -> None:
        log.warning("PDF renderer process failed (%r): rendering in this process", reason)
        self.fell_back = True
        self._drop_pool()

    def _start_overdue(self) -> bool:
        warm = self._warm
        return (
            warm is not None and not warm.done() and time.monotonic() - self._started > START_LIMIT
        )

    def _drop_pool(self) -> None:
        """Queued batches dropped, the running one given ``STOP_LIMIT`` to finish (a stuck
        process is terminated), the process joined."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is None:
            return
        processes = list(getattr(pool, "_processes", {}).values())  # not public: best effort
        manager = getattr(pool, "_executor_manager_thread", None)  # shutdown forgets it
        pool.shutdown(wait=False, cancel_futures=True)
        # Wait on the processes' sentinels, never join them here: the executor's own thread
        # joins (reaps) them as they stop, and two threads reaping one process race (the loser
        # sees it "alive" after it exited and would terminate a process that stopped cleanly).
        deadline = time.monotonic() + STOP_LIMIT
        running = {process.sentinel: process for process in processes}
        while running and (left := deadline - time.monotonic()) > 0:
            for sentinel in mp_connection.wait(list(running), timeout=left):
                running.pop(sentinel)
        for process in running.values():
            log.warning("PDF renderer process %s did not stop: terminated", process.pid)
            process.terminate()
        if manager is not None:
            manager.join(STOP_LIMIT)  # it joins (reaps) every process, then ends
        for process in processes:
            process.join(STOP_LIMIT)  # reaped already: returns at once, forgets the child

    def close(self) -> None:
        """Stop the process: queued batches dropped, the running one finished, then joined."""
        self._drop_pool()

    def __enter__(self) -> PageRenderer:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
