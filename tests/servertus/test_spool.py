"""The PATCH body's way to disk (``uploads._Spool``, ``partials.write_all``): a disk that fails
in the middle of a chunk, wherever in the body that happens, counts nothing of the chunk, leaves
the partial file at the recorded offset, and the same chunk goes through once the disk has room.
"""

from __future__ import annotations

import errno
import os
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

    def filling(fd: int, pieces: Sequence[bytes]) -> None:
        nonlocal written, failed
        size = sum(len(p) for p in pieces)
        if not failed and written + size > fail_at:
            failed = True
            real(fd, [pieces[0][:1000]])  # some bytes reach the file before the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, pieces)
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
