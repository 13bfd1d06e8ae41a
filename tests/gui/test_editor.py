"""The innovation editor on real widgets, a real store and a real vault: fill, score, reopen."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.windows.editor import InnovationEditor  # noqa: E402
from desktop.windows.editor.fields import (  # noqa: E402
    BoolInput,
    CoordinatesInput,
    DateInput,
    EnumInput,
    MultiEnumInput,
    RichTextInput,
    TextInput,
)
from tests.gui.editor_support import (  # noqa: E402
    context_fixture,
    make_pdf,
    make_png,
    new_innovation,
    open_context,
    read_back,
)

pytestmark = pytest.mark.gui

context = pytest.fixture(context_fixture, name="context")

RANCANG = " ".join(f"kata{i}" for i in range(320))


def open_editor(qtbot: Any, ctx: Any, innovation_id: str) -> InnovationEditor:
    editor = InnovationEditor(ctx, innovation_id)
    qtbot.addWidget(editor)
    editor.resize(1366, 768)
    editor.show()
    qtbot.waitUntil(lambda: editor.innovation is not None, timeout=60_000)
    return editor


def type_into(qtbot: Any, widget: Any, text: str) -> None:
    """Type like a user (textEdited fires), replacing what is there."""
    widget.setFocus()
    widget.selectAll()
    QTest.keyClick(widget, Qt.Key.Key_Delete)
    QTest.keyClicks(widget, text)


def fill_field(qtbot: Any, spec: Any, field: Any) -> Any:
    """Give one profile field a valid value through its widget; returns the expected value."""
    if isinstance(field, RichTextInput):
        text = RANCANG if spec.name == "rancang_bangun" else f"Isi {spec.name} yang jelas."
        field.edit.setFocus()
        field.edit.setPlainText(text)
        return text
    if isinstance(field, MultiEnumInput):
        choices = [field.list.item(i) for i in range(field.list.count())]
        enabled = [i.text() for i in choices if i.flags() & Qt.ItemFlag.ItemIsEnabled]
        field.set_checked(enabled[-1])
        return [enabled[-1]]
    if isinstance(field, EnumInput):
        field.combo.setFocus()
        field.combo.setCurrentIndex(1)
        field.combo.activated.emit(1)
        return field.combo.itemData(1)
    if isinstance(field, DateInput):
        type_into(qtbot, field.field.edit, "01-03-2025")
        return date(2025, 3, 1)
    if isinstance(field, BoolInput):
        field.check.click()
        return True
    if isinstance(field, CoordinatesInput):
        type_into(qtbot, field.edit, "-6.2088, 106.8456")
        return [-6.2088, 106.8456]
    assert isinstance(field, TextInput)
    value = "https://youtu.be/abc123" if field._link else f"Nilai {spec.name}"
    type_into(qtbot, field.edit, value)
    return value


def profile_value_of(innovation: Any, name: str) -> Any:
    from desktop.windows.editor.profile_page import profile_value

    return profile_value(innovation.profile, name)


def test_every_profile_field_filled_in_the_form_is_in_sqlite(
    qtbot: Any, context: Any, _private_data_dir: Path
) -> None:
    innovation_id = new_innovation(context)
    editor = open_editor(qtbot, context, innovation_id)
    assert editor.profile_page is not None
    expected: dict[str, Any] = {}
    kinds = set()
    for spec in editor.rules.profile_fields:
        kinds.add(spec.kind)
        if spec.kind == "file":
            continue
        expected[spec.name] = fill_field(qtbot, spec, editor.profile_page.inputs[spec.name])
    # The rule year exercises every kind of field the editor supports.
    assert {"text", "rich_text", "enum", "multi_enum", "date"} <= kinds
    editor.flush()
    stored = read_back(_private_data_dir, innovation_id)
    for name, value in expected.items():
        assert profile_value_of(stored, name) == value, name


def test_choosing_levels_updates_score_and_mandatory_list(qtbot: Any, context: Any) -> None:
    editor = open_editor(qtbot, context, new_innovation(context, "Layanan cepat"))
    page, panel = editor.indicator_page, editor.score_panel
    assert page is not None and panel is not None
    before = panel.claimed.text()
    mandatory = [k for k, ind in editor.rules.indicators.items() if ind.mandatory]
    assert mandatory[0] in panel.mandatory.text()
    chooser = page.show_indicator(mandatory[0]).levels
    chooser.radio(3).click()
    qtbot.waitUntil(lambda: panel.claimed.text() != before, timeout=60_000)
    assert mandatory[0] not in panel.mandatory.text().split(", ")
    bobot = editor.rules.indicators[mandatory[0]].bobot
    assert str(int(bobot * 3)) in panel.claimed.text()
    # The finding that the mandatory indicator is open disappears from the blockers.
    assert all(
        f.target != mandatory[0] or f.severity != "error"
        for f in panel.blocker_findings()
        if f.code.endswith("mandatory")
    )


def test_keyboard_chooses_a_level_without_the_mouse(qtbot: Any, context: Any) -> None:
    editor = open_editor(qtbot, context, new_innovation(context, "Tanpa tetikus"))
    assert editor.indicator_page is not None
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=60_000)
    editor.navigate_to("17")
    chooser = editor.indicator_page.panel("17").levels
    qtbot.waitUntil(lambda: QApplication.focusWidget() is chooser.radio(0), timeout=60_000)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert chooser.level() == 2
    editor.flush()
    assert editor.innovation is not None
    assert editor.innovation.answers["17"].claimed_level == 2


def test_profile_tab_order_follows_the_form(qtbot: Any, context: Any) -> None:
    editor = open_editor(qtbot, context, new_innovation(context))
    page = editor.profile_page
    assert page is not None
    editor.activateWindow()
    names = [s.name for s in editor.rules.profile_fields if s.kind != "file"]
    owners = {id(w): n for n, w in page.inputs.items()}

    def owner_of_focus() -> str | None:
        node = QApplication.focusWidget()
        while node is not None and id(node) not in owners:
            node = node.parentWidget()
        return owners[id(node)] if node is not None else None

    page.inputs[names[0]].setFocus()
    qtbot.waitUntil(lambda: owner_of_focus() == names[0], timeout=60_000)
    visited = [names[0]]
    for _ in range(30):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        owner = owner_of_focus()
        if owner is not None and owner != visited[-1]:
            visited.append(owner)
        if len(visited) == 5:
            break
    assert visited == names[:5]


def test_pdf_and_image_attached_change_findings_and_survive_reopen(
    qtbot: Any, context: Any, _private_data_dir: Path, tmp_path: Path
) -> None:
    innovation_id = new_innovation(context, "Inovasi berbukti")
    editor = open_editor(qtbot, context, innovation_id)
    page = editor.indicator_page
    assert page is not None
    pdf_slot = next(
        k
        for k, i in editor.rules.indicators.items()
        if "application/pdf" in editor.rules.accepted_media_types(k)
    )
    image_slot = next(
        k
        for k, i in editor.rules.indicators.items()
        if "image/png" in editor.rules.accepted_media_types(k)
    )
    panel = page.show_indicator(pdf_slot)
    panel.levels.radio(2).click()
    editor.recheck()
    no_evidence = {f.code for f in editor.findings_for(pdf_slot)}
    panel.evidence.add_files([make_pdf(tmp_path / "SK_Bupati.pdf", pages=2)])
    qtbot.waitUntil(lambda: len(editor.documents(pdf_slot)) == 1, timeout=60_000)
    type_into(qtbot, panel.evidence.nomor, "188.45/12/2025")
    type_into(qtbot, panel.evidence.tentang, "Penetapan inovasi")
    type_into(qtbot, panel.evidence.tanggal.edit, "02-01-2025")
    editor.recheck()
    with_evidence = {f.code for f in editor.findings_for(pdf_slot)}
    assert no_evidence - with_evidence, "attaching evidence removes a finding of the indicator"
    assert panel.findings.codes() == with_evidence

    image_panel = page.show_indicator(image_slot)
    image_panel.levels.radio(1).click()
    image_panel.evidence.add_files([make_png(tmp_path / "foto_kegiatan.png")])
    qtbot.waitUntil(lambda: len(editor.documents(image_slot)) == 1, timeout=60_000)
    preview = image_panel.evidence.preview
    assert preview is not None
    qtbot.waitUntil(lambda: preview.current_kind() == "image", timeout=60_000)

    editor.close()
    context.close()
    fresh = open_context(_private_data_dir)
    try:
        again = open_editor(qtbot, fresh, innovation_id)
        assert again.innovation is not None
        pdf_docs = again.documents(pdf_slot)
        assert [(d.nomor, d.tentang, d.tanggal, d.page_count) for d in pdf_docs] == [
            ("188.45/12/2025", "Penetapan inovasi", date(2025, 1, 2), 2)
        ]
        assert again.documents(image_slot)[0].media_type == "image/png"
        assert again.innovation.answers[pdf_slot].claimed_level == 2
        assert again.innovation.answers[image_slot].claimed_level == 1
        assert again.indicator_page is not None
        assert again.indicator_page.panel(pdf_slot).levels.level() == 2
        reopened = again.indicator_page.show_indicator(pdf_slot).evidence
        assert reopened.nomor.text() == "188.45/12/2025"
        assert reopened.preview is not None
        qtbot.waitUntil(lambda: reopened.preview.current_kind() == "pdf", timeout=60_000)
    finally:
        fresh.close()


def test_rancang_bangun_counter_and_finding_follow_typing(qtbot: Any, context: Any) -> None:
    editor = open_editor(qtbot, context, new_innovation(context, "Hitung kata"))
    assert editor.profile_page is not None
    field = editor.profile_page.inputs["rancang_bangun"]
    assert isinstance(field, RichTextInput) and field.counter is not None
    minimum = editor.rules.min_rancang_bangun_words
    assert str(minimum) in field.counter.text()
    field.edit.setPlainText("satu dua tiga")
    assert field.counter.text().startswith("3")
    editor.recheck()
    short = editor.profile_page.findings["rancang_bangun"].codes()
    assert short, "too few words is a finding next to the field"
    field.edit.setPlainText(RANCANG)
    editor.recheck()
    assert not (editor.profile_page.findings["rancang_bangun"].codes() & short)


def test_date_outside_eligibility_window_is_flagged_next_to_the_field(
    qtbot: Any, context: Any
) -> None:
    editor = open_editor(qtbot, context, new_innovation(context, "Tanggal"))
    page = editor.profile_page
    assert page is not None
    field = page.inputs["waktu_penerapan"]
    assert isinstance(field, DateInput)
    type_into(qtbot, field.field.edit, "01-06-2019")
    editor.recheck()
    assert page.findings["waktu_penerapan"].codes(), "a date outside the window is flagged"
    type_into(qtbot, field.field.edit, "01-06-2025")
    editor.recheck()
    assert not page.findings["waktu_penerapan"].findings()


def test_blocker_link_navigates_to_the_indicator(qtbot: Any, context: Any) -> None:
    editor = open_editor(qtbot, context, new_innovation(context, "Navigasi"))
    assert editor.score_panel is not None and editor.indicator_page is not None
    target = next(
        f.target
        for f in editor.score_panel.blocker_findings()
        if f.target in editor.rules.indicators
    )
    editor.score_panel.blockers.linkActivated.emit(target)
    assert editor.tabs.currentWidget() is editor.indicator_page
    assert editor.indicator_page.stack.currentWidget() is editor.indicator_page.panel(target)
