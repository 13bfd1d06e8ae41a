"""'Perkecil berkas' makes a new, smaller, legible file beside the original and reports it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from sync.local.inspect import JPEG, PDF, inspect_file
from sync.local.shrink import (
    ShrinkError,
    convert_to_accepted,
    output_path_beside,
    pdf_has_text,
    shrink_images_to_pdf,
    shrink_pdf,
)
from tests.vault import samples

KB = 1024
MB = 1024 * 1024


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def page_sizes_inches(path: Path) -> list[tuple[float, float]]:
    pdf = pdfium.PdfDocument(path)
    try:
        return [(w / 72, h / 72) for w, h in (pdf[i].get_size() for i in range(len(pdf)))]
    finally:
        pdf.close()


def image_colour_spaces(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [
            str(obj.get("/ColorSpace"))
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        ]


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(path)
    try:
        return "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def phone_photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("photos") / "foto-halaman.jpg"
    samples.paper_scan((2250, 3000), seed=4).save(path, "JPEG", quality=92)
    return path


def test_phone_photo_becomes_a_gray_a4_pdf_at_150_dpi_beside_it(phone_photo: Path) -> None:
    before = digest(phone_photo)
    result = shrink_images_to_pdf([phone_photo])
    assert result.path == phone_photo.with_name("foto-halaman-kecil.pdf")
    assert result.path.exists() and digest(phone_photo) == before
    assert (result.page_count, result.dpi, result.grayscale_pages) == (1, 150, 1)
    assert result.size_bytes == result.path.stat().st_size < phone_photo.stat().st_size / 4
    ((width, height),) = page_sizes_inches(result.path)
    assert height == pytest.approx(11.69, abs=0.05)
    assert image_colour_spaces(result.path) == ["/DeviceGray"]
    assert inspect_file(result.path, accepted=frozenset({PDF}), max_bytes=2 * MB,
                        max_video_seconds=300).accepted  # fmt: skip
    # A second shrink never overwrites the first.
    assert shrink_images_to_pdf([phone_photo]).path.name == "foto-halaman-kecil-2.pdf"


def test_page_with_colour_stamp_stays_in_colour(tmp_path: Path) -> None:
    photo = samples.save_scan(tmp_path / "stempel.jpg", stamp=True, size=(900, 1270))
    result = shrink_images_to_pdf([photo], tmp_path / "out.pdf")
    assert result.grayscale_pages == 0
    assert image_colour_spaces(result.path) == ["/DeviceRGB"]


def test_several_photos_merge_into_one_pdf_in_the_given_order(tmp_path: Path) -> None:
    portrait = samples.save_scan(tmp_path / "p.jpg", size=(600, 850), seed=1)
    landscape = samples.save_scan(tmp_path / "l.png", "PNG", size=(850, 600), seed=2)
    result = shrink_images_to_pdf([landscape, portrait, landscape], tmp_path / "gabung.pdf")
    assert result.page_count == 3
    shapes = [w > h for w, h in page_sizes_inches(result.path)]
    assert shapes == [True, False, True]


def test_size_target_steps_down_to_black_and_white_text_pages(tmp_path: Path) -> None:
    photos = [samples.save_scan(tmp_path / f"h{i}.jpg", size=(1240, 1754), seed=i)
              for i in range(3)]  # fmt: skip
    plain = shrink_images_to_pdf(photos, tmp_path / "plain.pdf")
    target = plain.size_bytes // 2
    small = shrink_images_to_pdf(photos, tmp_path / "small.pdf", target_bytes=target)
    assert small.size_bytes <= target
    assert small.bilevel_pages == 3


def test_scanned_pdf_over_the_limit_is_rendered_again_smaller(tmp_path: Path) -> None:
    src = samples.scanned_pdf(tmp_path / "sk.pdf", pages=3, size=(1654, 2339), quality=95,
                              dpi=200)  # fmt: skip
    assert not pdf_has_text(src)
    target = src.stat().st_size // 3
    result = shrink_pdf(src, tmp_path / "sk-kecil.pdf", target)
    assert result.mode == "rendered" and not result.kept_text
    assert result.page_count == 3 and result.size_bytes <= target
    assert result.dpi <= 150
    sizes = page_sizes_inches(result.path)
    assert sizes == [pytest.approx(s, abs=0.02) for s in page_sizes_inches(src)]


def test_pdf_with_text_keeps_its_text_and_shrinks_its_images(tmp_path: Path) -> None:
    src = samples.text_pdf(tmp_path / "laporan.pdf", pages=2, photo_px=(1600, 1100))
    assert pdf_has_text(src)
    result = shrink_pdf(src, tmp_path / "laporan-kecil.pdf", 100 * KB)
    assert result.mode == "images_recompressed" and result.kept_text
    assert result.size_bytes < src.stat().st_size / 2
    assert pdf_text(result.path) == pdf_text(src)
    assert "Laporan inovasi daerah halaman 2" in pdf_text(result.path)


@pytest.mark.parametrize(("key", "target", "pages"), [
    ("tiff", PDF, 3),
    ("webp", JPEG, 1),
    ("heic", JPEG, 1),
    ("heic", PDF, 1),
])  # fmt: skip
def test_convertible_formats_become_an_accepted_type(
    evidence: dict[str, Path], tmp_path: Path, key: str, target: str, pages: int
) -> None:
    ext = ".pdf" if target == PDF else ".jpg"
    result = convert_to_accepted(evidence[key], tmp_path / f"out{ext}", target)
    assert (result.media_type, result.page_count, result.mode) == (target, pages, "converted")
    verdict = inspect_file(result.path, accepted=frozenset({PDF, JPEG}), max_bytes=2 * MB,
                           max_video_seconds=300)  # fmt: skip
    assert verdict.accepted and verdict.media_type == target


def test_multipage_tiff_defaults_to_pdf(evidence: dict[str, Path], tmp_path: Path) -> None:
    result = convert_to_accepted(evidence["tiff"], tmp_path / "t.pdf")
    assert result.media_type == PDF and result.page_count == 3


def test_the_original_is_never_overwritten(evidence: dict[str, Path], tmp_path: Path) -> None:
    src = evidence["scanned_pdf"]
    before = digest(src)
    with pytest.raises(ShrinkError):
        shrink_pdf(src, src, 1)
    out = tmp_path / "out"
    out.mkdir()
    existing = out / "ada.pdf"
    existing.write_bytes(b"keep me")
    with pytest.raises(FileExistsError):
        shrink_pdf(src, existing, 1)
    assert existing.read_bytes() == b"keep me" and digest(src) == before
    assert sorted(p.name for p in out.iterdir()) == ["ada.pdf"]


def test_pdf_that_does_not_open_cannot_be_shrunk(evidence: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(ShrinkError):
        shrink_pdf(evidence["encrypted_pdf"], tmp_path / "x.pdf", MB)
    assert not (tmp_path / "x.pdf").exists()


def test_non_images_are_not_turned_into_pdfs(evidence: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(ShrinkError):
        shrink_images_to_pdf([evidence["text_pdf"]], tmp_path / "x.pdf")


def test_output_path_beside_sanitizes_and_counts(tmp_path: Path) -> None:
    original = tmp_path / "Surat\x07 Tugas.jpg"
    assert output_path_beside(original) == tmp_path / "Surat Tugas-kecil.pdf"
