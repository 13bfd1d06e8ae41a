"""Write a Paket kirim: plan it, then stream it into a folder or a ZIP under a temporary name.

Layout of a package (names from :mod:`sync.export.naming`)::

    paket-kirim-<pemda>-<year>-<stamp>/
      BACA-SAYA.txt                     what is inside and how to check it
      paket-kirim-<year>.xlsx            Inovasi / Indikator / Profil SPD / Tentang paket
      paket.json                        counts and options (for tools)
      000-profil-pemda-spd/01-visi-dan-misi/01-....pdf
      001-<innovation>/00-daftar-isian.pdf           checklist in form order
      001-<innovation>/00a-anggaran/01-....pdf       profile file fields (form order)
      001-<innovation>/16-regulasi-inovasi-daerah/01-perbup-12-2024.pdf
      001-<innovation>/00d-video-inovasi/tautan-video.txt
      manifest-sha256.txt                written last

An output thread streams evidence from the source into the target, hashing as it writes, while
the caller's thread makes the files ahead of it and the PDFs (checklists, profiles) and the
workbook are made by the renderer (:mod:`sync.export.render`: a second process for large
packages, the workbook first, then the pages); everything meets at a small bounded queue, so
memory holds a few PDFs at most, never a file's bytes. The evidence is
checked against its content address on the way (a damaged blob stops the export). Records are
read once, in the planning pass, and kept compressed: the package is one consistent snapshot
even while the store changes under it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iid.records import EvidenceDocument, Innovation, WorkflowState
from iid.rules import RuleSet, RuleSetError, load_rules
from sync.export import form, naming
from sync.export.errors import (
    EVIDENCE_DAMAGED,
    MISSING_EVIDENCE,
    NO_SPACE,
    NOTHING_TO_EXPORT,
    RULES_UNKNOWN,
    ExportCancelled,
    ExportError,
)
from sync.export.manifest import MANIFEST_NAME, manifest_text
from sync.export.source import (
    APPROVED_STATES,
    InnovationRef,
    KeepsBlobCrcs,
    PackageSource,
    PemdaInfo,
    pack_record,
)
from sync.export.targets import FolderTarget, ZipTarget, check_destination, open_target
from sync.export.workbook import DocumentPlacement, WorkbookJob, WorkbookRow, build_workbook

if TYPE_CHECKING:
    from sync.export.render import PageRenderer

log = logging.getLogger(__name__)

QUEUE_DEPTH = 64
INNOVATION_WEIGHT = 256 * 1024
"""Progress counts one innovation's PDFs and rows like 256 KiB of evidence."""
SPD_FOLDER = "000-profil-pemda-spd"
README_NAME = "BACA-SAYA.txt"
INFO_NAME = "paket.json"
PDF_ALLOWANCE = 512 * 1024
"""Disk space reserved per innovation for its PDFs and rows (checked before writing)."""


@dataclass(frozen=True)
class ExportOptions:
    """What goes into a package. ``states``: the workflow states included (default: the
    approved ones); others are marked. ``allow_missing``: write the package even when some
    evidence is not on this side (listed in it), instead of refusing."""

    year: int
    states: frozenset[WorkflowState] = APPROVED_STATES
    include_profiles: bool = False
    allow_missing: bool = False
    durable: bool = True


@dataclass(frozen=True)
class ExportProgress:
    phase: str  # "plan", "write", "finish"
    done_bytes: int
    total_bytes: int
    done_innovations: int
    total_innovations: int

    @property
    def fraction(self) -> float:
        total = self.total_bytes + self.total_innovations * INNOVATION_WEIGHT
        done = self.done_bytes + self.done_innovations * INNOVATION_WEIGHT
        return 1.0 if total <= 0 else min(1.0, done / total)


@dataclass(frozen=True)
class MissingFile:
    """Evidence the package could not hold because this side does not have its bytes."""

    innovation: str
    path: str
    sha256: str


@dataclass(frozen=True)
class _File:
    path: str  # inside the package
    sha256: str
    size: int
    missing: bool
    crc32: int | None = None  # recorded when the bytes came in (see KeepsBlobCrcs)


@dataclass
class _Planned:
    number: int
    ref: InnovationRef
    folder: str
    record: bytes  # zlib-compressed codec JSON: one snapshot, little memory
    marked: bool
    files: list[_File] = field(default_factory=list)
    links: dict[str, tuple[str, str]] = field(default_factory=dict)  # slot -> (path, text)
    placements: dict[str, DocumentPlacement] = field(default_factory=dict)  # doc id -> package path
    local_paths: dict[str, str] = field(default_factory=dict)  # doc id -> path inside folder


@dataclass
class PackagePlan:
    """What a package will hold, before anything is written (the desktop shows its counts)."""

    options: ExportOptions
    pemda: PemdaInfo
    rules: RuleSet
    innovations: list[_Planned]
    spd_files: list[_File]
    spd_placements: dict[str, DocumentPlacement]
    spd_record: Any
    spd_links: dict[str, str]
    missing: list[MissingFile]

    @property
    def documents(self) -> int:
        return sum(len(p.files) for p in self.innovations) + len(self.spd_files)

    @property
    def links(self) -> int:
        return sum(text.count("\n") for p in self.innovations for _, text in p.links.values())

    @property
    def total_bytes(self) -> int:
        files = [f for p in self.innovations for f in p.files] + self.spd_files
        return sum(f.size for f in files if not f.missing)

    @property
    def marked(self) -> int:
        return sum(1 for p in self.innovations if p.marked)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    innovations: int
    documents: int
    links: int
    evidence_bytes: int
    files: int
    missing: tuple[MissingFile, ...]
    marked: int


# --- planning -------------------------------------------------------------------------------


def _rules(year: int) -> RuleSet:
    try:
        return load_rules(year)
    except RuleSetError as exc:
        raise ExportError(RULES_UNKNOWN, year=year, reason=str(exc)) from exc


def _slot_order(rules: RuleSet, innovation: Innovation) -> list[str]:
    slots = [s.key for s in form.evidence_slots(rules)]
    extra = sorted({d.slot for d in innovation.documents} - set(slots))
    return slots + extra


def _plan_documents(
    rules: RuleSet,
    root: str,
    documents_by_slot: Iterable[tuple[str, list[EvidenceDocument]]],
    source: PackageSource,
    owner: str,
    missing: list[MissingFile],
    extra_links: dict[str, list[str]] | None = None,
) -> tuple[list[_File], dict[str, tuple[str, str]], dict[str, str]]:
    files: list[_File] = []
    links: dict[str, tuple[str, str]] = {}
    local: dict[str, str] = {}
    crcs = source if isinstance(source, KeepsBlobCrcs) else None
    for slot, documents in documents_by_slot:
        folder = naming.slot_folder(rules, slot)
        lines: list[str] = list((extra_links or {}).get(slot, []))
        for number, doc in enumerate(documents, start=1):
            if doc.is_link:
                label = doc.tentang or doc.nomor or "tautan"
                lines.append(f"{number:02d}. {label}: {doc.link}")
                local[doc.id] = f"{folder}/{naming.links_file(rules, slot)}"
                continue
            if not doc.sha256:
                continue
            name = f"{folder}/{naming.document_file(number, doc)}"
            size = source.blob_size(doc.sha256)
            path = f"{root}/{name}" if root else name
            if size is None:
                missing.append(MissingFile(owner, path, doc.sha256))
            crc = crcs.blob_crc32(doc.sha256) if crcs is not None and size is not None else None
            files.append(_File(path, doc.sha256, size or 0, size is None, crc))
            local[doc.id] = name
        if lines:
            name = f"{folder}/{naming.links_file(rules, slot)}"
            links[slot] = (f"{root}/{name}" if root else name, "\n".join(lines) + "\n")
    return files, links, local


def plan_package(
    source: PackageSource,
    options: ExportOptions,
    *,
    cancel: threading.Event | None = None,
    listed: Callable[[int], None] | None = None,
) -> PackagePlan:
    """Read every record the package will hold (one consistent snapshot) and name its files.
    ``listed(count)`` is told how many innovations it holds before their records are read."""
    rules = _rules(options.year)
    states = set(options.states)
    refs = source.innovations(options.year, states)
    refs = sorted(refs, key=lambda r: (r.opd_name.casefold(), r.nama.casefold(), r.id))
    if listed is not None:
        listed(len(refs))
    missing: list[MissingFile] = []
    planned: list[_Planned] = []
    records = source.records([r.id for r in refs])
    for number, ref in enumerate(refs, start=1):
        if cancel is not None and cancel.is_set():
            raise ExportCancelled()
        innovation = next(records)
        folder = naming.innovation_folder(number, innovation.profile.nama or ref.nama)
        entry = _Planned(
            number=number,
            ref=ref,
            folder=folder,
            record=pack_record(innovation),
            marked=innovation.workflow_state not in APPROVED_STATES,
        )
        extra_links: dict[str, list[str]] = {}
        for spec in form.profile_fields(rules):
            paired = spec.name.removesuffix("_link")
            value = spec.value_in(innovation.profile)
            if spec.kind == "link" and paired != spec.name and value:
                extra_links.setdefault(paired, []).append(f"{spec.label}: {value}")
        by_slot = [(slot, form.ordered_documents(innovation, slot))
                   for slot in _slot_order(rules, innovation)]  # fmt: skip
        by_slot = [(s, d) for s, d in by_slot if d or s in extra_links]
        files, links, local = _plan_documents(
            rules, folder, by_slot, source, innovation.profile.nama or ref.nama, missing,
            extra_links,
        )  # fmt: skip
        entry.files, entry.links, entry.local_paths = files, links, local
        by_path = {f.path: f for f in files}
        for doc_id, name in local.items():
            path = f"{folder}/{name}"
            entry.placements[doc_id] = DocumentPlacement(
                path, missing=by_path[path].missing if path in by_path else False
            )
        planned.append(entry)
    spd = source.spd_profile(options.year)
    spd_files: list[_File] = []
    spd_placements: dict[str, DocumentPlacement] = {}
    if spd is not None and rules.is_known("spd_rows"):
        slots = form.spd_rows_in_order(rules)
        by_slot = [
            (slot, sorted((d for d in spd.documents if d.slot == slot), key=lambda d: d.position))
            for slot in slots
        ]
        spd_files, spd_links, local = _plan_documents(
            rules, SPD_FOLDER, [(s, d) for s, d in by_slot if d], source, "Profil Pemda (SPD)",
            missing,
        )  # fmt: skip
        for doc_id, name in local.items():
            spd_placements[doc_id] = DocumentPlacement(f"{SPD_FOLDER}/{name}")
        spd_links_text = {path: text for path, text in spd_links.values()}
    else:
        spd_links_text = {}
    plan = PackagePlan(
        options=options,
        pemda=source.pemda(),
        rules=rules,
        innovations=planned,
        spd_files=spd_files,
        spd_placements=spd_placements,
        spd_record=spd,
        spd_links=spd_links_text,
        missing=missing,
    )
    return plan


# --- writing --------------------------------------------------------------------------------


class _Writer(threading.Thread):
    """The output thread: takes entries from the queue and writes them into the target."""

    def __init__(
        self,
        target: FolderTarget | ZipTarget,
        source: PackageSource,
        plan: PackagePlan,
        progress: Callable[[ExportProgress], None] | None,
        stop: threading.Event,
    ) -> None:
        super().__init__(name="paket-kirim-writer", daemon=True)
        self.target = target
        self.source = source
        self.plan = plan
        self.progress = progress
        self.stop = stop
        self.queue: queue.Queue[tuple[Any, ...]] = queue.Queue(QUEUE_DEPTH)
        self.error: BaseException | None = None
        self.manifest: list[tuple[str, str]] = []
        self._keeps_crcs = isinstance(source, KeepsBlobCrcs)
        self.new_crcs: dict[str, int] = {}
        """CRC-32s of blobs that had none recorded, each found to match its SHA-256."""
        self.done_bytes = 0
        self.done_innovations = 0
        self.total_bytes = plan.total_bytes

    def run(self) -> None:
        try:
            with self.source.reading_blobs():
                self._take()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            self.error = exc
            self.stop.set()
            # Drain so a producer blocked on put() wakes up.
            while True:
                try:
                    self.queue.get_nowait()
                except queue.Empty:
                    break

    def _take(self) -> None:
        while True:
            entry = self.queue.get()
            kind = entry[0]
            if kind == "end":
                return
            if self.stop.is_set():
                raise ExportCancelled()
            if kind == "blob":
                self._blob(entry[1], entry[2], entry[3], entry[4], entry[5])
            elif kind == "bytes":
                sha, _ = self.target.write(entry[1], [entry[2]], len(entry[2]))
                self.manifest.append((entry[1], sha))
            elif kind == "file":
                self._file(entry[1], entry[2])
            elif kind == "innovation_done":
                self.done_innovations = entry[1]
                self._report()

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(
                ExportProgress(
                    "write",
                    self.done_bytes,
                    self.total_bytes,
                    self.done_innovations,
                    len(self.plan.innovations),
                )
            )

    def _blob(self, path: str, sha256: str, size: int, crc: int | None, owner: str) -> None:
        """Stream one blob into the package and prove the written bytes are the blob's: by
        the CRC-32 recorded when they came in, when there is one (the manifest then takes the
        SHA-256 from the blob's content address), else by hashing them (and the CRC-32 is
        kept for the next export)."""
        learn = crc is None and self._keeps_crcs
        try:
            pieces = self.source.blob_chunks(sha256)

            def chunks() -> Iterator[bytes]:
                for block in pieces:
                    if self.stop.is_set():
                        raise ExportCancelled()
                    self.done_bytes += len(block)
                    yield block
                    self._report()

            try:
                found = self.target.stream(
                    path, chunks(), size, sha256=crc is None, crc32=crc is not None or learn
                )
            finally:
                # A blob left half read (cancel, failure) is closed now, while the source's
                # reader is still open, not whenever the garbage collector gets to it.
                close = getattr(pieces, "close", None)
                if close is not None:
                    close()
        except (KeyError, FileNotFoundError) as exc:  # removed after planning
            raise ExportError(MISSING_EVIDENCE, count=1, examples=[(owner, path)]) from exc
        except (ExportError, OSError):
            raise
        except Exception as exc:  # noqa: BLE001 - e.g. a blob marked or found damaged
            raise ExportError(EVIDENCE_DAMAGED, innovation=owner, path=path) from exc
        checked = found.crc32 == crc if crc is not None else found.sha256 == sha256
        if not checked or found.size != size:
            raise ExportError(EVIDENCE_DAMAGED, innovation=owner, path=path)
        if learn and found.crc32 is not None:
            self.new_crcs[sha256] = found.crc32
        self.manifest.append((path, sha256))

    def _file(self, path: str, source: Path) -> None:
        sha256, _ = self.target.place(path, source)  # read once, by the target
        self.manifest.append((path, sha256))


def _put(
    writer: _Writer,
    entry: tuple[Any, ...],
    cancel: threading.Event | None,
    feeder: _PageFeeder | None = None,
) -> None:
    """Hand an entry to the writer; raise its error (or the page feeder's) or the cancel
    instead of waiting forever."""
    while True:
        if writer.error is not None:
            raise writer.error
        if feeder is not None and feeder.error is not None:
            raise feeder.error
        if cancel is not None and cancel.is_set():
            raise ExportCancelled()
        try:
            writer.queue.put(entry, timeout=0.1)
            return
        except queue.Full:
            continue


HELP_BELOW = 4
"""Entries left in the writer's queue under which rendering here is better than waiting."""


class _PageFeeder(threading.Thread):
    """Takes each innovation's PDFs from the renderer, in order, and queues them for the
    writer (then the innovation counts as done for the progress). Stopped by ``halt``."""

    def __init__(
        self,
        renderer: PageRenderer,
        jobs: Iterable[Any],
        writer: _Writer,
        halt: threading.Event,
    ) -> None:
        super().__init__(name="paket-kirim-pages", daemon=True)
        self.renderer = renderer
        self.jobs = jobs
        self.writer = writer
        self.halt = halt
        self.error: BaseException | None = None

    def run(self) -> None:
        writer, halt = self.writer, self.halt
        try:
            for job, pages in self.renderer.map(
                self.jobs, halt, help_when=lambda: writer.queue.qsize() < HELP_BELOW
            ):
                folder = job.files.folder
                _put(writer, ("bytes", f"{folder}/{naming.CHECKLIST_NAME}", pages.checklist),
                     halt)  # fmt: skip
                if pages.profile is not None:
                    _put(writer, ("bytes", f"{folder}/{naming.PROFILE_NAME}", pages.profile),
                         halt)  # fmt: skip
                _put(writer, ("innovation_done", job.number), halt)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            self.error = exc

    def wait(self, cancel: threading.Event | None) -> None:
        """Until every PDF is queued; raises the feeder's error, the writer's, or the cancel."""
        while self.is_alive():
            self.join(timeout=0.1)
            if cancel is not None and cancel.is_set():
                raise ExportCancelled()
            if self.writer.error is not None:
                raise self.writer.error
        if self.error is not None:
            raise self.error


def _app_version() -> str:
    try:
        from importlib.metadata import version

        return version("inovasi-desk")
    except Exception:  # noqa: BLE001 - running from a source tree without metadata
        return "dev"


def _readme(plan: PackagePlan, workbook_name: str, created: datetime) -> str:
    opts = plan.options
    states = ", ".join(form.STATE_LABELS[s] for s in WorkflowState if s in opts.states)
    lines = [
        f"PAKET KIRIM INDEKS INOVASI DAERAH {opts.year}",
        f"{plan.pemda.name}",
        f"Dibuat {form.tanggal(created.date())} pukul {created:%H.%M} dengan Inovasi Desk.",
        "",
        f"Isi: {len(plan.innovations)} inovasi (status: {states}), {plan.documents} berkas "
        f"bukti dukung, {plan.links} tautan.",
    ]
    if plan.marked:
        lines.append(f"{plan.marked} inovasi BELUM DISETUJUI: hanya untuk diperiksa (ditandai).")
    if plan.missing:
        lines.append(
            f"PERHATIAN: {len(plan.missing)} berkas tidak ada di komputer pembuat paket dan "
            "tidak termasuk (ditandai BELUM ADA di lembar kerja dan daftar isian)."
        )
    lines += [
        "",
        "Cara memakai:",
        f"1. Buka {workbook_name}: lembar Inovasi (satu baris per inovasi, kolom menurut urutan "
        "formulir nasional), lembar Indikator (level dan bukti dukung), lembar Profil SPD.",
        "2. Setiap inovasi punya folder bernomor. Di dalamnya 00-daftar-isian.pdf menyebut apa "
        "yang dimasukkan, berurutan, dengan kotak centang; berkas bukti dukung ada di folder "
        "per indikator (16-..., 17-...) dan bernomor menurut urutan unggah.",
        "3. Video dan bukti berupa tautan tertulis di tautan-video.txt / tautan.txt.",
        "",
        f"Memeriksa paket setelah disalin (misalnya ke flashdisk): {MANIFEST_NAME} memuat "
        "SHA-256 setiap berkas. Periksa dengan Inovasi Desk (Paket kirim > Periksa paket), "
        "dengan `inovasi-server export --verify <paket>`, atau di Linux dengan "
        f"`sha256sum -c {MANIFEST_NAME}` di dalam folder paket.",
        "",
        "Catatan: urutan kolom dan isian mengikuti pembacaan kami atas formulir aplikasi "
        "nasional (aturan tahun di Inovasi Desk); sesuaikan bila formulir berubah.",
    ]
    return "\r\n".join(lines) + "\r\n"  # CRLF: readable in Windows Notepad too


def _keep_crcs(source: PackageSource, crcs: dict[str, int]) -> None:
    """Hand the CRC-32s learnt by hashing back to a source that keeps them (best effort: the
    package is complete whatever happens here)."""
    if crcs and isinstance(source, KeepsBlobCrcs):
        try:
            source.record_crc32(crcs)
        except Exception:  # noqa: BLE001 - e.g. the vault busy or read-only: next time
            log.warning("could not keep %d CRC-32s learnt by the export", len(crcs), exc_info=True)


def write_package(
    source: PackageSource,
    destination: Path,
    options: ExportOptions,
    *,
    progress: Callable[[ExportProgress], None] | None = None,
    cancel: threading.Event | None = None,
    plan: PackagePlan | None = None,
) -> ExportResult:
    """Write the package to ``destination`` (a ``.zip`` file or a folder, which must not
    exist). On any failure or a cancel the partial package is removed and ``ExportError``
    (``ExportCancelled``) is raised; on success the package appears under its final name."""
    from sync.export.render import PageRenderer, use_process

    destination = Path(destination)
    check_destination(destination)
    renderer: PageRenderer | None = None

    def start_renderer(count: int) -> None:
        # Started as soon as the size is known, so its start overlaps the planning.
        nonlocal renderer
        renderer = PageRenderer(process=use_process(count))

    try:
        if plan is None:
            plan = plan_package(source, options, cancel=cancel, listed=start_renderer)
        if renderer is None:
            start_renderer(len(plan.innovations))
        assert renderer is not None
        return _write(source, destination, options, plan, renderer, progress, cancel)
    finally:
        if renderer is not None:
            renderer.close()  # no process outlives the export, whatever happened


def _write(
    source: PackageSource,
    destination: Path,
    options: ExportOptions,
    plan: PackagePlan,
    renderer: PageRenderer,
    progress: Callable[[ExportProgress], None] | None,
    cancel: threading.Event | None,
) -> ExportResult:
    from sync.export.checklist import ChecklistFiles
    from sync.export.render import PageJob

    if not plan.innovations:
        raise ExportError(NOTHING_TO_EXPORT, year=options.year,
                          states=sorted(s.value for s in options.states))  # fmt: skip
    if plan.missing and not options.allow_missing:
        raise ExportError(MISSING_EVIDENCE, count=len(plan.missing),
                          examples=[(m.innovation, m.path) for m in plan.missing[:5]])  # fmt: skip
    needed = plan.total_bytes + PDF_ALLOWANCE * len(plan.innovations)
    free = shutil.disk_usage(destination.parent).free
    if free < needed:
        raise ExportError(NO_SPACE, path=str(destination.parent), needed=needed, free=free)

    created = datetime.now().astimezone()
    workbook_name = f"paket-kirim-{options.year}.xlsx"
    stop = threading.Event()
    scratch = Path(tempfile.mkdtemp(prefix="paket-kirim-"))
    try:
        target = open_target(destination, durable=options.durable)
    except BaseException:  # e.g. its temporary name taken, the disk write-protected
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    writer = _Writer(target, source, plan, progress, stop)
    writer.start()
    finished = False
    jobs = (
        PageJob(
            record=entry.record,
            year=options.year,
            pemda_name=plan.pemda.name,
            opd_name=entry.ref.opd_name,
            number=entry.number,
            files=ChecklistFiles(
                folder=entry.folder,
                paths=entry.local_paths,
                link_files={slot: path.split("/", 1)[1] for slot, (path, _) in entry.links.items()},
                missing=frozenset(d for d, p in entry.placements.items() if p.missing),
            ),
            workbook_name=workbook_name,
            marked=entry.marked,
            profile=options.include_profiles,
        )
        for entry in plan.innovations
    )
    # The checklists (and profiles) reach the writer from a thread of their own, as the
    # renderer hands them over: the evidence never waits for a PDF, nor a PDF for evidence.
    halt = threading.Event()
    feeder = _PageFeeder(renderer, jobs, writer, halt)
    workbook = WorkbookJob(
        path=scratch / workbook_name,
        year=options.year,
        rows=[
            WorkbookRow(
                entry.number,
                entry.folder,
                entry.ref.opd_name,
                entry.record,
                entry.placements,
                entry.marked,
            )
            for entry in plan.innovations
        ],
        spd_record=plan.spd_record,
        spd_placements=plan.spd_placements,
        about=[
            ("Pemda", plan.pemda.name),
            ("Tahun aturan", str(options.year)),
            ("Dibuat", created.strftime("%d/%m/%Y %H.%M")),
            (
                "Status yang disertakan",
                ", ".join(form.STATE_LABELS[s] for s in WorkflowState if s in options.states),
            ),
            ("Inovasi", str(len(plan.innovations))),
            ("Berkas bukti dukung", str(plan.documents)),
            (
                "Urutan kolom",
                "Mengikuti formulir nasional menurut pembacaan kami (aturan tahun "
                f"{options.year} di Inovasi Desk).",
            ),
            ("Aplikasi", f"Inovasi Desk {_app_version()}"),
        ],
    )
    try:
        # The workbook goes to the renderer's process first (its Python would otherwise take
        # turns with the output thread on this process's one interpreter lock).
        book = renderer.submit_aside(build_workbook, workbook)
        feeder.start()
        for entry in plan.innovations:
            # Folders and files made here, ahead of the output thread (which is busy writing
            # the previous innovations' evidence), which then only fills them: kernel work
            # on the other core. At most QUEUE_DEPTH entries (open files) ahead.
            target.prepare([*(f.path for f in entry.files if not f.missing),
                            *(path for path, _ in entry.links.values())])  # fmt: skip
            for f in entry.files:
                if not f.missing:
                    _put(writer, ("blob", f.path, f.sha256, f.size, f.crc32, entry.ref.nama),
                         cancel, feeder)  # fmt: skip
            for path, text in entry.links.values():
                _put(writer, ("bytes", path, text.encode("utf-8")), cancel, feeder)
        # Built by now in the process; without one (or when it failed) built here, while
        # the output thread writes the last evidence and the pages are rendered.
        book_path = renderer.result_aside(book, cancel)
        feeder.wait(cancel)
        for f in plan.spd_files:
            if not f.missing:
                _put(writer, ("blob", f.path, f.sha256, f.size, f.crc32, "Profil Pemda (SPD)"),
                     cancel)  # fmt: skip
        for path, text in plan.spd_links.items():
            _put(writer, ("bytes", path, text.encode("utf-8")), cancel)
        _put(writer, ("file", workbook_name, book_path), cancel)
        info = {
            "format": 1,
            "pemda": {"id": plan.pemda.id, "name": plan.pemda.name, "code": plan.pemda.code},
            "year": options.year,
            "states": sorted(s.value for s in options.states),
            "created": created.isoformat(timespec="seconds"),
            "app": f"Inovasi Desk {_app_version()}",
            "innovations": len(plan.innovations),
            "documents": plan.documents,
            "links": plan.links,
            "not_approved": plan.marked,
            "missing": [{"path": m.path, "sha256": m.sha256} for m in plan.missing],
        }
        _put(writer, ("bytes", INFO_NAME, json.dumps(info, ensure_ascii=False, indent=2)
                      .encode("utf-8")), cancel)  # fmt: skip
        _put(writer, ("bytes", README_NAME, _readme(plan, workbook_name, created)
                      .encode("utf-8")), cancel)  # fmt: skip
        _put(writer, ("end",), cancel)
        # Up to QUEUE_DEPTH entries (evidence files) may still be ahead of the output thread:
        # a cancel stops it now, not once it has written them all.
        while writer.is_alive():
            writer.join(timeout=0.1)
            if cancel is not None and cancel.is_set():
                raise ExportCancelled()
        if writer.error is not None:
            raise writer.error
        if cancel is not None and cancel.is_set():
            raise ExportCancelled()
        manifest = manifest_text(writer.manifest).encode("utf-8")
        target.write(MANIFEST_NAME, [manifest], len(manifest))
        if progress is not None:
            progress(ExportProgress("finish", writer.done_bytes, writer.total_bytes,
                                    len(plan.innovations), len(plan.innovations)))  # fmt: skip
        published = target.finish()
        finished = True
        _keep_crcs(source, writer.new_crcs)
    except BaseException as exc:
        halt.set()
        stop.set()
        if feeder.is_alive():
            feeder.join(timeout=30)
        renderer.close()  # its process may be writing the workbook into the scratch folder
        if writer.is_alive():
            with contextlib.suppress(queue.Full):
                writer.queue.put_nowait(("end",))
            writer.join(timeout=30)
        target.abort()
        if isinstance(exc, ExportError | ExportCancelled):
            raise
        if isinstance(exc, OSError):
            from sync.export.targets import os_error

            raise os_error(exc, destination) from exc
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if not finished:
            target.abort()
    return ExportResult(
        path=published,
        innovations=len(plan.innovations),
        documents=plan.documents,
        links=plan.links,
        evidence_bytes=plan.total_bytes,
        files=len(writer.manifest) + 1,
        missing=tuple(plan.missing),
        marked=plan.marked,
    )
