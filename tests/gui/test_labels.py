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
