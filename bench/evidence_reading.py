"""How well and how fast the evidence reader reads the labelled corpus (bench/evidence_corpus.py).

Prints, for text PDFs and for scans separately: accuracy of jenis, nomor (exact), tanggal,
tahun and the page naming the innovation, and seconds per page (wall clock and CPU). The
baseline, measured in the same run on the same scans, is a plain OCR-and-patterns reader (the
same engine and parser without the page preparation): the ratios say what preparation buys and
costs. Targets (issue 13): jenis >= 98 %, tanggal >= 97 %, nomor >= 95 % exact, OCR <= 2 s per
A4 page at 200 dpi on two cores, text layer < 50 ms.

    python -m bench.evidence_reading [--count 72] [--dir DIR] [--engine tesseract|rapidocr]
                                     [--no-baseline]

The machine is shared: the CPU seconds are the steadier figure; the load average is printed.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.evidence_corpus import Label, build_corpus, load_labels

FIELDS = ("jenis", "nomor", "tanggal", "tahun", "name_page")
TARGETS = {"jenis": 0.98, "tanggal": 0.97, "nomor": 0.95}


@dataclass
class Tally:
    documents: int = 0
    pages: int = 0
    wall: float = 0.0
    cpu: float = 0.0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[str] = field(default_factory=list)

    def add(self, label: Label, found: dict[str, Any], pages: int, wall: float, cpu: float) -> None:
        self.documents += 1
        self.pages += pages
        self.wall += wall
        self.cpu += cpu
        truth = {
            "jenis": label.jenis,
            "nomor": label.nomor,
            "tanggal": label.tanggal,
            "tahun": label.tahun,
            "name_page": label.name_page,
        }
        wrong = []
        for name in FIELDS:
            if found[name] == truth[name]:
                self.right[name] += 1
            else:
                wrong.append(f"{name}={found[name]!r} (want {truth[name]!r})")
        if wrong:
            self.misses.append(f"{label.file}: " + "; ".join(wrong))

    def share(self, name: str) -> float:
        return self.right[name] / self.documents if self.documents else 0.0


def _found(reading: Any, label: Label) -> dict[str, Any]:
    return {
        "jenis": reading.jenis,
        "nomor": reading.nomor,
        "tanggal": reading.tanggal.isoformat() if reading.tanggal else None,
        "tahun": reading.year,
        "name_page": reading.name_page(label.innovation),
    }


def _measure(
    labels: list[Label], directory: Path, read: Callable[[Path], Any]
) -> tuple[Tally, Tally]:
    text, scans = Tally(), Tally()
    for label in labels:
        started, cpu_started = time.perf_counter(), time.process_time()
        reading = read(directory / label.file)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        pages = max(1, reading.ocr_pages if label.scan else reading.page_count)
        (scans if label.scan else text).add(label, _found(reading, label), pages, wall, cpu)
    return text, scans


def _print(title: str, tally: Tally) -> None:
    if not tally.documents:
        return
    shares = "  ".join(f"{name} {100 * tally.share(name):5.1f} %" for name in FIELDS)
    print(f"{title:<28} {tally.documents:3d} docs {tally.pages:3d} pages  {shares}")
    print(
        f"{'':<28} {tally.wall / tally.pages:.3f} s/page wall, "
        f"{tally.cpu / tally.pages:.3f} s/page CPU"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=72)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--dir", type=Path, help="an existing corpus (else one is generated)")
    parser.add_argument("--engine", choices=("tesseract", "rapidocr"), default="tesseract")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list every wrong field")
    args = parser.parse_args(argv)

    from sync.local.reading import ocr, reader

    engine: Any
    if args.engine == "tesseract":
        engine = ocr.TesseractEngine()
    else:
        from bench.rapidocr_engine import RapidOcrEngine

        engine = RapidOcrEngine()
    with tempfile.TemporaryDirectory() as scratch:
        directory = args.dir or Path(scratch) / "corpus"
        if args.dir is None:
            started = time.perf_counter()
            build_corpus(directory, args.count, args.seed)
            print(
                f"corpus: {args.count} documents generated in {time.perf_counter() - started:.0f} s"
            )
        labels = load_labels(directory)
        print(
            f"engine {engine.name} {getattr(engine, 'version', '')}; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (shared machine)"
        )
        # Warm up: imports and the engine's model load are not per page.
        reader.read_path(directory / labels[0].file, engine=engine)
        text, scans = _measure(labels, directory, lambda p: reader.read_path(p, engine=engine))
        print()
        _print("text PDFs (text layer)", text)
        _print("scans (OCR, prepared)", scans)
        if not args.no_baseline:
            plain = reader.prepared
            try:
                reader.prepared = lambda image: image.convert("L")  # type: ignore[assignment]
                scan_labels = [lb for lb in labels if lb.scan]
                _, baseline = _measure(
                    scan_labels, directory, lambda p: reader.read_path(p, engine=engine)
                )
            finally:
                reader.prepared = plain  # type: ignore[assignment]
            _print("baseline: plain OCR", baseline)
            if baseline.pages and scans.pages:
                print()
                for name in FIELDS:
                    gain = 100 * (scans.share(name) - baseline.share(name))
                    print(f"  {name:<10} prepared vs plain OCR: {gain:+5.1f} points")
                ratio = (scans.cpu / scans.pages) / max(1e-9, baseline.cpu / baseline.pages)
                print(f"  CPU per page, prepared / plain OCR: {ratio:.2f}x")
        print()
        both = Tally()
        for part in (text, scans):
            both.documents += part.documents
            for name in FIELDS:
                both.right[name] += part.right[name]
        for name, target in TARGETS.items():
            for title, part in (("text", text), ("scans", scans), ("all", both)):
                verdict = "meets" if part.share(name) >= target else "BELOW"
                print(
                    f"  {name:<8} {title:<5} {100 * part.share(name):5.1f} % "
                    f"(target {100 * target:.0f} %): {verdict}"
                )
        if scans.pages:
            per_page = scans.cpu / scans.pages
            print(
                f"  OCR CPU per page {per_page:.2f} s (target <= 2 s): "
                f"{'meets' if per_page <= 2 else 'BELOW'}"
            )
        if text.pages:
            per_page = text.wall / text.pages
            print(
                f"  text layer per page {1000 * per_page:.1f} ms (target < 50 ms): "
                f"{'meets' if per_page < 0.05 else 'BELOW'}"
            )
        if args.misses:
            print()
            for line in text.misses + scans.misses:
                print("  miss", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
