"""Each kind of incoming file gets the right verdict, code and an actionable Indonesian message."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from sync.local.inspect import (
    HEIC,
    JPEG,
    MOV,
    MP4,
    PDF,
    PNG,
    TIFF,
    WEBP,
    Inspection,
    inspect_file,
    inspect_for_slot,
    sanitize_file_name,
    sniff_media_type,
)

MB = 1024 * 1024
PDF_ONLY = frozenset({PDF})
PDF_OR_IMAGE = frozenset({PDF, JPEG, PNG})
IMAGE_ONLY = frozenset({JPEG, PNG})
VIDEO = frozenset({MP4, MOV})


def check(path: Path, accepted: frozenset[str] = PDF_OR_IMAGE, max_bytes: int = 2 * MB,
          max_video_seconds: int = 300) -> Inspection:  # fmt: skip
    before = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    result = inspect_file(
        path, accepted=accepted, max_bytes=max_bytes, max_video_seconds=max_video_seconds
    )
    if before is not None:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before, "inspection changed file"
    return result


def only_error(result: Inspection) -> str:
    errors = [f for f in result.findings if f.blocks_submit]
    assert len(errors) == 1, result.findings
    assert errors[0].target == "file"
    assert errors[0].message_id and errors[0].message_en
    return errors[0].code


def test_scanned_jpeg_with_stamp_is_accepted_as_is(evidence: dict[str, Path]) -> None:
    result = check(evidence["scan_jpeg"])
    assert result.accepted and result.findings == ()
    assert result.media_type == JPEG and result.page_count == 1
    assert result.suggested_name == "surat.jpg"


def test_multipage_scanned_pdf_is_accepted_with_its_page_count(evidence: dict[str, Path]) -> None:
    result = check(evidence["scanned_pdf"], PDF_ONLY)
    assert result.accepted and result.media_type == PDF and result.page_count == 3


def test_pdf_with_text_is_accepted(evidence: dict[str, Path]) -> None:
    result = check(evidence["text_pdf"], PDF_ONLY)
    assert result.accepted and result.page_count == 2


def test_truncated_pdf_is_refused_and_told_to_copy_again(evidence: dict[str, Path]) -> None:
    result = check(evidence["truncated_pdf"])
    assert only_error(result) == "file.truncated"
    assert "terpotong" in result.findings[0].message_id
    assert "unduh ulang" in result.findings[0].message_id


def test_encrypted_pdf_is_refused_with_how_to_remove_the_password(
    evidence: dict[str, Path],
) -> None:
    result = check(evidence["encrypted_pdf"])
    assert only_error(result) == "file.encrypted_pdf"
    assert "kata sandi" in result.findings[0].message_id
    assert "without" in result.findings[0].message_en


def test_pdf_that_does_not_open_is_refused_as_damaged(evidence: dict[str, Path]) -> None:
    result = check(evidence["broken_pdf"])
    assert only_error(result) == "file.damaged"
    assert "rusak" in result.findings[0].message_id


def test_truncated_jpeg_is_refused(evidence: dict[str, Path]) -> None:
    assert only_error(check(evidence["truncated_jpeg"])) == "file.truncated"


def test_jpeg_named_pdf_is_judged_by_its_bytes(evidence: dict[str, Path]) -> None:
    accepted_as_image = check(evidence["jpeg_as_pdf"], PDF_OR_IMAGE)
    assert accepted_as_image.accepted and accepted_as_image.media_type == JPEG
    assert accepted_as_image.codes == ("file.name_mismatch",)
    assert accepted_as_image.suggested_name == "foto-spanduk.jpg"

    pdf_slot = check(evidence["jpeg_as_pdf"], PDF_ONLY)
    assert only_error(pdf_slot) == "file.convertible"
    assert pdf_slot.convert_to == PDF
    assert "Ubah" in next(f for f in pdf_slot.findings if f.code == "file.convertible").message_id


def test_png_named_jpg_is_a_png(evidence: dict[str, Path]) -> None:
    result = check(evidence["png_as_jpg"], IMAGE_ONLY)
    assert result.accepted and result.media_type == PNG
    assert result.suggested_name == "tangkapan-layar.png"
    assert "file.name_mismatch" in result.codes


def test_zero_byte_file_is_refused_as_empty(evidence: dict[str, Path]) -> None:
    result = check(evidence["empty"])
    assert only_error(result) == "file.empty"
    assert "pindai ulang" in result.findings[0].message_id


def test_six_minute_video_is_refused_and_a_link_suggested(evidence: dict[str, Path]) -> None:
    result = check(evidence["video_6min"], VIDEO, max_bytes=1)
    assert only_error(result) == "video.too_long"
    assert result.duration_seconds == pytest.approx(360.0)
    assert result.suggest_link
    message = result.findings[0].message_id
    assert "6:00" in message and "5:00" in message and "tautan" in message


def test_four_minute_mov_is_accepted(evidence: dict[str, Path]) -> None:
    result = check(evidence["video_4min"], VIDEO)
    assert result.accepted and result.media_type == MOV
    assert result.duration_seconds == pytest.approx(240.0)


def test_truncated_video_is_refused(evidence: dict[str, Path]) -> None:
    assert only_error(check(evidence["truncated_video"], VIDEO)) == "file.truncated"


def test_video_into_a_pdf_slot_is_the_wrong_type(evidence: dict[str, Path]) -> None:
    result = check(evidence["video_4min"], PDF_ONLY)
    assert only_error(result) == "file.wrong_type"
    assert "PDF" in result.findings[0].message_id


def test_file_over_the_limit_suggests_shrinking(evidence: dict[str, Path]) -> None:
    size = evidence["scanned_pdf"].stat().st_size
    result = check(evidence["scanned_pdf"], PDF_ONLY, max_bytes=size - 1)
    assert only_error(result) == "file.too_large"
    assert result.can_shrink
    assert "Perkecil berkas" in result.findings[0].message_id
    assert "Shrink file" in result.findings[0].message_en


@pytest.mark.parametrize(
    ("key", "media_type", "accepted", "target"),
    [
        ("tiff", TIFF, PDF_OR_IMAGE, PDF),  # three pages: only a PDF can hold them
        ("webp", WEBP, PDF_OR_IMAGE, JPEG),
        ("webp", WEBP, PDF_ONLY, PDF),
        ("heic", HEIC, IMAGE_ONLY, JPEG),
    ],
)
def test_scanner_and_phone_formats_are_offered_for_conversion(
    evidence: dict[str, Path], key: str, media_type: str, accepted: frozenset[str], target: str
) -> None:
    result = check(evidence[key], accepted)
    assert result.media_type == media_type
    assert only_error(result) == "file.convertible"
    assert result.convert_to == target


def test_multipage_tiff_into_an_image_only_slot_cannot_be_converted(
    evidence: dict[str, Path],
) -> None:
    result = check(evidence["tiff"], IMAGE_ONLY)
    assert result.page_count == 3
    assert only_error(result) == "file.wrong_type"


def test_unknown_file_is_refused_with_the_accepted_kinds(evidence: dict[str, Path]) -> None:
    result = check(evidence["zip"])
    assert only_error(result) == "file.wrong_type"
    assert "JPG, PDF, PNG" in result.findings[0].message_id


def test_missing_or_unreadable_file_is_refused(tmp_path: Path) -> None:
    assert only_error(check(tmp_path / "hilang.pdf")) == "file.unreadable"
    assert only_error(check(tmp_path)) == "file.unreadable"


class FakeRules:
    """The three names ``iid.rules.RuleSet`` offers to the checks."""

    max_file_bytes = 2 * MB
    max_video_seconds = 300

    def accepted_media_types(self, slot: str) -> frozenset[str]:
        return VIDEO if slot == "video" else PDF_ONLY


def test_inspect_for_slot_uses_the_rule_sets_types_and_limits(evidence: dict[str, Path]) -> None:
    assert inspect_for_slot(evidence["video_6min"], FakeRules(), "video").codes == (
        "video.too_long",
    )
    assert inspect_for_slot(evidence["scan_png"], FakeRules(), "anggaran").convert_to == PDF


@pytest.mark.parametrize(
    ("raw", "media_type", "expected"),
    [
        ("../../etc/pass\x00wd\n.pdf", None, "passwd.pdf"),
        ("..\\..\\Windows\\system32\\scan 1.PDF", None, "scan 1.pdf"),
        ("C:\\Users\\dinas\\foto.jpg", None, "foto.jpg"),
        ("surat\u202e.fdp.exe", None, "surat.fdp.exe"),
        ("  ..hidden.pdf  ", None, "hidden.pdf"),
        ("CON.pdf", None, "_CON.pdf"),
        ('a<b>c:d"e|f?g*.png', None, "a_b_c_d_e_f_g_.png"),
        ("../..", None, "berkas"),
        ("", None, "berkas"),
        ("laporan.pdf", JPEG, "laporan.jpg"),
        ("foto.JPEG", JPEG, "foto.jpeg"),
        ("tanpa-akhiran", PDF, "tanpa-akhiran.pdf"),
    ],
)
def test_sanitize_file_name_strips_paths_and_control_characters(
    raw: str, media_type: str | None, expected: str
) -> None:
    assert sanitize_file_name(raw, media_type) == expected


def test_sanitize_file_name_limits_length_and_keeps_extension() -> None:
    name = sanitize_file_name("x" * 500 + ".pdf")
    assert len(name) <= 120 and name.endswith(".pdf")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.4\n", PDF),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", JPEG),
        (b"\x89PNG\r\n\x1a\n\x00", PNG),
        (b"II*\x00\x08\x00\x00\x00", TIFF),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", WEBP),
        (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom", MP4),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  ", MOV),
        (b"\x00\x00\x00\x1cftypmif1\x00\x00\x00\x00mif1heicmiaf", HEIC),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf", None),
        (b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00M4A isom", None),
        (b"PK\x03\x04", None),
        (b"hello", None),
    ],
)
def test_sniffing_reads_the_bytes(head: bytes, expected: str | None) -> None:
    assert sniff_media_type(head) == expected


@pytest.mark.parametrize(
    ("kind", "named"),
    [
        ("javascript", "JavaScript"),
        ("annotation_js", "JavaScript"),
        ("launch", "menjalankan program"),
        ("embedded", "disisipkan"),
    ],
)
def test_pdf_with_active_content_is_refused_naming_what_it_holds(
    tmp_path: Path, kind: str, named: str
) -> None:
    from tests.files import hostile_pdf

    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(hostile_pdf(kind))
    result = check(path, PDF_ONLY)
    assert only_error(result) == "file.active_content"
    finding = next(f for f in result.findings if f.code == "file.active_content")
    assert named in finding.message_id
    assert "Cetak ke PDF" in finding.message_id and "Print to PDF" in finding.message_en
    assert not result.accepted


def test_a_clean_pdf_has_no_active_content(evidence: dict[str, Path]) -> None:
    from sync.local.inspect import pdf_active_content

    assert pdf_active_content(evidence["scanned_pdf"]) == ()
    assert pdf_active_content(evidence["text_pdf"]) == ()
