"""The demo pemda: "Kabupaten Contoh" with its OPDs and one account per role (idempotent), and
(``seed_demo_innovations``, for ``inovasi-server demo``) innovations of 2026 in every workflow
state across the OPDs, some verified, one ineligible, one empty, and one OPD with none."""

from __future__ import annotations

import hashlib
import io
import random
import tempfile
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from iid import demo
from iid import workflow as wf
from iid.codec import innovation_content, spd_content
from iid.proof import stage_year
from iid.records import (
    EvidenceDocument,
    IndicatorAnswer,
    Innovation,
    InnovationProfile,
    SpdAnswer,
    SpdProfile,
    Verdict,
)
from iid.rules import load_rules
from sync.protocol import RecordEnvelope, RecordType, Role
from sync.server import accounts, blob_access, reviews
from sync.server.auth import Principal
from sync.server.blobstore import BlobStore
from sync.server.models import Blob, Opd, Pemda, Record, User
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
    ("DINSOS", "Lumbung Sosial Kecamatan", "Sosial", "draft", 2, date(2023, 7, 1)),
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
"""Two drafts (potensi), one empty draft, one draft outside the 2024-2025 window (DINSOS: Ajukan
would refuse it), every state; SATPOLPP has only a draft, so five of the six yandas are covered;
DISPAR has none. Every innovation past Draf carries evidence that proves its claims
(``iid.demo``) and reached its state through ``iid.workflow.decide``."""


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
"""The moves that brought a demo innovation to its state, and who made them ("operator": the
OPD's operator, ``operator`` for Dinas Pendidikan, ``operator2`` for Dinas Kesehatan)."""
_OPERATORS = {"DISDIK": "operator", "DINKES": "operator2"}
_FULL_NAMES = {account.username: account.full_name for account in DEMO_ACCOUNTS}
"""The demo accounts' full names: their steps carry them as the server's own moves do."""


@dataclass(frozen=True)
class DemoFile:
    """A generated evidence file of the demo: its bytes and how it is stored."""

    sha256: str
    data: bytes
    media_type: str
    filename: str


def _pdf(heading: str, nama: str, doc: demo.DemoDocument) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    page.setFont("Helvetica-Bold", 13)
    page.drawString(72, 770, "PEMERINTAH KABUPATEN CONTOH")
    page.setFont("Helvetica", 11)
    page.drawString(72, 740, f"{heading} Nomor {doc.nomor}")
    page.drawString(72, 722, f"tentang {doc.tentang}: {nama}")
    if doc.tanggal is not None:
        page.drawString(72, 704, f"Ditetapkan pada tanggal {doc.tanggal.isoformat()}")
    page.showPage()
    page.save()
    return buffer.getvalue()


def _png(nama: str, doc: demo.DemoDocument) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), (214, 229, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 40, 456, 100), fill=(31, 59, 87))
    draw.text((36, 62), f"{doc.tentang.upper()}: {nama}"[:60], fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _evidence(innovation: Innovation, number: int, files: dict[str, DemoFile]) -> Innovation:
    """``innovation`` with each claim's measure and the documents that prove it (generated
    files added to ``files`` by hash)."""
    from iid.records import jenis_label

    rules = load_rules(innovation.rule_year)
    stage = stage_year(innovation.profile, rules) or innovation.rule_year
    answers: dict[str, IndicatorAnswer] = {}
    documents: list[EvidenceDocument] = []
    for key, answer in innovation.answers.items():
        level = answer.claimed_level or 0
        claim, plans = demo.proven_claim(rules, key, level, stage_year=stage, number=number)
        answers[key] = claim
        for position, plan in enumerate(plans):
            doc_id = str(uuid.uuid5(_ID_SPACE, f"document-{number}-{key}-{position}"))
            if plan.kind == "link":
                documents.append(plan.document(doc_id))
                continue
            if plan.kind == "pdf":
                heading = jenis_label(plan.jenis).upper() if plan.jenis else "LAPORAN"
                data, media, suffix = (
                    _pdf(heading, innovation.profile.nama, plan),
                    "application/pdf",
                    "pdf",
                )
            else:
                data, media, suffix = _png(innovation.profile.nama, plan), "image/png", "png"
            sha = hashlib.sha256(data).hexdigest()
            name = f"bukti-{key}-{position + 1}.{suffix}"
            files.setdefault(sha, DemoFile(sha, data, media, name))
            document = plan.document(
                doc_id, sha256=sha, file_name=name, media_type=media, size_bytes=len(data),
                page_count=1 if plan.kind == "pdf" else None,
            )  # fmt: skip
            documents.append(replace(document, position=position))
    return replace(innovation, answers=answers, documents=documents)


def demo_innovations(opd_ids: dict[str, str]) -> list[tuple[Innovation, wf.Review | None]]:
    """The demo innovations with, for the submitted ones, their review (transitions, verdicts
    on the evidence as it is, QC), each move decided by ``iid.workflow.decide``."""
    return [(i, r) for i, r, _ in _demo(opd_ids)]


def _demo(
    opd_ids: dict[str, str],
) -> list[tuple[Innovation, wf.Review | None, dict[str, DemoFile]]]:
    rules = load_rules(DEMO_YEAR)
    keys = list(rules.indicators)
    rng = random.Random(DEMO_YEAR)
    when = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
    result: list[tuple[Innovation, wf.Review | None, dict[str, DemoFile]]] = []
    for number, (opd, name, urusan, state, profile, penerapan) in enumerate(DEMO_INNOVATIONS):
        levels = _levels(rng, profile, keys)
        innovation = Innovation(
            id=str(uuid.uuid5(_ID_SPACE, f"innovation-{number}")),
            rule_year=DEMO_YEAR,
            opd_id=opd_ids[opd],
            profile=_profile(name, urusan, penerapan, number),
            answers={k: IndicatorAnswer(k, claimed_level=v) for k, v in levels.items()},
        )
        if state == "draft":
            result.append((innovation, None, {}))
            continue
        files: dict[str, DemoFile] = {}
        innovation = _evidence(innovation, number, files)
        verdicts: dict[str, tuple[Verdict, int, str]] = {}
        if state != "diajukan":
            for key, level in levels.items():
                if rng.random() < (0.35 if state == "revisi" else 0.15):
                    verdicts[key] = (
                        Verdict.TIDAK_SESUAI,
                        max(level - 1, 0),
                        "Bukti belum menunjukkan level yang diklaim.",
                    )
        steps = []
        for step, (action, role, username) in enumerate(_PATHS[state]):
            if role is wf.Role.OPERATOR:
                username = _OPERATORS.get(opd, f"operator-{opd.lower()}")
            note = (
                "Perbaiki bukti dukung yang ditandai." if action is wf.Action.PERLU_REVISI else ""
            )
            at = when + timedelta(days=2 * step + number % 3)
            steps.append(demo.Step(action, role, username, at, note, _FULL_NAMES.get(username, "")))
        review = demo.walk(
            innovation, rules, steps, verdicts, qc=state not in ("diajukan", "revisi")
        )
        result.append((innovation, review, files))
    return result


def _profile(name: str, urusan: str, penerapan: date | None, number: int) -> InnovationProfile:
    if not name:
        return InnovationProfile()
    return InnovationProfile(
        nama=name,
        tahapan="Penerapan",
        inisiator="OPD",
        jenis="Digital" if number % 2 == 0 else "Non Digital",
        bentuk="Inovasi pelayanan publik",
        urusan_utama=urusan,
        waktu_uji_coba=None if penerapan is None else penerapan - timedelta(days=180),
        waktu_penerapan=penerapan,
        rancang_bangun=demo.RANCANG_BANGUN,
        tujuan="Mempercepat layanan dan memperluas jangkauannya.",
        manfaat="Warga terlayani lebih cepat tanpa biaya tambahan.",
        hasil="Waktu layanan turun dari lima hari menjadi satu hari.",
    )


def _store_files(
    session: Session, blobs: BlobStore, principal: Principal, files: dict[str, DemoFile]
) -> None:
    """Put the demo's evidence files in the blob store and index them as a verified upload by
    ``principal`` would (the blob first, then its row, then the holder)."""
    stored = set(session.scalars(select(Blob.sha256).where(Blob.sha256.in_(sorted(files)))))
    with tempfile.TemporaryDirectory(prefix="demo-blobs-") as folder:
        for sha, item in files.items():
            if not blobs.exists(sha):
                path = Path(folder) / sha
                path.write_bytes(item.data)
                blobs.put_file(sha, path)
            if sha not in stored:
                session.add(
                    Blob(
                        sha256=sha, size=len(item.data), media_type=item.media_type,
                        filename=item.filename, uploaded_by=principal.user_id,
                        created_at=datetime.now(UTC),
                    )
                )  # fmt: skip
    session.flush()
    blob_access.hold(session, principal.user_id, files)


def seed_demo_innovations(session: Session, blobs: BlobStore) -> int:
    """Push the demo innovations (their evidence files stored in ``blobs`` first, as uploads
    by the demo admin) and give the submitted ones their reviews, once (none if the pemda holds
    innovations already). Returns how many were added."""
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
    built = _demo(opds)
    items = [(i, r) for i, r, _ in built]
    _store_files(session, blobs, principal, {k: v for _, _, f in built for k, v in f.items()})
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
    # The reviews as the moves decided by iid.workflow.decide left them (the files are on the
    # server, so the server's own Ajukan check finds none missing), with the audit log's steps.
    reviews.seed_reviews(session, principal, [(i.id, r) for i, r in items if r is not None])
    return len(items)
