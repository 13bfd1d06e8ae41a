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
from pathlib import Path
from typing import Any

import httpx
import pytest

from sync.local.inspect import sniff_media_type
from sync.server import uploads
from sync.server.config import Settings
from tests.files import pdf_bytes
from tests.server.live import LiveServer, start_server, stop_server
from tests.servertus.conftest import (
    BUCKET,
    LIMITS,
    TUS,
    chunk_checksum,
    create,
    patch,
    s3_settings,
    s3_store,
)


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


# --- a stale PATCH changes nothing once its hold ran out --------------------------------------
#
# The takeover below is what the lease allows: the first PATCH's body pauses longer than the
# lease, another PATCH (here the honest one) continues the upload from the recorded offset. The
# stale PATCH then gets the rest of its body: it must neither write it over the other PATCH's
# bytes (with its running hash in another process, whose last chunk would vouch for bytes no
# longer in the file) nor cut the file back to its own start (a failed chunk checksum), which
# would drop bytes the other PATCH made durable and recorded. The servers run in this process
# (the lease shortened); "two" is two servers on one data folder, as two worker processes are.

HOLD_TEST_LEASE = 1.5
"""Seconds of lease in these tests: a writer's hold is two thirds of it (1 s)."""


def _partial(live: LiveServer, upload_id: str) -> bytes:
    """The bytes the partial store holds for ``upload_id`` (the folder's part file, or S3's
    tail object: these uploads stay under S3's 5 MiB part)."""
    if live.settings.blob_store == "s3":
        assert live.settings.s3_endpoint_url is not None
        store = s3_store(live.settings.s3_endpoint_url)
        obj = store.client.get_object(Bucket=BUCKET, Key=f"uploads/{upload_id}.tail")
        return bytes(obj["Body"].read())
    assert live.settings.uploads_dir is not None
    return (live.settings.uploads_dir / f"{upload_id}.part").read_bytes()


def _stale_patch(
    live: LiveServer,
    url: str,
    body: bytes,
    go_on: threading.Event,
    checksum: str | None,
    pause_at: int = 300 * 1024,
    pieces_after: int = 2,
) -> tuple[threading.Thread, list[httpx.Response]]:
    """A PATCH at offset 0 whose body pauses after ``pause_at`` bytes (a spool batch of them
    written at once) until ``go_on``, then sends the rest in ``pieces_after`` pieces (a small
    one first if 2); its answer lands in the list."""
    answers: list[httpx.Response] = []

    def slow_body() -> Iterator[bytes]:
        yield body[:pause_at]
        assert go_on.wait(30)
        if pieces_after == 2:
            yield body[pause_at : pause_at + 1024]
            yield body[pause_at + 1024 :]
        else:
            yield body[pause_at:]

    def run() -> None:
        headers = {
            **TUS,
            "Upload-Offset": "0",
            "Content-Type": "application/offset+octet-stream",
            "Content-Length": str(len(body)),
        }
        if checksum is not None:
            headers["Upload-Checksum"] = checksum
        with live.client("operator") as slow:
            answers.append(slow.patch(url, content=slow_body(), headers=headers))

    thread = threading.Thread(target=run)
    thread.start()
    return thread, answers


def _servers(
    store: str, processes: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[LiveServer, LiveServer]]:
    """The server the stale PATCH goes to, and the one the others go to (the same, or a
    second server on the same data folder and database)."""
    extra: dict[str, Any] = dict(LIMITS)
    if store == "s3":
        extra.update(s3_settings(request.getfixturevalue("s3_endpoint")))
    first = start_server(Settings(data_dir=tmp_path / "srv", **extra))
    second = first
    try:
        if processes == "two":
            second = start_server(Settings(data_dir=tmp_path / "srv", **extra))
        yield first, second
    finally:
        if second is not first:
            stop_server(second)
        stop_server(first)


@pytest.fixture
def servers(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[LiveServer, LiveServer]]:
    store, processes = request.param
    yield from _servers(store, processes, request, tmp_path)


@pytest.mark.parametrize(
    "servers",
    [
        pytest.param(("folder", "one"), id="folder-one-process"),
        pytest.param(("folder", "two"), id="folder-two-processes"),
        pytest.param(("s3", "one"), id="s3-one-process", marks=pytest.mark.s3),
        pytest.param(("s3", "two"), id="s3-two-processes", marks=pytest.mark.s3),
    ],
    indirect=True,
)
@pytest.mark.parametrize("checksum", [False, True], ids=["no-checksum", "failing-checksum"])
def test_a_stale_patch_leaves_the_bytes_of_the_patch_that_took_over(
    servers: tuple[LiveServer, LiveServer], checksum: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale_server, live = servers
    monkeypatch.setattr(uploads, "LEASE_SECONDS", HOLD_TEST_LEASE)
    monkeypatch.setattr(uploads, "BODY_STALL_MIN", 5.0)  # the pause is not taken for a cut
    size = 1024 * 1024
    honest, other = pdf_bytes(size, seed=1), pdf_bytes(size, seed=2)
    claimed = hashlib.sha256(honest).hexdigest()
    half = size // 2
    with live.client("operator") as c:
        url = create(c, size, claimed).headers["location"]
        upload_id = url.rsplit("/", 1)[1]
        go_on = threading.Event()
        # With a checksum the stale body fails it (it is of other bytes): the chunk is refused
        # and, before the fix, the file was cut back to the stale PATCH's start.
        wrong = chunk_checksum(b"not this chunk") if checksum else None
        stale, answers = _stale_patch(stale_server, url, other[:half], go_on, wrong)
        time.sleep(HOLD_TEST_LEASE + 0.5)  # the stale PATCH's lease ran out; it still receives
        assert patch(c, url, 0, honest[:half]).status_code == 204  # takes the upload over
        go_on.set()
        stale.join(60)
        assert answers and answers[0].status_code in (409, 460), answers
        # The stale PATCH wrote nothing over the other's bytes and did not cut them.
        assert _partial(live, upload_id) == honest[:half]
        head = c.head(url, headers=TUS)
        assert head.headers["upload-offset"] == str(half)
        # The last chunk (on the server that took over: its running hash, for the folder).
        assert patch(c, url, half, honest[half:]).status_code == 204
        stored = c.get(f"/blobs/{claimed}")
        assert stored.status_code == 200
        assert hashlib.sha256(stored.content).hexdigest() == claimed
        assert stored.content == honest


@pytest.mark.parametrize(
    "servers",
    [
        pytest.param(("folder", "one"), id="folder"),
        pytest.param(("s3", "one"), id="s3", marks=pytest.mark.s3),
    ],
    indirect=True,
)
def test_a_stale_patch_whose_type_is_refused_discards_nothing_of_the_patch_that_took_over(
    servers: tuple[LiveServer, LiveServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused type discards the upload (415), but only while the refusing PATCH still
    holds it: a stale one judged after another PATCH took over used to cut the file back to
    its own start and delete the upload the other PATCH was filling."""
    live, _ = servers
    monkeypatch.setattr(uploads, "LEASE_SECONDS", HOLD_TEST_LEASE)
    judging, taken_over = threading.Event(), threading.Event()
    sniff = sniff_media_type

    def slow_sniff(head: bytes) -> str | None:
        if head.startswith(b"MZ"):  # the stale PATCH's program: judged after the takeover
            judging.set()
            assert taken_over.wait(30)
        return sniff(head)

    monkeypatch.setattr(uploads, "sniff_media_type", slow_sniff)
    size = 1024 * 1024
    honest = pdf_bytes(size, seed=1)
    claimed = hashlib.sha256(honest).hexdigest()
    half = size // 2
    program = b"MZ" + bytes(half - 2)
    with live.client("operator") as c:
        url = create(c, size, claimed).headers["location"]
        upload_id = url.rsplit("/", 1)[1]
        answers: list[httpx.Response] = []

        def refused() -> None:
            with live.client("operator") as other:
                answers.append(patch(other, url, 0, program))

        stale = threading.Thread(target=refused)
        stale.start()
        assert judging.wait(30)
        # Waits for the lease to run out, then takes the upload over.
        assert patch(c, url, 0, honest[:half]).status_code == 204
        taken_over.set()
        stale.join(60)
        assert answers and answers[0].status_code == 409, answers[0].text
        assert _partial(live, upload_id) == honest[:half]
        assert c.head(url, headers=TUS).headers["upload-offset"] == str(half)
        assert patch(c, url, half, honest[half:]).status_code == 204
        stored = c.get(f"/blobs/{claimed}")
        assert stored.status_code == 200 and stored.content == honest


def test_a_body_paused_past_its_hold_goes_on_when_nobody_took_over(
    live: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The piece after a long pause renews the lease (and the writer's hold) before it is
    written: a pause alone, with no other request, does not cost the chunk."""
    monkeypatch.setattr(uploads, "LEASE_SECONDS", HOLD_TEST_LEASE)
    monkeypatch.setattr(uploads, "LEASE_RENEW_SECONDS", 0.2)
    monkeypatch.setattr(uploads, "BODY_STALL_MIN", 5.0)
    size, first = 1024 * 1024, 768 * 1024
    honest = pdf_bytes(size, seed=3)
    claimed = hashlib.sha256(honest).hexdigest()
    with live.client("operator") as c:
        url = create(c, size, claimed).headers["location"]
        go_on = threading.Event()
        # Paused with most of a spool batch in hand: the first piece after the pause makes
        # the batch that is written then.
        paused, answers = _stale_patch(
            live, url, honest[:first], go_on, None, pause_at=500 * 1024, pieces_after=1
        )
        time.sleep(HOLD_TEST_LEASE + 0.5)  # past the hold and the lease; nobody takes over
        go_on.set()
        paused.join(60)
        assert answers and answers[0].status_code == 204, answers[0].text
        assert answers[0].headers["upload-offset"] == str(first)
        assert patch(c, url, first, honest[first:]).status_code == 204
        assert c.get(f"/blobs/{claimed}").content == honest
