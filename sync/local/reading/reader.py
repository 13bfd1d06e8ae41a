"""Read one evidence file offline: the PDF's text layer where it has one, OCR otherwise.

``read_document(source, media_type)`` returns a ``DocumentReading``: the page texts, where they
came from (``text`` or ``ocr``), what they say (``parse.extract``: jenis, nomor, tanggal, tahun,
tentang), whether the scan is readable, and how long it took. ``name_page(name)`` finds the
innovation's name in the cached texts without reading again. Headless, no Qt; pypdfium2,
Pillow and the OCR engine are imported when a file is read, never at start-up.
"""

from __future__ import annotations

import dataclasses
import io
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from iid.records import JenisDokumen, Readability
from sync.local.reading.ocr import OcrEngine, OcrLine, OcrText, OcrUnavailable, default_engine
from sync.local.reading.parse import (
    Extracted,
    extract,
    find_name,
    is_date_line,
    is_signer_line,
    vote_date,
)
from sync.local.reading.prepare import prepared

READER_VERSION = 3
"""Bumped when reading changes, so cached results of an older reader are read again."""
TEXT_LAYER_MIN_CHARS = 40
"""A PDF page with fewer letters and digits than this in its text layer is read by OCR."""
OCR_DPI = 200
"""Pages are OCR'd at this resolution (a scan of lower resolution is used as it is): measured
on the corpus, 300 dpi read no better and took twice as long."""
MAX_OCR_PAGES = 8
"""OCR reads at most this many pages: the first ones (heading, articles) and the last
(signature, date). A text layer is read whole."""
DATE_LINES = 4
"""How many date lines of a scan (the last ones) are read again on their own."""
DATE_LINE_THRESHOLDS = (70, 100)
"""The gray levels a date line crop is cut at for its extra reads: print is near black, a
stamp or a pen stroke over it (in a grayscale scan, or what is left of a colored one) is
lighter, so a darker cut drops it."""
LOW_DPI = 110
BLANK_INK = 0.002
NOT_READ = Readability.NOT_READ.value
_PAGE_A4_WIDTH_IN = 8.27


class ReadError(Exception):
    """The file cannot be read as a PDF or an image (damaged, encrypted, or another kind)."""


@dataclass(frozen=True)
class DocumentReading:
    """What reading one file found. ``source``: ``text`` when every page read had a text
    layer, else ``ocr``; ``readability``: a ``Readability`` value ("" = fine)."""

    source: str
    pages: tuple[str, ...]
    page_count: int
    jenis: str = ""
    nomor: str = ""
    tanggal: date | None = None
    tahun: int | None = None
    tentang: str = ""
    readability: str = ""
    ocr_pages: int = 0
    seconds: float = 0.0
    engine: str = ""
    page_seconds: tuple[float, ...] = field(default=())
    unread_pages: int = 0
    """Pages OCR gave up on at its time budget, or skipped after one did (readability
    ``not_read``): what was not found there is unknown, not absent."""

    @property
    def year(self) -> int | None:
        if self.tahun is not None:
            return self.tahun
        return self.tanggal.year if self.tanggal is not None else None

    def name_page(self, name: str) -> int | None:
        """The first page (1-based) that names ``name``, or None."""
        return find_name(self.pages, name) if name.strip() else None

    def to_json(self) -> str:
        data = asdict(self)
        data["tanggal"] = self.tanggal.isoformat() if self.tanggal else None
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> DocumentReading:
        data = json.loads(text)
        data["pages"] = tuple(data["pages"])
        data["page_seconds"] = tuple(data.get("page_seconds") or ())
        data["tanggal"] = date.fromisoformat(data["tanggal"]) if data.get("tanggal") else None
        return cls(**data)


def sniff_media_type(head: bytes) -> str | None:
    if head.startswith(b"%PDF"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def _open(source: Path | bytes | IO[bytes]) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, Path):
        return source.read_bytes()
    return source.read()


def read_document(
    source: Path | bytes | IO[bytes],
    media_type: str | None = None,
    *,
    engine: OcrEngine | None = None,
) -> DocumentReading:
    """Read a PDF or an image. Raises ``ReadError`` for a file that is neither, and
    ``OcrUnavailable`` only when OCR is needed and cannot run."""
    started = time.perf_counter()
    data = _open(source)
    kind = media_type or sniff_media_type(data[:16])
    if kind == "application/pdf":
        pages, sources, quality, seconds = _read_pdf(data, engine)
    elif kind in ("image/jpeg", "image/png"):
        pages, sources, quality, seconds = _read_image(data, engine)
    else:
        raise ReadError(f"not a PDF, JPG or PNG ({kind or 'unknown content'})")
    scanned = getattr(_STATE, "scanned", [])
    pages = _reread_date_lines(pages, scanned, engine)
    found: Extracted = extract(pages)
    if found.jenis == JenisDokumen.SK_KEPALA_PD.value and scanned:
        # Signed "a.n." the Kepala Daerah? The stamp sits on that line: read it again.
        signed = _reread_signature(pages, scanned, engine)
        if signed is not pages:
            on_behalf = extract(signed)
            if on_behalf.jenis == JenisDokumen.SK_KEPALA_PD_AN.value:
                pages, found = signed, dataclasses.replace(found, jenis=on_behalf.jenis)
    last = getattr(_STATE, "last", None)
    if found.tanggal is None and last is not None and not quality:
        # No date read (a stamp or a smudge over it): read the last scanned page once more,
        # enlarged, and take what that adds.
        index, image = last
        again = _ocr_enlarged(image, engine)
        pages = [*pages, again]
        retried = extract(pages)
        if retried.tanggal is not None:
            found = dataclasses.replace(
                found, tanggal=retried.tanggal, tahun=found.tahun or retried.tahun
            )
        pages = pages[:-1]
        pages[index] = pages[index] + "\n" + again
    ocr_pages = sum(1 for s in sources if s == "ocr")
    unread = sum(1 for s in sources if s in ("unread", "skipped_unread"))
    return DocumentReading(
        source="ocr" if ocr_pages or unread else "text",
        pages=tuple(pages),
        page_count=len(pages),
        jenis=found.jenis,
        nomor=found.nomor,
        tanggal=found.tanggal,
        tahun=found.tahun,
        tentang=found.tentang,
        readability=quality,
        ocr_pages=ocr_pages,
        seconds=round(time.perf_counter() - started, 4),
        engine=(engine.name if engine else "tesseract") if ocr_pages or unread else "",
        page_seconds=tuple(round(s, 4) for s in seconds),
        unread_pages=unread,
    )


# --- PDFs -----------------------------------------------------------------------------------------


def _pages_to_ocr(count: int) -> set[int]:
    if count <= MAX_OCR_PAGES:
        return set(range(count))
    return set(range(MAX_OCR_PAGES - 1)) | {count - 1}


def _read_pdf(
    data: bytes, engine: OcrEngine | None
) -> tuple[list[str], list[str], str, list[float]]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(f"the PDF cannot be opened: {exc}") from None
    texts: list[str] = []
    sources: list[str] = []
    seconds: list[float] = []
    worst = ""
    _STATE.last = None
    _STATE.scanned = []
    try:
        count = len(document)
        wanted = _pages_to_ocr(count)
        for index in range(count):
            started = time.perf_counter()
            page = document[index]
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                textpage.close()
                if sum(ch.isalnum() for ch in text) >= TEXT_LAYER_MIN_CHARS:
                    texts.append(text)
                    sources.append("text")
                elif index in wanted and worst == NOT_READ:
                    # A page of this scan was over the OCR budget: the rest is likely the same
                    # noise, and the reading lane has other files waiting.
                    texts.append("")
                    sources.append("skipped_unread")
                elif index in wanted:
                    dpi = min(OCR_DPI, _embedded_dpi(page) or OCR_DPI)
                    image = page.render(scale=max(dpi, 72) / 72).to_pil()
                    result, quality, upright = _ocr_page(image, dpi, engine)
                    texts.append(result.text)
                    sources.append("ocr" if result.complete else "unread")
                    worst = NOT_READ if quality == NOT_READ else worst or quality
                    _STATE.last = (index, image)
                    if upright is not None:
                        _STATE.scanned.append((index, upright, result.lines))
                else:
                    texts.append("")
                    sources.append("skipped")
            finally:
                page.close()
            seconds.append(time.perf_counter() - started)
    finally:
        document.close()
    return texts, sources, worst, seconds


def _embedded_dpi(page: Any) -> int | None:
    """The resolution of the largest image on a scanned page (None if it has none)."""
    import pypdfium2.raw as raw

    width_in = page.get_width() / 72
    best = None
    try:
        for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=1):
            px_width, _ = obj.get_px_size()
            left, _, right, _ = obj.get_bounds()
            shown_in = max((right - left) / 72, 0.1)
            if shown_in >= 0.5 * width_in:
                dpi = int(px_width / shown_in)
                best = max(best or 0, dpi)
    except Exception:  # noqa: BLE001 - an odd page object: fall back to the default resolution
        return None
    return best


# --- images ---------------------------------------------------------------------------------------


def _read_image(
    data: bytes, engine: OcrEngine | None
) -> tuple[list[str], list[str], str, list[float]]:
    from PIL import Image, ImageOps, UnidentifiedImageError

    started = time.perf_counter()
    try:
        opened = Image.open(io.BytesIO(data))
        image = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, OSError) as exc:
        raise ReadError(f"the image cannot be opened: {exc}") from None
    width, height = image.size
    dpi = _image_dpi(image, width, height)
    gray = image if image.mode in ("RGB", "L") else image.convert("RGB")
    if dpi > OCR_DPI:
        scale = OCR_DPI / dpi
        gray = gray.resize((int(width * scale), int(height * scale)), Image.Resampling.LANCZOS)
        dpi = OCR_DPI
    result, quality, upright = _ocr_page(gray, dpi, engine)
    _STATE.last = (0, gray)
    _STATE.scanned = [(0, upright, result.lines)] if upright is not None else []
    source = "ocr" if result.complete else "unread"
    return [result.text], [source], quality, [time.perf_counter() - started]


def _image_dpi(image: Any, width: int, height: int) -> int:
    """The scan's resolution: its own metadata when plausible, else guessed from an A4 page."""
    stated = image.info.get("dpi")
    if stated:
        try:
            value = int(round(float(stated[0])))
        except (TypeError, ValueError, IndexError):
            value = 0
        if 90 <= value <= 1200 and value != 72:
            return value
    short_side = min(width, height)
    return max(1, int(short_side / _PAGE_A4_WIDTH_IN))


# --- OCR of one page, with its readability ---------------------------------------------


def _ink(image: Any) -> float:
    """The share of dark pixels (of a copy about 1000 pixels high)."""
    small = image.copy()
    small.thumbnail((1000, 1000))
    histogram = small.histogram()
    dark = sum(histogram[:160])
    return float(dark / max(1, sum(histogram)))


def _ocr_page(page: Any, dpi: int, engine: OcrEngine | None) -> tuple[OcrText, str, Any]:
    """The page's OCR, its readability, and the prepared image its line boxes refer to (None
    when the page was read turned)."""
    engine = engine or default_engine()
    image = prepared(page)
    result = engine.recognize(image)
    if not result.complete:
        return result, NOT_READ, None  # over the budget: no turned reads, no line re-reads
    if result.words < 3 and _ink(image) < BLANK_INK:
        return result, Readability.BLANK.value, None
    quality = Readability.LOW_RESOLUTION.value if dpi < LOW_DPI else ""
    if result.words < 25 or result.confidence < 55:
        turned = _try_turned(image, engine, result)
        if turned is not None:
            return turned, Readability.SIDEWAYS.value, None
    if not quality and result.words < 5:
        quality = Readability.LOW_RESOLUTION.value if dpi < 2 * LOW_DPI else ""
    return result, quality, image


def _reread_date_lines(
    pages: list[str], scanned: list[tuple[int, Any, tuple[OcrLine, ...]]], engine: OcrEngine | None
) -> list[str]:
    """The page texts with each OCR'd date line replaced by what most reads of it agree on.

    A date line (``parse.is_date_line``; the last ``DATE_LINES`` of the document) is cut out of
    the prepared page and read again on its own, enlarged, plain and cut at the
    ``DATE_LINE_THRESHOLDS`` gray levels (a stamp's ring over a day digit is lighter than the
    print). The page's own read votes too; a date after today never counts (an OCR slip)."""
    found = [
        (index, image, line)
        for index, image, lines in scanned
        for line in lines
        if is_date_line(line.text)
    ][-DATE_LINES:]
    if not found:
        return pages
    engine = engine or default_engine()
    today = date.today()
    pages = list(pages)
    for index, image, line in found:
        reads = [(line.text, line.confidence, False)]
        for variant, cut in _line_variants(image, line, _line_height(scanned, index)):
            result = engine.recognize_line(variant)
            reads.append((result.text, result.confidence, cut))
        chosen = vote_date(reads, today)
        if chosen is not None and chosen != line.text:
            pages[index] = _replace_line(pages[index], line.text, chosen)
    return pages


def _reread_signature(
    pages: list[str], scanned: list[tuple[int, Any, tuple[OcrLine, ...]]], engine: OcrEngine | None
) -> list[str]:
    """The page texts with the signature block's middle read again: the band between the last
    date line of a scan and the signer's KEPALA line below it, where "a.n. BUPATI ..." stands
    when a Kepala Perangkat Daerah signs for the Kepala Daerah, and where the stamp goes. The
    band is cut out, enlarged and cut at the ``DATE_LINE_THRESHOLDS`` gray levels (the stamp is
    lighter than the print); the read with the highest confidence is put after the date line.
    ``pages`` itself when there is no such band or nothing readable in it."""
    dated = [
        (index, image, line, lines)
        for index, image, lines in scanned
        for line in lines
        if is_date_line(line.text)
    ]
    if not dated:
        return pages
    index, image, date_line, lines = dated[-1]
    height = _line_height(scanned, index)
    left, _, _, date_bottom = date_line.box
    below = sorted(
        (line for line in lines if line.box[1] > date_bottom - height // 4),
        key=lambda line: line.box[1],
    )
    signer = next((line for line in below if is_signer_line(line.text)), None)
    top = date_bottom + height // 5
    bottom = signer.box[1] - height // 10 if signer is not None else date_bottom + 3 * height
    if bottom - top < height * 0.6:
        return pages
    from PIL import Image

    crop = image.crop((max(0, left - 2 * height), top, image.size[0], min(image.size[1], bottom)))
    width, tall = crop.size
    bigger = crop.resize((width * 2, tall * 2), Image.Resampling.LANCZOS)
    engine = engine or default_engine()
    best: OcrText | None = None
    for level in (None, *DATE_LINE_THRESHOLDS):
        variant = (
            bigger if level is None else bigger.point(lambda v, cut=level: 0 if v < cut else 255)
        )
        result = engine.recognize_line(variant)
        if sum(ch.isalpha() for ch in result.text) >= 3 and (
            best is None or result.confidence > best.confidence
        ):
            best = result
    if best is None:
        return pages
    changed = list(pages)
    changed[index] = _insert_after(changed[index], date_line.text, best.text)
    return changed


def _insert_after(page: str, anchor: str, new: str) -> str:
    """``page`` with ``new`` as the line after its last line that reads ``anchor``, in place of
    the lines up to the signer's KEPALA line when it follows within a few lines (they are the
    band's first read), or at the end."""
    lines = page.split("\n")
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].strip() == anchor.strip():
            following = lines[i + 1 : i + 6]
            signer = next((k for k, line in enumerate(following) if is_signer_line(line)), 0)
            return "\n".join([*lines[: i + 1], new, *lines[i + 1 + signer :]])
    return page + "\n" + new


def _line_height(scanned: list[tuple[int, Any, tuple[OcrLine, ...]]], index: int) -> int:
    """The median height of the page's text lines (a stamp over a line inflates its box)."""
    heights = sorted(
        line.box[3] - line.box[1] for i, _, lines in scanned if i == index for line in lines
    )
    return heights[len(heights) // 2] if heights else 30


def _line_variants(image: Any, line: OcrLine, height: int) -> Iterator[tuple[Any, bool]]:
    """The line cut out of the page with some room, enlarged twice: as it is, and cut at each
    of ``DATE_LINE_THRESHOLDS`` (True: a cut read)."""
    from PIL import Image

    left, top, right, bottom = line.box
    middle = (top + bottom) // 2
    reach = int(height * 0.8)
    crop = image.crop(
        (
            max(0, left - height),
            max(0, middle - reach),
            min(image.size[0], right + height),
            min(image.size[1], middle + reach),
        )
    )
    width, tall = crop.size
    bigger = crop.resize((width * 2, tall * 2), Image.Resampling.LANCZOS)
    yield bigger, False
    for level in DATE_LINE_THRESHOLDS:
        yield bigger.point(lambda v, cut=level: 0 if v < cut else 255), True


def _replace_line(page: str, old: str, new: str) -> str:
    """``page`` with its last line that reads ``old`` (spaces aside) replaced by ``new``."""
    lines = page.split("\n")
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].strip() == old.strip():
            lines[i] = new
            return "\n".join(lines)
    return page + "\n" + new


_STATE = threading.local()
"""``last``: the last page image the current thread's read OCR'd, as (index, image)."""


def _ocr_enlarged(image: Any, engine: OcrEngine | None) -> str:
    from PIL import Image

    engine = engine or default_engine()
    prepared_page = prepared(image)
    width, height = prepared_page.size
    bigger = prepared_page.resize((int(width * 1.5), int(height * 1.5)), Image.Resampling.BICUBIC)
    return engine.recognize(bigger).text


def _turns(image: Any) -> Iterator[tuple[int, Any]]:
    from PIL import Image

    for angle in (90, 270, 180):
        yield angle, image.rotate(angle, expand=True, resample=Image.Resampling.NEAREST)


def _try_turned(image: Any, engine: OcrEngine, upright: OcrText) -> OcrText | None:
    """The text of the page turned a quarter or half way, if that reads far better (a page
    scanned sideways or upside down: read upright, its text is few words or garbage of low
    confidence)."""
    best: OcrText | None = None
    for _angle, turned in _turns(image):
        result = engine.recognize(turned)
        if not result.complete:
            break  # over the budget turned too: the upright reading stands
        clearly_better = result.words >= 20 and result.confidence >= max(
            70, upright.confidence + 20
        )
        if clearly_better and (best is None or result.confidence > best.confidence):
            best = result
    return best


def unavailable_reason(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, OcrUnavailable | ReadError) else repr(exc)


def read_path(path: Path, media_type: str | None = None, **kwargs: Any) -> DocumentReading:
    """``read_document`` of a file on disk."""
    with path.open("rb") as handle:
        return read_document(handle, media_type, **kwargs)
