"""``inovasi-desk --self-test`` and ``--check-data``: the app checks itself end to end.

``--self-test`` starts the real app (offscreen unless a display platform is set) on a temporary
data folder (or ``--data-dir``, which is then kept), and through its real windows creates an
innovation, names it, claims levels, attaches a generated PDF and a generated image as
evidence, reads a scanned page (OCR), shrinks a generated phone photo of a page to the size
limit, checks the score, prints the innovation's profile through the print path (QtPrintSupport
to a PDF file: in the bundle that loads the system's CUPS library), renders Paket kirim PDFs in
a second ``spawn`` process (in the bundle: the executable started again, through
``freeze_support``), opens the Sinkronisasi screen, then closes and reopens the store to find
everything intact. It prints one line per check and exits 0 only if every check passed.
Installers run it on the bundle.

``--check-data`` opens a data folder as the app would (migrating it, with a backup first),
verifies every evidence blob by its hash, and prints a stable inventory (the .deb upgrade test
compares it before and after an upgrade). Exit 0 only when every blob verifies.

``--report FILE`` also writes the output to FILE (a windowed Windows build has no console).
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any


class Reporter:
    def __init__(self, report: Path | None) -> None:
        self.lines: list[str] = []
        self.failed = 0
        self.report = report

    def say(self, line: str) -> None:
        self.lines.append(line)
        print(line, flush=True)

    def check(self, name: str, fn: Callable[[], str | None]) -> bool:
        start = time.perf_counter()
        try:
            detail = fn()
        except Exception as error:  # noqa: BLE001 - each failed check is reported, then exit 1
            self.failed += 1
            self.say(f"FAIL {name}: {type(error).__name__}: {error}")
            for line in traceback.format_exc().rstrip().splitlines()[-6:]:
                self.say(f"     {line}")
            return False
        ms = (time.perf_counter() - start) * 1000
        self.say(f"ok   {name}" + (f" ({detail})" if detail else "") + f" [{ms:.0f} ms]")
        return True

    def finish(self) -> int:
        verdict = "SELF-TEST PASSED" if not self.failed else f"SELF-TEST FAILED ({self.failed})"
        self.say(verdict)
        if self.report is not None:
            self.report.parent.mkdir(parents=True, exist_ok=True)
            self.report.write_text("\n".join(self.lines) + "\n", encoding="utf-8")
        return 0 if not self.failed else 1


def _wait(app: Any, condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        app.processEvents()
        time.sleep(0.005)


SAMPLE_SK = (
    "KEPUTUSAN BUPATI SIDOARJO",
    "NOMOR: 188.45/123/KPTS/2025",
    "TENTANG",
    "PELAKSANAAN INOVASI UJI MANDIRI",
    "",
    "Inovasi daerah Uji Mandiri dilaksanakan oleh Dinas Kesehatan.",
    "",
    "Ditetapkan di Sidoarjo",
    "pada tanggal 4 Maret 2025",
    "BUPATI SIDOARJO",
)
"""The scanned page the self-test imports and reads offline (OCR with the bundled model)."""


def _sample_pdf(path: Path) -> Path:
    """A one-page scan (200 dpi, image only) of an SK Bupati: the reader must OCR it."""
    import img2pdf
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=34)
    for row, line in enumerate(SAMPLE_SK):
        draw.text((200, 220 + row * 60), line, fill=0, font=font)
    draw.rectangle((100, 100, 1554, 2239), outline=0, width=3)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(200, 200))
    path.write_bytes(img2pdf.convert(buffer.getvalue()))
    return path


def _sample_png(path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 600), (235, 242, 250))
    ImageDraw.Draw(image).rectangle((40, 40, 760, 560), outline=(30, 80, 160), width=6)
    image.save(path, "PNG")
    return path


def _phone_photo(path: Path) -> Path:
    """A 12 MP photo of a printed page: noisy paper, lines of text, a red stamp."""
    from PIL import Image, ImageDraw, ImageFilter

    size = (3000, 4000)
    grain = Image.effect_noise(size, 18).point(lambda v: int(228 + (v - 128) * 0.35))
    page = Image.merge("RGB", (grain, grain, grain.point(lambda v: v - 6)))
    draw = ImageDraw.Draw(page)
    for row in range(60):
        draw.text((300, 300 + row * 55), "menimbang bahwa inovasi daerah " * 4, fill=(25, 25, 25))
    draw.ellipse((2100, 3200, 2600, 3700), outline=(200, 30, 40), width=12)
    page.filter(ImageFilter.GaussianBlur(0.6)).save(path, "JPEG", quality=92)
    return path


def run_self_test(
    data_dir: Path | None = None, *, report: Path | None = None, language: str | None = None
) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    keep = data_dir is not None
    folder = (
        Path(data_dir)
        if data_dir is not None
        else Path(tempfile.mkdtemp(prefix="inovasi-self-test-"))
    )
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["INOVASI_DESK_DATA"] = str(folder)
    work = Path(tempfile.mkdtemp(prefix="inovasi-self-test-files-"))
    r = Reporter(report)
    from desktop.qtapp import app_version, make_application

    r.say(f"Inovasi Desk {app_version()} self-test; data folder {folder}")
    app: Any = make_application(sys.argv[:1])
    state: dict[str, Any] = {}
    try:
        _self_test(app, r, folder, work, state, language)
    finally:
        window, context = state.get("window"), state.get("context")
        if window is not None:
            bridge = getattr(window, "sync_bridge", None)
            if bridge is not None:
                bridge.stop()
            window.close()
        if context is not None:
            context.close()
        shutil.rmtree(work, ignore_errors=True)
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    return r.finish()


def _self_test(
    app: Any, r: Reporter, folder: Path, work: Path, state: dict[str, Any], language: str | None
) -> None:
    from desktop import sync_bridge
    from desktop.context import AppContext
    from desktop.i18n import Translations
    from desktop.windows.main_window import MainWindow
    from iid import scoring

    translations = Translations()

    def start() -> str:
        context = AppContext.create(folder, language=language)
        state["context"] = context
        loaded = translations.install(context.language)
        window = MainWindow(context, translations)
        window.show()
        sync_bridge.install(window, watch_network=False).start()  # no server: nothing is sent
        state["window"] = window
        _wait(app, window.isVisible, 10, "the main window")
        return f"language {context.language}, translations {','.join(loaded) or 'none'}"

    if not r.check("start the app (store, vault, rules, main window)", start):
        return
    window, context = state["window"], state["context"]
    ids: dict[str, Any] = {}

    def create() -> str:
        window.new_innovation()
        _wait(
            app,
            lambda: window.editor is not None and window.editor.innovation is not None,
            20,
            "the editor of the new innovation",
        )
        editor = window.editor
        ids["innovation"] = editor.innovation_id
        name = editor.profile_page.inputs["nama"]
        name.edit.setText("Uji Mandiri Layanan Kilat")
        name.edit.textEdited.emit(name.edit.text())  # as typed by the officer
        return str(editor.innovation_id)

    if not r.check("create an innovation in the editor", create):
        return
    editor = window.editor
    rules = editor.rules
    pdf_slot = next(
        k for k, i in rules.indicators.items() if i.accepted_types == {"application/pdf"}
    )
    image_slot = next(k for k, i in rules.indicators.items() if "image/png" in i.accepted_types)

    def claim() -> str:
        from PySide6.QtWidgets import QRadioButton

        for key in (pdf_slot, image_slot):
            panel = editor.indicator_page.panel(key)
            radio = panel.levels.findChild(QRadioButton, "level_3")
            radio.click()
        expected = scoring.kematangan(rules, {pdf_slot: 3, image_slot: 3})
        shown = f"{expected:.0f}"
        _wait(app, lambda: f">{shown}<" in editor.score_panel.claimed.text(), 5,
              f"the score panel to show {shown}")  # fmt: skip
        ids["kematangan"] = expected
        return f"indicators {pdf_slot} and {image_slot} at level 3: kematangan {expected}"

    r.check("claim indicator levels", claim)

    def attach() -> str:
        pdf = _sample_pdf(work / "sk-bupati.pdf")
        png = _sample_png(work / "tangkapan-layar.png")
        editor.indicator_page.panel(pdf_slot).evidence.add_files([pdf])
        editor.indicator_page.panel(image_slot).evidence.add_files([png])
        _wait(
            app,
            lambda: len(editor.documents(pdf_slot)) == 1 and len(editor.documents(image_slot)) == 1,
            30,
            "the imported evidence",
        )
        docs = editor.documents(pdf_slot) + editor.documents(image_slot)
        ids["blobs"] = [d.sha256 for d in docs]
        return ", ".join(f"{d.media_type} {d.size_bytes} B" for d in docs)

    r.check("import a generated PDF and image as evidence", attach)

    def read_scan() -> str:
        def read() -> bool:
            docs = editor.documents(pdf_slot)
            return bool(docs) and docs[0].jenis != "" and docs[0].tanggal is not None

        _wait(app, read, 60, "the scanned SK to be read (OCR)")
        doc = editor.documents(pdf_slot)[0]
        if (doc.jenis, doc.nomor) != ("sk_kepala_daerah", "188.45/123/KPTS/2025"):
            raise AssertionError(f"read jenis {doc.jenis!r}, nomor {doc.nomor!r}")
        if "nomor" not in doc.prefilled:
            raise AssertionError(f"not marked as read from the document: {doc.prefilled}")
        return f"{doc.jenis}, {doc.nomor}, {doc.tanggal}: read from the scan, to be confirmed"

    r.check("read a scanned page offline (OCR, Indonesian)", read_scan)

    def shrink() -> str:
        from sync.local.inspect import inspect_file
        from sync.local.shrink import shrink_images_to_pdf

        photo = _phone_photo(work / "foto-halaman.jpg")
        result = shrink_images_to_pdf([photo], work / "foto-kecil.pdf", target_bytes=300_000)
        if result.size_bytes > rules.max_file_bytes or result.page_count != 1:
            raise AssertionError(f"shrunk to {result.size_bytes} B, {result.page_count} pages")
        inspected = inspect_file(
            result.path,
            accepted=rules.accepted_media_types(pdf_slot),
            max_bytes=rules.max_file_bytes,
            max_video_seconds=rules.max_video_seconds,
        )
        if not inspected.accepted:
            raise AssertionError(f"the shrunk file is refused: {inspected.findings}")
        return (
            f"{photo.stat().st_size // 1024} KB photo -> {result.size_bytes // 1024} KB PDF, "
            f"{result.dpi} dpi"
        )

    r.check("shrink a phone photo of a page (Perkecil berkas)", shrink)

    def score() -> str:
        window.close_editor()
        window.show_page("summary")
        from iid.projection import Status

        page = window.summary_page
        _wait(app, lambda: page.projection is not None, 20, "the summary")
        projection = page.projection
        shown = {row.kematangan_klaim for row in projection.innovations}
        if ids.get("kematangan") not in shown:
            raise AssertionError(f"summary kematangan {shown}, expected {ids}")
        return (
            f"index {projection.claimed.indeks_bulat} ({projection.claimed.predikat}), "
            f"potential {projection.count(Status.POTENSI)} draft(s)"
        )

    r.check("compute the score (Ringkasan)", score)

    def print_profile() -> str:
        from PySide6.QtPrintSupport import QPrinter  # links the system's CUPS in the bundle

        from desktop.export.profile_dialog import ProfileDialog

        dialog = ProfileDialog(context, [ids["innovation"]], window)
        outcome: dict[str, str] = {}
        dialog.sig_ready.connect(lambda: outcome.setdefault("ready", ""))
        dialog.sig_failed.connect(lambda error: outcome.setdefault("failed", error))
        try:
            _wait(app, lambda: bool(outcome), 60, "the innovation profile")
            if "failed" in outcome:
                raise AssertionError(f"the profile could not be made: {outcome['failed']}")
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printed = work / "profil-cetak.pdf"
            printer.setOutputFileName(str(printed))
            pages = dialog.print_to(printer)
        finally:
            dialog.close()
        size = printed.stat().st_size if printed.exists() else 0
        if pages < 1 or size < 1024:
            raise AssertionError(f"{pages} page(s) printed, {size} bytes")
        return f"{pages} page(s) through the print path to a PDF of {size // 1024} KB"

    r.check("print the innovation profile (Cetak profil)", print_profile)

    def render_in_second_process() -> str:
        # A large Paket kirim renders its PDFs in a second process started with ``spawn``: in
        # the bundle that runs this executable again, which must run the worker (through
        # ``multiprocessing.freeze_support()`` in installer/launcher.py), not a second app.
        from sync.export import render
        from sync.export.pdf import ChecklistFiles
        from sync.export.source import pack_record

        innovation = context.repo.get_innovation(ids["innovation"])
        job = render.PageJob(
            record=pack_record(innovation),
            year=innovation.rule_year,
            pemda_name="Pemda Uji Mandiri",
            opd_name="OPD Uji Mandiri",
            number=1,
            files=ChecklistFiles(folder="001-uji-mandiri", paths={}),
            workbook_name="paket.xlsx",
            marked=False,
            profile=True,
        )
        with render.PageRenderer(process=True) as renderer:
            pids = renderer.worker_pids()
            pages = [p for _, p in renderer.map([job, job])]
            fell_back = renderer.fell_back
        if fell_back or not pids or os.getpid() in pids:
            raise AssertionError(f"no second process rendered (workers {pids}, fell back)")
        if any(not p.checklist.startswith(b"%PDF") or not p.profile for p in pages):
            raise AssertionError("the second process returned no PDF")
        return f"process {pids[0]}: {len(pages)} checklists and profiles"

    r.check("render Paket kirim PDFs in a second process", render_in_second_process)

    def sync_screen() -> str:
        window.show_page("sync")
        app.processEvents()
        page = window.page("sync")
        if window.stack.currentWidget() is not page or not page.isVisible():
            raise AssertionError("the Sinkronisasi page is not shown")
        if type(page).__name__ != "SyncPage":
            raise AssertionError(f"the Sinkronisasi page is a {type(page).__name__}")
        status = window.sync_status_label.text()
        if not status:
            raise AssertionError("the status bar shows no sync state")
        return f"{type(page).__name__}, status bar: {status}"

    r.check("open the Sinkronisasi screen", sync_screen)

    def reopen() -> str:
        window.sync_bridge.stop()  # the engine lets go of the store before it closes
        window.close()
        context.close()
        state.pop("window")
        state.pop("context")
        again = AppContext.create(folder, inline_tasks=True)
        state["context"] = again
        innovation = again.repo.get_innovation(ids["innovation"])
        if innovation is None:
            raise AssertionError("the innovation is gone after reopening")
        if innovation.profile.nama != "Uji Mandiri Layanan Kilat":
            raise AssertionError(f"name after reopening: {innovation.profile.nama!r}")
        if scoring.kematangan(rules, innovation.claimed_levels()) != ids.get("kematangan"):
            raise AssertionError(f"levels after reopening: {innovation.claimed_levels()}")
        for sha in ids.get("blobs", []):
            if not again.vault.verify(sha):
                raise AssertionError(f"evidence blob {sha[:12]} does not verify")
        integrity = again.store.integrity_check()
        if integrity != "ok":
            raise AssertionError(f"store integrity: {integrity}")
        return f"{len(innovation.documents)} documents, blobs verified, integrity ok"

    r.check("close, reopen and find everything intact", reopen)


def _no_data(r: Reporter, report: Path | None, line: str) -> int:
    r.say(line)
    r.say("NO DATA")
    if report is not None:
        report.write_text("\n".join(r.lines) + "\n", encoding="utf-8")
    return 1


def run_check_data(data_dir: Path | None = None, *, report: Path | None = None) -> int:
    """Open a data folder as the app does and verify it; print a stable inventory."""
    from desktop.context import AppContext
    from sync.local import paths
    from sync.local.listing import InnovationFilter

    folder = Path(data_dir) if data_dir is not None else paths.data_dir(create=False)
    r = Reporter(report)
    # A check changes nothing: a folder that is not there stays not there.
    if not folder.is_dir():
        return _no_data(
            r,
            report,
            f"Folder data {folder} tidak ada; tidak ada yang dibuat. / "
            f"The data folder {folder} does not exist; nothing was created.",
        )
    if not paths.store_path(folder).exists():
        return _no_data(
            r,
            report,
            f"Folder {folder} tidak berisi data Inovasi Desk (tidak ada store.sqlite); tidak ada "
            f"yang dibuat. / {folder} holds no Inovasi Desk data (no store.sqlite); nothing was "
            "created.",
        )
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.qtapp import make_application

    make_application(sys.argv[:1])
    context = AppContext.create(folder, inline_tasks=True)
    try:
        repo = context.repo
        summaries = repo.list_innovations(InnovationFilter(), "nama", False, 0, 1_000_000)
        r.say(f"innovations: {len(summaries)}")
        blobs: set[str] = set()
        for summary in sorted(summaries, key=lambda s: s.id):
            innovation = repo.get_innovation(summary.id)
            assert innovation is not None
            levels = {k: v for k, v in sorted(innovation.claimed_levels().items()) if v}
            r.say(
                f"innovation {innovation.id} rule_year={innovation.rule_year} "
                f"nama={innovation.profile.nama!r} levels={levels} "
                f"documents={len(innovation.documents)}"
            )
            for doc in sorted(innovation.documents, key=lambda d: d.id):
                r.say(f"  document {doc.id} slot={doc.slot} sha256={doc.sha256} link={doc.link}")
                if doc.sha256:
                    blobs.add(doc.sha256)
        fetching = {
            i.record_id
            for i in context.repo.outbox.pending_items()
            if i.is_blob and i.direction == "down"
        }
        for sha in sorted(blobs | set(context.repo.referenced_blobs())):
            if not context.vault.has(sha) and sha in fetching:
                # A colleague's file this installation has not downloaded yet: not damage.
                r.say(f"blob {sha} not downloaded yet (comes with the next synchronisation)")
                continue
            ok = context.vault.has(sha) and context.vault.verify(sha)
            r.say(f"blob {sha} {'ok' if ok else 'DAMAGED OR MISSING'}")
            if not ok:
                r.failed += 1
        integrity = context.store.integrity_check()
        r.say(f"store integrity: {integrity}")
        if integrity != "ok":
            r.failed += 1
    finally:
        context.close()
    verdict = r.failed
    r.say("DATA OK" if not verdict else f"DATA PROBLEMS ({verdict})")
    if report is not None:
        report.write_text("\n".join(r.lines) + "\n", encoding="utf-8")
    return 0 if not verdict else 1
