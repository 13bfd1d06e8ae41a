"""The status bar's sync line on the real main window: Indonesian wording for every phase, events
from the engine's thread arriving on the GUI thread, a click going to the Sinkronisasi page,
the real engine reporting a lost server, and the engine stopped before the store closes."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop import sync_bridge
from desktop.context import AppContext
from desktop.sync_words import status_text
from desktop.windows.main_window import MainWindow
from sync.client.events import Phase, StatusChanged, SyncStatus
from sync.local import problems
from sync.local.problems import Problem
from tests.gui.sync_support import close_window, open_window
from tests.server.live import running_server

pytestmark = pytest.mark.gui


def today_at(hour: int, minute: int) -> datetime:
    """A UTC moment that is ``hour:minute`` on the local clock today."""
    return datetime.now().astimezone().replace(hour=hour, minute=minute).astimezone(UTC)


def test_every_phase_reads_as_the_officer_expects(translations: Any) -> None:
    def text(**kw: Any) -> str:
        mode = kw.pop("mode", "auto")
        before = kw.pop("signed_in_before", True)
        return status_text(SyncStatus(**kw), mode=mode, signed_in_before=before)

    assert text(phase=Phase.OFFLINE) == "Offline"
    assert (
        text(phase=Phase.WAITING, next_attempt_at=today_at(14, 32))
        == "Menunggu koneksi (coba lagi 14.32)"
    )
    sending = text(
        phase=Phase.SYNCING,
        items_done=2,
        items_total=12,
        bytes_done=45,
        bytes_total=100,
        rate_bps=38 * 1024,
        eta_seconds=118,
    )
    assert sending == "Mengirim 3 dari 12 (45%, 38 KB/s, sisa 2 menit)"
    assert text(phase=Phase.SYNCED, last_synced_at=today_at(14, 5)) == "Tersinkron (14.05)"
    # Never "synchronised" alone while something is refused or held.
    assert (
        text(phase=Phase.SYNCED, last_synced_at=today_at(14, 5), attention=2)
        == "Tersinkron (14.05) · 2 perlu perhatian"
    )
    assert text(phase=Phase.LOGIN_REQUIRED) == "Perlu masuk kembali"
    assert text(phase=Phase.LOGIN_REQUIRED, signed_in_before=False) == "Belum masuk"
    assert text(phase=Phase.PAUSED, mode="manual") == "Sinkronisasi hanya saat diminta"
    assert text(phase=Phase.PAUSED, mode="unmetered") == "Menunggu jaringan tanpa kuota"
    yesterday = today_at(9, 0) - timedelta(days=1)
    assert text(phase=Phase.SYNCED, last_synced_at=yesterday).endswith(" 09.00)")
    assert status_text(None, configured=False) == "Belum masuk"


def test_engine_events_from_another_thread_update_the_status_bar_on_the_gui_thread(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    window = open_window(qtbot, _private_data_dir, translations, "http://127.0.0.1:9")
    bridge = window.sync_bridge
    label = window.sync_status_label
    seen_on: list[bool] = []
    bridge.sig_status.connect(
        lambda _s: seen_on.append(threading.current_thread() is threading.main_thread())
    )
    offline = Problem(problems.UNREACHABLE, technical="connection refused")
    events = [
        StatusChanged(SyncStatus(Phase.OFFLINE, problem=offline)),
        StatusChanged(
            SyncStatus(
                Phase.SYNCING,
                items_done=0,
                items_total=4,
                bytes_done=1024 * 1024,
                bytes_total=4 * 1024 * 1024,
                rate_bps=100 * 1024,
                eta_seconds=30,
            )
        ),
        StatusChanged(SyncStatus(Phase.SYNCED, last_synced_at=today_at(8, 15))),
    ]
    expected = [
        "Offline",
        "Mengirim 1 dari 4 (25%, 100 KB/s, sisa 30 detik)",
        "Tersinkron (08.15)",
    ]
    for event, text in zip(events, expected, strict=True):
        sender = threading.Thread(target=bridge.deliver, args=(event,))
        sender.start()
        sender.join()
        qtbot.waitUntil(lambda text=text: label.text() == text)
        assert window.sync_page.status_label.text() == text
    assert seen_on == [True, True, True]
    # The problem's code is worded in the officer's language in the tooltip and on the page;
    # the engine's English technical text never reaches a screen.
    sender = threading.Thread(target=bridge.deliver, args=(events[0],))
    sender.start()
    sender.join()
    qtbot.waitUntil(lambda: label.text() == "Offline")
    worded = "Server tidak dapat dihubungi (tidak ada jaringan, atau server mati)."
    assert worded in label.toolTip() and worded in window.sync_page.problem_label.text()
    assert "connection refused" not in label.toolTip() + window.sync_page.problem_label.text()
    close_window(window)


def test_clicking_the_status_opens_the_sync_page(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    window = open_window(qtbot, _private_data_dir, translations, "http://127.0.0.1:9")
    assert window.current_page_key() == "inovasi"
    qtbot.mouseClick(window.sync_status_label, Qt.MouseButton.LeftButton)
    assert window.current_page_key() == "sync"
    assert window.stack.currentWidget() is window.sync_page
    close_window(window)


def test_real_engine_reports_a_lost_server_and_stops_before_the_store_closes(
    qtbot: Any, _private_data_dir: Path, tmp_path: Path, translations: Any
) -> None:
    with running_server(tmp_path / "server") as live:
        window = open_window(qtbot, _private_data_dir, translations, live.url)
        bridge = window.sync_bridge
        bridge.start()
        label = window.sync_status_label
        qtbot.waitUntil(lambda: label.text() == "Belum masuk")
        bridge.sign_in_demo("operator", "demo-operator")
        qtbot.waitUntil(lambda: label.text().startswith("Tersinkron ("), timeout=60_000)
    # The server is gone now: the next run reports it and waits for the connection.
    window.context.repo.create_innovation(rule_year=2026, nama="Ditulis tanpa server")
    bridge.sync_now()
    qtbot.waitUntil(
        lambda: label.text() == "Offline" or label.text().startswith("Menunggu koneksi"),
        timeout=60_000,
    )
    assert window.context.repo.outbox_count() == 1  # nothing lost
    engine = bridge.engine
    window.close()
    window.context.close()  # the lanes announce shutdown: the bridge stops the engine first
    assert engine is not None and engine.status().phase == Phase.STOPPED
    assert not bridge._started


def test_no_server_configured_says_not_signed_in_and_sync_now_offers_the_login(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    window = open_window(qtbot, _private_data_dir, translations, "")
    assert window.sync_bridge.engine is None
    assert window.sync_status_label.text() == "Belum masuk"
    page = window.sync_page
    page.sync_button.click()
    assert page.login_dialog is not None and page.login_dialog.isVisible()
    page.login_dialog.reject()
    close_window(window)


def test_a_network_change_reported_by_qt_starts_a_sync(
    qtbot: Any, _private_data_dir: Path, tmp_path: Path, translations: Any
) -> None:
    from PySide6.QtNetwork import QNetworkInformation

    with running_server(tmp_path / "server") as live:
        ctx = AppContext.create(_private_data_dir)
        ctx.settings.server_url = live.url
        window = MainWindow(ctx, translations)
        bridge = sync_bridge.install(window)  # watches the network through Qt
        qtbot.addWidget(window)
        window.show()
        info = QNetworkInformation.instance()
        if info is None:
            close_window(window)
            pytest.skip("no Qt network information backend on this machine")
        # Signed in before the engine starts: exactly one run (at start), then it idles.
        bridge.sign_in_demo("operator", "demo-operator")
        label = window.sync_status_label
        qtbot.waitUntil(lambda: label.text().startswith("Tersinkron ("), timeout=60_000)
        # Written after the run: the engine would look again only after its 60 s probe interval.
        ctx.repo.create_innovation(rule_year=2026, nama="Setelah jaringan berganti")
        qtbot.wait(300)
        assert ctx.repo.outbox_count() == 1
        info.reachabilityChanged.emit(QNetworkInformation.Reachability.Online)
        qtbot.waitUntil(lambda: ctx.repo.outbox_count() == 0, timeout=60_000)
        expected = info.isMetered() if info.supports(QNetworkInformation.Feature.Metered) else None
        if expected is not None:
            assert bridge.is_metered() is expected
        close_window(window)


def test_switching_the_language_retranslates_the_sync_line_and_page(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    window = open_window(qtbot, _private_data_dir, translations, "http://127.0.0.1:9")
    page = window.sync_page
    window.sync_bridge.start()
    qtbot.waitUntil(lambda: window.sync_status_label.text() == "Belum masuk")
    assert page.title.text() == "Sinkronisasi"
    window.set_language("en")
    assert (window.sync_status_label.text(), page.title.text()) == (
        "Not signed in",
        "Synchronisation",
    )
    assert page.sync_button.text() == "&Synchronise now"
    window.set_language("id")
    assert page.sync_button.text() == "&Sinkronkan sekarang"
    close_window(window)


def test_the_lists_sync_column_follows_a_run_live(
    qtbot: Any, _private_data_dir: Path, tmp_path: Path, translations: Any
) -> None:
    from desktop.models.innovation_list import COLUMNS

    with running_server(tmp_path / "server") as live:
        window = open_window(qtbot, _private_data_dir, translations, live.url)
        bridge = window.sync_bridge
        bridge.start()
        assert bridge.sign_in_demo("operator", "demo-operator")
        qtbot.waitUntil(lambda: window.sync_status_label.text().startswith("Tersinkron ("))
        bridge.set_mode("manual")  # nothing goes by itself: the run below is the one we watch
        made = window.context.repo.create_innovation(rule_year=2026, nama="Lapor Banjir")
        window.list_page.refresh()
        model = window.list_page.model
        column = COLUMNS.index("sync_state")

        def shown() -> str:
            row = model.row_of(made.id)
            return "" if row is None else str(model.index(row, column).data())

        assert shown() == "Menunggu dikirim"
        bridge.sync_now()
        qtbot.waitUntil(lambda: shown() == "Sudah di server", timeout=60_000)  # no refresh asked
        close_window(window)


def test_the_attention_count_follows_a_local_edit_without_a_run(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    """ "· 1 perlu perhatian" goes away when the officer edits the refused record (the edit
    queues it again), on the database lane, with no run in between (the server is unreachable:
    and the officer syncs only when asked: no run at all)."""
    from iid.records import InnovationProfile
    from sync.client.credentials import CredentialStore, StoredLogin
    from sync.local.problems import SERVER_REFUSED

    # Signed in before (a token kept): the line shows the mode, not "Belum masuk".
    CredentialStore(_private_data_dir).set("http://127.0.0.1:9", StoredLogin("t", "operator"))
    window = open_window(qtbot, _private_data_dir, translations, "http://127.0.0.1:9")
    ctx = window.ctx
    inn = ctx.repo.create_innovation(rule_year=2026, nama="Ditolak server")
    ctx.repo.outbox.take_batch(10)
    ctx.repo.outbox.refuse("innovation", inn.id, Problem(SERVER_REFUSED, detail="Ditolak"))
    window.sync_bridge.set_mode("manual")
    window.sync_bridge.start()
    label = window.sync_status_label
    manual = "Sinkronisasi hanya saat diminta"
    qtbot.waitUntil(lambda: label.text() == f"{manual} · 1 perlu perhatian", timeout=60_000)
    ctx.tasks.run_db(lambda: ctx.repo.update_profile(inn.id, InnovationProfile(nama="Diperbaiki")))
    qtbot.waitUntil(lambda: label.text() == manual, timeout=60_000)
    assert ctx.repo.outbox.pending_items()[0].state == "queued"
    close_window(window)


def test_opd_names_that_arrive_with_a_pull_replace_unknown_opd_in_the_list(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    """A first pull stores the OPD list after its pages: the engine then says the OPDs changed
    and the list reads their names without a refresh asked (no "OPD tidak dikenal" left)."""
    from desktop.models.innovation_list import COLUMNS
    from sync.local.listing import OpdInfo

    window = open_window(qtbot, _private_data_dir, translations)
    repo = window.context.repo
    made = repo.create_innovation(rule_year=2026, nama="Posyandu Keliling", opd_id="opd-dinkes")
    window.list_page.refresh()
    model = window.list_page.model
    column = COLUMNS.index("opd_name")

    def shown() -> str:
        row = model.row_of(made.id)
        return "" if row is None else str(model.index(row, column).data())

    assert shown() == "OPD tidak dikenal"
    changed = repo.accounts.replace_opds("pemda-1", [OpdInfo("opd-dinkes", "Dinas Kesehatan")])
    assert changed == ["opd-dinkes"]
    assert shown() == "OPD tidak dikenal"  # the list has not read it yet
    window.sync_bridge.sig_records_changed.emit("opd", tuple(changed))
    assert shown() == "Dinas Kesehatan"
    close_window(window)
