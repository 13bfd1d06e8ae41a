"""Two work lanes off the GUI thread: the database lane and the background lane.

- ``run_db``: one worker thread, so every store write happens in submission order (autosave
  relies on it: the last edit submitted is the last one written).
- ``run_bg``: a small pool for imports into the vault, shrinking, thumbnails and previews.

Results and errors come back on the GUI thread (a queued signal), so callbacks may touch
widgets. An error without an ``on_error`` is logged and announced through ``sig_error`` (the main
window shows it): nothing fails silently. ``inline=True`` runs everything synchronously on the
calling thread, for deterministic tests.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None] | None
Failed = Callable[[BaseException], None] | None


class TaskManager(QObject):
    """The app's two lanes. Create it on the GUI thread."""

    sig_error = Signal(str)
    sig_about_to_shut_down = Signal()
    """Emitted (on the GUI thread) before the lanes stop: autosavers flush their pending edits."""
    _sig_deliver = Signal(object)

    def __init__(self, *, inline: bool = False, bg_workers: int = 2, parent: QObject | None = None):
        super().__init__(parent)
        self.inline = inline
        self._db = ThreadPoolExecutor(1, thread_name_prefix="inovasi-db") if not inline else None
        self._bg = (
            ThreadPoolExecutor(bg_workers, thread_name_prefix="inovasi-bg") if not inline else None
        )
        self._pending = 0
        self._delivering = 0
        """Callbacks running now (a callback that waits must not wait for itself)."""
        self._lock = threading.Lock()
        self._closed = False
        # Queued: a worker thread emits, the GUI thread runs the callback.
        self._sig_deliver.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    # --- public -----------------------------------------------------------------------------

    def run_db(self, fn: Callable[[], Any], on_done: Done = None, on_error: Failed = None) -> None:
        """Run ``fn`` on the database lane (strictly in submission order)."""
        self._submit(self._db, fn, on_done, on_error)

    def run_bg(self, fn: Callable[[], Any], on_done: Done = None, on_error: Failed = None) -> None:
        """Run ``fn`` on the background lane (may run in parallel with other background work)."""
        self._submit(self._bg, fn, on_done, on_error)

    @property
    def closed(self) -> bool:
        """The lanes are shut down: nothing more can be submitted (late timers check this)."""
        return self._closed

    def is_idle(self) -> bool:
        """Every submitted task ran and its callback was delivered (a callback running now,
        e.g. one that called :meth:`wait_idle`, does not count)."""
        with self._lock:
            return self._pending - self._delivering <= 0

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Process events until every submitted task ran and its callback was delivered.

        Callbacks may submit more work; that is waited for too. Returns False on timeout.
        """
        deadline = time.monotonic() + timeout
        while not self.is_idle():
            if time.monotonic() > deadline:
                return False
            QCoreApplication.processEvents()
            time.sleep(0.002)
        QCoreApplication.processEvents()
        return True

    def shutdown(self, timeout: float = 30.0) -> None:
        """Finish queued work (writes must reach the disk), then stop the threads."""
        if self._closed:
            return
        self.sig_about_to_shut_down.emit()
        self.wait_idle(timeout)
        self._closed = True
        for pool in (self._db, self._bg):
            if pool is not None:
                pool.shutdown(wait=True)

    # --- internals --------------------------------------------------------------------------

    def _submit(
        self,
        pool: ThreadPoolExecutor | None,
        fn: Callable[[], Any],
        on_done: Done,
        on_error: Failed,
    ) -> None:
        if self._closed:
            raise RuntimeError("TaskManager is shut down")
        with self._lock:
            self._pending += 1
        if pool is None:
            try:
                result = fn()
            except BaseException as error:  # noqa: BLE001 - reported, never swallowed
                self._deliver((on_error, error, True))
            else:
                self._deliver((on_done, result, False))
            return

        def work() -> None:
            try:
                result = fn()
            except BaseException as error:  # noqa: BLE001 - reported on the GUI thread
                self._sig_deliver.emit((on_error, error, True))
            else:
                self._sig_deliver.emit((on_done, result, False))

        pool.submit(work)

    @Slot(object)
    def _deliver(self, item: tuple[Callable[[Any], None] | None, Any, bool]) -> None:
        callback, value, failed = item
        with self._lock:
            self._delivering += 1
        try:
            if callback is not None:
                callback(value)
            elif failed:
                log.error("background task failed", exc_info=value)
                self.sig_error.emit(str(value))
        except Exception as error:  # noqa: BLE001 - a broken callback must not stop the lane
            log.exception("task callback failed")
            self.sig_error.emit(str(error))
        finally:
            with self._lock:
                self._pending -= 1
                self._delivering -= 1
