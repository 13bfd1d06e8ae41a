"""The Paket kirim of the demo pemda, read back: workbook, folders, manifest, --verify, and the
ways an export can fail without leaving a package that looks complete."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sqlite3
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from iid.records import EvidenceDocument, WorkflowState
from iid.rules import load_rules
from sync.export import errors, naming, package, render
from sync.export.errors import ExportCancelled, ExportError
from sync.export.manifest import MANIFEST_NAME, verify_package
from sync.export.package import ExportOptions, write_package
from sync.export.source import APPROVED_STATES, SUBMITTED_STATES, KeepsBlobCrcs
from sync.export.targets import PARTIAL_SUFFIX
from sync.export.workbook import INDICATOR_COLUMNS, innovation_columns
from sync.local.ids import new_id
from sync.local.repository import InnovationFilter
from sync.server.export import run_verify
from tests.export.conftest import DemoData
from tests.vault.samples import flip_stored_byte

YEAR = 2026


def _approved(demo: DemoData) -> list[Any]:
    out = []
    for state in APPROVED_STATES:
        out += demo.repo.list_innovations(InnovationFilter(workflow_state=state, rule_year=YEAR))
    return [demo.repo.get_innovation(s.id) for s in out]


def _sheet(book: Any, name: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in book[name].iter_rows(values_only=True)]


def _files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def test_demo_package_reads_back_whole(demo: DemoData, tmp_path: Path) -> None:
    out = tmp_path / "paket"
    result = write_package(demo.source, out, ExportOptions(YEAR))
    approved = _approved(demo)
    assert len(approved) == 2 and result.innovations == 2 and result.marked == 0
    files = _files(out)
    rules = load_rules(YEAR)

    # The workbook: the form's columns, every approved innovation once, in package order.
    book = openpyxl.load_workbook(out / f"paket-kirim-{YEAR}.xlsx", read_only=True)
    rows = _sheet(book, "Inovasi")
    assert list(rows[0]) == innovation_columns(rules)
    assert rows[0][4] == "Nama inovasi" and "Rancang bangun" in rows[0]
    body = rows[1:]
    ids = [r[-1] for r in body]
    assert sorted(ids) == sorted(i.id for i in approved)
    by_id = {i.id: i for i in approved}
    for row in body:
        innovation = by_id[row[-1]]
        folder = row[1]
        assert folder == naming.innovation_folder(row[0], innovation.profile.nama)
        assert row[4] == innovation.profile.nama
        assert row[rows[0].index("Rancang bangun")] == innovation.profile.rancang_bangun
        assert (out / folder / naming.CHECKLIST_NAME).is_file()

    # Every document exactly once across the workbook, each pointing at its file.
    indicator_rows = _sheet(book, "Indikator")
    assert list(indicator_rows[0]) == list(INDICATOR_COLUMNS)
    doc_column = INDICATOR_COLUMNS.index("ID dokumen")
    path_column = INDICATOR_COLUMNS.index("Berkas di paket")
    listed = [r[doc_column] for r in indicator_rows[1:] if r[doc_column]]
    anggaran_column = rows[0].index("Anggaran")
    profile_paths = [r[anggaran_column] for r in body if r[anggaran_column]]
    indicator_docs = [d for i in approved for d in i.documents if d.slot in rules.indicators]
    assert sorted(listed) == sorted(d.id for d in indicator_docs)
    assert len(listed) == len(set(listed))
    for row in indicator_rows[1:]:
        if row[doc_column] and not row[INDICATOR_COLUMNS.index("Tautan")]:
            assert row[path_column] in files, row[path_column]
    for path in profile_paths:
        assert path in files

    # The folders: evidence named for upload order, the same scan once per indicator.
    first = next(i for i in approved if i.profile.nama.startswith("Sekolah"))
    folder = next(r[1] for r in body if r[-1] == first.id)
    sk = first.documents_for("16")[0]
    assert f"{folder}/16-regulasi-inovasi-daerah/01-regulasi-inovasi.pdf" in files
    assert f"{folder}/17-ketersediaan-dan-peran-sdm/01-sk-tim-pengelola.pdf" in files
    assert f"{folder}/00a-anggaran/01-dpa-2024.pdf" in files
    assert f"{folder}/25-sosialisasi-inovasi/01-foto-sosialisasi.png" in files
    video = (out / folder / "35-video-inovasi" / "tautan-video.txt").read_text("utf-8")
    assert "https://www.youtube.com/watch?v=contoh-inovasi" in video
    with demo.vault.open_blob(sk.sha256) as blob:  # type: ignore[arg-type]
        assert (
            out / folder / "16-regulasi-inovasi-daerah/01-regulasi-inovasi.pdf"
        ).read_bytes() == (blob.read())

    # The manifest lists every other file with its SHA-256.
    manifest = dict(
        (line.split("  ", 1)[1], line.split("  ", 1)[0])
        for line in (out / MANIFEST_NAME).read_text("utf-8").splitlines()
    )
    assert set(manifest) == set(files) - {MANIFEST_NAME}
    for name, sha in manifest.items():
        assert hashlib.sha256(files[name].read_bytes()).hexdigest() == sha
    info = json.loads((out / "paket.json").read_text("utf-8"))
    assert info["innovations"] == 2 and info["year"] == YEAR and info["missing"] == []
    report = verify_package(out)
    assert report.ok and report.checked == len(manifest)


def test_verify_catches_one_changed_byte_in_a_folder_and_a_zip(
    demo: DemoData, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, archive = tmp_path / "paket", tmp_path / "paket.zip"
    write_package(demo.source, folder, ExportOptions(YEAR))
    write_package(demo.source, archive, ExportOptions(YEAR))
    assert run_verify(folder) == 0 and run_verify(archive) == 0

    victim = next(p for p in folder.rglob("01-regulasi-inovasi.pdf"))
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0x01
    victim.write_bytes(bytes(data))
    report = verify_package(folder)
    assert report.changed == [victim.relative_to(folder).as_posix()]
    assert not report.missing and not report.extra
    assert run_verify(folder) == 1
    assert "berubah / changed" in capsys.readouterr().out

    # In the ZIP: flip one byte inside a stored PDF's data.
    with zipfile.ZipFile(archive) as z:
        info = next(i for i in z.infolist() if i.filename.endswith("01-regulasi-inovasi.pdf"))
        assert info.compress_type == zipfile.ZIP_STORED  # PDFs are stored, not recompressed
        offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw = bytearray(archive.read_bytes())
    raw[offset + info.file_size // 2] ^= 0x01
    archive.write_bytes(bytes(raw))
    report = verify_package(archive)
    assert report.changed == [info.filename]
    assert run_verify(archive) == 1


def test_zip_holds_the_same_files_as_the_folder(demo: DemoData, tmp_path: Path) -> None:
    write_package(demo.source, tmp_path / "paket", ExportOptions(YEAR))
    write_package(demo.source, tmp_path / "paket.zip", ExportOptions(YEAR))
    with zipfile.ZipFile(tmp_path / "paket.zip") as z:
        names = {i.filename for i in z.infolist()}
        for name in names:
            if name.endswith((".pdf", ".png")) and "daftar-isian" not in name:
                assert z.read(name) == (tmp_path / "paket" / name).read_bytes()
        kinds = {i.filename.rsplit(".", 1)[-1]: i.compress_type for i in z.infolist()}
    assert names == set(_files(tmp_path / "paket"))
    assert kinds["pdf"] == kinds["png"] == kinds["xlsx"] == zipfile.ZIP_STORED
    assert kinds["txt"] == zipfile.ZIP_DEFLATED


def test_submitted_ones_are_marked_when_included(demo: DemoData, tmp_path: Path) -> None:
    out = tmp_path / "paket"
    result = write_package(demo.source, out, ExportOptions(YEAR, states=SUBMITTED_STATES))
    assert result.innovations == 4 and result.marked == 2  # + diajukan, revisi
    book = openpyxl.load_workbook(out / f"paket-kirim-{YEAR}.xlsx", read_only=True)
    statuses = [r[3] for r in _sheet(book, "Inovasi")[1:]]
    assert sorted(s.endswith("(BELUM DISETUJUI)") for s in statuses) == [False, False, True, True]
    assert "2 inovasi BELUM DISETUJUI" in (out / "BACA-SAYA.txt").read_text("utf-8")


def _siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


@pytest.mark.parametrize("in_process", [False, True], ids=["pdfs-here", "pdfs-in-process"])
@pytest.mark.parametrize("name", ["paket", "paket.zip"])
def test_cancel_leaves_nothing_behind(
    demo: DemoData, tmp_path: Path, name: str, in_process: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if in_process:  # the demo's few innovations rendered in the second process, one a batch
        monkeypatch.setattr(render, "MIN_FOR_PROCESS", 1)
        monkeypatch.setattr(render, "BATCH", 1)
    out = tmp_path / "out" / name
    out.parent.mkdir()
    cancel = threading.Event()

    def progress(p: Any) -> None:
        if p.done_bytes > 0:
            cancel.set()

    with pytest.raises(ExportCancelled):
        write_package(demo.source, out, ExportOptions(YEAR), progress=progress, cancel=cancel)
    assert _siblings(out) == []
    assert multiprocessing.active_children() == []  # the renderer stopped with the export


class _HoldsFirstBlob:
    """A source whose first blob is held (a slow flash disk) until the writer is told to stop,
    at most ``limit`` seconds; counts the blobs read."""

    def __init__(self, inner: Any, limit: float) -> None:
        self.inner = inner
        self.limit = limit
        self.opened = 0
        self.stop: threading.Event | None = None  # the writer's, set by the test

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def blob_chunks(self, sha256: str) -> Iterator[bytes]:
        self.opened += 1
        if self.opened == 1:
            assert self.stop is not None
            self.stop.wait(self.limit)
        return self.inner.blob_chunks(sha256)


@pytest.mark.parametrize("name", ["paket", "paket.zip"])
def test_a_cancel_after_everything_is_queued_stops_the_writer_at_once(
    demo: DemoData, tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batal pressed while the output thread still has the last queued evidence to write (up
    to QUEUE_DEPTH files, minutes of videos on a slow flash disk): the export stops then, it
    does not write them all first."""
    source = _HoldsFirstBlob(demo.source, limit=20)
    cancel = threading.Event()
    real_writer, real_put = package._Writer, package._put

    def writer(*args: Any, **kwargs: Any) -> Any:
        made = real_writer(*args, **kwargs)
        source.stop = made.stop
        return made

    def put(writer_: Any, entry: tuple[Any, ...], *args: Any, **kwargs: Any) -> None:
        real_put(writer_, entry, *args, **kwargs)
        if entry[0] == "end":  # all queued, the writer still held at its first blob
            cancel.set()

    monkeypatch.setattr(package, "_Writer", writer)
    monkeypatch.setattr(package, "_put", put)
    out = tmp_path / "out" / name
    out.parent.mkdir()
    started = time.monotonic()
    with pytest.raises(ExportCancelled):
        write_package(source, out, ExportOptions(YEAR), cancel=cancel)
    assert time.monotonic() - started < 10
    assert source.opened == 1  # no blob read after the cancel
    assert _siblings(out) == []


class _BreaksOnThirdBlob:
    """A source whose third blob comes back with one byte changed (a failing disk). With
    ``crcs`` False it shows the writer no recorded CRC-32s (as the server's blob store)."""

    def __init__(self, inner: Any, *, crcs: bool = True) -> None:
        self.inner = inner
        self.crcs = crcs
        self.opened = 0

    def __getattr__(self, name: str) -> Any:
        if not self.crcs and name in ("blob_crc32", "record_crc32"):
            raise AttributeError(name)
        return getattr(self.inner, name)

    def blob_chunks(self, sha256: str) -> Iterator[bytes]:
        self.opened += 1
        if self.opened != 3:
            return self.inner.blob_chunks(sha256)
        data = bytearray(b"".join(self.inner.blob_chunks(sha256)))
        data[-1] ^= 0xFF
        return iter([bytes(data)])


@pytest.mark.parametrize("crcs", [True, False], ids=["by-crc32", "by-sha256"])
@pytest.mark.parametrize("name", ["paket", "paket.zip"])
def test_damaged_evidence_fails_and_leaves_nothing(
    demo: DemoData, tmp_path: Path, name: str, crcs: bool
) -> None:
    out = tmp_path / "out" / name
    out.parent.mkdir()
    source = _BreaksOnThirdBlob(demo.source, crcs=crcs)
    assert isinstance(source, KeepsBlobCrcs) is crcs
    with pytest.raises(ExportError) as failure:
        write_package(source, out, ExportOptions(YEAR))
    assert failure.value.code == errors.EVIDENCE_DAMAGED
    assert _siblings(out) == []


def _recorded_crcs(demo: DemoData) -> dict[str, int | None]:
    with sqlite3.connect(demo.vault.path) as con:
        return dict(con.execute("SELECT sha256, crc32 FROM blobs WHERE state = 'complete'"))


def _assert_refused_as_damaged(demo: DemoData, out: Path) -> None:
    """An export to ``out`` stops with 'evidence damaged' and leaves nothing beside it."""
    out.parent.mkdir()
    with pytest.raises(ExportError) as failure:
        write_package(demo.source, out, ExportOptions(YEAR))
    assert failure.value.code == errors.EVIDENCE_DAMAGED
    assert _siblings(out) == []


@pytest.mark.parametrize("name", ["paket", "paket.zip"])
def test_written_evidence_is_proven_by_the_crc32_recorded_at_intake(
    demo: DemoData, tmp_path: Path, name: str
) -> None:
    """The bytes are intact but the vault recorded another CRC-32 for one of them: the export
    checks against the record (it does not hash the bytes again), so it fails."""
    first = next(d.sha256 for d in _approved(demo)[0].documents if d.sha256)
    with sqlite3.connect(demo.vault.path) as con:
        con.execute("UPDATE blobs SET crc32 = (crc32 + 1) % 4294967296 WHERE sha256 = ?", (first,))
    _assert_refused_as_damaged(demo, tmp_path / "out" / name)


@pytest.mark.parametrize("name", ["paket", "paket.zip"])
def test_a_blob_gone_bad_in_the_vault_after_its_crc32_was_recorded_stops_the_export(
    demo: DemoData, tmp_path: Path, name: str
) -> None:
    """One bit of a stored chunk flips on disk (same size, the vault not told): the CRC-32
    taken at intake no longer matches the bytes read, so nothing is written, and the record
    is left as it was (no CRC 'learnt' from the bad bytes)."""
    first = next(d.sha256 for d in _approved(demo)[0].documents if d.sha256)
    recorded = _recorded_crcs(demo)[first]
    assert recorded is not None
    flip_stored_byte(demo.vault.path, first, seq=0, at=100)
    _assert_refused_as_damaged(demo, tmp_path / "out" / name)
    assert _recorded_crcs(demo)[first] == recorded


@pytest.mark.parametrize("name", ["paket", "paket.zip"])
def test_evidence_without_a_recorded_crc32_is_hashed_and_its_crc32_kept(
    demo: DemoData, tmp_path: Path, name: str
) -> None:
    """A vault from before CRC-32s: every blob is hashed fully (the manifest is the same as
    with CRCs), and the CRCs learnt are kept for the next export."""
    recorded = _recorded_crcs(demo)
    assert recorded and None not in recorded.values()
    with_crcs = tmp_path / "with" / name
    with_crcs.parent.mkdir()
    write_package(demo.source, with_crcs, ExportOptions(YEAR))
    with sqlite3.connect(demo.vault.path) as con:
        con.execute("UPDATE blobs SET crc32 = NULL")
    out = tmp_path / "out" / name
    out.parent.mkdir()
    write_package(demo.source, out, ExportOptions(YEAR))
    assert verify_package(out).ok

    def manifest(path: Path) -> str:
        if path.is_dir():
            return (path / MANIFEST_NAME).read_text("utf-8")
        with zipfile.ZipFile(path) as archive:
            return archive.read(MANIFEST_NAME).decode("utf-8")

    evidence = [line for line in manifest(out).splitlines() if line.split("  ")[0] in recorded]
    packaged = {line.split("  ")[0] for line in evidence}
    assert len(packaged) >= 5
    assert {sha: recorded[sha] for sha in packaged} == {
        sha: crc for sha, crc in _recorded_crcs(demo).items() if sha in packaged
    }
    assert [line for line in manifest(out).splitlines() if line in evidence] == [
        line for line in manifest(with_crcs).splitlines() if line in evidence
    ]


def test_missing_evidence_is_refused_then_marked_when_allowed(
    demo: DemoData, tmp_path: Path
) -> None:
    innovation = _approved(demo)[0]
    ghost = hashlib.sha256(b"never downloaded").hexdigest()
    demo.repo.add_document(
        innovation.id,
        EvidenceDocument(id=new_id(), slot="18", sha256=ghost, file_name="dpa-2025.pdf",
                         media_type="application/pdf", size_bytes=16, nomor="DPA/2025"),
    )  # fmt: skip
    out = tmp_path / "paket"
    with pytest.raises(ExportError) as refused:
        write_package(demo.source, out, ExportOptions(YEAR))
    assert refused.value.code == errors.MISSING_EVIDENCE and refused.value.params["count"] == 1
    assert not out.exists()

    result = write_package(demo.source, out, ExportOptions(YEAR, allow_missing=True))
    assert [m.sha256 for m in result.missing] == [ghost]
    info = json.loads((out / "paket.json").read_text("utf-8"))
    assert [m["sha256"] for m in info["missing"]] == [ghost]
    book = openpyxl.load_workbook(out / f"paket-kirim-{YEAR}.xlsx", read_only=True)
    cells = [r[INDICATOR_COLUMNS.index("Berkas di paket")] for r in _sheet(book, "Indikator")]
    assert sum(1 for c in cells if c and c.endswith("(BELUM ADA)")) == 1
    assert verify_package(out).ok


def test_destination_that_exists_is_refused_untouched(demo: DemoData, tmp_path: Path) -> None:
    out = tmp_path / "paket.zip"
    out.write_bytes(b"the coordinator's own file")
    with pytest.raises(ExportError) as refused:
        write_package(demo.source, out, ExportOptions(YEAR))
    assert refused.value.code == errors.DESTINATION_EXISTS
    assert out.read_bytes() == b"the coordinator's own file"


def test_not_enough_space_is_said_before_writing(
    demo: DemoData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    real = shutil.disk_usage
    monkeypatch.setattr(
        shutil,
        "disk_usage",
        lambda p: real(p)._replace(free=1024),  # a full flash disk
    )
    with pytest.raises(ExportError) as refused:
        write_package(demo.source, tmp_path / "paket", ExportOptions(YEAR))
    assert refused.value.code == errors.NO_SPACE and refused.value.params["free"] == 1024
    assert not (tmp_path / "paket").exists()
    assert not any(p.name.startswith("paket") for p in tmp_path.iterdir())


def test_nothing_approved_says_so(demo: DemoData, tmp_path: Path) -> None:
    with pytest.raises(ExportError) as refused:
        write_package(demo.source, tmp_path / "p", ExportOptions(2027))
    assert refused.value.code == errors.NOTHING_TO_EXPORT


def test_stale_partial_of_a_killed_export_is_cleared_and_never_looks_complete(
    demo: DemoData, tmp_path: Path
) -> None:
    # What a killed export leaves: the temporary folder, with its marker and no manifest.
    out = tmp_path / "paket"
    partial = out.with_name(out.name + PARTIAL_SUFFIX)
    (partial / "001-x").mkdir(parents=True)
    (partial / ".paket-kirim-sedang-ditulis").write_bytes(b"")
    with pytest.raises(ExportError):
        verify_package(partial / "001-x")  # no manifest: not a package
    write_package(demo.source, out, ExportOptions(YEAR))
    assert not partial.exists() and verify_package(out).ok


@pytest.mark.parametrize("name", ["paket", "paket.zip"])
def test_a_destination_refused_on_opening_leaves_no_scratch_folder(
    demo: DemoData, tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A temporary name taken by something not ours (or a write-protected flash disk, which
    Windows' access check does not see) is refused when the target opens: the scratch folder
    made for the workbook goes too, not one more empty folder in TEMP per try."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    out = tmp_path / "out" / name
    out.parent.mkdir()
    foreign = out.with_name(out.name + PARTIAL_SUFFIX)
    foreign.write_text("not ours", "utf-8")
    with pytest.raises(ExportError) as refused:
        write_package(demo.source, out, ExportOptions(YEAR))
    assert refused.value.code == errors.DESTINATION_EXISTS
    assert foreign.read_text("utf-8") == "not ours"
    assert list(temp.iterdir()) == []


def test_officer_text_cannot_break_names_cells_or_pdfs(demo: DemoData, tmp_path: Path) -> None:
    innovation = _approved(demo)[0]
    hostile = innovation.profile
    hostile.nama = '../../etc/passwd <font size=400>X</font> & =HYPERLINK("http://x")'
    hostile.tujuan = "=cmd|' /C calc'!A0\n<para>\x00\x07 \u202e" + "panjang " * 6000
    demo.repo.update_profile(innovation.id, hostile)
    out = tmp_path / "paket"
    write_package(demo.source, out, ExportOptions(YEAR))
    folders = [p.name for p in out.iterdir() if p.is_dir()]
    assert all("/" not in f and ".." not in f for f in folders)
    assert any(f.startswith("00") and "etc-passwd-font-size" in f for f in folders)
    book = openpyxl.load_workbook(out / f"paket-kirim-{YEAR}.xlsx")
    sheet = book["Inovasi"]
    names = [c.value for c in sheet["E"]]
    assert hostile.nama in names
    cell = next(c for c in sheet["E"] if c.value == hostile.nama)
    assert cell.data_type == "s"  # a string, never a formula
    tujuan = sheet.cell(row=cell.row, column=innovation_columns(load_rules(YEAR)).index(
        "Tujuan inovasi") + 1).value  # fmt: skip
    assert len(tujuan) <= 32767 and tujuan.endswith("profil inovasi]")
    assert verify_package(out).ok


def test_every_state_listed_in_paket_json(demo: DemoData, tmp_path: Path) -> None:
    out = tmp_path / "paket"
    write_package(demo.source, out, ExportOptions(YEAR))
    info = json.loads((out / "paket.json").read_text("utf-8"))
    assert info["states"] == sorted(s.value for s in APPROVED_STATES)
    assert WorkflowState.DISETUJUI.value in info["states"]
    assert os.access(out / MANIFEST_NAME, os.R_OK)
