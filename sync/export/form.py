"""The national form as the package presents it: field order, words and how values read.

OUR READING (marked here and in docs/architecture.md): the national application publishes no
field list. The order below is the one of the year's rule file (``profile_fields`` of
``resources/rules/<year>.toml``, written "in form order" from the domain notes in
IID-RULES.md section 1: identity, urusan, dates, descriptions, documents), then the SID
indicators by number (16..35), each with its level and then its documents (nomor, tanggal,
tentang, file), as IID-RULES.md section 2 lists them. The labels are the rule file's, which
use the national form's words. When the ministry's form differs, the rule file is the one
place to change: nothing here names a field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from iid.records import (
    EvidenceDocument,
    Innovation,
    QcStatus,
    Verdict,
    WorkflowState,
    jenis_label,
)
from iid.rules import ProfileField, RuleSet

MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip

STATE_LABELS = {
    WorkflowState.DRAFT: "Draf",
    WorkflowState.DIAJUKAN: "Diajukan",
    WorkflowState.DISAHKAN_OPD: "Disahkan OPD",
    WorkflowState.REVISI: "Revisi",
    WorkflowState.DISETUJUI: "Disetujui",
    WorkflowState.SIAP_KIRIM: "Siap kirim",
    WorkflowState.TERKIRIM: "Terkirim",
}
VERDICT_LABELS = {
    Verdict.PENDING: "Belum diperiksa",
    Verdict.SESUAI: "Sesuai",
    Verdict.TIDAK_SESUAI: "Tidak sesuai",
    Verdict.TIDAK_DAPAT_DIUKUR: "Tidak dapat diukur",
}
QC_LABELS = {
    QcStatus.PENDING: "Pending",
    QcStatus.ACCEPT: "Accept",
    QcStatus.REJECTED: "Rejected",
}
UNTITLED = "(inovasi tanpa nama)"
"""An innovation without a name, in every file of a package (the desktop's word too:
``desktop.labels.innovation_title``)."""
NOT_APPROVED_MARK = "BELUM DISETUJUI"
"""How a package marks an innovation included only by the "every submitted one" option."""


def tanggal(day: date | None) -> str:
    """``1 Agustus 2024`` (empty for no date)."""
    if day is None:
        return ""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def profile_fields(rules: RuleSet) -> tuple[ProfileField, ...]:
    """The profile fields in the national form's order (our reading: see the module doc)."""
    return rules.profile_fields


def value_text(spec: ProfileField, value: Any) -> str:
    """A profile value as the coordinator types it: lists joined with "; ", dates in
    Indonesian, coordinates as "lat, lng", booleans Ya/Tidak."""
    if value is None:
        return ""
    if spec.kind == "multi_enum" and isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value if str(v).strip())
    if spec.kind == "date" and isinstance(value, date):
        return tanggal(value)
    if spec.kind == "bool":
        return "Ya" if value else "Tidak"
    if spec.kind == "coordinates" and isinstance(value, list | tuple) and len(value) == 2:
        return f"{value[0]}, {value[1]}"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def level_text(rules: RuleSet, indicator: str, level: int | None) -> str:
    """``2 - Peraturan Kepala Daerah`` (empty when unanswered)."""
    if not level:
        return ""
    spec = rules.indicators.get(indicator)
    if spec is None or not 1 <= level <= len(spec.levels):
        return str(level)
    return f"{level} - {spec.levels[level - 1]}"


def document_kind(doc: EvidenceDocument) -> str:
    """The document's jenis as the package lists it: the officer's (or the reader's) document
    kind when known, else the kind of file, or "Tautan" for a link."""
    jenis = str(getattr(doc, "jenis", "") or "")
    if jenis:
        return jenis_label(jenis, "id")
    if doc.is_link:
        return "Tautan"
    media = doc.media_type or ""
    if media == "application/pdf":
        return "PDF"
    if media.startswith("image/"):
        return "Gambar " + media.split("/", 1)[1].upper().replace("JPEG", "JPG")
    if media.startswith("video/"):
        return "Video"
    return "Berkas"


@dataclass(frozen=True)
class FormSlot:
    """One place of the form that takes evidence, in form order: a profile file field or an
    SID indicator."""

    key: str
    label: str
    is_indicator: bool


_SLOTS: dict[int, tuple[RuleSet, tuple[FormSlot, ...]]] = {}


def evidence_slots(rules: RuleSet) -> tuple[FormSlot, ...]:
    """Profile file fields (form order), then the SID indicators 16..35 by number (worked out
    once per rule set: a package asks for every innovation's checklist, row and plan)."""
    known = _SLOTS.get(id(rules))
    if known is not None and known[0] is rules:
        return known[1]
    slots = _evidence_slots(rules)
    if len(_SLOTS) > 16:
        _SLOTS.clear()
    _SLOTS[id(rules)] = (rules, slots)
    return slots


def _evidence_slots(rules: RuleSet) -> tuple[FormSlot, ...]:
    files = tuple(
        FormSlot(f.name, f.label, False) for f in profile_fields(rules) if f.kind == "file"
    )
    indicators = tuple(
        FormSlot(key, f"{key}. {ind.name}", True)
        for key, ind in sorted(rules.indicators.items(), key=lambda kv: _number(kv[0]))
    )
    return files + indicators


def _number(key: str) -> tuple[int, str]:
    digits = "".join(ch for ch in key if ch.isdigit())
    return (int(digits or 0), key)


def spd_rows_in_order(rules: RuleSet) -> list[str]:
    """SPD row keys by number then letter (``1, 2a, 2b, 3, ...``)."""
    return sorted(rules.spd_rows, key=_number)


def ordered_documents(innovation: Innovation, slot: str) -> list[EvidenceDocument]:
    """A slot's documents in the officer's order (their upload order)."""
    return innovation.documents_for(slot)


def is_marked(state: WorkflowState, approved: Iterable[WorkflowState]) -> bool:
    """True when an innovation is in the package only by the "every submitted one" option."""
    return state not in set(approved)
