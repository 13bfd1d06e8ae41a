"""Perkecil berkas: a 12-megapixel phone photo of a page and a 30-page ~40 MB scanned PDF.

Inputs are synthetic (Pillow text on noisy paper, as tests/vault/samples.py makes them). Prints
output size, page count, resolution and seconds, each against the issue's targets, and the time
as a ratio against a baseline measured in the same run (decoding the input once with Pillow /
pypdfium2 without encoding anything: the floor any shrink has to pay).

    PYTHONPATH=$PWD /work/venv/bin/python bench/vault_shrink.py [--pages 30]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=30)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import img2pdf
    import pypdfium2
    from PIL import Image

    from sync.local.shrink import shrink_images_to_pdf, shrink_pdf
    from tests.vault.samples import paper_scan

    limit = 2 * 1024 * 1024
    with tempfile.TemporaryDirectory(prefix="bench-shrink-") as tmp:
        work = Path(tmp)

        # A 12 MP phone photo (4000 x 3000 landscape sensor, page shot portrait: 3000 x 4000).
        photo = work / "foto-halaman.jpg"
        paper_scan((3000, 4000), seed=7, stamp=True).save(photo, "JPEG", quality=92)
        start = time.perf_counter()
        with Image.open(photo) as im:
            im.load()
        t_decode = time.perf_counter() - start
        start = time.perf_counter()
        result = shrink_images_to_pdf([photo], work / "foto-kecil.pdf", target_bytes=300_000)
        t_photo = time.perf_counter() - start
        print(f"12 MP photo ({photo.stat().st_size / 1e6:.1f} MB JPEG, 3000x4000):")
        print(
            f"  -> {result.size_bytes / 1024:.0f} KB, {result.page_count} page, {result.dpi} dpi, "
            f"gray pages {result.grayscale_pages}, {t_photo:.2f} s "
            f"(targets < 300 KB, < 1 s); {t_photo / t_decode:.1f}x one plain decode"
        )

        # A 30-page scanned PDF of about 40 MB: 300 dpi A4 JPEG pages at high quality.
        jpegs = []
        for page in range(args.pages):
            buf = io.BytesIO()
            paper_scan((2480, 3508), seed=page, stamp=(page % 5 == 0)).save(
                buf, "JPEG", quality=80, dpi=(300, 300)
            )
            jpegs.append(buf.getvalue())
        scan = work / "pindaian.pdf"
        scan.write_bytes(img2pdf.convert(jpegs))
        start = time.perf_counter()
        pdf = pypdfium2.PdfDocument(scan)
        for index in range(len(pdf)):
            pdf[index].render(scale=150 / 72).to_pil()
        pdf.close()
        t_render = time.perf_counter() - start
        start = time.perf_counter()
        result = shrink_pdf(scan, work / "pindaian-kecil.pdf", target_bytes=limit)
        t_pdf = time.perf_counter() - start
        print(f"{args.pages}-page scanned PDF ({scan.stat().st_size / 1e6:.1f} MB):")
        print(
            f"  -> {result.size_bytes / 1e6:.2f} MB, {result.page_count} pages, {result.dpi} dpi, "
            f"mode {result.mode}, gray {result.grayscale_pages}, bilevel {result.bilevel_pages}, "
            f"{t_pdf:.1f} s (targets < 2 MB, < 20 s); {t_pdf / t_render:.1f}x one plain render "
            f"of every page at 150 dpi ({t_render:.1f} s)"
        )


if __name__ == "__main__":
    main()
