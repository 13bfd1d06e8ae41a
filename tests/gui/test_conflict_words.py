"""The conflict dialog's words for every field a record can clash on: the rule set's labels for
an indicator's measure, the evidence pane's words for a document's fields, and values by their
names (jenis, readability, ticked items), never the keys or codes the record holds."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace
from typing import Any

from desktop.i18n import Translations
from desktop.windows.conflict_dialog import field_label, value_text
from iid.records import EvidenceDocument, IndicatorAnswer
from iid.rules import load_rules

RULES = load_rules(2026)
INFO = SimpleNamespace(
    record_type="innovation",
    local={"documents": [{"id": "d1", "file_name": "perbup_12.pdf", "slot": "16"}]},
    remote={"documents": [{"id": "d1", "file_name": "perbup_12.pdf", "slot": "16"}]},
    base=None,
)
RAW_AS_IS = {"id", "indicator", "link"}
"""Fields that never clash (ids) or whose name is also their English word ("link")."""


def test_measure_fields_use_the_rule_sets_words(translations: Any) -> None:
    assert field_label("answers.17.quantity", INFO, RULES) == (
        "Indikator 17 – " + RULES.indicators["17"].name + ": Jumlah SDM pengelola inovasi"
    )
    assert field_label("answers.29.quantity_base", INFO, RULES).endswith(
        ": Pengaduan yang diterima"
    )
    assert field_label("answers.33.basis", INFO, RULES).endswith(
        ": Dasar kemanfaatan (pilih tepat satu)"
    )
    assert field_label("answers.35.checklist", INFO, RULES).endswith(
        ": Unsur substansi yang ditampilkan video"
    )
    # Without a measure (or rules) the app's own words, in Indonesian.
    assert field_label("answers.1.quantity", INFO, None) == (
        "Indikator 1: jumlah yang menentukan level"
    )


def test_every_answer_and_document_field_has_words(qapp: Any) -> None:
    """In English (the source words differ from the field names), so a field without words
    of its own shows as its bare name and fails here."""
    english = Translations()
    english.install("en")
    for field in (f.name for f in dataclasses.fields(IndicatorAnswer)):
        if field in RAW_AS_IS:
            continue
        label = field_label(f"answers.17.{field}", INFO, None)
        assert not label.endswith(f": {field}"), field
    for field in (f.name for f in dataclasses.fields(EvidenceDocument)):
        if field in RAW_AS_IS:
            continue
        label = field_label(f"documents.d1.{field}", INFO, RULES)
        assert label.startswith("Evidence “perbup_12.pdf”: "), label
        assert not label.endswith(f": {field}"), field


def test_document_fields_in_indonesian(translations: Any) -> None:
    assert field_label("documents.d1.jenis", INFO, RULES) == (
        "Bukti dukung “perbup_12.pdf”: jenis dokumen"
    )
    assert field_label("documents.d1.names_innovation", INFO, RULES) == (
        "Bukti dukung “perbup_12.pdf”: menyebut nama inovasi"
    )


def test_values_show_names_not_codes(translations: Any) -> None:
    assert value_text("perkada", "documents.d1.jenis", rules=RULES) == "Peraturan Kepala Daerah"
    assert value_text("perkada", "documents.d1.jenis", rules=RULES, language="en") == (
        "Regional Head Regulation (Perkada)"
    )
    assert value_text("sideways", "documents.d1.readability") == "dipindai menyamping"
    assert value_text(["jenis", "tanggal"], "documents.d1.prefilled") == "jenis dokumen, tanggal"
    assert value_text(2_500_000, "documents.d1.size_bytes") == "2,4 MB"
    measure = RULES.indicators["35"].measure
    assert measure is not None
    keys = list(measure.items)[:2]
    assert value_text(keys, "answers.35.checklist", rules=RULES) == ", ".join(
        measure.items[k] for k in keys
    )
    bases = RULES.indicators["33"].measure
    assert bases is not None
    key, basis = next(iter(bases.bases.items()))
    assert value_text(key, "answers.33.basis", rules=RULES) == basis.label
    # A key the rules do not know stays readable as it is.
    assert value_text(["lain"], "answers.35.checklist", rules=RULES) == "lain"


def test_profile_fields_of_a_year_not_on_this_device_show_their_labels(
    translations: Any,
) -> None:
    """The rule year's form is missing (a newer year, say): the label comes from a year this
    device knows, and a field no year knows shows in words, never as its identifier."""
    assert field_label("profile.urusan_utama", INFO, None) == "Urusan pemerintahan utama"
    for spec in RULES.profile_fields:
        label = field_label(f"profile.{spec.name}", INFO, None)
        assert label != spec.name and "_" not in label, spec.name
    assert field_label("profile.extra.uraian_pengembangan", INFO, None) == "Uraian pengembangan"
    assert field_label("profile.extra.skor_tambahan_baru", INFO, None) == "Skor tambahan baru"
    assert field_label("catatan_baru", INFO, None) == "Catatan baru"
    assert value_text("not_read", "documents.d1.readability") != "not_read"
