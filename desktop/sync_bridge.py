"""The Qt side of synchronisation: owns the app's ``SyncEngine`` and speaks Qt signals.

The engine (``sync.client.engine``, no Qt) runs on its own thread and calls its listeners there.
``SyncBridge`` registers one listener that only emits an internal signal; a queued connection
delivers the event on the GUI thread, where it becomes one of the public signals below. So no
widget is ever touched from the engine's thread.

Other duties: network reachability changes (``QNetworkInformation``) poke the engine, and its
answer to "is this network metered?" feeds the engine's UNMETERED policy where the platform's
backend knows (else the engine asks the OS itself; unknown counts as metered). The engine is
stopped before the store closes (the task lanes announce their shutdown, and ``desktop.app``
stops it explicitly on close and before a restore). The words come from
:mod:`desktop.sync_words` (the one place that turns the engine's codes into text).

Evidence on demand: :meth:`SyncBridge.fetch_now` asks the engine for a file a document needs
(the previewer shows "Sedang diunduh (45 %)" from ``sig_download_progress`` and opens the
document on ``sig_blob_arrived``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QCursor

from desktop.labels import as_written
from desktop.sync_words import problem_text, status_text
from sync.client.events import (
    BlobArrived,
    ConflictDetected,
    DownloadProgress,
    FetchState,
    ItemsChanged,
    LoginRequired,
    RecordsChanged,
    RunFinished,
    StatusChanged,
    SyncStatus,
    UploadProgress,
)
from sync.client.policy import DownloadPolicy, SyncMode, SyncPolicy, network_metered
from sync.local.outbox import PendingTally

if TYPE_CHECKING:
    from sync.client.engine import SyncEngine

log = logging.getLogger(__name__)


translate = QCoreApplication.translate


# --- the bridge ---------------------------------------------------------------------------------


class _ClickFilter(QObject):
    """Turns a click on a label into a call."""

    def __init__(self, target: QObject, on_click: Callable[[], None]) -> None:
        super().__init__(target)
        self._on_click = on_click

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.MouseButtonRelease:
            self._on_click()
            return True
        return False


class SyncBridge(QObject):
    """One per ``AppContext``. Create on the GUI thread."""

    sig_status = Signal(object)
    """``SyncStatus`` (GUI thread)."""
    sig_items_changed = Signal()
    sig_upload_progress = Signal(str, int, int, object)
    """sha256, bytes sent, total, rate in bytes/s or None."""
    sig_download_progress = Signal(str, int, int, object)
    """sha256, bytes received, total, rate in bytes/s or None."""
    sig_blob_arrived = Signal(str)
    """sha256 of a downloaded, verified file now in the vault."""
    sig_records_changed = Signal(str, object)
    """record type, tuple of ids: a run changed these records (the list re-reads their rows)."""
    sig_conflict = Signal(str, str)
    sig_login_required = Signal(str)
    sig_run_finished = Signal(object)
    sig_account_changed = Signal()
    """Signed in, signed out, or the server changed."""
    sig_text_changed = Signal(str)
    """The status bar's text."""
    sig_notice = Signal(str)
    """Something the officer should read (shown in the status bar for a while)."""

    _sig_event = Signal(object)

    def __init__(
        self,
        context: Any,
        *,
        credentials: Any | None = None,
        watch_network: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._credentials = credentials
        self.engine: SyncEngine | None = None
        self._started = False
        self._stopped_for_good = False
        self._status: SyncStatus | None = None
        self._qt_metered: bool | None = None
        self._lock = threading.Lock()
        self._labels: list[Any] = []
        self._sig_event.connect(self._dispatch, Qt.ConnectionType.QueuedConnection)
        context.tasks.sig_about_to_shut_down.connect(self.stop)
        if watch_network:
            self._watch_network()
        if context.settings.server_url:
            self._make_engine(context.settings.server_url)

    # --- engine lifecycle --------------------------------------------------------------------

    @property
    def server_url(self) -> str:
        return str(self.context.settings.server_url)

    @property
    def configured(self) -> bool:
        return self.engine is not None

    def credentials(self) -> Any:
        if self._credentials is None:
            from sync.client.credentials import CredentialStore

            self._credentials = CredentialStore(self.context.data_dir)
        return self._credentials

    def _device_id(self) -> str:
        try:
            user = self.context.repo.get_local_user()
        except Exception:  # noqa: BLE001 - a device id is a nicety; the engine can make one
            log.exception("could not read the local user")
            return ""
        return user.device_id if user is not None and user.device_id else ""

    def _make_engine(self, server_url: str) -> SyncEngine:
        from sync.client.engine import SyncEngine

        engine = SyncEngine(
            self.context.repo,
            self.context.vault,
            server_url=server_url,
            credentials=self.credentials(),
            policy=self._policy(),
            device_id=self._device_id(),
            metered=self.is_metered,
        )
        engine.add_listener(lambda event: self._on_engine_event(event, engine))
        self.engine = engine
        self._status = None
        return engine

    def use_server(self, server_url: str) -> SyncEngine:
        """The engine for ``server_url`` (made, and the setting saved, if it is another one).

        Switching servers stops the old engine; the outbox is untouched."""
        server_url = server_url.strip().rstrip("/")
        if self.engine is not None and server_url == self.server_url:
            return self.engine
        self._stop_engine()
        self.context.settings.server_url = server_url
        engine = self._make_engine(server_url)
        self.sig_account_changed.emit()
        return engine

    def start(self) -> None:
        """Start the engine's thread (a sync runs at start); no-op without a server."""
        if self.engine is None or self._started or self._stopped_for_good:
            return
        self.engine.start()
        self._started = True

    def _stop_engine(self) -> None:
        if self.engine is not None and self._started:
            try:
                self.engine.stop()
            except Exception:  # noqa: BLE001 - closing must go on
                log.exception("stopping the sync engine failed")
        self._started = False

    @Slot()
    def stop(self) -> None:
        """Stop for good (before the store closes). Pending work stays in the outbox."""
        self._stopped_for_good = True
        self._stop_engine()

    # --- actions ----------------------------------------------------------------------------

    def sync_now(self) -> None:
        if self.engine is None:
            return
        self.start()
        self.engine.sync_now()

    def retry(self, key: str) -> None:
        if self.engine is not None:
            self.engine.retry(key)

    def cancel(self, key: str) -> None:
        if self.engine is not None:
            self.engine.cancel(key)

    def user(self) -> Any:
        return self.engine.user() if self.engine is not None else None

    def login(self, server_url: str, username: str, password: str) -> Any:
        """Blocking (call it on the background lane): sign in on ``server_url``. The engine
        must have been chosen on the GUI thread first with :meth:`use_server`."""
        engine = self.engine
        if engine is None or server_url.strip().rstrip("/") != self.server_url:
            raise RuntimeError("use_server() first, on the GUI thread")
        return engine.login(username, password)

    def logged_in(self, username: str) -> None:
        """After a successful :meth:`login` (GUI thread): remember the name, start syncing."""
        self.context.settings.username = username
        self.context.settings.set_value("sync/signed_in", "1")
        self.sig_account_changed.emit()
        self.start()  # a run at start; a running engine's login() already asked for one

    def sign_in_demo(
        self,
        username: str,
        password: str,
        on_signed_in: Callable[[], None] | None = None,
    ) -> bool:
        """``--demo-login``: sign in on the background lane unless a sign-in is stored for the
        configured server. A failure is announced on ``sig_notice``. Returns whether it tried."""
        if not self.server_url:
            log.warning("--demo-login needs --server URL")
            return False
        if self.credentials().get(self.server_url) is not None:
            return False  # a stored sign-in (demo or not) is kept
        self.use_server(self.server_url)
        url = self.server_url

        def failed(error: BaseException) -> None:
            from desktop.windows.login_dialog import describe_login_error

            log.warning("demo sign-in failed: %s", error)
            self.sig_notice.emit(
                translate(
                    "SyncBridge",
                    "The demo sign-in failed: {0} Sign in on the Synchronisation page.",
                ).format(describe_login_error(error, url))
            )

        def done(_user: object) -> None:
            self.logged_in(username)
            if on_signed_in is not None:
                on_signed_in()

        self.context.tasks.run_bg(
            lambda: self.login(url, username, password), on_done=done, on_error=failed
        )
        return True

    def logout(self) -> None:
        """Blocking (background lane): forget the token; unsent work stays queued."""
        self.context.settings.set_value("sync/signed_in", "0")
        if self.engine is not None:
            self.engine.logout()

    def status(self) -> SyncStatus | None:
        if self._status is None and self.engine is not None:
            self._status = self.engine.status()
        return self._status

    def pending_items(self, limit: int | None = None) -> list[Any]:
        return self.engine.pending_items(limit) if self.engine is not None else []

    def pending_tally(self) -> PendingTally:
        """Exact counts of the pending items (``pending_items`` may be limited)."""
        return self.engine.pending_tally() if self.engine is not None else PendingTally()

    def fetch_now(self, sha256: str) -> bool:
        """A document needs this file now: the engine fetches it first (and starts if it was
        not running). False when no server is configured or nothing refers to the file."""
        if self.engine is None:
            return False
        self.start()
        return bool(self.engine.fetch_now(sha256))

    def download_state(self, sha256: str) -> FetchState:
        """Where a file on its way down stands (state None: not being fetched)."""
        if self.engine is None:
            return FetchState(None)
        return self.engine.download_state(sha256)

    @property
    def download_choice(self) -> str:
        """The officer's download policy: "auto" (by role), "everything" or "on_open"."""
        value = self.context.settings.value("sync/downloads", "auto")
        return value if value in ("auto", "everything", "on_open") else "auto"

    def set_download_choice(self, choice: str) -> None:
        if choice not in ("auto", "everything", "on_open"):
            raise ValueError(f"unknown download policy {choice!r}")
        self.context.settings.set_value("sync/downloads", choice)
        self._apply_policy()

    def download_policy(self) -> DownloadPolicy:
        """The policy in force (the choice, else the signed-in role's default)."""
        if self.engine is not None:
            return self.engine.download_policy()
        choice = self.download_choice
        return DownloadPolicy(choice) if choice != "auto" else DownloadPolicy.EVERYTHING

    # --- policy and network -------------------------------------------------------------------

    @property
    def mode(self) -> str:
        return str(self.context.settings.sync_policy)

    def set_mode(self, mode: str) -> None:
        """Save the officer's choice (auto / unmetered / manual) and apply it."""
        self.context.settings.sync_policy = mode
        self._apply_policy()
        self._refresh_text()

    def _policy(self) -> SyncPolicy:
        choice = self.download_choice
        downloads = DownloadPolicy(choice) if choice != "auto" else None
        return SyncPolicy(mode=SyncMode(self.mode), downloads=downloads)

    def _apply_policy(self) -> None:
        if self.engine is not None:
            self.engine.set_policy(self._policy())

    def is_metered(self) -> bool | None:
        """For the engine's UNMETERED mode (called on the engine's thread): Qt's answer where
        its network backend knows, else the engine's own question to the OS."""
        if self._qt_metered is not None:
            return self._qt_metered
        return network_metered()

    def _watch_network(self) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        try:
            if QNetworkInformation.instance() is None:
                QNetworkInformation.loadDefaultBackend()
            info = QNetworkInformation.instance()
        except Exception:  # noqa: BLE001 - without it the periodic probe still notices
            log.exception("network information unavailable")
            info = None
        if info is None:
            log.info("no network information backend; relying on the periodic probe")
            return
        if info.supports(QNetworkInformation.Feature.Metered):
            self._qt_metered = bool(info.isMetered())
        info.reachabilityChanged.connect(self._network_changed)
        info.isMeteredChanged.connect(self._metered_changed)

    @Slot(object)
    def _network_changed(self, *_args: object) -> None:
        if self.engine is not None and self._started:
            self.engine.network_changed()

    @Slot(bool)
    def _metered_changed(self, metered: bool) -> None:
        self._qt_metered = bool(metered)
        self._network_changed()

    # --- events ------------------------------------------------------------------------------

    def _on_engine_event(self, event: object, source: object) -> None:
        """Runs on the engine's thread: hand the event to the GUI thread, nothing else."""
        self._sig_event.emit((source, event))

    def deliver(self, event: object) -> None:
        """Hand an engine event in as the current engine would (from any thread)."""
        self._on_engine_event(event, self.engine)

    @Slot(object)
    def _dispatch(self, item: tuple[object, object]) -> None:
        source, event = item
        if source is not self.engine:
            return  # a late word from an engine replaced by a server switch
        if isinstance(event, StatusChanged):
            self._status = event.status
            self.sig_status.emit(event.status)
            self._refresh_text()
        elif isinstance(event, ItemsChanged):
            self.sig_items_changed.emit()
        elif isinstance(event, UploadProgress):
            self.sig_upload_progress.emit(event.sha256, event.sent, event.total, event.rate_bps)
        elif isinstance(event, DownloadProgress):
            self.sig_download_progress.emit(
                event.sha256, event.received, event.total, event.rate_bps
            )
        elif isinstance(event, BlobArrived):
            self.sig_blob_arrived.emit(event.sha256)
        elif isinstance(event, RecordsChanged):
            self.sig_records_changed.emit(event.record_type, event.record_ids)
        elif isinstance(event, ConflictDetected):
            self.sig_conflict.emit(event.record_type, event.record_id)
        elif isinstance(event, LoginRequired):
            self.sig_login_required.emit(problem_text(event.problem, self.language))
        elif isinstance(event, RunFinished):
            self.sig_run_finished.emit(event.run)
        else:
            log.debug("unknown sync event %r", event)

    # --- status bar -------------------------------------------------------------------------

    def text(self) -> str:
        return status_text(
            self.status(),
            mode=self.mode,
            configured=self.configured,
            signed_in_before=self.signed_in_before,
        )

    @property
    def signed_in_before(self) -> bool:
        """Whether this installation was signed in (and did not sign out): a LOGIN_REQUIRED
        then means the sign-in ended (expired or revoked)."""
        return bool(self.context.settings.value("sync/signed_in", "0") == "1")

    @property
    def language(self) -> str:
        return str(getattr(self.context, "language", "id") or "id")

    def problem(self) -> str:
        """The current status's problem in the officer's words ("" when there is none)."""
        status = self.status()
        return problem_text(status.problem, self.language) if status is not None else ""

    def tooltip(self) -> str:
        lines = [translate("SyncBridge", "Click to open the Synchronisation page.")]
        if self.configured:
            lines.insert(0, translate("SyncBridge", "Server: {0}").format(self.server_url))
        problem = self.problem()
        if problem:
            lines.insert(1, translate("SyncBridge", "Last problem: {0}").format(problem))
        return "\n".join(lines)

    def _refresh_text(self) -> None:
        text = self.text()
        for label in self._labels:
            label.setText(text)
            label.setToolTip(as_written(self.tooltip()))
        self.sig_text_changed.emit(text)

    def attach_label(self, label: Any, on_click: Callable[[], None]) -> None:
        """Show the status in ``label``; a click on it calls ``on_click``."""
        self._labels.append(label)
        label.setCursor(QCursor(Qt.CursorShape.PointingHandCursor))
        label.installEventFilter(_ClickFilter(label, on_click))
        self._refresh_text()

    def retranslate(self) -> None:
        self._refresh_text()


def install(
    window: Any, *, credentials: Any | None = None, watch_network: bool = True
) -> SyncBridge:
    """Give ``window`` (a ``MainWindow``) its sync part: the bridge, the status bar label and the
    Sinkronisasi page. Does not start the engine (``bridge.start()``)."""
    from desktop.windows.sync_page import SyncPage

    bridge = SyncBridge(
        window.context, credentials=credentials, watch_network=watch_network, parent=window
    )
    window.sync_bridge = bridge
    page = SyncPage(window.context, bridge, window)

    def reveal(record_type: str, record_id: str) -> None:
        if record_type == "spd_profile":
            window.show_page("spd")
        else:
            window.open_innovation(record_id)

    page.sig_reveal.connect(reveal)
    bridge.sig_notice.connect(lambda text: window.statusBar().showMessage(text, 30000))
    bridge.sig_conflict.connect(
        lambda _type, _id: window.statusBar().showMessage(
            translate(
                "SyncBridge",
                "A record was changed on the server too: choose the values to keep on the "
                "Synchronisation page.",
            ),
            30000,
        )
    )
    window.add_page("sync", "", page)
    window.context.sync_bridge = bridge  # the evidence previewer fetches files through it
    review_shell = getattr(window, "review_shell", None)
    if review_shell is not None:  # the review part follows sign-ins and runs
        review_shell.bridge_installed(bridge)

    def records_changed(record_type: str, ids: object) -> None:
        """The list's sync column follows a run live; records new to the list appear; OPD
        names that arrived (or changed) replace "OPD tidak dikenal"."""
        list_page = getattr(window, "list_page", None)
        if list_page is None:
            return
        if record_type == "opd":
            list_page.refresh()
            return
        if record_type != "innovation":
            return
        if not list_page.model.update_sync_states(tuple(ids)):  # type: ignore[arg-type]
            list_page.refresh()

    bridge.sig_records_changed.connect(records_changed)
    window.sync_page = page
    bridge.attach_label(window.sync_status_label, lambda: window.show_page("sync"))

    def retranslate(_language: str) -> None:
        bridge.retranslate()
        page.retranslate()

    window.sig_language_changed.connect(retranslate)
    return bridge
