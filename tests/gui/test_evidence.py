"""Evidence in the editor: rejection with a remedy, drag and drop, shrink, order, links."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDropEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.proof.reading import EvidenceReading  # noqa: E402
from desktop.widgets.evidence import EvidenceList  # noqa: E402
from desktop.windows.editor import InnovationEditor  # noqa: E402
from tests.gui.editor_support import (  # noqa: E402
    context_fixture,
    make_noise_png,
    make_pdf,
    make_png,
    new_innovation,
    read_back,
)

pytestmark = pytest.mark.gui

context = pytest.fixture(context_fixture, name="context")


def open_indicator(
    qtbot: Any, ctx: Any, accepts: str, nama: str = "Bukti"
) -> tuple[InnovationEditor, EvidenceList, str]:
    editor = InnovationEditor(ctx, new_innovation(ctx, nama))
    qtbot.addWidget(editor)
    editor.resize(1366, 768)
    editor.show()
    qtbot.waitUntil(lambda: editor.indicator_page is not None, timeout=60_000)
    assert editor.indicator_page is not None
    rules = editor.rules
    slot = next(k for k in rules.indicators if accepts in rules.accepted_media_types(k))
    editor.navigate_to(slot)
    evidence = editor.indicator_page.panel(slot).evidence
    assert evidence.isVisible()
    return editor, evidence, slot


def pdf_only_slot(rules: Any) -> str:
    return next(
        k for k in rules.indicators if set(rules.accepted_media_types(k)) == {"application/pdf"}
    )


def test_wrong_type_is_rejected_with_reason_and_draft_untouched(
    qtbot: Any, context: Any, _private_data_dir: Path, tmp_path: Path
) -> None:
    editor, _, _ = open_indicator(qtbot, context, "application/pdf")
    assert editor.indicator_page is not None
    slot = pdf_only_slot(editor.rules)
    editor.navigate_to(slot)
    evidence = editor.indicator_page.panel(slot).evidence
    evidence.add_files([make_pdf(tmp_path / "ok.pdf")])
    qtbot.waitUntil(lambda: len(editor.documents(slot)) == 1, timeout=60_000)
    editor.flush()
    before = read_back(_private_data_dir, editor.innovation_id)

    with qtbot.waitSignal(evidence.sig_rejected, timeout=60_000) as rejected:
        evidence.add_files([make_png(tmp_path / "foto.png")])
    rejection = rejected.args[0]
    assert "file.wrong_type" in {f.code for f in rejection.findings} or rejection.convert_to
    assert evidence.rejection.isVisible()
    text = evidence.rejection.message.text()
    assert "foto.png" in text and len(text.splitlines()) >= 2, "says which file and why"
    assert evidence.rejection.convert_button.isVisible(), "offers the conversion the vault can do"
    editor.flush()
    after = read_back(_private_data_dir, editor.innovation_id)
    assert after.documents == before.documents
    assert len(editor.documents(slot)) == 1


def test_unreadable_file_gets_a_message_and_nothing_is_attached(
    qtbot: Any, context: Any, tmp_path: Path
) -> None:
    editor, evidence, slot = open_indicator(qtbot, context, "application/pdf")
    broken = tmp_path / "rusak.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    with qtbot.waitSignal(evidence.sig_rejected, timeout=60_000):
        evidence.add_files([broken])
    assert evidence.rejection.isVisible()
    assert "rusak.pdf" in evidence.rejection.message.text()
    assert editor.documents(slot) == []

    missing = tmp_path / "tidak-ada.pdf"
    with qtbot.waitSignal(evidence.sig_rejected, timeout=60_000):
        evidence.add_files([missing])
    assert "tidak-ada.pdf" in evidence.rejection.message.text()
    assert editor.documents(slot) == []


def test_too_big_file_offers_shrink_which_attaches_a_smaller_copy(
    qtbot: Any, context: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The shrunk copy is handed to the evidence reading, but not OCRed here: Tesseract spends
    # about 50 s of CPU on a page of pure noise (on the GUI thread in these inline tests).
    # Reading is tests/gui/test_proof.py's subject.
    asked: list[str | None] = []
    monkeypatch.setattr(EvidenceReading, "read", lambda _self, doc: asked.append(doc.media_type))
    editor, evidence, slot = open_indicator(qtbot, context, "application/pdf")
    big = make_noise_png(tmp_path / "scan_besar.png")
    limit = editor.rules.max_file_bytes
    assert big.stat().st_size > limit
    original = big.read_bytes()
    with qtbot.waitSignal(evidence.sig_rejected, timeout=60_000) as rejected:
        evidence.add_files([big])
    assert "file.too_large" in {f.code for f in rejected.args[0].findings}
    assert evidence.rejection.shrink_button.isVisible()
    with qtbot.waitSignal(evidence.sig_import_finished, timeout=60000):
        evidence.rejection.shrink_button.click()
    documents = editor.documents(slot)
    assert len(documents) == 1
    assert documents[0].media_type == "application/pdf"
    assert documents[0].size_bytes is not None and documents[0].size_bytes <= limit
    assert big.read_bytes() == original, "the original file is never changed"
    assert asked == ["application/pdf"]


def drop(widget: Any, paths: list[Path]) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted(), "the evidence list accepts dragged files"
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)
    return event


def test_dropping_files_imports_them_in_order(qtbot: Any, context: Any, tmp_path: Path) -> None:
    editor, evidence, slot = open_indicator(qtbot, context, "image/png")
    files = [make_png(tmp_path / "satu.png"), make_pdf(tmp_path / "dua.pdf")]
    event = drop(evidence, files)
    assert event.isAccepted()
    qtbot.waitUntil(lambda: len(editor.documents(slot)) == 2, timeout=60_000)
    assert [d.file_name for d in editor.documents(slot)] == ["satu.png", "dua.pdf"]
    assert evidence.list.count() == 2


def test_drop_of_non_files_is_ignored(qtbot: Any, context: Any) -> None:
    _, evidence, _ = open_indicator(qtbot, context, "application/pdf")
    mime = QMimeData()
    mime.setText("just text")
    enter = QDragEnterEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(evidence, enter)
    assert not enter.isAccepted()


def test_reorder_remove_and_link_are_saved(
    qtbot: Any, context: Any, _private_data_dir: Path, tmp_path: Path
) -> None:
    editor, evidence, slot = open_indicator(qtbot, context, "application/pdf")
    evidence.add_files([make_pdf(tmp_path / "a.pdf", text="A"), make_pdf(tmp_path / "b.pdf")])
    qtbot.waitUntil(lambda: len(editor.documents(slot)) == 2, timeout=60_000)
    evidence.add_link("https://drive.google.com/file/d/xyz", "Rekap pengaduan")
    evidence.list.setCurrentRow(2)
    evidence.up_button.click()
    assert [d.file_name or d.link for d in editor.documents(slot)] == [
        "a.pdf",
        "https://drive.google.com/file/d/xyz",
        "b.pdf",
    ]
    evidence.list.setCurrentRow(0)
    evidence.remove_button.click()
    editor.flush()
    stored = read_back(_private_data_dir, editor.innovation_id).documents_for(slot)
    assert [d.file_name or d.link for d in stored] == [
        "https://drive.google.com/file/d/xyz",
        "b.pdf",
    ]
    assert stored[0].tentang == "Rekap pengaduan"


def test_file_dropped_on_an_indicator_in_the_list_attaches_to_that_indicator(
    qtbot: Any, context: Any, tmp_path: Path
) -> None:
    editor, _, _ = open_indicator(qtbot, context, "application/pdf")
    page = editor.indicator_page
    assert page is not None
    target = page.keys[5]
    rect = page.list.visualItemRect(page.list.item(5))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(make_pdf(tmp_path / "laporan.pdf")))])
    viewport = page.list.viewport()
    for kind in (QDragEnterEvent, QDropEvent):
        event = kind(
            QPointF(rect.center()),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(viewport, event)
        assert event.isAccepted()
    qtbot.waitUntil(lambda: len(editor.documents(target)) == 1, timeout=60_000)
    assert page.stack.currentWidget() is page.panel(target)
    assert [d.slot for d in editor.innovation.documents] == [target]


def test_save_a_copy_exports_the_stored_file_unchanged(
    qtbot: Any, context: Any, tmp_path: Path
) -> None:
    editor, evidence, slot = open_indicator(qtbot, context, "application/pdf")
    source = make_pdf(tmp_path / "asli.pdf", pages=2)
    evidence.add_files([source])
    qtbot.waitUntil(lambda: len(editor.documents(slot)) == 1, timeout=60_000)
    target = tmp_path / "salinan" / "copy.pdf"
    target.parent.mkdir()
    evidence.export_copy(editor.documents(slot)[0], target)
    qtbot.waitUntil(target.exists, timeout=60_000)
    assert target.read_bytes() == source.read_bytes()


def test_preview_goes_under_the_list_when_the_pane_is_narrow(
    qtbot: Any, context: Any, tmp_path: Path
) -> None:
    """On a 1366 px laptop with the score panel open the pane is narrow: the preview moves under
    the list instead of pushing the form off screen (no horizontal scrolling)."""
    editor, evidence, slot = open_indicator(qtbot, context, "application/pdf")
    drop(evidence, [make_pdf(tmp_path / "sk.pdf")])
    qtbot.waitUntil(lambda: len(editor.documents(slot)) == 1, timeout=60_000)
    preview, form = evidence.preview, evidence._form_box
    assert preview is not None
    qtbot.waitUntil(preview.isVisible, timeout=60_000)

    def below() -> bool:
        return preview.geometry().top() >= form.geometry().bottom()

    def beside() -> bool:
        return preview.geometry().left() >= form.geometry().right()

    editor.resize(1100, 768)  # what is left for the editor on a 1366 px laptop screen
    qtbot.waitUntil(lambda: evidence.width() < evidence.STACK_BELOW_PX, timeout=60_000)
    qtbot.waitUntil(below, timeout=60_000)
    editor.resize(2200, 900)
    qtbot.waitUntil(lambda: evidence.width() >= evidence.STACK_BELOW_PX, timeout=60_000)
    qtbot.waitUntil(beside, timeout=60_000)
    editor.resize(1100, 768)
    qtbot.waitUntil(below, timeout=60_000)
