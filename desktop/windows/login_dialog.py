"""Signing in to the pemda's server, and signing out without losing unsent work.

The password goes to the server on the background lane (``context.tasks.run_bg``); the dialog
stays responsive and says what went wrong in words that tell the officer what to do. The token
is kept by the engine's ``CredentialStore`` (OS keyring, or a file only this user can read);
the dialog never stores the password.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlparse

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop.labels import as_written

log = logging.getLogger(__name__)


translate = QCoreApplication.translate


def normalise_url(text: str) -> str:
    """``server.example.go.id`` -> ``https://server.example.go.id``; no trailing slash."""
    text = text.strip().rstrip("/")
    if text and "://" not in text:
        text = "https://" + text
    return text


def valid_url(text: str) -> bool:
    parsed = urlparse(text)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


def _status_of(error: BaseException) -> int | None:
    for name in ("status", "http_status", "status_code"):
        value = getattr(error, name, None)
        if isinstance(value, int):
            return value
    return None


def _retry_after(error: BaseException) -> int | None:
    value = getattr(error, "retry_after", None)
    if isinstance(value, (int, float)):
        return int(value)
    import re

    match = re.search(r"(\d+)\s*(?:detik|seconds?)", str(error))
    return int(match.group(1)) if match else None


def describe_login_error(error: BaseException, server_url: str) -> str:
    """What the officer reads when signing in failed: what happened and what to do."""
    from sync.client.http import CaptivePortalError, LoginFailed, SyncNetworkError

    status = _status_of(error)
    text = str(error)
    lowered = text.lower()
    if status == 429 or "too many" in lowered or "terlalu banyak" in lowered:
        wait = _retry_after(error)
        if wait:
            return translate(
                "LoginDialog",
                "Too many failed attempts for this account. Wait {0} seconds, then try again "
                "with the right password.",
            ).format(wait)
        return translate(
            "LoginDialog",
            "Too many failed attempts for this account. Wait a few minutes, then try again "
            "with the right password.",
        )
    if isinstance(error, LoginFailed) and status in (None, 401, 403):
        return translate(
            "LoginDialog",
            "The user name or password is wrong, or the account is disabled. Check them (capital "
            "letters count) and try again; if you forgot the password, ask your pemda's "
            "administrator to set a new one.",
        )
    if isinstance(error, CaptivePortalError):
        return translate(
            "LoginDialog",
            "This network wants you to sign in to it first (a Wi-Fi login page). Open a web "
            "browser, complete the network's login, then try again.",
        )
    if isinstance(error, (SyncNetworkError, OSError)):
        return translate(
            "LoginDialog",
            "The server {0} cannot be reached. Check the server address and the internet "
            "connection, then try again. Your work stays safe on this laptop meanwhile.",
        ).format(server_url)
    if status in (404, 405):
        return translate(
            "LoginDialog",
            "{0} answered, but it is not an Inovasi Desk server. Check the server address "
            "(ask your pemda's administrator for it).",
        ).format(server_url)
    if status is not None and status >= 500:
        return translate(
            "LoginDialog",
            "The server {0} has a problem right now. Try again later; if it persists, tell "
            "your pemda's administrator.",
        ).format(server_url)
    from desktop.sync_words import problem_text
    from sync.client.problems import problem_of

    # Anything else: the problem's words (the server's own in the officer's language), never
    # the technical text.
    language = "en" if QLocale().language() == QLocale.Language.English else "id"
    return translate("LoginDialog", "Signing in failed: {0}").format(
        problem_text(problem_of(error), language)
    )


class LoginDialog(QDialog):
    """Server address, user name, password. Accepted once the server took the password."""

    sig_logged_in = Signal(object)
    """The server's ``UserInfo``."""

    def __init__(self, context: Any, bridge: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.bridge = bridge
        self.user: Any = None
        self.busy = False
        self.setWindowTitle(translate("LoginDialog", "Sign in to the server"))
        self.setMinimumWidth(460)

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setText(
            translate(
                "LoginDialog",
                "Sign in with the account your pemda's administrator gave you. Your drafts and "
                "evidence are sent to this server when a connection is available.",
            )
        )
        self.server_edit = QLineEdit(self)
        self.server_edit.setPlaceholderText("https://inovasi.contoh.go.id")
        self.server_edit.setText(context.settings.server_url)
        self.username_edit = QLineEdit(self)
        self.username_edit.setText(context.settings.username)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("loginError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #a4262c;")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()

        form = QFormLayout()
        form.addRow(translate("LoginDialog", "&Server address"), self.server_edit)
        form.addRow(translate("LoginDialog", "&User name"), self.username_edit)
        form.addRow(translate("LoginDialog", "&Password"), self.password_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(translate("LoginDialog", "Sign in"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            translate("LoginDialog", "Cancel")
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        for edit in (self.server_edit, self.username_edit, self.password_edit):
            edit.textChanged.connect(self._clear_error)
        first_empty = next(
            (e for e in (self.server_edit, self.username_edit) if not e.text()),
            self.password_edit,
        )
        first_empty.setFocus()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    @Slot()
    def _clear_error(self) -> None:
        if not self.busy:
            self.error_label.hide()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.server_edit, self.username_edit, self.password_edit, self.ok_button):
            widget.setEnabled(not busy)
        self.ok_button.setText(
            translate("LoginDialog", "Signing in…") if busy else translate("LoginDialog", "Sign in")
        )

    @Slot()
    def submit(self) -> None:
        if self.busy:
            return
        url = normalise_url(self.server_edit.text())
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not valid_url(url):
            self.show_error(
                translate(
                    "LoginDialog",
                    "Enter the server address, for example https://inovasi.contoh.go.id.",
                )
            )
            self.server_edit.setFocus()
            return
        if not username or not password:
            self.show_error(translate("LoginDialog", "Enter your user name and password."))
            (self.username_edit if not username else self.password_edit).setFocus()
            return
        self.server_edit.setText(url)
        if not self._confirm_other_server(url):
            return
        engine = self._engine_for(url)
        self._set_busy(True)
        self.error_label.hide()
        self.context.tasks.run_bg(
            lambda: engine.login(username, password),
            on_done=lambda user: self._done(url, username, user),
            on_error=lambda error: self._failed(url, error),
        )

    def _confirm_other_server(self, url: str) -> bool:
        """This laptop's data came from another server: say what signing in here means."""
        try:
            known = self.context.repo.get_local_user()
        except Exception:  # noqa: BLE001 - no record of a server: nothing to warn about
            return True
        old = (known.server_url if known is not None else "").rstrip("/")
        if not old or old == url:
            return True
        answer = QMessageBox.question(
            self,
            translate("LoginDialog", "Another server"),
            as_written(
                translate(
                    "LoginDialog",
                    "The data on this laptop was synchronised with {0}. If you sign in to {1}, "
                    "your drafts and changes are sent there instead; what is already on {0} "
                    "stays there. Usually a laptop belongs to one pemda's server.\n\nSign in "
                    "to {1}?",
                ).format(old, url)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _engine_for(self, url: str) -> Any:
        """The running engine when the server stays the same; else a spare one that only signs
        in (the running engine keeps going until the sign-in worked)."""
        if self.bridge.engine is not None and url == self.bridge.server_url:
            return self.bridge.engine
        from sync.client.engine import SyncEngine

        return SyncEngine(
            self.context.repo,
            self.context.vault,
            server_url=url,
            credentials=self.bridge.credentials(),
        )

    def _done(self, url: str, username: str, user: Any) -> None:
        self._set_busy(False)
        self.password_edit.clear()
        self.user = user
        self.bridge.use_server(url)
        self.bridge.logged_in(username)
        self.sig_logged_in.emit(user)
        self.accept()

    def _failed(self, url: str, error: BaseException) -> None:
        log.info("sign-in to %s failed: %s", url, error)
        self._set_busy(False)
        self.password_edit.selectAll()
        self.password_edit.setFocus()
        self.show_error(describe_login_error(error, url))

    def reject(self) -> None:
        if self.busy:
            return  # the request is under way; its answer arrives shortly
        super().reject()


def confirm_logout(parent: QWidget | None, bridge: Any, pending: int) -> bool:
    """Ask before signing out; says that unsent work stays and goes after the next sign-in."""
    if pending:
        text = translate(
            "LoginDialog",
            "Sign out of {0}?\n\n{1} change(s) not yet sent stay safe on this laptop and are "
            "sent after you sign in again. Nothing is deleted.",
        ).format(bridge.server_url, pending)
    else:
        text = translate(
            "LoginDialog",
            "Sign out of {0}?\n\nEverything has been sent. Your data stays on this laptop.",
        ).format(bridge.server_url)
    answer = QMessageBox.question(
        parent,
        translate("LoginDialog", "Sign out"),
        as_written(text),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
