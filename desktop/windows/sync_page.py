"""The Sinkronisasi page: account, "Sinkronkan sekarang", when to sync and which evidence to
download, every item not yet confirmed by the server - records and files to send, files to fetch,
with progress (with retry, reveal, cancel and resolve-conflict actions) - and the recent runs.

Everything shown comes from the engine through ``SyncBridge`` signals (GUI thread). Reading the
pending items and the history runs on the background lane; refreshes are coalesced, so a burst
of engine events costs one read.
"""

from __future__ import annotations

import html
import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.labels import as_written, format_bytes
from desktop.sync_words import (
    format_percent,
    format_time,
    kind_text,
    problem_text,
    state_text,
    title_text,
)
from sync.client.policy import DownloadPolicy
from sync.local.outbox import Direction, OutboxState, PendingTally

log = logging.getLogger(__name__)

translate = QCoreApplication.translate

KEY_ROLE = Qt.ItemDataRole.UserRole
PENDING_COLUMNS = ("record", "kind", "size", "state", "attempts", "next", "error")
HISTORY_COLUMNS = (
    "started", "duration", "pushed", "pulled", "downloaded", "conflicts", "failed", "result",
)  # fmt: skip
POLICIES = ("auto", "unmetered", "manual")
DOWNLOAD_CHOICES = ("auto", "everything", "on_open")
SHOWN_ITEMS = 1000
"""Rows the table shows at most (a verifier's first pull can queue thousands of files); the
counts above it are exact (``PendingTally``), and the label says when the table is cut."""


def _duration(started: datetime, finished: datetime | None) -> str:
    if finished is None:
        return translate("SyncPage", "did not finish")
    seconds = max(0.0, (finished - started).total_seconds())
    if seconds < 60:
        return translate("SyncPage", "{0} s").format(round(seconds))
    return translate("SyncPage", "{0} min {1} s").format(int(seconds // 60), round(seconds % 60))


def _item(text: str, key: str | None = None, *, align_right: bool = False) -> QTableWidgetItem:
    cell = QTableWidgetItem(text)
    cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    cell.setToolTip(as_written(text))
    if key is not None:
        cell.setData(KEY_ROLE, key)
    if align_right:
        cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return cell


class SyncPage(QWidget):
    """Needs the app's ``AppContext`` and its ``SyncBridge``."""

    sig_reveal = Signal(str, str)
    """record type, record id: the main window opens that record."""

    def __init__(self, context: Any, bridge: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.bridge = bridge
        self.items: list[Any] = []
        self.tally = PendingTally()
        self.runs: list[Any] = []
        self.owners: dict[str, str] = {}
        self.login_dialog: Any = None
        self.conflict_dialog: Any = None
        self._loading = False
        self._dirty = False
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(120)
        self._refresh_timer.timeout.connect(self.reload)
        # Local edits do not pass through the engine: while the page is visible, look again now
        # and then (cheap: one read on the background lane).
        self._visible_timer = QTimer(self)
        self._visible_timer.setInterval(15000)
        self._visible_timer.timeout.connect(self.refresh)

        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.account_label = QLabel(self)
        self.account_label.setWordWrap(True)
        self.login_button = QPushButton(self)
        self.login_button.clicked.connect(self.open_login)
        self.logout_button = QPushButton(self)
        self.logout_button.clicked.connect(self.logout)
        account = QHBoxLayout()
        account.addWidget(self.account_label, 1)
        account.addWidget(self.login_button)
        account.addWidget(self.logout_button)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("bigNumber")
        self.status_label.setWordWrap(True)
        self.sync_button = QPushButton(self)
        self.sync_button.setDefault(True)
        self.sync_button.clicked.connect(self.sync_now)
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("muted")
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_label, 1)
        status_row.addWidget(self.sync_button)

        self.policy_label = QLabel(self)
        self.policy_combo = QComboBox(self)
        for _ in POLICIES:
            self.policy_combo.addItem("")
        self.policy_label.setBuddy(self.policy_combo)
        self.policy_combo.setCurrentIndex(POLICIES.index(bridge.mode))
        self.policy_combo.currentIndexChanged.connect(self._policy_chosen)
        self.downloads_label = QLabel(self)
        self.downloads_combo = QComboBox(self)
        for _ in DOWNLOAD_CHOICES:
            self.downloads_combo.addItem("")
        self.downloads_label.setBuddy(self.downloads_combo)
        self.downloads_combo.setCurrentIndex(DOWNLOAD_CHOICES.index(bridge.download_choice))
        self.downloads_combo.currentIndexChanged.connect(self._downloads_chosen)
        policy_row = QHBoxLayout()
        policy_row.addWidget(self.policy_label)
        policy_row.addWidget(self.policy_combo)
        policy_row.addSpacing(16)
        policy_row.addWidget(self.downloads_label)
        policy_row.addWidget(self.downloads_combo)
        policy_row.addStretch(1)

        self.pending_label = QLabel(self)
        self.pending_label.setObjectName("sectionTitle")
        self.pending_table = QTableWidget(0, len(PENDING_COLUMNS), self)
        self._setup_table(
            self.pending_table,
            stretch=(PENDING_COLUMNS.index("record"), PENDING_COLUMNS.index("error")),
        )
        self.pending_table.itemSelectionChanged.connect(self._update_actions)
        self.pending_table.itemDoubleClicked.connect(lambda _item: self.reveal())
        self.empty_label = QLabel(self)
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setObjectName("muted")
        self.retry_button = QPushButton(self)
        self.retry_button.clicked.connect(self.retry)
        self.reveal_button = QPushButton(self)
        self.reveal_button.clicked.connect(self.reveal)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel)
        self.resolve_button = QPushButton(self)
        self.resolve_button.clicked.connect(self.resolve)
        actions = QHBoxLayout()
        for button in (self.retry_button, self.reveal_button, self.cancel_button):
            actions.addWidget(button)
        actions.addWidget(self.resolve_button)
        actions.addStretch(1)
        actions.addWidget(self.empty_label)

        self.history_label = QLabel(self)
        self.history_label.setObjectName("sectionTitle")
        self.history_table = QTableWidget(0, len(HISTORY_COLUMNS), self)
        self._setup_table(self.history_table, stretch=(HISTORY_COLUMNS.index("result"),))

        pending_box = QWidget(self)
        pending_layout = QVBoxLayout(pending_box)
        pending_layout.setContentsMargins(0, 0, 0, 0)
        pending_layout.addWidget(self.pending_label)
        pending_layout.addWidget(self.pending_table, 1)
        pending_layout.addLayout(actions)
        history_box = QWidget(self)
        history_layout = QVBoxLayout(history_box)
        history_layout.setContentsMargins(0, 8, 0, 0)
        history_layout.addWidget(self.history_label)
        history_layout.addWidget(self.history_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(pending_box)
        splitter.addWidget(history_box)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(self.title)
        layout.addLayout(account)
        layout.addLayout(status_row)
        layout.addWidget(self.problem_label)
        layout.addLayout(policy_row)
        layout.addWidget(splitter, 1)
        self.setStyleSheet("QLabel#sectionTitle { font-weight: 600; font-size: 14px; }")

        bridge.sig_status.connect(self._status_changed)
        bridge.sig_items_changed.connect(self.refresh)
        bridge.sig_run_finished.connect(lambda _run: self.refresh())
        bridge.sig_conflict.connect(lambda _t, _i: self.refresh())
        bridge.sig_upload_progress.connect(self._upload_progress)
        bridge.sig_download_progress.connect(self._download_progress)
        bridge.sig_blob_arrived.connect(lambda _sha: self.refresh())
        bridge.sig_account_changed.connect(self._account_changed)
        bridge.sig_login_required.connect(lambda _reason: self._show_account())
        self.retranslate()
        self.reload()

    @staticmethod
    def _setup_table(table: QTableWidget, *, stretch: tuple[int, ...]) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    # --- text -----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(self.tr("Synchronisation"))
        self.login_button.setText(self.tr("Sign &in…"))
        self.logout_button.setText(self.tr("Sign &out"))
        self.sync_button.setText(self.tr("&Synchronise now"))
        self.sync_button.setToolTip(
            self.tr("Send and fetch now, without waiting for the next automatic attempt.")
        )
        self.policy_label.setText(self.tr("&When to synchronise:"))
        for index, text in enumerate(
            (
                self.tr("Automatically whenever there is a connection"),
                self.tr("Only on networks without a data quota (not mobile data)"),
                self.tr("Only when I press Synchronise now"),
            )
        ):
            self.policy_combo.setItemText(index, text)
        self.downloads_label.setText(self.tr("&Evidence to download:"))
        self._show_download_choices()
        self.downloads_combo.setToolTip(
            self.tr(
                "Operators usually keep every file of their OPD on the laptop. Verifiers and "
                "leaders read the whole pemda: fetching a file when it is opened saves space "
                "and data."
            )
        )
        self.retry_button.setText(self.tr("&Retry"))
        self.retry_button.setToolTip(self.tr("Try to send the selected item again now."))
        self.reveal_button.setText(self.tr("Sho&w"))
        self.reveal_button.setToolTip(self.tr("Open the record this item belongs to."))
        self.cancel_button.setText(self.tr("&Cancel"))
        self.cancel_button.setToolTip(
            self.tr(
                "Stop sending the selected item. It stays on this laptop; Retry sends it later."
            )
        )
        self.resolve_button.setText(self.tr("Resol&ve conflict…"))
        self.pending_table.setHorizontalHeaderLabels(
            [
                self.tr("Record or file"),
                self.tr("Kind"),
                self.tr("Size"),
                self.tr("State"),
                self.tr("Attempts"),
                self.tr("Next try"),
                self.tr("Last problem"),
            ]
        )
        self.history_label.setText(self.tr("Recent synchronisations"))
        self.history_table.setHorizontalHeaderLabels(
            [
                self.tr("Started"),
                self.tr("Duration"),
                self.tr("Sent"),
                self.tr("Received"),
                self.tr("Downloaded"),
                self.tr("Conflicts"),
                self.tr("Failed"),
                self.tr("Result"),
            ]
        )
        self._show_account()
        self._show_status()
        self._fill_pending()
        self._fill_history()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self.refresh()
        self._visible_timer.start()
        super().showEvent(event)

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self._visible_timer.stop()
        super().hideEvent(event)

    # --- account and status ---------------------------------------------------------------------

    def _show_account(self) -> None:
        bridge = self.bridge
        user = None
        if bridge.configured:
            try:
                user = bridge.user()
            except Exception:  # noqa: BLE001 - the line says "not signed in" instead
                log.exception("could not read the signed-in user")
        status = bridge.status()
        expired = (
            status is not None and str(status.phase) == "login_required" and bridge.signed_in_before
        )
        signed_out = status is not None and str(status.phase) == "login_required"
        if user is not None and not signed_out:
            where = ", ".join(
                part
                for part in (getattr(user, "role", ""), getattr(user, "opd_name", None) or "")
                if part
            )
            name = getattr(user, "full_name", "") or getattr(user, "username", "")
            # Rich text for the bold name: the server's words are escaped ("<b>" in a name).
            self.account_label.setTextFormat(Qt.TextFormat.RichText)
            self.account_label.setText(
                self.tr("Signed in as <b>{0}</b> ({1}) on {2}").format(
                    html.escape(name), html.escape(where), html.escape(bridge.server_url)
                )
            )
            self.login_button.setVisible(False)
            self.logout_button.setVisible(True)
        elif expired:
            self.account_label.setTextFormat(Qt.TextFormat.PlainText)
            self.account_label.setText(
                self.tr(
                    "Your sign-in on {0} has ended. Sign in again to continue sending; nothing "
                    "waiting to be sent is lost."
                ).format(bridge.server_url)
            )
            self.login_button.setVisible(True)
            self.logout_button.setVisible(user is not None)
        else:
            self.account_label.setTextFormat(Qt.TextFormat.PlainText)
            self.account_label.setText(
                self.tr(
                    "Not signed in. Sign in to send your work to the pemda's server; until then "
                    "it stays safe on this laptop."
                )
            )
            self.login_button.setVisible(True)
            self.logout_button.setVisible(False)

    def _show_status(self) -> None:
        self.status_label.setText(self.bridge.text())
        message = self.bridge.problem()
        self.problem_label.setText(self.tr("Last problem: {0}").format(message) if message else "")
        self.problem_label.setVisible(bool(message))

    @Slot(object)
    def _status_changed(self, _status: Any) -> None:
        self._show_status()
        if str(_status.phase) == "login_required":
            self._show_account()

    def _show_download_choices(self) -> None:
        """The choices' words; the first names the signed-in role's default, so it is shown
        again when the account changes (it said "every file" to a verifier signed in later)."""
        for index, text in enumerate(
            (
                self.tr("As suits my role ({0})").format(self._role_default_text()),
                self.tr("Every file of every record I may read"),
                self.tr("Only when I open a document (plus those awaiting my review)"),
            )
        ):
            self.downloads_combo.setItemText(index, text)

    @Slot()
    def _account_changed(self) -> None:
        self._show_account()
        self._show_download_choices()
        self._show_status()
        self.refresh()

    # --- pending items and history ---------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read the pending items and the history again (soon; bursts are coalesced)."""
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    @Slot()
    def reload(self) -> None:
        """Read the pending items and the history now (on the background lane)."""
        if self._loading:
            self._dirty = True
            return
        bridge, repo = self.bridge, self.context.repo

        def read() -> tuple[list[Any], PendingTally, list[Any], dict[str, str]]:
            items = bridge.pending_items(SHOWN_ITEMS)
            tally = bridge.pending_tally()
            owners: dict[str, str] = {}
            for item in items:  # which innovation an evidence file belongs to
                if item.kind == "evidence" and item.record_type == "innovation":
                    rid = item.record_id
                    if rid and rid not in owners:
                        innovation = repo.get_innovation(rid)
                        owners[rid] = innovation.profile.nama if innovation else ""
            return items, tally, repo.recent_sync_runs(20), owners

        self._loading = True
        try:
            self.context.tasks.run_bg(read, on_done=self._loaded, on_error=self._load_failed)
        except RuntimeError:  # the lanes are shut down: the app is closing
            self._loading = False

    def _loaded(self, result: tuple[list[Any], PendingTally, list[Any], dict[str, str]]) -> None:
        self._loading = False
        self.items, self.tally, self.runs, self.owners = result
        self._fill_pending()
        self._fill_history()
        if self._dirty:
            self._dirty = False
            self.reload()

    def _load_failed(self, error: BaseException) -> None:
        self._loading = False
        log.error("reading the sync state failed", exc_info=error)
        self.empty_label.setText(self.tr("Could not read the queue: {0}").format(error))

    def selected_key(self) -> str | None:
        rows = self.pending_table.selectionModel().selectedRows()
        if not rows:
            return None
        cell = self.pending_table.item(rows[0].row(), 0)
        return str(cell.data(KEY_ROLE)) if cell is not None else None

    def selected_item(self) -> Any:
        key = self.selected_key()
        return next((item for item in self.items if item.key == key), None)

    def row_of(self, key: str) -> int:
        for row in range(self.pending_table.rowCount()):
            cell = self.pending_table.item(row, 0)
            if cell is not None and cell.data(KEY_ROLE) == key:
                return row
        return -1

    def _fill_pending(self) -> None:
        table = self.pending_table
        selected = self.selected_key()
        table.setRowCount(len(self.items))
        state_col = PENDING_COLUMNS.index("state")
        on_open = self.bridge.download_policy() is DownloadPolicy.ON_OPEN
        language = self.bridge.language
        for row, item in enumerate(self.items):
            attempts = str(item.attempts) if item.attempts else ""
            title = title_text(item)
            owner = self.owners.get(item.record_id or "") if item.kind == "evidence" else ""
            if owner:
                title = self.tr("{0} (of {1})").format(title, owner)
            problem = problem_text(item.problem, language)
            cells = (
                _item(title, item.key),
                _item(kind_text(item)),
                _item(format_bytes(item.size_bytes) if item.size_bytes else "", align_right=True),
                _item(state_text(item, on_open=on_open)),
                _item(attempts, align_right=True),
                _item(format_time(item.next_attempt_at)),
                _item(problem),
            )
            if item.state == OutboxState.REFUSED and problem:
                cells[3].setToolTip(as_written(problem))
            for column, cell in enumerate(cells):
                table.setItem(row, column, cell)
            table.removeCellWidget(row, state_col)
            if item.state == OutboxState.SENDING and item.progress is not None:
                self._progress_bar(row, item.progress, item.direction == Direction.DOWN)
        # Files fetched only when opened are the server's already: listed (last), not counted.
        # Counted over every pending item, not only the rows shown.
        tally = self.tally
        idle = tally.background_downloads if on_open else 0
        count = tally.total - idle
        label = self.tr("Not yet synchronised ({0})").format(count)
        if idle:
            label += " · " + self.tr("%n file(s) kept on the server until opened", "", idle)
        if len(self.items) < tally.total:
            label += " · " + self.tr("showing {0} of {1}").format(len(self.items), tally.total)
        self.pending_label.setText(label)
        self.empty_label.setText(
            self.tr("Everything is synchronised.") if not count and self.bridge.configured else ""
        )
        if selected is not None and (row := self.row_of(selected)) >= 0:
            table.selectRow(row)
        self._update_actions()

    def _progress_bar(self, row: int, fraction: float, down: bool) -> None:
        column = PENDING_COLUMNS.index("state")
        bar = self.pending_table.cellWidget(row, column)
        if not isinstance(bar, QProgressBar):
            bar = QProgressBar(self.pending_table)
            bar.setRange(0, 1000)
            bar.setTextVisible(True)
            self.pending_table.setCellWidget(row, column, bar)
        bar.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        text = self._transfer_text(fraction, down)
        bar.setFormat(text)  # no %p/%v/%m in it: shown as it is
        state = self.pending_table.item(row, column)
        if state is not None:
            state.setText(text)

    def _transfer_text(self, fraction: float, down: bool) -> str:
        percent = format_percent(fraction)
        return (
            self.tr("Downloading {0}").format(percent)
            if down
            else self.tr("Sending {0}").format(percent)
        )

    @Slot(str, int, int, object)
    def _upload_progress(self, sha256: str, sent: int, total: int, _rate: object) -> None:
        row = self.row_of(f"blob:{sha256}")
        if row >= 0 and total > 0:
            self._progress_bar(row, sent / total, down=False)

    @Slot(str, int, int, object)
    def _download_progress(self, sha256: str, received: int, total: int, _rate: object) -> None:
        row = self.row_of(f"blob:{sha256}")
        if row >= 0 and total > 0:
            self._progress_bar(row, received / total, down=True)

    def _fill_history(self) -> None:
        table = self.history_table
        table.setRowCount(len(self.runs))
        language = self.bridge.language
        for row, run in enumerate(self.runs):
            why = problem_text(run.problem, language)
            if run.ok:
                result = why or self.tr("Completed")
            else:
                result = (
                    self.tr("Not completed: {0}").format(why) if why else self.tr("Not completed")
                )
            cells = (
                _item(format_time(run.started_at)),
                _item(_duration(run.started_at, run.finished_at)),
                _item(str(run.pushed), align_right=True),
                _item(str(run.pulled), align_right=True),
                _item(str(run.downloaded), align_right=True),
                _item(str(run.conflicts), align_right=True),
                _item(str(run.failed), align_right=True),
                _item(result),
            )
            for column, cell in enumerate(cells):
                table.setItem(row, column, cell)
        self.history_label.setText(
            self.tr("Recent synchronisations")
            if self.runs
            else self.tr("Recent synchronisations: none yet")
        )

    @Slot()
    def _update_actions(self) -> None:
        item = self.selected_item()
        state = item.state if item is not None else None
        can_send = self.bridge.configured
        self.retry_button.setEnabled(
            can_send and state in (OutboxState.WAITING, OutboxState.REFUSED, OutboxState.HELD)
        )
        self.cancel_button.setEnabled(
            can_send and state in (OutboxState.QUEUED, OutboxState.SENDING, OutboxState.WAITING)
        )
        self.reveal_button.setEnabled(item is not None and bool(item.record_id))
        self.resolve_button.setEnabled(state == OutboxState.CONFLICT)

    # --- actions --------------------------------------------------------------------------------

    @Slot()
    def sync_now(self) -> None:
        if not self.bridge.configured:
            self.open_login()
            return
        status = self.bridge.status()
        if status is not None and str(status.phase) == "login_required":
            self.open_login()
            return
        self.bridge.sync_now()

    @Slot()
    def retry(self) -> None:
        key = self.selected_key()
        if key is not None:
            self.bridge.retry(key)
            self.refresh()

    @Slot()
    def cancel(self) -> None:
        key = self.selected_key()
        if key is not None:
            self.bridge.cancel(key)
            self.refresh()

    @Slot()
    def reveal(self) -> None:
        item = self.selected_item()
        if item is not None and item.record_id:
            self.sig_reveal.emit(item.record_type or "innovation", item.record_id)

    @Slot()
    def resolve(self) -> None:
        item = self.selected_item()
        if item is None or item.state != OutboxState.CONFLICT or not item.record_id:
            return
        self.open_conflict(item.record_type or "innovation", item.record_id)

    def open_conflict(self, record_type: str, record_id: str) -> Any:
        from desktop.windows.conflict_dialog import ConflictDialog

        info = self.bridge.engine.conflict_info(record_type, record_id)
        if info is None:
            self.refresh()
            return None
        dialog = ConflictDialog(self.context, self.bridge, info, self)
        dialog.accepted.connect(self.refresh)
        self.conflict_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def open_login(self) -> Any:
        from desktop.windows.login_dialog import LoginDialog

        dialog = LoginDialog(self.context, self.bridge, self)
        dialog.sig_logged_in.connect(lambda _user: self._account_changed())
        self.login_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def logout(self) -> None:
        from desktop.windows.login_dialog import confirm_logout

        # Exact, and read now: the table may show only the first SHOWN_ITEMS, and be stale.
        if not confirm_logout(self, self.bridge, self.bridge.pending_tally().unsent):
            return
        self.logout_button.setEnabled(False)

        def done(_result: object = None) -> None:
            self.logout_button.setEnabled(True)
            self.bridge.sig_account_changed.emit()

        def failed(error: BaseException) -> None:
            log.warning("sign-out: %s", error)
            done()

        self.context.tasks.run_bg(self.bridge.logout, on_done=done, on_error=failed)

    def _role_default_text(self) -> str:
        if self.bridge.engine is None:
            return self.tr("every file")
        from sync.client.policy import default_download_policy

        user = self.bridge.user()
        role = getattr(getattr(user, "role", None), "value", None)
        if default_download_policy(role) is DownloadPolicy.ON_OPEN:
            return self.tr("when opened")
        return self.tr("every file")

    @Slot(int)
    def _downloads_chosen(self, index: int) -> None:
        if 0 <= index < len(DOWNLOAD_CHOICES):
            self.bridge.set_download_choice(DOWNLOAD_CHOICES[index])
            self.refresh()

    @Slot(int)
    def _policy_chosen(self, index: int) -> None:
        if 0 <= index < len(POLICIES):
            self.bridge.set_mode(POLICIES[index])
            self._show_status()
