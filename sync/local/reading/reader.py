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

from iid.records import Readability
from sync.local.reading.ocr import OcrEngine, OcrText, OcrUnavailable, default_engine
from sync.local.reading.parse import Extracted, extract, find_name
from sync.local.reading.prepare import prepared

READER_VERSION = 1
"""Bumped when reading changes, so cached results of an older reader are read again."""
TEXT_LAYER_MIN_CHARS = 40
"""A PDF page with fewer letters and digits than this in its text layer is read by OCR."""
OCR_DPI = 200
"""Pages are OCR'd at this resolution (a scan of lower resolution is used as it is): measured
on the corpus, 300 dpi read no better and took twice as long."""
MAX_OCR_PAGES = 8
"""OCR reads at most this many pages: the first ones (heading, articles) and the last
(signature, date). A text layer is read whole."""
LOW_DPI = 110
BLANK_INK = 0.002
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
    found: Extracted = extract(pages)
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
    return DocumentReading(
        source="ocr" if ocr_pages else "text",
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
        engine=(engine.name if engine else "tesseract") if ocr_pages else "",
        page_seconds=tuple(round(s, 4) for s in seconds),
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
                elif index in wanted:
                    dpi = min(OCR_DPI, _embedded_dpi(page) or OCR_DPI)
                    image = page.render(scale=max(dpi, 72) / 72).to_pil()
                    result, quality = _ocr_page(image, dpi, engine)
                    texts.append(result.text)
                    sources.append("ocr")
                    worst = worst or quality
                    _STATE.last = (index, image)
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
    result, quality = _ocr_page(gray, dpi, engine)
    _STATE.last = (0, gray)
    return [result.text], ["ocr"], quality, [time.perf_counter() - started]


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


def _ocr_page(page: Any, dpi: int, engine: OcrEngine | None) -> tuple[OcrText, str]:
    engine = engine or default_engine()
    image = prepared(page)
    result = engine.recognize(image)
    if result.words < 3 and _ink(image) < BLANK_INK:
        return result, Readability.BLANK.value
    quality = Readability.LOW_RESOLUTION.value if dpi < LOW_DPI else ""
    if result.words < 25 or result.confidence < 55:
        turned = _try_turned(image, engine, result)
        if turned is not None:
            return turned, Readability.SIDEWAYS.value
    if not quality and result.words < 5:
        quality = Readability.LOW_RESOLUTION.value if dpi < 2 * LOW_DPI else ""
    return result, quality


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
