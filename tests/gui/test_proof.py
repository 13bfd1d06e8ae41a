"""Issue 13 in the editor: the quantity that decides a level, the level it gives, a claim above
it as a blocker, and a document read in the background that fills what was empty."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QCheckBox, QLineEdit, QRadioButton  # noqa: E402

from bench.evidence_corpus import regulation_pdf
from desktop.windows.editor import InnovationEditor  # noqa: E402
from tests.gui.editor_support import context_fixture, new_innovation, read_back  # noqa: E402

pytestmark = pytest.mark.gui

context = pytest.fixture(context_fixture, name="context")


def open_editor(qtbot: Any, ctx: Any, innovation_id: str) -> InnovationEditor:
    editor = InnovationEditor(ctx, innovation_id)
    qtbot.addWidget(editor)
    editor.resize(1366, 768)
    editor.show()
    qtbot.waitUntil(lambda: editor.innovation is not None, timeout=60_000)
    return editor


def test_the_quantity_decides_the_level_and_a_higher_claim_blocks(
    qtbot: Any, context: Any, _private_data_dir: Path
) -> None:
    innovation_id = new_innovation(context, "SiPandu Cepat")
    editor = open_editor(qtbot, context, innovation_id)
    panel = editor.indicator_page.show_indicator("17")
    assert panel.measure is not None
    number = panel.measure.findChild(QLineEdit, "quantity_17")
    qtbot.keyClicks(number, "12")
    assert panel.levels.level() == 2  # 11-30 SDM
    assert "Level 2" in panel.measure.derived.text()
    assert editor.innovation.answers["17"].claimed_level == 2

    panel.levels.findChild(QRadioButton, "level_3").click()  # the officer claims more
    editor.recheck()
    above = [f for f in editor.findings if f.code == "indicator.level_above_measure"]
    assert above and above[0].target == "17" and above[0].suggested_level == 2
    assert "17." in editor.score_panel.blockers.text()

    video = editor.indicator_page.show_indicator("35")
    for element in ("latar_belakang", "penjaringan_ide", "pemilihan_ide", "manfaat", "dampak"):
        video.measure.findChild(QCheckBox, f"check_35_{element}").setChecked(True)
    assert video.levels.level() == 3
    editor.flush()
    stored = read_back(_private_data_dir, innovation_id)
    assert str(stored.answers["17"].quantity) == "12" and stored.answers["17"].claimed_level == 3
    assert len(stored.answers["35"].checklist) == 5 and stored.answers["35"].claimed_level == 3


def test_an_imported_document_is_read_and_its_empty_details_filled_for_confirmation(
    qtbot: Any, context: Any, _private_data_dir: Path, tmp_path: Path
) -> None:
    innovation_id = new_innovation(context, "SiPandu Cepat")
    editor = open_editor(qtbot, context, innovation_id)
    panel = editor.indicator_page.show_indicator("16")
    panel.evidence.add_files([regulation_pdf(tmp_path / "perbup_inovasi.pdf", "SiPandu Cepat")])
    qtbot.waitUntil(lambda: bool(editor.documents("16")) and bool(editor.documents("16")[0].jenis),
                    timeout=60_000)  # fmt: skip
    doc = editor.documents("16")[0]
    assert (doc.jenis, doc.nomor, doc.tahun) == ("perkada", "12 TAHUN 2025", None)
    assert doc.tanggal is not None and doc.tanggal.isoformat() == "2025-03-04"
    assert doc.tentang == "Penyelenggaraan Inovasi Daerah"
    assert doc.names_innovation is True and doc.name_page == 1
    assert {"jenis", "nomor", "tanggal", "tentang", "names_innovation"} <= set(doc.prefilled)
    evidence = panel.evidence
    assert evidence.nomor.text() == "12 TAHUN 2025"
    assert evidence.proof.isVisibleTo(evidence) and evidence.proof.confirm_button.isVisibleTo(
        evidence
    )
    editor.recheck()
    assert any(f.code == "evidence.unconfirmed" for f in editor.findings)

    evidence.proof.confirm_button.click()
    assert editor.documents("16")[0].prefilled == ()
    assert not evidence.proof.confirm_button.isVisibleTo(evidence)
    editor.flush()
    stored = read_back(_private_data_dir, innovation_id).documents[0]
    assert stored.jenis == "perkada" and stored.prefilled == () and stored.name_page == 1


def test_a_typed_field_is_kept_and_confirmed_by_typing(
    qtbot: Any, context: Any, tmp_path: Path
) -> None:
    innovation_id = new_innovation(context, "Nama Yang Tidak Ada")
    editor = open_editor(qtbot, context, innovation_id)
    panel = editor.indicator_page.show_indicator("16")
    panel.evidence.add_files([regulation_pdf(tmp_path / "perbup.pdf", "SiPandu Cepat")])
    qtbot.waitUntil(lambda: bool(editor.documents("16")) and bool(editor.documents("16")[0].jenis),
                    timeout=60_000)  # fmt: skip
    doc = editor.documents("16")[0]
    assert doc.names_innovation is False  # read, and this innovation's name is not in it
    panel.levels.findChild(QRadioButton, "level_2").click()
    editor.recheck()
    assert any(f.code == "evidence.innovation_not_named" for f in editor.findings)
    evidence = panel.evidence
    evidence.nomor.setFocus()
    evidence.nomor.selectAll()
    qtbot.keyClicks(evidence.nomor, "13 TAHUN 2025")
    doc = editor.documents("16")[0]
    assert doc.nomor == "13 TAHUN 2025" and "nomor" not in doc.prefilled
    assert "jenis" in doc.prefilled


def test_a_document_whose_file_is_not_here_yet_is_read_once_it_arrives(
    qtbot: Any, context: Any, tmp_path: Path
) -> None:
    """A colleague's document pulled from the server before its file was downloaded: reading
    it waits (no failure remembered, nothing said), and the next catch-up reads it."""
    import hashlib

    from iid.records import EvidenceDocument

    source = regulation_pdf(tmp_path / "perbup_inovasi.pdf", "SiPandu Cepat")
    data = source.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    innovation_id = new_innovation(context, "SiPandu Cepat")
    context.repo.add_document(
        innovation_id,
        EvidenceDocument(
            id="d-remote", slot="16", sha256=sha, file_name="perbup_inovasi.pdf",
            media_type="application/pdf", size_bytes=len(data),
        ),
    )  # fmt: skip
    editor = open_editor(qtbot, context, innovation_id)
    failures: list[str] = []
    editor.reading.sig_failed.connect(lambda doc_id, _error: failures.append(doc_id))
    qtbot.waitUntil(lambda: not editor.reading.is_busy(), timeout=60_000)
    assert editor.documents("16")[0].jenis == "" and failures == []

    context.vault.import_file(source)  # the download lands
    editor.reading.catch_up(editor.documents("16"))
    qtbot.waitUntil(lambda: editor.documents("16")[0].jenis == "perkada", timeout=60_000)
    assert failures == []
