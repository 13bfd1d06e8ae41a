"""The Sinkronisasi page on real widgets, a real store and the real engine: every pending item
with its state (queued, sending with progress, waiting with the time, refused with the reason,
conflict, held), the actions (retry, cancel, show, resolve), the history of runs; and against
the real server on loopback a full round (an officer writes an innovation, presses Sinkronkan
sekarang, sees Tersinkron and the record is on the server) and a conflict settled per field."""

from __future__ import annotations

import copy
import dataclasses
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.context import AppContext
from desktop.windows.conflict_dialog import ConflictDialog
from desktop.windows.main_window import MainWindow
from desktop.windows.sync_page import HISTORY_COLUMNS, PENDING_COLUMNS
from iid.records import EvidenceDocument, InnovationProfile
from sync.client.events import ItemsChanged, RunFinished, UploadProgress
from sync.local import problems
from sync.local.content import innovation_content
from sync.local.ids import new_id
from sync.local.problems import Problem
from tests.gui.sync_support import close_window
from tests.gui.sync_support import open_window as _open_window
from tests.server.helpers import pull_all, push
from tests.server.live import running_server

pytestmark = pytest.mark.gui

DEAD_SERVER = "http://127.0.0.1:9"


def open_window(qtbot: Any, data_dir: Path, translations: Any, server_url: str) -> MainWindow:
    return _open_window(qtbot, data_dir, translations, server_url, activate=True)


def from_thread(fn: Any, *args: Any) -> None:
    """Deliver as the engine does: from a thread that is not the GUI thread."""
    worker = threading.Thread(target=fn, args=args)
    worker.start()
    worker.join()


def cell(page: Any, key: str, column: str) -> str:
    row = page.row_of(key)
    assert row >= 0, f"{key} not in the table"
    return str(page.pending_table.item(row, PENDING_COLUMNS.index(column)).text())


def select(page: Any, key: str) -> None:
    row = page.row_of(key)
    assert row >= 0
    page.pending_table.selectRow(row)


def profile(**fields: Any) -> InnovationProfile:
    return InnovationProfile(**fields)


def seed_every_state(ctx: AppContext, tmp_path: Path) -> dict[str, str]:
    """Records in each outbox state and one evidence file, made through the repository the
    way the engine leaves them. Returns name -> item key."""
    repo = ctx.repo
    # A record in conflict: pushed once (its base), edited here, and the server's copy differs.
    clash = repo.create_innovation(rule_year=2026, nama="Sekolah Ramah Anak", opd_id="opd-1")
    for change in repo.outbox.take_batch(10):
        repo.outbox.confirm_pushed(change.record_type, change.record_id, change.change_seq, 1)
    base = innovation_content(repo.get_innovation(clash.id))
    repo.update_profile(clash.id, profile(nama="Sekolah Ramah Anak Digital", tujuan="Lokal"))
    server = copy.deepcopy(base)
    server["profile"]["nama"] = "Sekolah Ramah Anak Terpadu"
    server["profile"]["tujuan"] = "Dari server"
    assert repo.inbox.mark_conflict("innovation", clash.id, server, 2)

    queued = repo.create_innovation(rule_year=2026, nama="Puskesmas Keliling", opd_id="opd-1")
    refused = repo.create_innovation(rule_year=2026, nama="Bank Data", opd_id="opd-1")
    repo.outbox.take_batch(10)  # as a push would: refused and waiting come out of a send
    repo.outbox.requeue_interrupted()
    refusal = Problem(
        problems.SERVER_REFUSED,
        detail="Tahun aturan 2019 tidak dikenal server",
        detail_en="Rule year 2019 is unknown to the server",
    )
    repo.outbox.refuse("innovation", refused.id, refusal)
    waiting = repo.create_innovation(rule_year=2026, nama="Lapor Jalan", opd_id="opd-1")
    later = datetime.now(UTC) + timedelta(minutes=30)
    unavailable = Problem(
        problems.SERVER_UNAVAILABLE, {"status": 503}, technical="HTTP 503: Service Unavailable"
    )
    repo.outbox.retry_later("innovation", waiting.id, unavailable, later)

    evidence = tmp_path / "sk-bupati.pdf"
    evidence.write_bytes(b"%PDF-1.4\n" + b"0" * 50_000)
    info = ctx.vault.import_file(evidence)
    repo.add_document(
        queued.id,
        EvidenceDocument(
            id=new_id(), slot="16", tentang="SK", sha256=info.sha256, file_name="sk-bupati.pdf",
            media_type="application/pdf", size_bytes=info.size_bytes,
        ),
    )  # fmt: skip
    return {
        "clash": f"record:innovation:{clash.id}",
        "queued": f"record:innovation:{queued.id}",
        "refused": f"record:innovation:{refused.id}",
        "waiting": f"record:innovation:{waiting.id}",
        "file": f"blob:{info.sha256}",
        "sha": info.sha256,
        "queued_id": queued.id,
        "clash_id": clash.id,
    }


def test_every_pending_item_with_its_state_and_the_actions_on_it(
    qtbot: Any, _private_data_dir: Path, tmp_path: Path, translations: Any
) -> None:
    seed = AppContext.create(_private_data_dir, inline_tasks=True)
    keys = seed_every_state(seed, tmp_path)
    seed.close()
    window = open_window(qtbot, _private_data_dir, translations, DEAD_SERVER)
    page = window.sync_page
    bridge = window.sync_bridge
    window.show_page("sync")
    qtbot.waitUntil(lambda: page.pending_table.rowCount() == 5)
    assert page.pending_label.text() == "Belum tersinkron (5)"

    assert cell(page, keys["queued"], "record") == "Puskesmas Keliling"
    assert cell(page, keys["queued"], "state") == "Dalam antrean"
    assert cell(page, keys["queued"], "kind") == "Inovasi"
    assert cell(page, keys["refused"], "state") == "Ditolak server"
    # The server's words in the officer's language only, never both in one line.
    assert cell(page, keys["refused"], "error") == (
        "Ditolak server: Tahun aturan 2019 tidak dikenal server"
    )
    refused_row = page.row_of(keys["refused"])
    assert page.pending_table.item(refused_row, PENDING_COLUMNS.index("state")).toolTip() == (
        "Ditolak server: Tahun aturan 2019 tidak dikenal server"
    )
    assert cell(page, keys["waiting"], "state") == "Menunggu dicoba lagi"
    assert cell(page, keys["waiting"], "next") != ""
    assert cell(page, keys["waiting"], "attempts") == "1"
    waiting_problem = cell(page, keys["waiting"], "error")
    assert waiting_problem == "Server sedang bermasalah; dicoba lagi nanti."
    assert "503" not in waiting_problem and "Unavailable" not in waiting_problem
    assert cell(page, keys["clash"], "state") == "Konflik: pilih nilai yang dipertahankan"
    assert cell(page, keys["file"], "record") == "sk-bupati.pdf (dari Puskesmas Keliling)"
    assert cell(page, keys["file"], "kind") == "Berkas bukti dukung"
    assert cell(page, keys["file"], "size") == "49 KB"

    # Upload progress from the engine's thread shows on the file's row.
    from_thread(bridge.deliver, UploadProgress(keys["sha"], 20_000, 50_009, 40_000.0))
    qtbot.waitUntil(lambda: cell(page, keys["file"], "state") == "Mengirim 39 %")
    bar = page.pending_table.cellWidget(page.row_of(keys["file"]), PENDING_COLUMNS.index("state"))
    assert bar is not None and bar.value() == int(20_000 / 50_009 * 1000)

    # Actions follow the selected item's state.
    select(page, keys["refused"])
    assert page.retry_button.isEnabled() and not page.cancel_button.isEnabled()
    assert not page.resolve_button.isEnabled()
    page.retry_button.click()  # refused -> due now (the engine is not running: it stays queued)
    qtbot.waitUntil(lambda: cell(page, keys["refused"], "state") == "Dalam antrean")

    select(page, keys["queued"])
    assert page.cancel_button.isEnabled() and not page.retry_button.isEnabled()
    page.cancel_button.click()
    qtbot.waitUntil(lambda: cell(page, keys["queued"], "state") == "Ditahan (tetap di laptop ini)")
    assert window.context.repo.outbox.record_count() == 4  # held, not dropped
    select(page, keys["queued"])
    assert page.retry_button.isEnabled()  # a held item can be resumed

    select(page, keys["clash"])
    assert page.resolve_button.isEnabled() and not page.cancel_button.isEnabled()
    page.resolve_button.click()
    dialog = page.conflict_dialog
    assert isinstance(dialog, ConflictDialog) and dialog.isVisible()
    assert sorted(dialog.groups) == ["profile.nama", "profile.tujuan"]
    dialog.reject()

    # Tampilkan opens the record's editor in the main window.
    select(page, keys["file"])
    page.reveal_button.click()
    qtbot.waitUntil(lambda: window.editor is not None)
    assert window.editor.innovation_id == keys["queued_id"]
    assert window.current_page_key() == "inovasi"
    close_window(window)


def test_history_lists_recent_runs_when_the_engine_says_a_run_finished(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    window = open_window(qtbot, _private_data_dir, translations, DEAD_SERVER)
    page = window.sync_page
    qtbot.waitUntil(lambda: page.history_label.text() == "Riwayat sinkronisasi: belum ada")
    repo = window.context.repo
    start = datetime.now(UTC) - timedelta(minutes=5)
    repo.record_sync_run(start, start + timedelta(seconds=42), pushed=3, pulled=7)
    later = start + timedelta(minutes=2)
    repo.record_sync_run(
        later, later + timedelta(seconds=75), pushed=1, failed=2, ok=False,
        problem=Problem(problems.UNREACHABLE, technical="Connection refused"),
    )  # fmt: skip
    run = repo.recent_sync_runs(1)[0]
    from_thread(window.sync_bridge.deliver, RunFinished(run))
    qtbot.waitUntil(lambda: page.history_table.rowCount() == 2)
    table = page.history_table

    def text(row: int, column: str) -> str:
        return str(table.item(row, HISTORY_COLUMNS.index(column)).text())

    assert text(0, "result") == (
        "Tidak selesai: Server tidak dapat dihubungi (tidak ada jaringan, atau server mati)."
    )
    assert text(0, "duration") == "1 mnt 15 dtk"
    assert (text(0, "pushed"), text(0, "failed")) == ("1", "2")
    assert text(1, "result") == "Selesai"
    assert (text(1, "pushed"), text(1, "pulled"), text(1, "duration")) == ("3", "7", "42 dtk")
    assert page.history_label.text() == "Riwayat sinkronisasi"
    close_window(window)


def test_items_changed_from_the_engine_thread_refreshes_the_table(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    window = open_window(qtbot, _private_data_dir, translations, DEAD_SERVER)
    page = window.sync_page
    qtbot.waitUntil(lambda: page.empty_label.text() == "Semua sudah tersinkron.")
    window.context.repo.create_innovation(rule_year=2026, nama="Kelas Inspirasi", opd_id="o")
    from_thread(window.sync_bridge.deliver, ItemsChanged())
    qtbot.waitUntil(lambda: page.pending_table.rowCount() == 1)
    assert page.pending_table.item(0, 0).text() == "Kelas Inspirasi"
    assert page.empty_label.text() == ""
    close_window(window)


def sign_in(qtbot: Any, window: MainWindow) -> None:
    bridge = window.sync_bridge
    bridge.start()
    assert bridge.sign_in_demo("operator", "demo-operator")
    qtbot.waitUntil(
        lambda: window.sync_status_label.text().startswith("Tersinkron ("), timeout=60_000
    )


def synced(window: MainWindow) -> bool:
    return (
        window.context.repo.outbox_count() == 0
        and window.sync_status_label.text().startswith("Tersinkron (")
        and window.sync_page.pending_table.rowCount() == 0
    )


def test_full_round_officer_writes_presses_sync_now_and_the_server_has_it(
    qtbot: Any, _private_data_dir: Path, tmp_path: Path, translations: Any
) -> None:
    with running_server(tmp_path / "server") as live:
        window = open_window(qtbot, _private_data_dir, translations, live.url)
        sign_in(qtbot, window)
        page = window.sync_page
        # Only when asked: what the officer writes now waits for the button.
        page.policy_combo.setCurrentIndex(2)
        assert window.context.settings.sync_policy == "manual"
        qtbot.waitUntil(
            lambda: window.sync_status_label.text() == "Sinkronisasi hanya saat diminta"
        )

        QTest.keySequence(window, "Ctrl+N")
        qtbot.waitUntil(lambda: window.editor is not None and window.editor.innovation is not None)
        name = window.editor.profile_page.inputs["nama"]
        name.edit.setFocus()
        QTest.keyClicks(name.edit, "Puskesmas Keliling Tanggap Stunting")
        innovation_id = window.editor.innovation_id
        QTest.keySequence(window.editor_host, "Alt+Left")  # back to the list: flushes the edit
        QTest.keySequence(window, "Alt+3")
        assert window.current_page_key() == "sync"
        key = f"record:innovation:{innovation_id}"
        qtbot.waitUntil(
            lambda: (
                page.row_of(key) >= 0
                and cell(page, key, "record") == "Puskesmas Keliling Tanggap Stunting"
            )
        )
        assert cell(page, key, "state") == "Dalam antrean"

        page.sync_button.click()
        qtbot.waitUntil(lambda: synced(window), timeout=60_000)
        assert page.status_label.text().startswith("Tersinkron (")
        qtbot.waitUntil(lambda: page.history_table.rowCount() >= 1)
        runs = window.context.repo.recent_sync_runs(5)
        assert any(r.pushed >= 1 and r.ok for r in runs)

        with live.client("operator") as client:
            on_server = [c for c in pull_all(client) if c["id"] == innovation_id]
        assert len(on_server) == 1
        assert on_server[0]["content"]["profile"]["nama"] == "Puskesmas Keliling Tanggap Stunting"
        close_window(window)


def test_conflict_settled_field_by_field_and_nothing_dropped(
    qtbot: Any, _private_data_dir: Path, tmp_path: Path, translations: Any
) -> None:
    with running_server(tmp_path / "server") as live:
        window = open_window(qtbot, _private_data_dir, translations, live.url)
        sign_in(qtbot, window)
        repo, page = window.context.repo, window.sync_page
        made = repo.create_innovation(rule_year=2026, nama="Lapor Jalan Rusak")
        window.sync_bridge.sync_now()
        qtbot.waitUntil(lambda: synced(window), timeout=60_000)

        # Another device of the OPD changes nama and tujuan (and manfaat) on the server...
        with live.client("operator") as client:
            record = next(c for c in pull_all(client) if c["id"] == made.id)
            content = copy.deepcopy(record["content"])
            content["profile"].update(
                nama="Lapor Jalan Rusak via WhatsApp", tujuan="Dari server", manfaat="Cepat"
            )
            envelope = {
                "type": "innovation", "id": made.id, "version": record["version"] + 1,
                "base_version": record["version"], "content": content,
            }  # fmt: skip
            assert push(client, envelope)[0]["status"] == "applied"
        # ... while this laptop changes nama and tujuan too (and hasil).
        mine = repo.get_innovation(made.id).profile
        repo.update_profile(
            made.id,
            dataclasses.replace(mine, nama="Lapor Jalan (lokal)", tujuan="Lokal", hasil="OK"),
        )
        window.sync_bridge.sync_now()
        key = f"record:innovation:{made.id}"
        qtbot.waitUntil(
            lambda: (
                page.row_of(key) >= 0
                and cell(page, key, "state") == "Konflik: pilih nilai yang dipertahankan"
            ),
            timeout=60_000,
        )
        assert "diubah di server" in window.statusBar().currentMessage()

        select(page, key)
        page.resolve_button.click()
        dialog = page.conflict_dialog
        assert sorted(dialog.groups) == ["profile.nama", "profile.tujuan"]
        assert not dialog.ok_button.isEnabled()  # every field needs a choice
        labels = {g.parent().title() for g in dialog.groups.values()}
        assert labels == {"Nama inovasi", "Tujuan inovasi"}
        # Keyboard: the first choice has the focus; Down moves to the server's value.
        mine_nama, theirs_nama = dialog.buttons_by_path["profile.nama"]
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is mine_nama)
        QTest.keyClick(mine_nama, Qt.Key.Key_Space)
        assert mine_nama.isChecked()
        QTest.keyClick(mine_nama, Qt.Key.Key_Down)
        assert theirs_nama.isChecked()
        dialog.choose("profile.tujuan", "local")
        assert dialog.ok_button.isEnabled()
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible())
        qtbot.waitUntil(lambda: synced(window), timeout=60_000)

        with live.client("operator") as client:
            final = next(c for c in pull_all(client) if c["id"] == made.id)["content"]
        assert final["profile"]["nama"] == "Lapor Jalan Rusak via WhatsApp"  # server's, chosen
        assert final["profile"]["tujuan"] == "Lokal"  # mine, chosen
        assert final["profile"]["hasil"] == "OK"  # changed here only: kept
        assert final["profile"]["manfaat"] == "Cepat"  # changed there only: kept
        local = repo.get_innovation(made.id).profile
        assert (local.nama, local.tujuan, local.hasil, local.manfaat) == (
            "Lapor Jalan Rusak via WhatsApp", "Lokal", "OK", "Cepat",
        )  # fmt: skip
        close_window(window)


def test_the_role_default_names_the_signed_in_roles_choice(
    qtbot: Any, _private_data_dir: Path, tmp_path: Path, translations: Any
) -> None:
    """Evidence to download, "As suits my role (...)": the words follow a sign-in made after the
    page was built (a verifier used to read "(semua berkas)" while files came when opened)."""
    with running_server(tmp_path / "server") as live:
        window = open_window(qtbot, _private_data_dir, translations, live.url)
        combo = window.sync_page.downloads_combo
        assert combo.itemText(0) == "Sesuai peran saya (semua berkas)"  # not signed in yet
        bridge = window.sync_bridge
        bridge.start()
        assert bridge.sign_in_demo("verifikator", "demo-verifikator")
        qtbot.waitUntil(lambda: combo.itemText(0) == "Sesuai peran saya (saat dibuka)")
        close_window(window)


def test_counts_are_exact_past_the_rows_shown(
    qtbot: Any, _private_data_dir: Path, translations: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A verifier with 6000 files fetched when opened and 1500 changes not sent: the table
    shows the first SHOWN_ITEMS rows, but the counts (and the sign-out question) are exact;
    they used to stop at 1000."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.windows.sync_page import SHOWN_ITEMS
    from sync.local.models import OutboxRow
    from sync.local.outbox import BLOB

    seed = AppContext.create(_private_data_dir, inline_tasks=True)
    stamp = datetime.now(UTC)
    rows = [
        {"record_type": "innovation", "record_id": f"local-{i}", "direction": "up"}
        for i in range(1500)
    ] + [
        {"record_type": BLOB, "record_id": f"{i:064x}", "direction": "down", "priority": 0}
        for i in range(6000)
    ]
    with seed.store.write() as session:
        session.execute(
            OutboxRow.__table__.insert(),
            [{"state": "queued", "created_at": stamp, "updated_at": stamp, **r} for r in rows],
        )
    seed.close()
    window = open_window(qtbot, _private_data_dir, translations, DEAD_SERVER)
    window.sync_bridge.set_download_choice("on_open")
    page = window.sync_page
    window.show_page("sync")
    qtbot.waitUntil(lambda: page.tally.total == 7500, timeout=20_000)
    qtbot.waitUntil(lambda: "6000 berkas" in page.pending_label.text(), timeout=20_000)
    assert page.pending_table.rowCount() == SHOWN_ITEMS
    assert page.pending_label.text() == (
        "Belum tersinkron (1500) · 6000 berkas tetap di server sampai dibuka"
        f" · menampilkan {SHOWN_ITEMS} dari 7500"
    )
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_a: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    page.logout()
    assert len(asked) == 1 and "1500 perubahan yang belum terkirim" in asked[0], asked
    close_window(window)
