"""``inovasi-desk --sync-once``: one full synchronisation without a window, for administrators'
scripts and for checks.

    inovasi-desk --sync-once [--data-dir DIR] [--server URL --user NAME] [--lang id|en]

Records up and down, then evidence up and down (every file of every record this installation may
read: ``--sync-once`` fetches them all, whatever the download policy says). When no sign-in is
stored for the server, ``--user NAME`` signs in with the password read from standard input (one
line; not echoed on a terminal). Prints one summary line in the user's language (sent,
received, downloaded, left, refused) and, when the run did not complete, why. Exit status: 0 when
nothing is left undelivered or refused, 1 when something is, 2 when it could not sign in or no
server is configured, 3 when the data folder is in use by another copy (the app's window, or
another ``--sync-once``): like the app, it holds the folder's single-instance lock
(:class:`desktop.single_instance.InstanceGuard`) for as long as it runs, so the two never write
one store at once.
"""

from __future__ import annotations

import getpass
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate
log = logging.getLogger(__name__)

IN_USE = 3
"""Exit status: another copy holds the data folder."""
MAX_RUNS = 5
"""A run cut short by the line is tried again while it still moves things (at most this often)."""


def read_password(stdin: TextIO) -> str:
    if stdin.isatty():
        return getpass.getpass(translate("SyncOnce", "Password: "))
    return stdin.readline().rstrip("\r\n")


def run_sync_once(
    data_dir: Path,
    *,
    server: str | None,
    user: str | None,
    language: str | None,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    stderr: TextIO = sys.stderr,
) -> int:
    """See the module docstring. Returns the exit status."""
    from desktop.i18n import Translations
    from desktop.settings import Settings
    from desktop.single_instance import InstanceGuard

    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings(data_dir)
    lang = language or settings.language
    translations = Translations()
    translations.install(lang)

    def say(text: str, stream: TextIO = stdout) -> None:
        stream.write(text + "\n")
        stream.flush()

    guard = InstanceGuard(data_dir, listen=False)
    if not guard.acquire():  # the app (or another --sync-once) has the folder: touch nothing
        say(
            translate(
                "SyncOnce",
                "The data folder {0} is in use by Inovasi Desk (process {1}). It synchronises "
                "there; close that window (or wait for the other --sync-once) and run again.",
            ).format(data_dir, guard.holder_pid() or "?"),
            stderr,
        )
        return IN_USE
    try:
        return _run(data_dir, server, user, lang, settings, say, stdin, stderr)
    finally:
        guard.release()
        del app


def _run(
    data_dir: Path,
    server: str | None,
    user: str | None,
    lang: str,
    settings: Any,
    say: Callable[..., None],
    stdin: TextIO,
    stderr: TextIO,
) -> int:
    """The run itself, with the folder held."""
    from desktop.sync_words import problem_text, server_words
    from sync.client.credentials import CredentialStore
    from sync.client.engine import SyncEngine
    from sync.client.events import Phase
    from sync.client.http import LoginFailed, SyncError
    from sync.client.policy import DownloadPolicy, SyncMode, SyncPolicy
    from sync.client.problems import problem_of
    from sync.local import paths
    from sync.local.db import Store
    from sync.local.outbox import OutboxState
    from sync.local.repository import Repository
    from sync.local.vault import Vault

    if server:
        settings.server_url = server.strip().rstrip("/")
    url = settings.server_url
    if not url:
        say(
            translate(
                "SyncOnce", "No server is set. Give it once with --server URL (it is remembered)."
            ),
            stderr,
        )
        return 2
    store = Store(paths.store_path(data_dir))
    vault = Vault(paths.vault_path(data_dir))
    engine: SyncEngine | None = None
    try:
        repo = Repository(store)
        credentials = CredentialStore(data_dir)
        local = repo.get_local_user()
        engine = SyncEngine(
            repo,
            vault,
            server_url=url,
            credentials=credentials,
            policy=SyncPolicy(mode=SyncMode.MANUAL, downloads=DownloadPolicy.EVERYTHING),
            device_id=local.device_id if local else "",
            metered=lambda: False,
        )
        stored = credentials.get(url)
        if stored is None or (user and stored.username != user):
            if not user:
                say(
                    translate(
                        "SyncOnce",
                        "Not signed in on {0}. Give --user NAME; the password is read from "
                        "standard input.",
                    ).format(url),
                    stderr,
                )
                return 2
            try:
                engine.login(user, read_password(stdin))
            except LoginFailed as exc:
                refusal = problem_of(exc)
                words = server_words(refusal, lang) or problem_text(refusal, lang)
                say(translate("SyncOnce", "Sign-in refused: {0}").format(words), stderr)
                return 2
            except SyncError as exc:
                say(problem_text(problem_of(exc), lang), stderr)
                return 2
        sent = received = downloaded = 0
        for _ in range(MAX_RUNS):
            status = engine.run_once()
            run = engine.last_run()
            moved = run is not None and run.moved_anything()
            if run is not None:
                sent += run.pushed + run.uploaded
                received += run.pulled
                downloaded += run.downloaded
            if status.phase is Phase.SYNCED or not moved:
                break
        counts = repo.outbox.counts()
        refused = sum(n for (_d, state), n in counts.items() if state is OutboxState.REFUSED)
        left = sum(counts.values()) - refused
        say(
            translate(
                "SyncOnce", "Sent {0}, received {1}, downloaded {2}, left {3}, refused {4}."
            ).format(sent, received, downloaded, left, refused)
        )
        if status.phase is not Phase.SYNCED and status.problem is not None:
            say(problem_text(status.problem, lang), stderr)
        elif status.phase is Phase.LOGIN_REQUIRED:
            say(translate("SyncOnce", "Sign in again (--user NAME)."), stderr)
        return 0 if left == 0 and refused == 0 and status.phase is Phase.SYNCED else 1
    finally:
        if engine is not None:
            engine.stop(timeout=5.0)
        vault.close()
        store.close()
