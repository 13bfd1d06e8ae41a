"""The Inovasi Desk application: ``inovasi-desk`` / ``python -m desktop``.

Options: ``--lang id|en`` (else the saved choice, Indonesian by default), ``--data-dir DIR``
(else ``INOVASI_DESK_DATA`` or the per-user data folder), ``--self-test`` and ``--check-data``
(see ``desktop.selftest``), ``--version``; ``--server URL`` (the pemda's sync server, saved in
the data folder's settings) and ``--demo-login`` (sign in the demo operator of ``inovasi-server
demo`` unless a sign-in is stored; ``scripts/run-app.sh`` uses both).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.qtapp import APP_NAME, app_version

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from desktop.context import AppContext
    from desktop.i18n import Translations
    from desktop.windows.main_window import MainWindow


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    from desktop.cli import parse_args as parse

    return parse(sys.argv[1:] if argv is None else argv, app_version())


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    for chatty in ("alembic", "pikepdf"):  # their INFO lines say nothing an officer can use
        logging.getLogger(chatty).setLevel(logging.WARNING)
    if args.data_dir is not None:
        os.environ["INOVASI_DESK_DATA"] = str(args.data_dir.resolve())
    if args.self_test or args.check_data:
        from desktop import selftest

        if args.self_test:
            return selftest.run_self_test(args.data_dir, report=args.report, language=args.lang)
        return selftest.run_check_data(args.data_dir, report=args.report)
    return run_app(
        args.lang,
        exit_when_shown=args.exit_when_shown,
        exit_when_framed=args.exit_when_framed,
        exit_when_synced=args.exit_when_synced,
        server=args.server,
        demo_login=args.demo_login,
        already_running=args.already_running,
    )


DEMO_OPERATOR = ("operator", "demo-operator")  # sync.server.demo.DEMO_ACCOUNTS


def run_app(
    language: str | None,
    *,
    exit_when_shown: bool = False,
    exit_when_framed: bool = False,
    exit_when_synced: bool = False,
    server: str | None = None,
    demo_login: bool = False,
    already_running: str | None = None,
) -> int:
    """Show the window frame at once, open the store right after its first paint, then build
    the pages and start sync (``MainWindow.starting`` + ``attach``). ``exit_when_shown`` quits
    once the pages are painted, ``exit_when_framed`` once the frame is (bench/app_start.py)."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.i18n import Translations
    from desktop.qtapp import make_application
    from desktop.settings import Settings
    from desktop.single_instance import InstanceGuard, bring_to_front, folder_in_use
    from desktop.windows.main_window import MainWindow
    from sync.local import paths

    app = make_application(sys.argv[:1])
    folder = paths.data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    settings = Settings(folder)
    translations = Translations()
    translations.install(language or settings.language)
    guard = InstanceGuard(folder)
    if not guard.acquire():  # another copy has this data folder: nothing here opens it
        folder_in_use(guard, already_running)
        translations.uninstall()
        return 0
    window = MainWindow.starting(settings, translations)
    guard.sig_raise_requested.connect(lambda: bring_to_front(state["window"]))
    state: dict[str, Any] = {"context": None, "window": window, "rc": 0}

    def open_data() -> None:
        from desktop.context import AppContext

        try:
            context = AppContext.create(folder, language=language)
        except Exception as error:  # noqa: BLE001 - shown to the user; the data is left as it is
            QMessageBox.critical(
                window,
                APP_NAME,
                QApplication.translate(
                    "App",
                    "The data in {0} could not be opened. Nothing was changed or deleted. Close "
                    "other copies of Inovasi Desk, check the disk, or restore a backup, then try "
                    "again.\n\n{1}",
                ).format(folder, error),
            )
            state["rc"] = 1
            window.close()  # the last window: the event loop ends
            return
        state["context"] = context
        translations.install(context.language)
        if server:
            context.settings.server_url = server.strip().rstrip("/")
        window.attach(context)
        window.sig_restore_requested.connect(restore)
        if exit_when_shown:
            QTimer.singleShot(0, app.quit)  # runs once the pages are shown and painted
            return
        QTimer.singleShot(0, start_syncing)  # once the list is painted

    def start_syncing() -> None:
        logging.getLogger(__name__).info("app: the list is shown; data in %s", folder)
        start_sync(window)
        if demo_login:
            sign_in_demo(window)
        if exit_when_synced:
            quit_when_synced(app, window, require_records=demo_login)

    class FirstPaint(QObject):
        """Opens the data right after the frame's first paint (or after 300 ms at the latest,
        should the window not be exposed, e.g. started minimised)."""

        def __init__(self) -> None:
            super().__init__(window)
            self.done = False
            QTimer.singleShot(300, self.fire)

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.done:
                QTimer.singleShot(0, self.fire)
            return False

        def fire(self) -> None:
            if self.done:
                return
            self.done = True
            window.removeEventFilter(self)
            if exit_when_framed:
                app.quit()
                return
            open_data()

    window.installEventFilter(FirstPaint())

    def restore(backup_folder: str) -> None:
        from desktop.context import AppContext
        from sync.local.backup import BackupError
        from sync.local.backup import restore as restore_backup

        stop_sync(state["window"])  # the engine lets go of the store before it closes
        state["window"].close()
        state["context"].close()
        try:
            restore_backup(Path(backup_folder), folder)
            message = QApplication.translate("App", "The backup was restored.")
        except BackupError as error:
            message = QApplication.translate(
                "App", "The backup could not be restored; your data is unchanged.\n\n{0}"
            ).format(error)
        state["context"] = AppContext.create(folder, language=language)
        state["window"] = open_window(state["context"], translations)
        state["window"].sig_restore_requested.connect(restore)
        QMessageBox.information(state["window"], APP_NAME, message)

    window.show()
    try:
        rc = int(app.exec())
    finally:
        stop_sync(state["window"])
        if state["context"] is not None:
            state["context"].close()
        guard.release()
        translations.uninstall()
    return state["rc"] or rc


def open_window(context: AppContext, translations: Translations) -> MainWindow:
    """A complete main window on an opened store, shown, with sync started (after a restore)."""
    from desktop.windows.main_window import MainWindow

    window = MainWindow(context, translations)
    window.show()
    start_sync(window)
    return window


def start_sync(window: MainWindow) -> None:
    """Install the sync bridge (Sinkronisasi page, status line) on an attached window, start it."""
    from desktop import sync_bridge

    sync_bridge.install(window).start()


def stop_sync(window: MainWindow) -> None:
    """Stop the sync engine (pending work stays queued) so the store can close."""
    bridge = window.sync_bridge
    if bridge is not None:
        bridge.stop()


def quit_when_synced(
    app: QApplication,
    window: MainWindow,
    *,
    require_records: bool = False,
    timeout_ms: int = 120_000,
) -> None:
    """Quit once the engine reports SYNCED and nothing (record or file) is pending; with
    ``require_records`` only after the demo sign-in made its drafts. Exit 3 on timeout."""
    from PySide6.QtCore import QTimer

    bridge = window.sync_bridge
    assert bridge is not None, "start_sync first"
    context = bridge.context

    done: list[bool] = []

    def check(status: object) -> None:
        if done or getattr(status, "phase", None) != "synced" or bridge.pending_items():
            return
        if require_records and not window.demo_ready:
            return
        records = context.repo.count_innovations()
        user = bridge.user()
        runs = context.repo.recent_sync_runs(50)
        print(
            f"synced with {bridge.server_url} as {getattr(user, 'username', '?')}: "
            f"{records} innovation(s) here, {sum(r.pushed for r in runs)} sent, nothing pending",
            flush=True,
        )
        done.append(True)
        QTimer.singleShot(0, app.quit)

    bridge.sig_status.connect(check)
    QTimer.singleShot(timeout_ms, lambda: app.exit(3))


def sign_in_demo(window: MainWindow) -> None:
    """Sign in the demo operator on the configured server, unless someone is signed in; a data
    folder without innovations then gets two demo drafts (one with evidence) to see sync."""
    bridge = window.sync_bridge
    if bridge is None or not bridge.server_url:
        return
    context = bridge.context

    def seed() -> None:
        from desktop.demo_data import seed_drafts

        def seeded(ids: object) -> None:
            window.demo_ready = True
            if ids:
                window.list_page.refresh()
                bridge.sync_now()

        context.tasks.run_db(lambda: seed_drafts(context), on_done=seeded)

    if not bridge.sign_in_demo(*DEMO_OPERATOR, on_signed_in=seed):
        seed()  # already signed in (a stored sign-in is kept)


if __name__ == "__main__":
    sys.exit(main())
