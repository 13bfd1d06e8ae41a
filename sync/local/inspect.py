"""Checks on evidence files before they enter the vault: real type, damage, size, video length.

Every refusal is a ``iid.findings.Finding`` (target ``"file"``) with a stable code and an
Indonesian + English message that says what to do. Nothing here modifies the user's file.

Codes: ``file.empty``, ``file.unreadable``, ``file.truncated``, ``file.damaged``,
``file.encrypted_pdf``, ``file.wrong_type``, ``file.convertible``, ``file.too_large``,
``file.name_mismatch`` (warning), ``video.too_long``, ``file.active_content`` (a PDF with
JavaScript, a launch action or embedded files; the server refuses those too).
"""

from __future__ import annotations

import os
import re
import struct
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from iid.findings import Finding, Severity

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
MP4 = "video/mp4"
MOV = "video/quicktime"
TIFF = "image/tiff"
WEBP = "image/webp"
HEIC = "image/heic"

STORED_AS_IS: frozenset[str] = frozenset({PDF, JPEG, PNG, MP4, MOV})
"""Types the vault keeps exactly as the user gave them."""
CONVERTIBLE: frozenset[str] = frozenset({TIFF, WEBP, HEIC})
"""Types scanners and phones produce that are offered for conversion to an accepted type."""
VIDEO_TYPES: frozenset[str] = frozenset({MP4, MOV})
IMAGE_TYPES: frozenset[str] = frozenset({JPEG, PNG, TIFF, WEBP, HEIC})

EXTENSIONS: dict[str, str] = {
    PDF: ".pdf",
    JPEG: ".jpg",
    PNG: ".png",
    MP4: ".mp4",
    MOV: ".mov",
    TIFF: ".tif",
    WEBP: ".webp",
    HEIC: ".heic",
}
_KNOWN_SUFFIXES: dict[str, str] = {
    ".pdf": PDF,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".jpe": JPEG,
    ".png": PNG,
    ".mp4": MP4,
    ".m4v": MP4,
    ".mov": MOV,
    ".qt": MOV,
    ".tif": TIFF,
    ".tiff": TIFF,
    ".webp": WEBP,
    ".heic": HEIC,
    ".heif": HEIC,
}
_LABELS: dict[str, str] = {
    PDF: "PDF",
    JPEG: "JPG",
    PNG: "PNG",
    MP4: "MP4",
    MOV: "MOV",
    TIFF: "TIFF",
    WEBP: "WEBP",
    HEIC: "HEIC",
}

_HEAD_BYTES = 4096
_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"}
_HEIF_GENERIC_BRANDS = {b"mif1", b"msf1"}
_QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}
_VIDEO_BRANDS = {
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1",
    b"M4V ", b"M4VH", b"M4VP", b"dash", b"3gp4", b"3gp5", b"3gp6", b"3g2a", b"MSNV", b"XAVC",
    b"f4v ", b"mmp4",
}  # fmt: skip


class SlotRules(Protocol):
    """What ``inspect_for_slot`` needs from ``iid.rules.RuleSet``."""

    max_file_bytes: int
    max_video_seconds: int

    def accepted_media_types(self, slot: str) -> frozenset[str]: ...


@dataclass(frozen=True)
class Inspection:
    """The verdict on one file: its real type, what is wrong with it and what the app can offer.

    ``accepted`` is true when no finding blocks the import. ``convert_to`` names the accepted
    media type a conversion (``sync.local.shrink.convert_to_accepted`` or
    ``shrink_images_to_pdf``) would produce; ``can_shrink`` says "Perkecil berkas" applies;
    ``suggest_link`` says the video is too long and a link should be used instead.
    ``suggested_name`` is the sanitized file name with the extension of the real type.
    """

    path: Path
    media_type: str | None
    size_bytes: int
    page_count: int | None
    duration_seconds: float | None
    findings: tuple[Finding, ...]
    convert_to: str | None
    suggested_name: str

    @property
    def accepted(self) -> bool:
        return not any(f.blocks_submit for f in self.findings)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.findings)

    @property
    def can_shrink(self) -> bool:
        return "file.too_large" in self.codes and self.media_type in (PDF, JPEG, PNG)

    @property
    def suggest_link(self) -> bool:
        return "video.too_long" in self.codes


# --- type sniffing -------------------------------------------------------------------------


def sniff_media_type(head: bytes) -> str | None:
    """The media type told by a file's first bytes (at least 32, ideally 4 KiB), or None."""
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return TIFF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp":
        return _sniff_ftyp(head)
    if head[4:8] in _QUICKTIME_ATOMS and len(head) >= 8:
        return MOV
    return None


def _sniff_ftyp(head: bytes) -> str | None:
    (box_size,) = struct.unpack(">I", head[:4])
    major = head[8:12]
    end = min(max(box_size, 16), len(head))
    brands = {major} | {head[i : i + 4] for i in range(16, end - 3, 4)}
    if major in _HEIC_BRANDS or (major in _HEIF_GENERIC_BRANDS and brands & _HEIC_BRANDS):
        return HEIC
    if major == b"qt  ":
        return MOV
    if major in (b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B "):
        return None  # audio only
    if brands & _VIDEO_BRANDS and not brands & {b"avif", b"avis"}:
        return MP4
    return None


def read_head(path: Path, size: int = _HEAD_BYTES) -> bytes:
    with path.open("rb") as f:
        return f.read(size)


# --- reading facts out of files ------------------------------------------------------------


class FileProblem(Exception):
    """A file that cannot be used as it is; ``code`` is one of the finding codes above."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code
        self.detail = detail


def pdf_page_count(path: Path) -> int:
    """Pages of a PDF; raises FileProblem (encrypted_pdf, damaged) when it cannot be opened."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            count = len(pdf.pages)
    except pikepdf.PasswordError as exc:
        raise FileProblem("file.encrypted_pdf", str(exc)) from exc
    except (pikepdf.PdfError, ValueError, RuntimeError) as exc:
        raise FileProblem("file.damaged", str(exc)) from exc
    if count < 1:
        raise FileProblem("file.damaged", "PDF has no pages")
    return count


ACTIVE_KINDS = ("javascript", "launch", "embedded_file")
"""Active PDF content, in the order messages name it: scripts (also an ``/OpenAction`` or a
link that runs one), actions that start a program, files embedded in the PDF."""


def pdf_active_content(path: Path) -> tuple[str, ...]:
    """The kinds of active content (``ACTIVE_KINDS``) anywhere in a PDF's objects, empty when
    none. Every object is looked at, referenced or not, so nothing hides in an orphan object;
    raises FileProblem when the PDF cannot be opened."""
    import pikepdf

    found: set[str] = set()

    def visit(obj: object, depth: int) -> None:
        if depth > 32:
            return
        if isinstance(obj, pikepdf.Stream):
            visit(obj.stream_dict, depth + 1)
            return
        if isinstance(obj, pikepdf.Dictionary):
            action = obj.get("/S")
            if action == pikepdf.Name.JavaScript or "/JS" in obj:
                found.add("javascript")
            if action == pikepdf.Name.Launch:
                found.add("launch")
            if (
                "/EF" in obj
                or obj.get("/Type") == pikepdf.Name.EmbeddedFile
                or obj.get("/Subtype") == pikepdf.Name.FileAttachment
            ):
                found.add("embedded_file")
            children: Any = obj.values()
        elif isinstance(obj, pikepdf.Array):
            children = obj
        else:
            return
        for child in children:
            if isinstance(child, pikepdf.Dictionary | pikepdf.Array) and not child.is_indirect:
                visit(child, depth + 1)

    try:
        with pikepdf.open(path) as pdf:
            for obj in pdf.objects:
                visit(obj, 0)
    except pikepdf.PasswordError as exc:
        raise FileProblem("file.encrypted_pdf", str(exc)) from exc
    except (pikepdf.PdfError, ValueError, RuntimeError) as exc:
        raise FileProblem("file.damaged", str(exc)) from exc
    return tuple(kind for kind in ACTIVE_KINDS if kind in found)


_ACTIVE_WORDS = {
    "javascript": (
        "JavaScript (skrip yang berjalan saat dibuka)",
        "JavaScript (a script that runs)",
    ),
    "launch": ("perintah menjalankan program", "an action that starts a program"),
    "embedded_file": ("berkas lain yang disisipkan", "embedded files"),
}


def active_content_words(kinds: tuple[str, ...]) -> tuple[str, str]:
    """What to tell the officer about ``pdf_active_content``: (Indonesian, English), naming
    what was found and what to do."""
    found_id = " dan ".join(_ACTIVE_WORDS[k][0] for k in kinds)
    found_en = " and ".join(_ACTIVE_WORDS[k][1] for k in kinds)
    return (
        f"PDF ini memuat {found_id}, yang dapat membahayakan komputer verifikator, sehingga "
        'tidak diterima sebagai bukti dukung. Buka PDF-nya lalu cetak ulang dengan "Cetak ke '
        'PDF" (Microsoft Print to PDF), atau pindai ulang dokumennya, lalu lampirkan hasilnya.',
        f"This PDF contains {found_en}, which can harm a verifier's computer, so it is not "
        'accepted as evidence. Open the PDF and print it again with "Print to PDF" (Microsoft '
        "Print to PDF), or scan the document again, then attach the result.",
    )


def _pdf_is_truncated(path: Path, size: int) -> bool:
    # A complete PDF ends with %%EOF (readers tolerate a little trailing junk after it).
    with path.open("rb") as f:
        f.seek(max(0, size - 2048))
        tail = f.read()
    return b"%%EOF" not in tail


def image_page_count(path: Path, media_type: str) -> int:
    """Frames of an image after fully decoding the first one; raises FileProblem when damaged."""
    from PIL import Image

    if media_type == HEIC:
        register_heif()
    try:
        with Image.open(path) as im:
            frames = int(getattr(im, "n_frames", 1))
            if media_type == JPEG:
                # Decoding at 1/8 scale still reads the whole entropy-coded stream.
                im.draft("L", (max(1, im.width // 8), max(1, im.height // 8)))
            im.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        message = str(exc)
        code = "file.truncated" if "truncated" in message.lower() else "file.damaged"
        raise FileProblem(code, message) from exc
    return frames


def _png_is_truncated(path: Path, size: int) -> bool:
    with path.open("rb") as f:
        f.seek(max(0, size - 12))
        return b"IEND" not in f.read()


def register_heif() -> None:
    """Teach Pillow to read HEIC/HEIF phone photos.

    Uses ``pi-heif``, the decode-only build of pillow-heif by the same maintainers: the app
    only reads HEIC (to convert it), and leaving out the HEVC encoder keeps the installed
    bundle about 22 MB smaller.
    """
    import pi_heif

    pi_heif.register_heif_opener()


def video_duration(path: Path) -> float:
    """A MP4/MOV's duration in seconds from the container's movie header (mutagen)."""
    from mutagen import MutagenError
    from mutagen.mp4 import Atoms  # type: ignore[attr-defined]

    size = path.stat().st_size
    _check_boxes_complete(path, size)
    try:
        with path.open("rb") as f:
            atoms = Atoms(f)
            mvhd = atoms.path(b"moov", b"mvhd")[-1]
            ok, data = mvhd.read(f)
        if ok and len(data) >= 20:
            version = data[0]
            if version == 1 and len(data) >= 32:
                timescale, duration = struct.unpack(">Iq", data[20:32])
            else:
                timescale, duration = struct.unpack(">II", data[12:20])
            if timescale > 0:
                return float(duration) / float(timescale)
        raise FileProblem("file.damaged", "movie header without a time scale")
    except (MutagenError, KeyError, struct.error, ValueError) as exc:
        raise FileProblem("file.damaged", f"no readable movie header: {exc}") from exc


def _check_boxes_complete(path: Path, size: int) -> None:
    """Walk the top-level ISO-BMFF boxes; a box running past the end means a cut-off file."""
    offset = 0
    with path.open("rb") as f:
        while offset < size:
            f.seek(offset)
            header = f.read(16)
            if len(header) < 8:
                raise FileProblem("file.truncated", "incomplete box header")
            (box_size,) = struct.unpack(">I", header[:4])
            if box_size == 1:
                if len(header) < 16:
                    raise FileProblem("file.truncated", "incomplete box header")
                (box_size,) = struct.unpack(">Q", header[8:16])
            elif box_size == 0:
                return  # the last box runs to the end of the file
            if box_size < 8:
                raise FileProblem("file.damaged", "invalid box size")
            if offset + box_size > size:
                raise FileProblem("file.truncated", "box runs past the end of the file")
            offset += box_size


def read_facts(path: Path, media_type: str, size: int) -> tuple[int | None, float | None]:
    """(page_count, duration_seconds) of a file of a known type; raises FileProblem."""
    if media_type == PDF:
        if _pdf_is_truncated(path, size):
            raise FileProblem("file.truncated", "no %%EOF at the end")
        return pdf_page_count(path), None
    if media_type in VIDEO_TYPES:
        return None, video_duration(path)
    if media_type == PNG and _png_is_truncated(path, size):
        raise FileProblem("file.truncated", "no IEND chunk at the end")
    return image_page_count(path, media_type), None


# --- names -----------------------------------------------------------------------------------

_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
_MAX_NAME = 120


def sanitize_file_name(name: str, media_type: str | None = None) -> str:
    """A safe file name: no folders, no control characters, legal on Windows, sensible extension.

    With ``media_type`` the extension is corrected to the real type (a JPEG called ``x.pdf``
    becomes ``x.jpg``). Never returns an empty name.
    """
    base = re.split(r"[/\\]", name)[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    base = _FORBIDDEN.sub("_", base)
    base = re.sub(r"\s+", " ", base).strip().lstrip(".").rstrip(". ")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = suffix.lower()
    stem = stem.strip().rstrip(". ") or "berkas"
    if _WINDOWS_RESERVED.match(stem):
        stem = "_" + stem
    ext = f".{suffix}" if suffix and len(suffix) <= 8 and suffix.isalnum() else ""
    if not ext and suffix:
        stem = f"{stem}_{suffix}"
    if media_type is not None:
        wanted = EXTENSIONS.get(media_type)
        if wanted and _KNOWN_SUFFIXES.get(ext) != media_type:
            ext = wanted
    stem = stem[: _MAX_NAME - len(ext)].rstrip(". ") or "berkas"
    return stem + ext


# --- messages --------------------------------------------------------------------------------


def _mb(n: int, comma: bool) -> str:
    text = f"{n / (1024 * 1024):.1f} MB"
    return text.replace(".", ",") if comma else text


def _minutes(seconds: float) -> str:
    total = int(round(seconds))
    return f"{total // 60}:{total % 60:02d}"


def _labels(types: frozenset[str]) -> str:
    names = sorted({_LABELS.get(t, t) for t in types})
    return ", ".join(names) if names else "-"


def _finding(code: str, message_id: str, message_en: str, *, warning: bool = False) -> Finding:
    severity = Severity.WARNING if warning else Severity.ERROR
    return Finding(code, severity, "file", message_id, message_en)


def _problem_finding(problem: FileProblem, media_type: str | None) -> Finding:
    kind = _LABELS.get(media_type or "", "")
    if problem.code == "file.truncated":
        return _finding(
            problem.code,
            f"Berkas {kind} terpotong (tidak lengkap); mungkin salinan atau unduhannya belum "
            "selesai. Salin atau unduh ulang berkas aslinya, lalu lampirkan lagi.",
            f"The {kind} file is cut off (incomplete); the copy or download probably did not "
            "finish. Copy or download the original again, then attach it again.",
        )
    if problem.code == "file.encrypted_pdf":
        return _finding(
            problem.code,
            "PDF ini dilindungi kata sandi sehingga tidak dapat diperiksa verifikator. Buka "
            "dengan kata sandinya, simpan ulang tanpa kata sandi (misalnya Cetak ke PDF), lalu "
            "lampirkan salinan itu.",
            "This PDF is password-protected, so verifiers cannot open it. Open it with its "
            "password, save it again without one (for example Print to PDF), then attach that "
            "copy.",
        )
    return _finding(
        "file.damaged",
        f"Berkas {kind} rusak dan tidak dapat dibuka. Coba buka di komputer Anda; bila gagal, "
        "pindai atau ekspor ulang dokumennya lalu lampirkan lagi.",
        f"The {kind} file is damaged and does not open. Try opening it on your computer; if that "
        "fails, scan or export the document again and attach the new file.",
    )


# --- the checks ----------------------------------------------------------------------------


def _conversion_target(media_type: str, accepted: frozenset[str], pages: int | None) -> str | None:
    """Which accepted type the app can turn this file into, if any."""
    if media_type not in IMAGE_TYPES:
        return None
    multi_page = (pages or 1) > 1
    if not multi_page:
        for target in (JPEG, PNG):
            if target in accepted and media_type in CONVERTIBLE:
                return target
    if PDF in accepted:
        return PDF
    return None


def inspect_file(
    path: Path, *, accepted: frozenset[str], max_bytes: int, max_video_seconds: int
) -> Inspection:
    """Check one file for a slot accepting ``accepted`` media types; never modifies it.

    The type comes from the bytes, not the name. ``max_bytes`` applies to documents and images
    (a video is limited by ``max_video_seconds`` instead; a longer one should be a link).
    """
    path = Path(path)
    findings: list[Finding] = []
    name = sanitize_file_name(path.name)

    def result(
        media: str | None = None,
        size: int = 0,
        pages: int | None = None,
        duration: float | None = None,
        convert_to: str | None = None,
    ) -> Inspection:
        suggested = sanitize_file_name(path.name, media) if media else name
        return Inspection(path, media, size, pages, duration, tuple(findings), convert_to,
                          suggested)  # fmt: skip

    try:
        size = os.stat(path).st_size
        head = read_head(path) if size else b""
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        findings.append(
            _finding(
                "file.unreadable",
                f"Berkas tidak dapat dibaca ({reason}). Pastikan berkas masih ada, tidak sedang "
                "dibuka program lain dan Anda berhak membacanya, lalu coba lagi.",
                f"The file cannot be read ({reason}). Make sure it still exists, is not open in "
                "another program and you may read it, then try again.",
            )
        )
        return result()
    if size == 0:
        findings.append(
            _finding(
                "file.empty",
                "Berkas kosong (0 byte). Pilih berkas yang benar, atau pindai ulang dokumennya.",
                "The file is empty (0 bytes). Choose the right file, or scan the document again.",
            )
        )
        return result()

    media = sniff_media_type(head)
    if media is None:
        findings.append(
            _finding(
                "file.wrong_type",
                "Jenis berkas ini tidak dikenali atau tidak diterima sebagai bukti dukung. "
                f"Yang diterima di sini: {_labels(accepted)}. Simpan atau ekspor dokumennya "
                "sebagai salah satu jenis itu, lalu lampirkan lagi.",
                "This kind of file is not recognised or not accepted as evidence. Accepted "
                f"here: {_labels(accepted)}. Save or export the document as one of those, then "
                "attach it again.",
            )
        )
        return result(size=size)

    claimed = _KNOWN_SUFFIXES.get(path.suffix.lower())
    if claimed is not None and claimed != media:
        findings.append(
            _finding(
                "file.name_mismatch",
                f"Nama berkas berakhiran {path.suffix}, tetapi isinya {_LABELS[media]}. Berkas "
                f"akan disimpan sebagai {_LABELS[media]} dengan nama yang benar.",
                f"The file name ends in {path.suffix}, but it contains {_LABELS[media]}. It "
                f"will be kept as {_LABELS[media]} under a corrected name.",
                warning=True,
            )
        )

    try:
        pages, duration = read_facts(path, media, size)
    except FileProblem as problem:
        findings.append(_problem_finding(problem, media))
        return result(media, size)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        findings.append(
            _finding(
                "file.unreadable",
                f"Berkas tidak dapat dibaca sampai selesai ({reason}). Salin berkasnya ke "
                "komputer ini, lalu coba lagi.",
                f"The file could not be read to the end ({reason}). Copy it to this computer, "
                "then try again.",
            )
        )
        return result(media, size)

    if media == PDF:
        try:
            active = pdf_active_content(path)
        except FileProblem as problem:
            findings.append(_problem_finding(problem, media))
            return result(media, size)
        if active:
            message_id, message_en = active_content_words(active)
            findings.append(_finding("file.active_content", message_id, message_en))
            return result(media, size, pages)

    convert_to: str | None = None
    if media not in accepted or media in CONVERTIBLE:
        convert_to = _conversion_target(media, accepted, pages)
        if convert_to is not None:
            findings.append(
                _finding(
                    "file.convertible",
                    f"Berkas {_LABELS[media]} belum diterima apa adanya di sini. Inovasi Desk "
                    f"dapat membuat salinan {_LABELS[convert_to]} di samping berkas asli: pilih "
                    '"Ubah", lalu lampirkan salinannya.',
                    f"A {_LABELS[media]} file is not accepted here as it is. Inovasi Desk can "
                    f'make a {_LABELS[convert_to]} copy beside the original: choose "Convert", '
                    "then attach the copy.",
                )
            )
        else:
            findings.append(
                _finding(
                    "file.wrong_type",
                    f"Berkas {_LABELS[media]} tidak diterima untuk bukti ini. Yang diterima: "
                    f"{_labels(accepted)}. Simpan atau ekspor dokumennya sebagai salah satu jenis "
                    "itu, lalu lampirkan lagi.",
                    f"A {_LABELS[media]} file is not accepted for this evidence. Accepted: "
                    f"{_labels(accepted)}. Save or export the document as one of those, then "
                    "attach it again.",
                )
            )

    if media in VIDEO_TYPES:
        if duration is not None and duration > max_video_seconds:
            findings.append(
                _finding(
                    "video.too_long",
                    f"Durasi video {_minutes(duration)} melebihi batas "
                    f"{_minutes(max_video_seconds)} menit. Potong videonya menjadi paling lama "
                    f"{_minutes(max_video_seconds)} menit, atau unggah ke YouTube atau Google "
                    "Drive dan isikan tautannya.",
                    f"The video runs {_minutes(duration)}, over the {_minutes(max_video_seconds)} "
                    "minute limit. Cut it to at most that length, or upload it to YouTube or "
                    "Google Drive and enter the link instead.",
                )
            )
    elif size > max_bytes:
        findings.append(
            _finding(
                "file.too_large",
                f"Ukuran berkas {_mb(size, True)} melebihi batas {_mb(max_bytes, True)}. Gunakan "
                '"Perkecil berkas" untuk membuat salinan yang lebih kecil di samping berkas '
                "asli, lalu lampirkan salinannya.",
                f"The file is {_mb(size, False)}, over the {_mb(max_bytes, False)} limit. Use "
                '"Shrink file" to make a smaller copy beside the original, then attach the copy.',
            )
        )
    return result(media, size, pages, duration, convert_to)


def inspect_for_slot(path: Path, rules: SlotRules, slot: str) -> Inspection:
    """``inspect_file`` with the slot's accepted types and the rule year's limits."""
    return inspect_file(
        path,
        accepted=frozenset(rules.accepted_media_types(slot)),
        max_bytes=rules.max_file_bytes,
        max_video_seconds=rules.max_video_seconds,
    )
