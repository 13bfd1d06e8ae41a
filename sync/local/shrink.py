"""'Perkecil berkas': offline shrinking and conversion of evidence into small, legible PDFs/images.

Photos and scans become a PDF at about 150 dpi (grayscale when the page has no colour, paper
whitened so it compresses), several page photos merge into one PDF in the order given, a scanned
PDF is re-rendered page by page (pypdfium2) and re-encoded, and a PDF with real text keeps its
text and only has its images recompressed (pikepdf). TIFF, WEBP and HEIC convert to an accepted
type. Libraries do the PDF work (Pillow, img2pdf, pypdfium2, pikepdf); nothing here writes PDF
syntax by hand.

The result is always a NEW file (written to a temporary name, then renamed), never the
original, with a ``ShrinkResult`` saying its page count, size and resolution so the user can
judge it. These functions are slow-ish and meant for a background lane; PDFium is not
thread-safe, so every use of it in this project holds ``PDFIUM_LOCK``.
"""

from __future__ import annotations

import dataclasses
import io
import os
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import img2pdf
from PIL import Image, ImageChops, ImageOps

from sync.local import inspect as file_inspect

PDFIUM_LOCK = threading.RLock()
"""Held around every PDFium call: the library must not be entered from two threads at once."""

DEFAULT_DPI = 150
A4_LONG_INCHES = 297 / 25.4
A4_SHORT_INCHES = 210 / 25.4
_MAX_PAGE_LONG_INCHES = 17.0  # A3 and a margin: a larger "physical" size means a bogus dpi
_JPEG_QUALITY = 60
_TEXT_CHARS_PER_PAGE = 20


class ShrinkError(Exception):
    """The file could not be shrunk or converted; the message says why and what to do."""


@dataclass(frozen=True)
class ShrinkResult:
    """The new file and what the user needs to judge it.

    ``dpi`` is the resolution of the page images (for a text PDF: the cap applied to its
    images); ``mode`` is ``"images"`` (photos to PDF), ``"rendered"`` (scanned PDF re-rendered),
    ``"images_recompressed"`` (text kept) or ``"converted"``.
    """

    path: Path
    media_type: str
    page_count: int
    size_bytes: int
    dpi: int
    grayscale_pages: int
    kept_text: bool
    mode: str
    original_bytes: int
    bilevel_pages: int = 0
    """Text-only pages stored black-and-white at BILEVEL_DPI to meet a size target."""

    @property
    def ratio(self) -> float:
        return self.size_bytes / self.original_bytes if self.original_bytes else 1.0

    def fits(self, max_bytes: int) -> bool:
        return self.size_bytes <= max_bytes


def output_path_beside(original: Path, label: str = "kecil", ext: str = ".pdf") -> Path:
    """A free file name beside ``original``: ``name-kecil.pdf``, ``name-kecil-2.pdf``, ..."""
    original = Path(original)
    stem = file_inspect.sanitize_file_name(original.stem) or "berkas"
    for n in range(1, 1000):
        suffix = f"-{label}" if n == 1 else f"-{label}-{n}"
        candidate = original.with_name(f"{stem}{suffix}{ext}")
        if not candidate.exists():
            return candidate
    raise ShrinkError(f"No free file name beside {original}")


@contextmanager
def _new_file(dest: Path, sources: Sequence[Path]) -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; rename it to ``dest`` when the body succeeds.

    Refuses to write over an existing file or over a source (the original is never replaced).
    """
    dest = Path(dest)
    resolved = {Path(s).resolve() for s in sources}
    if dest.resolve() in resolved:
        raise ShrinkError("The result must be a new file, not the original.")
    if dest.exists():
        raise FileExistsError(f"{dest} already exists; choose another name.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        yield tmp
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())
        # os.link would fail if dest appeared meanwhile; a rename keeps it simple and atomic.
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


# --- one page image ---------------------------------------------------------------------


def has_colour(image: Image.Image, threshold: int = 48, min_share: float = 0.0015) -> bool:
    """True when a visible share of the page has real colour (a stamp, a logo, a photo).

    Paper tint and JPEG noise have little chroma; a colour stamp has a lot.
    """
    if image.mode in ("1", "L", "LA", "I", "I;16", "F"):
        return False
    small = image.convert("RGB")
    small.thumbnail((400, 400))
    r, g, b = small.split()
    high = ImageChops.lighter(ImageChops.lighter(r, g), b)
    low = ImageChops.darker(ImageChops.darker(r, g), b)
    chroma = ImageChops.subtract(high, low)
    coloured = sum(chroma.histogram()[threshold:])
    return coloured > min_share * small.width * small.height


def _percentile(histogram: list[int], share: float) -> int:
    total = sum(histogram)
    acc = 0
    for level, count in enumerate(histogram):
        acc += count
        if acc >= total * share:
            return level
    return 255


def _whiten(image: Image.Image) -> Image.Image:
    """Push the paper to white and stretch the ink to black (levels from the histogram).

    Keeps text legible and turns paper grain into flat white, which compresses to little.
    """
    gray = image.convert("L") if image.mode != "L" else image
    histogram = gray.histogram()
    ink = _percentile(histogram, 0.002)
    # Paper: the median brightness (a page is mostly paper), a little below to catch its grain.
    paper = max(_percentile(histogram, 0.5) - 12, ink + 40)
    span = max(1, paper - ink)
    lut = [0 if v <= ink else 255 if v >= paper else round((v - ink) * 255 / span)
           for v in range(256)]  # fmt: skip
    return image.point(lut * len(image.getbands()))


def _is_text_like(gray: Image.Image) -> bool:
    """A whitened gray page that is ink on paper (few mid-tones), not a photo."""
    histogram = gray.histogram()
    return sum(histogram[64:192]) < 0.10 * sum(histogram)


def _to_rgb_or_l(image: Image.Image) -> Image.Image:
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGB", "L"):
        return image
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode == "1":
        return image.convert("L")
    return image.convert("RGB")


def _scale_to(image: Image.Image, dpi: int, source_dpi: float | None) -> Image.Image:
    """Scale a page image to ``dpi`` on its physical page (a photo is taken as an A4 page)."""
    long_px = max(image.size)
    inches = long_px / source_dpi if source_dpi else None
    if inches is None or inches > _MAX_PAGE_LONG_INCHES or inches < 2:
        inches = A4_LONG_INCHES
    target_long = max(1, round(inches * dpi))
    if long_px <= target_long:
        return image
    scale = target_long / long_px
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)


@dataclass(frozen=True)
class _Step:
    """One rung of the size ladder: JPEG resolution and quality, and whether text-only gray
    pages may be stored black-and-white (CCITT G4 at BILEVEL_DPI, far smaller than JPEG)."""

    dpi_factor: float
    quality: int
    bilevel: bool


BILEVEL_DPI = 200
_LADDER = (
    _Step(1.0, _JPEG_QUALITY, False),
    _Step(1.0, 45, True),
    _Step(0.8, 40, True),
    _Step(0.67, 35, True),
)


@dataclass
class _Encoded:
    pages: list[bytes]
    gray: int = 0
    bilevel: int = 0


def _encode_page(image: Image.Image, source_dpi: float | None, dpi: int, step: _Step,
                 out: _Encoded) -> None:  # fmt: skip
    """Scale, choose colour/gray/black-and-white, whiten, and append the encoded page."""
    image = _to_rgb_or_l(image)
    if has_colour(image):
        page = _whiten(_scale_to(image, dpi, source_dpi))
        out.pages.append(_jpeg(page, step.quality, dpi))
        return
    out.gray += 1
    if step.bilevel:
        fine = _whiten(_scale_to(image.convert("L"), max(dpi, BILEVEL_DPI), source_dpi))
        if _is_text_like(fine):
            out.bilevel += 1
            out.pages.append(_group4(fine, max(dpi, BILEVEL_DPI)))
            return
    page = _whiten(_scale_to(image.convert("L"), dpi, source_dpi))
    out.pages.append(_jpeg(page, step.quality, dpi))


def _jpeg(image: Image.Image, quality: int, dpi: float) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality, optimize=True, dpi=(dpi, dpi), subsampling=2)
    return buf.getvalue()


def _group4(gray: Image.Image, dpi: int) -> bytes:
    """A black-and-white CCITT G4 TIFF in one strip (img2pdf embeds it without re-encoding)."""
    bw = gray.point(lambda v: 255 if v > 160 else 0).convert("1")
    buf = io.BytesIO()
    bw.save(buf, "TIFF", compression="group4", dpi=(dpi, dpi), tiffinfo={278: bw.height})
    return buf.getvalue()


def _open_photo(path: Path, dpi: int) -> tuple[Image.Image, float | None]:
    """Open an image file quickly: big JPEGs are decoded at a reduced scale (DCT domain)."""
    if file_inspect.sniff_media_type(file_inspect.read_head(path)) == file_inspect.HEIC:
        file_inspect.register_heif()
    image = Image.open(path)
    info_dpi = image.info.get("dpi")
    source_dpi = float(info_dpi[0]) if info_dpi and float(info_dpi[0]) >= 100 else None
    if image.format == "JPEG":
        full_long = max(image.size)
        inches = full_long / source_dpi if source_dpi else A4_LONG_INCHES
        if inches > _MAX_PAGE_LONG_INCHES:
            inches = A4_LONG_INCHES
        factor = full_long / max(1, round(inches * max(dpi, BILEVEL_DPI)))
        if factor >= 2:
            # Decoding at 1/2, 1/4 or 1/8 scale keeps at least the pixels the page needs.
            image.draft("RGB", (image.width // int(factor), image.height // int(factor)))
            if source_dpi:
                source_dpi = source_dpi * max(image.size) / full_long
    image.load()
    return image, source_dpi


def _frames(path: Path) -> Iterator[Image.Image]:
    with Image.open(path) as image:
        for index in range(int(getattr(image, "n_frames", 1))):
            image.seek(index)
            yield image.copy()


PageSource = Callable[[int], Iterator[tuple[Image.Image, float | None]]]
"""Given a resolution, yields each page as (image, its resolution or None) in order."""


def _build_pdf(
    pages: PageSource,
    dest: Path,
    sources: Sequence[Path],
    dpi: int,
    target_bytes: int | None,
    mode: str,
    progress: Callable[[int, int], None] | None,
) -> ShrinkResult:
    """Encode every page, step down the ladder until the PDF fits ``target_bytes``."""
    original = sum(Path(p).stat().st_size for p in sources)
    ladder = _LADDER if target_bytes is not None else _LADDER[:1]
    with _new_file(dest, sources) as tmp:
        for step in ladder:
            step_dpi = max(72, round(dpi * step.dpi_factor))
            encoded = _Encoded([])
            for image, source_dpi in pages(max(step_dpi, BILEVEL_DPI if step.bilevel else 0)):
                _encode_page(image, source_dpi, step_dpi, step, encoded)
                if progress is not None:
                    progress(len(encoded.pages), 0)
            tmp.write_bytes(img2pdf.convert(encoded.pages))
            if target_bytes is None or tmp.stat().st_size <= target_bytes:
                break
        size = tmp.stat().st_size
    return ShrinkResult(dest, file_inspect.PDF, len(encoded.pages), size, step_dpi, encoded.gray,
                        False, mode, original, encoded.bilevel)  # fmt: skip


# --- images to PDF -----------------------------------------------------------------------


def shrink_images_to_pdf(
    paths: Sequence[Path],
    dest: Path | None = None,
    dpi: int = DEFAULT_DPI,
    *,
    target_bytes: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ShrinkResult:
    """Photos or scans of pages (JPEG, PNG, TIFF incl. multi-page, WEBP, HEIC) -> one PDF.

    Pages follow the order of ``paths``. Each page is scaled to ``dpi`` (a phone photo is taken
    as an A4 page), made grayscale when it has no colour, its paper whitened, and stored as
    JPEG. With ``target_bytes``, quality and resolution step down until the PDF fits, and
    text-only gray pages may become black-and-white at 200 dpi (much smaller than JPEG).
    ``dest`` defaults to ``<first>-kecil.pdf`` beside the first photo.
    """
    if not paths:
        raise ShrinkError("Pilih paling sedikit satu foto. / Choose at least one photo.")
    sources = [Path(p) for p in paths]
    for path in sources:
        if file_inspect.sniff_media_type(file_inspect.read_head(path)) not in (
            file_inspect.IMAGE_TYPES
        ):
            raise ShrinkError(
                f"{path.name} bukan foto atau gambar pindaian. / {path.name} is not a photo or "
                "scanned image."
            )
    dest = Path(dest) if dest is not None else output_path_beside(sources[0])

    def pages(render_dpi: int) -> Iterator[tuple[Image.Image, float | None]]:
        for path in sources:
            with Image.open(path) as probe:
                multi = int(getattr(probe, "n_frames", 1)) > 1
                frame_dpi = probe.info.get("dpi")
            if multi:
                for frame in _frames(path):
                    yield frame, float(frame_dpi[0]) if frame_dpi else None
            else:
                yield _open_photo(path, render_dpi)

    return _build_pdf(pages, dest, sources, dpi, target_bytes, "images", progress)


# --- PDFs -------------------------------------------------------------------------------


def pdf_has_text(src: Path) -> bool:
    """True when the PDF has real (extractable) text on most pages, e.g. a born-digital file."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(src)
        try:
            pages = len(pdf)
            with_text = 0
            for index in range(pages):
                page = pdf[index]
                textpage = page.get_textpage()
                if textpage.count_chars() >= _TEXT_CHARS_PER_PAGE:
                    with_text += 1
                textpage.close()
                page.close()
        finally:
            pdf.close()
    return pages > 0 and with_text * 2 >= pages


def shrink_pdf(
    src: Path,
    dest: Path | None = None,
    target_bytes: int | None = None,
    *,
    dpi: int = DEFAULT_DPI,
    progress: Callable[[int, int], None] | None = None,
) -> ShrinkResult:
    """A smaller copy of a PDF.

    A PDF with real text keeps it: only its images are recompressed (pikepdf), capped at about
    ``dpi`` on an A4 page. A scanned PDF is re-rendered page by page at ``dpi`` (pypdfium2) and
    re-encoded like photos; with ``target_bytes`` it steps down until it fits. Raises
    ShrinkError for a PDF that does not open or needs a password.
    """
    src = Path(src)
    dest = Path(dest) if dest is not None else output_path_beside(src)
    try:
        file_inspect.pdf_page_count(src)
    except file_inspect.FileProblem as problem:
        raise ShrinkError(
            "PDF ini tidak dapat dibuka (rusak atau berkata sandi). / This PDF does not open "
            f"(damaged or password-protected): {problem.detail}"
        ) from problem
    if pdf_has_text(src):
        return _recompress_images(src, dest, dpi, progress)
    return _build_pdf(_pdf_pages(src), dest, [src], dpi, target_bytes, "rendered", progress)


def _pdf_pages(src: Path) -> PageSource:
    import pypdfium2 as pdfium

    def pages(render_dpi: int) -> Iterator[tuple[Image.Image, float | None]]:
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(src)
            try:
                for index in range(len(pdf)):
                    page = pdf[index]
                    bitmap = page.render(scale=render_dpi / 72)
                    image = bitmap.to_pil()
                    bitmap.close()
                    page.close()
                    yield image, float(render_dpi)
            finally:
                pdf.close()

    return pages


def _recompress_images(
    src: Path, dest: Path, dpi: int, progress: Callable[[int, int], None] | None
) -> ShrinkResult:
    """Recompress the big images of a text PDF in place of their streams; text stays text."""
    import pikepdf
    from pikepdf import Name

    original = src.stat().st_size
    max_long = round(A4_LONG_INCHES * dpi)
    with pikepdf.open(src) as pdf, _new_file(dest, [src]) as tmp:
        images = [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == Name.Image
        ]
        for index, obj in enumerate(images):
            _recompress_one(obj, max_long)
            if progress is not None:
                progress(index + 1, len(images))
        pdf.remove_unreferenced_resources()
        pdf.save(tmp, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        page_count = len(pdf.pages)
        size = tmp.stat().st_size
    return ShrinkResult(dest, file_inspect.PDF, page_count, size, dpi, 0, True,
                        "images_recompressed", original)  # fmt: skip


def _recompress_one(obj: object, max_long: int) -> None:
    """Replace one image XObject by a smaller JPEG when that is safe and actually smaller."""
    import pikepdf
    from pikepdf import Name, PdfImage

    assert isinstance(obj, pikepdf.Stream)
    if obj.get("/ImageMask") or "/Decode" in obj or "/Mask" in obj:
        return  # stencil masks and remapped images are left exactly as they are
    raw_len = len(obj.read_raw_bytes())
    if raw_len < 20_000:
        return
    try:
        image = PdfImage(obj).as_pil_image()
    except (pikepdf.PdfError, NotImplementedError, ValueError, OSError):
        return  # an encoding Pillow cannot read: keep the original stream
    if image.mode not in ("RGB", "L"):
        if image.mode in ("1", "P", "LA", "RGBA", "CMYK", "I", "I;16"):
            image = image.convert("L") if image.mode == "1" else image.convert("RGB")
        else:
            return
    if max(image.size) > max_long:
        image.thumbnail((max_long, max_long), Image.Resampling.LANCZOS)
    if not has_colour(image):
        image = image.convert("L")
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=_JPEG_QUALITY + 10, optimize=True)
    data = buf.getvalue()
    if len(data) >= raw_len:
        return
    obj.write(data, filter=Name.DCTDecode)
    obj.Width = image.width
    obj.Height = image.height
    obj.BitsPerComponent = 8
    obj.ColorSpace = Name.DeviceGray if image.mode == "L" else Name.DeviceRGB
    if "/DecodeParms" in obj:
        del obj["/DecodeParms"]


# --- conversion of formats the rules do not accept ---------------------------------------------


def convert_to_accepted(
    src: Path, dest: Path | None = None, target: str | None = None, *, dpi: int = DEFAULT_DPI
) -> ShrinkResult:
    """TIFF, WEBP or HEIC (or any image into a PDF-only slot) -> an accepted type.

    ``target`` is ``Inspection.convert_to`` (``application/pdf`` or ``image/jpeg``/``image/png``);
    by default a multi-page file becomes a PDF and a single image a JPEG. The JPEG keeps the
    image's pixels (no page scaling), the PDF is made like ``shrink_images_to_pdf``.
    """
    src = Path(src)
    media = file_inspect.sniff_media_type(file_inspect.read_head(src))
    if media not in file_inspect.IMAGE_TYPES:
        raise ShrinkError(
            f"{src.name} bukan gambar yang dapat diubah. / {src.name} is not an image that can "
            "be converted."
        )
    if media == file_inspect.HEIC:
        file_inspect.register_heif()
    with Image.open(src) as probe:
        frames = int(getattr(probe, "n_frames", 1))
    if target is None:
        target = file_inspect.PDF if frames > 1 else file_inspect.JPEG
    if target == file_inspect.PDF:
        if dest is None:
            dest = output_path_beside(src, "pdf", ".pdf")
        result = shrink_images_to_pdf([src], dest, dpi)
        return dataclasses.replace(result, mode="converted")
    if target not in (file_inspect.JPEG, file_inspect.PNG):
        raise ShrinkError(f"Cannot convert to {target}.")
    if frames > 1:
        raise ShrinkError(
            "Berkas berisi beberapa halaman; ubah menjadi PDF. / The file has several pages; "
            "convert it to a PDF."
        )
    ext = file_inspect.EXTENSIONS[target]
    dest = Path(dest) if dest is not None else output_path_beside(src, "ubah", ext)
    with Image.open(src) as opened:
        image = ImageOps.exif_transpose(opened)
        image.load()
        source_dpi = opened.info.get("dpi")
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        image = background
    out_dpi = round(float(source_dpi[0])) if source_dpi else 72
    with _new_file(dest, [src]) as tmp:
        if target == file_inspect.JPEG:
            image.save(tmp, "JPEG", quality=85, optimize=True, dpi=(out_dpi, out_dpi))
        else:
            image.save(tmp, "PNG", optimize=True, dpi=(out_dpi, out_dpi))
        size = tmp.stat().st_size
    return ShrinkResult(dest, target, 1, size, out_dpi, int(image.mode == "L"), False,
                        "converted", src.stat().st_size)  # fmt: skip
