"""The login dialog against the real server on loopback: a wrong password, a server that is not
there, too many attempts, a sign-in that works (token in the credential store, sync starts),
and signing out with unsent work (the confirmation says it stays; it is sent after the next
sign-in)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from desktop.windows.login_dialog import LoginDialog
from desktop.windows.main_window import MainWindow
from tests.gui.sync_support import close_window
from tests.gui.sync_support import open_window as _open_window
from tests.pg import free_port
from tests.server.live import running_server

pytestmark = pytest.mark.gui


def open_window(qtbot: Any, data_dir: Path, translations: Any) -> MainWindow:
    return _open_window(qtbot, data_dir, translations, start=True)


def fill(dialog: LoginDialog, url: str, username: str, password: str) -> None:
    for edit, text in (
        (dialog.server_edit, url),
        (dialog.username_edit, username),
        (dialog.password_edit, password),
    ):
        edit.clear()
        QTest.keyClicks(edit, text)


def attempt(qtbot: Any, dialog: LoginDialog, url: str, username: str, password: str) -> None:
    fill(dialog, url, username, password)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.busy and (dialog.error_label.isVisible() or dialog.result()))


def test_wrong_password_and_unreachable_server_say_what_to_do(
    qtbot: Any, _private_data_dir: Path, tmp_path: Path, translations: Any
) -> None:
    window = open_window(qtbot, _private_data_dir, translations)
    page = window.sync_page
    dialog = page.open_login()
    assert dialog.isVisible() and dialog.windowTitle() == "Masuk ke server"

    # Nothing listens on this port.
    nowhere = f"http://127.0.0.1:{free_port()}"
    attempt(qtbot, dialog, nowhere, "operator", "demo-operator")
    assert dialog.isVisible()
    assert dialog.error_label.text().startswith(f"Server {nowhere} tidak dapat dihubungi.")
    assert "tetap aman di laptop ini" in dialog.error_label.text()

    with running_server(tmp_path / "server") as live:
        attempt(qtbot, dialog, live.url, "operator", "salah-sandi")
        assert dialog.isVisible()
        assert dialog.error_label.text().startswith("Nama pengguna atau kata sandi salah")
        assert "minta admin pemda" in dialog.error_label.text()
        assert dialog.password_edit.hasFocus() or not window.isActiveWindow()
        assert window.sync_bridge.credentials().get(live.url) is None
        # Typing again clears the message.
        QTest.keyClicks(dialog.password_edit, "x")
        assert not dialog.error_label.isVisible()

    # Incomplete forms are caught before anything is sent.
    fill(dialog, "", "operator", "x")
    dialog.ok_button.click()
    assert dialog.error_label.text() == (
        "Isi alamat server, misalnya https://inovasi.contoh.go.id."
    )
    dialog.reject()
    assert window.context.settings.server_url == ""  # a failed sign-in changes nothing
    close_window(window)


def test_too_many_attempts_tells_how_long_to_wait(
    qtbot: Any, _private_data_dir: Path, tmp_path: Path, translations: Any
) -> None:
    window = open_window(qtbot, _private_data_dir, translations)
    dialog = window.sync_page.open_login()
    with running_server(
        tmp_path / "server", login_max_failures_per_account=2, login_delay_base_seconds=30
    ) as live:
        for _ in range(2):
            attempt(qtbot, dialog, live.url, "operator2", "salah")
            assert dialog.error_label.text().startswith("Nama pengguna atau kata sandi salah")
        attempt(qtbot, dialog, live.url, "operator2", "demo-operator2")  # right, but too late
        text = dialog.error_label.text()
        assert text.startswith("Terlalu banyak percobaan gagal untuk akun ini. Tunggu ")
        assert " detik, lalu coba lagi" in text
        assert dialog.isVisible()
    dialog.reject()
    close_window(window)


def test_sign_in_stores_the_token_and_sign_out_keeps_unsent_work(
    qtbot: Any,
    _private_data_dir: Path,
    tmp_path: Path,
    translations: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window(qtbot, _private_data_dir, translations)
    bridge, page, repo = window.sync_bridge, window.sync_page, window.context.repo
    assert window.sync_status_label.text() == "Belum masuk"
    assert not page.login_button.isHidden() and page.logout_button.isHidden()
    with running_server(tmp_path / "server") as live:
        dialog = page.open_login()
        attempt(qtbot, dialog, live.url + "/", "operator", "demo-operator")
        assert dialog.result() == LoginDialog.DialogCode.Accepted
        assert window.context.settings.server_url == live.url
        assert window.context.settings.username == "operator"
        stored = bridge.credentials().get(live.url)
        assert stored is not None and stored.username == "operator" and stored.token
        qtbot.waitUntil(lambda: window.sync_status_label.text().startswith("Tersinkron ("))
        assert page.account_label.text().startswith(
            "Masuk sebagai <b>Operator Dinas Pendidikan</b> (operator, Dinas Pendidikan)"
        )
        assert not page.logout_button.isHidden() and page.login_button.isHidden()

        # Work that is not sent yet (sync only when asked) ...
        page.policy_combo.setCurrentIndex(2)
        made = repo.create_innovation(rule_year=2026, nama="Belum terkirim")
        page.reload()
        qtbot.waitUntil(lambda: page.pending_table.rowCount() == 1)
        asked: list[str] = []

        def answer(_parent: Any, _title: str, text: str, *_args: Any) -> Any:
            asked.append(text)
            return QMessageBox.StandardButton.Yes

        monkeypatch.setattr(QMessageBox, "question", answer)
        page.logout_button.click()
        qtbot.waitUntil(lambda: window.sync_status_label.text() == "Belum masuk")
        assert asked and "1 perubahan yang belum terkirim tetap aman di laptop ini" in asked[0]
        assert "Tidak ada yang dihapus" in asked[0]
        assert bridge.credentials().get(live.url) is None
        assert repo.outbox_count() == 1  # ... is still there
        qtbot.waitUntil(lambda: page.account_label.text().startswith("Belum masuk."))
        # The token no longer works on the server either.
        with live.client() as client:
            r = client.get("/me", headers={"Authorization": f"Bearer {stored.token}"})
        assert r.status_code == 401

        # Signing in again sends it.
        dialog = page.open_login()
        assert dialog.server_edit.text() == live.url and dialog.username_edit.text() == "operator"
        assert dialog.password_edit.hasFocus() or not dialog.isActiveWindow()
        attempt(qtbot, dialog, live.url, "operator", "demo-operator")
        page.sync_button.click()
        qtbot.waitUntil(lambda: repo.outbox_count() == 0, timeout=60_000)
        with live.client("operator") as client:
            r = client.get(f"/records/{made.id}")
        assert r.status_code == 200, r.text
    close_window(window)


def test_a_revoked_sign_in_asks_to_sign_in_again_and_loses_nothing(
    qtbot: Any, _private_data_dir: Path, tmp_path: Path, translations: Any
) -> None:
    window = open_window(qtbot, _private_data_dir, translations)
    bridge, page, repo = window.sync_bridge, window.sync_page, window.context.repo
    with running_server(tmp_path / "server") as live:
        dialog = page.open_login()
        attempt(qtbot, dialog, live.url, "operator", "demo-operator")
        qtbot.waitUntil(lambda: window.sync_status_label.text().startswith("Tersinkron ("))
        token = bridge.credentials().get(live.url).token
        # The session ends on the server (an administrator revoked it, or it expired).
        with live.client() as client:
            r = client.post("/auth/logout", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 204
        made = repo.create_innovation(rule_year=2026, nama="Ditulis saat sesi berakhir")
        page.sync_button.click()
        qtbot.waitUntil(lambda: window.sync_status_label.text() == "Perlu masuk kembali")
        qtbot.waitUntil(lambda: page.account_label.text().startswith("Sesi Anda di "))
        assert not page.login_button.isHidden()
        assert repo.outbox_count() == 1  # nothing lost
        # "Sinkronkan sekarang" now offers the sign-in; after it, the draft goes.
        page.sync_button.click()
        dialog = page.login_dialog
        assert dialog.isVisible()
        attempt(qtbot, dialog, live.url, "operator", "demo-operator")
        qtbot.waitUntil(lambda: repo.outbox_count() == 0, timeout=60_000)
        with live.client("operator") as client:
            assert client.get(f"/records/{made.id}").status_code == 200
    close_window(window)


def test_signing_in_to_another_server_asks_first(
    qtbot: Any,
    _private_data_dir: Path,
    tmp_path: Path,
    translations: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window(qtbot, _private_data_dir, translations)
    bridge, page = window.sync_bridge, window.sync_page
    with running_server(tmp_path / "a") as first, running_server(tmp_path / "b") as second:
        attempt(qtbot, page.open_login(), first.url, "operator", "demo-operator")
        qtbot.waitUntil(lambda: window.sync_status_label.text().startswith("Tersinkron ("))
        old_engine = bridge.engine
        answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
        asked: list[str] = []

        def answer(_parent: Any, _title: str, text: str, *_args: Any) -> Any:
            asked.append(text)
            return answers.pop(0)

        monkeypatch.setattr(QMessageBox, "question", answer)
        dialog = page.open_login()
        fill(dialog, second.url, "operator", "demo-operator")
        dialog.ok_button.click()  # "No": nothing is sent, nothing changes
        assert len(asked) == 1 and not dialog.busy and dialog.isVisible()
        assert f"disinkronkan dengan {first.url}" in asked[0]
        assert window.context.settings.server_url == first.url and bridge.engine is old_engine
        dialog.ok_button.click()  # "Yes"
        qtbot.waitUntil(lambda: not dialog.isVisible())
        assert window.context.settings.server_url == second.url
        assert bridge.engine is not old_engine
        qtbot.waitUntil(lambda: window.sync_status_label.text().startswith("Tersinkron ("))
        assert second.url in page.account_label.text()
    close_window(window)
