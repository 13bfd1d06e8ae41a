"""Typed records of the IID domain: innovations, indicator answers, evidence, the SPD profile.

Pure data: no storage, no Qt. Every other layer passes these around (never ORM objects).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any


class WorkflowState(StrEnum):
    """Where an innovation stands in the pemda's review workflow (domain)."""

    DRAFT = "draft"
    DIAJUKAN = "diajukan"
    REVISI = "revisi"
    DISETUJUI = "disetujui"
    SIAP_KIRIM = "siap_kirim"
    TERKIRIM = "terkirim"


class SyncState(StrEnum):
    """Where a local record stands on its way to the central server (machinery)."""

    LOCAL = "local"
    QUEUED = "queued"
    SENDING = "sending"
    SYNCED = "synced"
    CONFLICT = "conflict"
    QUARANTINED = "quarantined"
    """Refused by the server; the officer's edit (or "Coba lagi") queues it again."""
    HELD = "held"
    """Held back by the officer: stays on this device, even after edits, until released."""


class Verdict(StrEnum):
    """A verifier's verdict on one indicator's evidence."""

    PENDING = "pending"
    SESUAI = "sesuai"
    TIDAK_SESUAI = "tidak_sesuai"
    TIDAK_DAPAT_DIUKUR = "tidak_dapat_diukur"


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

    @property
    def is_link(self) -> bool:
        return self.link is not None and self.sha256 is None


@dataclass(frozen=True)
class IndicatorAnswer:
    """The officer's claimed level for one SID indicator and the verifier's view of it.

    Levels are 1..3; ``None`` (or 0) means unanswered / not measurable and scores 0.
    """

    indicator: str
    claimed_level: int | None = None
    verified_level: int | None = None
    verdict: Verdict = Verdict.PENDING
    verifier_note: str = ""


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
    """One SPD score row of the pemda: a chosen level, or a raw number mapped by thresholds."""

    row: str
    level: int | None = None
    raw_value: Decimal | None = None


@dataclass
class SpdProfile:
    """The pemda's region-level (SPD) answers for one rule year, with their evidence."""

    pemda_id: str
    rule_year: int
    answers: dict[str, SpdAnswer] = field(default_factory=dict)
    documents: list[EvidenceDocument] = field(default_factory=list)
    version: int = 0
    base_version: int = 0
