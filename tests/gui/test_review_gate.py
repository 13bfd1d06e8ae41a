"""The operator's Ajukan gate and the pimpinan's read-only desktop.

Ajukan (in the list and on the editor's workflow bar) stays closed while a blocking finding is
open, naming it; it opens once nothing blocks; pressed offline it waits ("Akan diajukan saat
tersambung"), locks the content and can be taken back before it leaves the laptop. A pimpinan
is shown no control whose action the server would refuse."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QListWidget, QPlainTextEdit

from desktop.context import AppContext
from desktop.widgets.date_field import DateField
from desktop.widgets.read_only import is_frozen
from desktop.windows.main_window import MainWindow
from iid import workflow as wf
from iid.records import WorkflowState
from tests.gui.review_support import pulled_innovation, sign_in_as
from tests.sync.test_review_round_trip import attach, draft_complete, pdf

pytestmark = pytest.mark.gui


def open_as(
    qtbot: Any, data_dir: Path, translations: Any, role: str, opd: str | None = None
) -> MainWindow:
    seed = AppContext.create(data_dir, inline_tasks=True)
    sign_in_as(seed, role, opd)
    seed.close()
    window = MainWindow(AppContext.create(data_dir), translations)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.waitUntil(lambda: window.review_shell.caps is not None)
    return window


def installation(ctx: AppContext) -> Any:
    """What ``tests.sync``'s drafting helpers need of an installation."""
    return SimpleNamespace(folder=ctx.data_dir, repo=ctx.repo, vault=ctx.vault)


def select(qtbot: Any, window: MainWindow, innovation_id: str) -> None:
    page = window.list_page
    qtbot.waitUntil(lambda: page.model.rowCount() >= 1)
    page.refresh(select_id=innovation_id)
    qtbot.waitUntil(lambda: page.selected_id() == innovation_id)


def test_ajukan_stays_closed_with_its_reasons_until_nothing_blocks(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    window = open_as(qtbot, _private_data_dir, translations, "operator", "opd-dinkes")
    ctx = window.ctx
    rid = draft_complete(installation(ctx), random.Random(7))
    sk = next(d for d in ctx.repo.get_innovation(rid).documents if d.slot == "16")
    ctx.repo.remove_document(rid, sk.id)  # indicator 16 claimed without its evidence
    submit = window.review_shell.list_submit

    # The list: Ajukan disabled, the line under the list says what blocks it.
    window.list_page.refresh()
    select(qtbot, window, rid)
    qtbot.waitUntil(lambda: submit.view is not None and submit.view.innovation_id == rid)
    assert submit.button.isVisible() and not submit.button.isEnabled()
    assert submit.button.text() == "Ajukan"
    assert "Belum dapat diajukan: 1 hal harus dilengkapi" in submit.hint.text()
    assert "16." in submit.hint.text()

    # The editor (Enter on the row): the bar's Ajukan disabled, the blocker a link to 16.
    window.list_page.table.setFocus()
    qtbot.keyClick(window.list_page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.innovation is not None)
    editor = window.editor
    bar = editor.workflow_bar
    qtbot.waitUntil(lambda: wf.Action.AJUKAN in bar.buttons)
    assert not bar.buttons[wf.Action.AJUKAN].isEnabled()
    assert "href='16'" in bar.message.text() and not editor.read_only
    with qtbot.waitSignal(bar.sig_navigate):  # the named blocker leads to the indicator
        bar.message.linkActivated.emit("16")
    page16 = editor.indicator_page
    assert editor.tabs.currentWidget() is page16
    assert page16.list.currentItem().data(Qt.ItemDataRole.UserRole) == "16"

    # The evidence added: nothing blocks; Ajukan opens (the bar and the list).
    attach(installation(ctx), rid, replace(sk, file_name="sk-baru.pdf"), pdf(random.Random(8)))
    window.close_editor()
    window.open_innovation(rid)
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.workflow_bar is not None)
    bar = window.editor.workflow_bar
    qtbot.waitUntil(
        lambda: wf.Action.AJUKAN in bar.buttons and bar.buttons[wf.Action.AJUKAN].isEnabled()
    )
    assert "Lengkap" in bar.message.text()

    # Pressed by keyboard, offline (no server here): it waits, the content is locked.
    button = bar.buttons[wf.Action.AJUKAN]
    button.setFocus()
    with qtbot.waitSignal(bar.sig_moved):
        qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "Akan diajukan saat tersambung" in bar.message.text())
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.read_only)
    assert bar.cancel_button.isVisible()
    assert ctx.repo.get_innovation(rid).workflow_state is WorkflowState.DRAFT  # server decides
    assert [r.action for r in ctx.repo.workflow.requests(rid)] == [wf.Action.AJUKAN]

    # Back in the list (Alt+Left), its Ajukan says the same.
    qtbot.keyClick(window.editor, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.editor is None)
    qtbot.waitUntil(lambda: "Akan diajukan saat tersambung" in submit.hint.text())
    assert not submit.button.isEnabled()
    window.open_innovation(rid)
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.workflow_bar is not None)

    # Taken back before it left the laptop: a draft again, editable.
    bar = window.editor.workflow_bar
    qtbot.waitUntil(lambda: bar.cancel_button.isVisible())
    bar.cancel_button.click()
    qtbot.waitUntil(lambda: ctx.repo.workflow.requests(rid) == [])
    qtbot.waitUntil(lambda: window.editor is not None and not window.editor.read_only)
    window.close()
    ctx.close()


def test_a_pimpinan_reads_everything_and_changes_nothing(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    seed = AppContext.create(_private_data_dir, inline_tasks=True)
    sign_in_as(seed, "pimpinan")
    rid = pulled_innovation(seed, "Puskesmas Keliling", "opd-dinkes", files=False)
    seed.close()
    window = open_as(qtbot, _private_data_dir, translations, "pimpinan")
    caps = window.review_shell.caps
    assert caps is not None and caps.read_only
    page = window.list_page
    shown = [window.nav.item(i).text() for i in range(window.nav.count())
             if not window.nav.item(i).isHidden()]  # fmt: skip
    assert "Verifikasi" not in shown and "Paket kirim" not in shown
    for control in (page.new_button, page.delete_button, window.review_shell.list_submit.button):
        assert not control.isVisible()
    assert not window.new_action.isVisible() and not page.delete_action.isVisible()

    # The innovation opens read-only: no move, no editable field.
    select(qtbot, window, rid)
    window.open_innovation(rid)
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.workflow_bar is not None)
    editor = window.editor
    qtbot.waitUntil(lambda: editor.workflow_bar.view is not None and editor.read_only)
    assert editor.workflow_bar.buttons == {}
    assert not editor.workflow_bar.review_button.isVisible()
    writable = [
        w for w in editor.findChildren(QLineEdit) + editor.findChildren(QPlainTextEdit)
        if w.isVisible() and w.isEnabled() and not w.isReadOnly()
    ]  # fmt: skip
    assert writable == []
    # ...and look it: on the window's background like the disabled boxes, not on white.
    frozen = [w for w in editor.findChildren(QLineEdit) if w.isVisible() and is_frozen(w)]
    assert frozen
    for field in frozen:
        palette = field.palette()
        assert palette.color(QPalette.ColorRole.Base) == palette.color(QPalette.ColorRole.Window)
    assert not editor.delete_button.isVisible()
    # No clear button (a date's ⊗) on any frozen field, shown or on another tab.
    dates = [w for w in editor.findChildren(DateField) if is_frozen(w.edit)]
    assert dates
    assert not [
        w for w in editor.findChildren(QLineEdit) if is_frozen(w) and w.isClearButtonEnabled()
    ]
    # The overlapping urusan's check boxes take no click (they did, in every locked editor).
    lists = [w for w in editor.findChildren(QListWidget) if is_frozen(w)]
    assert lists
    for listed in lists:
        for row in range(listed.count()):
            assert not listed.item(row).flags() & Qt.ItemFlag.ItemIsUserCheckable

    # The Profil Pemda: read-only, with the reason.
    window.close_editor()
    window.show_page("spd")
    spd = window.spd_page
    qtbot.waitUntil(lambda: spd.isVisible())
    buttons = [b for b in spd.findChildren(QAbstractButton) if b.isVisible() and b.isEnabled()]
    edits = [
        w for w in spd.findChildren(QLineEdit) + spd.findChildren(QPlainTextEdit)
        if w.isVisible() and w.isEnabled() and not w.isReadOnly()
    ]  # fmt: skip
    assert edits == [] and buttons == []
    window.close()
    window.ctx.close()


def test_another_opds_draft_says_who_can_submit_it(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    seed = AppContext.create(_private_data_dir, inline_tasks=True)
    sign_in_as(seed, "operator", "opd-dinkes")
    theirs = pulled_innovation(
        seed, "Sekolah Ramah Anak", "opd-disdik", state=WorkflowState.DRAFT, files=False
    )
    submitted = pulled_innovation(seed, "Puskesmas Keliling", "opd-dinkes", files=False)
    seed.close()
    window = open_as(qtbot, _private_data_dir, translations, "operator", "opd-dinkes")
    submit = window.review_shell.list_submit

    select(qtbot, window, theirs)
    qtbot.waitUntil(lambda: submit.view is not None and submit.view.innovation_id == theirs)
    assert not submit.button.isEnabled()
    assert submit.hint.text() == "Draf: hanya operator OPD pemiliknya yang dapat mengajukan."

    select(qtbot, window, submitted)
    qtbot.waitUntil(lambda: submit.view is not None and submit.view.innovation_id == submitted)
    assert not submit.button.isEnabled()
    assert submit.hint.text() == "Diajukan: tidak ada yang perlu diajukan sekarang."
    window.close()


@pytest.mark.parametrize(
    ("state", "role", "shown"),
    [
        (WorkflowState.REVISI, "operator", True),
        (WorkflowState.DISETUJUI, "operator", False),
        # A verifier reading a returned innovation cannot submit it: no "ready to submit".
        (WorkflowState.REVISI, "verifikator", False),
    ],
)
def test_what_blocks_submitting_is_shown_only_while_it_can_be_submitted(
    qtbot: Any,
    _private_data_dir: Path,
    translations: Any,
    state: WorkflowState,
    role: str,
    shown: bool,
) -> None:
    opd = "opd-dinkes" if role == "operator" else None
    seed = AppContext.create(_private_data_dir, inline_tasks=True)
    sign_in_as(seed, role, opd)
    rid = pulled_innovation(seed, "Puskesmas Keliling", "opd-dinkes", state=state, files=False)
    seed.close()
    window = open_as(qtbot, _private_data_dir, translations, role, opd)
    window.open_innovation(rid)
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.workflow_bar is not None)
    editor = window.editor
    qtbot.waitUntil(lambda: editor.workflow_bar.view is not None)
    panel = editor.score_panel
    assert panel.blockers_title.isVisible() is shown
    assert panel.blockers.isVisible() is shown
    window.close()


@pytest.mark.parametrize(("role", "title"), [("pimpinan", "Dasbor"), ("operator", "Ringkasan")])
def test_the_summary_page_is_named_for_the_role_before_it_is_opened(
    qtbot: Any, _private_data_dir: Path, translations: Any, role: str, title: str
) -> None:
    """The nav names the page Dasbor (the whole pemda) or Ringkasan (the OPD's part) from the
    role, not from the page's first load: it used to say Ringkasan to a pimpinan until opened."""
    window = open_as(qtbot, _private_data_dir, translations, role, "opd-dinkes")
    row = list(window._pages).index("summary")
    assert window.current_page_key() == "inovasi"
    qtbot.waitUntil(lambda: window.nav.item(row).text() == title)
    window.close()
    window.ctx.close()
