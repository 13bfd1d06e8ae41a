"""Where a package is written: a folder or a ZIP, always under a temporary name first.

A package is written to ``<name>.belum-selesai`` ("not finished yet") beside its final name
and renamed only after its last file (the manifest) is on disk, so a cancelled, failed or
killed export never leaves something that looks like a complete package. Failure and cancel
remove the temporary copy; a crash leaves it under the telling name (the next export to the
same place clears it). Files are hashed as they are written (the manifest's SHA-256).

One thread writes to a target (the package writer's output thread).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import shutil
import sys
import time
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from sync.export.errors import (
    DESTINATION_EXISTS,
    DESTINATION_MISSING,
    DESTINATION_UNWRITABLE,
    FILE_TOO_LARGE,
    NO_SPACE,
    WRITE_FAILED,
    ExportError,
)
from sync.pagecache import hand_over

PARTIAL_SUFFIX = ".belum-selesai"
MARKER = ".paket-kirim-sedang-ditulis"
"""Inside a temporary package folder: proves the folder is ours to clear after a crash."""
STORED_SUFFIXES = frozenset(
    {".pdf", ".jpg", ".jpeg", ".png", ".mp4", ".mov", ".xlsx", ".zip", ".heic", ".webp"}
)
"""Already compressed: stored in a ZIP as they are (a PDF is never recompressed)."""
PAGE = 4096
WRITEBACK_STEP = 8 * 1024 * 1024
"""A durable ZIP hands its bytes to the disk's writeback in steps of this size."""
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
"""A package's file is always new (``open(path, "xb")``)."""


@dataclass(frozen=True)
class Written:
    """What :meth:`Target.stream` saw of the bytes it wrote: their SHA-256 (None when not
    asked for), CRC-32 (None when not asked for and not computed anyway) and count."""

    sha256: str | None
    crc32: int | None
    size: int


class Target(Protocol):
    """Where a package is written (the targets below subclass it for :meth:`write`)."""

    final: Path

    def write(self, name: str, chunks: Iterable[bytes], size: int | None) -> tuple[str, int]:
        """Write one file from ``chunks``; returns its SHA-256 and size."""
        found = self.stream(name, chunks, size)
        assert found.sha256 is not None
        return found.sha256, found.size

    def stream(
        self,
        name: str,
        chunks: Iterable[bytes],
        size: int | None,
        *,
        sha256: bool = True,
        crc32: bool = False,
    ) -> Written:
        """Write one file from ``chunks``, computing the checks asked for (a ZIP always has
        the CRC-32: it computes it for the entry)."""
        ...

    def prepare(self, names: Iterable[str]) -> None:
        """Make room for files about to be written (may run beside ``write``, from another
        thread): a folder target creates their folders and the files themselves."""
        ...

    def finish(self) -> Path:
        """Publish the package under its final name (after its last file)."""
        ...

    def abort(self) -> None:
        """Remove everything written so far."""
        ...


def os_error(exc: OSError, path: Path) -> ExportError:
    """An ``OSError`` while writing as an export error the user can act on."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return ExportError(NO_SPACE, path=str(path), needed=0, free=0)
    if exc.errno == errno.EFBIG:
        return ExportError(FILE_TOO_LARGE, path=str(path))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ExportError(DESTINATION_UNWRITABLE, path=str(path), reason=exc.strerror or "")
    return ExportError(WRITE_FAILED, path=str(path), reason=str(exc))


def check_destination(final: Path) -> None:
    """Refuse a destination that exists or whose folder does not (before anything is written)."""
    if final.exists() or final.is_symlink():
        raise ExportError(DESTINATION_EXISTS, path=str(final))
    if not final.parent.is_dir():
        raise ExportError(DESTINATION_MISSING, path=str(final.parent))
    if not os.access(final.parent, os.W_OK):
        raise ExportError(DESTINATION_UNWRITABLE, path=str(final.parent), reason="")


def partial_path(final: Path) -> Path:
    return final.with_name(final.name + PARTIAL_SUFFIX)


def _clear_stale(partial: Path) -> None:
    """Remove the leftovers of an export killed before it finished (ours only)."""
    if partial.is_dir() and (partial / MARKER).is_file():
        shutil.rmtree(partial, ignore_errors=True)
    elif partial.is_file() and zipfile.is_zipfile(partial):
        partial.unlink(missing_ok=True)
    if partial.exists():
        raise ExportError(DESTINATION_EXISTS, path=str(partial))


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _syncfs(folder: Path) -> bool:
    """Linux: commit the whole file system holding ``folder`` (``syncfs(2)``); raises OSError
    when it reports a write error, returns False where there is no such call."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        syncfs = libc.syncfs
    except (OSError, AttributeError):
        return False
    fd = os.open(folder, os.O_RDONLY)
    try:
        if syncfs(fd) != 0:
            error = ctypes.get_errno()
            raise OSError(error, os.strerror(error), str(folder))
    finally:
        os.close(fd)
    return True


def _safe_name(name: str) -> str:
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise ValueError(f"unsafe package path {name!r}")
    return pure.as_posix()


class FolderTarget(Target):
    """A package as a folder of files."""

    def __init__(self, final: Path, *, durable: bool = True) -> None:
        self.final = final
        self.partial = partial_path(final)
        self.durable = durable
        check_destination(final)
        _clear_stale(self.partial)
        try:
            self.partial.mkdir()
            (self.partial / MARKER).write_bytes(b"")
        except OSError as exc:
            raise os_error(exc, self.partial) from exc
        self._made: set[Path] = {self.partial}
        self._unsynced: list[Path] = []
        self._ready: dict[str, int] = {}  # name -> descriptor of a file made ahead, still empty

    def _create(self, path: Path) -> int:
        if path.parent not in self._made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(path.parent)
        return os.open(path, _CREATE, 0o644)

    def stream(
        self,
        name: str,
        chunks: Iterable[bytes],
        size: int | None,
        *,
        sha256: bool = True,
        crc32: bool = False,
    ) -> Written:
        name = _safe_name(name)
        path = self.partial / name
        digest = hashlib.sha256() if sha256 else None
        crc = 0 if crc32 else None
        written = 0
        try:
            fd = self._ready.pop(name, None)
            with open(self._create(path) if fd is None else fd, "wb") as out:
                for chunk in chunks:
                    if digest is not None:
                        digest.update(chunk)
                    if crc is not None:
                        crc = zlib.crc32(chunk, crc)
                    out.write(chunk)
                    written += len(chunk)
                if self.durable:
                    out.flush()
                    hand_over(out.fileno())
        except OSError as exc:
            raise os_error(exc, path) from exc
        if self.durable:
            self._unsynced.append(path)
        return Written(digest.hexdigest() if digest is not None else None, crc, written)

    def prepare(self, names: Iterable[str]) -> None:
        """Create the folders and the (empty) files about to be written, from another thread
        than the one writing them: creating a folder or a file is most of what a folder
        package costs the file system beyond the bytes (measured on ext4: ~0.1 ms of kernel
        time each, up to ~0.7 ms where many files were deleted in the last minute on a file
        system without a journal; writing 250 KiB into a file ~0.06 ms), so the caller's
        thread makes them ahead of the output thread, which then only fills them. The
        descriptors stay open until ``write`` fills the file (the caller keeps at most a few
        dozen ahead) or ``abort`` closes them. Safe alongside ``write`` for other names."""
        for name in names:
            name = _safe_name(name)
            if name in self._ready:
                continue
            path = self.partial / name
            try:
                self._ready[name] = self._create(path)
            except OSError as exc:
                raise os_error(exc, path) from exc

    def place(self, name: str, source: Path) -> tuple[str, int]:
        """Move a finished file into the package under ``name`` (copied when it lies on
        another file system, as the scratch folder usually does for a flash disk); returns its
        SHA-256 and size."""
        path = self.partial / _safe_name(name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, path)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise os_error(exc, path) from exc
            with source.open("rb") as stream:
                found = self.write(name, iter(lambda: stream.read(1024 * 1024), b""), None)
            source.unlink()
            return found
        if self.durable:
            self._unsynced.append(path)
        digest = hashlib.sha256()
        try:
            with path.open("rb") as stream:
                while block := stream.read(1024 * 1024):
                    digest.update(block)
            return digest.hexdigest(), path.stat().st_size
        except OSError as exc:
            raise os_error(exc, path) from exc

    def _sync(self) -> None:
        """Make every file written durable, once, at the end (instead of waiting for the disk
        file by file while writing): on Linux one ``syncfs`` of the package's file system (a
        flush of its journal and the device cache for all of them; each file's writeback was
        started when it was closed), elsewhere an ``fsync`` per file."""
        if not _syncfs(self.partial):
            for path in self._unsynced:
                fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        self._unsynced.clear()

    def _close_ready(self) -> list[str]:
        names = list(self._ready)
        while self._ready:
            _, fd = self._ready.popitem()
            with contextlib.suppress(OSError):
                os.close(fd)
        return names

    def finish(self) -> Path:
        unwritten = self._close_ready()
        if unwritten:  # a caller's mistake: an empty file the manifest does not list
            raise RuntimeError(f"files prepared but never written: {unwritten[:3]}")
        try:
            if self.durable:
                self._sync()
            (self.partial / MARKER).unlink()
            if self.durable:
                _fsync_dir(self.partial)
            if self.final.exists():
                raise ExportError(DESTINATION_EXISTS, path=str(self.final))
            os.rename(self.partial, self.final)
            if self.durable:
                _fsync_dir(self.final.parent)
        except OSError as exc:
            raise os_error(exc, self.final) from exc
        return self.final

    def abort(self) -> None:
        self._close_ready()  # before removing them (Windows cannot remove an open file)
        shutil.rmtree(self.partial, ignore_errors=True)


class ZipTarget(Target):
    """A package as one ZIP file (ZIP64 when large; already-compressed files stored)."""

    def __init__(self, final: Path, *, durable: bool = True) -> None:
        self.final = final
        self.partial = partial_path(final)
        self.durable = durable
        check_destination(final)
        _clear_stale(self.partial)
        now = time.localtime()
        self._stamp = (now.tm_year, now.tm_mon, now.tm_mday, now.tm_hour, now.tm_min, now.tm_sec)
        try:
            self._file = self.partial.open("xb")
        except OSError as exc:
            raise os_error(exc, self.partial) from exc
        self._zip = zipfile.ZipFile(self._file, "w", allowZip64=True)
        self._advised = 0  # the file up to here has been handed to the kernel's writeback

    def _write_back(self, keep: int) -> None:
        """A durable ZIP: start the disk writing what is final so far, every WRITEBACK_STEP,
        so the ``fsync`` at the end finds little left (the kernel would otherwise hold it all
        in memory until then: half a gigabyte is below its own thresholds). ``keep``: the
        offset of the entry being written, whose local header ``zipfile`` rewrites when the
        entry closes; its page is left alone (handing it over would make that rewrite read
        it back from the disk)."""
        end = self._file.tell() & -PAGE
        if end - self._advised < WRITEBACK_STEP:
            return
        page = keep & -PAGE
        if self._advised <= page < end:
            if page > self._advised:
                hand_over(self._file.fileno(), self._advised, page - self._advised)
            self._advised = page + PAGE
        if end > self._advised:
            hand_over(self._file.fileno(), self._advised, end - self._advised)
            self._advised = end

    def stream(
        self,
        name: str,
        chunks: Iterable[bytes],
        size: int | None,
        *,
        sha256: bool = True,
        crc32: bool = False,
    ) -> Written:
        """``crc32`` is ignored: the entry's CRC-32 (which ``zipfile`` computes for the
        archive) is always given."""
        name = _safe_name(name)
        header = self._file.tell()
        info = zipfile.ZipInfo(name, date_time=self._stamp)
        stored = PurePosixPath(name).suffix.lower() in STORED_SUFFIXES
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        if size is not None:
            info.file_size = size
        digest = hashlib.sha256() if sha256 else None
        written = 0
        try:
            with self._zip.open(info, "w", force_zip64=size is None) as out:
                for chunk in chunks:
                    if digest is not None:
                        digest.update(chunk)
                    out.write(chunk)
                    written += len(chunk)
                    if self.durable:
                        self._write_back(header)
        except OSError as exc:
            raise os_error(exc, self.partial) from exc
        # Set by zipfile when the entry closed: the CRC-32 of exactly the bytes written.
        return Written(digest.hexdigest() if digest is not None else None, info.CRC, written)

    def prepare(self, names: Iterable[str]) -> None:
        """Nothing to do: a ZIP is one file and names its folders in its entries."""

    def place(self, name: str, source: Path) -> tuple[str, int]:
        """Store a finished file under ``name`` (read once); returns its SHA-256 and size."""
        with source.open("rb") as stream:
            found = self.write(
                name, iter(lambda: stream.read(1024 * 1024), b""), os.fstat(stream.fileno()).st_size
            )
        source.unlink()
        return found

    def finish(self) -> Path:
        try:
            self._zip.close()
            self._file.flush()
            if self.durable:
                os.fsync(self._file.fileno())
            self._file.close()
            if self.final.exists():
                raise ExportError(DESTINATION_EXISTS, path=str(self.final))
            os.rename(self.partial, self.final)
            if self.durable:
                _fsync_dir(self.final.parent)
        except OSError as exc:
            raise os_error(exc, self.final) from exc
        return self.final

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._zip.close()
        with contextlib.suppress(Exception):
            self._file.close()
        self.partial.unlink(missing_ok=True)


def open_target(final: Path, *, durable: bool = True) -> FolderTarget | ZipTarget:
    """A ZIP target for a name ending in ``.zip``, else a folder target."""
    if final.suffix.lower() == ".zip":
        return ZipTarget(final, durable=durable)
    return FolderTarget(final, durable=durable)
