"""A realistic local data folder for screenshots and demos: one pemda, a few OPDs, innovations
at different stages with answers and generated evidence. Never used on a user's real data
unless asked (``python -m desktop.demo_data DIR``)."""

from __future__ import annotations

import io
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from iid import demo
from iid import workflow as wf
from iid.codec import review_to_dict
from iid.proof import stage_year
from iid.records import EvidenceDocument, InnovationProfile, Verdict, WorkflowState, jenis_label
from sync.local.ids import new_id
from sync.local.repository import LocalUserInfo

PEMDA = ("pemda-contoh", "Kabupaten Contoh")
OPDS = (
    ("opd-disdik", "Dinas Pendidikan"),
    ("opd-dinkes", "Dinas Kesehatan"),
    ("opd-dpmptsp", "Dinas Penanaman Modal dan PTSP"),
    ("opd-dinsos", "Dinas Sosial"),
    ("opd-pupr", "Dinas Pekerjaan Umum dan Penataan Ruang"),
)

# name, OPD, tahapan, jenis, urusan utama, levels per indicator, workflow state. Every innovation
# past Draf claims the mandatory indicators (16, 17, 32, 33, 35) with evidence that proves each
# claim, as Ajukan demands; drafts are work in progress.
INNOVATIONS: tuple[tuple[str, str, str, str, str, dict[str, int], WorkflowState], ...] = (
    ("Sekolah Ramah Anak Digital", "opd-disdik", "Penerapan", "Digital", "Pendidikan",
     {"16": 3, "17": 2, "18": 2, "19": 3, "21": 2, "25": 2, "32": 2, "33": 3, "35": 2},
     WorkflowState.DISETUJUI),
    ("Puskesmas Keliling Tanggap Stunting", "opd-dinkes", "Penerapan", "Non Digital", "Kesehatan",
     {"16": 2, "17": 3, "18": 3, "20": 2, "22": 3, "28": 2, "32": 1, "33": 3, "34": 2, "35": 3},
     WorkflowState.SIAP_KIRIM),
    ("Izin Usaha Satu Hari (SIUSAH)", "opd-dpmptsp", "Penerapan", "Digital",
     "Penanaman Modal", {"16": 3, "17": 1, "19": 3, "27": 3, "28": 3, "30": 2, "32": 3, "33": 2},
     WorkflowState.DRAFT),
    ("Bank Data Terpadu Kemiskinan", "opd-dinsos", "Uji Coba", "Digital", "Sosial",
     {"16": 1, "17": 2, "19": 2, "32": 2, "33": 1, "35": 1}, WorkflowState.REVISI),
    ("Lapor Jalan Rusak via WhatsApp", "opd-pupr", "Penerapan", "Digital",
     "Pekerjaan Umum dan Penataan Ruang",
     {"16": 2, "17": 1, "19": 3, "29": 2, "32": 2, "33": 2, "35": 1}, WorkflowState.DIAJUKAN),
    ("Kelas Inspirasi Guru Desa", "opd-disdik", "Inisiatif", "Non Digital", "Pendidikan", {},
     WorkflowState.DRAFT),
)  # fmt: skip

OPERATORS = {"opd-disdik": "operator", "opd-dinkes": "operator2"}
"""The demo operator of each OPD (the server demo's accounts; other OPDs get their own name)."""
FULL_NAMES = {"operator": "Rina Operator", "operator2": "Operator Dinas Kesehatan",
              "verifikator": "Verifikator Bappeda", "admin": "Admin Bappeda"}  # fmt: skip
"""The full names the workflow steps carry (as the server writes them from the account)."""
REVIEW_START = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
LOWERED_NOTE = "Regulasi belum menyebut nama inovasi."
RETURN_NOTE = "Perbaiki bukti dukung yang ditandai."
DOCUMENT_NAMES = {"16": "regulasi-inovasi.pdf", "17": "sk-tim-pengelola.pdf",
                  "25": "foto-sosialisasi.png"}  # fmt: skip
"""File names of the demo evidence where an officer would name it (else ``bukti-<n>``)."""

RANCANG = demo.RANCANG_BANGUN


def _sk_pdf(title: str, name: str = "sk-bupati.pdf", heading: str = "KEPUTUSAN BUPATI") -> Path:
    import tempfile

    import img2pdf
    from PIL import Image, ImageDraw

    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    draw.text((140, 140), "PEMERINTAH KABUPATEN CONTOH", fill=0)
    draw.text((140, 200), f"{heading} tentang {title}", fill=0)
    for row in range(30):
        draw.line((140, 300 + row * 40, 1100, 300 + row * 40), fill=170, width=2)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)  # a generated page: speed over size
    path = Path(tempfile.mkdtemp(prefix="demo-")) / name
    path.write_bytes(img2pdf.convert(buffer.getvalue()))
    return path


def _attach_sk(context: Any, innovation_id: str, nama: str) -> None:
    """A generated SK Bupati PDF as evidence of indicator 16 (stored in the vault)."""
    info = context.vault.import_file(_sk_pdf(nama))
    context.repo.add_document(
        innovation_id,
        EvidenceDocument(
            id=new_id(), slot="16", nomor="188.45/123/2024", tanggal=date(2024, 3, 4),
            tentang=f"Penetapan inovasi {nama}", sha256=info.sha256,
            file_name="sk-bupati.pdf", media_type="application/pdf",
            size_bytes=info.size_bytes, page_count=info.page_count,
        ),
    )  # fmt: skip


def _photo_png(title: str, name: str = "foto-sosialisasi.png") -> Path:
    import tempfile

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 420), (214, 229, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 60, 600, 140), fill=(31, 59, 87))
    draw.text((60, 90), f"SOSIALISASI {title.upper()}", fill=(255, 255, 255))
    for row in range(6):
        draw.ellipse((70 + row * 85, 220, 130 + row * 85, 280), fill=(120, 90, 60))
    path = Path(tempfile.mkdtemp(prefix="demo-")) / name
    image.save(path, "PNG")
    return path


def _attach_file(context: Any, innovation_id: str, slot: str, path: Path, **meta: Any) -> str:
    """A generated file as evidence of ``slot`` (stored in the vault); returns its hash."""
    info = context.vault.import_file(path)
    context.repo.add_document(
        innovation_id,
        EvidenceDocument(
            id=new_id(), slot=slot, sha256=info.sha256, file_name=path.name,
            media_type=info.media_type, size_bytes=info.size_bytes,
            page_count=info.page_count, position=meta.pop("position", 0), **meta,
        ),
    )  # fmt: skip
    return str(info.sha256)


def _anggaran(context: Any, innovation_id: str, nama: str) -> None:
    """The budget page (DPA) an approved demo innovation carries in its profile."""
    _attach_file(
        context,
        innovation_id,
        "anggaran",
        _sk_pdf(f"DPA {nama}", "dpa-2024.pdf", "DOKUMEN PELAKSANAAN ANGGARAN"),
        nomor="DPA/2024/017",
        tanggal=date(2024, 1, 15),
        tentang="DPA kegiatan inovasi",
    )


def _prove(context: Any, innovation_id: str, nama: str, levels: dict[str, int], number: int,
           year: int) -> None:  # fmt: skip
    """Every claimed level with the measure and the evidence that prove it (``iid.demo``):
    generated scans stored in the vault, the video as a link."""
    rules = context.rules(year)
    innovation = context.repo.get_innovation(innovation_id)
    stage = stage_year(innovation.profile, rules) or year
    for key, level in levels.items():
        answer, documents = demo.proven_claim(rules, key, level, stage_year=stage, number=number)
        context.repo.set_measure(innovation_id, answer)
        for position, plan in enumerate(documents):
            if plan.kind == "link":
                context.repo.add_document(innovation_id, plan.document(new_id()))
                continue
            year_part = f"-{plan.tahun}" if plan.tahun else ""
            suffix = ".pdf" if plan.kind == "pdf" else ".png"
            name = DOCUMENT_NAMES.get(key) or f"bukti-{key}{year_part}{suffix}"
            if plan.kind == "pdf":
                heading = jenis_label(plan.jenis).upper() if plan.jenis else "LAPORAN"
                path = _sk_pdf(nama, name, heading)
            else:
                path = _photo_png(nama, name)
            info = context.vault.import_file(path)
            document = plan.document(
                new_id(), sha256=info.sha256, file_name=name, media_type=info.media_type,
                size_bytes=info.size_bytes, page_count=info.page_count,
            )  # fmt: skip
            context.repo.add_document(innovation_id, replace(document, position=position))


_PATHS: dict[WorkflowState, tuple[tuple[wf.Action, wf.Role], ...]] = {
    WorkflowState.DRAFT: (),
    WorkflowState.DIAJUKAN: ((wf.Action.AJUKAN, wf.Role.OPERATOR),),
    WorkflowState.REVISI: (
        (wf.Action.AJUKAN, wf.Role.OPERATOR),
        (wf.Action.PERLU_REVISI, wf.Role.VERIFIKATOR),
    ),
    WorkflowState.DISETUJUI: (
        (wf.Action.AJUKAN, wf.Role.OPERATOR),
        (wf.Action.SETUJUI, wf.Role.VERIFIKATOR),
    ),
    WorkflowState.SIAP_KIRIM: (
        (wf.Action.AJUKAN, wf.Role.OPERATOR),
        (wf.Action.SETUJUI, wf.Role.VERIFIKATOR),
        (wf.Action.SIAP_KIRIM, wf.Role.ADMIN),
    ),
}
"""The moves that bring a demo innovation to its state (by the OPD's operator, the demo
verifier, the demo admin)."""


def _review(context: Any, innovation_id: str, opd: str, number: int, state: WorkflowState) -> None:
    """The innovation's review as the server would send it after the moves of its state, each
    decided by ``iid.workflow.decide`` on the content as seeded: the verifier confirms every
    claim but lowers the first one (or, for a return, marks it) with a note."""
    repo = context.repo
    innovation = repo.get_innovation(innovation_id)
    rules = context.rules(innovation.rule_year)
    users = {wf.Role.OPERATOR: OPERATORS.get(opd, f"operator-{opd.removeprefix('opd-')}"),
             wf.Role.VERIFIKATOR: "verifikator", wf.Role.ADMIN: "admin"}  # fmt: skip
    steps = [
        demo.Step(action, role, users[role], REVIEW_START + timedelta(days=2 * i + number % 3),
                  RETURN_NOTE if action is wf.Action.PERLU_REVISI else "",
                  FULL_NAMES.get(users[role], ""))
        for i, (action, role) in enumerate(_PATHS[state])
    ]  # fmt: skip
    levels = innovation.claimed_levels()
    first = sorted(levels)[0]
    verdicts = {}
    if levels[first] > 1:
        verdicts[first] = (Verdict.TIDAK_SESUAI, levels[first] - 1, LOWERED_NOTE)
    review = demo.walk(innovation, rules, steps, verdicts, qc=state is not WorkflowState.REVISI)
    repo.apply_remote(
        [{"type": "review", "id": f"review-demo-{number}", "version": 1, "deleted": False,
          "content": review_to_dict(review)}],
        repo.get_cursor(),
    )  # fmt: skip


def seed(context: Any, *, year: int = 2026) -> list[str]:
    """Fill the context's store and vault with the demo pemda; returns the innovation ids."""
    repo = context.repo
    repo.upsert_pemda(*PEMDA)
    for opd_id, name in OPDS:
        repo.upsert_opd(opd_id, name, pemda_id=PEMDA[0])
    repo.set_local_user(
        LocalUserInfo(
            username="operator", full_name=FULL_NAMES["operator"], role="operator",
            pemda_id=PEMDA[0], opd_id="opd-disdik",
        )
    )  # fmt: skip
    rules = context.rules(year)
    ids: list[str] = []
    for nama, opd, tahapan, jenis, urusan, levels, state in INNOVATIONS:
        innovation = repo.create_innovation(rule_year=year, nama=nama, opd_id=opd)
        profile = InnovationProfile(
            nama=nama,
            tahapan=tahapan,
            inisiator="OPD",
            jenis=jenis,
            bentuk="Inovasi pelayanan publik",
            urusan_utama=urusan,
            waktu_uji_coba=date(2024, 2, 1),
            waktu_penerapan=date(2024, 8, 1) if tahapan == "Penerapan" else None,
            rancang_bangun=RANCANG if levels else "",
            tujuan="Mempercepat layanan dan memperluas jangkauannya.",
            manfaat="Warga terlayani lebih cepat tanpa biaya tambahan.",
            hasil="Waktu layanan turun dari lima hari menjadi satu hari.",
        )
        repo.update_profile(innovation.id, profile)
        for key, level in levels.items():
            repo.set_claimed_level(innovation.id, key, level)
        if state is WorkflowState.DRAFT:
            if "16" in levels:
                _attach_sk(context, innovation.id, nama)
        else:
            _prove(context, innovation.id, nama, levels, len(ids) + 1, year)
            if state in (WorkflowState.DISETUJUI, WorkflowState.SIAP_KIRIM):
                _anggaran(context, innovation.id, nama)
            _review(context, innovation.id, opd, len(ids), state)
        ids.append(innovation.id)
    assert rules.year == year
    return ids


# Drafts a newcomer finds after ``scripts/run-app.sh`` signs in the demo operator: written in the
# operator's own OPD (the server's id, learnt at sign-in), one with a generated SK as evidence.
DEMO_DRAFTS: tuple[tuple[str, dict[str, int], bool], ...] = (
    ("Sekolah Ramah Anak Digital", {"16": 3, "17": 2, "19": 3, "33": 3}, True),
    ("Kelas Inspirasi Guru Desa", {}, False),
)


def seed_drafts(context: Any, *, year: int = 2026) -> list[str]:
    """Two drafts in the signed-in officer's OPD (one with an SK PDF as evidence), only when the
    store has no innovation yet; returns the new ids (none if there was data already)."""
    repo = context.repo
    if repo.count_innovations() > 0:
        return []
    ids = []
    for nama, levels, with_sk in DEMO_DRAFTS:
        innovation = repo.create_innovation(rule_year=year, nama=nama)
        repo.update_profile(
            innovation.id,
            InnovationProfile(
                nama=nama, tahapan="Penerapan" if levels else "Inisiatif", inisiator="OPD",
                jenis="Digital", bentuk="Inovasi pelayanan publik", urusan_utama="Pendidikan",
                waktu_uji_coba=date(2024, 2, 1), rancang_bangun=RANCANG if levels else "",
                tujuan="Mempercepat layanan dan memperluas jangkauannya.",
            ),
        )  # fmt: skip
        for key, level in levels.items():
            repo.set_claimed_level(innovation.id, key, level)
        if with_sk:
            _attach_sk(context, innovation.id, nama)
        ids.append(innovation.id)
    return ids


def main(argv: list[str]) -> int:
    from desktop.context import AppContext
    from desktop.qtapp import make_application

    if len(argv) != 1:
        print("usage: python -m desktop.demo_data DATA_DIR", file=sys.stderr)
        return 2
    make_application(sys.argv[:1])
    context = AppContext.create(Path(argv[0]), inline_tasks=True)
    try:
        print(f"seeded {len(seed(context))} innovations in {argv[0]}")
    finally:
        context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
