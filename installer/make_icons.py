"""Draws the app icon (resources/icons/inovasi-desk.png and .ico) with Pillow.

The icon is generated rather than hand-drawn so the Windows .ico sizes always match the PNG.
Run: python installer/make_icons.py [--force]
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw(size: int = 1024) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    s = size / 1024
    # Rounded tile in the app's teal.
    d.rounded_rectangle([40 * s, 40 * s, 984 * s, 984 * s], radius=200 * s, fill=(15, 118, 110))
    # A document sheet with a folded corner.
    x0, y0, x1, y1 = 270 * s, 190 * s, 720 * s, 800 * s
    fold = 130 * s
    d.polygon(
        [(x0, y0), (x1 - fold, y0), (x1, y0 + fold), (x1, y1), (x0, y1)], fill=(255, 255, 255)
    )
    d.polygon([(x1 - fold, y0), (x1 - fold, y0 + fold), (x1, y0 + fold)], fill=(204, 230, 226))
    for i, width in enumerate((330, 300, 330, 220)):
        y = (360 + i * 95) * s
        d.rounded_rectangle(
            [x0 + 60 * s, y, x0 + (60 + width) * s, y + 34 * s], radius=17 * s, fill=(148, 163, 184)
        )
    # A check badge: the evidence is in order.
    cx, cy, r = 700 * s, 720 * s, 170 * s
    d.ellipse(
        [cx - r, cy - r, cx + r, cy + r],
        fill=(245, 158, 11),
        outline=(255, 255, 255),
        width=int(28 * s),
    )
    d.line(
        [(cx - 80 * s, cy + 5 * s), (cx - 20 * s, cy + 65 * s), (cx + 85 * s, cy - 60 * s)],
        fill=(255, 255, 255),
        width=int(42 * s),
        joint="curve",
    )
    return img


def main(argv: list[str]) -> int:
    force = "--force" in argv
    png, ico = ICONS / "inovasi-desk.png", ICONS / "inovasi-desk.ico"
    if png.exists() and ico.exists() and not force:
        return 0
    ICONS.mkdir(parents=True, exist_ok=True)
    big = draw()
    big.resize((256, 256), Image.Resampling.LANCZOS).save(png)
    big.save(ico, sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print(f"wrote {png} and {ico}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
