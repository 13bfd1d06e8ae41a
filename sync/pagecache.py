"""Hints to the kernel's page cache for files written once and not read back soon (partial
uploads on the server, packages on the way to a flash disk): start writing their pages to the
disk early, and give their memory back once they are durable. Only hints: durability always
comes from the fsync the caller makes, and a platform without the calls (Windows, macOS) does
without them.

- :func:`start_writeback`: Linux ``sync_file_range(SYNC_FILE_RANGE_WRITE)``, the call made for
  this (PostgreSQL's ``pg_flush_data`` uses it the same way); Python's ``os`` has no binding,
  so it is called through the C library. It only queues the dirty pages for writeback, so the
  fsync that follows has little left to wait for.
- :func:`drop_durable`: ``posix_fadvise(POSIX_FADV_DONTNEED)`` on a range already fsync'd. Its
  pages are clean then and are freed at once, and the next write reuses that memory.
  :func:`drop_durable_soon` does it on a thread of its own, off the caller's way (freeing
  64 MiB of pages takes 3-4 ms).

Why both, and not ``POSIX_FADV_DONTNEED`` right after writing (as this project did before):
DONTNEED starts writeback too, but pages under writeback cannot be dropped, so it drained
every CPU's page lists, tried again, and mostly dropped nothing. The memory of a 1 GiB upload
then stayed in the cache and the next GiB needed fresh memory. On a VM with free page
reporting, like this project's test machines (Firecracker; some clouds do the same), free
memory the host has taken back faults on the host at its first touch. Writes into such
memory went from 0.7 ms to ~3 ms per fsync'd MiB, and to ~22 ms per 8 MiB. That happened
once about 1–2 GiB had gone through, and it halved the tus server's speed for the rest of
that upload (bench/tus_upload.py). Dropping each range once it is durable keeps the memory
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

SYNC_FILE_RANGE_WRITE = 2
"""``<linux/fs.h>``: start writeback of the range's dirty pages, do not wait."""


@functools.cache
def _sync_file_range() -> Callable[[int, int, int, int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        call = ctypes.CDLL(None, use_errno=True).sync_file_range
    except (OSError, AttributeError):  # a C library without it
        return None
    call.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]
    call.restype = ctypes.c_int
    return call


def start_writeback(fd: int, start: int = 0, length: int = 0) -> None:
    """Queue the dirty pages of ``fd`` from ``start`` for writeback (``length`` 0: to the
    file's end) and return at once. A failure (a file system without the call) is ignored."""
    call = _sync_file_range()
    if call is not None:
        call(fd, start, length, SYNC_FILE_RANGE_WRITE)


def drop_durable(fd: int, start: int, length: int) -> None:
    """Give back the page-cache memory of a range of ``fd`` that was just fsync'd (its pages
    are clean, so they are freed at once); a later read comes from the disk."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None and length > 0:
        with contextlib.suppress(OSError):
            advise(fd, start, length, os.POSIX_FADV_DONTNEED)


_dropping: ThreadPoolExecutor | None = None
_dropping_lock = threading.Lock()


def drop_durable_soon(fd: int, start: int, length: int) -> Future[None] | None:
    """:func:`drop_durable` on the page-cache thread (a duplicate of ``fd`` is used, so the
    caller may close its own at once); None where there is nothing to do."""
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
            drop_durable(own, start, length)
        finally:
            os.close(own)

    try:
        return pool.submit(run)
    except RuntimeError:  # the interpreter is shutting down: the hint is not needed
        os.close(own)
        return None
