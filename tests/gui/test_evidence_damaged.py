"""A document whose copy on this laptop "Periksa arsip" marked damaged: opening it fetches the
server's copy at once and shows it once repaired (editor, against the real server); when the
server does not have the file either, the editor's evidence panel and the review screen say so
in words with what to do ("Lampirkan lagi berkas aslinya"), never the hash, as it does without
a sign-in; a read that fails anyway (damaged or gone meanwhile) gets words too."""

from __future__ import annotations

import hashlib
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop.context import AppContext
from desktop.widgets.preview import EvidencePreview
from sync.client.credentials import CredentialStore, StoredLogin
from sync.client.engine import SyncEngine
from sync.client.events import ItemsChanged, Phase
from sync.local import paths, problems
from sync.local.problems import Problem
from sync.local.vault import BlobDamaged, BlobNotFound, Vault
from tests.gui.editor_support import make_pdf
from tests.gui.review_support import pulled_innovation, sign_in_as
from tests.gui.sync_support import close_window, open_window
from tests.gui.test_evidence_download import DEAD_SERVER, open_document
from tests.server.live import DEMO_PASSWORDS, running_server
from tests.sync.conftest import add_evidence, new_draft
from tests.vault.samples import flip_stored_byte

pytestmark = pytest.mark.gui

DAMAGED_NOT_ON_SERVER = (
    "Berkas ini rusak di komputer ini dan tidak ada di server. Lampirkan lagi berkas aslinya."
)


def damage(data_dir: Path, sha: str) -> None:
    """A bad sector under the stored copy, found by "Periksa arsip" (Vault.verify)."""
    vault_file = paths.vault_path(data_dir)
    flip_stored_byte(vault_file, sha, seq=0, at=100)
    vault = Vault(vault_file)
    try:
        assert not vault.verify(sha) and vault.info(sha).damaged
    finally:
        vault.close()


def damaged_colleague_document(
    data_dir: Path, role: str, opd: str | None = None
) -> tuple[str, str]:
    """A colleague's innovation pulled onto this laptop (signed in as ``role``), the copy of its
    indicator-16 file then damaged: (innovation id, file SHA-256)."""
    seed = AppContext.create(data_dir, inline_tasks=True)
    sign_in_as(seed, role, opd)
    rid = pulled_innovation(seed, "Puskesmas Keliling", "opd-dinkes")
    sha = next(d.sha256 for d in seed.repo.get_innovation(rid).documents if d.slot == "16")
    seed.close()
    assert sha is not None
    damage(data_dir, sha)
    return rid, sha


def texts_seen(preview: EvidencePreview) -> list[str]:
    """Every text the preview shows instead of a document, from now on."""
    seen: list[str] = []
    preview.sig_shown.connect(lambda _kind: seen.append(preview.shown_text()))
    return seen


def the_server_does_not_have(context: Any, sha: str) -> None:
    """What the sync engine records when the server answers 404 to the download (and says)."""
    when = datetime.now(UTC) + timedelta(minutes=5)
    outbox = context.repo.outbox
    assert outbox.retry_later("blob", sha, Problem(problems.BLOB_NOT_ON_SERVER), when)
    bridge = context.sync_bridge
    worker = threading.Thread(target=bridge.deliver, args=(ItemsChanged(),))
    worker.start()
    worker.join()


def test_opening_a_damaged_copy_fetches_the_servers_and_shows_it(
    qtbot: Any, _private_data_dir: Path, tmp_path: Path, translations: Any
) -> None:
    with running_server(tmp_path / "server") as live:
        # A colleague sends an innovation with a scan.
        colleague_dir = tmp_path / "colleague"
        colleague_dir.mkdir()
        colleague = AppContext.create(colleague_dir, inline_tasks=True)
        engine = SyncEngine(
            colleague.repo, colleague.vault, server_url=live.url,
            credentials=CredentialStore(colleague_dir, use_keyring=False), metered=lambda: False,
        )  # fmt: skip
        engine.login("operator", DEMO_PASSWORDS["operator"])
        colleague.folder = colleague_dir
        rid = new_draft(colleague.repo, "Sekolah Ramah Anak")
        scan = make_pdf(tmp_path / "scan.pdf", pages=2)
        sha = add_evidence(colleague, rid, scan.read_bytes(), "scan.pdf")
        assert engine.run_once().phase is Phase.SYNCED
        engine.stop()
        colleague.close()

        # This laptop synchronised it (the scan came too); then its copy went bad.
        here = AppContext.create(_private_data_dir, inline_tasks=True)
        engine = SyncEngine(
            here.repo, here.vault, server_url=live.url,
            credentials=CredentialStore(_private_data_dir, use_keyring=False),
            metered=lambda: False,
        )  # fmt: skip
        engine.login("operator", DEMO_PASSWORDS["operator"])
        assert engine.run_once().phase is Phase.SYNCED
        assert here.vault.has_intact(sha)
        engine.stop()
        here.close()
        damage(_private_data_dir, sha)

        window = open_window(qtbot, _private_data_dir, translations, live.url)
        vault = window.context.vault
        assert vault.has(sha) and not vault.has_intact(sha)
        window.open_innovation(rid)
        qtbot.waitUntil(lambda: window.editor is not None and window.editor.innovation is not None)
        editor = window.editor
        qtbot.waitUntil(lambda: editor.indicator_page is not None, timeout=60_000)
        editor.navigate_to("16")
        evidence = editor.indicator_page.panel("16").evidence
        preview = evidence.preview
        seen = texts_seen(preview)
        evidence.list.setCurrentRow(0)
        qtbot.waitUntil(lambda: preview.current_kind() == "pdf", timeout=60_000)
        assert preview.document().pageCount() == 2
        assert vault.has_intact(sha) and not vault.info(sha).damaged  # repaired
        assert not [t for t in seen if sha[:12] in t]  # never a hash
        close_window(window)


def test_a_damaged_copy_the_server_lacks_is_said_in_words_in_the_editor(
    qtbot: Any, _private_data_dir: Path, tmp_path: Path, translations: Any
) -> None:
    rid, sha = damaged_colleague_document(_private_data_dir, "operator", "opd-dinkes")
    CredentialStore(_private_data_dir, use_keyring=False).set(
        DEAD_SERVER, StoredLogin("token", "operator")
    )
    window = open_window(qtbot, _private_data_dir, translations, DEAD_SERVER)
    preview = open_document(qtbot, window, rid, "16")
    seen = texts_seen(preview)
    # Opening asked for the server's copy at once; the server answers it has none.
    qtbot.waitUntil(lambda: window.context.repo.outbox.blob_item(sha) is not None)
    the_server_does_not_have(window.context, sha)
    qtbot.waitUntil(lambda: preview.shown_text() == DAMAGED_NOT_ON_SERVER, timeout=60_000)
    assert preview.current_kind() == "waiting" and not preview.waiting_bar.isVisible()
    assert not [t for t in seen if sha[:12] in t]
    close_window(window)


def test_a_damaged_copy_without_a_sign_in_says_what_to_do(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    rid, sha = damaged_colleague_document(_private_data_dir, "operator", "opd-dinkes")
    window = open_window(qtbot, _private_data_dir, translations, None)  # no server at all
    preview = open_document(qtbot, window, rid, "16")
    qtbot.waitUntil(lambda: preview.current_kind() == "waiting")
    assert preview.shown_text().startswith("Berkas ini rusak di komputer ini. Masuk di halaman")
    assert sha[:12] not in preview.shown_text()
    close_window(window)


def test_a_damaged_copy_the_server_lacks_is_said_in_words_on_the_review_screen(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    rid, sha = damaged_colleague_document(_private_data_dir, "verifikator")
    CredentialStore(_private_data_dir, use_keyring=False).set(
        DEAD_SERVER, StoredLogin("token", "verifikator")
    )
    window = open_window(qtbot, _private_data_dir, translations, DEAD_SERVER)
    qtbot.waitUntil(lambda: window.review_shell.caps is not None)
    window.show_page("verifikasi")
    screen = window.review_shell.desk.open_review(rid)
    qtbot.waitUntil(lambda: screen.data is not None and screen.key == "16", timeout=60_000)
    preview = screen.preview
    qtbot.waitUntil(lambda: window.context.repo.outbox.blob_item(sha) is not None)
    seen = texts_seen(preview)
    the_server_does_not_have(window.context, sha)
    qtbot.waitUntil(lambda: preview.shown_text() == DAMAGED_NOT_ON_SERVER, timeout=60_000)
    assert not [t for t in seen if sha[:12] in t]
    close_window(window)


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (BlobDamaged, "Berkas ini rusak di komputer ini."),
        (BlobNotFound, "Berkas ini tidak ada di komputer ini."),
    ],
)
def test_a_read_that_fails_anyway_is_said_in_words(
    qtbot: Any, translations: Any, error: type[Exception], words: str
) -> None:
    sha = hashlib.sha256(b"scan").hexdigest()
    preview = EvidencePreview()
    qtbot.addWidget(preview)
    preview.show_read_error(error(sha), "sk.pdf")
    assert preview.current_kind() == "message"
    assert preview.shown_text().startswith(words)
    assert "lampirkan lagi berkas aslinya" in preview.shown_text()
    assert sha[:12] not in preview.shown_text()
