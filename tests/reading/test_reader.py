"""Reading real files: text layers, scans through OCR, unreadable pages, the cache by hash, the
prefill of a document's metadata, and ``--read-evidence``."""

from __future__ import annotations

import dataclasses
import io
import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from bench.evidence_corpus import Label, build_corpus
from iid.proof import document_findings
from iid.records import EvidenceDocument
from iid.rules import load_rules
from sync.local.reading import cli
from sync.local.reading.ocr import OcrText, TesseractEngine
from sync.local.reading.reader import ReadError, read_path
from sync.local.reading.service import EvidenceReader, confirmed, fill_from_reading, needs_reading
from sync.local.vault import Vault
from tests.conftest import REPO_ROOT


class CountingEngine:
    """The real engine, counting the pages it is asked to read."""

    name = "tesseract"

    def __init__(self) -> None:
        self.inner = TesseractEngine()
        self.calls = 0

    def recognize(self, image: Any) -> OcrText:
        self.calls += 1
        return self.inner.recognize(image)

    def recognize_line(self, image: Any) -> OcrText:
        return self.inner.recognize_line(image)


@pytest.fixture(scope="module")
def engine() -> CountingEngine:
    return CountingEngine()


def truth(label: Label, reading: Any) -> dict[str, Any]:
    return {
        "jenis": (reading.jenis, label.jenis),
        "nomor": (reading.nomor, label.nomor),
        "tanggal": (reading.tanggal.isoformat() if reading.tanggal else None, label.tanggal),
        "tahun": (reading.year, label.tahun),
        "name_page": (reading.name_page(label.innovation), label.name_page),
    }


def test_every_text_pdf_of_the_corpus_reads_right_from_its_text_layer(
    corpus: tuple[Path, list[Label]],
) -> None:
    directory, labels = corpus
    for label in (lb for lb in labels if not lb.scan):
        reading = read_path(directory / label.file)
        assert reading.source == "text" and reading.ocr_pages == 0
        for name, (found, wanted) in truth(label, reading).items():
            assert found == wanted, f"{label.file}: {name}"


@pytest.mark.slow
def test_scans_read_through_ocr(corpus: tuple[Path, list[Label]], engine: CountingEngine) -> None:
    """Four scans of the corpus (a two-page PDF, JPG and PNG; stamps over the date, skew): the
    fields the bench measures come out right (the bench reads all 36 of its scans)."""
    directory, labels = corpus
    scans = [lb for lb in labels if lb.scan][:4]
    assert {Path(lb.file).suffix for lb in scans} >= {".pdf"}
    right = wrong = 0
    for label in scans:
        reading = read_path(directory / label.file, engine=engine)
        assert reading.source == "ocr" and reading.engine == "tesseract"
        for found, wanted in truth(label, reading).values():
            right, wrong = (right + 1, wrong) if found == wanted else (right, wrong + 1)
    assert wrong <= 1, f"{wrong} of {right + wrong} fields wrong"


def a4(dpi: int, text: str = "", angle: int = 0) -> Image.Image:
    from PIL import ImageDraw, ImageFont

    width, height = int(8.27 * dpi), int(11.69 * dpi)
    image = Image.new("L", (width, height), 255)
    if text:
        draw = ImageDraw.Draw(image)
        font = ImageFont.load_default(size=max(10, dpi // 7))
        for i, line in enumerate(text.splitlines()):
            draw.text((dpi, dpi + i * dpi // 4), line, fill=0, font=font)
    return image.rotate(angle, expand=True, fillcolor=255) if angle else image


def png(image: Image.Image, dpi: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


LETTER = "\n".join(
    ["PEMERINTAH KABUPATEN SIDOARJO", "DINAS KESEHATAN", "SURAT TUGAS", "Nomor: 094/12/2024"]
    + [f"Baris ke {i} dari surat tugas untuk pelaksanaan inovasi daerah" for i in range(18)]
    + ["Sidoarjo, 4 Maret 2024", "KEPALA DINAS KESEHATAN"]
)


@pytest.mark.slow
def test_blank_sideways_and_low_resolution_scans_are_flagged(
    tmp_path: Path, engine: CountingEngine
) -> None:
    blank = tmp_path / "kosong.png"
    blank.write_bytes(png(a4(150), 150))
    assert read_path(blank, engine=engine).readability == "blank"

    sideways = tmp_path / "miring.png"
    sideways.write_bytes(png(a4(150, LETTER, angle=90), 150))
    reading = read_path(sideways, engine=engine)
    assert reading.readability == "sideways"
    assert reading.jenis == "surat_tugas" and reading.tanggal == date(2024, 3, 4)

    tiny = tmp_path / "kecil.png"
    tiny.write_bytes(png(a4(60, LETTER), 60))
    assert read_path(tiny, engine=engine).readability == "low_resolution"


def test_a_page_over_the_ocr_budget_is_reported_not_read_and_the_lane_moves_on(
    tmp_path: Path,
) -> None:
    # A page of pure noise: ~50 s of Tesseract CPU unbounded (measured); one second of budget
    # ends it whatever the machine's load.
    budgeted = TesseractEngine(page_budget_seconds=1)
    noise = Image.effect_noise((1600, 1600), 90).convert("RGB")
    noisy_png = tmp_path / "bintik.png"
    noise.save(noisy_png, "PNG")
    reading = read_path(noisy_png, engine=budgeted)
    assert reading.readability == "not_read" and reading.unread_pages == 1
    assert reading.pages == ("",) and reading.source == "ocr" and not reading.jenis

    # A scan of several such pages: the first ends at the budget, the others are not tried.
    noisy_pdf = tmp_path / "bintik.pdf"
    noise.save(noisy_pdf, "PDF", save_all=True, append_images=[noise, noise], resolution=200)
    reading = read_path(noisy_pdf, engine=budgeted)
    assert reading.readability == "not_read" and reading.unread_pages == 3

    # What the officer sees: a finding with the reason, and no claim that the name is absent.
    doc = EvidenceDocument(
        id="d", slot="16", sha256="a" * 64, media_type="application/pdf", file_name="sk.pdf"
    )
    filled = fill_from_reading(doc, reading, "Sekolah Ramah Anak")
    assert filled.readability == "not_read" and filled.names_innovation is None
    assert not needs_reading(filled)  # not read again at every start
    (finding,) = [
        f for f in document_findings(filled, load_rules(2026)) if f.code == "evidence.unreadable"
    ]
    assert "berhenti membacanya" in finding.message_id and "stopped reading" in finding.message_en

    # The same engine (its Tesseract handles) reads the next file in the lane.
    budgeted.budget_ms = 120_000  # the next page must not depend on the machine's load
    letter = tmp_path / "surat.png"
    letter.write_bytes(png(a4(200, LETTER), 200))
    reading = read_path(letter, engine=budgeted)
    assert reading.readability == "" and reading.jenis == "surat_tugas"


class _ClockedApi:
    """A Tesseract handle whose recognition outcome is scripted (the real one cannot be made to
    be starved of CPU on demand): each call takes the deadline it is given and either succeeds,
    gives up without having run (a starved thread), or burns its whole deadline in this thread's
    CPU before giving up (a page that really costs that much)."""

    def __init__(self, outcomes: list[str]) -> None:
        self.outcomes = outcomes
        self.deadlines: list[int] = []

    def Recognize(self, timeout: int) -> bool:  # noqa: N802 - tesserocr's name
        self.deadlines.append(timeout)
        outcome = self.outcomes.pop(0)
        if outcome == "burn":
            start = time.thread_time()
            while (time.thread_time() - start) * 1000 < timeout:
                pass
        return outcome == "done"


def test_a_page_starved_of_cpu_gets_a_longer_deadline_a_costly_one_does_not() -> None:
    engine = TesseractEngine(page_budget_seconds=0.05)
    starved = _ClockedApi(["starved", "starved", "done"])
    assert engine._recognize(starved) is True
    assert starved.deadlines == [50, 100, 200]

    costly = _ClockedApi(["burn", "done"])
    assert engine._recognize(costly) is False
    assert costly.deadlines == [50]  # the page used its budget: not tried again

    hopeless = _ClockedApi(["starved", "starved", "starved", "done"])
    assert engine._recognize(hopeless) is False
    assert hopeless.deadlines == [50, 100, 200]  # retries are bounded


def test_a_file_that_is_no_pdf_or_image_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "rusak.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot a body\n%%EOF\n")
    with pytest.raises(ReadError):
        read_path(broken)
    other = tmp_path / "catatan.docx"
    other.write_bytes(b"PK\x03\x04" + b"\0" * 40)
    with pytest.raises(ReadError):
        read_path(other)


def test_a_blob_is_read_once_and_cached_by_hash(
    tmp_path: Path, corpus: tuple[Path, list[Label]], engine: CountingEngine
) -> None:
    directory, labels = corpus
    scan = next(lb for lb in labels if lb.scan and lb.file.endswith((".png", ".jpg")))
    with Vault(tmp_path / "vault.sqlite") as vault:
        info = vault.import_file(directory / scan.file)
        service = EvidenceReader(vault, engine)
        before = engine.calls
        first = service.read(info.sha256, info.media_type)
        used = engine.calls - before
        assert used >= 1
        again = service.read(info.sha256, info.media_type)
        assert engine.calls - before == used  # the second read came from the cache
        assert again == first
    with Vault(tmp_path / "vault.sqlite") as vault:  # and survives a restart
        assert EvidenceReader(vault, engine).cached(info.sha256) == first


def test_reading_prefills_only_empty_fields_and_marks_them(
    corpus: tuple[Path, list[Label]],
) -> None:
    directory, labels = corpus
    label = next(lb for lb in labels if lb.jenis == "perda" and not lb.scan)
    reading = read_path(directory / label.file)
    doc = EvidenceDocument(
        id="d",
        slot="16",
        sha256="a" * 64,
        media_type="application/pdf",
        file_name="perda_inovasi.pdf",
        tentang="perda inovasi",
        nomor="diketik petugas",
    )
    filled = fill_from_reading(doc, reading, label.innovation)
    assert filled.nomor == "diketik petugas"  # typed by the officer: untouched
    assert filled.jenis == "perda" and filled.tanggal == date.fromisoformat(label.tanggal)
    assert filled.tentang == reading.tentang  # the file name was only a placeholder
    assert filled.names_innovation is (label.name_page is not None)
    assert set(filled.prefilled) == {"jenis", "tanggal", "tentang", "names_innovation"}
    assert not needs_reading(filled) and needs_reading(doc)
    # A renamed innovation: the machine's answer about the name is asked again.
    renamed = fill_from_reading(filled, reading, "Nama Lain Sama Sekali")
    assert renamed.names_innovation is False and renamed.name_page is None
    # Confirmed by the officer: no longer marked, and the officer's answer stays.
    sure = confirmed(dataclasses.replace(filled, names_innovation=True, name_page=2))
    assert sure.prefilled == ()
    assert fill_from_reading(sure, reading, "Nama Lain Sama Sekali") == sure


def test_read_evidence_prints_one_json_line_per_file(
    corpus: tuple[Path, list[Label]], tmp_path: Path
) -> None:
    directory, labels = corpus
    label = next(lb for lb in labels if not lb.scan and lb.jenis == "sk_kepala_daerah")
    out = io.StringIO()
    status = cli.run([directory / label.file, tmp_path / "hilang.pdf"], label.innovation, out)
    first, missing = (json.loads(line) for line in out.getvalue().splitlines())
    assert status == 1
    assert first["jenis"] == "sk_kepala_daerah" and first["nomor"] == label.nomor
    assert first["tanggal"] == label.tanggal and first["tahun"] == label.tahun
    assert first["source"] == "text" and isinstance(first["seconds"], float)
    assert first["name_page"] == label.name_page
    assert missing["error"] == "not_found"


def test_the_command_line_runs_without_qt(corpus: tuple[Path, list[Label]]) -> None:
    directory, labels = corpus
    label = next(lb for lb in labels if not lb.scan)
    code = (
        "import sys; from desktop.app import main; rc = main(['--read-evidence', sys.argv[1]]);"
        "assert 'PySide6' not in sys.modules, 'Qt imported'; sys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(directory / label.file)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["jenis"] == label.jenis


def test_garbage_collection_forgets_the_reading_of_a_deleted_blob(
    tmp_path: Path, corpus: tuple[Path, list[Label]]
) -> None:
    directory, labels = corpus
    text_pdf = next(lb for lb in labels if not lb.scan)
    with Vault(tmp_path / "vault.sqlite") as vault:
        info = vault.import_file(directory / text_pdf.file)
        EvidenceReader(vault).read(info.sha256, info.media_type)
        assert EvidenceReader(vault).cached(info.sha256) is not None
        assert vault.collect_garbage(set(), lambda _sha: True, grace_seconds=0) == 1
        assert EvidenceReader(vault).cached(info.sha256) is None


@pytest.mark.slow
def test_a_stamp_over_the_on_behalf_line_is_read_through(
    tmp_path: Path, engine: CountingEngine
) -> None:
    """The bench corpus's scan 016: a Kepala Dinas decree signed "a.n. WALIKOTA PADANG" with
    the stamp over that line (the page's own read says "@ OTA RADANG"). The band between the
    signing date and the KEPALA line is read again, cut below the stamp's gray: on behalf.
    The plain decree scanned before it (015, stamped too) stays a plain one."""
    labels = {lb.file: lb for lb in build_corpus(tmp_path, count=17, seed=13)}
    stamped = read_path(tmp_path / "016-sk_kepala_pd_an.png", engine=engine)
    assert labels["016-sk_kepala_pd_an.png"].jenis == stamped.jenis == "sk_kepala_pd_an"
    assert "KEPALA DINAS" in stamped.pages[-1]
    plain = read_path(tmp_path / "015-sk_kepala_pd.jpg", engine=engine)
    assert labels["015-sk_kepala_pd.jpg"].jenis == plain.jenis == "sk_kepala_pd"
