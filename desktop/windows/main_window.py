"""The main window: navigation between Inovasi, Profil Pemda, Sinkronisasi and Ringkasan.

Pages are registered with ``add_page(key, title, widget)`` (the sync part replaces the
"sync" page this way). Opening an innovation shows its editor in place of the list with a way
back; the editor's pending edits are flushed before it goes. The status bar's
``sync_status_label`` belongs to the sync part; the autosave state shows beside it.

Start-up is phased so the officer sees the window at once and the list right after:
``MainWindow.starting(settings, translations)`` builds the frame (navigation, menus, status bar)
without touching the store; ``show_list(reader)`` may then show the list read with plain sqlite3
(``sync.local.listing.ListReader``) while the store's ORM loads; ``attach(context)`` builds the
pages once the store is open (and moves the list onto ``context.repo``). ``MainWindow(context)``
does frame and attach at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.labels import as_written, innovation_title

if TYPE_CHECKING:  # typing only: the frame is painted before the store's modules load
    from desktop.context import AppContext
    from desktop.i18n import Translations
    from desktop.settings import Settings
    from desktop.sync_bridge import SyncBridge
    from desktop.windows.editor import InnovationEditor

APP_STYLE = """
QListWidget#nav { background: #1f3b57; color: #e8eef5; border: none; font-size: 14px;
                  padding-top: 8px; }
QListWidget#nav::item { padding: 10px 16px; }
QListWidget#nav::item:selected { background: #2f6fa3; color: white; }
QLabel#pageTitle { font-size: 18px; font-weight: 600; }
QLabel#muted { color: #5a6570; }
QLabel#bigNumber { font-size: 20px; font-weight: 600; color: #1f3b57; }
QLabel#brand { color: white; font-size: 15px; font-weight: 600; padding: 14px 16px 4px 16px;
               background: #1f3b57; }
"""


PREFERRED_SIZE = QSize(1200, 760)
TITLE_BAR = 32  # the window manager's frame above the client area (not known before showing)
SIDE_MARGIN = 16


def initial_geometry(available: QRect) -> QRect:
    """Where the first window goes: its preferred size where that fits the screen's available
    area (the screen less the taskbar), else that area less the title bar; centred in it."""
    width = min(PREFERRED_SIZE.width(), available.width() - 2 * SIDE_MARGIN)
    height = min(PREFERRED_SIZE.height(), available.height() - TITLE_BAR)
    left = available.left() + (available.width() - width) // 2
    top = available.top() + TITLE_BAR + (available.height() - TITLE_BAR - height) // 2
    return QRect(left, top, width, height)


class NotConfiguredPage(QWidget):
    """What the Sinkronisasi page says until the sync part registers its own page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(
            self.tr(
                "Synchronisation is not set up on this computer yet. Your drafts and evidence "
                "are safe on this laptop."
            )
        )


class LazyPage(QWidget):
    """A page whose real widget is built the first time it is shown (keeps start-up light:
    the SPD page pulls in the evidence and PDF machinery)."""

    def __init__(self, build: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self._widget: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def widget(self) -> QWidget:
        if self._widget is None:
            self._widget = self._build(self)
            self._layout.addWidget(self._widget)
        return self._widget

    def showEvent(self, event: Any) -> None:
        self.widget  # noqa: B018 - build on first show
        super().showEvent(event)


class EditorHost(QWidget):
    """The editor of one innovation with a way back to the list."""

    sig_back = Signal()
    print_button: QPushButton | None = None  # added by desktop.export.actions
    carry_button: QPushButton | None = None

    def __init__(self, editor: InnovationEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.back = QPushButton(self)
        self.back.clicked.connect(self.sig_back)
        self.back.setToolTip(self.tr("Back to the list (Alt+Left)"))
        self.back.setText(self.tr("← Back to the list"))
        QShortcut(QKeySequence("Alt+Left"), self, self.sig_back.emit)
        self.bar = bar = QHBoxLayout()
        bar.addWidget(self.back)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addLayout(bar)
        layout.addWidget(editor, 1)


class MainWindow(QMainWindow):
    sig_language_changed = Signal(str)
    sig_restore_requested = Signal(str)
    sync_bridge: SyncBridge | None = None  # set by desktop.sync_bridge.install
    demo_ready = False  # desktop.app's demo sign-in made its drafts (scripts/run-app.sh)

    def __init__(
        self,
        context: AppContext | None,
        translations: Translations | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self.translations = translations
        if settings is None:
            assert context is not None, "a window without a store needs its settings"
            settings = context.settings
        self.settings = settings
        self.language = context.language if context is not None else self.settings.language
        self.setObjectName("mainWindow")
        self.setStyleSheet(APP_STYLE)
        self.setMinimumSize(760, 520)  # small netbook screens (1024x600) too
        self._pages: dict[str, QWidget] = {}
        self._titles: dict[str, str] = {}
        self.editor_host: EditorHost | None = None
        self._pending_open: str | None = None

        self.nav = QListWidget(self)
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(184)
        self.nav.currentRowChanged.connect(self._nav_changed)
        self.stack = QStackedWidget(self)
        brand = QLabel("Inovasi Desk", self)
        brand.setObjectName("brand")
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(0)
        left.addWidget(brand)
        left.addWidget(self.nav, 1)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(left)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.loading_label: QLabel | None = QLabel(self.stack)
        self.loading_label.setObjectName("muted")
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading_label)

        self.sync_status_label = QLabel(self)
        self.sync_status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.save_state_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.save_state_label)
        self.statusBar().addPermanentWidget(self.sync_status_label)

        self._build_menu()
        for number in range(1, 5):
            QShortcut(
                QKeySequence(f"Alt+{number}"), self, lambda n=number: self.nav.setCurrentRow(n - 1)
            )
        self.retranslate()
        self._restore_window_state()
        if context is not None:
            self.attach(context)

    @classmethod
    def starting(cls, settings: Settings, translations: Translations | None = None) -> MainWindow:
        """The window frame before the store is open (shows "Opening your data…")."""
        return cls(None, translations, settings)

    @property
    def attached(self) -> bool:
        """Every page is built on the open store (``attach`` has run)."""
        return self.context is not None and hasattr(self, "summary_page")

    @property
    def listed(self) -> bool:
        """The list is there (maybe still on its start-up reader, before ``attach``)."""
        return hasattr(self, "list_page")

    def show_list(self, source: Any) -> None:
        """Show the Inovasi list read from ``source`` before the store is open (start-up).

        Only reading works until :meth:`attach`: search, filters, sorting and scrolling; an
        innovation opened meanwhile opens once the store is ready; "new" waits (disabled)."""
        from desktop.windows.innovation_list_page import InnovationListPage

        # Inovasi: the list, replaced by an editor while one is open.
        stack = QStackedWidget(self)
        try:
            page = InnovationListPage(source, stack)
        except BaseException:  # e.g. a row this release cannot read: nothing half-built stays
            stack.setParent(None)
            stack.deleteLater()
            raise
        self.inovasi_stack, self.list_page = stack, page
        self.list_page.sig_open.connect(self.open_innovation)
        self.list_page.sig_new.connect(self.new_innovation)
        self.list_page.sig_deleted.connect(self._deleted)
        self.list_page.new_button.setEnabled(self.context is not None)
        self.inovasi_stack.addWidget(self.list_page)
        self.add_page("inovasi", "", self.inovasi_stack)
        self._drop_loading_label()
        self.retranslate_nav()  # the page is built translated
        self.nav.blockSignals(True)  # the list was just read: showing it needs no second read
        self.nav.setCurrentRow(0)
        self.nav.blockSignals(False)
        self.stack.setCurrentWidget(self.inovasi_stack)
        self.list_page.table.setFocus()

    def _drop_loading_label(self) -> None:
        if self.loading_label is not None:
            self.stack.removeWidget(self.loading_label)
            self.loading_label.deleteLater()
            self.loading_label = None

    @property
    def ctx(self) -> AppContext:
        """The opened store's context (only once attached: data actions are off before)."""
        assert self.context is not None, "the store is not open yet"
        return self.context

    def attach(self, context: AppContext) -> None:
        """Build the pages on the opened store (the last phase of start-up)."""
        from desktop.windows.dashboard_page import DashboardPage

        self.context = context
        self.language = context.language
        if self.listed:
            self.list_page.model.set_source(context.repo)
            self.list_page.new_button.setEnabled(True)
        else:
            self.show_list(context.repo)
        self.list_page.set_context(context)  # writing (deleting a draft) works from now on

        def spd_page(parent: QWidget) -> QWidget:
            from desktop.windows.spd_page import SpdPage

            return SpdPage(context, parent)

        self.spd_lazy = LazyPage(spd_page, self)
        self.add_page("spd", "", self.spd_lazy)
        self.sync_placeholder = NotConfiguredPage(self)
        self.add_page("sync", "", self.sync_placeholder)
        # Ringkasan (operators) / Dasbor (admin, verifikator, pimpinan): the pemda's projection.
        self.summary_page = DashboardPage(context, self)
        self.summary_page.sig_open_innovation.connect(self.open_local_innovation)
        self.summary_page.sig_refreshed.connect(self.retranslate_nav)
        self.add_page("summary", "", self.summary_page)
        from desktop.export.actions import ExportActions

        self.export_actions = ExportActions(self)  # Paket kirim page, print profile, carry-over
        from desktop.review.shell import ReviewShell

        self.review_shell = ReviewShell(self)  # the pages follow the role; the Verifikasi desk
        context.tasks.sig_error.connect(self._task_failed)
        for action in self._data_actions:
            action.setEnabled(True)
        self.retranslate()
        if self._pending_open is not None:  # opened on the start-up list: open it now
            pending, self._pending_open = self._pending_open, None
            self.open_innovation(pending)

    # --- pages ----------------------------------------------------------------------------------

    def add_page(self, key: str, title: str, widget: QWidget) -> None:
        """Register (or replace) a navigation page."""
        if key in self._pages:
            old = self._pages[key]
            index = self.stack.indexOf(old)
            self.stack.insertWidget(index, widget)
            self.stack.removeWidget(old)
            old.deleteLater()
            self._pages[key] = widget
            if title:
                self._titles[key] = title
                self.nav.item(index).setText(title)
            return
        self._pages[key] = widget
        self._titles[key] = title
        self.stack.addWidget(widget)
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.nav.addItem(item)

    @Slot()
    def retranslate_nav(self) -> None:
        page = getattr(self, "summary_page", None)
        shell = getattr(self, "review_shell", None)
        if shell is not None and shell.caps is not None:  # the role, known before the page loads
            from desktop.windows.dashboard_page import WHOLE_PEMDA_ROLES

            whole_pemda = shell.caps.role in WHOLE_PEMDA_ROLES
        else:
            whole_pemda = page is not None and page.whole_pemda
        titles = {
            "inovasi": self.tr("Innovations"),
            "spd": self.tr("Regional profile (SPD)"),
            "sync": self.tr("Synchronisation"),
            "summary": self.tr("Dashboard") if whole_pemda else self.tr("Summary"),
        }
        for row, key in enumerate(self._pages):
            title = titles.get(key) or self._titles.get(key, key)
            self.nav.item(row).setText(title)

    def page(self, key: str) -> QWidget:
        page = self._pages[key]
        return page.widget if isinstance(page, LazyPage) else page

    @property
    def spd_page(self) -> QWidget:
        return self.spd_lazy.widget

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(list(self._pages).index(key))

    def current_page_key(self) -> str:
        return list(self._pages)[self.nav.currentRow()]

    @Slot(int)
    def _nav_changed(self, row: int) -> None:
        if row < 0:
            return
        key = list(self._pages)[row]
        self.stack.setCurrentWidget(self._pages[key])
        if key == "summary":
            self.summary_page.bridge = self.sync_bridge
            self.summary_page.refresh()
        elif key == "inovasi" and self.editor_host is None:
            self.list_page.refresh()

    # --- innovations ------------------------------------------------------------------------------

    @Slot()
    def new_innovation(self) -> None:
        if not self.attached:
            return  # the action and the button are disabled until the store is open
        repo, year = self.ctx.repo, self.ctx.default_rule_year()
        self.ctx.tasks.run_db(
            lambda: repo.create_innovation(rule_year=year),
            on_done=lambda innovation: self.open_innovation(innovation.id),
            on_error=lambda error: self._error(
                self.tr("A new innovation could not be made."), error
            ),
        )

    @Slot(str)
    def open_innovation(self, innovation_id: str) -> None:
        if not self.attached:
            self._pending_open = innovation_id  # opens once attach() has the store
            return
        from desktop.windows.editor import InnovationEditor

        self.close_editor()
        self.show_page("inovasi")
        editor = InnovationEditor(self.ctx, innovation_id, self.inovasi_stack)
        editor.sig_title_changed.connect(self._editor_title)
        editor.sig_deleted.connect(self._editor_deleted)
        # The workflow state changed (or the content became writable): open it anew.
        editor.sig_reload.connect(lambda rid=innovation_id: self._reopen(rid))
        editor.sig_review_requested.connect(self.review_shell.open_review)
        if hasattr(editor, "autosaver"):
            editor.autosaver.sig_state_changed.connect(self._save_state)
        self.editor_host = EditorHost(editor, self.inovasi_stack)
        self.editor_host.sig_back.connect(self.close_editor)
        self.export_actions.decorate_editor(self.editor_host)
        self.inovasi_stack.addWidget(self.editor_host)
        self.inovasi_stack.setCurrentWidget(self.editor_host)
        editor.setFocus()

    def _reopen(self, innovation_id: str) -> None:
        editor = self.editor
        if editor is not None and editor.innovation_id == innovation_id:
            tab = editor.tabs.currentIndex() if hasattr(editor, "tabs") else 0
            self.open_innovation(innovation_id)
            reopened = self.editor
            if reopened is not None:
                reopened.sig_loaded.connect(lambda: reopened.tabs.setCurrentIndex(tab))

    @Slot(str)
    def open_local_innovation(self, innovation_id: str) -> None:
        """Open an innovation from a dashboard list, if this laptop holds it."""
        repo = self.ctx.repo
        self.ctx.tasks.run_db(
            lambda: repo.get_innovation(innovation_id) is not None,
            on_done=lambda here: (
                self.open_innovation(innovation_id)
                if here
                else self._info(
                    self.tr(
                        "This innovation is not on this laptop (it belongs to an OPD whose data "
                        "this account does not keep). Its figures are the server's."
                    ),
                    ok=True,
                )
            ),
        )

    @property
    def editor(self) -> InnovationEditor | None:
        return self.editor_host.editor if self.editor_host is not None else None

    @Slot()
    def close_editor(self) -> None:
        """Save what the editor still holds, then go back to the list."""
        host = self.editor_host
        if host is None:
            return
        # Let go of it first: flushing runs events, and a reload the editor asks for meanwhile
        # (its state moved with a sync) must not reopen, or replace, what is being closed.
        self.editor_host = None
        innovation_id = host.editor.innovation_id
        host.editor.flush()
        self.inovasi_stack.setCurrentWidget(self.list_page)
        if isValid(host):
            self.inovasi_stack.removeWidget(host)
            host.deleteLater()
        self.setWindowTitle("Inovasi Desk")
        self.list_page.refresh(select_id=innovation_id)
        self.list_page.table.setFocus()

    def _editor_title(self, title: str) -> None:
        self.setWindowTitle(f"{innovation_title(title)} — Inovasi Desk")

    @Slot(str)
    def _editor_deleted(self, message: str) -> None:
        """The open draft was deleted from its editor: back to the list, saying so."""
        self.close_editor()
        self._deleted(message)

    @Slot(str)
    def _deleted(self, message: str) -> None:
        self.statusBar().showMessage(message, 15000)

    def _save_state(self, state: str) -> None:
        texts = {
            "saving": self.tr("Saving…"),
            "saved": self.tr("All changes saved"),
            "failed": self.tr("Not saved yet: retrying"),
        }
        self.save_state_label.setText(texts.get(state, ""))

    # --- menu -------------------------------------------------------------------------------------

    def _build_menu(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.new_action = QAction(self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.new_innovation)
        self.check_action = QAction(self)
        self.check_action.triggered.connect(self.check_archive)
        self.backup_action = QAction(self)
        self.backup_action.triggered.connect(self.backup_data)
        self.restore_action = QAction(self)
        self.restore_action.triggered.connect(self.restore_data)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        for action in (self.new_action, None, self.check_action, self.backup_action,
                       self.restore_action, None, self.quit_action):  # fmt: skip
            if action is None:
                self.file_menu.addSeparator()
            else:
                self.file_menu.addAction(action)
        self._data_actions = [self.new_action, self.check_action, self.backup_action,
                              self.restore_action]  # fmt: skip
        for action in self._data_actions:
            action.setEnabled(self.context is not None)
        self.settings_menu = bar.addMenu("")
        self.language_menu = self.settings_menu.addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in (("id", "Bahasa Indonesia"), ("en", "English")):
            action = QAction(name, self, checkable=True)
            action.setChecked(self.language == code)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._find)
        self.addAction(self.find_action)

    def retranslate(self) -> None:
        self.retranslate_nav()
        self.file_menu.setTitle(self.tr("&File"))
        self.new_action.setText(self.tr("&New innovation"))
        self.check_action.setText(self.tr("&Check archive"))
        self.backup_action.setText(self.tr("&Back up…"))
        self.restore_action.setText(self.tr("&Restore from backup…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.settings_menu.setTitle(self.tr("&Settings"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.find_action.setText(self.tr("Find"))
        if self.loading_label is not None:
            self.loading_label.setText(self.tr("Opening your data…"))
        if self.listed:
            self.list_page.retranslate()
        if self.attached:
            self.summary_page.retranslate()
            if self._pages.get("sync") is self.sync_placeholder:  # not replaced by the sync part
                self.sync_placeholder.retranslate()
        if not self.sync_status_label.text():
            self.sync_status_label.setText(self.tr("Offline"))
        self.setWindowTitle("Inovasi Desk")

    @Slot()
    def _find(self) -> None:
        if not self.listed:
            return
        self.close_editor()
        self.show_page("inovasi")
        self.list_page.focus_search()

    def set_language(self, language: str) -> None:
        """Switch language now for the shell; open forms follow when next opened."""
        self.settings.language = language
        self.language = language
        if self.context is not None:
            self.context.language = language
        if self.translations is not None:
            self.translations.install(language)
        self.language_actions[language].setChecked(True)
        self.retranslate()
        self.sig_language_changed.emit(language)

    # --- archive ----------------------------------------------------------------------------------

    @Slot()
    def check_archive(self) -> None:
        from sync.local.backup import check_archive

        ctx = self.ctx
        self.statusBar().showMessage(self.tr("Checking the archive…"))
        ctx.tasks.run_bg(
            lambda: check_archive(ctx.data_dir, vault=ctx.vault),
            on_done=lambda report: self._info(report.summary(ctx.language), ok=report.ok),
            on_error=lambda error: self._error(self.tr("The archive check failed."), error),
        )

    @Slot()
    def backup_data(self, destination: str | None = None) -> None:
        from sync.local.backup import backup

        target = destination or QFileDialog.getExistingDirectory(
            self, self.tr("Choose where to put the backup (a folder or USB stick)")
        )
        if not target:
            return
        ctx = self.ctx
        self.statusBar().showMessage(self.tr("Backing up…"))
        ctx.tasks.run_bg(
            lambda: backup(Path(target), ctx.data_dir),
            on_done=lambda info: self._info(
                self.tr("Backup written to {0}.").format(info.folder), ok=True
            ),
            on_error=lambda error: self._error(
                self.tr("The backup failed; your data is unchanged."), error
            ),
        )

    @Slot()
    def restore_data(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the backup folder"))
        if not folder:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Restore from backup"),
            as_written(
                self.tr(
                    "Replace the data on this laptop with the backup in {0}? The current data "
                    "is kept in a folder named sebelum-pulih-… next to it."
                ).format(folder)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.sig_restore_requested.emit(folder)

    # --- messages, state ---------------------------------------------------------------------

    def _info(self, text: str, *, ok: bool) -> None:
        self.statusBar().showMessage(text, 15000)
        if not ok:
            QMessageBox.warning(self, "Inovasi Desk", as_written(text))

    def _error(self, text: str, error: BaseException) -> None:
        self.statusBar().showMessage(text, 15000)
        QMessageBox.warning(self, "Inovasi Desk", as_written(f"{text}\n\n{error}"))

    @Slot(str)
    def _task_failed(self, message: str) -> None:
        self.statusBar().showMessage(self.tr("Something failed: {0}").format(message), 15000)

    def _restore_window_state(self) -> None:
        geometry, state = self.settings.window_state()
        available = self.screen().availableGeometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
            if not available.contains(self.geometry()):  # saved on a larger screen
                self.setGeometry(initial_geometry(available))
        else:
            self.setGeometry(initial_geometry(available))
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.attached:
            self.close_editor()
            self.ctx.tasks.wait_idle()
        self.settings.save_window_state(self.saveGeometry(), self.saveState())
        super().closeEvent(event)
