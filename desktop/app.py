"""The Inovasi Desk application: ``inovasi-desk`` / ``python -m desktop``.

Options: ``--lang id|en`` (else the saved choice, Indonesian by default), ``--data-dir DIR``
(else ``INOVASI_DESK_DATA`` or the per-user data folder), ``--self-test`` and ``--check-data``
(see ``desktop.selftest``), ``--version``; ``--server URL`` (the pemda's sync server, saved in
the data folder's settings) and ``--demo-login`` (sign in the demo operator of ``inovasi-server
demo`` unless a sign-in is stored; ``scripts/run-app.sh`` uses both); ``--sync-once [--user
NAME]`` synchronises once without a window (``desktop.sync_once``); ``--read-evidence FILE...
[--innovation-name NAME]`` reads evidence files headless (``sync.local.reading.cli``).
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.qtapp import APP_NAME, app_version

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from desktop.context import AppContext
    from desktop.i18n import Translations
    from desktop.windows.main_window import MainWindow
    from sync.local.listing import ListReader


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    from desktop.cli import parse_args as parse

    return parse(sys.argv[1:] if argv is None else argv, app_version)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    for chatty in ("alembic", "pikepdf"):  # their INFO lines say nothing an officer can use
        logging.getLogger(chatty).setLevel(logging.WARNING)
    if args.read_evidence:
        from sync.local.reading import cli

        return cli.run(args.read_evidence, args.innovation_name)
    if args.data_dir is not None:
        os.environ["INOVASI_DESK_DATA"] = str(args.data_dir.resolve())
    if args.sync_once:
        from desktop.sync_once import run_sync_once
        from sync.local import paths

        folder = args.data_dir.resolve() if args.data_dir is not None else paths.data_dir()
        return run_sync_once(folder, server=args.server, user=args.user, language=args.lang)
    if args.self_test or args.check_data:
        from desktop import selftest

        if args.self_test:
            return selftest.run_self_test(args.data_dir, report=args.report, language=args.lang)
        return selftest.run_check_data(args.data_dir, report=args.report)
    return run_app(
        args.lang,
        exit_when_shown=args.exit_when_shown,
        exit_when_framed=args.exit_when_framed,
        exit_when_listed=args.exit_when_listed,
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
    exit_when_listed: bool = False,
    exit_when_synced: bool = False,
    server: str | None = None,
    demo_login: bool = False,
    already_running: str | None = None,
) -> int:
    """Start in phases, each painted before the next begins, so the officer sees the window at
    once and the list right after (``bench/app_start.py``):

    1. the window frame (``MainWindow.starting``), before anything reads the store;
    2. after its first paint, if the store is at this release's schema, the list read with
       plain sqlite3 (``sync.local.listing.ListReader``, read-only) while SQLAlchemy and the
       rest of the store machinery load on a worker thread;
    3. then the store opens (``AppContext.create``: migrations with a backup, or a refusal
       that leaves the file untouched), the pages are built (``attach``) and sync starts.

    A store that is new, older or foreign skips step 2: nothing reads it before it is migrated
    or refused. ``exit_when_framed``/``exit_when_listed``/``exit_when_shown`` quit once the
    frame, the list, or every page is painted (the benches)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.i18n import Translations
    from desktop.labels import as_written
    from desktop.qtapp import make_application
    from desktop.settings import Settings
    from desktop.single_instance import (
        InstanceGuard,
        bring_to_front,
        folder_in_use,
        wait_for_background_sync,
    )
    from desktop.windows.main_window import MainWindow
    from sync.local import paths

    app = make_application(sys.argv[:1], with_version=False)
    folder = paths.data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    settings = Settings(folder)
    translations = Translations()
    translations.install(language or settings.language)
    guard = InstanceGuard(folder)
    if not guard.acquire() and not (  # another copy has the folder: nothing here opens it
        guard.held_by_background() and wait_for_background_sync(guard, already_running)
    ):
        if not guard.held_by_background():
            folder_in_use(guard, already_running)
        translations.uninstall()
        return 0
    window = MainWindow.starting(settings, translations)
    guard.sig_raise_requested.connect(lambda: bring_to_front(state["window"]))
    state: dict[str, Any] = {"context": None, "window": window, "rc": 0}

    def show_list() -> None:
        """Phase 2, right after the frame is painted."""
        if exit_when_framed:
            app.quit()
            return
        reader = startup_list_reader(folder)
        if reader is None:
            open_data()
            return
        try:
            window.show_list(reader)
        except Exception:  # noqa: BLE001 - e.g. a value this release does not know: say so
            log.warning("the list could not be read before the store opened", exc_info=True)
            open_data()  # opening the store (and reading it again) reports what is wrong
            return
        if exit_when_listed:
            after_paint(window.list_page.table.viewport(), app.quit)
            return
        after_paint(window.list_page.table.viewport(), lambda: load_in_background(open_data))

    def refuse(text: str) -> None:
        """Say why the data cannot be shown (nothing was changed) and end: exit code 1."""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(window, APP_NAME, as_written(text))
        state["rc"] = 1
        window.close()  # the last window: the event loop ends

    def open_data() -> None:
        from desktop.context import AppContext

        guard.start_listening()  # a second copy can now bring this window to the front
        try:
            context = AppContext.create(folder, language=language)
        except Exception as error:  # noqa: BLE001 - shown to the user; the data is left as it is
            refuse(
                QApplication.translate(
                    "App",
                    "The data in {0} could not be opened. Nothing was changed or deleted. Close "
                    "other copies of Inovasi Desk, check the disk, or restore a backup, then try "
                    "again.\n\n{1}",
                ).format(folder, error)
            )
            return
        state["context"] = context
        app.setApplicationVersion(app_version())
        translations.install(context.language)
        if server:
            context.settings.server_url = server.strip().rstrip("/")
        try:
            window.attach(context)
        except Exception as error:  # noqa: BLE001 - shown to the user; the data is left as it is
            log.error("the pages could not be built on the opened store", exc_info=True)
            refuse(
                QApplication.translate(
                    "App",
                    "The data in {0} holds something this version of Inovasi Desk cannot read "
                    "(perhaps written by a newer version). Nothing was changed or deleted. "
                    "Install the latest version of Inovasi Desk, or restore a backup, then try "
                    "again.\n\nDetails for support: {1}",
                ).format(folder, error)
            )
            return  # the store closes after the event loop
        window.sig_restore_requested.connect(restore)
        if exit_when_shown or exit_when_listed:
            QTimer.singleShot(0, app.quit)  # runs once the pages are shown and painted
            return
        QTimer.singleShot(0, start_syncing)  # once the list is painted

    def start_syncing() -> None:
        log.info("app: the list is shown; data in %s", folder)
        start_sync(window)
        if demo_login:
            sign_in_demo(window)
        if exit_when_synced:
            quit_when_synced(app, window, require_records=demo_login)

    after_paint(window, show_list)

    def restore(backup_folder: str) -> None:
        from PySide6.QtWidgets import QMessageBox

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
        QMessageBox.information(state["window"], APP_NAME, as_written(message))

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


def startup_list_reader(folder: Path) -> ListReader | None:
    """A read-only ``ListReader`` on the store in ``folder`` when its schema is this release's
    (nothing to migrate), else None: a new, older or foreign store is opened by the full path
    first, which migrates it (with a backup) or refuses it untouched."""
    from sync.local import paths
    from sync.local.db import HEAD_REVISION, current_revision
    from sync.local.listing import ListReader

    path = paths.store_path(folder)
    try:
        if current_revision(path) != HEAD_REVISION:
            return None
    except sqlite3.Error:
        return None
    return ListReader(path)


def after_paint(widget: Any, action: Any, *, latest_ms: int = 300) -> None:
    """Run ``action`` once, right after ``widget``'s next paint has been handled (or after
    ``latest_ms`` at the latest, should it never be exposed, e.g. started minimised)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class AfterPaint(QObject):
        def __init__(self) -> None:
            super().__init__(widget)
            self.done = False
            QTimer.singleShot(latest_ms, self, self.fire)

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.done:
                QTimer.singleShot(0, self, self.fire)
            return False

        def fire(self) -> None:
            if self.done:
                return
            self.done = True
            widget.removeEventFilter(self)
            action()

    widget.installEventFilter(AfterPaint())


def load_in_background(then: Any) -> None:
    """Import the store machinery (SQLAlchemy, pydantic, the mapped models: the bulk of the
    start-up time) on a worker thread, then call ``then`` on the GUI thread: the list stays
    responsive meanwhile. An import error surfaces in ``then`` (it imports the same modules)."""
    import threading

    from PySide6.QtCore import QObject, Qt, Signal

    class Loaded(QObject):
        sig_done = Signal()

    loaded = Loaded()
    loaded.sig_done.connect(then, Qt.ConnectionType.QueuedConnection)

    def work() -> None:
        try:
            import desktop.context  # noqa: F401 - the import is the work
        except Exception:  # noqa: BLE001 - reported when ``then`` imports it again
            log.debug("background import failed", exc_info=True)
        finally:
            loaded.sig_done.emit()

    _keep.append(loaded)
    threading.Thread(target=work, name="inovasi-preload", daemon=True).start()


_keep: list[Any] = []  # the loader object outlives the thread's signal


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
