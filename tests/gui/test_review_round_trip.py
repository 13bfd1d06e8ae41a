"""The review round trip through the apps: an operator's, a verifier's and an admin's main
window, each with its own store, vault and sign-in, the real server behind the fault proxy.

The operator submits a complete draft offline from the list (it waits), syncs; the verifier
syncs (the evidence comes down), goes offline, reviews by keyboard (Tidak Sesuai with a note on
16, Sesuai on the rest), returns it with a note, syncs; the operator sees the notes at the top,
at 16 and in the score panel, replaces 16's evidence (its verdict goes back to pending),
resubmits from the editor; the verifier approves by keyboard; the admin marks Siap kirim and
Terkirim. Then the server and all three stores hold the same review, and the audit log each
step. (The headless test ``tests/sync/test_review_round_trip.py`` covers the offline verdict on
changed evidence and the worse line.)"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.review.review_screen import FinishDialog
from desktop.review.workflow_bar import WorkflowBar
from desktop.windows.main_window import MainWindow
from iid import workflow as wf
from iid.codec import review_to_dict
from iid.records import Verdict, WorkflowState
from sync.client.credentials import CredentialStore
from sync.local.outbox import OutboxState
from sync.local.repository import RequestState
from tests.gui.review_support import when_finish_dialog
from tests.gui.sync_support import close_window, open_window
from tests.gui.test_review_gate import installation
from tests.server.live import DEMO_PASSWORDS, LiveServer, running_server
from tests.sync.faultproxy import FaultProxy
from tests.sync.test_review_round_trip import (
    attach,
    draft_complete,
    offline,
    pdf,
    server_review,
    verdicts_of,
)

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def online(proxy: FaultProxy) -> None:
    """A poor line: some requests answered 502/503, some connections cut mid-way."""
    proxy.error_rate, proxy.cut_after_bytes = 0.08, (20_000, 200_000)


@pytest.fixture
def line(tmp_path: Path) -> Iterator[tuple[LiveServer, FaultProxy]]:
    with running_server(tmp_path / "server") as live:
        host, port = live.url.removeprefix("http://").split(":")
        with FaultProxy(host, int(port), seed=5, error_status=(502, 503)) as proxy:
            yield live, proxy


def app(qtbot: Any, folder: Path, translations: Any, url: str, username: str) -> MainWindow:
    """One officer's app, signed in on a clean line (signing in is not under test here)."""
    window = open_window(qtbot, folder, translations, url, activate=True)
    # Each laptop keeps its own sign-in (the tests' keyring is one per process).
    window.sync_bridge._credentials = CredentialStore(folder, use_keyring=False)
    assert window.sync_bridge.sign_in_demo(username, DEMO_PASSWORDS[username])
    qtbot.waitUntil(
        lambda: (u := window.ctx.repo.get_local_user()) is not None and u.username == username,
        timeout=60_000,
    )
    return window


MOVING = (OutboxState.QUEUED, OutboxState.SENDING, OutboxState.WAITING)


def sync(qtbot: Any, window: MainWindow, until: Callable[[], bool] = lambda: True) -> None:
    """Press "Sinkronkan sekarang" until nothing in the outbox is still to be delivered and
    ``until()`` holds (a run cut short by the bad line is simply run again, as the officer
    would; a refusal stays for the officer)."""
    bridge = window.sync_bridge
    for _ in range(40):
        with qtbot.waitSignal(bridge.sig_run_finished, timeout=60000):
            bridge.sync_now()
        counts = window.ctx.repo.outbox.counts()
        if not sum(n for (_d, state), n in counts.items() if state in MOVING) and until():
            return
    pytest.fail(f"{window.ctx.repo.get_local_user()} never synced")


def files_here(window: MainWindow, rid: str) -> bool:
    innovation = window.ctx.repo.get_innovation(rid)
    return innovation is not None and all(
        window.ctx.vault.has(d.sha256) for d in innovation.documents if d.sha256
    )


def state_of(window: MainWindow, rid: str) -> WorkflowState | None:
    innovation = window.ctx.repo.get_innovation(rid)
    return innovation.workflow_state if innovation is not None else None


def review_by_keyboard(
    qtbot: Any, window: MainWindow, rid: str, verdicts: dict[str, str], finish: str | None
) -> Any:
    """Open ``rid`` from the Verifikasi queue with Enter, give ``verdicts`` (indicator -> "S",
    "D" or a Tidak Sesuai note) walking with N, then Ctrl+Enter: "setujui" or a return note
    (None: back to the queue unfinished). Returns the review screen."""
    window.raise_()
    window.activateWindow()  # keys go to the active window (three apps are open)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.show_page("verifikasi")
    desk = window.review_shell.desk
    queue = desk.queue
    desk.refresh()
    qtbot.waitUntil(lambda: rid in [r.id for r in queue.model.rows], timeout=60_000)
    queue.table.setFocus()
    queue.table.selectRow([r.id for r in queue.model.rows].index(rid))
    with qtbot.waitSignal(desk.stack.currentChanged, timeout=60_000):
        qtbot.keyClick(queue.table, Qt.Key.Key_Return)
    screen = desk.review_screen
    assert screen is not None
    qtbot.waitUntil(lambda: screen.data is not None and screen.key is not None, timeout=60_000)
    keys = screen.data.keys
    walk = keys[: max((keys.index(k) + 1 for k in verdicts), default=0)]
    for number, indicator in enumerate(walk):
        if number:
            qtbot.keyClick(screen, Qt.Key.Key_N)
            qtbot.waitUntil(lambda i=indicator: screen.key == i)
        if indicator not in verdicts:
            continue
        given = verdicts[indicator]
        with qtbot.waitSignal(screen.sig_verdict_saved, timeout=60_000):
            if given in ("S", "D"):
                qtbot.keyClick(screen, getattr(Qt.Key, f"Key_{given}"))
            else:
                qtbot.keyClick(screen, Qt.Key.Key_T)
                qtbot.keyClicks(screen.note, given)
                qtbot.keyClick(screen.note, Qt.Key.Key_Return)

    if finish is None:
        return screen

    def answer(dialog: FinishDialog) -> None:
        if finish == "setujui":
            assert dialog.approve.isEnabled() and dialog.approve.isChecked()
        else:
            dialog.revise.setFocus()  # Tab to it; Space chooses it
            qtbot.keyClick(dialog.revise, Qt.Key.Key_Space)
            assert dialog.revise.isChecked()
            dialog.note.setFocus()
            qtbot.keyClicks(dialog.note, finish)
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    when_finish_dialog(qtbot, answer)
    with qtbot.waitSignal(screen.sig_finished, timeout=60_000):
        qtbot.keyClick(screen, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    return screen


def open_editor(qtbot: Any, window: MainWindow, rid: str) -> Any:
    window.show_page("inovasi")
    window.open_innovation(rid)
    qtbot.waitUntil(
        lambda: window.editor is not None and window.editor.workflow_bar is not None
        and window.editor.workflow_bar.view is not None
        and window.editor.workflow_bar.view.innovation_id == rid,
        timeout=60_000,
    )  # fmt: skip
    return window.editor


def press(qtbot: Any, window: MainWindow, action: wf.Action) -> None:
    bar = window.editor.workflow_bar
    qtbot.waitUntil(lambda: action in bar.buttons and bar.buttons[action].isEnabled())
    button = bar.buttons[action]
    button.setFocus()
    with qtbot.waitSignal(bar.sig_moved, timeout=60_000):
        qtbot.keyClick(button, Qt.Key.Key_Space)


def test_two_apps_submit_review_return_fix_resubmit_approve_send(
    qtbot: Any,
    tmp_path: Path,
    translations: Any,
    line: tuple[LiveServer, FaultProxy],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    live, proxy = line
    monkeypatch.setattr(WorkflowBar, "confirm", staticmethod(lambda *_a: True))  # Terkirim's
    windows: list[MainWindow] = []
    try:
        run_round_trip(qtbot, tmp_path, translations, live, proxy, windows)
    finally:  # a failure must not leave engines running under closing windows
        for window in windows:
            close_window(window)


def run_round_trip(
    qtbot: Any,
    tmp_path: Path,
    translations: Any,
    live: LiveServer,
    proxy: FaultProxy,
    windows: list[MainWindow],
) -> None:
    operator = app(qtbot, tmp_path / "operator", translations, proxy.url, "operator")
    windows.append(operator)
    verifier = app(qtbot, tmp_path / "verifier", translations, proxy.url, "verifikator")
    windows.append(verifier)
    admin = app(qtbot, tmp_path / "admin", translations, proxy.url, "admin")
    windows.append(admin)
    rng = random.Random(20261205)

    # 1. The operator submits offline from the list: it waits; it is decided at the next sync.
    offline(proxy)
    rid = draft_complete(installation(operator.ctx), rng)
    page = operator.list_page
    page.refresh(select_id=rid)
    submit = operator.review_shell.list_submit
    qtbot.waitUntil(lambda: submit.button.isEnabled() and page.selected_id() == rid)
    submit.button.setFocus()
    qtbot.keyClick(submit.button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "Akan diajukan saat tersambung" in submit.hint.text())
    with qtbot.waitSignal(operator.sync_bridge.sig_run_finished, timeout=60000):
        operator.sync_bridge.sync_now()  # a run on the dead line: nothing goes, nothing is lost
    assert proxy.errors_injected > 0
    assert state_of(operator, rid) is WorkflowState.DRAFT
    assert "Akan diajukan saat tersambung" in submit.hint.text()
    online(proxy)
    sync(qtbot, operator, lambda: state_of(operator, rid) is WorkflowState.DIAJUKAN)

    # The admin starts reviewing too, offline, on this evidence (16 and 17 Sesuai), and syncs
    # only when asked ("Hanya saat diminta"): the verdicts stay on the laptop for now.
    admin.sync_page.policy_combo.setCurrentIndex(2)
    assert admin.ctx.settings.sync_policy == "manual"
    sync(qtbot, admin, lambda: state_of(admin, rid) is WorkflowState.DIAJUKAN
         and files_here(admin, rid))  # fmt: skip
    offline(proxy)
    review_by_keyboard(qtbot, admin, rid, {"16": "S", "17": "S"}, None)
    admin.review_shell.desk.close_review()
    online(proxy)

    # 2. The verifier syncs (the evidence comes down), goes offline, reviews by keyboard.
    sync(qtbot, verifier, lambda: state_of(verifier, rid) is WorkflowState.DIAJUKAN
         and files_here(verifier, rid))  # fmt: skip
    offline(proxy)
    review_by_keyboard(
        qtbot, verifier, rid,
        {"16": "SK belum menyebut nama inovasi", "17": "S", "32": "S", "33": "S", "35": "S"},
        "Lampirkan SK yang menyebut nama inovasi",
    )  # fmt: skip
    assert state_of(verifier, rid) is WorkflowState.DIAJUKAN  # the server decides
    online(proxy)
    sync(qtbot, verifier, lambda: state_of(verifier, rid) is WorkflowState.REVISI)

    # The operator, not synced since submitting, asks to withdraw it: allowed as far as this
    # laptop knows; the server, where it is already back in revision, refuses it with its
    # reason, which the editor shows until the operator closes it.
    operator.sync_page.policy_combo.setCurrentIndex(2)  # runs only when asked, as below
    open_editor(qtbot, operator, rid)
    press(qtbot, operator, wf.Action.TARIK_KEMBALI)
    sync(qtbot, operator, lambda: state_of(operator, rid) is WorkflowState.REVISI)

    def refusal_shown() -> bool:
        editor = operator.editor  # reopened when the state moved: its bar is built on load
        bar = editor.workflow_bar if editor is not None else None
        return bar is not None and bar.refused_note.isVisible()

    qtbot.waitUntil(refusal_shown)
    bar = operator.editor.workflow_bar
    assert "Server menolak “Tarik kembali”" in bar.refused_note.text()
    bar.dismiss_button.setFocus()
    qtbot.keyClick(bar.dismiss_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: operator.ctx.repo.workflow.requests(rid) == [])

    # 3. The operator sees the notes: at the top, at indicator 16, in the score panel.
    sync(qtbot, operator, lambda: state_of(operator, rid) is WorkflowState.REVISI)
    editor = open_editor(qtbot, operator, rid)
    bar = editor.workflow_bar
    qtbot.waitUntil(lambda: bar.return_note.isVisible())
    assert "Lampirkan SK yang menyebut nama inovasi" in bar.return_note.text()
    # Who returned it, by the name people know them by (the server keeps it in the step).
    assert "revisi oleh Verifikator Bappeda (verifikator)" in bar.return_note.text()
    assert not editor.read_only  # unlocked for the OPD
    # Complete, yet what the verifier asked for comes before Ajukan ulang.
    assert "Perbaiki yang diminta verifikator" in bar.message.text()
    rejected = {r.target: r for r in editor.score_panel.rejection_items()}
    assert rejected["16"].note == "SK belum menyebut nama inovasi"
    assert (rejected["16"].claimed, rejected["16"].verified) == (2, 1)
    assert "SK belum menyebut nama inovasi" in editor.score_panel.rejections.text()

    # The evidence of 16 replaced: its verdict is pending at once; Ajukan ulang from the bar.
    operator.close_editor()
    old = next(d for d in operator.ctx.repo.get_innovation(rid).documents if d.slot == "16")
    operator.ctx.repo.remove_document(rid, old.id)
    attach(installation(operator.ctx), rid, replace(old, file_name="sk-baru.pdf"), pdf(rng))
    answers = operator.ctx.repo.get_innovation(rid).answers
    assert answers["16"].verdict is Verdict.PENDING and answers["17"].verdict is Verdict.SESUAI
    open_editor(qtbot, operator, rid)
    press(qtbot, operator, wf.Action.AJUKAN_ULANG)
    sync(qtbot, operator, lambda: state_of(operator, rid) is WorkflowState.DIAJUKAN)
    assert server_review(live, rid)["indicators"]["16"]["verdict"] == "pending"  # reset there too

    # The admin comes back: the verdict on 16's old evidence is refused, not applied; the
    # review screen says so at 16 until the admin checks the new file and judges it again.
    def refused_16() -> bool:
        return any(r.indicator == "16" and r.state is RequestState.REFUSED
                   for r in admin.ctx.repo.workflow.requests(rid))  # fmt: skip

    sync(qtbot, admin, lambda: refused_16() and files_here(admin, rid))
    screen = review_by_keyboard(qtbot, admin, rid, {}, None)
    assert screen.key == "16" and screen.changed_banner.isVisible()
    assert "Bukti berubah sejak Anda memeriksa" in screen.changed_banner.text()
    assert "bukti berubah" in screen.indicator_list.item(0).text()
    with qtbot.waitSignal(screen.sig_verdict_saved):
        qtbot.keyClick(screen, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: not screen.changed_banner.isVisible())
    admin.review_shell.desk.close_review()
    sync(qtbot, admin, lambda: admin.ctx.repo.workflow.requests(rid) == [])

    # 4. The verifier checks the new evidence offline and approves.
    sync(qtbot, verifier, lambda: state_of(verifier, rid) is WorkflowState.DIAJUKAN
         and files_here(verifier, rid))  # fmt: skip
    offline(proxy)
    review_by_keyboard(qtbot, verifier, rid, {"16": "S"}, "setujui")
    online(proxy)
    sync(qtbot, verifier, lambda: state_of(verifier, rid) is WorkflowState.DISETUJUI)

    # 5. The admin: Siap kirim, then Terkirim (after entering it in the national app).
    sync(qtbot, admin, lambda: state_of(admin, rid) is WorkflowState.DISETUJUI)
    for action, state in ((wf.Action.SIAP_KIRIM, WorkflowState.SIAP_KIRIM),
                          (wf.Action.TERKIRIM, WorkflowState.TERKIRIM)):  # fmt: skip
        open_editor(qtbot, admin, rid)
        press(qtbot, admin, action)
        sync(qtbot, admin, lambda s=state: state_of(admin, rid) is s)
    for window in (operator, verifier):
        sync(qtbot, window, lambda w=window: state_of(w, rid) is WorkflowState.TERKIRIM)

    on_server = server_review(live, rid)
    assert on_server["workflow_state"] == "terkirim"
    expected = {
        k: (v["verdict"], v["verified_level"], v["note"])
        for k, v in on_server["indicators"].items()
    }
    assert expected["16"] == ("sesuai", 2, "")
    for window in (operator, verifier, admin):
        ctx = window.ctx
        assert review_to_dict(ctx.repo.workflow.review(rid)) == on_server
        assert verdicts_of(installation(ctx), rid) == expected  # type: ignore[arg-type]
        assert ctx.repo.workflow.requests(rid) == []
    with live.client("operator") as client:
        events = client.get(f"/innovations/{rid}/workflow").json()["events"]
    moves = [(e["action"], e["actor"]) for e in events if e["action"] not in ("nilai", "refused")]
    refused = [e for e in events if e["action"] == "refused"]
    assert ("admin", "workflow.evidence_changed") in [(e["actor"], e["code"]) for e in refused]
    assert [e["actor"] for e in refused] == ["operator", "admin"]  # the withdrawal, the verdict
    assert moves == [
        ("ajukan", "operator"),
        ("perlu_revisi", "verifikator"),
        ("verdict_reset", "operator"),
        ("ajukan_ulang", "operator"),
        ("setujui", "verifikator"),
        ("siap_kirim", "admin"),
        ("terkirim", "admin"),
    ]
    judged = {k for e in events if e["action"] == "nilai" for k in e["indicators"]}
    assert judged == {"16", "17", "32", "33", "35"}
