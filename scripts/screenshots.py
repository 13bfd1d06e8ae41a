"""Take the README's screenshots from the real app on a freshly seeded demo data folder.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py [--lang id]

Under Xvfb the real xcb window is shot (the README's pictures are made this way); without a
display it falls back to the offscreen platform. Each page is saved with ``QWidget.grab()``.

The Sinkronisasi page (sync.png) shows a queue left in every state through the repository, the
way the engine leaves it (refused, waiting, conflict), a few recorded runs, and a run in
progress: the engine is not started (there is no server here), and its "sending" status and one
file's upload progress are handed to the bridge as the engine's thread would.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="id", choices=("id", "en"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
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

    def shot(name: str) -> None:
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
    window.close_editor()
    window.show_page("spd")
    shot("spd")
    window.show_page("summary")
    shot("summary")
    window.show_page("sync")
    page = window.sync_page
    settle(0.5)
    from sync.client.events import UploadProgress

    sending = next(i for i in page.items if i.kind == "evidence")
    bridge.deliver(UploadProgress(sending.key.split(":", 1)[1], 45, 100, 38 * 1024.0))
    page.pending_table.selectRow(page.row_of(f"record:innovation:{ids[3]}"))
    shot("sync")
    bridge.stop()
    window.close()
    context.close()
    return 0


SERVER = "https://inovasi.contoh.go.id"  # never contacted: the engine is not started


def stage_sync_queue(context: object, ids: list[str]) -> None:
    """Leave the outbox as the engine would after a rough day, and a few runs in the history."""
    import copy
    import dataclasses
    from datetime import UTC, datetime, timedelta

    from sync.local.content import innovation_content

    repo = context.repo  # type: ignore[attr-defined]
    now = datetime.now(UTC)
    # Signed in once: the server gave the officer an id (the seed names them only).
    repo.set_local_user(dataclasses.replace(repo.get_local_user(), user_id="u-operator"))
    # ids[1] went to the server once, then both sides changed its name: a conflict.
    pushed = next(c for c in repo.outbox_batch(50) if c.record_id == ids[1])
    repo.mark_pushed(pushed.record_type, pushed.record_id, pushed.change_seq, 1)
    base = innovation_content(repo.get_innovation(ids[1]))
    mine = repo.get_innovation(ids[1]).profile
    repo.update_profile(ids[1], dataclasses.replace(mine, nama=mine.nama + " (revisi)"))
    server = copy.deepcopy(base)
    server["profile"]["nama"] = "Puskesmas Keliling Cegah Stunting"
    repo.mark_conflict("innovation", ids[1], server, 2)
    repo.quarantine(
        "innovation",
        ids[3],
        "Inovasi ini milik OPD lain; operator hanya boleh mengirim inovasi OPD-nya sendiri.",
    )
    repo.mark_retry("innovation", ids[4], "503 Service Unavailable", now + timedelta(minutes=4))
    for minutes, pushed_n, pulled, ok, message in (
        (180, 4, 12, True, ""),
        (95, 0, 0, False, "Server tidak dapat dihubungi (koneksi terputus)"),
        (40, 2, 1, True, ""),
    ):
        start = now - timedelta(minutes=minutes)
        repo.record_sync_run(
            start, start + timedelta(seconds=38), pushed=pushed_n, pulled=pulled,
            ok=ok, failed=0 if ok else 3, message=message,
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
    )  # fmt: skip
    bridge.deliver(StatusChanged(status))
    bridge.deliver(ItemsChanged())
    return bridge


if __name__ == "__main__":
    sys.exit(main())
