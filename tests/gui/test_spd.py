"""Profil Pemda (SPD): numeric rows map to their level, level rows and evidence are saved."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtTest import QTest  # noqa: E402

from desktop.windows.spd_page import SpdPage, parse_number  # noqa: E402
from iid import scoring  # noqa: E402
from tests.gui.editor_support import (  # noqa: E402
    context_fixture,
    make_pdf,
    open_context,
)

pytestmark = pytest.mark.gui

context = pytest.fixture(context_fixture, name="context")


def open_page(qtbot: Any, ctx: Any) -> SpdPage:
    page = SpdPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    index = page.year.findData(2026)
    assert index >= 0, "the 2026 rule set is offered"
    page.year.setCurrentIndex(index)
    qtbot.waitUntil(lambda: page.rules is not None and page.rules.year == 2026, timeout=60_000)
    return page


def numeric_row(page: SpdPage) -> str:
    return next(k for k, row in page.rules.spd_rows.items() if getattr(row, "numeric", False))


def test_parse_number_accepts_indonesian_and_english_decimals() -> None:
    assert parse_number("5,23") == Decimal("5.23")
    assert parse_number("-47,43 %") == Decimal("-47.43")
    assert parse_number("1.234,5") == Decimal("1234.5")
    assert parse_number("8.17") == Decimal("8.17")
    assert parse_number("") is None
    with pytest.raises(ValueError):
        parse_number("delapan")


def test_numeric_row_shows_the_level_its_number_maps_to(qtbot: Any, context: Any) -> None:
    page = open_page(qtbot, context)
    key = numeric_row(page)
    panel = page.show_row(key)
    assert panel.number is not None
    row = page.rules.spd_rows[key]
    seen = set()
    for text in ("-100", "0", "1000"):
        panel.number.setFocus()
        panel.number.selectAll()
        QTest.keyClicks(panel.number, text)
        expected = scoring.spd_level(row, Decimal(text))
        assert panel.mapped_level() == expected
        if expected:
            assert row.levels[expected - 1] in panel.mapped.text()
        seen.add(expected)
    assert len(seen) >= 2, "different numbers reach different levels"
    panel.number.selectAll()
    QTest.keyClicks(panel.number, "abc")
    assert panel.mapped_level() == 0
    assert panel.mapped.text()


def test_spd_answers_and_evidence_survive_reopen(
    qtbot: Any, context: Any, _private_data_dir: Path, tmp_path: Path
) -> None:
    page = open_page(qtbot, context)
    key = numeric_row(page)
    panel = page.show_row(key)
    assert panel.number is not None
    panel.number.setFocus()
    QTest.keyClicks(panel.number, "7,5")
    level_key = next(k for k, r in page.rules.spd_rows.items() if not getattr(r, "numeric", False))
    level_panel = page.show_row(level_key)
    assert level_panel.levels is not None
    level_panel.levels.radio(3).click()
    level_panel.evidence.add_files([make_pdf(tmp_path / "perda_rpjmd.pdf")])
    qtbot.waitUntil(lambda: len(page.documents(level_key)) == 1, timeout=60_000)
    page.rescore()
    score_text = page.score.text()
    page.flush()
    context.close()

    fresh = open_context(_private_data_dir)
    try:
        again = open_page(qtbot, fresh)
        assert again.profile is not None
        assert again.profile.answers[key].raw_value == Decimal("7.5")
        assert again.profile.answers[level_key].level == 3
        assert [d.file_name for d in again.documents(level_key)] == ["perda_rpjmd.pdf"]
        assert again.show_row(key).number.text() == "7,5"
        assert again.score.text() == score_text
    finally:
        fresh.close()


def test_a_numeric_row_takes_the_forms_raw_values_and_keeps_them(
    qtbot: Any, context: Any, _private_data_dir: Path
) -> None:
    page = open_page(qtbot, context)
    panel = page.show_row("6")  # investment growth: realisations of T-2 and T-1
    assert set(panel.inputs) == {"t2", "t1"}
    for key, text in (("t2", "1000"), ("t1", "1947,6")):
        panel.inputs[key].setFocus()
        QTest.keyClicks(panel.inputs[key], text)
    assert "94,76" in panel.figure.text()
    assert panel.mapped_level() == 3
    panel.inputs["t1"].selectAll()
    QTest.keyClicks(panel.inputs["t1"], "1947,5")
    assert panel.mapped_level() == 2  # 94.75 %: the lower band
    panel.inputs["t2"].selectAll()
    QTest.keyClicks(panel.inputs["t2"], "0")
    assert "from 0" in panel.figure.text()  # a growth from 0 cannot be computed
    panel.inputs["t2"].selectAll()
    QTest.keyClicks(panel.inputs["t2"], "1000")
    page.flush()
    context.close()

    fresh = open_context(_private_data_dir)
    try:
        again = open_page(qtbot, fresh)
        assert again.profile is not None
        answer = again.profile.answers["6"]
        assert answer.inputs == {"t2": Decimal("1000"), "t1": Decimal("1947.5")}
        shown = again.show_row("6")
        assert shown.inputs["t1"].text() == "1947,5" and shown.mapped_level() == 2
    finally:
        fresh.close()
