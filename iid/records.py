"""Typed records of the IID domain: innovations, indicator answers, evidence, the SPD profile.

Pure data: no storage, no Qt. Every other layer passes these around (never ORM objects).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from iid.states import SyncState as SyncState  # re-exported: where the list reads them from
from iid.states import WorkflowState as WorkflowState


class Verdict(StrEnum):
    """A verifier's verdict on one indicator's evidence."""

    PENDING = "pending"
    SESUAI = "sesuai"
    TIDAK_SESUAI = "tidak_sesuai"
    TIDAK_DAPAT_DIUKUR = "tidak_dapat_diukur"


class JenisDokumen(StrEnum):
    """The closed list of document kinds (jenis dokumen) evidence can be. Rule files name these
    codes per indicator and level; the reader recognises them from a document's heading."""

    PERDA = "perda"  # Peraturan Daerah
    PERKADA = "perkada"  # Peraturan Kepala Daerah (Peraturan Bupati / Wali Kota / Gubernur)
    SK_KEPALA_DAERAH = "sk_kepala_daerah"  # Keputusan Bupati / Wali Kota / Gubernur
    SK_KEPALA_PD_AN = "sk_kepala_pd_an"  # Keputusan Kepala PD "a.n." (for) the Kepala Daerah
    SK_KEPALA_PD = "sk_kepala_pd"  # Keputusan Kepala Perangkat Daerah (Dinas, Badan, ...)
    SURAT_TUGAS = "surat_tugas"  # Surat Tugas / Surat Perintah Tugas / Surat Penugasan
    DPA = "dpa"  # DPA / APBD pages
    RKPD = "rkpd"  # Rencana Kerja Pemerintah Daerah pages
    SOP = "sop"  # Standar Operasional Prosedur
    PKS = "pks"  # Perjanjian Kerja Sama / MoU (Nota Kesepahaman)
    SURAT_PERNYATAAN = "surat_pernyataan"
    LAPORAN = "laporan"
    UNDANGAN = "undangan"  # undangan / daftar hadir
    PEDOMAN = "pedoman"  # buku pedoman teknis
    FOTO = "foto"
    TANGKAPAN_LAYAR = "tangkapan_layar"
    KLIPING = "kliping"  # kliping berita
    VIDEO = "video"
    LAINNYA = "lainnya"


JENIS_LABELS: dict[str, tuple[str, str]] = {
    JenisDokumen.PERDA: ("Peraturan Daerah", "Regional Regulation (Perda)"),
    JenisDokumen.PERKADA: ("Peraturan Kepala Daerah", "Regional Head Regulation (Perkada)"),
    JenisDokumen.SK_KEPALA_DAERAH: ("SK Kepala Daerah", "Decree of the Regional Head"),
    JenisDokumen.SK_KEPALA_PD_AN: (
        "SK Kepala Perangkat Daerah a.n. Kepala Daerah",
        "Agency head decree on behalf of the Regional Head",
    ),
    JenisDokumen.SK_KEPALA_PD: ("SK Kepala Perangkat Daerah", "Decree of an agency head"),
    JenisDokumen.SURAT_TUGAS: ("Surat Tugas / Surat Penugasan", "Letter of assignment"),
    JenisDokumen.DPA: ("DPA / APBD", "Budget document (DPA / APBD)"),
    JenisDokumen.RKPD: ("RKPD", "Regional work plan (RKPD)"),
    JenisDokumen.SOP: ("SOP", "Standard operating procedure (SOP)"),
    JenisDokumen.PKS: ("PKS / MoU", "Cooperation agreement / MoU"),
    JenisDokumen.SURAT_PERNYATAAN: ("Surat Pernyataan", "Statement letter"),
    JenisDokumen.LAPORAN: ("Laporan", "Report"),
    JenisDokumen.UNDANGAN: ("Undangan / daftar hadir", "Invitation / attendance list"),
    JenisDokumen.PEDOMAN: ("Buku pedoman", "Manual"),
    JenisDokumen.FOTO: ("Foto", "Photo"),
    JenisDokumen.TANGKAPAN_LAYAR: ("Tangkapan layar", "Screenshot"),
    JenisDokumen.KLIPING: ("Kliping berita", "News clipping"),
    JenisDokumen.VIDEO: ("Video", "Video"),
    JenisDokumen.LAINNYA: ("Lainnya", "Other"),
}
"""Indonesian and English names of each jenis dokumen (for findings and the editor)."""


def jenis_label(code: str, language: str = "id") -> str:
    """The name of a jenis dokumen code in ``language`` ("id" or "en"); the code if unknown."""
    labels = JENIS_LABELS.get(code)
    if labels is None:
        return code
    return labels[1] if language.startswith("en") else labels[0]


class Readability(StrEnum):
    """What reading a scan found wrong with it ("" = nothing found, or not read)."""

    OK = ""
    LOW_RESOLUTION = "low_resolution"
    BLANK = "blank"
    SIDEWAYS = "sideways"
    NOT_READ = "not_read"
    """OCR gave up on a page at its time budget (dense noise or graphics): nothing was read."""


class QcStatus(StrEnum):
    """A verifier's quality-control status for a whole innovation."""

    PENDING = "pending"
    ACCEPT = "accept"
    REJECTED = "rejected"


@dataclass(frozen=True)
class EvidenceDocument:
    """One bukti dukung: a document's metadata plus either a stored file (by hash) or a link.

    ``slot`` says what the document backs: an SID indicator number ("16".."35"), an SPD row
    ("1", "2a", ...), or a profile field ("anggaran", "profil_bisnis", "video").

    What proves a level (checked by ``iid.checks``, so the server can re-check it): ``jenis``
    (a ``JenisDokumen`` code, "" = not known), ``tahun`` (the year the document is for when it is
    not the year of ``tanggal``, e.g. a DPA's tahun anggaran), ``names_innovation`` (True: the
    innovation's name appears, on ``name_page``; False: the document was read and the name was
    not found; None: not known) and ``readability`` (a ``Readability`` value). ``prefilled``
    lists the metadata fields (``nomor``, ``tanggal``, ``tentang``, ``jenis``, ``tahun``) that
    were read from the document and not yet confirmed by the officer.
    """

    id: str
    slot: str
    nomor: str = ""
    tanggal: date | None = None
    tentang: str = ""
    sha256: str | None = None
    link: str | None = None
    file_name: str | None = None
    media_type: str | None = None
    size_bytes: int | None = None
    duration_seconds: float | None = None
    page_count: int | None = None
    position: int = 0
    jenis: str = ""
    tahun: int | None = None
    names_innovation: bool | None = None
    name_page: int | None = None
    readability: str = ""
    prefilled: tuple[str, ...] = ()

    @property
    def is_link(self) -> bool:
        return self.link is not None and self.sha256 is None

    @property
    def year(self) -> int | None:
        """The year the document is for: ``tahun`` (e.g. a DPA's tahun anggaran) or, when not
        given, the year of ``tanggal``."""
        if self.tahun is not None:
            return self.tahun
        return self.tanggal.year if self.tanggal is not None else None


@dataclass(frozen=True)
class IndicatorAnswer:
    """The officer's claimed level for one SID indicator and the verifier's view of it.

    Levels are 1..3; ``None`` (or 0) means unanswered / not measurable and scores 0.

    The measure the level is derived from, where the rule year gives the indicator one
    (``iid.rules.Measure``): ``quantity`` (a count, days, months, a percentage; for a ratio the
    part, e.g. complaints resolved), ``quantity_base`` (a ratio's whole, e.g. complaints
    received), ``basis`` (which of several bases decides, e.g. indicator 33) and ``checklist``
    (the items ticked: actor types, channels, video elements, or the years as "2025").
    """

    indicator: str
    claimed_level: int | None = None
    verified_level: int | None = None
    verdict: Verdict = Verdict.PENDING
    verifier_note: str = ""
    quantity: Decimal | None = None
    quantity_base: Decimal | None = None
    basis: str = ""
    checklist: tuple[str, ...] = ()

    @property
    def has_measure(self) -> bool:
        return self.quantity is not None or self.quantity_base is not None or bool(self.checklist)


@dataclass
class InnovationProfile:
    """The profile fields of an innovation. Year-specific fields live in ``extra``."""

    nama: str = ""
    tahapan: str = ""
    inisiator: str = ""
    inisiator_nama: str = ""
    jenis: str = ""
    bentuk: str = ""
    urusan_utama: str = ""
    urusan_lain: list[str] = field(default_factory=list)
    waktu_uji_coba: date | None = None
    waktu_penerapan: date | None = None
    waktu_pengembangan: date | None = None
    rancang_bangun: str = ""
    tujuan: str = ""
    manfaat: str = ""
    hasil: str = ""
    video_link: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def urusan(self) -> list[str]:
        """Main urusan first, then the overlapping ones, without blanks or repeats."""
        seen: list[str] = []
        for name in [self.urusan_utama, *self.urusan_lain]:
            if name and name not in seen:
                seen.append(name)
        return seen


@dataclass
class Innovation:
    """One innovation report with its answers and evidence, as the local store holds it."""

    id: str
    rule_year: int
    opd_id: str
    profile: InnovationProfile = field(default_factory=InnovationProfile)
    answers: dict[str, IndicatorAnswer] = field(default_factory=dict)
    documents: list[EvidenceDocument] = field(default_factory=list)
    workflow_state: WorkflowState = WorkflowState.DRAFT
    sync_state: SyncState = SyncState.LOCAL
    qc_status: QcStatus = QcStatus.PENDING
    version: int = 0
    base_version: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def documents_for(self, slot: str) -> list[EvidenceDocument]:
        return sorted((d for d in self.documents if d.slot == slot), key=lambda d: d.position)

    def claimed_levels(self) -> dict[str, int]:
        return {k: a.claimed_level or 0 for k, a in self.answers.items()}

    def verified_levels(self) -> dict[str, int]:
        return {k: a.verified_level or 0 for k, a in self.answers.items()}


@dataclass(frozen=True)
class SpdAnswer:
    """One SPD score row of the pemda: a chosen level, or a raw number mapped by thresholds.

    ``inputs`` holds the raw values the national form asks for on a numeric row whose rule
    names them (``SpdRow.inputs``, e.g. T-2 and T-1); the figure follows by the row's formula
    (``iid.scoring.spd_figure``) and, once every input is given, wins over ``raw_value``.
    """

    row: str
    level: int | None = None
    raw_value: Decimal | None = None
    inputs: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass
class SpdProfile:
    """The pemda's region-level (SPD) answers for one rule year, with their evidence."""

    pemda_id: str
    rule_year: int
    answers: dict[str, SpdAnswer] = field(default_factory=dict)
    documents: list[EvidenceDocument] = field(default_factory=list)
    version: int = 0
    base_version: int = 0
