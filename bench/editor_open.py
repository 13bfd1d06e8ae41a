"""Benchmark: open an innovation with 20 answered indicators and 40 evidence documents.

Measures, in one run and one process, the time from constructing ``InnovationEditor`` to the
editor shown with its pages built (record read through the database lane, checks and score
computed, first indicator panel and its evidence list built), against two baselines built and
shown the same way: a bare ``QMainWindow``, and a plain ``QWidget`` holding as many plain child
widgets as the editor has. Prints medians and ratios; never passes or fails.

    QT_QPA_PLATFORM=offscreen python bench/editor_open.py [--runs 15]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QVBoxLayout, QWidget  # noqa: E402

from desktop.qtapp import keep_none_alive
from tests.gui.editor_support import make_pdf, make_png, new_innovation, open_context  # noqa: E402


def seed(context: object, folder: Path) -> str:
    """An innovation with every indicator answered and two documents per indicator."""
    rules = context.rules(2026)  # type: ignore[attr-defined]
    repo = context.repo  # type: ignore[attr-defined]
    vault = context.vault  # type: ignore[attr-defined]
    innovation_id = new_innovation(context, "Bench: layanan terpadu")
    pdf = vault.import_file(make_pdf(folder / "sk.pdf", pages=3))
    png = vault.import_file(make_png(folder / "foto.png"))
    from desktop.widgets.evidence import new_document_id
    from iid.records import EvidenceDocument

    for key in rules.indicators:
        repo.set_claimed_level(innovation_id, key, 2)
        accepted = rules.accepted_media_types(key)
        blob = pdf if pdf.media_type in accepted else png
        for position in range(2):
            document = EvidenceDocument(
                id=new_document_id(),
                slot=key,
                nomor=f"{key}/{position}/2025",
                tentang=f"Bukti {key}.{position}",
                sha256=blob.sha256,
                file_name=f"bukti-{key}-{position}.pdf",
                media_type=blob.media_type,
                size_bytes=blob.size_bytes,
                page_count=blob.page_count,
                position=position,
            )
            if blob.media_type not in accepted:
                document = dataclasses.replace(
                    document,
                    sha256=None,
                    media_type=None,
                    link="https://youtu.be/bench",
                    file_name=None,
                )
            repo.add_document(innovation_id, document)
    return innovation_id


def timed(build: Callable[[], QWidget], app: QApplication, runs: int) -> tuple[float, QWidget]:
    samples = []
    widget: QWidget | None = None
    for _ in range(runs):
        start = time.perf_counter()
        widget = build()
        widget.resize(1366, 768)
        widget.show()
        app.processEvents()
        samples.append(time.perf_counter() - start)
        widget.close()
        widget.deleteLater()
        app.processEvents()
    assert widget is not None
    return statistics.median(samples), widget


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    keep_none_alive()  # PySide6 6.12.0 on CPython 3.11: see desktop.qtapp
    folder = Path(tempfile.mkdtemp(prefix="bench-editor-"))
    os.environ["INOVASI_DESK_DATA"] = str(folder / "data")
    context = open_context(folder / "data")
    innovation_id = seed(context, folder)

    from desktop.windows.editor import InnovationEditor

    def editor() -> QWidget:
        widget = InnovationEditor(context, innovation_id)
        assert widget.innovation is not None, "inline lanes: the record is loaded at once"
        assert len(widget.documents("16")) == 2
        return widget

    probe = editor()
    children = len(probe.findChildren(QWidget))
    probe.deleteLater()
    app.processEvents()

    def bare_main_window() -> QWidget:
        return QMainWindow()

    def same_widget_count() -> QWidget:
        root = QWidget()
        layout = QVBoxLayout(root)
        for index in range(children):
            layout.addWidget(QLabel(str(index)))
        return root

    t_bare, _ = timed(bare_main_window, app, args.runs)
    t_plain, _ = timed(same_widget_count, app, args.runs)
    t_editor, _ = timed(editor, app, args.runs)
    rows = [
        (f"editor open (20 answered indicators, 40 documents), median of {args.runs}", t_editor),
        ("baseline: bare QMainWindow", t_bare),
        (f"baseline: QWidget with {children} plain children", t_plain),
    ]
    for label, seconds in rows:
        print(f"{label:<66} {seconds * 1000:7.1f} ms")
    print(f"{'ratio editor / bare window':<66} {t_editor / t_bare:7.1f}x")
    print(f"{'ratio editor / same number of plain widgets':<66} {t_editor / t_plain:7.2f}x")
    print(f"target under 150 ms: {'met' if t_editor < 0.150 else 'NOT met'}")
    context.close()


if __name__ == "__main__":
    main()
