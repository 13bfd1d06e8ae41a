"""The review part of the main window: the pages follow the signed-in role.

Installed by ``MainWindow.attach`` (``ReviewShell(window)``). It reads the role
(``Repository.get_local_user().role``, database lane) at start, after every sign-in or sign-out
and whenever the navigation changes, and applies ``desktop.roles.capabilities``:

- the **Verifikasi** nav page (review queue and review screen) for verifikator and admin;
- "Inovasi baru", "Hapus draf" and the list's **Ajukan** only for roles that write innovations;
- the Profil Pemda read-only for everyone but the admin (and before the role is known to be
  the admin, nothing is saved from it... except offline before the first sign-in, when the
  profile is the officer's own);
- an editor's "Periksa" (from the workflow bar) opens the innovation on the review screen.

The editor itself asks per innovation (``repo.workflow.content_refusal`` / ``options``): see
``desktop.review.workflow_bar``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from desktop.roles import Capabilities, capabilities

if TYPE_CHECKING:
    from desktop.review.desk_page import ReviewDeskPage
    from desktop.windows.main_window import MainWindow

PAGE_KEY = "verifikasi"


class ReviewShell(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.context = window.ctx
        self.caps: Capabilities | None = None
        self._desk: ReviewDeskPage | None = None
        from desktop.review.list_actions import ListSubmit
        from desktop.windows.main_window import LazyPage

        self.list_submit = ListSubmit(window.list_page, self.context)
        self.list_submit.set_visible(False)
        self.page_host = LazyPage(self._build_desk, window)
        window.add_page(PAGE_KEY, "", self.page_host)
        self._row().setHidden(True)  # until the role is known to review
        window.nav.currentRowChanged.connect(self._nav_changed)
        window.sig_language_changed.connect(lambda _language: self.retranslate())
        bridge = getattr(self.context, "sync_bridge", None)
        if bridge is not None:
            self.bridge_installed(bridge)
        self.retranslate()
        self.refresh_role()

    def bridge_installed(self, bridge: Any) -> None:
        """The sync part is installed (``desktop.sync_bridge.install`` calls this): follow
        sign-ins and what the runs change."""
        bridge.sig_account_changed.connect(self.refresh_role)
        self.list_submit.follow(bridge)

    def _row(self) -> Any:
        return self.window.nav.item(list(self.window._pages).index(PAGE_KEY))

    def _build_desk(self, parent: QWidget) -> QWidget:
        from desktop.review.desk_page import ReviewDeskPage

        desk = ReviewDeskPage(self.context, parent)
        self._desk = desk
        return desk

    @property
    def desk(self) -> ReviewDeskPage:
        widget = self.page_host.widget
        assert self._desk is not None and self._desk is widget
        return self._desk

    def retranslate(self) -> None:
        title = self.tr("Verification")
        self.window._titles[PAGE_KEY] = title
        self._row().setText(title)

    # --- the role --------------------------------------------------------------------------

    @Slot()
    def refresh_role(self) -> None:
        repo = self.context.repo
        self.context.tasks.run_db(repo.get_local_user, on_done=self._apply)

    @Slot(int)
    def _nav_changed(self, _row: int) -> None:
        if self.window.current_page_key() == PAGE_KEY and self._desk is not None:
            self._desk.refresh()
        self.refresh_role()

    def _apply(self, user: Any) -> None:
        caps = capabilities(user.role if user is not None else "")
        changed = caps != self.caps
        self.caps = caps
        if not changed:
            return
        window = self.window
        self._row().setHidden(not caps.review)
        page = window.list_page
        page.new_button.setVisible(caps.write_innovations)
        window.new_action.setVisible(caps.write_innovations)
        page.delete_button.setVisible(caps.write_innovations)
        page.delete_action.setVisible(caps.write_innovations)
        self.list_submit.set_visible(caps.write_innovations and caps.role != "admin")
        self.list_submit.refresh()
        self._apply_spd(caps)
        window.retranslate_nav()  # Dasbor (the whole pemda) or Ringkasan, before it is opened
        if not caps.review and window.current_page_key() == PAGE_KEY:
            window.show_page("inovasi")

    def _apply_spd(self, caps: Capabilities) -> None:
        if caps.edit_spd:
            return
        spd = self.window.spd_lazy

        def freeze_when_built(page: Any) -> None:
            page.set_read_only(
                self.tr("Read only: only the pemda admin changes the regional profile.")
            )

        if spd._widget is not None:
            freeze_when_built(spd._widget)
        else:
            original = spd._build

            def build(parent: QWidget) -> QWidget:
                page: QWidget = original(parent)
                freeze_when_built(page)
                return page

            spd._build = build

    # --- opening ---------------------------------------------------------------------------

    @Slot(str)
    def open_review(self, innovation_id: str) -> None:
        """Show the Verifikasi page with ``innovation_id`` on the review screen."""
        if self.caps is None or not self.caps.review:
            return
        self.window.close_editor()
        self.window.show_page(PAGE_KEY)
        self.desk.open_review(innovation_id)
