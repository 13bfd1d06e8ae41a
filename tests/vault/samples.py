"""Builders of synthetic evidence files for the vault tests and benches (nothing is downloaded).

Scans are made with Pillow: text on noisy paper, optionally with a colour stamp, the way a phone
photo or a scanner sees a letter. PDFs come from img2pdf (scans) and fpdf2 (real text).
"""

from __future__ import annotations

import io
import random
import sqlite3
import struct
from pathlib import Path

import img2pdf
import pikepdf
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFilter, ImageFont

WORDS = [
    "surat",
    "keputusan",
    "bupati",
    "tentang",
    "penetapan",
    "inovasi",
    "daerah",
    "pelayanan",
    "publik",
    "dinas",
    "kesehatan",
    "kabupaten",
    "tahun",
    "anggaran",
    "rencana",
    "kerja",
    "pemerintah",
    "daerah",
    "nomor",
    "tanggal",
    "menimbang",
    "mengingat",
    "memutuskan",
    "menetapkan",
    "kesatu",
    "kedua",
    "ketiga",
    "pelaksanaan",
    "evaluasi",
    "masyarakat",
]


def paper_scan(
    size: tuple[int, int] = (1240, 1754),
    *,
    seed: int = 0,
    stamp: bool = False,
    noise: float = 18.0,
) -> Image.Image:
    """An RGB page: slightly tinted noisy paper, lines of black text, optional red/blue stamp."""
    rng = random.Random(seed)
    width, height = size
    grain = Image.effect_noise(size, noise).point(lambda v: int(228 + (v - 128) * 0.35))
    paper = Image.merge("RGB", (grain, grain.point(lambda v: v - 3), grain.point(lambda v: v - 8)))
    draw = ImageDraw.Draw(paper)
    font_px = max(12, width // 55)
    font = ImageFont.load_default(size=font_px)
    margin = width // 10
    y = height // 12
    draw.text((margin, y), "PEMERINTAH KABUPATEN CONTOH", fill=(20, 20, 20), font=font)
    y += int(font_px * 2.5)
    while y < height - height // 8:
        x = margin
        line: list[str] = []
        while x < width - margin * 2:
            word = rng.choice(WORDS)
            line.append(word)
            x += int(font_px * 0.6 * (len(word) + 1))
        draw.text((margin, y), " ".join(line), fill=(25, 25, 28), font=font)
        y += int(font_px * 1.6)
    if stamp:
        r = width // 9
        cx, cy = width - margin - r, height - height // 6
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(200, 30, 40), width=max(3, r // 12))
        draw.text((cx - r // 2, cy - font_px // 2), "CAP DINAS", fill=(40, 60, 190), font=font)
    return paper.filter(ImageFilter.GaussianBlur(0.6))


def save_scan(path: Path, fmt: str = "JPEG", **kwargs: object) -> Path:
    image = paper_scan(**kwargs)  # type: ignore[arg-type]
    if fmt == "JPEG":
        image.save(path, "JPEG", quality=92, dpi=(300, 300))
    else:
        image.save(path, fmt)
    return path


def scanned_pdf(path: Path, pages: int = 3, size: tuple[int, int] = (1240, 1754),
                quality: int = 90, dpi: int = 150) -> Path:  # fmt: skip
    """A multi-page PDF of JPEG page scans, as scanners produce (no text layer)."""
    jpegs = []
    for i in range(pages):
        buf = io.BytesIO()
        paper_scan(size, seed=i, stamp=(i == 0)).save(buf, "JPEG", quality=quality, dpi=(dpi, dpi))
        jpegs.append(buf.getvalue())
    path.write_bytes(img2pdf.convert(jpegs))
    return path


def text_pdf(path: Path, pages: int = 2, photo_px: tuple[int, int] | None = None) -> Path:
    """A PDF with real (extractable) text; optionally with a big noisy colour photo per page."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for page in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 6, f"Laporan inovasi daerah halaman {page + 1}. " + " ".join(WORDS))
        if photo_px is not None:
            photo = Image.effect_noise(photo_px, 60).convert("RGB")
            tint = Image.new("RGB", photo_px, (180, 90, 40))
            photo = Image.blend(photo, tint, 0.4)
            buf = io.BytesIO()
            photo.save(buf, "PNG")
            buf.seek(0)
            pdf.image(buf, x=20, y=80, w=170)
    pdf.output(str(path))
    return path


def encrypted_pdf(path: Path, source: Path) -> Path:
    with pikepdf.open(source) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user="rahasia", owner="pemilik"))
    return path


def truncated_copy(path: Path, source: Path, keep: float = 0.6) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def mp4_with_duration(path: Path, seconds: float, brand: bytes = b"isom") -> Path:
    """A tiny ISO-BMFF file: ftyp, a moov with a version-0 mvhd of the given duration, an mdat."""
    timescale = 1000
    mvhd = (
        b"\x00\x00\x00\x00"  # version 0, flags
        + struct.pack(">IIII", 0, 0, timescale, int(seconds * timescale))
        + struct.pack(">IH", 0x00010000, 0x0100)
        + b"\x00" * 10
        + struct.pack(">9I", 0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000)
        + b"\x00" * 24
        + struct.pack(">I", 2)
    )
    ftyp = _box(b"ftyp", brand + b"\x00\x00\x02\x00" + brand + b"mp41")
    data = ftyp + _box(b"moov", _box(b"mvhd", mvhd)) + _box(b"mdat", b"\x00" * 512)
    path.write_bytes(data)
    return path


def multipage_tiff(path: Path, pages: int = 3) -> Path:
    frames = [paper_scan((620, 877), seed=i).convert("L") for i in range(pages)]
    frames[0].save(path, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_lzw")
    return path


def webp_photo(path: Path) -> Path:
    paper_scan((620, 877), stamp=True).save(path, "WEBP", quality=80)
    return path


def heic_photo(path: Path) -> Path:
    import pillow_heif

    pillow_heif.register_heif_opener()
    paper_scan((620, 877), stamp=True).save(path, "HEIF", quality=70)
    return path


def random_file(path: Path, size: int, seed: int = 0) -> Path:
    """``size`` pseudo-random bytes written in 1 MiB pieces (never all in memory)."""
    rng = random.Random(seed)
    with path.open("wb") as out:
        left = size
        while left:
            n = min(left, 1024 * 1024)
            out.write(rng.randbytes(n))
            left -= n
    return path


def flip_stored_byte(vault_file: Path, sha256: str, seq: int = 1, at: int = 1000) -> None:
    """Change one byte of one stored chunk of a blob in ``vault.sqlite`` (same length): what a
    bad sector does to a file the vault holds."""
    with sqlite3.connect(vault_file) as con:
        blob_id, data = con.execute(
            "SELECT c.blob_id, c.data FROM chunks c JOIN blobs b ON b.id = c.blob_id "
            "WHERE b.sha256 = ? AND c.seq = ?",
            (sha256, seq),
        ).fetchone()
        bad = bytearray(data)
        bad[at] ^= 0x01
        con.execute(
            "UPDATE chunks SET data = ? WHERE blob_id = ? AND seq = ?", (bytes(bad), blob_id, seq)
        )
