"""The export part of the main window: the Paket kirim page, the Inovasi menu (print profile,
carry over), the same actions in the list's context menu and in the editor's top bar.

Installed by ``MainWindow.attach`` (``ExportActions(window)``); the signed-in role decides what
is shown (``desktop.roles``), re-read whenever the navigation or the editor changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from desktop.labels import workflow_label
from desktop.roles import capabilities
from iid.records import WorkflowState
from sync.local.carryover import CARRYABLE_STATES

if TYPE_CHECKING:
    from desktop.windows.main_window import EditorHost, MainWindow

PAGE_KEY = "paket"


class ExportActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.context = window.ctx
        self.role: str | None = None
        self._page: Any = None
        self.dialog: Any = None
        self.print_action = QAction(window)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(self.print_current)
        self.carry_action = QAction(window)
        self.carry_action.triggered.connect(self.carry_current)
        self.package_action = QAction(window)
        self.package_action.triggered.connect(self.show_package_page)
        self.menu = QMenu(window)
        self.menu.setToolTipsVisible(True)  # why "Submit again" is greyed out
        for action in (self.print_action, self.carry_action, None, self.package_action):
            if action is None:
                self.menu.addSeparator()
            else:
                self.menu.addAction(action)
        bar = window.menuBar()
        bar.insertMenu(window.settings_menu.menuAction(), self.menu)
        table = window.list_page.table
        if table.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu:
            table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        table.addAction(self.print_action)
        table.addAction(self.carry_action)
        # Carrying over is for innovations whose year is done: follow the list's selection.
        table.selectionModel().selectionChanged.connect(lambda *_a: self.refresh_carry())
        window.list_page.model.modelReset.connect(self.refresh_carry)
        self._editor_state: WorkflowState | None = None

        from desktop.windows.main_window import LazyPage

        self.page_host = LazyPage(self._build_page, window)
        window.add_page(PAGE_KEY, "", self.page_host)
        # Hidden until the signed-in role is known to allow it (read on the database lane).
        window.nav.item(list(window._pages).index(PAGE_KEY)).setHidden(True)
        window.nav.currentRowChanged.connect(lambda _row: self.refresh_role())
        window.sig_language_changed.connect(lambda _language: self.retranslate())
        self.retranslate()
        self.refresh_role()

    def _build_page(self, parent: QWidget) -> QWidget:
        from desktop.export.page import PaketKirimPage

        page = PaketKirimPage(self.context, parent)
        page.sig_open_profiles.connect(self.print_profiles)
        self._page = page
        return page

    @property
    def page(self) -> Any:
        return self.page_host.widget

    # --- role and texts -------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("&Innovation"))
        self.print_action.setText(self.tr("&Print profile…"))
        self.carry_action.setText(self.tr("Submit again for the &next year…"))
        self.package_action.setText(self.tr("Send &package (Paket kirim)…"))
        title = self.tr("Send package")
        self.window._titles[PAGE_KEY] = title  # the window's retranslate reads it from there
        row = list(self.window._pages).index(PAGE_KEY)
        self.window.nav.item(row).setText(title)
        if self._page is not None:
            self._page.retranslate()
        self.refresh_carry()

    def refresh_role(self) -> None:
        """Read the signed-in role (database lane) and show only what it may use."""
        repo = self.context.repo
        self.context.tasks.run_db(repo.get_local_user, on_done=self._apply_role)

    @Slot(object)
    def _apply_role(self, user: Any) -> None:
        self.role = user.role if user is not None else ""
        packaging = capabilities(self.role).package
        row = list(self.window._pages).index(PAGE_KEY)
        self.window.nav.item(row).setHidden(not packaging)
        self.package_action.setVisible(packaging)
        self.carry_action.setVisible(capabilities(self.role).carry_over)
        host = self.window.editor_host
        if host is not None and host.carry_button is not None:
            host.carry_button.setVisible(capabilities(self.role).carry_over)
        self.refresh_carry()
        if not packaging and self.window.current_page_key() == PAGE_KEY:
            self.window.show_page("inovasi")

    # --- the editor's bar -----------------------------------------------------------------------

    def decorate_editor(self, host: EditorHost) -> None:
        """Add Print profile and Submit again to an editor's top bar."""
        host.print_button = QPushButton(self.tr("Print profile…"), host)
        host.print_button.setToolTip(self.tr("The innovation profile as an A4 PDF (Ctrl+P)"))
        host.print_button.clicked.connect(self.print_current)
        host.carry_button = QPushButton(self.tr("Submit again for the next year…"), host)
        host.carry_button.clicked.connect(self.carry_current)
        host.carry_button.setVisible(capabilities(self.role).carry_over)
        host.bar.addWidget(host.print_button)
        host.bar.addWidget(host.carry_button)
        # The state comes with the loaded innovation, then from the workflow bar's reads (the
        # editor reopens when the state moves).
        self._editor_state = None
        editor = host.editor
        editor.sig_loaded.connect(lambda e=editor: self._editor_loaded(e))
        if editor.innovation is not None:
            self._editor_loaded(editor)
        self.refresh_role()

    def _editor_loaded(self, editor: Any) -> None:
        current = self.window.editor
        if current is None or current is not editor or current.innovation is None:
            return  # closed or replaced meanwhile
        self._editor_state = current.innovation.workflow_state
        bar = getattr(current, "workflow_bar", None)
        if bar is not None:
            bar.sig_view.connect(self._editor_view)
        self.refresh_carry()

    @Slot(object)
    def _editor_view(self, view: Any) -> None:
        editor = self.window.editor
        if editor is not None and view.innovation_id == editor.innovation_id:
            self._editor_state = view.state
            self.refresh_carry()

    # --- carry-over: only once the year is done for the innovation ---------------------------

    def current_state(self) -> WorkflowState | None:
        """The workflow state of the innovation the actions apply to (editor or list row)."""
        if self.window.editor is not None:
            return self._editor_state
        if self.window.current_page_key() == "inovasi":
            page = self.window.list_page
            rows = page.table.selectionModel().selectedRows()
            return page.model.summary(rows[0].row()).workflow_state if rows else None
        return None

    def carry_refusal(self, state: WorkflowState | None) -> str | None:
        """Why the current innovation cannot be carried over (None: it can)."""
        if state is None:  # nothing chosen, or the editor still reading it
            return (
                ""
                if self.window.editor is not None
                else self.tr("Choose an innovation in the list first.")
            )
        if state in CARRYABLE_STATES:
            return None
        done = " / ".join(workflow_label(s) for s in WorkflowState if s in CARRYABLE_STATES)
        return self.tr(
            "{0}: this year's process is not finished yet. An innovation is submitted again for "
            "the next year once its year is done ({1})."
        ).format(workflow_label(state), done)

    @Slot()
    def refresh_carry(self) -> None:
        """Enable "Submit again for the next year" only where the year is done; else say why."""
        reason = self.carry_refusal(self.current_state())
        tip = (
            reason
            if reason is not None
            else self.tr("Copy this innovation into the next year's form as a new draft")
        )
        self.carry_action.setEnabled(reason is None)
        self.carry_action.setToolTip(tip)
        host = self.window.editor_host
        if host is not None and host.carry_button is not None:
            host.carry_button.setEnabled(reason is None)
            host.carry_button.setToolTip(tip)

    # --- actions --------------------------------------------------------------------------------

    def current_innovation(self) -> str | None:
        editor = self.window.editor
        if editor is not None:
            return str(editor.innovation_id)
        if self.window.current_page_key() == "inovasi":
            return self.window.list_page.selected_id()
        return None

    @Slot()
    def print_current(self) -> None:
        innovation_id = self.current_innovation()
        if innovation_id is None:
            self.window.statusBar().showMessage(
                self.tr("Choose an innovation in the list first."), 8000
            )
            return
        editor = self.window.editor
        if editor is not None:
            editor.flush()  # print what the officer sees, not what was saved a moment ago
        self.print_profiles([innovation_id])

    @Slot(list)
    def print_profiles(self, innovation_ids: list[str]) -> None:
        from desktop.export.profile_dialog import ProfileDialog

        self.dialog = ProfileDialog(self.context, innovation_ids, self.window)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.show()

    @Slot()
    def carry_current(self) -> None:
        innovation_id = self.current_innovation()
        if innovation_id is None or not capabilities(self.role).carry_over:
            self.window.statusBar().showMessage(
                self.tr("Choose an innovation in the list first."), 8000
            )
            return
        reason = self.carry_refusal(self.current_state())
        if reason is not None:  # e.g. a shortcut while the action was disabled
            self.window.statusBar().showMessage(reason, 8000)
            return
        from desktop.export.carryover_dialog import CarryOverDialog

        editor = self.window.editor
        if editor is not None:
            editor.flush()
        self.dialog = CarryOverDialog(self.context, innovation_id, self.window)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.sig_done.connect(self.window.open_innovation)
        self.dialog.show()

    @Slot()
    def show_package_page(self) -> None:
        if capabilities(self.role).package:
            self.window.close_editor()
            self.window.show_page(PAGE_KEY)
