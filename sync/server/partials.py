"""Where the bytes of unfinished uploads live, so that any API worker on any machine can continue
any upload: in the S3 bucket as a multipart upload (as tusd's S3 store keeps them) when the blob
store is S3, else in ``uploads_dir`` (one machine, or a folder every machine shares).

An upload's row names its store in ``uploads.store_ref``: ``s3:<multipart upload id>`` or
``None`` (the folder). Which writer may touch an upload at a time is decided by the lease on
the row (``sync.server.uploads``), never by a local lock, so these classes do no locking.

The S3 layout for upload ``<id>`` (under the store's prefix, default ``uploads/``):

- a multipart upload on key ``<id>``: the parts already sent, each at least 5 MiB (S3's minimum
  for every part but the last), numbered 1, 2, ... in file order;
- the object ``<id>.tail``: the bytes after the last part while they are fewer than 5 MiB. A
  PATCH reads the tail, appends its body, then stores the result as the next part (when it
  reached 5 MiB) or as the new tail. So with the usual 1 MiB chunks each byte travels to S3
  about three times before the upload completes: the price of resuming anywhere.

S3 only ever receives bytes the PATCH accepted (a chunk failing its checksum is not sent), so
what S3 holds is always a valid prefix of the file: ``held`` is the truth when the database's
offset is behind it (the answer to a PATCH was lost in a crash) and the offset moves up to it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from sync.pagecache import drop_soon, hand_over
from sync.private_files import private_file

S3_REF = "s3:"
PART_MIN = 5 * 1024 * 1024
"""S3's smallest part (every part but the last)."""
READ_CHUNK = 1024 * 1024
WRITEBACK_EVERY = 256 * 1024
"""While a chunk streams in, each this many bytes are handed to the kernel's writeback
(:func:`sync.pagecache.hand_over`), so the fdatasync at the chunk's end (before its offset
moves) has little left to wait for: the last batch (``uploads.SPOOL_BATCH``), whose writeback
the fdatasync itself starts. At 1 MiB chunks that brought the median fdatasync from 1.2-1.6 ms
to 0.9-1.0 ms (bench/tus_upload.py's file, loaded machine)."""
RUNNING_HASHES = 256
"""Uploads whose whole-file SHA-256 this process keeps computing as their bytes arrive."""
HASH_BACKLOG = 32 * 1024 * 1024
"""Most written bytes waiting for the hashing thread (:class:`_HashQueue`); a writer that would
go past it waits (the client then waits for our answer)."""


class LeaseExpired(Exception):
    """A writer's :class:`Hold` ran out: it wrote nothing (the request lost its upload)."""


class Hold:
    """Until when a request may still change an upload's partial data: ``until`` on this
    process's monotonic clock, set and moved by the lease's holder (``sync.server.uploads``:
    a margin before the lease's expiry, from the moment it was taken or renewed). Past it
    another request, in this process or another, may have taken the upload over, so a writer
    neither writes nor cuts (it only closes what it opened): the lease in the database is only
    checked when the offset moves, after the bytes are written. One clock read per write."""

    __slots__ = ("until",)

    def __init__(self, until: float) -> None:
        self.until = until

    def held(self) -> bool:
        return time.monotonic() < self.until

    def check(self) -> None:
        """Raise :class:`LeaseExpired` once the hold has run out."""
        if time.monotonic() >= self.until:
            raise LeaseExpired


class PartialWriter(Protocol):
    """One PATCH's bytes: ``write`` while they arrive, then ``commit`` (durable) or ``abort``.
    Called from a worker thread, one call at a time (``sync.server.uploads._Spool``). Nothing
    in the shared store is changed once the request's :class:`Hold` ran out: what would change
    it raises :class:`LeaseExpired` (the folder's ``write``, S3's ``commit``), ``abort`` only
    closes."""

    def write(self, pieces: Sequence[bytes], ending: bool = False) -> None:
        """Append ``pieces`` in order; ``ending``: the body's last bytes (the commit comes
        next)."""
        ...

    def commit(self) -> None: ...

    def counted(self, moved: bool) -> None:
        """After :meth:`commit`: whether the upload's recorded offset moved to this writer's
        end. Only then is what the writer learnt of the file kept (the running whole-file
        hash). When it did not move, the lease was lost: another request may have taken the
        upload over and written these offsets meanwhile, and this writer's bytes may have gone
        over its bytes, so nothing this process knows of the file is trusted any more."""
        ...

    def abort(self) -> None: ...


class Partials(Protocol):
    """The partial data of unfinished uploads."""

    def create(self, upload_id: str) -> str | None:
        """Make room for a new upload; returns its ``store_ref``."""
        ...

    def held(self, upload_id: str, store_ref: str | None) -> int:
        """How many bytes of the upload are durably held."""
        ...

    def cut(self, upload_id: str, store_ref: str | None, offset: int) -> int:
        """Agree with a recorded ``offset``: drop bytes past it where that is possible and
        return the offset to resume at (the folder cuts; S3 keeps its valid prefix)."""
        ...

    def writer(
        self, upload_id: str, store_ref: str | None, offset: int, hold: Hold
    ) -> PartialWriter:
        """A writer appending at ``offset`` (== ``held``) while ``hold`` lasts."""
        ...

    def assemble(self, upload_id: str, store_ref: str | None) -> Path:
        """The whole file as a local file (for hashing and checks); ``release`` it after."""
        ...

    def known_sha256(self, upload_id: str, path: Path, length: int) -> str | None:
        """The whole file's SHA-256 if this process computed it as the bytes arrived and can
        vouch it is of ``path`` as it is now, else None (then it is hashed from the file).
        May wait for the hashing thread: call it from a worker thread."""
        ...

    def release(self, upload_id: str, store_ref: str | None, path: Path) -> None:
        """Forget the local file ``assemble`` returned (the folder keeps its part file until
        ``discard``)."""
        ...

    def discard(self, upload_id: str, store_ref: str | None) -> None:
        """Remove everything of the upload (idempotent)."""
        ...


# --- the folder ---------------------------------------------------------------------------------


class _HashQueue:
    """The running whole-file hashes' updates with a chunk's last written bytes, on a thread
    of their own (one thread: one order for every upload). They are not on the chunk's way to
    its answer: they run beside the fdatasync, the offset's statement and the client's next
    request (at 1 MiB chunks, written in one piece, that was ~0.6 ms of each chunk's critical
    path, bench/tus_upload.py); the bytes before them are hashed by the writer as they come
    (``_FileWriter``; per batch on this thread cost ~10 % more CPU at 64 MiB chunks). Whoever
    needs a digest waits for the hasher's last update (:meth:`FolderPartials.known_sha256`,
    the next writer). At most ``HASH_BACKLOG`` bytes wait."""

    def __init__(self, backlog: int = HASH_BACKLOG) -> None:
        self.backlog = backlog
        self.waiting = 0
        self.room = threading.Condition()
        self.pool: ThreadPoolExecutor | None = None

    def update(self, hasher: Any, pieces: Sequence[bytes]) -> Future[None]:
        """``hasher.update`` with ``pieces`` after every update handed over before."""
        pieces = tuple(pieces)
        size = sum(len(data) for data in pieces)
        with self.room:
            while self.waiting and self.waiting + size > self.backlog:
                self.room.wait()
            self.waiting += size
            if self.pool is None:
                self.pool = ThreadPoolExecutor(1, thread_name_prefix="upload-hash")
            pool = self.pool

        def run() -> None:
            try:
                for data in pieces:
                    hasher.update(data)
            finally:
                with self.room:
                    self.waiting -= size
                    self.room.notify_all()

        return pool.submit(run)


_HASHING = _HashQueue()


@dataclass
class _RunningHash:
    """The SHA-256 of a partial file's first ``offset`` bytes, as this process wrote them; valid
    only while the file is the same one (inode) and exactly ``offset`` long: any other writer
    (another worker, a cut) changes that and the file is hashed from disk instead. ``done``:
    the last update handed to the hashing thread (:class:`_HashQueue`)."""

    offset: int
    inode: int
    hasher: Any
    done: Future[None] | None = None


class _FileWriter:
    """Appends to the partial file; fdatasync on commit (data and size durable: all a resume
    needs, several times cheaper than fsync); keeps the running whole-file hash (updated on
    the hashing thread, :class:`_HashQueue`). Writes and cuts only while its :class:`Hold`
    lasts."""

    def __init__(self, store: FolderPartials, upload_id: str, offset: int, hold: Hold) -> None:
        hold.check()  # not even the file is made again (a finished upload's was removed)
        self.store = store
        self.upload_id = upload_id
        self.offset = offset
        self.hold = hold
        self.fd = os.open(store.path(upload_id), os.O_RDWR | os.O_CREAT, 0o600)
        os.lseek(self.fd, offset, os.SEEK_SET)
        self.whole = store.take_running(upload_id, self.fd, offset)
        self.unhashed: Sequence[bytes] = ()
        self.durable: _RunningHash | None = None
        """The running hash as of the committed bytes (kept if the offset moves)."""
        self.written = 0
        self.flushed = 0

    def write(self, pieces: Sequence[bytes], ending: bool = False) -> None:
        self.hold.check()
        write_all(self.fd, pieces, WRITE_MOST if ending else None)
        if self.whole is not None:
            # The previous write's bytes are hashed here, while the loop receives the next;
            # the last write's go to the hashing thread with the commit.
            self._hash_here()
            self.unhashed = pieces
        self.written += sum(len(data) for data in pieces)
        if not ending and self.written - self.flushed >= WRITEBACK_EVERY:
            hand_over(self.fd, self.offset + self.flushed, self.written - self.flushed)
            self.flushed = self.written

    def _hash_here(self) -> None:
        assert self.whole is not None
        if not self.unhashed:
            return
        if self.whole.done is not None:
            try:
                self.whole.done.result()  # the hashing thread is done with this hasher
            except Exception:  # noqa: BLE001 - then the file is hashed from disk at the end
                self.whole = None
                return
            self.whole.done = None
        for data in self.unhashed:
            self.whole.hasher.update(data)
        self.unhashed = ()

    def commit(self) -> None:
        try:
            if self.whole is not None and self.unhashed:
                # Beside the fdatasync, off the chunk's way to its answer.
                self.whole.done = _HASHING.update(self.whole.hasher, self.unhashed)
            os.fdatasync(self.fd)
            # Nothing reads these pages soon (the running hash has them): their memory goes
            # to the next chunk's bytes instead of fresh memory (sync.pagecache). What was
            # handed over before the last batch was dropped then if clean (as it usually is
            # by the next batch: dropping a whole 64 MiB chunk again cost ~5 %).
            kept = max(0, self.flushed - WRITEBACK_EVERY)
            drop_soon(self.fd, self.offset + kept, self.written - kept)
            if self.whole is not None:
                self.whole.offset = self.offset + self.written
                self.whole.inode = os.fstat(self.fd).st_ino
                self.durable = self.whole
        finally:
            os.close(self.fd)

    def counted(self, moved: bool) -> None:
        if moved and self.durable is not None:
            self.store.keep_running(self.upload_id, self.durable)
        elif not moved:
            self.store.running.pop(self.upload_id, None)

    def abort(self) -> None:
        try:
            if self.hold.held():  # else another request's durable bytes may be past offset
                os.ftruncate(self.fd, self.offset)
        finally:
            os.close(self.fd)


IOV_MAX = 512
"""Buffers per ``writev`` call (POSIX guarantees at least 16, Linux takes 1024)."""


WRITE_MOST = 64 * 1024
"""Most bytes per write call for a body's last bytes (``PartialWriter.write``'s ``ending``:
a whole 1 MiB body read ahead, or a longer body's last batch). Recent Linux kernels (this
machine's 6.18, ext4 with large folios) size the page-cache blocks they take by the write's
length, and a 1 MiB block is more often one that the host of a VM with free page reporting
took back (:mod:`sync.pagecache`). Measured on this project's test VM with 1 MiB chunks, each
fdatasync'd: 1 MiB writes went from 0.7 ms to ~3 ms per chunk after 1-2 GiB, 64 KiB writes
only after 2-3 GiB (what keeps it flat is dropping the pages once durable). Not while a body
streams in: each call hands the GIL back and takes it again from the busy event loop (one
call per ``uploads.SPOOL_BATCH``)."""


def write_all(fd: int, pieces: Sequence[bytes], most: int | None = None) -> None:
    """Write ``pieces`` at the file position in as few system calls as the platform allows
    (``writev``; one ``write`` per piece where there is none, e.g. Windows); with ``most``, in
    calls of at most that many bytes (small pieces gathered into one ``writev``)."""
    if most is None:
        _write_group(fd, [memoryview(data) for data in pieces if data])
        return
    group: list[memoryview] = []
    size = 0
    for data in pieces:
        view = memoryview(data)
        while view:
            part = view[: most - size]
            view = view[len(part) :]
            group.append(part)
            size += len(part)
            if size == most:
                _write_group(fd, group)
                group, size = [], 0
    if group:
        _write_group(fd, group)


def _write_group(fd: int, views: list[memoryview]) -> None:
    """Write every byte of ``views`` (through short writes)."""
    if not hasattr(os, "writev"):
        for view in views:
            while view:
                view = view[os.write(fd, view) :]
        return
    while views:
        done = os.writev(fd, views[:IOV_MAX])
        while done and done >= len(views[0]):
            done -= len(views[0])
            views.pop(0)
        if done:
            views[0] = views[0][done:]


@dataclass
class FolderPartials:
    """Partial files ``<uploads_dir>/<id>.part``."""

    root: Path
    running: dict[str, _RunningHash] = field(default_factory=dict)

    def path(self, upload_id: str) -> Path:
        return self.root / f"{upload_id}.part"

    def create(self, upload_id: str) -> str | None:
        self.path(upload_id).touch(mode=0o600)
        return None

    def held(self, upload_id: str, store_ref: str | None) -> int:
        try:
            return self.path(upload_id).stat().st_size
        except FileNotFoundError:
            return 0

    def cut(self, upload_id: str, store_ref: str | None, offset: int) -> int:
        size = self.held(upload_id, store_ref)
        if size > offset:
            os.truncate(self.path(upload_id), offset)
            return offset
        return size

    def writer(
        self, upload_id: str, store_ref: str | None, offset: int, hold: Hold
    ) -> PartialWriter:
        return _FileWriter(self, upload_id, offset, hold)

    def take_running(self, upload_id: str, fd: int, offset: int) -> _RunningHash | None:
        """The hash to continue at ``offset`` (a fresh one at 0), or None."""
        if offset == 0:
            self.running.pop(upload_id, None)
            return _RunningHash(0, 0, hashlib.sha256())
        entry = self.running.pop(upload_id, None)
        info = os.fstat(fd)
        if entry is None or entry.offset != offset or entry.inode != info.st_ino:
            return None
        if info.st_size != offset:
            return None
        return entry

    def keep_running(self, upload_id: str, entry: _RunningHash) -> None:
        """Keep ``entry`` (its ``offset`` the file's new size) for the next writer."""
        if len(self.running) >= RUNNING_HASHES:
            self.running.pop(next(iter(self.running)))  # the oldest: hashed from disk later
        self.running[upload_id] = entry

    def assemble(self, upload_id: str, store_ref: str | None) -> Path:
        return self.path(upload_id)

    def known_sha256(self, upload_id: str, path: Path, length: int) -> str | None:
        entry = self.running.pop(upload_id, None)
        if entry is None or entry.offset != length:
            return None
        try:
            info = path.stat()
        except FileNotFoundError:
            return None
        if info.st_ino != entry.inode or info.st_size != length:
            return None
        if entry.done is not None:
            try:
                entry.done.result()  # the hashing thread's last update of it
            except Exception:  # noqa: BLE001 - then the file is hashed from disk
                return None
        return str(entry.hasher.hexdigest())

    def release(self, upload_id: str, store_ref: str | None, path: Path) -> None:
        pass

    def discard(self, upload_id: str, store_ref: str | None) -> None:
        self.running.pop(upload_id, None)
        with contextlib.suppress(FileNotFoundError):
            self.path(upload_id).unlink()


# --- S3 multipart -------------------------------------------------------------------------------


class _S3Writer:
    """Spools the tail plus this PATCH's body in a local temporary file, then sends it as the
    next part or as the new tail (while its :class:`Hold` lasts: a stale PATCH's part or tail
    would replace the bytes of the request that took the upload over)."""

    def __init__(
        self, store: S3Partials, upload_id: str, mpu: str, spool_dir: Path, hold: Hold
    ) -> None:
        self.store = store
        self.upload_id = upload_id
        self.mpu = mpu
        self.hold = hold
        self.spool: IO[bytes] = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in commit/abort
            dir=spool_dir, prefix=f".{upload_id}.", suffix=".spool"
        )
        private_file(Path(self.spool.name))
        self.tail_size = store.fetch_tail(upload_id, self.spool)
        self.written = 0

    def write(self, pieces: Sequence[bytes], ending: bool = False) -> None:
        for data in pieces:
            self.spool.write(data)
            self.written += len(data)

    def commit(self) -> None:
        try:
            if self.written == 0:
                return
            self.spool.flush()
            size = self.tail_size + self.written
            self.spool.seek(0)
            self.hold.check()
            if size >= PART_MIN:
                self.store.put_part(self.upload_id, self.mpu, self.spool, size)
                self.store.drop_tail(self.upload_id)
            else:
                self.store.put_tail(self.upload_id, self.spool, size)
        finally:
            self.spool.close()

    def counted(self, moved: bool) -> None:
        pass  # nothing kept: the last chunk hashes the assembled file

    def abort(self) -> None:
        self.spool.close()


class S3Partials:
    """Unfinished uploads as S3 multipart uploads plus a tail object (module docstring)."""

    def __init__(self, client: Any, bucket: str, spool_dir: Path, prefix: str = "uploads/") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix
        self.spool_dir = spool_dir

    def key(self, upload_id: str) -> str:
        return f"{self.prefix}{upload_id}"

    def _mpu(self, store_ref: str | None) -> str:
        assert store_ref is not None and store_ref.startswith(S3_REF)
        return store_ref.removeprefix(S3_REF)

    def create(self, upload_id: str) -> str | None:
        answer = self.client.create_multipart_upload(
            Bucket=self.bucket, Key=self.key(upload_id), ContentType="application/octet-stream"
        )
        return S3_REF + str(answer["UploadId"])

    def parts(self, upload_id: str, mpu: str) -> list[dict[str, Any]]:
        """The parts sent so far, in order (``PartNumber``, ``ETag``, ``Size``)."""
        parts: list[dict[str, Any]] = []
        marker = 0
        while True:
            answer = self.client.list_parts(
                Bucket=self.bucket, Key=self.key(upload_id), UploadId=mpu, PartNumberMarker=marker
            )
            parts += answer.get("Parts", [])
            if not answer.get("IsTruncated"):
                return sorted(parts, key=lambda p: int(p["PartNumber"]))
            marker = int(answer["NextPartNumberMarker"])

    def _tail_size(self, upload_id: str) -> int:
        from botocore.exceptions import ClientError

        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self.key(upload_id) + ".tail")
        except ClientError as exc:
            if str(exc.response.get("Error", {}).get("Code", "")) in ("404", "NoSuchKey"):
                return 0
            raise
        return int(head["ContentLength"])

    def held(self, upload_id: str, store_ref: str | None) -> int:
        mpu = self._mpu(store_ref)
        return sum(int(p["Size"]) for p in self.parts(upload_id, mpu)) + self._tail_size(upload_id)

    def cut(self, upload_id: str, store_ref: str | None, offset: int) -> int:
        return self.held(upload_id, store_ref)

    def writer(
        self, upload_id: str, store_ref: str | None, offset: int, hold: Hold
    ) -> PartialWriter:
        return _S3Writer(self, upload_id, self._mpu(store_ref), self.spool_dir, hold)

    def fetch_tail(self, upload_id: str, into: IO[bytes]) -> int:
        """Copy the tail object into ``into``; returns its size (0 if there is none)."""
        from botocore.exceptions import ClientError

        try:
            obj = self.client.get_object(Bucket=self.bucket, Key=self.key(upload_id) + ".tail")
        except ClientError as exc:
            if str(exc.response.get("Error", {}).get("Code", "")) in ("404", "NoSuchKey"):
                return 0
            raise
        size = 0
        for data in obj["Body"].iter_chunks(READ_CHUNK):
            into.write(data)
            size += len(data)
        return size

    def put_part(self, upload_id: str, mpu: str, body: IO[bytes], size: int) -> None:
        number = len(self.parts(upload_id, mpu)) + 1
        self.client.upload_part(
            Bucket=self.bucket,
            Key=self.key(upload_id),
            UploadId=mpu,
            PartNumber=number,
            Body=body,
            ContentLength=size,
        )

    def put_tail(self, upload_id: str, body: IO[bytes], size: int) -> None:
        self.client.put_object(
            Bucket=self.bucket, Key=self.key(upload_id) + ".tail", Body=body, ContentLength=size
        )

    def drop_tail(self, upload_id: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.key(upload_id) + ".tail")

    def assemble(self, upload_id: str, store_ref: str | None) -> Path:
        """Send the tail as the last part, complete the multipart upload, and read the object
        into a local temporary file."""
        mpu = self._mpu(store_ref)
        with tempfile.TemporaryFile(dir=self.spool_dir) as tail:
            size = self.fetch_tail(upload_id, tail)
            if size or not self.parts(upload_id, mpu):
                tail.seek(0)
                self.put_part(upload_id, mpu, tail, size)
        parts = [
            {"PartNumber": int(p["PartNumber"]), "ETag": p["ETag"]}
            for p in self.parts(upload_id, mpu)
        ]
        self.client.complete_multipart_upload(
            Bucket=self.bucket,
            Key=self.key(upload_id),
            UploadId=mpu,
            MultipartUpload={"Parts": parts},
        )
        self.drop_tail(upload_id)
        local = self.spool_dir / f".{upload_id}.whole"
        fd = os.open(local, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            obj = self.client.get_object(Bucket=self.bucket, Key=self.key(upload_id))
            for data in obj["Body"].iter_chunks(READ_CHUNK):
                out.write(data)
        return local

    def known_sha256(self, upload_id: str, path: Path, length: int) -> str | None:
        return None  # several machines wrote it: hashed from the assembled file

    def release(self, upload_id: str, store_ref: str | None, path: Path) -> None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()

    def discard(self, upload_id: str, store_ref: str | None) -> None:
        from botocore.exceptions import ClientError

        with contextlib.suppress(ClientError):
            self.client.abort_multipart_upload(
                Bucket=self.bucket, Key=self.key(upload_id), UploadId=self._mpu(store_ref)
            )
        for key in (self.key(upload_id), self.key(upload_id) + ".tail"):
            with contextlib.suppress(ClientError):
                self.client.delete_object(Bucket=self.bucket, Key=key)
        with contextlib.suppress(FileNotFoundError):
            (self.spool_dir / f".{upload_id}.whole").unlink()


class PartialStores:
    """Picks the store of an upload from its ``store_ref``; new uploads go to ``default``."""

    def __init__(self, folder: FolderPartials, s3: S3Partials | None = None) -> None:
        self.folder = folder
        self.s3 = s3

    @property
    def default(self) -> Partials:
        return self.s3 if self.s3 is not None else self.folder

    def of(self, store_ref: str | None) -> Partials:
        if store_ref is not None and store_ref.startswith(S3_REF):
            if self.s3 is None:
                raise RuntimeError("an upload kept in S3, but the server has no S3 store")
            return self.s3
        return self.folder
