"""Autosave: debounce the editor's changes, then hand them to the database lane.

There is no Save button. Each change is scheduled under a key ("profile", "level:16",
"doc:<id>" ...); a later change under the same key replaces the earlier one, because every
write carries the whole current value of what it saves. About 500 ms after the last change (and
never more than ``max_delay_ms`` after the first unsaved one, so steady typing still saves) the
pending writes go to the serial database lane, where the repository writes record and outbox
entry in one transaction. A crash therefore loses at most that window. ``flush()`` sends
everything at once and waits for the lane: call it when an editor closes and at quit.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

Write = Callable[[], Any]

DEBOUNCE_MS = 500
MAX_DELAY_MS = 1000
RETRY_MS = 5000


class Autosaver(QObject):
    """Debounced writer in front of ``TaskManager.run_db``.

    ``schedule(key, write)`` queues ``write`` (a callable run on the database lane; it must
    capture copies of the values it saves, never widgets or objects the UI keeps changing).
    ``run_now(write, on_done)`` sends what is pending and then ``write``, in that order (the
    lane is serial, so e.g. a document's last metadata edit lands before its removal).
    ``sig_state_changed(str)``: "pending", "saving", "saved" or "failed";
    ``sig_failed(str)``: the error text of a failed write, which is retried later.
    """

    sig_state_changed = Signal(str)
    sig_failed = Signal(str)

    def __init__(
        self,
        tasks: Any,
        parent: QObject | None = None,
        *,
        delay_ms: int = DEBOUNCE_MS,
        max_delay_ms: int = MAX_DELAY_MS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._clock = clock
        self._delay_ms = delay_ms
        self._max_delay_ms = max_delay_ms
        self._pending: dict[str, Write] = {}
        self._first_pending_at: float | None = None
        self._in_flight = 0
        self._failed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._send_pending)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self._send_pending)
        # Edits still in the debounce window when the app's lanes stop are written first.
        about_to_stop = getattr(tasks, "sig_about_to_shut_down", None)
        if about_to_stop is not None:
            about_to_stop.connect(self._send_pending)

    # --- public -----------------------------------------------------------------------

    def schedule(self, key: str, write: Write) -> None:
        """Save ``write`` after the debounce window, replacing a pending write with this key."""
        now = self._clock()
        if self._first_pending_at is None:
            self._first_pending_at = now
        self._pending[key] = write
        waited_ms = (now - self._first_pending_at) * 1000
        self._timer.start(int(max(0, min(self._delay_ms, self._max_delay_ms - waited_ms))))
        self.sig_state_changed.emit("pending")

    def discard(self, key: str) -> None:
        """Forget a pending write (e.g. for a document that is being removed)."""
        self._pending.pop(key, None)

    def run_now(
        self,
        write: Write,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Send pending writes, then ``write``; ``on_done(result)`` runs on the UI thread."""
        self._send_pending()
        self._submit(write, on_done, on_error)

    def has_pending(self) -> bool:
        """True while changes wait for the debounce window or are still being written."""
        return bool(self._pending) or self._in_flight > 0

    def flush(self) -> None:
        """Send everything now and block until the database lane has written it."""
        self._send_pending()
        self._tasks.wait_idle()

    # --- internals ----------------------------------------------------------------------

    @Slot()
    def _send_pending(self) -> None:
        self._timer.stop()
        self._retry.stop()
        pending, self._pending = self._pending, {}
        self._first_pending_at = None
        for key, write in pending.items():
            self._submit(write, None, None, key)

    def _submit(
        self,
        write: Write,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        key: str | None = None,
    ) -> None:
        self._in_flight += 1
        self.sig_state_changed.emit("saving")

        def done(result: Any) -> None:
            self._in_flight -= 1
            if on_done is not None:
                on_done(result)
            self._report_idle()

        def failed(error: BaseException) -> None:
            self._in_flight -= 1
            self._failed = True
            if key is not None and key not in self._pending:
                # Keep the unsaved change and try again: the UI still shows it, nothing is lost.
                self._pending[key] = write
                self._retry.start()
            self.sig_failed.emit(str(error))
            if on_error is not None:
                on_error(error)
            self._report_idle()

        self._tasks.run_db(write, on_done=done, on_error=failed)

    def _report_idle(self) -> None:
        if self._in_flight or self._pending:
            if self._failed and not self._in_flight:
                self.sig_state_changed.emit("failed")
            return
        self._failed = False
        self.sig_state_changed.emit("saved")
