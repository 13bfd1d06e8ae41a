"""Hints to the kernel's page cache for files written once and not read back soon (partial
uploads on the server, packages on the way to a flash disk). Only hints: durability always
comes from the fsync the caller makes, and a platform without the calls (Windows, macOS) does
without them.

- :func:`hand_over`: ``posix_fadvise(POSIX_FADV_DONTNEED)`` on a range just written. It starts
  the range's writeback, so the fsync that follows has little left to wait for, and drops
  whatever of it is already clean. Pages still under writeback are not dropped, and make
  the kernel drain every CPU's page lists and try again.
- :func:`drop` / :func:`drop_soon`: give back the memory of a range once its writeback is over
  (Linux: ``sync_file_range`` with its wait flags first, which returns at once for a range
  that was fsync'd), so the next write reuses that memory instead of fresh memory.
  ``drop_soon`` does it on a thread of its own, off the caller's way.

Why the drop: on a VM with free page reporting, like this project's test machines
(Firecracker; some clouds do the same), free memory the host has taken back faults on the host
at its first touch. The tus server wrote a whole 1 MiB chunk and fdatasync'd it at once, so
``hand_over`` dropped nothing and every chunk took fresh memory. After about 1-2 GiB of an
upload a fsync'd MiB cost ~3 ms instead of 0.7 ms, and the rest of the upload ran at half
speed (bench/tus_upload.py, bench/partial_writes.py). Dropped once durable, the memory stays
in use: 0.7 ms per MiB for 4 GiB and more.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

SYNC_FILE_RANGE_WAIT = 1 | 2 | 4
"""``<linux/fs.h>``: ``WAIT_BEFORE | WRITE | WAIT_AFTER``: the range's pages written and their
writeback over (clean; not durable: no metadata, no device flush)."""


@functools.cache
def _sync_file_range() -> Callable[[int, int, int, int], int] | None:
    """Linux's ``sync_file_range`` (Python's ``os`` has no binding), or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        call = ctypes.CDLL(None, use_errno=True).sync_file_range
    except (OSError, AttributeError):  # a C library without it
        return None
    call.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]
    call.restype = ctypes.c_int
    return call


def _dontneed(fd: int, start: int, length: int) -> None:
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        with contextlib.suppress(OSError):
            advise(fd, start, length, os.POSIX_FADV_DONTNEED)


def hand_over(fd: int, start: int = 0, length: int = 0) -> None:
    """Start the writeback of a range just written (``length`` 0: to the file's end) and drop
    what of it is clean already; returns without waiting for the disk."""
    _dontneed(fd, start, length)


def drop(fd: int, start: int, length: int) -> None:
    """Give back the page-cache memory of a range of ``fd``: wait until its pages are clean
    (at once for a range that was fsync'd), then drop them. A later read comes from the
    disk."""
    if length <= 0 or getattr(os, "posix_fadvise", None) is None:
        return
    call = _sync_file_range()
    if call is not None:
        call(fd, start, length, SYNC_FILE_RANGE_WAIT)
    _dontneed(fd, start, length)


_dropping: ThreadPoolExecutor | None = None
_dropping_lock = threading.Lock()


def drop_soon(fd: int, start: int, length: int) -> Future[None] | None:
    """:func:`drop` on the page-cache thread (freeing 64 MiB of pages takes 3-4 ms); a
    duplicate of ``fd`` is used, so the caller may close its own at once. None where there is
    nothing to do."""
    global _dropping
    if length <= 0 or getattr(os, "posix_fadvise", None) is None:
        return None
    try:
        own = os.dup(fd)
    except OSError:  # out of descriptors: the hint is not worth an error
        return None
    with _dropping_lock:
        if _dropping is None:
            _dropping = ThreadPoolExecutor(1, thread_name_prefix="pagecache")
        pool = _dropping

    def run() -> None:
        try:
            drop(own, start, length)
        finally:
            os.close(own)

    try:
        return pool.submit(run)
    except RuntimeError:  # the interpreter is shutting down: the hint is not needed
        os.close(own)
        return None
