"""Make a scanned page easier to read before OCR: colored ink away, upright, no ruled lines.

Pillow only (no numpy or OpenCV in the bundle). Each step answers one thing the corpus showed
OCR stumbling on (``bench/evidence_reading.py``): a blue or purple stamp or signature over the
signing date, a page skewed by a few degrees, numbers inside the ruled cells of a DPA table.
"""

from __future__ import annotations

from typing import Any

SATURATION_INK = 70
"""Pixels more saturated than this (0..255) are colored ink (stamp, pen), not print."""
MAX_SKEW = 3.5
SKEW_STEP = 0.25
LINE_DARKNESS = 0.45
"""A pixel row (or column) whose share of dark pixels exceeds this is a ruled line."""


def without_colored_ink(image: Any) -> Any:
    """A grayscale copy of an RGB page in which strongly colored pixels are paper: stamps and
    signatures in blue, purple or red leave the black print under them readable (where print
    and ink overlap the pixel is near black and stays)."""
    from PIL import Image, ImageChops

    if image.mode not in ("RGB", "RGBA"):
        return image.convert("L")
    rgb = image.convert("RGB")
    _, saturation, value = rgb.convert("HSV").split()
    colored = saturation.point(lambda s: 255 if s > SATURATION_INK else 0)
    near_black = value.point(lambda v: 255 if v < 70 else 0)
    mask = ImageChops.subtract(colored, near_black)
    return Image.composite(Image.new("L", rgb.size, 255), rgb.convert("L"), mask)


def _profile_score(image: Any) -> float:
    """How sharply the rows of a small page alternate between ink and paper (text lines)."""
    height = image.size[1]
    from PIL import Image

    column = image.resize((1, height), resample=Image.Resampling.BOX)
    values = list(column.tobytes())
    mean = sum(values) / len(values)
    return float(sum((v - mean) ** 2 for v in values))


def skew_angle(gray: Any) -> float:
    """The rotation (degrees) that makes the text lines horizontal, within ±``MAX_SKEW``:
    a coarse search in whole degrees, then quarter degrees around the best."""
    from PIL import Image

    factor = max(1, max(gray.size) // 640)
    small = gray.reduce(factor) if factor > 1 else gray
    inverted = small.point(lambda v: 255 if v < 160 else 0)

    def score(angle: float) -> float:
        turned = inverted.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
        return _profile_score(turned)

    coarse = max((float(a) for a in range(-3, 4)), key=score)
    fine = [coarse + SKEW_STEP * k for k in range(-3, 4) if abs(coarse + SKEW_STEP * k) <= MAX_SKEW]
    return max(fine, key=score)


def deskewed(gray: Any) -> Any:
    from PIL import Image

    angle = skew_angle(gray)
    if abs(angle) < SKEW_STEP / 2:
        return gray
    return gray.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255, expand=False)


def without_ruled_lines(gray: Any) -> Any:
    """Ruled table lines turned to paper: rows that are mostly dark across the page, and
    columns that are mostly dark between the first and last of those rows."""
    from PIL import Image

    width, height = gray.size
    dark = gray.point(lambda v: 255 if v < 128 else 0)
    rows = list(dark.resize((1, height), resample=Image.Resampling.BOX).tobytes())
    line_rows = [y for y, v in enumerate(rows) if v / 255 > LINE_DARKNESS]
    if not line_rows:
        return gray
    cleaned = gray.copy()
    pixels = cleaned.load()
    for y in line_rows:
        for dy in (-1, 0, 1):
            yy = y + dy
            if 0 <= yy < height:
                for x in range(width):
                    if pixels[x, yy] < 160:
                        pixels[x, yy] = 255
    top, bottom = min(line_rows), max(line_rows)
    if bottom - top > 20:
        band = dark.crop((0, top, width, bottom + 1))
        columns = list(band.resize((width, 1), resample=Image.Resampling.BOX).tobytes())
        for x, v in enumerate(columns):
            if v / 255 > LINE_DARKNESS * 1.5:
                for dx in (-1, 0, 1):
                    xx = x + dx
                    if 0 <= xx < width:
                        for y in range(top, bottom + 1):
                            if pixels[xx, y] < 160:
                                pixels[xx, y] = 255
    return cleaned


def prepared(image: Any) -> Any:
    """The page as OCR reads it best: grayscale, colored ink removed, deskewed, no ruled lines."""
    return without_ruled_lines(deskewed(without_colored_ink(image)))
