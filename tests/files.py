"""Real evidence files for tests: PDFs written by pikepdf, JPEGs by Pillow, MP4s as ISO base
media boxes (``tests.vault.samples``), and hostile PDFs (JavaScript, launch actions, embedded
files).

The server sniffs uploaded bytes, so tests that upload must send files of the type they declare;
``os.urandom`` declared as a PDF is refused as it would be in real use.
"""

from __future__ import annotations

import io
import os
import random
import tempfile
from pathlib import Path

import pikepdf
from PIL import Image

from tests.vault.samples import _box, mp4_with_duration


def _save(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=False)
    return out.getvalue()


def pdf_bytes(size: int = 2000, *, seed: int | None = None) -> bytes:
    """A valid one-page PDF of exactly ``size`` bytes (at least ``MIN_PDF_BYTES``): a random
    payload in an uncompressed stream that nothing displays. Unique per call, or the same
    bytes for the same ``seed``."""
    if size < MIN_PDF_BYTES:
        raise ValueError(f"a PDF here has at least {MIN_PDF_BYTES} bytes")
    fill = os.urandom(size) if seed is None else random.Random(seed).randbytes(size)

    def build(payload_len: int) -> bytes:
        pdf = pikepdf.new()
        pdf.add_blank_page(page_size=(595, 842))
        pdf.Root.PieceInfo = pikepdf.Dictionary(
            Filler=pikepdf.Dictionary(Private=pikepdf.Stream(pdf, fill[:payload_len]))
        )
        return _save(pdf)

    # The stream's /Length digits move the total by a byte or two: aim a little short, then
    # end the file with newlines after %%EOF (allowed) to hit the size exactly.
    data = build(16)
    data = build(max(16, 16 + size - len(data) - 32))
    if len(data) > size:
        raise AssertionError(f"could not make a PDF of {size} bytes")
    return data + b"\n" * (size - len(data))


MIN_PDF_BYTES = 700


def png_bytes(width: int = 64, height: int = 48, *, seed: int | None = None) -> bytes:
    """A real PNG of random noise (about ``3 * width * height`` bytes: noise does not
    compress); unique per call, or the same bytes for the same ``seed``."""
    pixels = width * height * 3
    noise = os.urandom(pixels) if seed is None else random.Random(seed).randbytes(pixels)
    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), noise).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(width: int = 64, height: int = 48) -> bytes:
    """A real JPEG of random noise (unique per call)."""
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def mp4_bytes(size: int = 4096, seconds: float = 30.0, *, seed: int | None = None) -> bytes:
    """An ISO base media file (``ftyp``, a ``moov`` with its duration, an ``mdat``) padded with
    random media data to ``size`` bytes (``tests.vault.samples.mp4_with_duration``'s layout);
    the same bytes for the same ``seed``."""
    with tempfile.TemporaryDirectory() as folder:
        data = mp4_with_duration(Path(folder) / "v.mp4", seconds).read_bytes()
    fill = max(0, size - len(data) - 8)
    media = os.urandom(fill) if seed is None else random.Random(seed).randbytes(fill)
    return data + _box(b"mdat", media)


def hostile_pdf(kind: str) -> bytes:
    """A PDF with active content of ``kind``: ``javascript`` (an /OpenAction running
    JavaScript), ``launch`` (an /OpenAction launching a program), ``embedded`` (an embedded
    file), ``annotation_js`` (a link annotation whose action runs JavaScript)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    if kind == "javascript":
        pdf.Root.OpenAction = pikepdf.Dictionary(
            Type=pikepdf.Name.Action, S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")
        )
    elif kind == "launch":
        pdf.Root.OpenAction = pikepdf.Dictionary(
            Type=pikepdf.Name.Action,
            S=pikepdf.Name.Launch,
            F=pikepdf.String("cmd.exe"),
        )
    elif kind == "embedded":
        spec = pikepdf.AttachedFileSpec(pdf, b"MZ not really a program", filename="tool.exe")
        pdf.attachments["tool.exe"] = spec
    elif kind == "annotation_js":
        action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("this.print()"))
        link = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[0, 0, 100, 100],
            A=action,
        )
        pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link)]))
    else:
        raise ValueError(kind)
    return _save(pdf)
