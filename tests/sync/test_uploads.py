"""The Uploader against the real server on loopback, through the fault proxy.

Files of mixed sizes arrive with equal hashes under cuts, stalls and 502/503s; refusals are
permanent with the server's words; a stale upload URL leads to a new upload; a stop mid-upload
resumes from the server's offset; a hash mismatch restarts once, then gives up.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import update

from sync.client import chunking, http
from sync.client import uploads as uploads_mod
from sync.client.http import Timeouts, new_session
from sync.client.uploads import MIN_CHUNK, Uploader, UploadOutcome
from sync.local.vault import UploadState, Vault
from sync.server.db import Database
from sync.server.models import Upload
from tests.files import pdf_bytes
from tests.server.live import LiveServer, running_server
from tests.sync.faultproxy import FaultProxy

MIB = 1024 * 1024
# Generous: a loaded test machine may take seconds to answer; once a rate is measured the
# uploader's own answer timeout (chunking.answer_timeout) is what notices a silent line.
FAST = Timeouts(connect=10.0, read=30.0)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with running_server(tmp_path_factory.mktemp("upsrv"), max_file_bytes=40 * MIB) as server:
        yield server


@pytest.fixture
def proxy(live: LiveServer) -> Iterator[FaultProxy]:
    host, port = live.url.removeprefix("http://").split(":")
    with FaultProxy(host, int(port), seed=11) as p:
        yield p


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    v = Vault(tmp_path / "vault.sqlite")
    yield v
    v.close()


@pytest.fixture(autouse=True)
def _fresh_learning() -> None:
    uploads_mod._LEARNED.clear()


def add_file(vault: Vault, tmp_path: Path, size: int, seed: int) -> str:
    data = pdf_bytes(size, seed=seed)
    path = tmp_path / f"f{seed}.pdf"
    path.write_bytes(data)
    return vault.import_file(path).sha256


def make_uploader(live: LiveServer, proxy: FaultProxy, vault: Vault, **kw: Any) -> Uploader:
    token = kw.pop("token", None) or live.token("operator")
    return Uploader(
        vault,
        uploads_url=proxy.url + "/api/v1/uploads",
        session=new_session(),
        token=lambda: token,
        timeouts=kw.pop("timeouts", FAST),
        **kw,
    )


def server_sha(live: LiveServer, sha: str) -> str:
    with live.client("operator") as c:
        r = c.get(f"/blobs/{sha}")
        assert r.status_code == 200, r.text
        return hashlib.sha256(r.content).hexdigest()


def wait_for_offset(live: LiveServer, url: str, pred: Any, timeout: float = 120.0) -> int:
    """The server's offset once ``pred(offset)`` holds (a cut PATCH finishes on the server a
    moment after the client gave up on it; HEAD reports it only then)."""
    deadline = time.monotonic() + timeout
    with live.client("operator") as c:
        while True:
            r = c.head(url, headers={"Tus-Resumable": "1.0.0"})
            offset = int(r.headers["upload-offset"])
            if pred(offset) or time.monotonic() > deadline:
                return offset
            time.sleep(0.05)


def upload_until_done(up: Uploader, sha: str, attempts: int = 10) -> list[UploadOutcome]:
    """What the engine does: call again after a transient outcome (without its backoff)."""
    outcomes = []
    for _ in range(attempts):
        out = up.upload(sha, "bukti.pdf", "application/pdf")
        outcomes.append(out)
        if out.status != "transient":
            break
    return outcomes


@pytest.mark.slow
def test_mixed_sizes_arrive_whole_through_cuts_stalls_and_5xx(
    live: LiveServer, proxy: FaultProxy, vault: Vault, tmp_path: Path
) -> None:
    sizes = [700, 701, 1000, 70_000, 300_000, 1_200_000, 3_500_000, 9 * MIB]  # real PDFs
    shas = [add_file(vault, tmp_path, size, seed) for seed, size in enumerate(sizes)]
    proxy.cut_after_bytes = (150_000, 2_000_000)
    proxy.error_rate = 0.15
    proxy.error_status = (502, 503)
    proxy.stall_every = 0.7
    proxy.stall_duration = 0.2
    progress: list[tuple[str, int, int]] = []
    up = make_uploader(
        live,
        proxy,
        vault,
        on_progress=lambda s, sent, total, rate: progress.append((s, sent, total)),
    )
    for sha in shas:
        outcomes = upload_until_done(up, sha)
        assert outcomes[-1].status == "verified", outcomes
        status = vault.upload_status(sha)
        assert status.state is UploadState.UPLOADED and status.verified
        assert status.server_offset == status.size_bytes
    proxy.clear_faults()
    for sha in shas:
        assert server_sha(live, sha) == sha
    # the faults really happened, and progress was reported up to the end of each file
    assert proxy.cuts > 0 and proxy.errors_injected > 0 and up.cuts > 0
    for sha, size in zip(shas, sizes, strict=True):
        assert (sha, size, size) in progress
    # far less was sent than "start over after every cut" would need
    assert proxy.bytes_up < sum(sizes) * 1.3 + 200_000


def test_chunks_grow_with_throughput_and_what_was_learned_carries_to_the_next_upload(
    live: LiveServer, proxy: FaultProxy, vault: Vault, tmp_path: Path
) -> None:
    sha = add_file(vault, tmp_path, 12 * MIB, 1)
    proxy.rate_bps = 8 * MIB  # ~1.5 s for the file: chunks of up to 0.5 s grow from 64 KiB
    up = make_uploader(live, proxy, vault, initial_chunk=64 * 1024, target_chunk_seconds=0.5)
    out = up.upload(sha, "v.mp4", "video/mp4")
    assert out.status == "verified"
    assert up.chunk_sizes[0] == 64 * 1024
    assert max(up.chunk_sizes) >= 8 * up.chunk_sizes[0]
    assert up.link.rate is not None and up.link.rtt is not None
    # the next file to this server starts from what was learned of the line
    sha2 = add_file(vault, tmp_path, 2 * MIB, 2)
    up2 = make_uploader(live, proxy, vault, initial_chunk=64 * 1024, target_chunk_seconds=0.5)
    assert up2.link == up.link
    assert up2.chunk_size > 64 * 1024
    # a cut with a reset is counted (the server kept what arrived: the chunk is not halved)
    proxy.cut_after_bytes = 300_000
    assert up2.upload(sha2, "v.mp4", "video/mp4").status == "verified"
    assert up2.cuts > 0
    assert up2.link.resets >= up.link.resets + 1 and up2.link.silent == up.link.silent


def test_oversize_and_wrong_type_are_permanent_with_the_servers_words(
    live: LiveServer, proxy: FaultProxy, vault: Vault, tmp_path: Path
) -> None:
    big = add_file(vault, tmp_path, 41 * MIB, 3)
    up = make_uploader(live, proxy, vault)
    out = up.upload(big, "scan.pdf", "application/pdf")
    assert out.status == "permanent" and out.http_status == 413
    assert "terlalu besar" in out.message and "too large" in out.message
    small = add_file(vault, tmp_path, 1000, 4)
    out = up.upload(small, "setup.exe", "application/x-msdownload")
    assert out.status == "permanent" and out.http_status == 415
    assert "tidak diterima" in out.message
    # nothing lost, nothing marked sent
    for sha in (big, small):
        status = vault.upload_status(sha)
        assert not status.verified and status.state is not UploadState.UPLOADED
    assert proxy.bytes_up < 20_000  # refused at creation: no body was sent


def test_unknown_upload_url_leads_to_a_new_upload(
    live: LiveServer, proxy: FaultProxy, vault: Vault, tmp_path: Path
) -> None:
    sha = add_file(vault, tmp_path, 200_000, 5)
    stale = proxy.url + "/api/v1/uploads/" + "0" * 32
    vault.set_upload_state(sha, UploadState.UPLOADING, upload_url=stale, server_offset=100_000)
    up = make_uploader(live, proxy, vault)
    assert up.upload(sha, "a.pdf", "application/pdf").status == "verified"
    status = vault.upload_status(sha)
    assert status.upload_url != stale and status.verified
    assert server_sha(live, sha) == sha


def test_expired_upload_leads_to_a_new_upload(
    live: LiveServer, proxy: FaultProxy, vault: Vault, tmp_path: Path
) -> None:
    sha = add_file(vault, tmp_path, 1_000_000, 6)
    stop = [False]
    up = make_uploader(
        live,
        proxy,
        vault,
        initial_chunk=128 * 1024,
        max_chunk=128 * 1024,  # several chunks even on loopback: the stop falls between two
        on_progress=lambda s, sent, total, r: stop.__setitem__(0, sent >= 256 * 1024),
        should_stop=lambda: stop[0],
    )
    assert up.upload(sha, "a.pdf", "application/pdf").status == "stopped"
    first = vault.upload_status(sha)
    assert first.upload_url and 0 < first.server_offset < first.size_bytes
    db = Database(live.settings)
    try:
        with db.session_scope() as s:
            s.execute(
                update(Upload)
                .where(Upload.id == first.upload_url[-32:])
                .values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
            )
    finally:
        db.dispose()
    stop[0] = False
    up2 = make_uploader(live, proxy, vault)
    assert up2.upload(sha, "a.pdf", "application/pdf").status == "verified"
    assert vault.upload_status(sha).upload_url != first.upload_url
    assert server_sha(live, sha) == sha


def test_stop_mid_upload_then_resume_from_the_servers_offset(
    live: LiveServer, proxy: FaultProxy, vault: Vault, tmp_path: Path
) -> None:
    size = 10 * MIB
    sha = add_file(vault, tmp_path, size, 7)
    proxy.rate_bps = 4 * MIB  # one 8 MiB chunk would take 2 s
    stop = [False]

    def on_progress(s: str, sent: int, total: int, rate: float | None) -> None:
        if sent >= MIB:
            stop[0] = True

    up = make_uploader(
        live, proxy, vault, initial_chunk=8 * MIB, on_progress=on_progress,
        should_stop=lambda: stop[0],
    )  # fmt: skip
    out = up.upload(sha, "v.mp4", "video/mp4")
    assert out.status == "stopped"
    assert up.chunks_sent == 0  # the 8 MiB PATCH was aborted, never answered
    url = vault.upload_status(sha).upload_url
    assert url is not None
    held = wait_for_offset(live, url, lambda o: o > 0)
    # the server kept what arrived before the abort (bytes already in the kernel's buffers
    # still arrive after it), and the chunk did not run to its end
    assert MIB <= held < 8 * MIB
    proxy.reset_counters()
    up2 = make_uploader(live, proxy, vault, initial_chunk=1 * MIB)
    assert up2.upload(sha, "v.mp4", "video/mp4").status == "verified"
    # only the rest was sent again (plus headers)
    assert proxy.bytes_up <= size - held + 50_000
    assert server_sha(live, sha) == sha


def test_long_stall_times_out_and_the_upload_resumes(
    live: LiveServer, proxy: FaultProxy, vault: Vault, tmp_path: Path
) -> None:
    sha = add_file(vault, tmp_path, 3 * MIB, 8)
    proxy.rate_bps = 2 * MIB
    stalled = [False]

    def on_progress(s: str, sent: int, total: int, rate: float | None) -> None:
        if sent > MIB and not stalled[0]:
            stalled[0] = True
            proxy.stall(3.0)  # longer than the 1 s read timeout below

    # A plain session: the body is not watched against the socket (as where the platform does
    # not say what a socket holds), so the answer's read timeout is what notices the stall.
    token = live.token("operator")
    up = Uploader(
        vault, uploads_url=proxy.url + "/api/v1/uploads", session=requests.Session(),
        token=lambda: token, initial_chunk=512 * 1024, on_progress=on_progress,
        timeouts=Timeouts(connect=1.0, read=1.0),
    )  # fmt: skip
    assert not http.can_watch_sends(up.session, up.uploads_url)
    outcomes = upload_until_done(up, sha)
    assert outcomes[-1].status == "verified"
    assert up.cuts >= 1  # the timeout counted as a cut
    assert server_sha(live, sha) == sha


def test_hash_mismatch_restarts_once_then_is_permanent(
    live: LiveServer,
    proxy: FaultProxy,
    vault: Vault,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sha = add_file(vault, tmp_path, 300_000, 9)
    original = uploads_mod._ChunkBody.__iter__
    corrupt = {"times": 1}

    def flipping(self: Any) -> Iterator[bytes]:
        for i, piece in enumerate(original(self)):
            if i == 0 and corrupt["times"] > 0:
                corrupt["times"] -= 1
                # The last byte of the piece: the damage spares the PDF header the server
                # reads the type from, so it is the whole file's hash that catches it.
                piece = piece[:-1] + bytes([piece[-1] ^ 0xFF])
            yield piece

    monkeypatch.setattr(uploads_mod._ChunkBody, "__iter__", flipping)
    up = make_uploader(live, proxy, vault, initial_chunk=MIB)
    # damaged in transit once: the server refuses the whole file, the client starts over once
    assert up.upload(sha, "a.pdf", "application/pdf").status == "verified"
    assert server_sha(live, sha) == sha
    # damaged every time: permanent after the one restart, with the server's words
    sha2 = add_file(vault, tmp_path, 300_000, 10)
    corrupt["times"] = 100
    out = up.upload(sha2, "b.pdf", "application/pdf")
    assert out.status == "permanent" and out.http_status == 422
    assert "SHA-256" in out.message
    assert corrupt["times"] == 98  # exactly two attempts
    assert not vault.upload_status(sha2).verified


def test_locally_damaged_blob_is_permanent(
    live: LiveServer, proxy: FaultProxy, vault: Vault, tmp_path: Path
) -> None:
    sha = add_file(vault, tmp_path, 10_000, 12)
    vault.mark_damaged(sha)
    out = make_uploader(live, proxy, vault).upload(sha, "a.pdf", "application/pdf")
    assert out.status == "permanent" and "rusak" in out.message
    assert proxy.connections == 0


def test_invalid_token_is_auth_and_keeps_the_blob(
    live: LiveServer, proxy: FaultProxy, vault: Vault, tmp_path: Path
) -> None:
    sha = add_file(vault, tmp_path, 10_000, 13)
    out = make_uploader(live, proxy, vault, token="not-a-token").upload(
        sha, "a.pdf", "application/pdf"
    )
    assert out.status == "auth" and out.http_status == 401
    assert vault.has(sha) and not vault.upload_status(sha).verified


def test_blob_the_server_already_holds_is_verified_without_sending_it(
    live: LiveServer, proxy: FaultProxy, vault: Vault, tmp_path: Path
) -> None:
    sha = add_file(vault, tmp_path, 500_000, 14)
    assert make_uploader(live, proxy, vault).upload(sha, "a.pdf", "application/pdf").status == (
        "verified"
    )
    other = Vault(tmp_path / "other.sqlite")
    try:
        path = tmp_path / "again.pdf"
        path.write_bytes(pdf_bytes(500_000, seed=14))
        assert other.import_file(path).sha256 == sha
        proxy.reset_counters()
        up = make_uploader(live, proxy, other)
        assert up.upload(sha, "a.pdf", "application/pdf").status == "verified"
        assert proxy.bytes_up < 5_000 and up.chunks_sent == 0
        assert other.upload_status(sha).verified
    finally:
        other.close()


def test_per_chunk_checksums_when_enabled(
    live: LiveServer, proxy: FaultProxy, vault: Vault, tmp_path: Path
) -> None:
    sha = add_file(vault, tmp_path, 2 * MIB, 15)
    proxy.cut_after_bytes = (200_000, 900_000)
    seen: list[str] = []
    session = new_session()
    real_patch = session.patch

    def spy(url: str, **kw: Any) -> requests.Response:
        seen.append(kw["headers"].get("upload-checksum", ""))
        return real_patch(url, **kw)

    session.patch = spy  # type: ignore[method-assign]
    token = live.token("operator")
    up = Uploader(
        vault, uploads_url=proxy.url + "/api/v1/uploads", session=session, token=lambda: token,
        timeouts=FAST, chunk_checksum=True, initial_chunk=256 * 1024,
    )  # fmt: skip
    outcomes = upload_until_done(up, sha)
    assert outcomes[-1].status == "verified"
    assert seen and all(h.startswith("sha256 ") for h in seen)
    assert server_sha(live, sha) == sha


def test_streamed_body_never_reads_more_than_a_piece(tmp_path: Path) -> None:
    data = os.urandom(MIN_CHUNK * 3 + 5)
    reads: list[int] = []

    class Spy:
        def __init__(self) -> None:
            self.pos = 0

        def read(self, n: int) -> bytes:
            reads.append(n)
            out = data[self.pos : self.pos + n]
            self.pos += len(out)
            return out

    body = uploads_mod._ChunkBody(Spy(), len(data), lambda: False, lambda n: None)  # type: ignore[arg-type]
    assert b"".join(body) == data and len(body) == len(data)
    assert max(reads) <= uploads_mod.PIECE


def test_server_errors_that_last_end_as_transient_for_the_engine_to_back_off(
    live: LiveServer, proxy: FaultProxy, vault: Vault, tmp_path: Path
) -> None:
    sha = add_file(vault, tmp_path, 100_000, 16)
    proxy.error_rate = 1.0
    proxy.error_status = 502
    out = make_uploader(live, proxy, vault).upload(sha, "a.pdf", "application/pdf")
    assert out.status == "transient" and out.http_status == 502
    assert proxy.errors_injected == uploads_mod.MAX_FAILURES  # a few quick retries, then back
    # a 503 asking for a long pause is not waited out inside the call
    proxy.reset_counters()
    proxy.error_status = 503
    proxy.error_retry_after = 600
    out = make_uploader(live, proxy, vault).upload(sha, "a.pdf", "application/pdf")
    assert out.status == "transient" and out.http_status == 503
    assert proxy.errors_injected == 1
    # the line comes back: the next call completes
    proxy.error_rate = 0.0
    assert make_uploader(live, proxy, vault).upload(sha, "a.pdf", "application/pdf").status == (
        "verified"
    )
    assert server_sha(live, sha) == sha


def test_rate_meter_smooths() -> None:
    meter = uploads_mod.RateMeter(tau=4.0, min_dt=0.5)
    t0 = meter._t
    assert meter.add(50_000, t0 + 0.25) is None  # too soon for a sample
    assert meter.add(50_000, t0 + 1.0) == pytest.approx(100_000)
    # a burst moves the average only part of the way
    rate = meter.add(1_000_000, t0 + 2.0)
    assert rate is not None and 100_000 < rate < 1_000_000
    assert rate == pytest.approx(100_000 + 0.25 * (1_000_000 - 100_000))


def test_silent_cut_is_noticed_by_the_adaptive_answer_timeout(
    live: LiveServer, proxy: FaultProxy, vault: Vault, tmp_path: Path
) -> None:
    size = 6 * MIB
    sha = add_file(vault, tmp_path, size, 17)
    proxy.rate_bps = 2 * MIB
    proxy.cut_mode = "blackhole"  # packets vanish, no reset ...
    proxy.blackhole_seconds = 120.0
    proxy.blackhole_server_seconds = 0.5  # ... the server drops its side soon after
    timeouts: list[tuple[int, float]] = []
    resyncs: list[int] = []
    session = new_session()
    real_patch = session.patch

    def spy(url: str, **kw: Any) -> requests.Response:
        if kw["data"] == b"":  # the empty PATCH that asks where the server is after a silence
            resyncs.append(int(kw["headers"]["upload-offset"]))
        else:
            timeouts.append((int(kw["headers"]["upload-offset"]), kw["timeout"][1]))
        return real_patch(url, **kw)

    session.patch = spy  # type: ignore[method-assign]
    cut = [False]

    def on_progress(s: str, sent: int, total: int, rate: float | None) -> None:
        if sent > 3 * MIB and not cut[0]:
            cut[0] = True
            proxy.cut_all()

    token = live.token("operator")
    up = Uploader(
        vault, uploads_url=proxy.url + "/api/v1/uploads", session=session, token=lambda: token,
        timeouts=Timeouts(connect=10.0, read=60.0), initial_chunk=512 * 1024,
        on_progress=on_progress, target_chunk_seconds=1.0,
    )  # fmt: skip
    outcomes = upload_until_done(up, sha)
    assert outcomes[-1].status == "verified" and proxy.cuts == 1
    assert up.cuts >= 1  # the silence ended the request by a timeout, not by a reset
    assert up.link.silent >= 1  # ... and the chunk sizing knows the line cuts silently
    # after the silence the server was asked by an empty PATCH (it waits for the stale one)
    assert len(resyncs) >= 1
    # once the throughput was known, a chunk's answer was awaited for a few chunk-times only;
    # the first chunk (nothing measured) gets 60 s, the last some seconds more than its bytes
    # need (the server hashes and stores the file before it answers)
    first, *middle, last = timeouts
    assert first[1] == 60.0
    assert uploads_mod.chunking.FINISH_SECONDS < last[1] < 60.0
    assert middle and all(uploads_mod.MIN_PATCH_TIMEOUT <= t <= 20.0 for _offset, t in middle), (
        timeouts
    )
    assert server_sha(live, sha) == sha


def test_silent_cut_mid_body_is_noticed_and_resumed_without_resending_more_than_a_chunk(
    live: LiveServer, proxy: FaultProxy, vault: Vault, tmp_path: Path
) -> None:
    """Packets vanish in the middle of a chunk's body and the proxy never resets (it would only
    after 10 minutes): the uploader notices the stalled send, the server notices the silent
    body, and the upload goes on from the byte the server kept, so the bytes offered in all
    PATCH bodies exceed the file by at most one chunk."""
    size = 4 * MIB
    sha = add_file(vault, tmp_path, size, 23)
    proxy.rate_bps = 512 * 1024
    proxy.cut_mode = "blackhole"
    proxy.blackhole_seconds = 600.0  # longer than any timeout here: only the ends notice
    bodies: list[tuple[int, int]] = []  # (offset, length) of each chunk PATCH
    failures: list[BaseException] = []
    send_limits: list[float] = []
    resyncs: list[int] = []
    session = new_session()
    real_patch = session.patch

    def spy(url: str, **kw: Any) -> requests.Response:
        offset = int(kw["headers"]["upload-offset"])
        if kw["data"] == b"":
            resyncs.append(offset)
        else:
            bodies.append((offset, len(kw["data"])))
            send_limits.append(kw["timeout"][0])
        try:
            return real_patch(url, **kw)
        except requests.RequestException as exc:
            failures.append(exc)
            raise

    session.patch = spy  # type: ignore[method-assign]
    cut = [False]

    def on_progress(s: str, sent: int, total: int, rate: float | None) -> None:
        # mid-body of a chunk once the rate is known (not at a chunk's edge)
        if len(bodies) >= 2 and sent - bodies[-1][0] > 128 * 1024 and not cut[0]:
            cut[0] = True
            proxy.cut_all()

    token = live.token("operator")
    up = Uploader(
        vault, uploads_url=proxy.url + "/api/v1/uploads", session=session, token=lambda: token,
        timeouts=Timeouts(connect=60.0, read=60.0), initial_chunk=512 * 1024,
        on_progress=on_progress, target_chunk_seconds=2.0,
    )  # fmt: skip
    outcomes = upload_until_done(up, sha)
    assert outcomes[-1].status == "verified" and proxy.cuts == 1
    assert cut[0] and up.link.silent == 1 and up.link.resets == 0
    # one request ended, by a timeout of the uploader's own (the proxy never resets): the
    # stalled send, watched against a limit derived from the measured rate (the configured
    # 60 s applies only to the first chunk, before a rate is known)
    assert len(failures) == 1 and uploads_mod._is_timeout(failures[0])
    assert send_limits[0] == 60.0 and max(send_limits[1:]) < 60.0
    if http.can_watch_sends(session, proxy.url):  # Linux: the socket says what it holds
        assert isinstance(failures[0], requests.ConnectionError), failures[0]
    # then the server was asked where it is (an empty PATCH), and the upload went on from
    # there: the cut chunk was offered again from that offset, nothing before it
    failed = next(i for i, (offset, _n) in enumerate(bodies) if offset == resyncs[0])
    assert resyncs == [bodies[failed][0]] and bodies[failed + 1][0] == resyncs[0]
    offered = sum(length for _offset, length in bodies)
    assert offered - size <= max(length for _offset, length in bodies), bodies
    assert server_sha(live, sha) == sha


def test_send_watch_limits_follow_the_measured_rate() -> None:
    """How far a body may run ahead of the line and how long the line may take nothing: the
    configured limits until a rate is known, then derived from it (no clock involved)."""
    unknown = chunking.LinkEstimate()
    assert chunking.send_lead(unknown) is None
    assert chunking.send_stall(unknown, 64 * 1024, longest=10.0) == 10.0
    slow = chunking.LinkEstimate(rate=32_000.0, rtt=0.1, drain_gap=0.1)  # 256 kbit/s
    fast = chunking.LinkEstimate(rate=50e6, rtt=0.01, drain_gap=0.05)
    assert chunking.send_lead(slow) == chunking.SEND_LEAD_MIN
    assert chunking.send_lead(fast) == int(50e6 * chunking.SEND_LEAD_SECONDS)
    # a piece must be able to leave in time on a slow line; never below the floor, never
    # above the configured limit
    assert chunking.send_stall(slow, 64 * 1024, longest=10.0) > 64 * 1024 / 32_000.0
    assert chunking.send_stall(fast, 64 * 1024, longest=10.0) == chunking.SEND_STALL_MIN
    assert chunking.send_stall(slow, 64 * 1024, longest=3.0) == 3.0
    # room for a lost segment's retransmission: several round trips
    far = chunking.LinkEstimate(rate=50e6, rtt=0.6, drain_gap=0.05)
    assert chunking.send_stall(far, 64 * 1024, longest=10.0) == 4 * 0.6
    # before a healthy body showed its pauses: the cautious limit; then twice the longest
    # pause seen (the 1 Mbit/s bench line through the loopback proxy drains in ~0.8 s lumps)
    line = chunking.LinkEstimate(rate=125_000.0, rtt=0.3)
    assert chunking.send_stall(line, 64 * 1024, longest=10.0) == chunking.SEND_STALL_UNMEASURED
    lumpy = line.note_drain_gap(0.8)
    assert chunking.send_stall(lumpy, 64 * 1024, longest=10.0) == pytest.approx(1.6)
    # a longer pause raises it at once; shorter ones lower it only slowly
    paused = lumpy.note_drain_gap(2.0)
    assert chunking.send_stall(paused, 64 * 1024, longest=10.0) == pytest.approx(4.0)
    calmer = paused.note_drain_gap(0.5)
    assert 1.6 < chunking.send_stall(calmer, 64 * 1024, longest=10.0) < 4.0
    assert paused.note_drain_gap(0.0) == paused


@pytest.mark.slow
def test_a_healthy_slow_line_is_not_taken_for_a_cut(
    live: LiveServer, proxy: FaultProxy, vault: Vault, tmp_path: Path
) -> None:
    """The bench's 256 kbit/s line (600 ms round trip) without cuts: the socket takes bytes in
    lumps seconds apart (the proxy's kernel acknowledges 64 KiB at a time), and the send stall,
    derived from rate, round trip and the pauses seen, never takes that for a silent cut: no
    request fails and no byte is offered twice."""
    size = 256 * 1024  # a 128 KiB chunk measures the rate, two watched 64 KiB ones follow
    sha = add_file(vault, tmp_path, size, 29)
    proxy.rate_bps = 32_000
    proxy.latency = 0.3
    bodies: list[tuple[int, int]] = []
    failures: list[BaseException] = []
    session = new_session()
    real_patch = session.patch

    def spy(url: str, **kw: Any) -> requests.Response:
        if kw["data"] != b"":
            bodies.append((int(kw["headers"]["upload-offset"]), len(kw["data"])))
        try:
            return real_patch(url, **kw)
        except requests.RequestException as exc:
            failures.append(exc)
            raise

    session.patch = spy  # type: ignore[method-assign]
    token = live.token("operator")
    up = Uploader(
        vault, uploads_url=proxy.url + "/api/v1/uploads", session=session, token=lambda: token,
        timeouts=Timeouts(connect=30.0, read=60.0), initial_chunk=128 * 1024,
        target_chunk_seconds=2.0,
    )  # fmt: skip
    outcomes = upload_until_done(up, sha)
    assert outcomes[-1].status == "verified" and proxy.cuts == 0
    assert failures == [] and up.cuts == 0 and up.link.silent == 0
    assert sum(length for _offset, length in bodies) == size
    assert len(bodies) >= 3  # watched bodies after the first one measured the rate
    if http.can_watch_sends(session, proxy.url):  # Linux: the pauses were measured
        assert up.link.drain_gap is not None and up.link.drain_gap > 0
    assert server_sha(live, sha) == sha
