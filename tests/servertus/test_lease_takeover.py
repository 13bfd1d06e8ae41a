"""A PATCH that lost its lease while its body was still on its way must not vouch for the file.

The whole file's SHA-256 is computed as the bytes arrive (``partials._RunningHash``) so the
last chunk need not read the file again. That digest is only true of the bytes its writer put
there. A PATCH whose lease ran out mid-body (a body paused longer than the lease) keeps writing
what is left of its body when it ends, after another PATCH took the upload over and rewrote
those offsets; its digest then describes bytes that are no longer in the file. If the server
keeps that digest, a client can finish an upload whose stored bytes differ from the SHA-256
the blob is filed (and served, and shared across accounts) under.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from sync.server import uploads
from tests.files import pdf_bytes
from tests.server.live import LiveServer
from tests.servertus.conftest import TUS, create, patch


def test_a_patch_that_lost_its_lease_mid_body_cannot_make_a_wrong_file_pass_for_its_hash(
    live: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "LEASE_SECONDS", 1.0)  # lost during the pause below
    monkeypatch.setattr(uploads, "BODY_STALL_MIN", 5.0)  # the pause is not taken for a cut
    size, first = 1024 * 1024, 300 * 1024
    honest, other = pdf_bytes(size, seed=1), pdf_bytes(size, seed=2)
    assert len(honest) == len(other) == size
    claimed = hashlib.sha256(honest).hexdigest()
    taken_over = threading.Event()

    def slow_body() -> Iterator[bytes]:
        yield honest[:first]  # a whole spool batch of it reaches the file now
        assert taken_over.wait(30)
        yield honest[first : first + 1024]  # after the takeover: the rest is written at its
        yield honest[first + 1024 : size // 2]  # own place, over the other PATCH's bytes

    with live.client("operator") as c:
        url = create(c, size, claimed).headers["location"]
        answers: list[httpx.Response] = []

        def stale() -> None:
            headers = {
                **TUS,
                "Upload-Offset": "0",
                "Content-Type": "application/offset+octet-stream",
                "Content-Length": str(size // 2),
            }
            with live.client("operator") as slow:
                answers.append(slow.patch(url, content=slow_body(), headers=headers))

        writer = threading.Thread(target=stale)
        writer.start()
        time.sleep(1.5)  # the first PATCH's lease has run out; it is still receiving
        # Another PATCH takes the upload over at the recorded offset (0) with other bytes.
        assert patch(c, url, 0, other[: size // 2]).status_code == 204
        taken_over.set()
        writer.join(60)
        assert answers and answers[0].status_code == 409, answers  # its lease was lost
        # The last chunk: the server may only store the blob if the file is what it claims.
        last = patch(c, url, size // 2, honest[size // 2 :])
        stored = c.get(f"/blobs/{claimed}")
        if last.status_code == 204:
            assert stored.status_code == 200
            assert hashlib.sha256(stored.content).hexdigest() == claimed
        else:
            assert last.status_code == 422, last.text  # the mismatch is found, the upload gone
            assert stored.status_code == 404
