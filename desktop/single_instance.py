"""One running copy of the app per data folder.

Two copies writing one store would each believe their view is current (and their autosave and
sync would race), so the first copy holds a ``QLockFile`` in the data folder for as long as it
runs (taken before anything reads or writes the folder), and, once its list is painted, listens
on a ``QLocalServer`` whose name is derived from the folder (QtNetwork is not loaded before the
first paint). A second copy finds the lock taken, says the folder is in use, and can ask the
first (over ``QLocalSocket``) to bring its window to the front; it keeps trying while the first
is not listening yet. A copy that crashed leaves a lock whose process is gone: ``QLockFile``
sees that and the next start takes the lock over.

The background synchronisation (``--sync-once``: no window, never listens) notes beside the
lock that it holds the folder (``HOLDER_FILE``); a window taking the lock removes any such note
left by a killed run, and writes nothing. A window started
while the background synchronisation holds the folder waits for it to finish, saying so,
instead of asking a window that does not exist to come to the front.
"""

from __future__ import annotations

import contextlib
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QLockFile, QObject, QThread, Signal

from sync.private_files import private_file

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket
    from PySide6.QtWidgets import QWidget

LOCK_FILE = "inovasi-desk.lock"
HOLDER_FILE = "inovasi-desk.holder"
"""Holds ``BACKGROUND`` while the background synchronisation has the lock (no note: a window);
read only while the lock is held by another copy."""
BACKGROUND = "background"
WAIT_POLL_MS = 250
"""How often a window waiting for the background synchronisation tries the lock again."""
RAISE = b"raise\n"
RAISED = b"ok\n"
RETRY_MS = 50
"""How long a second copy waits before it tries again to reach a first copy not listening yet."""

log = logging.getLogger(__name__)


def server_name(folder: Path) -> str:
    """The local server's name for a data folder: the same for every copy opening that folder."""
    import hashlib

    digest = hashlib.sha256(str(folder.resolve()).encode("utf-8")).hexdigest()[:20]
    return f"inovasi-desk-{digest}"


class InstanceGuard(QObject):
    """Holds the data folder for this process. ``acquire()`` first, ``start_listening()`` once
    the window is painted; the first copy then emits ``sig_raise_requested`` when a second one
    asks it to come to the front."""

    sig_raise_requested = Signal()

    def __init__(self, folder: Path, parent: QObject | None = None, *, listen: bool = True) -> None:
        """``listen=False``: hold the folder without answering a second copy (a run without a
        window, ``--sync-once``, has nothing to bring to the front)."""
        super().__init__(parent)
        self.folder = folder
        self.listen = listen
        self._lock = QLockFile(str(folder / LOCK_FILE))
        # Long-lived protection (Qt's advice): never stale by age; only a lock whose process is
        # gone is taken over.
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None

    @property
    def name(self) -> str:
        """The local server's name (:func:`server_name` of the folder)."""
        return server_name(self.folder)

    def acquire(self, wait_ms: int = 200) -> bool:
        """Take the folder for this process; False if another running copy has it. Only the
        lock file (and what holds it): ``start_listening`` then lets a second copy reach this
        one."""
        if not self._lock.tryLock(wait_ms):
            return False
        private_file(self.folder / LOCK_FILE)
        holder = self.folder / HOLDER_FILE
        if self.listen:  # a window: no note (one unlink on the start path, no file written)
            with contextlib.suppress(OSError):
                holder.unlink(missing_ok=True)  # a killed background run's note
        else:
            holder.write_text(BACKGROUND + "\n", encoding="utf-8")
            private_file(holder)
            log.info("single instance: %s is ours (no window to show)", self.folder)
        return True

    def start_listening(self) -> None:
        """Answer a second copy's "come to the front" from now on (once; needs ``acquire``;
        nothing with ``listen=False``). A second copy that asked before keeps trying."""
        if not self.listen or self._server is not None or not self._lock.isLocked():
            return
        from PySide6.QtNetwork import QLocalServer

        name = self.name
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(name)  # a crashed copy's socket file; we hold the lock
        if server.listen(name):
            server.newConnection.connect(self._on_connection)
            self._server = server
            log.info("single instance: %s is ours; listening as %s", self.folder, name)
        else:  # the folder is still ours; a second copy just cannot ask us to come forward
            log.warning("single instance: cannot listen as %s: %s", name, server.errorString())

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()

    def held_by_background(self) -> bool:
        """The copy holding the folder is the background synchronisation (no window)."""
        try:
            text = (self.folder / HOLDER_FILE).read_text(encoding="utf-8")
        except OSError:
            return False
        return text.strip() == BACKGROUND

    def holder_pid(self) -> int | None:
        """The process id written in the lock file by the copy that holds it, if readable."""
        info = self._lock.getLockInfo()  # (pid, hostname, appname); pid 0 when unreadable
        pid = int(info[0]) if isinstance(info, tuple) and info else 0
        return pid or None

    def ask_first_to_raise(self, timeout_ms: int = 10_000) -> bool:
        """Ask the running copy to show its window in front; True once it confirmed. The wait
        is long enough for a copy still opening its data (it listens once its list is painted;
        its event loop answers after)."""
        from PySide6.QtNetwork import QLocalSocket

        deadline = time.monotonic() + timeout_ms / 1000
        socket = QLocalSocket(self)
        tries = 0
        while True:
            socket.connectToServer(self.name)
            if socket.waitForConnected(max(1, int((deadline - time.monotonic()) * 1000))):
                break
            not_yet = socket.error() in (
                QLocalSocket.LocalSocketError.ServerNotFoundError,
                QLocalSocket.LocalSocketError.ConnectionRefusedError,
            )
            if not not_yet or time.monotonic() + RETRY_MS / 1000 >= deadline:
                log.warning("single instance: cannot reach %s: %s", self.name, socket.errorString())
                return False
            if not tries:
                log.info("single instance: the open window is not listening yet; trying again")
            tries += 1
            QThread.msleep(RETRY_MS)
        socket.write(QByteArray(RAISE))
        socket.waitForBytesWritten(timeout_ms)
        answer = b""
        while RAISED not in answer and socket.waitForReadyRead(timeout_ms):
            answer += bytes(socket.readAll().data())
        socket.disconnectFromServer()
        return RAISED in answer

    def _on_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._on_request(s))
            socket.disconnected.connect(socket.deleteLater)
            # What arrived before we were listening to readyRead (a busy start) is read now.
            self._on_request(socket)

    def _on_request(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        request = bytes(socket.readLine().data())
        if request == RAISE:
            log.info("single instance: a second copy asked this window to come to the front")
            self.sig_raise_requested.emit()
            socket.write(QByteArray(RAISED))
            socket.flush()


def bring_to_front(window: QWidget) -> None:
    """Show ``window`` in front of others (restored if it was minimised)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


translate = QCoreApplication.translate


def wait_for_background_sync(guard: InstanceGuard, answer: str | None = None) -> bool:
    """The background synchronisation holds the folder: say so and wait until it lets go;
    True once ``guard`` holds the folder. False when the officer closed the wait, when
    ``answer`` is "close" (``--already-running``), or when a window took the folder
    meanwhile (then the caller says the folder is in use)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog

    from desktop.labels import as_written

    message = translate(
        "SingleInstance",
        "A background synchronisation is running on the data folder {0}. Inovasi Desk opens "
        "as soon as it has finished.",
    ).format(guard.folder)
    log.info("single instance: the background synchronisation holds %s", guard.folder)
    if answer == "close":
        print(message)
        return False
    dialog = QProgressDialog(as_written(message), translate("SingleInstance", "Close"), 0, 0)
    dialog.setObjectName("backgroundSyncWait")
    dialog.setWindowTitle("Inovasi Desk")
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    outcome: list[bool] = []

    def poll() -> None:
        if guard.acquire(0):
            outcome.append(True)
            dialog.accept()
        elif not guard.held_by_background():
            outcome.append(False)  # a window has the folder now
            dialog.accept()

    timer = QTimer(dialog)
    timer.setInterval(WAIT_POLL_MS)
    timer.timeout.connect(poll)
    timer.start()
    dialog.exec()
    timer.stop()
    if outcome and outcome[0]:
        log.info(
            "single instance: the background synchronisation finished; %s is ours", guard.folder
        )
        return True
    return False


def folder_in_use(guard: InstanceGuard, answer: str | None = None) -> None:
    """Tell the officer the data folder is open in another window and offer to show that
    window. ``answer`` ("show" or "close") skips the question (``--already-running``)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    show = answer == "show"
    if answer is None:
        box = QMessageBox(QMessageBox.Icon.Information, "Inovasi Desk", "")
        box.setObjectName("folderInUseBox")
        box.setTextFormat(Qt.TextFormat.PlainText)  # a folder's name as written
        box.setText(
            translate(
                "SingleInstance",
                "Inovasi Desk is already open with the data folder {0}. One data folder can be "
                "open in one window at a time, so that no change is lost.",
            ).format(guard.folder)
        )
        show_button = box.addButton(
            translate("SingleInstance", "&Show the open window"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(translate("SingleInstance", "Close"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(show_button)
        box.exec()
        show = box.clickedButton() is show_button
    if show and not guard.ask_first_to_raise():
        message = translate(
            "SingleInstance",
            "The open window did not answer. Look for Inovasi Desk on the taskbar. If it is "
            "not there, wait a minute and start the app again.",
        )
        if answer is None:
            QMessageBox.warning(None, "Inovasi Desk", message)
        else:
            print(message)
