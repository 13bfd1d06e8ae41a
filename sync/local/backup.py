"""'Periksa arsip', 'Cadangkan', 'Pulihkan': check, back up and restore the whole data folder.

The data folder's truth is two SQLite files: ``store.sqlite`` (records, WAL) and
``vault.sqlite`` (evidence blobs). A check runs SQLite's integrity check on both and re-hashes
every blob; a damaged blob is marked (never uploaded) and reported with the documents it
breaks. A backup copies both with SQLite's online backup API while the app keeps writing: the
store first, then the vault, so every blob a backed-up document refers to (committed before
that document) is in the backed-up vault. A restore checks the backup completely before it
touches anything, then sets the current files aside in a dated folder and moves the backup in.

Documents are looked up by hash through the repository's ``documents_using_blob`` when the
caller passes it; otherwise read-only SQL on ``store.sqlite``'s ``evidence_documents`` table.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sync.local.paths import STORE_FILE, VAULT_FILE, data_dir
from sync.local.vault import MAINTENANCE_LOCK, BlobNotFound, Vault
from sync.private_files import private_dir, private_file

MANIFEST = "manifest.json"
BACKUP_PREFIX = "inovasi-desk-cadangan-"
ASIDE_PREFIX = "sebelum-pulih-"
_BACKUP_STEP_PAGES = 256
_SIDE_FILES = ("-wal", "-shm", "-journal")

DocumentLookup = Callable[[str], Sequence[object]]
"""Given a blob hash, the documents that use it (the repository's ``documents_using_blob``)."""
Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): stage is "store", "vault" or "blobs"."""


class BackupError(Exception):
    """A backup or restore could not be done; nothing of the user's data was changed."""


@dataclass(frozen=True)
class StoreDocument:
    """A document row read straight from store.sqlite (when no repository lookup is given)."""

    id: str
    innovation_id: str | None
    slot: str | None
    file_name: str | None


@dataclass(frozen=True)
class ArchiveReport:
    """What 'Periksa arsip' found. ``ok`` when both databases pass and every blob matches."""

    store_problems: tuple[str, ...]
    vault_problems: tuple[str, ...]
    blobs_checked: int
    bytes_checked: int
    damaged: dict[str, tuple[object, ...]] = field(default_factory=dict)
    """Damaged blob hash -> the documents it breaks."""
    missing: dict[str, tuple[object, ...]] = field(default_factory=dict)
    """Hash referenced by documents but absent from the vault -> those documents."""
    references_checked: bool = False

    @property
    def ok(self) -> bool:
        return not (self.store_problems or self.vault_problems or self.damaged or self.missing)

    def summary(self, language: str = "id") -> str:
        """One sentence for the user, with what to do when something is wrong."""
        broken = sum(len(d) for d in self.damaged.values()) + sum(
            len(d) for d in self.missing.values()
        )
        if language.startswith("en"):
            if self.ok:
                return f"Archive OK: both databases pass, {self.blobs_checked} files match."
            return (
                f"Archive problems: {len(self.damaged)} damaged and {len(self.missing)} missing "
                f"files affecting {broken} documents; database errors: "
                f"{len(self.store_problems) + len(self.vault_problems)}. Attach those files again "
                "from their originals, or restore a backup (Pulihkan)."
            )
        if self.ok:
            return (
                f"Arsip baik: kedua basis data lolos pemeriksaan, {self.blobs_checked} berkas "
                "cocok."
            )
        return (
            f"Arsip bermasalah: {len(self.damaged)} berkas rusak dan {len(self.missing)} hilang, "
            f"mengenai {broken} dokumen; galat basis data: "
            f"{len(self.store_problems) + len(self.vault_problems)}. Lampirkan ulang berkas itu "
            "dari aslinya, atau pulihkan cadangan (Pulihkan)."
        )


@dataclass(frozen=True)
class BackupInfo:
    """A finished backup folder and its manifest."""

    folder: Path
    created_at: str
    files: dict[str, dict[str, Any]]
    blob_count: int


# --- Periksa arsip ---------------------------------------------------------------------


def _read_only(path: Path) -> sqlite3.Connection:
    # Not ``mode=ro``: a read-only connection cannot open a WAL database whose -shm is gone.
    con = sqlite3.connect(path, timeout=30)
    con.execute("PRAGMA query_only=1")
    return con


def _integrity(path: Path) -> tuple[str, ...]:
    if not path.exists():
        return ()
    try:
        con = _read_only(path)
        try:
            rows = con.execute("PRAGMA integrity_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return (f"{path.name}: {exc}",)
    messages = tuple(f"{path.name}: {r[0]}" for r in rows)
    return () if [r[0] for r in rows] == ["ok"] else messages


def _store_documents(store: Path) -> tuple[dict[str, list[StoreDocument]], bool]:
    """hash -> document rows, read-only from store.sqlite; (mapping, whether it was readable)."""
    if not store.exists():
        return {}, False
    con = _read_only(store)
    try:
        columns = {r[1] for r in con.execute("PRAGMA table_info(evidence_documents)")}
        if not {"id", "sha256"} <= columns:
            return {}, False
        wanted = [c if c in columns else "NULL" for c in ("innovation_id", "slot", "file_name")]
        deleted = " AND deleted = 0" if "deleted" in columns else ""
        rows = con.execute(
            f"SELECT sha256, id, {', '.join(wanted)} FROM evidence_documents "
            f"WHERE sha256 IS NOT NULL{deleted}"
        ).fetchall()
    except sqlite3.DatabaseError:
        return {}, False
    finally:
        con.close()
    mapping: dict[str, list[StoreDocument]] = {}
    for sha, doc_id, innovation_id, slot, file_name in rows:
        mapping.setdefault(sha, []).append(
            StoreDocument(str(doc_id), innovation_id, slot, file_name)
        )
    return mapping, True


def check_archive(
    folder: Path | None = None,
    *,
    vault: Vault | None = None,
    documents_using_blob: DocumentLookup | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ArchiveReport:
    """'Periksa arsip': integrity of both databases, every blob re-hashed, damage reported.

    Pass the app's open ``vault`` (else one is opened on the folder's vault.sqlite) and the
    repository's ``documents_using_blob``. Damaged blobs are marked so they are never
    uploaded. Background work: it reads every byte of the vault.
    """
    folder = Path(folder) if folder is not None else data_dir()
    store = folder / STORE_FILE
    store_problems = _integrity(store)
    own_vault = vault is None
    v = vault if vault is not None else Vault(folder / VAULT_FILE)
    try:
        vault_problems = tuple(f"{VAULT_FILE}: {m}" for m in v.integrity_check())
        hashes = v.list_blobs()
        damaged: list[str] = []
        checked_bytes = 0
        for index, sha in enumerate(hashes):
            if cancel is not None and cancel.is_set():
                break
            try:
                if not v.verify(sha):
                    damaged.append(sha)
                checked_bytes += v.size(sha)
            except BlobNotFound:
                continue  # collected meanwhile
            if progress is not None:
                progress("blobs", index + 1, len(hashes))
        present = set(hashes)
    finally:
        if own_vault:
            v.close()
    by_hash, readable = _store_documents(store)

    def users(sha: str) -> tuple[object, ...]:
        if documents_using_blob is not None:
            return tuple(documents_using_blob(sha))
        return tuple(by_hash.get(sha, ()))

    missing: dict[str, tuple[object, ...]] = {
        sha: tuple(docs) for sha, docs in by_hash.items() if sha not in present
    }
    return ArchiveReport(
        store_problems,
        vault_problems,
        len(hashes),
        checked_bytes,
        {sha: users(sha) for sha in damaged},
        missing,
        readable,
    )


# --- Cadangkan ---------------------------------------------------------------------------


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def _online_copy(src: Path, dest: Path, stage: str, progress: Progress | None) -> None:
    """Copy a live database with SQLite's backup API, in steps, into ``dest``.

    Why steps: between steps the source's lock is released so the app keeps writing; if it
    writes through another connection, SQLite restarts the copy so the result is consistent.
    """
    source = _read_only(src)
    target = sqlite3.connect(dest)
    try:

        def step(_status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress(stage, total - remaining, total)

        source.backup(target, pages=_BACKUP_STEP_PAGES, progress=step, sleep=0.001)
        # A backup of a WAL database is a WAL database; the copy is a single self-contained file.
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
        source.close()


def backup(
    destination: Path,
    folder: Path | None = None,
    *,
    progress: Progress | None = None,
) -> BackupInfo:
    """'Cadangkan': a consistent copy of store.sqlite and vault.sqlite in a new folder
    ``inovasi-desk-cadangan-<UTC time>`` inside ``destination`` (a folder or USB stick).

    Runs while the app keeps writing. Each copy passes SQLite's integrity check before the
    folder gets its manifest (sizes and SHA-256 of both files); a folder without a manifest is
    not a finished backup. Raises BackupError when the data folder has no store or vault.
    """
    folder = Path(folder) if folder is not None else data_dir()
    destination = Path(destination)
    sources = {name: folder / name for name in (STORE_FILE, VAULT_FILE)}
    if not any(p.exists() for p in sources.values()):
        raise BackupError(
            f"Tidak ada data untuk dicadangkan di {folder}. / No data to back up in {folder}."
        )
    created = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = destination / f"{BACKUP_PREFIX}{created}"
    suffix = 1
    while target.exists():
        suffix += 1
        target = destination / f"{BACKUP_PREFIX}{created}-{suffix}"
    target.mkdir(parents=True)
    private_dir(target)  # a backup holds every record and file
    files: dict[str, dict[str, Any]] = {}
    # Order matters: the store first, then the vault. A document in the copied store refers
    # to a blob committed before it, hence present in the later vault copy. Garbage
    # collection waits for the backup (MAINTENANCE_LOCK) so no such blob disappears between.
    with MAINTENANCE_LOCK:
        for name in (STORE_FILE, VAULT_FILE):
            if not sources[name].exists():
                continue
            part = target / f"{name}.part"
            _online_copy(sources[name], part, name.split(".")[0], progress)
            problems = _integrity(part)
            if problems:
                raise BackupError(
                    "Salinan cadangan tidak lolos pemeriksaan; coba lagi atau gunakan media lain."
                    f" / The backup copy failed its check: {'; '.join(problems)}"
                )
            os.replace(part, target / name)
            private_file(target / name)
            files[name] = {
                "size_bytes": (target / name).stat().st_size,
                "sha256": _sha256_file(target / name),
            }
    blob_count = 0
    if VAULT_FILE in files:
        con = _read_only(target / VAULT_FILE)
        try:
            blob_count = con.execute(
                "SELECT COUNT(*) FROM blobs WHERE state = 'complete'"
            ).fetchone()[0]
        finally:
            con.close()
    manifest = {
        "format": 1,
        "created_at": created,
        "files": files,
        "blob_count": blob_count,
    }
    tmp = target / f"{MANIFEST}.part"
    tmp.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    with tmp.open("rb+") as f:
        os.fsync(f.fileno())
    os.replace(tmp, target / MANIFEST)
    private_file(target / MANIFEST)
    return BackupInfo(target, created, files, blob_count)


# --- Pulihkan ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    """Where the restored files came from and where the replaced ones were set aside."""

    backup_folder: Path
    set_aside: Path | None
    report: ArchiveReport


def check_backup(
    backup_folder: Path, staging: Path, progress: Progress | None = None
) -> ArchiveReport:
    """Copy a backup into ``staging`` and check it fully: manifest hashes, integrity of both
    databases, every blob re-hashed, every document's blob present. Raises BackupError."""
    backup_folder = Path(backup_folder)
    manifest_path = backup_folder / MANIFEST
    if not manifest_path.exists():
        raise BackupError(
            "Folder ini bukan cadangan yang selesai (tidak ada manifest.json). Pilih folder "
            f"{BACKUP_PREFIX}... yang lain. / This folder is not a finished backup "
            "(no manifest.json); choose another one."
        )
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    staging.mkdir(parents=True, exist_ok=True)
    for name, meta in manifest.get("files", {}).items():
        if name not in (STORE_FILE, VAULT_FILE):
            raise BackupError(f"Unexpected file in backup manifest: {name}")
        copied = staging / name
        shutil.copyfile(backup_folder / name, copied)
        if _sha256_file(copied) != meta.get("sha256"):
            raise BackupError(
                f"Berkas {name} di cadangan berubah atau rusak; gunakan cadangan lain. / "
                f"{name} in the backup changed or is damaged; use another backup."
            )
    report = check_archive(staging, progress=progress)
    if not report.ok:
        raise BackupError(
            "Cadangan tidak lolos pemeriksaan, data sekarang tidak diubah. / The backup failed "
            f"its check; the current data was not changed. {report.summary('en')}"
        )
    return report


def restore(
    backup_folder: Path,
    folder: Path | None = None,
    *,
    progress: Progress | None = None,
) -> RestoreResult:
    """'Pulihkan': replace the data folder's databases with a checked backup.

    The caller must close its store and vault connections first. The backup is copied into
    the data folder and fully checked before anything is replaced; then the current files go
    to ``sebelum-pulih-<UTC time>/`` in the data folder (kept, never deleted) and the checked
    copies move into place. Raises BackupError (current data untouched) when the check fails.
    """
    folder = Path(folder) if folder is not None else data_dir()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    staging = folder / f".pulih-{stamp}-{os.getpid()}"
    try:
        report = check_backup(Path(backup_folder), staging, progress)
        aside: Path | None = None
        current = [
            folder / f"{name}{side}"
            for name in (STORE_FILE, VAULT_FILE)
            for side in ("", *_SIDE_FILES)
            if (folder / f"{name}{side}").exists()
        ]
        if current:
            aside = folder / f"{ASIDE_PREFIX}{stamp}"
            aside.mkdir()
            # The main file and its WAL/journal move together so the aside copy stays whole.
            for path in current:
                os.replace(path, aside / path.name)
        for name in (STORE_FILE, VAULT_FILE):
            staged = staging / name
            if staged.exists():
                os.replace(staged, folder / name)
        return RestoreResult(Path(backup_folder), aside, report)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def list_backups(destination: Path) -> list[Path]:
    """Finished backup folders (with a manifest) in ``destination``, newest first."""
    found = [
        p
        for p in Path(destination).glob(f"{BACKUP_PREFIX}*")
        if p.is_dir() and (p / MANIFEST).exists()
    ]
    return sorted(found, key=lambda p: p.name, reverse=True)
