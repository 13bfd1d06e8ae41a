"""The desktop's export part on real widgets: the Paket kirim page by role, writing and
cancelling a package, the profile in the previewer and printed, the carry-over dialog."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PySide6.QtPrintSupport import QPrinter

from desktop.context import AppContext
from desktop.demo_data import seed
from desktop.labels import workflow_label
from desktop.windows.main_window import MainWindow
from iid.records import WorkflowState
from sync.export.manifest import verify_package
from sync.local.repository import InnovationFilter

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory, qapp: Any) -> Path:
    folder = tmp_path_factory.mktemp("demo-desktop")
    context = AppContext.create(folder, inline_tasks=True)
    seed(context)
    context.close()
    return folder


def open_window(qtbot: Any, demo_folder: Path, tmp_path: Path, translations: Any, role: str):
    folder = tmp_path / "data"
    shutil.copytree(demo_folder, folder)
    context = AppContext.create(folder)
    user = context.repo.get_local_user()
    context.repo.set_local_user(dataclasses.replace(user, role=role))
    window = MainWindow(context, translations)
    qtbot.addWidget(window)
    window.show()
    context.tasks.wait_idle()
    return window


def close_window(window: MainWindow) -> None:
    window.close()
    window.ctx.close()


def _nav_hidden(window: MainWindow, key: str) -> bool:
    return window.nav.item(list(window._pages).index(key)).isHidden()


def test_package_page_is_only_for_admin_and_verifikator(
    qtbot: Any, demo_folder: Path, tmp_path: Path, translations: Any
) -> None:
    for role, shown in (("operator", False), ("pimpinan", False), ("verifikator", True)):
        window = open_window(qtbot, demo_folder, tmp_path / role, translations, role)
        actions = window.export_actions
        qtbot.waitUntil(lambda a=actions, r=role: a.role == r)
        assert _nav_hidden(window, "paket") is not shown
        assert actions.package_action.isVisible() is shown
        assert actions.carry_action.isVisible() is (role == "operator")
        close_window(window)


def test_package_written_from_the_page_and_checked(
    qtbot: Any, demo_folder: Path, tmp_path: Path, translations: Any
) -> None:
    window = open_window(qtbot, demo_folder, tmp_path, translations, "admin")
    qtbot.waitUntil(lambda: window.export_actions.role == "admin")
    window.export_actions.package_action.trigger()
    assert window.current_page_key() == "paket"
    page = window.export_actions.page
    out = tmp_path / "flashdisk"
    out.mkdir()
    page.destination.setText(str(out))
    page.as_zip.setChecked(True)
    with qtbot.waitSignal(page.sig_summary, timeout=60_000):
        page.refresh_summary()
    assert page.summary.text().startswith("2 inovasi")  # Indonesian, counted from the store
    with qtbot.waitSignal(page.sig_finished, timeout=60000) as finished:
        page.start_export()
    written = Path(finished.args[0])
    assert written.parent == out and written.suffix == ".zip"
    assert verify_package(written).ok
    assert page.open_folder.isVisible() and "Paket selesai" in page.result.text()
    page.check_package(written)
    qtbot.waitUntil(lambda: "utuh" in page.result.text(), timeout=60_000)

    # Cancelled at the first progress: nothing is left that looks like a package.
    page.as_zip.setChecked(False)
    page._relay.sig_progress.connect(lambda _p: page.cancel_export())
    with qtbot.waitSignal(page.sig_finished, timeout=60000) as cancelled:
        page.start_export(target=out / "dibatalkan")
    assert cancelled.args[0] == ""
    assert "Dibatalkan" in page.result.text()
    assert sorted(p.name for p in out.iterdir()) == [written.name]
    close_window(window)


def test_profile_previewed_and_printed(
    qtbot: Any, demo_folder: Path, tmp_path: Path, translations: Any
) -> None:
    window = open_window(qtbot, demo_folder, tmp_path, translations, "operator")
    summary = window.ctx.repo.list_innovations(InnovationFilter(search="Sekolah Ramah"))[0]
    window.open_innovation(summary.id)
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.innovation is not None)
    assert window.editor_host.print_button is not None
    window.editor_host.print_button.click()
    dialog = window.export_actions.dialog
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=60_000)
    assert dialog.preview.current_kind() == "pdf"
    pages = dialog.preview.document().pageCount()
    assert pages >= 2 and dialog.print_button.isEnabled()

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    assert dialog.print_to(printer) == pages
    document = pdfium.PdfDocument(str(printed))
    assert len(document) == pages
    document.close()
    saved = tmp_path / "profil.pdf"
    dialog.save_to(saved)
    assert saved.read_bytes() == dialog.data
    dialog.close()
    close_window(window)


def test_carry_over_dialog_makes_the_next_year_draft_and_opens_it(
    qtbot: Any, demo_folder: Path, tmp_path: Path, translations: Any
) -> None:
    window = open_window(qtbot, demo_folder, tmp_path, translations, "operator")
    qtbot.waitUntil(lambda: window.export_actions.role == "operator")
    repo = window.ctx.repo
    summary = repo.list_innovations(InnovationFilter(workflow_state=WorkflowState.DISETUJUI))[0]
    window.list_page.select(summary.id)
    assert window.export_actions.carry_action.isEnabled()
    window.export_actions.carry_action.trigger()
    dialog = window.export_actions.dialog
    qtbot.waitUntil(lambda: dialog._plan is not None, timeout=60_000)
    assert "2027" in dialog.heading.text() and not dialog.ok.isEnabled()
    dialog.development.setPlainText("terlalu singkat")
    assert not dialog.ok.isEnabled()
    dialog.development.setPlainText("Kini terhubung dengan Dapodik dan dipakai di 40 sekolah.")
    assert dialog.ok.isEnabled()
    with qtbot.waitSignal(dialog.sig_done, timeout=60_000) as done:
        dialog.ok.click()
    new = repo.get_innovation(done.args[0])
    assert new is not None and new.rule_year == 2027
    assert new.workflow_state is WorkflowState.DRAFT
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.innovation_id == new.id)
    close_window(window)


def test_carry_over_is_offered_only_once_the_year_is_done_and_says_why_not(
    qtbot: Any, demo_folder: Path, tmp_path: Path, translations: Any
) -> None:
    window = open_window(qtbot, demo_folder, tmp_path, translations, "operator")
    actions = window.export_actions
    qtbot.waitUntil(lambda: actions.role == "operator")
    repo = window.ctx.repo
    by_state = {s.workflow_state: s.id for s in repo.list_innovations(InnovationFilter())}
    assert {WorkflowState.DRAFT, WorkflowState.REVISI, WorkflowState.DISETUJUI,
            WorkflowState.SIAP_KIRIM} <= set(by_state)  # fmt: skip
    for state, offered in ((WorkflowState.DRAFT, False), (WorkflowState.REVISI, False),
                           (WorkflowState.DIAJUKAN, False), (WorkflowState.DISETUJUI, True),
                           (WorkflowState.SIAP_KIRIM, True)):  # fmt: skip
        window.list_page.select(by_state[state])
        assert actions.carry_action.isEnabled() is offered, state
        tip = actions.carry_action.toolTip()
        assert ("belum selesai" in tip) is not offered, (state, tip)
        if not offered:
            assert workflow_label(state) in tip and workflow_label(WorkflowState.DISETUJUI) in tip
            actions.carry_action.trigger()  # a disabled action does nothing
            assert actions.dialog is None
            actions.carry_current()  # nor does a call past the disabled action
            assert actions.dialog is None and "belum selesai" in window.statusBar().currentMessage()

    # In the editor: the same rule on its top bar's button.
    for state, offered in ((WorkflowState.REVISI, False), (WorkflowState.SIAP_KIRIM, True)):
        window.open_innovation(by_state[state])
        qtbot.waitUntil(lambda: window.editor is not None and window.editor.innovation is not None)
        button = window.editor_host.carry_button
        assert button is not None and button.isVisible()
        qtbot.waitUntil(lambda b=button, o=offered: b.isEnabled() is o)
        assert ("belum selesai" in button.toolTip()) is not offered
        assert actions.carry_action.isEnabled() is offered
        window.close_editor()
    close_window(window)


def test_the_package_is_named_after_the_pemda_never_its_id(
    qtbot: Any, demo_folder: Path, tmp_path: Path, translations: Any
) -> None:
    """A signed-in laptop knows the pemda's name but not its code (the sign-in carries the
    name): the package's default name used its UUID ("paket-kirim-a0ed672a-7d85-...")."""
    window = open_window(qtbot, demo_folder, tmp_path, translations, "admin")
    pemda = window.ctx.repo.get_pemda()
    assert pemda is not None
    window.ctx.repo.upsert_pemda(pemda.id, "Kabupaten Contoh", "")  # as engine.login leaves it
    qtbot.waitUntil(lambda: window.export_actions.role == "admin")
    window.export_actions.package_action.trigger()
    page = window.export_actions.page
    page.destination.setText(str(tmp_path))
    name = page.target_path().name
    assert name.startswith("paket-kirim-kabupaten-contoh-"), name
    assert pemda.id not in name  # the demo pemda's id is "pemda-contoh"
    qtbot.waitUntil(lambda: name[: -len("0000")] in page.target_label.text())
    close_window(window)
