"""Take the README's screenshots from the real app on a freshly seeded demo data folder.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py [--lang id]

Under Xvfb the real xcb window is shot (the README's pictures are made this way); without a
display it falls back to the offscreen platform. Each page is saved with ``QWidget.grab()``.

The Sinkronisasi page (sync.png) shows a queue left in every state through the repository, the
way the engine leaves it (refused, waiting, conflict), a colleague's innovation pulled with two
scans still to download, a few recorded runs, and a run in progress: the engine is not started
(there is no server here), and its status, one file's upload progress and one file's download
progress are handed to the bridge as the engine's thread would. preview-downloading.png is the
colleague's SK opened in the editor while it downloads ("Sedang diunduh (45 %)").
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="id", choices=("id", "en"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--only", default="", help="comma-separated names of the shots to take")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # under Xvfb: the real xcb window
    data = Path(tempfile.mkdtemp(prefix="inovasi-screens-"))
    os.environ["INOVASI_DESK_DATA"] = str(data)

    from desktop.context import AppContext
    from desktop.demo_data import seed
    from desktop.i18n import Translations
    from desktop.qtapp import make_application
    from desktop.windows.main_window import MainWindow

    app = make_application(sys.argv[:1])
    context = AppContext.create(data, inline_tasks=True, language=args.lang)
    ids = seed(context)
    stage_sync_queue(context, ids)
    context.close()
    context = AppContext.create(data, language=args.lang)
    translations = Translations()
    translations.install(args.lang)
    window = MainWindow(context, translations)
    bridge = stage_bridge(window, data)
    window.resize(1366, 768)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)

    def settle(seconds: float = 0.4) -> None:
        context.tasks.wait_idle()
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()  # type: ignore[attr-defined]
            time.sleep(0.01)

    wanted = {n for n in args.only.split(",") if n}

    def shot(name: str) -> None:
        if wanted and name not in wanted:
            return
        settle()
        path = args.out / f"{name}.png"
        window.grab().save(str(path))
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    draft = next(
        i for i in ids if context.repo.get_innovation(i).workflow_state.value == "draft"
    )  # a draft: its "Hapus draf" button is offered
    window.list_page.select(draft)
    shot("list")
    window.open_innovation(ids[0])
    settle(1.0)
    shot("editor-profile")
    editor = window.editor
    editor.navigate_to("16")
    shot("editor-indicators")
    # The proof shots edit: a draft of this officer's OPD (the first demo innovation is
    # approved, so locked).
    editable = next(i for i in ids if context.repo.workflow.content_refusal(i) is None)
    window.open_innovation(editable)
    settle(1.0)
    window.editor.navigate_to("17")
    shoot_proof(window, window.editor, shot, settle, data)
    window.close_editor()
    window.show_page("spd")
    shot("spd")
    window.show_page("summary")
    shot("summary")
    window.show_page("sync")
    page = window.sync_page
    settle(0.5)
    from sync.client.events import DownloadProgress, UploadProgress

    sending = next(i for i in page.items if i.kind == "evidence" and i.direction == "up")
    bridge.deliver(UploadProgress(sending.key.split(":", 1)[1], 45, 100, 38 * 1024.0))
    fetching = next(i for i in page.items if i.kind == "evidence" and i.direction == "down")
    bridge.deliver(DownloadProgress(fetching.key.split(":", 1)[1], 62, 100, 41 * 1024.0))
    settle(0.3)
    page.pending_table.selectRow(page.row_of(fetching.key))
    page.pending_table.scrollToBottom()
    shot("sync")
    # The colleague's SK, opened while it downloads (the engine is not started: its progress
    # is handed in as its thread would).
    colleague_id, scan = COLLEAGUE
    bridge.fetch_now = lambda sha: bool(context.repo.outbox.request_download(sha))
    window.open_innovation(colleague_id)
    settle(1.0)
    window.editor.navigate_to("16")
    evidence = window.editor.indicator_page.panel("16").evidence
    evidence.list.setCurrentRow(0)
    settle(0.3)
    bridge.deliver(DownloadProgress(scan, 45, 100, 41 * 1024.0))
    settle(0.3)
    from PySide6.QtWidgets import QScrollArea

    holder = evidence.preview.parentWidget()
    while holder is not None and not isinstance(holder, QScrollArea):
        holder = holder.parentWidget()
    if holder is not None:  # the preview sits under the list on a laptop screen: show it
        holder.ensureWidgetVisible(evidence.preview.waiting_bar, 50, 260)
    shot("preview-downloading")
    bridge.stop()
    window.close()
    context.close()
    return 0


def shoot_proof(window: Any, editor: Any, shot: Any, settle: Any, data: Path) -> None:
    """Issue 13: a claim above what its quantity gives (the finding with the level the entry
    supports and the points at risk), and a regulation read offline whose details wait for
    the officer's confirmation."""
    from PySide6.QtWidgets import QLineEdit, QRadioButton

    from bench.evidence_corpus import regulation_pdf

    panel = editor.indicator_page.show_indicator("17")
    number = panel.measure.findChild(QLineEdit, "quantity_17")
    number.setText("12")
    number.textEdited.emit("12")
    panel.levels.findChild(QRadioButton, "level_3").click()
    editor.recheck()
    settle(0.5)
    shot("proof-finding")
    panel = editor.indicator_page.show_indicator("16")
    nama = editor.innovation_name()
    panel.evidence.add_files([regulation_pdf(data / "perbup_inovasi.pdf", nama)])
    for _ in range(400):
        settle(0.05)
        docs = [d for d in editor.documents("16") if d.file_name == "perbup_inovasi.pdf"]
        if docs and docs[0].jenis:
            break
    editor.recheck()
    settle(0.3)
    panel.ensureWidgetVisible(panel.evidence.proof.confirm_button)
    shot("proof-prefilled")


SERVER = "https://inovasi.contoh.go.id"  # never contacted: the engine is not started
COLLEAGUE: tuple[str, str] = ("", "")
"""The colleague's innovation pulled with scans this laptop does not hold yet: (id, SK hash)."""


def stage_sync_queue(context: object, ids: list[str]) -> None:
    """Leave the outbox as the engine would after a rough day, and a few runs in the history."""
    import copy
    import dataclasses
    from datetime import UTC, datetime, timedelta

    from sync.local import problems
    from sync.local.content import innovation_content
    from sync.local.problems import Problem

    repo = context.repo  # type: ignore[attr-defined]
    now = datetime.now(UTC)
    # Signed in once: the server gave the officer an id (the seed names them only).
    repo.set_local_user(dataclasses.replace(repo.get_local_user(), user_id="u-operator"))
    # ids[1] went to the server once, then both sides changed its name: a conflict.
    pushed = next(c for c in repo.outbox.take_batch(50) if c.record_id == ids[1])
    repo.outbox.confirm_pushed(pushed.record_type, pushed.record_id, pushed.change_seq, 1)
    base = innovation_content(repo.get_innovation(ids[1]))
    mine = repo.get_innovation(ids[1]).profile
    repo.update_profile(ids[1], dataclasses.replace(mine, nama=mine.nama + " (revisi)"))
    server = copy.deepcopy(base)
    server["profile"]["nama"] = "Puskesmas Keliling Cegah Stunting"
    repo.inbox.mark_conflict("innovation", ids[1], server, 2)
    repo.outbox.take_batch(50)  # as a push leaves them: refused and waiting come from a send
    repo.outbox.requeue_interrupted()
    refusal = Problem(
        problems.SERVER_REFUSED,
        detail="Inovasi ini milik OPD lain; operator hanya boleh mengirim inovasi OPD-nya sendiri.",
        detail_en="This innovation belongs to another OPD; operators may only send their own.",
    )
    repo.outbox.refuse("innovation", ids[3], refusal)
    unavailable = Problem(problems.SERVER_UNAVAILABLE, {"status": 503})
    repo.outbox.retry_later("innovation", ids[4], unavailable, now + timedelta(minutes=4))
    # A colleague's innovation arrived with two scans this laptop does not hold yet.
    import hashlib

    from iid.records import EvidenceDocument, Innovation, InnovationProfile
    from sync.local.ids import new_id

    opd = repo.get_local_user().opd_id or ""
    scans = []
    for name, size in (("SK Kepala Dinas 2025.pdf", 412_000), ("Laporan uji coba.pdf", 1_640_000)):
        sha = hashlib.sha256(name.encode()).hexdigest()
        scans.append(
            EvidenceDocument(
                id=new_id(),
                slot="16",
                sha256=sha,
                file_name=name,
                tentang=name[:-4],
                media_type="application/pdf",
                size_bytes=size,
            )  # fmt: skip
        )
    colleague = new_id()
    content = innovation_content(
        Innovation(
            id=colleague,
            rule_year=2026,
            opd_id=opd,
            documents=scans,
            profile=InnovationProfile(nama="Sekolah Ramah Anak Berbasis Komunitas"),
        )  # fmt: skip
    )
    record = {
        "type": "innovation", "id": colleague, "version": 1, "seq": 1, "content": content,
        "deleted": False, "opd_id": opd, "updated_at": now.isoformat(),
        "updated_by": "u-rekan", "device_id": None,
    }  # fmt: skip
    repo.apply_remote([record], 1)
    global COLLEAGUE
    COLLEAGUE = (colleague, scans[0].sha256)
    for minutes, pushed_n, pulled, ok, problem in (
        (180, 4, 12, True, None),
        (95, 0, 0, False, Problem(problems.UNREACHABLE)),
        (40, 2, 1, True, None),
    ):
        start = now - timedelta(minutes=minutes)
        repo.record_sync_run(
            start, start + timedelta(seconds=38), pushed=pushed_n, pulled=pulled,
            downloaded=3 if ok else 0, ok=ok, failed=0 if ok else 3, problem=problem,
        )  # fmt: skip


def stage_bridge(window: object, data: Path) -> object:
    """The sync part on the window, signed in (a stored sign-in), its engine not started."""
    from datetime import UTC, datetime, timedelta

    from desktop import sync_bridge
    from sync.client.credentials import CredentialStore, StoredLogin
    from sync.client.events import ItemsChanged, Phase, StatusChanged, SyncStatus

    context = window.context  # type: ignore[attr-defined]
    context.settings.server_url = SERVER
    context.settings.set_value("sync/signed_in", "1")
    credentials = CredentialStore(data, use_keyring=False)
    credentials.set(SERVER, StoredLogin("screenshot", "operator", datetime.now(UTC)))
    bridge = sync_bridge.install(window, credentials=credentials, watch_network=False)
    status = SyncStatus(
        Phase.SYNCING, items_done=2, items_total=12, bytes_done=45, bytes_total=100,
        rate_bps=38 * 1024, eta_seconds=120, last_synced_at=datetime.now(UTC) - timedelta(hours=1),
        downloading=2, attention=2,
    )  # fmt: skip
    bridge.deliver(StatusChanged(status))
    bridge.deliver(ItemsChanged())
    return bridge


if __name__ == "__main__":
    sys.exit(main())
