"""Preview data: a PNG thumbnail of the first page of a stored document, cached in the vault.

PDFs are rendered with pypdfium2 (under ``shrink.PDFIUM_LOCK``; PDFium is not thread-safe),
images with Pillow. Videos have no thumbnail here (the UI shows an icon). Call these from a
background lane: rendering a large scan takes tens of milliseconds to a second.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageOps

from sync.local import inspect as file_inspect
from sync.local.shrink import PDFIUM_LOCK
from sync.local.vault import BlobDamaged, Vault

THUMBNAIL_PX = 256
"""Default longest side of a thumbnail, in pixels."""


@dataclass(frozen=True)
class Thumbnail:
    """A PNG image of at most ``max_px`` on its longest side."""

    sha256: str
    png: bytes
    width: int
    height: int


def thumbnail(vault: Vault, sha256: str, max_px: int = THUMBNAIL_PX) -> Thumbnail | None:
    """The first page of a stored document as a PNG, made once and then read from the cache.

    Returns None for videos, unknown types, damaged blobs and files that do not render.
    Safe to call from any thread (the vault is thread-safe; PDFium calls are serialised).
    """
    cached = vault.cached_thumbnail(sha256, max_px)
    if cached is not None:
        return Thumbnail(sha256, *cached)
    info = vault.info(sha256)
    if info.damaged or info.media_type is None:
        return None
    try:
        with vault.open_blob(sha256) as reader:
            image = _first_page(reader, info.media_type, max_px)
    except BlobDamaged:
        return None
    if image is None:
        return None
    png, width, height = _png(image)
    vault.store_thumbnail(sha256, max_px, png, width, height)
    return Thumbnail(sha256, png, width, height)


def thumbnail_of_file(path: Path, max_px: int = THUMBNAIL_PX) -> Thumbnail | None:
    """A thumbnail of a file not yet in the vault (e.g. to preview before attaching); uncached."""
    path = Path(path)
    media = file_inspect.sniff_media_type(file_inspect.read_head(path))
    if media is None:
        return None
    with path.open("rb") as f:
        image = _first_page(f, media, max_px)
    if image is None:
        return None
    png, width, height = _png(image)
    return Thumbnail("", png, width, height)


def make_missing_thumbnails(
    vault: Vault,
    max_px: int = THUMBNAIL_PX,
    cancel: threading.Event | None = None,
    on_made: Callable[[Thumbnail], None] | None = None,
) -> int:
    """Fill the cache for every stored document that has none yet; returns how many were made.

    Meant for a background lane after start-up or a pull; stops early when ``cancel`` is set.
    """
    made = 0
    for sha in vault.list_blobs():
        if cancel is not None and cancel.is_set():
            break
        if vault.cached_thumbnail(sha, max_px) is not None:
            continue
        result = thumbnail(vault, sha, max_px)
        if result is not None:
            made += 1
            if on_made is not None:
                on_made(result)
    return made


def _first_page(stream: BinaryIO, media_type: str, max_px: int) -> Image.Image | None:
    if media_type == file_inspect.PDF:
        return _pdf_first_page(stream, max_px)
    if media_type in file_inspect.IMAGE_TYPES:
        return _image_first_page(stream, media_type, max_px)
    return None


def _pdf_first_page(stream: BinaryIO, max_px: int) -> Image.Image | None:
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(stream)
        except pdfium.PdfiumError:
            return None
        try:
            if len(pdf) == 0:
                return None
            page = pdf[0]
            width, height = page.get_size()
            scale = max_px / max(width, height, 1.0)
            bitmap = page.render(scale=scale)
            image: Image.Image = bitmap.to_pil()
            bitmap.close()
            page.close()
        finally:
            pdf.close()
    image.thumbnail((max_px, max_px))
    return image


def _image_first_page(stream: BinaryIO, media_type: str, max_px: int) -> Image.Image | None:
    if media_type == file_inspect.HEIC:
        file_inspect.register_heif()
    try:
        with Image.open(stream) as opened:
            if opened.format == "JPEG":
                opened.draft("RGB", (max_px, max_px))  # decode at 1/2..1/8 scale: much faster
            image = ImageOps.exif_transpose(opened)
            image.thumbnail((max_px, max_px))
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    if image.mode not in ("RGB", "L", "RGBA", "LA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    return image


def _png(image: Image.Image) -> tuple[bytes, int, int]:
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=True)
    return buf.getvalue(), image.width, image.height
