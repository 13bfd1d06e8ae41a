"""The Verifikasi desk with a pemda of 300 submitted innovations, their scanned evidence in the
verifier's vault (as a sync leaves it), against baselines measured in the same run (these
machines are shared and noisy: read the ratios, not the absolute times).

- next document: ``N`` on the review screen until the document is on screen (loaded and
  painted), walking every document of several innovations; beside it the floor: the same PDF
  bytes, already in memory, shown and painted by a bare ``EvidencePreview`` of the same size.
  Also the first document after opening an innovation from the queue (not read ahead).
  Target: median under 200 ms.
- queue filters: each filter of the queue page (OPD, waiting time, state group, name search)
  applied to the 300 rows, counts and selection included; beside it the unfiltered refresh of
  the same rows. Target: under 50 ms.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/review.py [--innovations 300] [--walk 12]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1366, 768)


def wait(app: Any, done: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the screen never got there")
        app.processEvents()
        time.sleep(0.0005)


def report(label: str, samples: list[float], base: float, target: float) -> None:
    median = statistics.median(samples)
    p90 = sorted(samples)[int(len(samples) * 0.9)]
    print(
        f"  {label:34s} median {median:7.1f} ms  p90 {p90:7.1f} ms  "
        f"ratio {median / base:5.2f}x the baseline  "
        f"(target < {target:.0f} ms: {'met' if median < target else 'NOT met'})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--innovations", type=int, default=300)
    parser.add_argument("--walk", type=int, default=12, help="innovations walked with N")
    parser.add_argument("--rounds", type=int, default=25, help="rounds of each filter")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from desktop.context import AppContext
    from desktop.qtapp import keep_none_alive
    from desktop.review.desk_page import ReviewDeskPage
    from desktop.widgets.preview import EvidencePreview, read_blob
    from tests.gui.review_support import pulled_pemda, sign_in_as

    app = QApplication([])
    keep_none_alive()  # PySide6 6.12.0 on CPython 3.11: see desktop.qtapp
    folder = Path(tempfile.mkdtemp(prefix="bench-review-"))
    seed = AppContext.create(folder, inline_tasks=True)
    sign_in_as(seed, "verifikator")
    start = time.perf_counter()
    ids = pulled_pemda(seed, args.innovations, scans=True)
    seed.close()
    blobs = sum(1 for _ in AppContext.create(folder, inline_tasks=True).vault.list_blobs())
    print(
        f"seeded {len(ids)} submitted innovations, {blobs} scans in the vault "
        f"in {time.perf_counter() - start:.0f} s"
    )

    ctx = AppContext.create(folder)  # the app's lanes (database and background threads)
    desk = ReviewDeskPage(ctx)
    desk.resize(*SIZE)
    desk.show()
    queue = desk.queue
    wait(app, lambda: queue.model.rowCount() == len(ids))

    # --- queue filters -------------------------------------------------------------------
    def timed(change: Callable[[], None], undo: Callable[[], None]) -> list[float]:
        samples = []
        for _ in range(args.rounds):
            t = time.perf_counter()
            change()
            app.processEvents()
            samples.append((time.perf_counter() - t) * 1000)
            undo()
            app.processEvents()
        return samples

    base = timed(queue.apply_filter, lambda: None)
    cases: dict[str, tuple[Callable[[], None], Callable[[], None]]] = {
        "OPD = Dinas Kesehatan": (lambda: queue.opd.setCurrentIndex(1),
                                  lambda: queue.opd.setCurrentIndex(0)),
        "waiting 7 days or more": (lambda: queue.waiting.setCurrentIndex(2),
                                   lambda: queue.waiting.setCurrentIndex(0)),
        "state group: all": (lambda: queue.group.setCurrentIndex(queue.group.count() - 1),
                             lambda: queue.group.setCurrentIndex(0)),
        'name search "inovasi 1"': (lambda: queue.search.setText("inovasi 1"),
                                    lambda: queue.search.setText("")),
    }  # fmt: skip
    print(f"queue of {queue.model.rowCount()}, median of {args.rounds} (filter + counts + table):")
    print(f"  {'unfiltered refresh (baseline)':34s} median {statistics.median(base):7.2f} ms")
    base_ms = statistics.median(base)
    for label, (change, undo) in cases.items():
        report(label, timed(change, undo), base_ms, 50)

    # --- next document -------------------------------------------------------------------
    floor = EvidencePreview()
    floor.resize(700, 700)
    floor.show()
    shown: list[str] = []
    floor.sig_shown.connect(shown.append)

    def floor_ms(sha: str, media: str) -> float:
        data = read_blob(ctx.vault, sha)
        shown.clear()
        t = time.perf_counter()
        floor.show_data(data, media, "")
        wait(app, lambda: bool(shown))
        floor.grab()
        return (time.perf_counter() - t) * 1000

    firsts: list[float] = []
    nexts: list[float] = []
    floors: list[float] = []
    for rid in ids[: args.walk]:
        events: list[str] = []
        t = time.perf_counter()
        screen = desk.open_review(rid)
        screen.sig_document_shown.connect(events.append)
        wait(app, lambda e=events: any(k in ("pdf", "image") for k in e))
        screen.preview.grab()
        firsts.append((time.perf_counter() - t) * 1000)
        while True:
            before = (screen.key, screen.doc_index)
            events.clear()
            t = time.perf_counter()
            screen.next_document()
            if (screen.key, screen.doc_index) == before:
                break  # the last document
            wait(app, lambda e=events: bool(e) and e[-1] in ("pdf", "image", "message"))
            screen.preview.grab()
            elapsed = (time.perf_counter() - t) * 1000
            document = screen.current_document()
            if events[-1] in ("pdf", "image") and document is not None and document.sha256:
                nexts.append(elapsed)
                floors.append(floor_ms(document.sha256, str(document.media_type)))
        desk.close_review()
        app.processEvents()
    floor_median = statistics.median(floors)
    print(
        f"review screen ({args.walk} innovations walked, {len(nexts)} documents with N; "
        "loaded and painted):"
    )
    print(f"  {'bare preview, bytes in memory (baseline)':34s} median {floor_median:7.1f} ms")
    report("N: next document", nexts, floor_median, 200)
    report("first document after Enter in queue", firsts, floor_median, 200)
    desk.close()
    for widget in (desk, floor):
        widget.deleteLater()
    app.processEvents()
    ctx.close()
    app.shutdown()  # Qt's objects go before the interpreter's
    return 0


if __name__ == "__main__":
    sys.exit(main())
