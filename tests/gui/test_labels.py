"""The app's one word per concept (``desktop.labels``), in Indonesian and English."""

from __future__ import annotations

from typing import Any

from desktop.labels import format_bytes, innovation_title, opd_label, workflow_label


def test_sizes_names_and_states_in_indonesian_then_english(translations: Any) -> None:
    assert [format_bytes(n) for n in (512, 50_000, 2 * 1024**2, int(2.5 * 1024**3))] == [
        "512 B",
        "49 KB",
        "2,0 MB",
        "2,5 GB",
    ]
    assert innovation_title("  ") == "(inovasi tanpa nama)"
    assert opd_label("opd-9", None) == "OPD tidak dikenal"
    assert opd_label("", None) == "Belum ada OPD"
    assert opd_label("opd-1", "Dinas Sosial") == "Dinas Sosial"
    assert (
        workflow_label("revisi") == "Perlu revisi" and workflow_label("x") == "Status tidak dikenal"
    )
    translations.install("en")
    assert format_bytes(2 * 1024**2) == "2.0 MB"
    assert innovation_title("") == "(unnamed innovation)"
    assert opd_label("opd-9", "") == "Unknown OPD"


def test_numbers_fixed_or_trimmed_in_the_interface_language(translations: Any) -> None:
    from decimal import Decimal

    from desktop.labels import format_number

    assert format_number(Decimal("1234.5")) == "1.234,50"  # the Dasbor's figures
    assert format_number(Decimal("61.456"), 0) == "61" and format_number(None) == "–"
    assert format_number(Decimal("3"), trim=True) == "3"  # weights and scores in the editor
    assert format_number(Decimal("1.50"), trim=True) == "1,5"
    assert format_number(Decimal("30"), 0, trim=True) == "30"
    translations.install("en")
    assert format_number(Decimal("1234.5")) == "1,234.50"
    assert format_number(Decimal("2.25"), trim=True) == "2.25"
