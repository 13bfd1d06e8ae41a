"""The evidence vault: files content-addressed by SHA-256 in ~1 MiB chunk rows of vault.sqlite.

Layout and ordering (see docs/architecture.md):

- ``vault.sqlite`` sits beside ``store.sqlite`` in the data folder. It runs in rollback-journal
  mode (TRUNCATE) with 64 KiB pages, ``synchronous=FULL`` and incremental auto-vacuum: measured
  on this project's machine (bench/vault_journal.py), 500 MiB of 1 MiB chunk rows took 5.5 s in
  WAL with 4 KiB pages but 0.65 s in TRUNCATE with 64 KiB pages, against 2.0 s for hashing and
  writing a plain file with fsync. WAL writes every page twice; the store keeps WAL for its
  small record rows.
- A file streams in chunk by chunk (hashed on the way in, never held whole in memory) under a
  *pending* blob row that nobody can see; chunks are committed in batches so the write lock is
  held for short spells. The last transaction gives the row its hash and makes it *complete*
  (or, when that hash is already stored, drops the pending copy): a partial blob is never
  visible, and the same content is stored once however often it is imported. A stored copy
  marked damaged is the exception: the new, verified copy takes its place in that transaction
  (re-importing the original or downloading the server's copy repairs it). When a blob of
  the same size is already stored the file is hashed first, so attaching the same scan again
  writes nothing.
- The caller commits the document row in store.sqlite only after ``import_file`` returned, so a
  crash leaves at worst an unreferenced blob (removed by ``collect_garbage``), never a document
  pointing at a missing one. Pending rows of a crashed import are removed by garbage collection.
- A file from the server arrives through :class:`BlobDownload` (``open_download``): its chunks
  are committed one by one under a pending row named by ``download_sha256`` (a kill loses at most
  the chunk in progress; reopening resumes after the committed ones) and it becomes visible only
  once the whole file matched its SHA-256. The vault keeps the bytes of transfers (tus upload URL
  and offset, partial downloads), never an item's sync state: that is the outbox's
  (``sync.local.outbox``).

Thread-safety: one ``Vault`` may be shared by threads. Every public method may be called from
any thread; metadata reads and writes go through one connection guarded by a lock, each import
uses its own connection (so a long import does not hold that lock), and each reader returned by
``open_blob`` has its own connection and must be used by one thread at a time. Several imports
may run at once (SQLite serialises their commits). Another process may open the same vault.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import sqlite3
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

from sync.local import inspect as file_inspect
from sync.local.paths import vault_path
from sync.private_files import private_database, private_dir

log = logging.getLogger(__name__)

CHUNK_SIZE = 1024 * 1024
PAGE_SIZE = 65536
COMMIT_EVERY_CHUNKS = 64
BUSY_TIMEOUT_MS = 30_000
GC_GRACE_SECONDS = 3600.0
HEAD_REVISION = "v0004"
"""The newest migration in sync/local/vault_migrations (a test keeps them in step)."""

# Imports running in this process, by owner tag: garbage collection never removes their
# pending rows, even when another Vault instance of the same process runs it.
_ACTIVE_IMPORTS: set[str] = set()
_ACTIVE_LOCK = threading.Lock()

MAINTENANCE_LOCK = threading.Lock()
"""Held by garbage collection and by a backup: no blob disappears while a backup runs."""


class UploadState(StrEnum):
    """Where a blob stands on its way to the server (the sync client moves it)."""

    IN_VAULT = "in_vault"
    UPLOADING = "uploading"
    UPLOADED = "uploaded"


class VaultError(Exception):
    """A vault operation failed; the message says what happened."""


class BlobNotFound(VaultError, KeyError):
    """No complete blob with that hash is in the vault."""


class BlobDamaged(VaultError):
    """The blob's bytes no longer match its hash; it must not be uploaded or used."""


class ImportCancelled(VaultError):
    """The caller's cancel event was set; nothing of the import remains."""


class SourceChanged(VaultError):
    """The file changed while it was being imported; import it again."""


@dataclass(frozen=True)
class BlobInfo:
    """What the vault knows about a stored file. ``page_count`` for PDFs and images,
    ``duration_seconds`` for videos; None when unknown or not applicable."""

    sha256: str
    size_bytes: int
    media_type: str | None
    page_count: int | None
    duration_seconds: float | None
    damaged: bool = False
    crc32: int | None = None
    """The CRC-32 of the bytes, taken when they came in (None for blobs stored before the vault
    kept one, until it is recorded: see :meth:`Vault.record_crc32`)."""


@dataclass(frozen=True)
class UploadStatus:
    """A blob's upload bookkeeping: state, tus upload URL, the server's offset, verified flag."""

    sha256: str
    state: UploadState
    upload_url: str | None
    server_offset: int
    verified: bool
    damaged: bool
    size_bytes: int


def _owner_pid(owner: str | None) -> int | None:
    try:
        return int((owner or "").split(":", 1)[0])
    except ValueError:
        return None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Vault:
    """The content-addressed evidence store in ``vault.sqlite`` (default: the data folder's)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else vault_path()
        private_dir(self.path.parent)
        self._migrate()
        private_database(self.path)
        self._lock = threading.RLock()
        self._con: sqlite3.Connection | None = self._connect()

    # --- connections -------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: we issue BEGIN IMMEDIATE / COMMIT ourselves.
        con = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )  # fmt: skip
        con.execute("PRAGMA journal_mode=TRUNCATE")
        con.execute("PRAGMA synchronous=FULL")
        con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        return con

    def _migrate(self) -> None:
        """Create or upgrade the schema (Alembic, sync/local/vault_migrations) when behind."""
        con = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            # Page size and auto-vacuum only take effect before the first table exists.
            con.execute(f"PRAGMA page_size={PAGE_SIZE}")
            con.execute("PRAGMA auto_vacuum=INCREMENTAL")
            con.execute("PRAGMA journal_mode=TRUNCATE")
            has_version = con.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            current = (
                con.execute("SELECT version_num FROM alembic_version").fetchone()
                if has_version
                else None
            )
        finally:
            con.close()
        if current is not None and current[0] == HEAD_REVISION:
            return
        run_vault_migrations(self.path)

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._con is None:
            raise VaultError("The vault is closed.")
        return self._con

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction on the shared connection."""
        with self._lock:
            con = self._conn
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def _read_one(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        with self._lock:
            return self._conn.execute(sql, params).fetchone()

    def close(self) -> None:
        """Close the shared connection. Open readers keep working until they are closed."""
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- importing ---------------------------------------------------------------------

    def import_file(
        self,
        src: Path,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> BlobInfo:
        """Stream ``src`` into the vault and return its BlobInfo; the file itself is untouched.

        Returns once the blob is committed: only then may the caller write the document row
        that refers to it. ``progress(done_bytes, total_bytes)`` is called after each chunk
        (from the calling thread); setting ``cancel`` stops the import and removes what it
        wrote (ImportCancelled). Raises OSError when the file cannot be read and SourceChanged
        when it changed during the import. Check the file with ``sync.local.inspect`` first.
        """
        src = Path(src)
        owner = f"{os.getpid()}:{uuid.uuid4().hex}"
        with _ACTIVE_LOCK:
            _ACTIVE_IMPORTS.add(owner)
        con = self._connect()
        blob_id: int | None = None
        try:
            with src.open("rb") as f:
                before = os.fstat(f.fileno())
                total = before.st_size
                known = self._known_copy(con, f, total, progress, cancel)
                if known is not None:
                    return known
                now = time.time()
                con.execute("BEGIN IMMEDIATE")
                cur = con.execute(
                    "INSERT INTO blobs (state, owner, chunk_size, created_at, touched_at) "
                    "VALUES ('pending', ?, ?, ?, ?)",
                    (owner, CHUNK_SIZE, now, now),
                )
                new_id = cur.lastrowid
                assert new_id is not None
                blob_id = new_id
                digest = hashlib.sha256()
                crc = 0
                head = b""
                done = 0
                seq = 0
                while True:
                    if cancel is not None and cancel.is_set():
                        raise ImportCancelled("Import cancelled / impor dibatalkan.")
                    block = _read_full(f, CHUNK_SIZE)
                    if not block:
                        break
                    if seq == 0:
                        head = block[:4096]
                    digest.update(block)
                    crc = zlib.crc32(block, crc)
                    con.execute(
                        "INSERT INTO chunks (blob_id, seq, data) VALUES (?, ?, ?)",
                        (blob_id, seq, block),
                    )
                    seq += 1
                    done += len(block)
                    if seq % COMMIT_EVERY_CHUNKS == 0:
                        # Short write transactions: other writers (upload bookkeeping, other
                        # imports) get in between; the pending row keeps the chunks invisible.
                        con.execute("COMMIT")
                        con.execute("BEGIN IMMEDIATE")
                    if progress is not None:
                        progress(done, total)
                after = os.fstat(f.fileno())
            if done != after.st_size or after.st_mtime_ns != before.st_mtime_ns:
                raise SourceChanged(
                    "Berkas berubah selama diimpor; tutup program yang menyuntingnya lalu coba "
                    "lagi. / The file changed while it was imported; close the program editing "
                    "it and try again."
                )
            sha = digest.hexdigest()
            media_type = file_inspect.sniff_media_type(head)
            pages, duration = _facts(src, media_type, done)
            if cancel is not None and cancel.is_set():
                raise ImportCancelled("Import cancelled / impor dibatalkan.")
            info, retired = self._finalize(
                con, new_id, sha, crc, done, seq, media_type, pages, duration
            )
            blob_id = None  # committed (or dropped): from here on nothing of it is undone
            if retired is not None:
                self._free_retired(con, retired)
            return info
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            if blob_id is not None:
                self._discard_pending(con, blob_id)
            raise
        finally:
            con.close()
            with _ACTIVE_LOCK:
                _ACTIVE_IMPORTS.discard(owner)

    def _known_copy(
        self,
        con: sqlite3.Connection,
        f: BinaryIO,
        total: int,
        progress: Callable[[int, int], None] | None,
        cancel: threading.Event | None,
    ) -> BlobInfo | None:
        """When a blob of the same size is stored, hash the file first: if its content is
        already in the vault (and not marked damaged), touch that blob and return it without
        writing anything."""
        same_size = con.execute(
            "SELECT 1 FROM blobs WHERE state = 'complete' AND size_bytes = ? LIMIT 1", (total,)
        ).fetchone()
        if same_size is None:
            return None
        digest = hashlib.sha256()
        crc = 0
        done = 0
        while block := _read_full(f, CHUNK_SIZE):
            if cancel is not None and cancel.is_set():
                raise ImportCancelled("Import cancelled / impor dibatalkan.")
            digest.update(block)
            crc = zlib.crc32(block, crc)
            done += len(block)
            if progress is not None:
                progress(done, total)
        sha = digest.hexdigest()
        con.execute("BEGIN IMMEDIATE")
        # A copy marked damaged is not taken: the import goes on and its good copy replaces it.
        touched = con.execute(
            "UPDATE blobs SET touched_at = ?, crc32 = COALESCE(crc32, ?) "
            "WHERE sha256 = ? AND state = 'complete' AND damaged = 0",
            (time.time(), crc if done == total else None, sha),
        ).rowcount
        con.execute("COMMIT")
        if not touched or done != total:
            f.seek(0)
            return None
        return self._info_on(con, sha)

    def _finalize(
        self,
        con: sqlite3.Connection,
        blob_id: int,
        sha: str,
        crc: int,
        size: int,
        chunks: int,
        media_type: str | None,
        pages: int | None,
        duration: float | None,
    ) -> tuple[BlobInfo, int | None]:
        """Make the pending blob visible under its hash, or drop it if that hash is stored.
        A stored copy marked damaged is replaced by this one instead: its id is returned, for
        the caller to free with :meth:`_free_retired`."""
        if not con.in_transaction:
            con.execute("BEGIN IMMEDIATE")
        now = time.time()
        kept, retired = self._settle_with_stored(con, sha, crc, now)
        if kept:
            con.execute("COMMIT")
            self._discard_pending(con, blob_id)
        else:
            con.execute(
                "UPDATE blobs SET sha256 = ?, state = 'complete', owner = NULL, size_bytes = ?, "
                "chunk_count = ?, media_type = ?, page_count = ?, duration_seconds = ?, "
                "touched_at = ?, crc32 = ? WHERE id = ?",
                (sha, size, chunks, media_type, pages, duration, now, crc, blob_id),
            )
            if retired is not None:
                # The server's word on this content still holds: it is the same SHA-256.
                con.execute(
                    "UPDATE blobs SET (upload_state, upload_url, server_offset, verified) = "
                    "(SELECT upload_state, upload_url, server_offset, verified FROM blobs "
                    "WHERE id = ?) WHERE id = ?",
                    (retired, blob_id),
                )
            con.execute("COMMIT")
        info = self._info_on(con, sha)
        assert info is not None
        return info, retired

    def _settle_with_stored(
        self, con: sqlite3.Connection, sha: str, crc: int, now: float
    ) -> tuple[bool, int | None]:
        """Inside the transaction that completes a verified pending copy of ``sha``: what to do
        with a complete blob already stored under that hash.

        Returns ``(True, None)`` when a good one is stored (touched; the caller drops its
        pending copy after COMMIT), ``(False, None)`` when none is, and ``(False, id)`` when the
        stored one is marked damaged: it is hidden here (pending, owner 'gc', no hash) so the
        caller's copy takes its hash in the same transaction, and the caller frees the hidden
        chunks after COMMIT (:meth:`_free_retired`; garbage collection does if it is killed or
        fails first). Its readers hold its
        id, so they read its own chunks until those go (then BlobDamaged), never the new ones.
        """
        row = con.execute(
            "SELECT id, damaged FROM blobs WHERE sha256 = ? AND state = 'complete'", (sha,)
        ).fetchone()
        if row is None:
            return False, None
        if not row[1]:
            con.execute(
                "UPDATE blobs SET touched_at = ?, crc32 = COALESCE(crc32, ?) WHERE id = ?",
                (now, crc, row[0]),
            )
            return True, None
        con.execute(
            "UPDATE blobs SET state = 'pending', sha256 = NULL, owner = 'gc' WHERE id = ?",
            (row[0],),
        )
        return False, int(row[0])

    def _free_retired(self, con: sqlite3.Connection, blob_id: int) -> None:
        """Free the chunks of a damaged copy a repair hid. Best effort: the repair is committed,
        so a failure here (the vault busy past the timeout) must not undo or fail it; garbage
        collection frees what is left (the row is pending, owner 'gc')."""
        try:
            self._discard_pending(con, blob_id)
        except sqlite3.Error:
            if con.in_transaction:
                con.execute("ROLLBACK")

    def _discard_pending(self, con: sqlite3.Connection, blob_id: int) -> None:
        """Delete a pending blob's chunks in short transactions, then its row. A blob that is
        complete (a caller's mistake, or an id that became another blob's) is never touched:
        its chunks are someone's evidence."""
        while True:
            con.execute("BEGIN IMMEDIATE")
            state = con.execute("SELECT state FROM blobs WHERE id = ?", (blob_id,)).fetchone()
            if state is not None and state[0] != "pending":
                con.execute("COMMIT")
                log.error("not discarding blob %s: it is %s, not pending", blob_id, state[0])
                return
            cur = con.execute(
                "DELETE FROM chunks WHERE rowid IN "
                "(SELECT rowid FROM chunks WHERE blob_id = ? LIMIT ?)",
                (blob_id, COMMIT_EVERY_CHUNKS),
            )
            if cur.rowcount == 0:
                con.execute("DELETE FROM blobs WHERE id = ? AND state = 'pending'", (blob_id,))
                con.execute("COMMIT")
                return
            con.execute("COMMIT")

    # --- reading -------------------------------------------------------------------------

    def _info_on(self, con: sqlite3.Connection, sha256: str) -> BlobInfo | None:
        row = con.execute(
            "SELECT sha256, size_bytes, media_type, page_count, duration_seconds, damaged, crc32 "
            "FROM blobs WHERE sha256 = ? AND state = 'complete'",
            (sha256,),
        ).fetchone()
        if row is None:
            return None
        return BlobInfo(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6])

    def has(self, sha256: str) -> bool:
        """True when a complete blob with this hash is stored (damaged or not)."""
        row = self._read_one(
            "SELECT 1 FROM blobs WHERE sha256 = ? AND state = 'complete'", (sha256,)
        )
        return row is not None

    def has_intact(self, sha256: str) -> bool:
        """True when a complete blob with this hash is stored and not marked damaged: nothing
        to fetch. A damaged one is fetched again (the good copy replaces it)."""
        row = self._read_one(
            "SELECT 1 FROM blobs WHERE sha256 = ? AND state = 'complete' AND damaged = 0",
            (sha256,),
        )
        return row is not None

    def info(self, sha256: str) -> BlobInfo:
        """The BlobInfo of a stored blob; raises BlobNotFound."""
        with self._lock:
            info = self._info_on(self._conn, sha256)
        if info is None:
            raise BlobNotFound(sha256)
        return info

    def size(self, sha256: str) -> int:
        """The blob's size in bytes; raises BlobNotFound."""
        return self.info(sha256).size_bytes

    def list_blobs(self) -> list[str]:
        """Hashes of every complete blob."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT sha256 FROM blobs WHERE state = 'complete' ORDER BY id"
            ).fetchall()
        return [r[0] for r in rows]

    def stored_bytes(self) -> int:
        """Bytes held in chunks of complete blobs (each distinct content counted once)."""
        row = self._read_one(
            "SELECT COALESCE(SUM(size_bytes), 0) FROM blobs WHERE state = 'complete'"
        )
        return int(row[0])

    def open_blob(self, sha256: str, *, allow_damaged: bool = False) -> BinaryIO:
        """A seekable, streaming reader of the blob (reads one chunk at a time).

        Raises BlobNotFound, or BlobDamaged for a blob marked damaged unless ``allow_damaged``
        (e.g. to let the user rescue what is left). Close it when done.
        """
        # One read: the id, size and chunk layout of the same copy (a repair may replace it).
        row = self._read_one(
            "SELECT id, size_bytes, chunk_size, chunk_count, damaged FROM blobs "
            "WHERE sha256 = ? AND state = 'complete'",
            (sha256,),
        )
        if row is None:
            raise BlobNotFound(sha256)
        if row[4] and not allow_damaged:
            raise BlobDamaged(sha256)
        reader = _BlobReader(self._connect(), row[0], row[1], row[2], row[3])
        return io.BufferedReader(reader, buffer_size=CHUNK_SIZE)

    def iter_chunks(self, sha256: str, *, allow_damaged: bool = False) -> Iterator[bytes]:
        """The blob's bytes chunk by chunk, in order (raises BlobNotFound / BlobDamaged).

        One query streams the chunk rows on a connection of its own, closed when the iterator
        ends or is closed: a third of ``open_blob``'s cost for reading a blob whole. To read
        many blobs, :meth:`reader` keeps one connection for all of them.
        """
        with self.reader() as reader:
            yield from reader.chunks(sha256, allow_damaged=allow_damaged)

    def reader(self) -> BlobReader:
        """A reading connection of its own for streaming many blobs one after the other (the
        package writer streams 2,000 this way: opening a connection per blob cost more CPU than
        reading the bytes). Use it from one thread at a time; close it (or use ``with``)."""
        return BlobReader(self.path)

    def export(self, sha256: str, dest: Path) -> Path:
        """Write the blob to ``dest`` (atomically: a temporary file then a rename), checking
        its hash on the way; a mismatch marks the blob damaged and raises BlobDamaged."""
        dest = Path(dest)
        tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.part")
        digest = hashlib.sha256()
        try:
            with tmp.open("wb") as out:
                for block in self.iter_chunks(sha256):
                    digest.update(block)
                    out.write(block)
                out.flush()
                os.fsync(out.fileno())
            if digest.hexdigest() != sha256:
                self.mark_damaged(sha256)
                raise BlobDamaged(sha256)
            os.replace(tmp, dest)
        finally:
            tmp.unlink(missing_ok=True)
        return dest

    # --- integrity -----------------------------------------------------------------------

    def verify(self, sha256: str) -> bool:
        """Re-hash the blob; mark it damaged (never uploaded) on a mismatch or missing chunk,
        clear the mark and record the CRC-32 read when it matches again. Raises BlobNotFound."""
        row = self._read_one(
            "SELECT id, size_bytes, chunk_count FROM blobs WHERE sha256 = ? AND state = 'complete'",
            (sha256,),
        )
        if row is None:
            raise BlobNotFound(sha256)
        blob_id, size, count = row
        con = self._connect()
        digest = hashlib.sha256()
        crc = 0
        total = 0
        expected_seq = 0
        try:
            for seq, data in con.execute(
                "SELECT seq, data FROM chunks WHERE blob_id = ? ORDER BY seq", (blob_id,)
            ):
                if seq != expected_seq:
                    break
                digest.update(data)
                crc = zlib.crc32(data, crc)
                total += len(data)
                expected_seq += 1
        except sqlite3.DatabaseError:
            expected_seq = -1
        finally:
            con.close()
        ok = expected_seq == count and total == size and digest.hexdigest() == sha256
        with self._write() as w:
            # A match proves the CRC just computed: it replaces a recorded one (a wrong one would
            # fail every Paket kirim of this blob). By id: a copy that replaced this one meanwhile
            # (a repair) keeps its own marks.
            w.execute(
                "UPDATE blobs SET damaged = ?, crc32 = COALESCE(?, crc32) WHERE id = ?",
                (0 if ok else 1, crc if ok else None, blob_id),
            )
        return ok

    def record_crc32(self, crcs: dict[str, int], *, wait_seconds: float = 1.0) -> int:
        """Record the CRC-32 of blobs stored before the vault kept one (``sha256 -> crc``),
        taken by a reader that has just read each of them whole AND found it matches its
        SHA-256 (the Paket kirim does). A CRC already recorded is never replaced. Returns how
        many were recorded. Best effort for its caller: it waits at most ``wait_seconds`` for
        another writer (a long import) and then raises ``sqlite3.OperationalError``, rather
        than hold up the caller; nothing is lost (the next whole read records them)."""
        if not crcs:
            return 0
        recorded = 0
        con = self._connect()
        try:
            con.execute(f"PRAGMA busy_timeout={int(wait_seconds * 1000)}")
            con.execute("BEGIN IMMEDIATE")
            try:
                for sha256, crc in crcs.items():
                    recorded += con.execute(
                        "UPDATE blobs SET crc32 = ? WHERE sha256 = ? AND state = 'complete' "
                        "AND crc32 IS NULL",
                        (crc & 0xFFFFFFFF, sha256),
                    ).rowcount
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        finally:
            con.close()
        return recorded

    def mark_damaged(self, sha256: str) -> None:
        """Mark a blob damaged: it is never uploaded and readers refuse it."""
        with self._write() as con:
            con.execute("UPDATE blobs SET damaged = 1 WHERE sha256 = ?", (sha256,))

    def damaged_blobs(self) -> list[str]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT sha256 FROM blobs WHERE state = 'complete' AND damaged = 1"
            ).fetchall()
        return [r[0] for r in rows]

    def integrity_check(self) -> list[str]:
        """SQLite's integrity check of vault.sqlite: [] when it passes, else its messages."""
        with self._lock:
            rows = self._conn.execute("PRAGMA integrity_check").fetchall()
        messages = [r[0] for r in rows]
        return [] if messages == ["ok"] else messages

    # --- upload bookkeeping (for the sync client) -------------------------------------------

    def upload_status(self, sha256: str) -> UploadStatus:
        """The blob's upload bookkeeping; raises BlobNotFound."""
        row = self._read_one(
            "SELECT sha256, upload_state, upload_url, server_offset, verified, damaged, "
            "size_bytes FROM blobs WHERE sha256 = ? AND state = 'complete'",
            (sha256,),
        )
        if row is None:
            raise BlobNotFound(sha256)
        return UploadStatus(
            row[0], UploadState(row[1]), row[2], row[3], bool(row[4]), bool(row[5]), row[6]
        )

    def set_upload_state(
        self,
        sha256: str,
        state: UploadState,
        *,
        upload_url: str | None = None,
        server_offset: int | None = None,
        verified: bool | None = None,
    ) -> UploadStatus:
        """Move a blob's upload bookkeeping. Omitted keyword arguments keep their value, except
        that IN_VAULT clears the URL, offset and verified flag (a fresh start).

        Raises BlobDamaged when asked to start uploading a damaged blob.
        """
        state = UploadState(state)
        with self._write() as con:
            row = con.execute(
                "SELECT damaged FROM blobs WHERE sha256 = ? AND state = 'complete'", (sha256,)
            ).fetchone()
            if row is None:
                raise BlobNotFound(sha256)
            if row[0] and state is not UploadState.IN_VAULT:
                raise BlobDamaged(
                    f"Blob {sha256} is damaged and is never uploaded; run 'Periksa arsip'."
                )
            if state is UploadState.IN_VAULT:
                con.execute(
                    "UPDATE blobs SET upload_state = 'in_vault', upload_url = NULL, "
                    "server_offset = 0, verified = 0 WHERE sha256 = ?",
                    (sha256,),
                )
            else:
                con.execute(
                    "UPDATE blobs SET upload_state = ?, "
                    "upload_url = COALESCE(?, upload_url), "
                    "server_offset = COALESCE(?, server_offset), "
                    "verified = COALESCE(?, verified) WHERE sha256 = ?",
                    (
                        state.value,
                        upload_url,
                        server_offset,
                        None if verified is None else int(verified),
                        sha256,
                    ),
                )
        return self.upload_status(sha256)

    def set_server_offset(self, sha256: str, offset: int) -> None:
        """Record how many bytes the server holds (after each tus PATCH)."""
        self.set_upload_state(sha256, UploadState.UPLOADING, server_offset=offset)

    def blobs_to_upload(self) -> list[UploadStatus]:
        """Complete, undamaged blobs not yet uploaded and verified, oldest first."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT sha256 FROM blobs WHERE state = 'complete' AND damaged = 0 "
                "AND NOT (upload_state = 'uploaded' AND verified = 1) ORDER BY id"
            ).fetchall()
        return [self.upload_status(r[0]) for r in rows]

    # --- downloads (for the sync client) -------------------------------------------------------

    def open_download(self, sha256: str) -> BlobDownload:
        """The download of ``sha256`` into the vault: a new one, or the one a killed or cut
        transfer left (its committed chunks are kept; :attr:`BlobDownload.offset` says where
        to resume). Raises VaultError when another download of it is open (another process)."""
        return BlobDownload(self, sha256)

    def download_offset(self, sha256: str) -> int:
        """Bytes of ``sha256`` already committed by an unfinished download (0 if none)."""
        row = self._read_one(
            "SELECT b.chunk_size, COUNT(c.seq) FROM blobs b LEFT JOIN chunks c "
            "ON c.blob_id = b.id WHERE b.state = 'pending' AND b.download_sha256 = ?",
            (sha256,),
        )
        return int(row[0] or 0) * int(row[1] or 0) if row is not None else 0

        # --- thumbnails cache (filled by sync.local.thumbnails) ---------------------------------

    def cached_thumbnail(self, sha256: str, max_px: int) -> tuple[bytes, int, int] | None:
        """(png bytes, width, height) of a cached thumbnail, or None."""
        row = self._read_one(
            "SELECT png, width, height FROM thumbnails WHERE sha256 = ? AND max_px = ?",
            (sha256, max_px),
        )
        return None if row is None else (bytes(row[0]), int(row[1]), int(row[2]))

    def store_thumbnail(
        self, sha256: str, max_px: int, png: bytes, width: int, height: int
    ) -> None:
        with self._write() as con:
            con.execute(
                "INSERT OR REPLACE INTO thumbnails (sha256, max_px, png, width, height) "
                "VALUES (?, ?, ?, ?, ?)",
                (sha256, max_px, png, width, height),
            )

    # --- reading cache (filled by sync.local.reading) -----------------------------------------

    def cached_reading(self, sha256: str, reader: int) -> str | None:
        """The JSON a reader of version ``reader`` stored for ``sha256``, or None."""
        row = self._read_one(
            "SELECT result FROM readings WHERE sha256 = ? AND reader = ?", (sha256, reader)
        )
        return None if row is None else str(row[0])

    def store_reading(self, sha256: str, reader: int, result: str) -> None:
        with self._write() as con:
            con.execute(
                "INSERT OR REPLACE INTO readings (sha256, reader, result, created_at) "
                "VALUES (?, ?, ?, ?)",
                (sha256, reader, result, time.time()),
            )

    # --- garbage collection ------------------------------------------------------------

    def collect_garbage(
        self,
        referenced: set[str],
        confirmed_on_server: Callable[[str], bool],
        *,
        grace_seconds: float = GC_GRACE_SECONDS,
        vacuum_pages_per_step: int = 64,
    ) -> int:
        """Delete blobs no document refers to and that the server confirmed holding or never
        received; remove abandoned pending imports; give space back in small steps.

        A blob partly uploaded (``uploading``) is kept until the sync client settles it, and so
        is a partial download of a file a document refers to. A blob
        imported or re-imported within ``grace_seconds`` is kept: its document row may not be
        committed yet (``referenced`` was read before). Returns the number of blobs deleted.
        Runs in short transactions so the app keeps working meanwhile.
        """
        with MAINTENANCE_LOCK:
            return self._collect_garbage(
                referenced, confirmed_on_server, grace_seconds, vacuum_pages_per_step
            )

    def _collect_garbage(
        self,
        referenced: set[str],
        confirmed_on_server: Callable[[str], bool],
        grace_seconds: float,
        vacuum_pages_per_step: int,
    ) -> int:
        cutoff = time.time() - grace_seconds
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, sha256, upload_state, upload_url, server_offset, verified "
                "FROM blobs WHERE state = 'complete' AND touched_at < ?",
                (cutoff,),
            ).fetchall()
            pending = self._conn.execute(
                "SELECT id, owner FROM blobs WHERE state = 'pending' AND ("
                "download_sha256 IS NULL OR download_sha256 NOT IN "
                "(SELECT value FROM json_each(?)))",
                (json.dumps(sorted(referenced)),),
            ).fetchall()
        doomed: list[tuple[int, str]] = []
        for blob_id, sha, upload_state, url, offset, verified in rows:
            if sha in referenced:
                continue
            never_sent = upload_state == UploadState.IN_VAULT and url is None and offset == 0
            confirmed = (upload_state == UploadState.UPLOADED and bool(verified)) or (
                upload_state != UploadState.UPLOADING and confirmed_on_server(sha)
            )
            if never_sent or confirmed:
                doomed.append((blob_id, sha))
        deleted = 0
        # Chunks are freed on a connection of their own so the shared one (and its lock)
        # stays free for the app while a large blob is deleted.
        gc_con = self._connect()
        try:
            deleted = self._delete_blobs(gc_con, doomed, pending, cutoff)
        finally:
            gc_con.close()
        self.reclaim_space(vacuum_pages_per_step)
        return deleted

    def _delete_blobs(
        self,
        gc_con: sqlite3.Connection,
        doomed: list[tuple[int, str]],
        pending: list[tuple[int, str | None]],
        cutoff: float,
    ) -> int:
        deleted = 0
        for blob_id, sha in doomed:
            with self._write() as con:
                # Hide the blob first (one short transaction), then free its chunks in steps.
                cur = con.execute(
                    "UPDATE blobs SET state = 'pending', sha256 = NULL, owner = 'gc' "
                    "WHERE id = ? AND sha256 = ? AND touched_at < ?",
                    (blob_id, sha, cutoff),
                )
                con.execute("DELETE FROM thumbnails WHERE sha256 = ?", (sha,))
                con.execute("DELETE FROM readings WHERE sha256 = ?", (sha,))
            if cur.rowcount:
                deleted += 1
                self._discard_pending(gc_con, blob_id)
        with _ACTIVE_LOCK:
            active = set(_ACTIVE_IMPORTS)
        for blob_id, owner in pending:
            pid = _owner_pid(owner)
            abandoned = owner == "gc" or (
                owner not in active and (pid is None or pid == os.getpid() or not _pid_alive(pid))
            )
            if abandoned:
                self._discard_pending(gc_con, blob_id)
        return deleted

    def reclaim_space(self, pages_per_step: int = 64, pause_seconds: float = 0.005) -> int:
        """Give free pages back to the file system with incremental vacuum, a few pages per
        transaction, pausing between steps so other writers get in. Returns pages freed."""
        freed = 0
        while True:
            with self._lock:
                con = self._conn
                free = con.execute("PRAGMA freelist_count").fetchone()[0]
                if free == 0:
                    return freed
                step = min(free, pages_per_step)
                # The pragma does its work while it is stepped: fetch every row.
                con.execute(f"PRAGMA incremental_vacuum({int(step)})").fetchall()
                freed += step
            time.sleep(pause_seconds)

    def freelist_pages(self) -> int:
        return int(self._read_one("PRAGMA freelist_count")[0])


class BlobReader:
    """One read connection to the vault streaming whole blobs (see :meth:`Vault.reader`).

    Each blob is read by one statement (its own read snapshot: a blob being collected cannot be
    half read); a missing or short chunk raises BlobDamaged, an unknown blob BlobNotFound.
    """

    def __init__(self, path: Path) -> None:
        self._con = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )  # fmt: skip
        self._con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        self._con.execute("PRAGMA query_only=ON")

    def chunks(self, sha256: str, *, allow_damaged: bool = False) -> Iterator[bytes]:
        """The blob's bytes chunk by chunk, in order."""
        row = self._con.execute(
            "SELECT id, chunk_count, size_bytes, damaged FROM blobs "
            "WHERE sha256 = ? AND state = 'complete'",
            (sha256,),
        ).fetchone()
        if row is None:
            raise BlobNotFound(sha256)
        blob_id, count, expected, damaged = row
        if damaged and not allow_damaged:
            raise BlobDamaged(sha256)
        return self._stream(blob_id, count, expected)

    def _stream(self, blob_id: int, count: int, expected: int) -> Iterator[bytes]:
        seen = size = 0
        rows = self._con.execute(
            "SELECT seq, data FROM chunks WHERE blob_id = ? ORDER BY seq", (blob_id,)
        )
        try:
            for seq, data in rows:
                if seq != seen:
                    raise BlobDamaged(f"chunk {seen} of blob {blob_id} is missing")
                seen += 1
                size += len(data)
                yield bytes(data)
        finally:
            rows.close()
        if seen != count or size != expected:
            raise BlobDamaged(f"blob {blob_id} is short: {seen}/{count} chunks, {size} bytes")

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class BlobDownload:
    """One file arriving from the server into the vault, resumable.

    Bytes stream in through :meth:`write`; every full chunk (``CHUNK_SIZE``) is committed at
    once, in its own short transaction, under a pending row nobody can see, so a kill or a cut
    line loses at most the chunk in progress. :meth:`finish` checks the whole file's SHA-256
    and only then makes the blob visible (and marks it as held by the server: it is never sent
    back). Reopening a download of the same hash resumes after its committed chunks (their
    hash is recomputed from the vault). One thread at a time; :meth:`close` when done.
    """

    def __init__(self, vault: Vault, sha256: str) -> None:
        self.vault = vault
        self.sha256 = sha256
        self._con = vault._connect()
        self._digest = hashlib.sha256()
        self._crc = 0
        self._tail = bytearray()
        self._head = b""
        self._seq = 0
        self._committed = 0
        self.expected_size: int | None = None
        try:
            self._blob_id = self._resume_or_begin()
        except BaseException:
            self._con.close()
            raise

    # -- state --

    @property
    def offset(self) -> int:
        """Bytes received so far (committed chunks plus the chunk in progress)."""
        return self._committed + len(self._tail)

    @property
    def committed(self) -> int:
        """Bytes that survive a kill (whole committed chunks)."""
        return self._committed

    def _resume_or_begin(self) -> int:
        con = self._con
        row = con.execute(
            "SELECT id, expected_size, chunk_size FROM blobs "
            "WHERE state = 'pending' AND download_sha256 = ?",
            (self.sha256,),
        ).fetchone()
        if row is not None and row[2] == CHUNK_SIZE:
            blob_id, self.expected_size = int(row[0]), row[1]
            for seq, data in con.execute(
                "SELECT seq, data FROM chunks WHERE blob_id = ? ORDER BY seq", (blob_id,)
            ):
                if seq != self._seq or len(data) != CHUNK_SIZE:
                    break  # a gap or a short chunk: keep only what is contiguous and whole
                if seq == 0:
                    self._head = bytes(data[:4096])
                self._digest.update(data)
                self._crc = zlib.crc32(data, self._crc)
                self._seq += 1
            self._committed = self._seq * CHUNK_SIZE
            con.execute("BEGIN IMMEDIATE")
            con.execute("DELETE FROM chunks WHERE blob_id = ? AND seq >= ?", (blob_id, self._seq))
            con.execute(
                "UPDATE blobs SET chunk_count = ?, touched_at = ? WHERE id = ?",
                (self._seq, time.time(), blob_id),
            )
            con.execute("COMMIT")
            return blob_id
        if row is not None:  # written with another chunk size: start over
            self.vault._discard_pending(con, int(row[0]))
        now = time.time()
        con.execute("BEGIN IMMEDIATE")
        try:
            cur = con.execute(
                "INSERT INTO blobs (state, owner, chunk_size, created_at, touched_at, "
                "download_sha256) VALUES ('pending', 'download', ?, ?, ?, ?)",
                (CHUNK_SIZE, now, now, self.sha256),
            )
        except sqlite3.IntegrityError as exc:
            con.execute("ROLLBACK")
            raise VaultError(f"{self.sha256} is being downloaded by another process") from exc
        con.execute("COMMIT")
        assert cur.lastrowid is not None
        return int(cur.lastrowid)

    def set_expected_size(self, size: int) -> None:
        """The size the server announced (kept with the partial download)."""
        if self.expected_size == size:
            return
        self.expected_size = size
        self._con.execute("BEGIN IMMEDIATE")
        self._con.execute("UPDATE blobs SET expected_size = ? WHERE id = ?", (size, self._blob_id))
        self._con.execute("COMMIT")

    # -- writing --

    def write(self, data: bytes) -> None:
        """Append received bytes; full chunks are committed as they complete."""
        self._tail += data
        while len(self._tail) >= CHUNK_SIZE:
            block = bytes(self._tail[:CHUNK_SIZE])
            del self._tail[:CHUNK_SIZE]
            self._commit_chunk(block)

    def _commit_chunk(self, block: bytes) -> None:
        if self._seq == 0:
            self._head = block[:4096]
        con = self._con
        con.execute("BEGIN IMMEDIATE")
        try:
            con.execute(
                "INSERT INTO chunks (blob_id, seq, data) VALUES (?, ?, ?)",
                (self._blob_id, self._seq, block),
            )
            con.execute(
                "UPDATE blobs SET chunk_count = ?, touched_at = ? WHERE id = ?",
                (self._seq + 1, time.time(), self._blob_id),
            )
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
        self._digest.update(block)
        self._crc = zlib.crc32(block, self._crc)
        self._seq += 1
        self._committed += len(block)

    def restart(self) -> None:
        """Throw away what was received (the server sent another file, or the hash failed)."""
        self._tail.clear()
        self.vault._discard_pending(self._con, self._blob_id)
        self._digest = hashlib.sha256()
        self._crc = 0
        self._seq = self._committed = 0
        self._head = b""
        self.expected_size = None
        self._blob_id = self._resume_or_begin()

    def finish(self) -> BlobInfo:
        """Commit the last bytes, check the SHA-256 and make the blob visible. On a mismatch
        the received bytes are thrown away and BlobDamaged is raised."""
        if self._tail:
            block = bytes(self._tail)
            self._tail.clear()
            if self._seq == 0:
                self._head = block[:4096]
            self._con.execute("BEGIN IMMEDIATE")
            self._con.execute(
                "INSERT INTO chunks (blob_id, seq, data) VALUES (?, ?, ?)",
                (self._blob_id, self._seq, block),
            )
            self._con.execute("COMMIT")
            self._digest.update(block)
            self._crc = zlib.crc32(block, self._crc)
            self._seq += 1
            self._committed += len(block)
        size = self._committed
        if self._digest.hexdigest() != self.sha256 or (
            self.expected_size is not None and size != self.expected_size
        ):
            self.restart()
            raise BlobDamaged(
                f"downloaded bytes of {self.sha256} do not match their hash; thrown away"
            )
        media_type = file_inspect.sniff_media_type(self._head)
        con = self._con
        con.execute("BEGIN IMMEDIATE")
        now = time.time()
        # Imported meanwhile: keep that copy; stored but marked damaged: this one replaces it.
        kept, retired = self.vault._settle_with_stored(con, self.sha256, self._crc, now)
        if kept:
            con.execute("COMMIT")
            self.vault._discard_pending(con, self._blob_id)
        else:
            con.execute(
                "UPDATE blobs SET sha256 = ?, state = 'complete', owner = NULL, "
                "download_sha256 = NULL, size_bytes = ?, chunk_count = ?, media_type = ?, "
                "touched_at = ?, upload_state = 'uploaded', server_offset = ?, verified = 1, "
                "crc32 = ? WHERE id = ?",
                (self.sha256, size, self._seq, media_type, now, size, self._crc, self._blob_id),
            )
            con.execute("COMMIT")
            if retired is not None:
                self.vault._free_retired(con, retired)
        info = self.vault._info_on(con, self.sha256)
        assert info is not None
        return info

    def close(self) -> None:
        """Stop here: committed chunks stay for the next attempt; the chunk in progress is lost."""
        self._con.close()

    def __enter__(self) -> BlobDownload:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_full(f: BinaryIO, size: int) -> bytes:
    """Read ``size`` bytes unless the file ends first (short reads are retried)."""
    block = f.read(size)
    if len(block) == size or not block:
        return block
    parts = [block]
    got = len(block)
    while got < size:
        more = f.read(size - got)
        if not more:
            break
        parts.append(more)
        got += len(more)
    return b"".join(parts)


def _facts(src: Path, media_type: str | None, size: int) -> tuple[int | None, float | None]:
    """Page count / duration for the BlobInfo; None when they cannot be read."""
    if media_type is None:
        return None, None
    try:
        return file_inspect.read_facts(src, media_type, size)
    except (file_inspect.FileProblem, OSError):
        return None, None


class _BlobReader(io.RawIOBase):
    """Streams one blob from its chunk rows; seekable so tus can resume from an offset."""

    def __init__(
        self, con: sqlite3.Connection, blob_id: int, size: int, chunk_size: int, count: int
    ) -> None:
        super().__init__()
        self._con = con
        self._blob_id = blob_id
        self._size = size
        self._chunk_size = chunk_size
        self._count = count
        self._pos = 0
        self._cached_seq = -1
        self._cached: bytes = b""

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            pos = offset
        elif whence == io.SEEK_CUR:
            pos = self._pos + offset
        elif whence == io.SEEK_END:
            pos = self._size + offset
        else:
            raise ValueError(f"invalid whence {whence}")
        if pos < 0:
            raise ValueError("negative seek position")
        self._pos = pos
        return pos

    def _chunk(self, seq: int) -> bytes:
        if seq != self._cached_seq:
            row = self._con.execute(
                "SELECT data FROM chunks WHERE blob_id = ? AND seq = ?", (self._blob_id, seq)
            ).fetchone()
            if row is None:
                raise BlobDamaged(f"chunk {seq} of blob {self._blob_id} is missing")
            self._cached_seq = seq
            self._cached = bytes(row[0])
        return self._cached

    def readinto(self, buffer: Any) -> int:
        if self.closed:
            raise ValueError("I/O operation on closed blob reader")
        if self._pos >= self._size:
            return 0
        view = memoryview(buffer).cast("B")
        seq, within = divmod(self._pos, self._chunk_size)
        data = self._chunk(seq)
        n = min(len(view), len(data) - within, self._size - self._pos)
        if n <= 0:
            raise BlobDamaged(f"chunk {seq} of blob {self._blob_id} is short")
        view[:n] = data[within : within + n]
        self._pos += n
        return n

    def close(self) -> None:
        if not self.closed:
            self._con.close()
        super().close()


def run_vault_migrations(path: Path) -> None:
    """Upgrade ``path`` to the newest vault schema with Alembic, all steps in one transaction.

    pysqlite left alone runs DDL in autocommit: a start killed between a step's ``ALTER TABLE``
    and the version update kept the column under the old version, and every later start failed
    on "duplicate column name". So the driver is in autocommit mode and the engine emits BEGIN
    IMMEDIATE itself (as ``sync.local.db`` does for the store): a second process opening the
    vault meanwhile waits, then finds it at head."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA page_size={PAGE_SIZE}")
        cur.execute("PRAGMA auto_vacuum=INCREMENTAL")
        cur.execute("PRAGMA journal_mode=TRUNCATE")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()

    config = Config()
    config.set_main_option(
        "script_location", str(Path(__file__).resolve().parent / "vault_migrations")
    )
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        engine.dispose()
