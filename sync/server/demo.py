"""The demo pemda: "Kabupaten Contoh" with its OPDs and one account per role (idempotent), and
(``seed_demo_innovations``, for ``inovasi-server demo``) innovations of 2026 in every workflow
state across the OPDs, some verified, one ineligible, one empty, and one OPD with none."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from iid import workflow as wf
from iid.codec import innovation_content, spd_content
from iid.records import (
    IndicatorAnswer,
    Innovation,
    InnovationProfile,
    QcStatus,
    SpdAnswer,
    SpdProfile,
    Verdict,
    WorkflowState,
)
from iid.rules import load_rules
from sync.protocol import RecordEnvelope, RecordType, Role
from sync.server import accounts, reviews
from sync.server.auth import Principal
from sync.server.models import Opd, Pemda, Record, User
from sync.server.records import push

DEMO_PEMDA_CODE = "kab-contoh"
DEMO_PEMDA_NAME = "Kabupaten Contoh"
DEMO_OPDS = [
    ("DISDIK", "Dinas Pendidikan"),
    ("DINKES", "Dinas Kesehatan"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("DINSOS", "Dinas Sosial"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("DISPERKIM", "Dinas Perumahan Rakyat dan Kawasan Permukiman"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja"),
    ("DISPAR", "Dinas Pariwisata"),
]
DEMO_OPD_WITHOUT_INNOVATION = "DISPAR"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    opd_code: str | None
    full_name: str


DEMO_ACCOUNTS = [
    DemoAccount("operator", "demo-operator", Role.OPERATOR, "DISDIK", "Operator Dinas Pendidikan"),
    DemoAccount("operator2", "demo-operator2", Role.OPERATOR, "DINKES", "Operator Dinas Kesehatan"),
    DemoAccount("verifikator", "demo-verifikator", Role.VERIFIKATOR, None, "Verifikator Bappeda"),
    DemoAccount("admin", "demo-admin", Role.ADMIN, "BAPPEDA", "Admin Bappeda"),
    DemoAccount("pimpinan", "demo-pimpinan", Role.PIMPINAN, None, "Kepala Bappeda"),
    DemoAccount("kepala", "demo-kepala-opd", Role.KEPALA_OPD, "DISDIK", "Kepala Dinas Pendidikan"),
]


def seed_demo(session: Session) -> list[DemoAccount]:
    """Create what is missing of the demo pemda, its OPDs and accounts; keep what exists."""
    actor = accounts.Actor(label="demo")
    pemda = accounts.get_or_create_pemda(session, DEMO_PEMDA_CODE, DEMO_PEMDA_NAME, actor)
    opds = {
        code: accounts.upsert_opd(session, pemda, code, name, actor)[0] for code, name in DEMO_OPDS
    }
    for acc in DEMO_ACCOUNTS:
        exists = session.scalar(
            select(func.count()).select_from(User).where(User.username == acc.username)
        )
        if not exists:
            accounts.create_user(
                session,
                pemda,
                username=acc.username,
                password=acc.password,
                role=acc.role,
                full_name=acc.full_name,
                opd=opds[acc.opd_code] if acc.opd_code else None,
                actor=actor,
            )
    return DEMO_ACCOUNTS


def describe(accounts_: list[DemoAccount]) -> str:
    """The text ``demo`` prints: every account with its demo password."""
    lines = [
        f"Pemda demo: {DEMO_PEMDA_NAME}",
        "Akun demo (nama pengguna / kata sandi / peran / OPD):",
    ]
    for acc in accounts_:
        lines.append(
            f"  {acc.username:<12} {acc.password:<18} {acc.role.value:<12} {acc.opd_code or '-'}"
        )
    return "\n".join(lines)


# --- demo innovations ----------------------------------------------------------------------

DEMO_YEAR = 2026
_ID_SPACE = uuid.UUID("6f1d3c52-7d0e-4a43-9b7b-2a0c6b1e2026")
# (OPD, name, main urusan, workflow state, claimed level profile, penerapan); "ver" in the
# state column marks innovations the verifier has reviewed.
DEMO_INNOVATIONS: list[tuple[str, str, str, str, int, date | None]] = [
    ("DISDIK", "Sekolah Ramah Baca Digital", "Pendidikan", "terkirim", 3, date(2024, 8, 1)),
    ("DISDIK", "Guru Penggerak Desa", "Pendidikan", "disetujui", 2, date(2025, 1, 15)),
    ("DISDIK", "Rapor Daring Orang Tua", "Pendidikan", "diajukan", 2, date(2025, 6, 2)),
    ("DISDIK", "Kelas Inklusi Keliling", "Pendidikan", "draft", 2, date(2025, 9, 1)),
    ("DINKES", "Posyandu Pintar", "Kesehatan", "siap_kirim", 3, date(2024, 3, 4)),
    ("DINKES", "Ambulans Desa Terpadu", "Kesehatan", "revisi", 2, date(2025, 2, 10)),
    ("DINKES", "Antrean Puskesmas Daring", "Kesehatan", "diajukan", 1, date(2025, 4, 21)),
    (
        "DINSOS",
        "Data Terpadu Kesejahteraan Sosial Desa",
        "Sosial",
        "disetujui",
        2,
        date(2024, 11, 5),
    ),
    ("DINSOS", "Lumbung Sosial Kecamatan", "Sosial", "diajukan", 2, date(2023, 7, 1)),
    (
        "DPUPR",
        "Peta Jalan Rusak Warga",
        "Pekerjaan Umum dan Penataan Ruang",
        "terkirim",
        2,
        date(2024, 5, 20),
    ),
    (
        "DISPERKIM",
        "Bedah Rumah Gotong Royong",
        "Perumahan Rakyat dan Kawasan Permukiman",
        "diajukan",
        2,
        date(2025, 3, 3),
    ),
    (
        "SATPOLPP",
        "Patroli Siaga Pasar",
        "Ketenteraman, Ketertiban Umum dan Pelindungan Masyarakat",
        "draft",
        1,
        date(2025, 5, 5),
    ),
    ("DPMPTSP", "Izin Usaha Sehari Jadi", "Penanaman Modal", "disetujui", 3, date(2024, 2, 1)),
    (
        "DISDUKCAPIL",
        "KTP Jemput Bola",
        "Administrasi Kependudukan dan Pencatatan Sipil",
        "revisi",
        2,
        date(2024, 10, 1),
    ),
    ("BAPPEDA", "Musrenbang Daring", "Perencanaan", "siap_kirim", 2, date(2024, 6, 1)),
    ("DINKES", "", "", "draft", 0, None),
]
"""Two drafts (potensi), one empty draft, one outside the 2024-2025 window (DINSOS), every
state; SATPOLPP has only a draft, so five of the six yandas are covered; DISPAR has none."""


DEMO_SPD_LEVELS = {
    "1": 3,
    "2a": 3,
    "2b": 2,
    "8": 3,
    "9": 2,
    "12": 2,
    "13a": 1,
    "13b": 2,
    "14": 1,
    "15": 2,
}
DEMO_SPD_VALUES = {
    "3": "4.10",
    "4": "3.80",
    "5a": "0.21",
    "5b": "4.70",
    "6": "12.40",
    "7": "9.60",
    "10a": "0.44",
    "10b": "9.85",
    "11a": "0.71",
    "11b": "71.36",
}
"""The demo pemda's SPD answers (levels, and the numbers of the numeric rows)."""


def _levels(rng: random.Random, profile: int, keys: list[str]) -> dict[str, int]:
    if profile == 0:
        return {}
    return {key: max(1, min(3, profile + rng.choice((-1, 0, 0, 1)))) for key in keys}


_PATHS: dict[str, tuple[tuple[wf.Action, wf.Role, str], ...]] = {
    "draft": (),
    "diajukan": ((wf.Action.AJUKAN, wf.Role.OPERATOR, "operator"),),
    "revisi": (
        (wf.Action.AJUKAN, wf.Role.OPERATOR, "operator"),
        (wf.Action.PERLU_REVISI, wf.Role.VERIFIKATOR, "verifikator"),
    ),
    "disetujui": (
        (wf.Action.AJUKAN, wf.Role.OPERATOR, "operator"),
        (wf.Action.SETUJUI, wf.Role.VERIFIKATOR, "verifikator"),
    ),
    "siap_kirim": (
        (wf.Action.AJUKAN, wf.Role.OPERATOR, "operator"),
        (wf.Action.SETUJUI, wf.Role.VERIFIKATOR, "verifikator"),
        (wf.Action.SIAP_KIRIM, wf.Role.ADMIN, "admin"),
    ),
    "terkirim": (
        (wf.Action.AJUKAN, wf.Role.OPERATOR, "operator"),
        (wf.Action.SETUJUI, wf.Role.VERIFIKATOR, "verifikator"),
        (wf.Action.SIAP_KIRIM, wf.Role.ADMIN, "admin"),
        (wf.Action.TERKIRIM, wf.Role.ADMIN, "admin"),
    ),
}
"""The moves that brought a demo innovation to its state, and who made them."""


def demo_innovations(opd_ids: dict[str, str]) -> list[tuple[Innovation, wf.Review | None]]:
    """The demo innovations with, for the submitted ones, their review (transitions, verdicts
    on the evidence as it is, QC)."""
    rules = load_rules(DEMO_YEAR)
    keys = list(rules.indicators)
    rng = random.Random(DEMO_YEAR)
    when = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
    result: list[tuple[Innovation, wf.Review | None]] = []
    for number, (opd, name, urusan, state, profile, penerapan) in enumerate(DEMO_INNOVATIONS):
        levels = _levels(rng, profile, keys)
        innovation = Innovation(
            id=str(uuid.uuid5(_ID_SPACE, f"innovation-{number}")),
            rule_year=DEMO_YEAR,
            opd_id=opd_ids[opd],
            profile=InnovationProfile(
                nama=name,
                tahapan="Penerapan" if name else "",
                jenis="Digital" if number % 2 == 0 else "Non Digital",
                urusan_utama=urusan,
                waktu_penerapan=penerapan,
            ),
            answers={k: IndicatorAnswer(k, claimed_level=v) for k, v in levels.items()},
        )
        if state == "draft":
            result.append((innovation, None))
            continue
        indicators: dict[str, wf.IndicatorReview] = {}
        if state != "diajukan":
            for key, level in levels.items():
                lowered = rng.random() < (0.35 if state == "revisi" else 0.15)
                indicators[key] = wf.IndicatorReview(
                    verdict=Verdict.TIDAK_SESUAI if lowered else Verdict.SESUAI,
                    verified_level=max(level - 1, 0) if lowered else level,
                    note="Bukti belum menunjukkan level yang diklaim." if lowered else "",
                    fingerprint=wf.evidence_fingerprint(innovation, key),
                    by="verifikator",
                    at=when,
                )
        history = []
        current = WorkflowState.DRAFT
        for step, (action, role, username) in enumerate(_PATHS[state]):
            target = next(e.target for e in wf.EDGES if e.action is action and role in e.roles)
            assert target is not None
            note = "Perbaiki bukti dukung yang ditandai." if target is WorkflowState.REVISI else ""
            at = when + timedelta(days=2 * step + number % 3)
            history.append(wf.Transition(action, current, target, username, role, at, note))
            current = target
        review = wf.Review(
            innovation.id,
            state=current,
            indicators=indicators,
            qc_status=QcStatus.PENDING if state in ("diajukan", "revisi") else QcStatus.ACCEPT,
            review_started=bool(indicators),
            history=tuple(history),
        )
        result.append((innovation, review))
    return result


def seed_demo_innovations(session: Session) -> int:
    """Push the demo innovations as the demo admin and give the submitted ones their reviews,
    once (none if the pemda holds innovations already). Returns how many were added."""
    pemda = session.scalar(select(Pemda).where(Pemda.code == DEMO_PEMDA_CODE))
    admin = session.scalar(select(User).where(User.username == "admin"))
    if pemda is None or admin is None:
        raise RuntimeError("seed_demo must run first")
    existing = session.scalar(
        select(func.count())
        .select_from(Record)
        .where(Record.pemda_id == pemda.id, Record.type == RecordType.INNOVATION.value)
    )
    if existing:
        return 0
    opds = {
        code: opd_id
        for code, opd_id in session.execute(
            select(Opd.code, Opd.id).where(Opd.pemda_id == pemda.id)
        )
    }
    principal = Principal(
        user_id=admin.id,
        username=admin.username,
        role=Role.ADMIN,
        pemda_id=pemda.id,
        opd_id=admin.opd_id,
        token_id="demo",
        device="demo",
        pemda_opd_ids=frozenset(opds.values()),
    )
    items = demo_innovations(opds)
    envelopes = [
        RecordEnvelope(
            type=RecordType.INNOVATION,
            id=i.id,
            version=1,
            base_version=0,
            content=innovation_content(i),
        )
        for i, _ in items
    ]
    spd = SpdProfile(
        pemda_id=pemda.id,
        rule_year=DEMO_YEAR,
        answers={key: SpdAnswer(row=key, level=level) for key, level in DEMO_SPD_LEVELS.items()}
        | {key: SpdAnswer(row=key, raw_value=Decimal(v)) for key, v in DEMO_SPD_VALUES.items()},
    )
    envelopes.append(
        RecordEnvelope(
            type=RecordType.SPD_PROFILE,
            id=f"spd-{pemda.id}-{DEMO_YEAR}",
            version=1,
            base_version=0,
            content=spd_content(spd),
        )
    )
    results = push(session, principal, envelopes)
    refused = [r for r in results if r.status.value == "rejected"]
    if refused:
        raise RuntimeError(f"demo data refused: {refused[0].problem}")
    # Demo innovations have no evidence files, so they could not pass Ajukan: their reviews are
    # written as the moves would have left them (the real path is iid.workflow through pushes).
    reviews.seed_reviews(session, principal, [(i.id, r) for i, r in items if r is not None])
    return len(items)
