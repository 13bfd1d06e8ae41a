"""The Qt side of synchronisation: owns the app's ``SyncEngine`` and speaks Qt signals.

The engine (``sync.client.engine``, no Qt) runs on its own thread and calls its listeners there.
``SyncBridge`` registers one listener that only emits an internal signal; a queued connection
delivers the event on the GUI thread, where it becomes one of the public signals below. So no
widget is ever touched from the engine's thread.

Other duties: network reachability changes (``QNetworkInformation``) poke the engine, and its
answer to "is this network metered?" feeds the engine's UNMETERED policy where the platform's
backend knows (else the engine asks the OS itself; unknown counts as metered). The engine is
stopped before the store closes (the task lanes announce their shutdown, and ``desktop.app``
stops it explicitly on close and before a restore). ``status_text`` is the status bar's wording.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QDateTime,
    QEvent,
    QObject,
    Qt,
    QTimeZone,
    Signal,
    Slot,
)
from PySide6.QtGui import QCursor

from sync.client.events import (
    ConflictDetected,
    ItemsChanged,
    LoginRequired,
    Phase,
    RunFinished,
    StatusChanged,
    SyncStatus,
    UploadProgress,
)
from sync.client.policy import SyncMode, SyncPolicy, network_metered

if TYPE_CHECKING:
    from sync.client.engine import SyncEngine

log = logging.getLogger(__name__)


translate = QCoreApplication.translate


# --- wording ------------------------------------------------------------------------------------


def format_time(moment: datetime | None, now: datetime | None = None) -> str:
    """A UTC moment as local clock time ("14.32" in Indonesian); with the date when not today."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()), QTimeZone.systemTimeZone())
    today = QDateTime.fromSecsSinceEpoch(
        int((now or datetime.now(UTC)).timestamp()), QTimeZone.systemTimeZone()
    ).date()
    # A Qt time format, translated: Indonesian writes 14.32
    clock = local.time().toString(translate("SyncBridge", "HH:mm"))
    if local.date() == today:
        return clock
    # A Qt date format (translated) for a day that is not today
    return local.date().toString(translate("SyncBridge", "d MMM")) + " " + clock


def format_bytes(size: float) -> str:
    if size < 1024:
        return translate("SyncBridge", "{0} B").format(int(size))
    if size < 1024 * 1024:
        return translate("SyncBridge", "{0} KB").format(round(size / 1024))
    if size < 1024**3:
        return translate("SyncBridge", "{0:.1f} MB").format(size / 1024 / 1024)
    return translate("SyncBridge", "{0:.1f} GB").format(size / 1024**3)


def format_rate(bps: float) -> str:
    if bps < 1024 * 1024:
        return translate("SyncBridge", "{0} KB/s").format(max(1, round(bps / 1024)))
    return translate("SyncBridge", "{0:.1f} MB/s").format(bps / 1024 / 1024)


def format_eta(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return translate("SyncBridge", "{0} s left").format(seconds)
    minutes = round(seconds / 60)
    if minutes < 60:
        return translate("SyncBridge", "{0} min left").format(minutes)
    return translate("SyncBridge", "{0} h {1} min left").format(minutes // 60, minutes % 60)


def progress_text(status: SyncStatus) -> str:
    """``Sending 3 of 12 (45%, 38 KB/s, 2 min left)``; parts without data are left out."""
    total = max(status.items_total, 0)
    current = min(status.items_done + 1, total) if total else 0
    parts = []
    if status.bytes_total > 0:
        parts.append(f"{int(100 * status.bytes_done / status.bytes_total)}%")
    elif total:
        parts.append(f"{int(100 * status.items_done / total)}%")
    if status.rate_bps:
        parts.append(format_rate(status.rate_bps))
    if status.eta_seconds is not None and status.rate_bps:
        parts.append(format_eta(status.eta_seconds))
    head = (
        translate("SyncBridge", "Sending {0} of {1}").format(current, total)
        if total
        else translate("SyncBridge", "Synchronising")
    )
    return f"{head} ({', '.join(parts)})" if parts else head


def status_text(
    status: SyncStatus | None,
    *,
    mode: str = "auto",
    configured: bool = True,
    signed_in_before: bool = True,
) -> str:
    """What the status bar says for ``status`` (the engine's English message is never shown
    here; it goes into the tooltip and the Sinkronisasi page)."""
    if not configured or status is None:
        return translate("SyncBridge", "Not signed in")
    phase = status.phase
    if phase == Phase.OFFLINE:
        if status.captive_portal:
            return translate("SyncBridge", "Offline (the network wants a login in the browser)")
        return translate("SyncBridge", "Offline")
    if phase == Phase.WAITING:
        if status.next_attempt_at is not None:
            return translate("SyncBridge", "Waiting for a connection (retry at {0})").format(
                format_time(status.next_attempt_at)
            )
        return translate("SyncBridge", "Waiting for a connection")
    if phase == Phase.SYNCING:
        return progress_text(status)
    if phase == Phase.SYNCED:
        if status.last_synced_at is not None:
            return translate("SyncBridge", "Synchronised ({0})").format(
                format_time(status.last_synced_at)
            )
        return translate("SyncBridge", "Synchronised")
    if phase == Phase.LOGIN_REQUIRED:
        if not signed_in_before:
            return translate("SyncBridge", "Not signed in")
        return translate("SyncBridge", "Please sign in again")
    if phase == Phase.PAUSED:
        if mode == "unmetered":
            return translate("SyncBridge", "Waiting for a network without a data quota")
        return translate("SyncBridge", "Synchronising only when asked")
    return translate("SyncBridge", "Synchronisation stopped")


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
            log.warning("demo sign-in failed: %s", error)
            self.sig_notice.emit(
                translate(
                    "SyncBridge",
                    "The demo sign-in failed: {0}. Sign in on the Synchronisation page.",
                ).format(error)
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

    def pending_items(self) -> list[Any]:
        return self.engine.pending_items() if self.engine is not None else []

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
        return SyncPolicy(mode=SyncMode(self.mode))

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
        elif isinstance(event, ConflictDetected):
            self.sig_conflict.emit(event.record_type, event.record_id)
        elif isinstance(event, LoginRequired):
            self.sig_login_required.emit(event.reason)
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

    def tooltip(self) -> str:
        status = self.status()
        lines = [translate("SyncBridge", "Click to open the Synchronisation page.")]
        if self.configured:
            lines.insert(0, translate("SyncBridge", "Server: {0}").format(self.server_url))
        if status is not None and status.message:
            lines.insert(1, translate("SyncBridge", "Last problem: {0}").format(status.message))
        return "\n".join(lines)

    def _refresh_text(self) -> None:
        text = self.text()
        for label in self._labels:
            label.setText(text)
            label.setToolTip(self.tooltip())
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
    window.sync_page = page
    bridge.attach_label(window.sync_status_label, lambda: window.show_page("sync"))

    def retranslate(_language: str) -> None:
        bridge.retranslate()
        page.retranslate()

    window.sig_language_changed.connect(retranslate)
    return bridge
