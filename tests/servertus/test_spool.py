"""The PATCH body's way to disk (``uploads._Spool``, ``partials.write_all``): a disk that fails
in the middle of a chunk, wherever in the body that happens, counts nothing of the chunk, leaves
the partial file at the recorded offset, and the same chunk goes through once the disk has room.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from sync.server import partials
from tests.files import pdf_bytes
from tests.server.live import LiveServer
from tests.servertus.conftest import MIB, TUS, chunk_checksum, create, patch, sha256


def _part(live: LiveServer, url: str) -> Path:
    assert live.settings.uploads_dir is not None
    return live.settings.uploads_dir / (url.rsplit("/", 1)[1] + ".part")


@pytest.mark.parametrize(
    "fail_at",
    [0, MIB, 2 * MIB - 1],
    ids=["first-batch", "mid-body", "last-batch"],
)
@pytest.mark.parametrize("with_checksum", [False, True], ids=["plain", "checksum"])
def test_a_disk_that_fills_mid_chunk_counts_nothing_and_the_chunk_goes_through_later(
    live: LiveServer, monkeypatch: pytest.MonkeyPatch, fail_at: int, with_checksum: bool
) -> None:
    """``fail_at``: the byte of the 2 MiB chunk whose write finds the disk full."""
    data = pdf_bytes(3 * MIB)
    first, second = data[:MIB], data[MIB:]
    written = 0
    failed = False
    real = partials.write_all

    def filling(fd: int, pieces: Sequence[bytes], most: int | None = None) -> None:
        nonlocal written, failed
        size = sum(len(p) for p in pieces)
        if not failed and written + size > fail_at:
            failed = True
            real(fd, [pieces[0][:1000]])  # some bytes reach the file before the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, pieces, most)
        written += size

    with live.client("operator") as c:
        url = create(c, len(data), sha256(data)).headers["location"]
        assert patch(c, url, 0, first).status_code == 204
        monkeypatch.setattr(partials, "write_all", filling)
        sent = chunk_checksum(second) if with_checksum else None
        r = patch(c, url, MIB, second, checksum=sent)
        assert failed
        assert r.status_code >= 500
        assert r.headers["content-type"].startswith("application/problem+json")
    # The server answered before reading the whole body, and closed that connection.
    with live.client("operator") as c:
        assert c.head(url, headers=TUS).headers["upload-offset"] == str(MIB)
        assert _part(live, url).read_bytes() == first
        monkeypatch.setattr(partials, "write_all", real)
        r = patch(c, url, MIB, second, checksum=sent)
        assert r.status_code == 204
        assert c.get(f"/blobs/{sha256(data)}").content == data


@pytest.mark.parametrize("with_checksum", [False, True], ids=["plain", "checksum"])
def test_a_chunk_written_in_the_leases_own_hop_counts_nothing_when_the_disk_is_full(
    live: LiveServer, monkeypatch: pytest.MonkeyPatch, with_checksum: bool
) -> None:
    """A chunk the read-ahead holds whole is written, made durable and recorded in the thread
    hop that takes the lease (``uploads.WHOLE_BODY_WAIT`` made long here, so it always is):
    a full disk there answers a 5xx problem, leaves the offset, the partial file and the lease
    as they were, and the chunk goes through later."""
    from sync.server import uploads

    monkeypatch.setattr(uploads, "WHOLE_BODY_WAIT", 60.0)
    data = pdf_bytes(2 * MIB)
    first, second = data[:MIB], data[MIB:]
    writers: list[str] = []
    real = partials.write_all

    def full(fd: int, pieces: Sequence[bytes], most: int | None = None) -> None:
        writers.append(threading.current_thread().name)
        real(fd, [pieces[0][:1000]])  # some bytes reach the file before the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    def recorded(fd: int, pieces: Sequence[bytes], most: int | None = None) -> None:
        writers.append(threading.current_thread().name)
        real(fd, pieces, most)

    with live.client("operator") as c:
        url = create(c, len(data), sha256(data)).headers["location"]
        monkeypatch.setattr(partials, "write_all", recorded)
        assert patch(c, url, 0, first).status_code == 204
        monkeypatch.setattr(partials, "write_all", full)
        sent = chunk_checksum(second) if with_checksum else None
        r = patch(c, url, MIB, second, checksum=sent)
        assert r.status_code >= 500
        assert r.headers["content-type"].startswith("application/problem+json")
    with live.client("operator") as c:  # a server error closes its connection
        assert c.head(url, headers=TUS).headers["upload-offset"] == str(MIB)
        assert _part(live, url).read_bytes() == first
        monkeypatch.setattr(partials, "write_all", recorded)
        r = patch(c, url, MIB, second, checksum=sent)
        assert r.status_code == 204  # the lease was given back
        assert c.get(f"/blobs/{sha256(data)}").content == data
    # One write per chunk, each in the hop that took the lease (not the spool's thread).
    assert len(writers) == 3
    assert not any(name.startswith("upload-spool") for name in writers), writers


def test_write_all_writes_every_piece_in_order_through_short_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pieces = [os.urandom(n) for n in (0, 1, 700, 6000, 3, 0, 4096)] * 80  # > IOV_MAX buffers
    real_writev = os.writev

    seen = []

    def short_writev(fd: int, buffers: Sequence[bytes]) -> int:
        seen.append(len(buffers))
        prefix = b"".join(bytes(b) for b in buffers[:3])[:777]  # a short write: a prefix
        return real_writev(fd, [prefix])

    target = tmp_path / "part"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        monkeypatch.setattr(os, "writev", short_writev)
        partials.write_all(fd, pieces)
    finally:
        os.close(fd)
    assert target.read_bytes() == b"".join(pieces)
    assert max(seen) <= partials.IOV_MAX


@pytest.mark.parametrize("piece", [16 * 1024, MIB, 100_003])
def test_write_all_with_most_hands_the_kernel_at_most_that_many_bytes_per_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piece: int
) -> None:
    """A body's last bytes go in calls of ``WRITE_MOST`` (large writes take large blocks of
    memory for the page cache, ``sync.pagecache``), whatever its pieces: small ones are
    gathered into one call, large ones cut."""
    body = os.urandom(MIB + 5)
    pieces = [body[i : i + piece] for i in range(0, len(body), piece)]
    real_writev = os.writev
    calls: list[int] = []

    def counted(fd: int, buffers: Sequence[bytes]) -> int:
        calls.append(sum(len(b) for b in buffers))
        return real_writev(fd, buffers)

    monkeypatch.setattr(os, "writev", counted)
    target = tmp_path / "part"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        partials.write_all(fd, pieces, partials.WRITE_MOST)
    finally:
        os.close(fd)
    assert target.read_bytes() == body
    assert calls == [partials.WRITE_MOST] * 16 + [5]


def test_write_all_without_writev_writes_each_piece(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pieces = [os.urandom(n) for n in (10, 0, 300_000, 1)]
    monkeypatch.delattr(os, "writev")  # as on Windows
    target = tmp_path / "part"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        partials.write_all(fd, pieces)
    finally:
        os.close(fd)
    assert target.read_bytes() == b"".join(pieces)


@pytest.mark.parametrize("size", [MIB, 3 * MIB], ids=["whole-body", "streamed"])
def test_a_chunks_last_bytes_go_in_small_writes_and_its_durable_pages_are_given_back(
    live: LiveServer, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    """While a body streams in, one write per batch; its last bytes (all of a body the
    read-ahead holds whole) in calls of ``WRITE_MOST``; once the chunk is durable its pages
    leave the page cache (``sync.pagecache``: memory for the next chunk)."""
    from sync.server import uploads
    from tests.test_pagecache import cachestat

    monkeypatch.setattr(uploads, "WHOLE_BODY_WAIT", 60.0)  # a 1 MiB body: always whole
    data = pdf_bytes(size + MIB)
    calls: list[tuple[int, int | None]] = []
    real = partials.write_all

    def recorded(fd: int, pieces: Sequence[bytes], most: int | None = None) -> None:
        calls.append((sum(len(p) for p in pieces), most))
        real(fd, pieces, most)

    monkeypatch.setattr(partials, "write_all", recorded)
    with live.client("operator") as c:
        url = create(c, len(data), sha256(data)).headers["location"]
        assert patch(c, url, 0, data[:size]).status_code == 204
    assert sum(n for n, _ in calls) == size
    assert calls[-1][1] == partials.WRITE_MOST
    assert all(most is None for _, most in calls[:-1])
    if size == MIB:
        assert calls == [(MIB, partials.WRITE_MOST)]
    else:
        assert len(calls) > 2
    # Dropped on a thread of its own, soon after: all of a whole body; of a streamed one at
    # least its last batch (the batches before it were dropped as they were handed over, if
    # their writeback was over by then).
    last = (0, MIB) if size == MIB else (size - partials.WRITEBACK_EVERY, partials.WRITEBACK_EVERY)
    fd = os.open(_part(live, url), os.O_RDONLY)
    try:
        state = cachestat(fd, *last)
        deadline = time.monotonic() + 10
        while state is not None and state.cache > 4 and time.monotonic() < deadline:
            time.sleep(0.01)
            state = cachestat(fd, *last)
    finally:
        os.close(fd)
    if state is not None:  # Linux 6.5+
        assert state.cache <= 4, state.cache  # of 256 pages per MiB written
    assert _part(live, url).read_bytes() == data[:size]
