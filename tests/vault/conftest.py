"""Fixtures of the vault tests: a fresh vault per test and one set of synthetic evidence files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.local.vault import Vault
from tests.vault import samples


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    v = Vault(tmp_path / "vault.sqlite")
    yield v
    v.close()


@pytest.fixture(scope="session")
def evidence(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every kind of file the checks must judge, built once per test session."""
    d = tmp_path_factory.mktemp("evidence")
    files: dict[str, Path] = {}
    files["scan_jpeg"] = samples.save_scan(d / "surat.jpg", stamp=True)
    files["scan_png"] = samples.save_scan(d / "daftar.png", "PNG", size=(620, 877))
    files["scanned_pdf"] = samples.scanned_pdf(d / "sk-bupati.pdf", pages=3)
    files["text_pdf"] = samples.text_pdf(d / "laporan.pdf")
    files["truncated_pdf"] = samples.truncated_copy(d / "terpotong.pdf", files["scanned_pdf"])
    files["encrypted_pdf"] = samples.encrypted_pdf(d / "terkunci.pdf", files["text_pdf"])
    jpeg_as_pdf = d / "foto-spanduk.pdf"
    jpeg_as_pdf.write_bytes(files["scan_jpeg"].read_bytes())
    files["jpeg_as_pdf"] = jpeg_as_pdf
    png_as_jpg = d / "tangkapan-layar.jpg"
    png_as_jpg.write_bytes(files["scan_png"].read_bytes())
    files["png_as_jpg"] = png_as_jpg
    files["empty"] = d / "kosong.pdf"
    files["empty"].write_bytes(b"")
    files["video_6min"] = samples.mp4_with_duration(d / "video-inovasi.mp4", 6 * 60)
    files["video_4min"] = samples.mp4_with_duration(d / "video-pendek.mov", 4 * 60, b"qt  ")
    truncated_video = d / "video-terpotong.mp4"
    truncated_video.write_bytes(files["video_4min"].read_bytes()[:-100])
    files["truncated_video"] = truncated_video
    files["tiff"] = samples.multipage_tiff(d / "pindaian.tif")
    files["webp"] = samples.webp_photo(d / "foto.webp")
    files["heic"] = samples.heic_photo(d / "foto-iphone.heic")
    not_evidence = d / "catatan.docx"
    not_evidence.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    files["zip"] = not_evidence
    broken_pdf = d / "rusak.pdf"
    broken_pdf.write_bytes(b"%PDF-1.7\n" + b"this is not a pdf body\n" * 20 + b"%%EOF\n")
    files["broken_pdf"] = broken_pdf
    truncated_jpeg = d / "foto-terpotong.jpg"
    truncated_jpeg.write_bytes(files["scan_jpeg"].read_bytes()[:-4000])
    files["truncated_jpeg"] = truncated_jpeg
    return files
