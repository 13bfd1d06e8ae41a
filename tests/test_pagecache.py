"""``sync.pagecache``: ``hand_over`` sends the dirty pages of the range asked for (only those)
to the disk at once; ``drop`` frees the cached pages of a range, waiting for them to be clean
first (dirty or under writeback) or at once (fsync'd). Observed per file with ``cachestat(2)``
(Linux 6.5+)."""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync import pagecache

MIB = 1024 * 1024
PAGES_PER_MIB = MIB // 4096
SLACK = 64  # pages: the kernel's own flusher, a page at the edge of a range
SYS_CACHESTAT = 451  # the same number on every architecture (the syscall table's common part)


class _Range(ctypes.Structure):
    _fields_ = [("off", ctypes.c_uint64), ("len", ctypes.c_uint64)]


class _Stat(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_uint64)
        for name in ("cache", "dirty", "writeback", "evicted", "recently_evicted")
    ]


def cachestat(fd: int, start: int = 0, length: int = 0) -> _Stat | None:
    """The page-cache state of a range of the file (``length`` 0: to its end), or None where
    the kernel has no ``cachestat``."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    stat = _Stat()
    span = _Range(start, length)
    args = (ctypes.c_long(SYS_CACHESTAT), ctypes.c_int(fd), ctypes.byref(span))
    if libc.syscall(*args, ctypes.byref(stat), ctypes.c_uint(0)) != 0:
        return None
    return stat


@pytest.fixture
def written(tmp_path: Path) -> Iterator[int]:
    """A file with 16 MiB just written (dirty, cached)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux's calls")
    fd = os.open(tmp_path / "part", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.write(fd, os.urandom(16 * MIB))
        before = cachestat(fd)
        if before is None:
            pytest.skip("no cachestat(2) on this kernel")
        if before.dirty < 12 * PAGES_PER_MIB:  # the kernel's flusher got there first
            pytest.skip("the pages were written back before the test looked")
        yield fd
    finally:
        os.close(fd)


def test_hand_over_sends_the_range_to_the_disk(written: int) -> None:
    before = cachestat(written)
    assert before is not None
    pagecache.hand_over(written, 4 * MIB, 8 * MIB)
    after = cachestat(written)
    assert after is not None
    # The 8 MiB asked for are no longer dirty (written back or on their way); the rest are.
    assert before.dirty - after.dirty >= 8 * PAGES_PER_MIB - SLACK
    assert after.dirty >= 8 * PAGES_PER_MIB - SLACK
    pagecache.hand_over(written)  # length 0: to the end
    done = cachestat(written)
    assert done is not None and done.dirty <= SLACK


def test_drop_frees_the_fsynced_range_only(written: int) -> None:
    os.fdatasync(written)
    before = cachestat(written)
    assert before is not None and before.cache >= 16 * PAGES_PER_MIB - SLACK
    pagecache.drop(written, 0, 10 * MIB)
    after = cachestat(written)
    assert after is not None
    assert before.cache - after.cache >= 10 * PAGES_PER_MIB - SLACK
    assert after.cache >= 6 * PAGES_PER_MIB - SLACK  # the rest is still cached
    assert os.pread(written, 1, 0)  # and the bytes are all there, read from the disk


def test_drop_waits_for_dirty_pages_to_be_written_then_frees_them(written: int) -> None:
    """A range still dirty (or under writeback) is written first, so it is freed too; a bare
    DONTNEED would leave most of it cached."""
    pagecache.drop(written, 0, 16 * MIB)
    after = cachestat(written)
    assert after is not None
    assert after.dirty <= SLACK and after.cache <= SLACK


def test_they_are_only_hints_never_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    reading, writing = os.pipe()  # no file range: the calls fail (ESPIPE), silently
    try:
        pagecache.hand_over(reading)
        pagecache.drop(reading, 0, MIB)
    finally:
        os.close(reading)
        os.close(writing)
    pagecache._sync_file_range.cache_clear()
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delattr(os, "posix_fadvise", raising=False)
    try:
        assert pagecache._sync_file_range() is None  # elsewhere: nothing (the fsync writes)
        pagecache.hand_over(0)
        pagecache.drop(0, 0, MIB)
    finally:
        pagecache._sync_file_range.cache_clear()


def test_drop_soon_drops_on_its_own_thread_after_the_caller_closed(
    tmp_path: Path,
) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux's calls")
    path = tmp_path / "part"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.write(fd, os.urandom(4 * MIB))
    os.fdatasync(fd)
    done = pagecache.drop_soon(fd, 0, 4 * MIB)
    os.close(fd)  # the caller's own descriptor: the drop has a duplicate
    assert done is not None
    done.result(timeout=30)
    fd = os.open(path, os.O_RDONLY)
    try:
        state = cachestat(fd)
        if state is None:
            pytest.skip("no cachestat(2) on this kernel")
        assert state.cache <= SLACK
    finally:
        os.close(fd)
    assert pagecache.drop_soon(0, 0, 0) is None  # nothing to drop
