"""A document whose file is not on this laptop: the preview says "Sedang diunduh (45 %)" with a
progress bar and opens the PDF when it arrives; offline it says when it will come (never a hash);
and against the real server, an operator on the on-open policy opens a colleague's scan and sees
it, while the Sinkronisasi page lists the files still to download with the policy's wording."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.context import AppContext
from desktop.windows.sync_page import PENDING_COLUMNS
from iid.records import EvidenceDocument, Innovation
from sync.client.credentials import CredentialStore, StoredLogin
from sync.client.events import BlobArrived, DownloadProgress, Phase, StatusChanged, SyncStatus
from sync.local.content import innovation_content
from sync.local.ids import new_id
from sync.local.outbox import OutboxState
from sync.local.vault import Vault
from tests.gui.editor_support import make_pdf
from tests.gui.sync_support import close_window, open_window
from tests.server.live import DEMO_PASSWORDS, running_server
from tests.sync.conftest import add_evidence, new_draft

pytestmark = pytest.mark.gui

DEAD_SERVER = "http://127.0.0.1:9"


def from_thread(fn: Any, *args: Any) -> None:
    worker = threading.Thread(target=fn, args=args)
    worker.start()
    worker.join()


def pulled_record_with_a_missing_file(data_dir: Path, pdf: Path) -> tuple[str, str, str]:
    """A record as a pull leaves it: its document refers to a file this vault does not hold."""
    import hashlib

    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    seed = AppContext.create(data_dir, inline_tasks=True)
    slot = "16"
    doc = EvidenceDocument(
        id=new_id(), slot=slot, sha256=sha, file_name="sk-kepala-dinas.pdf",
        media_type="application/pdf", size_bytes=pdf.stat().st_size, tentang="SK",
    )  # fmt: skip
    rid = new_id()
    content = innovation_content(Innovation(id=rid, rule_year=2026, opd_id="o1", documents=[doc]))
    record = {
        "type": "innovation", "id": rid, "version": 1, "seq": 1, "content": content,
        "deleted": False, "opd_id": "o1", "updated_at": datetime.now(UTC).isoformat(),
        "updated_by": "u-other", "device_id": None,
    }  # fmt: skip
    seed.repo.apply_remote([record], 1)
    seed.close()
    return rid, sha, slot


def open_document(qtbot: Any, window: Any, rid: str, slot: str) -> Any:
    window.open_innovation(rid)
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.innovation is not None)
    editor = window.editor
    qtbot.waitUntil(lambda: editor.indicator_page is not None, timeout=60_000)
    editor.navigate_to(slot)
    evidence = editor.indicator_page.panel(slot).evidence
    evidence.list.setCurrentRow(0)
    assert evidence.preview is not None
    return evidence.preview


def test_the_preview_shows_download_progress_then_opens_the_pdf(
    qtbot: Any, _private_data_dir: Path, tmp_path: Path, translations: Any
) -> None:
    pdf = make_pdf(tmp_path / "sk.pdf", pages=2)
    rid, sha, slot = pulled_record_with_a_missing_file(_private_data_dir, pdf)
    # Signed in once (a stored sign-in) on a server nobody answers for: offline.
    CredentialStore(_private_data_dir, use_keyring=False).set(
        DEAD_SERVER, StoredLogin("token", "operator")
    )
    window = open_window(qtbot, _private_data_dir, translations, DEAD_SERVER)
    bridge = window.sync_bridge
    preview = open_document(qtbot, window, rid, slot)

    # Offline: it says when the file will come (the engine's probe fails: nobody listens).
    qtbot.waitUntil(lambda: "tersambung" in preview.waiting_label.text(), timeout=60_000)
    offline = preview.waiting_label.text()
    assert preview.current_kind() == "waiting"
    assert "Tidak ada koneksi ke server" in offline and "coba lagi pukul" in offline
    assert sha not in offline and sha[:12] not in offline  # never a hash

    # The file comes: progress from the engine's thread.
    status = SyncStatus(Phase.SYNCING, items_total=1, downloading=1)
    from_thread(bridge.deliver, StatusChanged(status))
    from_thread(bridge.deliver, DownloadProgress(sha, 45, 100, 30_000.0))
    qtbot.waitUntil(lambda: preview.waiting_label.text() == "Sedang diunduh (45 %)")
    assert preview.waiting_bar.isVisible() and preview.waiting_bar.value() == 450
    from_thread(bridge.deliver, DownloadProgress(sha, 80, 100, 30_000.0))
    qtbot.waitUntil(lambda: preview.waiting_bar.value() == 800)

    # Arrived and verified: the PDF opens.
    window.context.vault.import_file(pdf)
    with qtbot.waitSignal(preview.sig_shown, timeout=60_000, check_params_cb=lambda k: k == "pdf"):
        from_thread(bridge.deliver, BlobArrived(sha))
    assert preview.document().pageCount() == 2
    close_window(window)


def test_without_a_sign_in_it_says_what_to_do(
    qtbot: Any, _private_data_dir: Path, tmp_path: Path, translations: Any
) -> None:
    pdf = make_pdf(tmp_path / "sk.pdf")
    rid, sha, slot = pulled_record_with_a_missing_file(_private_data_dir, pdf)
    window = open_window(qtbot, _private_data_dir, translations, None)  # no server at all
    preview = open_document(qtbot, window, rid, slot)
    qtbot.waitUntil(lambda: preview.current_kind() == "waiting")
    assert preview.waiting_label.text().startswith("Berkas ini belum ada di laptop ini.")
    assert "Sinkronisasi" in preview.waiting_label.text()
    assert not preview.waiting_bar.isVisible()
    close_window(window)


def test_on_open_a_colleagues_scan_downloads_when_opened_and_the_page_lists_what_waits(
    qtbot: Any, _private_data_dir: Path, tmp_path: Path, translations: Any
) -> None:
    with running_server(tmp_path / "server") as live:
        # A colleague of the same OPD sends an innovation with two scans.
        from sync.client.engine import SyncEngine
        from sync.local.db import Store
        from sync.local.repository import Repository

        folder = tmp_path / "colleague"
        folder.mkdir()
        store = Store(folder / "store.sqlite")
        vault = Vault(folder / "vault.sqlite")
        engine = SyncEngine(
            Repository(store), vault, server_url=live.url,
            credentials=CredentialStore(folder, use_keyring=False), metered=lambda: False,
        )  # fmt: skip
        engine.login("operator", DEMO_PASSWORDS["operator"])

        class Colleague:
            pass

        colleague: Any = Colleague()
        colleague.folder, colleague.vault, colleague.repo = folder, vault, engine._repo
        rid = new_draft(colleague.repo, "Sekolah Ramah Anak")
        scans = [make_pdf(tmp_path / f"scan-{i}.pdf", pages=i + 1) for i in range(2)]
        hashes = [
            add_evidence(colleague, rid, p.read_bytes(), f"scan-{i}.pdf")
            for i, p in enumerate(scans)
        ]
        assert engine.run_once().phase is Phase.SYNCED
        engine.stop()
        store.close()
        vault.close()

        # This laptop: the same OPD, evidence only when opened.
        AppContext.create(_private_data_dir).settings.set_value("sync/downloads", "on_open")
        window = open_window(qtbot, _private_data_dir, translations, live.url)
        bridge, page = window.sync_bridge, window.sync_page
        assert page.downloads_combo.currentIndex() == 2
        bridge.start()
        assert bridge.sign_in_demo("operator", DEMO_PASSWORDS["operator"])
        qtbot.waitUntil(lambda: window.context.repo.get_innovation(rid) is not None, timeout=60_000)
        window.show_page("sync")
        keys = [f"blob:{h}" for h in hashes]
        qtbot.waitUntil(lambda: all(page.row_of(k) >= 0 for k in keys), timeout=60_000)
        state = PENDING_COLUMNS.index("state")
        kind = PENDING_COLUMNS.index("kind")
        for key in keys:
            row = page.row_of(key)
            assert page.pending_table.item(row, state).text() == "Diunduh saat dibuka"
            assert page.pending_table.item(row, kind).text() == "Berkas bukti dukung (unduhan)"
        assert not window.context.vault.has(hashes[0])
        # Files the server holds are not "not yet synchronised", nor unsent changes at sign-out.
        waiting = sum(1 for item in page.items if item.state == OutboxState.QUEUED)
        assert waiting >= 2 and len(page.items) == waiting
        assert page.pending_label.text() == (
            f"Belum tersinkron (0) · {waiting} berkas tetap di server sampai dibuka"
        )
        assert page.tally.unsent == 0

        preview = open_document(qtbot, window, rid, "16")
        qtbot.waitUntil(lambda: preview.current_kind() == "pdf", timeout=60_000)
        assert window.context.vault.has(hashes[0])
        assert not window.context.vault.has(hashes[1])  # only what was opened came
        window.show_page("sync")
        qtbot.waitUntil(
            lambda: page.row_of(keys[0]) < 0 and page.row_of(keys[1]) >= 0, timeout=60_000
        )
        # Everything after all: the other file comes with the next run.
        page.downloads_combo.setCurrentIndex(1)
        assert window.context.settings.value("sync/downloads") == "everything"
        bridge.sync_now()
        qtbot.waitUntil(lambda: window.context.vault.has(hashes[1]), timeout=60_000)
        close_window(window)
