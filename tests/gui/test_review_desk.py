"""The Verifikasi desk by keyboard alone: a verifier's laptop holding two OPDs' submitted
innovations (their scans in the vault, offline), the queue filtered and opened with keys, every
claimed indicator judged with S / T / D / 1-3 and N, the innovation finished with Ctrl+Enter;
every verdict waits in the outbox as a workflow request for the next sync."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.context import AppContext
from desktop.review.queue import COLUMNS, load_queue
from desktop.review.review_screen import FinishDialog
from desktop.windows.main_window import MainWindow
from iid import workflow as wf
from iid.records import Verdict, WorkflowState
from sync.local.repository import RequestState
from tests.gui.review_support import pulled_innovation, sign_in_as, when_finish_dialog

pytestmark = pytest.mark.gui


def open_verifier_window(
    qtbot: Any, data_dir: Path, translations: Any
) -> tuple[MainWindow, dict[str, str]]:
    seed = AppContext.create(data_dir, inline_tasks=True)
    sign_in_as(seed, "verifikator")
    ids = {
        "kes": pulled_innovation(seed, "Puskesmas Keliling", "opd-dinkes", submitted_days_ago=9),
        "dik": pulled_innovation(seed, "Sekolah Ramah Anak", "opd-disdik", submitted_days_ago=2,
                                 seq=10),
    }  # fmt: skip
    seed.close()
    window = MainWindow(AppContext.create(data_dir), translations)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.waitUntil(lambda: window.review_shell.caps is not None)
    return window, ids


def key(qtbot: Any, widget: Any, k: Any, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, k, modifier)


def test_a_verifier_reviews_an_innovation_with_the_keyboard_alone(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    window, ids = open_verifier_window(qtbot, _private_data_dir, translations)
    ctx = window.ctx
    shell = window.review_shell
    # The verifier's desktop: the Verifikasi desk; no new innovation, the SPD read-only.
    nav = [window.nav.item(i) for i in range(window.nav.count())]
    assert [i.text() for i in nav if not i.isHidden()][-1] == "Verifikasi"
    assert not window.list_page.new_button.isVisible()
    assert not window.list_page.delete_button.isVisible()

    # Alt+5 (the fifth visible page) is not guaranteed; the nav list takes arrow keys.
    window.show_page("verifikasi")
    desk = shell.desk
    queue = desk.queue
    qtbot.waitUntil(lambda: queue.model.rowCount() == 2, timeout=60_000)
    assert queue.counts.text().startswith("2 untuk diperiksa")
    header = queue.table.horizontalHeader()
    files = COLUMNS.index("files")  # its title, "Bukti di laptop", is shown whole
    assert header.sectionSize(files) >= header.sectionSizeHint(files)
    assert queue.model.rows[0].id == ids["kes"]  # longest waiting first
    assert queue.model.rows[0].files_here == queue.model.rows[0].files == 4
    assert (queue.model.rows[0].claimed, queue.model.rows[0].judged) == (5, 0)

    # Filters by keyboard, with Tab from the search field: state, OPD, waiting time.
    def tab() -> Any:
        before = QApplication.focusWidget()
        key(qtbot, before, Qt.Key.Key_Tab)
        return QApplication.focusWidget()

    queue.search.setFocus()  # where the page puts the cursor; Ctrl+F in the list does so too
    qtbot.waitUntil(queue.search.hasFocus)
    assert tab() is queue.group
    assert tab() is queue.opd
    key(qtbot, queue.opd, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1)
    chosen = queue.opd.currentData()
    assert [r.opd_id for r in queue.model.rows] == [chosen]
    key(qtbot, queue.opd, Qt.Key.Key_Home)
    assert tab() is queue.waiting
    key(qtbot, queue.waiting, Qt.Key.Key_Down)
    key(qtbot, queue.waiting, Qt.Key.Key_Down)  # 7 days or more
    qtbot.waitUntil(lambda: [r.id for r in queue.model.rows] == [ids["kes"]])
    key(qtbot, queue.waiting, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 2)

    # Tab into the queue, Home on the first row, Enter opens the review screen with the first
    # document large.
    assert tab() is queue.table
    key(qtbot, queue.table, Qt.Key.Key_Home)
    assert queue.selected_id() == ids["kes"]
    with qtbot.waitSignal(desk.stack.currentChanged, timeout=60_000):
        key(qtbot, queue.table, Qt.Key.Key_Return)
    screen = desk.review_screen
    assert screen is not None and screen.innovation_id == ids["kes"]
    qtbot.waitUntil(lambda: screen.data is not None and screen.preview.current_kind() == "pdf",
                    timeout=60_000)  # fmt: skip
    assert screen.key == "16"
    assert "Dokumen 1 dari 1" in screen.doc_label.text()
    # The document's date as the editor shows it (dd-mm-yyyy), never ISO.
    assert "Tanggal: 01-03-2024" in screen.document_facts.text()
    assert screen.guidance.text()  # the evidence guidance of indicator 16
    assert screen.level_labels[1].objectName() == "claimedLevel"  # claimed level 2

    def verdict(indicator: str) -> Any:
        return ctx.repo.get_innovation(ids["kes"]).answers[indicator]

    # S: Sesuai at the claimed level, written at once as a request for the next sync.
    with qtbot.waitSignal(screen.sig_verdict_saved, timeout=60_000):
        key(qtbot, screen, Qt.Key.Key_S)
    assert (verdict("16").verdict, verdict("16").verified_level) == (Verdict.SESUAI, 2)

    # N: the next document is indicator 17's. T, the note, Enter: Tidak Sesuai at level 1.
    key(qtbot, screen, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: screen.key == "17")
    key(qtbot, screen, Qt.Key.Key_T)
    assert screen.note.hasFocus() and screen.typing_tidak_sesuai
    # Enter without a note is refused here (a note is required), nothing is written.
    key(qtbot, screen.note, Qt.Key.Key_Return)
    assert "catatan" in screen.message.text().lower()
    assert verdict("17").verdict is Verdict.PENDING
    qtbot.keyClicks(screen.note, "SK tidak menyebut jumlah SDM")
    with qtbot.waitSignal(screen.sig_verdict_saved, timeout=60_000):
        key(qtbot, screen.note, Qt.Key.Key_Return)
    assert (verdict("17").verdict, verdict("17").verified_level) == (Verdict.TIDAK_SESUAI, 1)
    assert verdict("17").verifier_note == "SK tidak menyebut jumlah SDM"

    # 3 is above the claim (2): refused on screen. 1 then S: Sesuai at a lowered level 1.
    key(qtbot, screen, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: screen.key == "32")
    key(qtbot, screen, Qt.Key.Key_3)
    assert "di atas klaim" in screen.message.text() or "klaim" in screen.message.text()
    with qtbot.waitSignal(screen.sig_verdict_saved, timeout=60_000):
        key(qtbot, screen, Qt.Key.Key_1)
    assert (verdict("32").verdict, verdict("32").verified_level) == (Verdict.SESUAI, 1)

    # D: Tidak Dapat Diukur (level 0) on 33; S on 35 (a link, no file).
    key(qtbot, screen, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: screen.key == "33")
    with qtbot.waitSignal(screen.sig_verdict_saved, timeout=60_000):
        key(qtbot, screen, Qt.Key.Key_D)
    assert (verdict("33").verdict, verdict("33").verified_level) == (Verdict.TIDAK_DAPAT_DIUKUR, 0)
    key(qtbot, screen, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: screen.key == "35")
    with qtbot.waitSignal(screen.sig_verdict_saved, timeout=60_000):
        key(qtbot, screen, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: screen.progress.text().startswith("5 dari 5"))

    # Every verdict waits in the outbox (offline): one request per indicator.
    requests = ctx.repo.workflow.requests(ids["kes"])
    assert {r.indicator for r in requests} == {"16", "17", "32", "33", "35"}
    assert all(r.state is RequestState.PENDING and r.action is wf.Action.NILAI for r in requests)
    (judged,) = [r for r in load_queue(ctx.repo, frozenset()) if r.id == ids["kes"]]
    assert (judged.claimed, judged.judged) == (5, 5)  # the queue counts the verdicts given here

    # Ctrl+Enter: the finish dialog, answered with the keyboard (note, Ctrl+Enter).
    def answer_dialog(dialog: FinishDialog) -> None:
        assert dialog.approve.isEnabled() and dialog.approve.isChecked()
        dialog.revise.setFocus()  # Tab to it; Space chooses it
        qtbot.keyClick(dialog.revise, Qt.Key.Key_Space)
        assert dialog.revise.isChecked()
        dialog.note.setFocus()
        qtbot.keyClicks(dialog.note, "Lampirkan SK yang menyebut jumlah SDM")
        key(qtbot, dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    when_finish_dialog(qtbot, answer_dialog)
    with qtbot.waitSignal(screen.sig_finished, timeout=60_000):
        key(qtbot, screen, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    moves = [r for r in ctx.repo.workflow.requests(ids["kes"]) if r.action is not wf.Action.NILAI]
    assert [(r.action, r.move.note) for r in moves] == [
        (wf.Action.PERLU_REVISI, "Lampirkan SK yang menyebut jumlah SDM")
    ]
    # Back on the queue, the next innovation selected; Enter opens it.
    qtbot.waitUntil(lambda: desk.review_screen is None and queue.selected_id() == ids["dik"])
    assert ctx.repo.get_innovation(ids["kes"]).workflow_state is WorkflowState.DIAJUKAN
    window.close()
    ctx.close()


def test_the_finish_dialog_keeps_approval_closed_until_every_claim_is_judged(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    ctx = AppContext.create(_private_data_dir, inline_tasks=True)
    sign_in_as(ctx, "verifikator")
    rid = pulled_innovation(ctx, "Puskesmas Keliling", "opd-dinkes")
    from desktop.review.review_screen import load_review

    data = load_review(ctx.repo, rid, "id")
    assert data is not None
    dialog = FinishDialog(data, "id")
    qtbot.addWidget(dialog)
    assert not dialog.approve.isEnabled() and dialog.revise.isChecked()
    assert "belum dinilai" in dialog.approve_reason.text()
    dialog.accept()  # Perlu revisi without a note: refused, stays open
    assert dialog.result() == 0 and "perbaiki" in dialog.error.text().lower()
    ctx.close()
