"""``inovasi-server export``: the Paket kirim from the server's database and blob store.

:class:`ServerSource` feeds the same writer as the desktop (:mod:`sync.export.package`) from the
newest version of every record of one pemda and the verified blobs (folder or S3). An
innovation's verifier fields and workflow state come from its ``review`` record, laid over it
by ``sync.server.projection.review_overlay`` (the overlay the projection uses too).
:func:`run_export` and :func:`run_verify` are the command's two modes; their messages are
Indonesian then English, like every other server command.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import select

from iid.codec import innovation_from_dict, spd_profile_from_dict
from iid.records import Innovation, SpdProfile, WorkflowState
from sync.export import errors
from sync.export.errors import ExportError
from sync.export.source import InnovationRef, PemdaInfo
from sync.protocol import RecordType
from sync.server import accounts
from sync.server.blobstore import BlobStore, BlobStoreError
from sync.server.db import Database
from sync.server.models import Blob, Opd, Record
from sync.server.projection import review_overlay

INNOVATION = RecordType.INNOVATION.value
REVIEW = RecordType.REVIEW.value
SPD_PROFILE = RecordType.SPD_PROFILE.value


class ServerSource:
    """One pemda's records in the server database and its evidence in the blob store."""

    def __init__(self, db: Database, store: BlobStore, pemda_code: str | None = None) -> None:
        self.db = db
        self.store = store
        with db.session_scope() as session:
            pemda = accounts.find_pemda(session, pemda_code)
            self._pemda = PemdaInfo(id=pemda.id, name=pemda.name, code=pemda.code)
            self._opds = {
                o.id: o.name for o in session.scalars(select(Opd).where(Opd.pemda_id == pemda.id))
            }
            self._verdicts: dict[str, dict[str, Any]] = {}
            rows = session.execute(
                select(Record.innovation_id, Record.content).where(
                    Record.pemda_id == pemda.id, Record.type == REVIEW,
                    Record.deleted.is_(False),
                )
            )  # fmt: skip
            for innovation_id, content in rows:
                if innovation_id:
                    self._verdicts[innovation_id] = dict(content or {})
        self._sizes: dict[str, int] = {}

    def pemda(self) -> PemdaInfo:
        return self._pemda

    def innovations(self, year: int, states: Iterable[WorkflowState]) -> list[InnovationRef]:
        wanted = {WorkflowState(s) for s in states}
        refs = []
        with self.db.session_scope() as session:
            rows = session.execute(
                select(Record.id, Record.opd_id, Record.content)
                .where(Record.pemda_id == self._pemda.id, Record.type == INNOVATION,
                       Record.deleted.is_(False))
                .execution_options(yield_per=200)
            )  # fmt: skip
            for record_id, opd_id, content in rows:
                content = content or {}
                if content.get("rule_year") != year:
                    continue
                state = WorkflowState(
                    (self._verdicts.get(record_id) or {}).get("workflow_state")
                    or WorkflowState.DRAFT.value
                )
                if state not in wanted:
                    continue
                nama = str((content.get("profile") or {}).get("nama") or "")
                opd = opd_id or ""
                refs.append(InnovationRef(record_id, nama, opd, self._opds.get(opd, ""), state))
        return refs

    def innovation(self, innovation_id: str) -> Innovation:
        with self.db.session_scope() as session:
            record = session.get(Record, innovation_id)
            if record is None or record.deleted or record.pemda_id != self._pemda.id:
                raise KeyError(innovation_id)
            innovation = innovation_from_dict(dict(record.content))
            hashes = [d.sha256 for d in innovation.documents if d.sha256]
            self._remember_sizes(session, hashes)
        verdict = self._verdicts.get(innovation_id)
        return innovation if verdict is None else review_overlay(innovation, verdict)

    def records(self, innovation_ids: Sequence[str]) -> Iterator[Innovation]:
        return (self.innovation(i) for i in innovation_ids)

    def _remember_sizes(self, session: Any, hashes: list[str]) -> None:
        wanted = [h for h in hashes if h not in self._sizes]
        if wanted:
            for sha, size in session.execute(
                select(Blob.sha256, Blob.size).where(Blob.sha256.in_(wanted))
            ):
                self._sizes[sha] = int(size)

    def spd_profile(self, year: int) -> SpdProfile | None:
        with self.db.session_scope() as session:
            rows = session.scalars(
                select(Record).where(
                    Record.pemda_id == self._pemda.id, Record.type == SPD_PROFILE,
                    Record.deleted.is_(False),
                )
            ).all()  # fmt: skip
            for record in rows:
                if (record.content or {}).get("rule_year") == year:
                    profile = spd_profile_from_dict(dict(record.content))
                    self._remember_sizes(session, [d.sha256 for d in profile.documents if d.sha256])
                    return profile
        return None

    def blob_size(self, sha256: str) -> int | None:
        if sha256 not in self._sizes:
            with self.db.session_scope() as session:
                self._remember_sizes(session, [sha256])
        size = self._sizes.get(sha256)
        if size is None:
            return None
        try:
            return size if self.store.exists(sha256) else None
        except BlobStoreError:
            return None

    def reading_blobs(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()  # the blob store opens each blob on its own

    def blob_chunks(self, sha256: str) -> Iterator[bytes]:
        size = self.blob_size(sha256)
        if size is None:
            raise KeyError(sha256)
        if size == 0:
            return iter(())
        return self.store.open_range(sha256, 0, size - 1)


# --- the command ----------------------------------------------------------------------------


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def describe_error(exc: ExportError) -> tuple[str, str]:
    """(Indonesian, English) words for an export error code, for the command line."""
    p = exc.params
    table = {
        errors.DESTINATION_EXISTS: (
            f"{p.get('path')} sudah ada. Pilih nama lain atau pindahkan yang lama dulu.",
            f"{p.get('path')} already exists. Choose another name or move the old one first.",
        ),
        errors.DESTINATION_MISSING: (
            f"Folder {p.get('path')} tidak ada. Buat dulu atau pilih folder lain.",
            f"Folder {p.get('path')} does not exist. Create it first or choose another.",
        ),
        errors.DESTINATION_UNWRITABLE: (
            f"Tidak dapat menulis ke {p.get('path')}. Periksa izin atau pilih folder lain.",
            f"Cannot write to {p.get('path')}. Check permissions or choose another folder.",
        ),
        errors.NO_SPACE: (
            f"Ruang disk di {p.get('path')} tidak cukup (perlu {_mb(p.get('needed', 0))}, "
            f"tersedia {_mb(p.get('free', 0))}). Kosongkan ruang atau pilih tujuan lain.",
            f"Not enough disk space at {p.get('path')} (need {_mb(p.get('needed', 0))}, "
            f"free {_mb(p.get('free', 0))}). Free some space or choose another destination.",
        ),
        errors.NOTHING_TO_EXPORT: (
            f"Tidak ada inovasi tahun {p.get('year')} dengan status itu. Setujui dulu, atau "
            "pakai --include-submitted.",
            f"No innovations of {p.get('year')} in those states. Approve some first, or use "
            "--include-submitted.",
        ),
        errors.MISSING_EVIDENCE: (
            f"{p.get('count')} berkas bukti dukung tidak ada di penyimpanan berkas server "
            f"(misalnya {p.get('examples')}). Tunggu unggahan selesai, atau pakai "
            "--allow-missing untuk paket yang menandai berkas itu.",
            f"{p.get('count')} evidence files are not in the server's blob store (e.g. "
            f"{p.get('examples')}). Wait for the uploads, or use --allow-missing.",
        ),
        errors.EVIDENCE_DAMAGED: (
            f"Berkas {p.get('path')} ({p.get('innovation')}) rusak di penyimpanan: isinya tidak "
            "cocok dengan sidik SHA-256-nya. Minta pengirim mengunggah ulang.",
            f"File {p.get('path')} ({p.get('innovation')}) is damaged in storage: its bytes do "
            "not match its SHA-256. Ask the officer to upload it again.",
        ),
        errors.FILE_TOO_LARGE: (
            f"Berkas terlalu besar untuk sistem berkas tujuan ({p.get('path')}; FAT32 paling "
            "besar 4 GB). Pilih keluaran folder, bukan ZIP, atau disk NTFS/exFAT.",
            f"File too large for the destination file system ({p.get('path')}; FAT32 holds "
            "4 GB at most). Write a folder instead of a ZIP, or use an NTFS/exFAT disk.",
        ),
        errors.RULES_UNKNOWN: (
            f"Aturan tahun {p.get('year')} tidak ada: {p.get('reason')}",
            f"No rules for year {p.get('year')}: {p.get('reason')}",
        ),
        errors.NOT_A_PACKAGE: (
            f"{p.get('path')} bukan paket kirim (tidak ada manifest-sha256.txt).",
            f"{p.get('path')} is not a package (no manifest-sha256.txt).",
        ),
        errors.BAD_MANIFEST: (
            f"manifest-sha256.txt rusak (baris {p.get('line')}): paket tidak dapat diperiksa.",
            f"manifest-sha256.txt is malformed (line {p.get('line')}): cannot check the package.",
        ),
        errors.CANCELLED: (
            "Dibatalkan; tidak ada paket yang ditulis.",
            "Cancelled; nothing written.",
        ),
    }
    return table.get(
        exc.code,
        (f"Paket gagal ditulis: {p.get('reason', exc.code)}",
         f"The package could not be written: {p.get('reason', exc.code)}"),
    )  # fmt: skip


class _PrintProgress:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.shown = -1
        self.lock = threading.Lock()

    def __call__(self, progress: Any) -> None:
        step = int(progress.fraction * 20)
        with self.lock:
            if step != self.shown:
                self.shown = step
                done, total = progress.done_innovations, progress.total_innovations
                print(f"  {step * 5:3d}%  {done}/{total} inovasi", file=self.out, flush=True)


def run_export(
    db: Database,
    store: BlobStore,
    *,
    year: int,
    out: Path,
    include_submitted: bool = False,
    include_profiles: bool = False,
    allow_missing: bool = False,
    pemda_code: str | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Write the package; returns the exit status (0 done, 2 refused or failed)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    from sync.export.package import ExportOptions, write_package
    from sync.export.source import APPROVED_STATES, SUBMITTED_STATES

    options = ExportOptions(
        year=year,
        states=SUBMITTED_STATES if include_submitted else APPROVED_STATES,
        include_profiles=include_profiles,
        allow_missing=allow_missing,
    )
    try:
        source = ServerSource(db, store, pemda_code)
        print(f"Menulis paket kirim {source.pemda().name} {year} ke {out} …", file=stderr)
        result = write_package(source, out, options, progress=_PrintProgress(stderr))
    except ExportError as exc:
        words_id, words_en = describe_error(exc)
        print(f"Galat: {words_id}\nError: {words_en}", file=stderr)
        return 2
    print(
        f"Paket selesai / package written: {result.path}\n"
        f"  {result.innovations} inovasi ({result.marked} belum disetujui), "
        f"{result.documents} berkas ({_mb(result.evidence_bytes)}), {result.links} tautan",
        file=stdout,
    )
    if result.missing:
        print(f"  PERHATIAN / WARNING: {len(result.missing)} berkas tidak ada / missing files:",
              file=stdout)  # fmt: skip
        for item in result.missing[:20]:
            print(f"    {item.path}", file=stdout)
    return 0


def run_verify(path: Path, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Check a package against its manifest; 0 when intact, 1 when not, 2 when no package."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    from sync.export.manifest import verify_package

    try:
        report = verify_package(path)
    except ExportError as exc:
        words_id, words_en = describe_error(exc)
        print(f"Galat: {words_id}\nError: {words_en}", file=stderr)
        return 2
    if report.ok:
        print(f"Paket utuh / package intact: {report.checked} berkas, "
              f"{_mb(report.bytes_checked)} diperiksa.", file=stdout)  # fmt: skip
        return 0
    print("Paket TIDAK utuh / package NOT intact:", file=stdout)
    for label, items in (("berubah / changed", report.changed), ("hilang / missing",
                         report.missing), ("tambahan / extra", report.extra)):  # fmt: skip
        for item in items:
            print(f"  {label}: {item}", file=stdout)
    return 1
