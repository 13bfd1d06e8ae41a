"""Records the iid tests (and others) build on: a profile that passes every profile check of
the 2026 rules, changed where a test needs it."""

from __future__ import annotations

from datetime import date

from iid.records import InnovationProfile

WORDS_300 = " ".join(f"kata{i}" for i in range(300))
"""A rancang bangun of exactly 300 words (the 2026 minimum)."""


def complete_profile(**changes: object) -> InnovationProfile:
    """A profile with no findings under the 2026 rules (Penerapan, August 2024), with
    ``changes`` applied."""
    values: dict[str, object] = dict(
        nama="SiPandu Cepat",
        tahapan="Penerapan",
        inisiator="OPD",
        jenis="Digital",
        bentuk="Inovasi pelayanan publik",
        urusan_utama="Kesehatan",
        waktu_uji_coba=date(2024, 2, 1),
        waktu_penerapan=date(2024, 8, 1),
        rancang_bangun=WORDS_300,
        tujuan="Tujuan",
        manfaat="Manfaat",
        hasil="Hasil",
    )
    values.update(changes)
    return InnovationProfile(**values)  # type: ignore[arg-type]
