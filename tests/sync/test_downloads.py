"""Evidence down: every file of every record a device may read comes into its vault, verified,
through a bad line; a cut resumes at the byte reached, a SIGKILL at the last committed chunk
(bytes counted at the fault proxy); the ON_OPEN policy fetches the prefetch set and what the
officer opens; the pemda's OPD list comes with the pull."""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from sync.client.downloads import STALL_MIN, STALL_UNMEASURED, Downloader, stall_limit
from sync.client.events import BlobArrived, DownloadProgress, FetchState, Phase, RecordsChanged
from sync.client.http import Timeouts, new_session
from sync.client.policy import DownloadPolicy, SyncPolicy
from sync.local.backup import check_archive
from sync.local.outbox import Direction, OutboxState
from sync.local.vault import CHUNK_SIZE, BlobDamaged, Vault
from tests.files import mp4_bytes
from tests.server.helpers import place_review
from tests.server.live import REPO, LiveServer, running_server
from tests.sync.conftest import add_evidence, new_draft, server_blob
from tests.sync.faultproxy import FaultProxy
from tests.vault import samples

MIB = 1024 * 1024


def pdf_bytes(seed: int, size: int) -> bytes:
    """A real PDF (one page, pdfium-made) padded after %%EOF to ``size`` bytes of noise, so
    every file is distinct and big enough to be cut mid-way."""
    doc = pdfium.PdfDocument.new()
    doc.new_page(595, 842)
    out = io.BytesIO()
    doc.save(out)
    doc.close()
    head = out.getvalue()
    return head + b"\n%" + random.Random(seed).randbytes(max(0, size - len(head) - 2))


def opens_offline(vault: Vault, sha: str) -> bool:
    """The file reads back from the vault alone, hashes equal, and pdfium opens it."""
    with vault.open_blob(sha) as stream:
        data = stream.read()
    if hashlib.sha256(data).hexdigest() != sha:
        return False
    doc = pdfium.PdfDocument(data)
    try:
        return len(doc) == 1
    finally:
        doc.close()


def readable_files(device: Any) -> set[str]:
    return device.repo.referenced_blobs()


def test_every_file_of_every_readable_record_arrives_on_each_device_through_a_bad_line(
    server: LiveServer, make_device: Any
) -> None:
    """Two desktops of one OPD and a verifier's: after one sync each, every PDF of every record
    each may read opens offline there, hashes equal (through cuts, a throttle and latency)."""
    host, port = server.url.removeprefix("http://").split(":")
    a = make_device("a", server.url)
    a.login("operator")
    made: dict[str, bytes] = {}
    submitted = []
    for i in range(4):
        rid = new_draft(a.repo, f"Dengan bukti {i}")
        for j in range(2):
            data = pdf_bytes(100 * i + j, 300_000 + 250_000 * j)
            made[add_evidence(a, rid, data, f"bukti-{i}-{j}.pdf")] = data
        if i % 2 == 0:
            submitted.append(rid)
    assert a.engine.run_once().phase is Phase.SYNCED
    for rid in submitted:
        place_review(server.settings, rid, "diajukan")
    assert not [i for i in a.engine.pending_items() if i.direction == Direction.UP]

    with FaultProxy(host, int(port), seed=11, rate_bps=2 * MIB, latency=0.02) as proxy:
        b = make_device("b", proxy.url)
        b.login("operator")
        everything = SyncPolicy(probe_interval=3600.0, downloads=DownloadPolicy.EVERYTHING)
        v = make_device("v", proxy.url, policy=everything)
        v.login("verifikator")
        proxy.cut_every = 1.5  # signed in: now the line starts dropping
        for device in (b, v):
            status = device.engine.run_once()
            while status.phase is not Phase.SYNCED:  # a cut may end a run: the next resumes
                status = device.engine.run_once()
        assert proxy.cuts > 0, "the line never cut: the test proves nothing"
    for device in (a, b, v):
        files = readable_files(device)
        assert set(made) <= files
        for sha in files:
            assert opens_offline(device.vault, sha), (device.name, sha)
        assert not [i for i in device.engine.pending_items() if i.kind == "evidence"]
    assert b.repo.recent_sync_runs(1)[0].downloaded >= 1
    assert b.of(BlobArrived) and b.of(DownloadProgress)


def test_a_cut_resumes_at_the_byte_reached_without_resending(
    server: LiveServer, make_device: Any, tmp_path: Path
) -> None:
    a = make_device("a", server.url)
    a.login()
    rid = new_draft(a.repo, "Video besar")
    data = mp4_bytes(6 * MIB + 12_345, seed=7)  # larger than a document may be
    sha = add_evidence(a, rid, data, "uji-coba.mp4", "video/mp4")
    assert a.engine.run_once().phase is Phase.SYNCED
    host, port = server.url.removeprefix("http://").split(":")
    with (
        FaultProxy(host, int(port), rate_bps=4 * MIB) as proxy,
        Vault(tmp_path / "v.sqlite") as vault,
    ):
        cut_at = [4 * MIB, 3 * MIB // 2]

        def on_progress(_sha: str, done: int, _total: int, _rate: float | None) -> None:
            if cut_at and done >= cut_at[-1]:
                cut_at.pop()
                proxy.cut_all()  # twice, mid-file

        down = Downloader(
            vault, blobs_url=f"{proxy.url}/api/v1/blobs", session=new_session(),
            token=lambda: server.token("operator"), on_progress=on_progress,
            timeouts=Timeouts(connect=5.0, read=10.0),
        )  # fmt: skip
        outcome = down.download(sha, len(data))
        assert outcome.status == "verified", outcome
        assert down.stats.requests >= 3 and len(down.stats.resumed_from) >= 2
        assert all(0 < r < len(data) for r in down.stats.resumed_from)
        # at the byte reached, not at a chunk boundary: what arrived before the cut is kept
        assert any(r % CHUNK_SIZE for r in down.stats.resumed_from)
        with vault.open_blob(sha) as stream:
            assert stream.read() == data
        # Everything the server sent is the file, a few KiB of headers per request and what was
        # on the wire when the line cut (the proxy counted it; it never reached the client):
        # nothing that arrived was sent twice.
        overhead = 1024 * down.stats.requests + 64 * 1024 * proxy.cuts
        print(f"\nbytes server->client {proxy.bytes_down} for {len(data)}: "
              f"{down.stats.requests} requests, {proxy.cuts} cuts")  # fmt: skip
        assert proxy.bytes_down <= len(data) + overhead


def test_the_stall_watchdog_judges_silence_against_the_measured_line_rate() -> None:
    # Not measured yet (the first second of the first file): a cautious limit.
    assert stall_limit(None, read_timeout=30.0) == STALL_UNMEASURED
    assert stall_limit(0.0, read_timeout=30.0) == STALL_UNMEASURED
    # A rural 1 Mbit/s line: a few seconds of silence is a cut, not TCP retransmitting.
    assert stall_limit(125_000, read_timeout=30.0) == STALL_MIN
    assert stall_limit(50 * MIB, read_timeout=30.0) == STALL_MIN  # never below the floor
    # A very slow line waits longer (32 KiB's worth of time), but never past the read timeout.
    assert stall_limit(4_000, read_timeout=30.0) == pytest.approx(8.192)
    assert stall_limit(500, read_timeout=30.0) == 30.0
    assert stall_limit(None, read_timeout=3.0) == 3.0
    # Slower lines never get a shorter limit than faster ones.
    rates = [200, 1_000, 4_000, 16_000, 125_000, 10 * MIB]
    limits = [stall_limit(r, read_timeout=30.0) for r in rates]
    assert limits == sorted(limits, reverse=True)


def test_a_silent_cut_is_closed_by_the_stall_watchdog_and_resumed_at_the_byte_reached(
    live: LiveServer, tmp_path: Path
) -> None:
    """Packets vanish mid-file without a reset (the proxy's silent cut, torn down only after
    ten minutes): the watchdog notices the silence, closes the response and a Range request
    goes on from the exact byte that arrived; the file verifies before it is visible."""
    data = mp4_bytes(MIB + 4321, seed=41)
    sha = _stored_on_server(live, tmp_path, data, "silent.mp4")
    host, port = live.url.removeprefix("http://").split(":")
    rate = 256 * 1024
    proxy = FaultProxy(
        host, int(port), rate_bps=rate, latency=0.01, cut_mode="blackhole",
        blackhole_seconds=600.0,
    )  # fmt: skip
    with proxy, Vault(tmp_path / "down.sqlite") as vault:
        cut_at: list[int] = []

        def on_progress(_sha: str, done: int, _total: int, _rate: float | None) -> None:
            # after 1.5 s of data the line's rate is measured: the watchdog judges against it
            if not cut_at and done >= rate * 3 // 2:
                cut_at.append(done)
                proxy.cut_all()

        down = Downloader(
            vault, blobs_url=f"{proxy.url}/api/v1/blobs", session=new_session(),
            token=lambda: live.token("operator"), on_progress=on_progress,
            timeouts=Timeouts(connect=5.0, read=600.0),  # the read timeout alone: 10 minutes
        )  # fmt: skip
        assert not vault.has(sha)
        outcome = down.download(sha, len(data))
        assert outcome.status == "verified", outcome
        # One silence was made; a machine too loaded to serve for seconds may add another
        # (the watchdog then resumes as well): the test holds either way.
        assert down.stats.stalls >= 1 and proxy.cuts == 1
        [frozen] = [c for c in proxy.conn_log if c.cut]
        assert not frozen.closed  # the client let go of it, not the proxy's teardown
        assert any(cut_at[0] <= r < len(data) for r in down.stats.resumed_from)
        with vault.open_blob(sha) as stream:
            assert stream.read() == data
    # Every byte that crossed the line before the silence was kept: what the server sent is
    # the file once plus the answers' heads.
    assert proxy.bytes_down <= len(data) + 1024 * down.stats.requests


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with running_server(tmp_path_factory.mktemp("dlkill")) as srv:
        yield srv


def _stored_on_server(live: LiveServer, tmp_path: Path, data: bytes, name: str) -> str:
    """Put ``data`` on the server as the operator's upload (the subject is the download)."""
    from sync.client.uploads import Uploader

    src = tmp_path / name
    src.write_bytes(data)
    with Vault(tmp_path / "up.sqlite") as up_vault:
        sha = up_vault.import_file(src).sha256
        up = Uploader(up_vault, uploads_url=f"{live.api}/uploads", session=new_session(),
                      token=lambda: live.token("operator"))  # fmt: skip
        assert up.upload(sha, name, "video/mp4").status == "verified"
    return sha


def _worker(vault: Path, sha: str, url: str, token: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "tests.sync.download_worker", str(vault), sha, url, token]
    return subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO
    )


@pytest.mark.slow
def test_sigkill_mid_download_resumes_from_the_committed_offset(
    live: LiveServer, tmp_path: Path
) -> None:
    """A download process is SIGKILLed at a random point; started again it resumes from the
    vault's committed offset: bytes counted at the proxy re-sent at most one vault chunk (less
    than one request's worth: a request asks for the whole rest of the file)."""
    size = 24 * MIB + 777
    data = mp4_bytes(size, seed=30)
    sha = _stored_on_server(live, tmp_path, data, "video.mp4")
    token = live.token("operator")
    vault_path = tmp_path / "down.sqlite"
    Vault(vault_path).close()
    host, port = live.url.removeprefix("http://").split(":")
    kill_at = random.Random().randint(3 * MIB, 12 * MIB)
    with FaultProxy(host, int(port), rate_bps=8 * MIB, latency=0.005) as proxy:
        url = f"{proxy.url}/api/v1/blobs"
        first = _worker(vault_path, sha, url, token)
        try:
            # Killed once the vault holds ``kill_at`` committed bytes (judged by the vault, not
            # by the clock or the bytes in flight: a loaded machine only makes it later); the
            # 12 MiB or more left take at least 1.5 s at the line's rate, so it is mid-file.
            with Vault(vault_path) as watch:
                while watch.download_offset(sha) < kill_at:
                    assert first.poll() is None, first.communicate()
                    time.sleep(0.005)
            os.kill(first.pid, signal.SIGKILL)
            first.wait(30)
        finally:
            if first.poll() is None:
                first.kill()
        assert first.returncode == -signal.SIGKILL
        deadline = time.monotonic() + 30
        while proxy.open_connections and time.monotonic() < deadline:
            time.sleep(0.01)
        sent_before = proxy.bytes_down
        with Vault(vault_path) as vault:
            committed = vault.download_offset(sha)
        assert 0 < committed < size and committed % CHUNK_SIZE == 0

        proxy.reset_counters()
        second = _worker(vault_path, sha, url, token)
        out, err = second.communicate(timeout=180)
        assert second.returncode == 0, (out, err)
        result = json.loads(out.strip().splitlines()[-1])
        assert result["status"] == "verified"
        assert result["resumed_from"][0] == committed
        sent_after = proxy.bytes_down
        requests_made = result["requests"] + proxy.connections
    total = sent_before + sent_after
    resent = total - size
    print(f"\nkilled at ~{kill_at}: server->client before {sent_before}, after {sent_after}, "
          f"re-sent {resent} (one vault chunk {CHUNK_SIZE})")  # fmt: skip
    assert resent <= CHUNK_SIZE + 2048 * (requests_made + 4) + 512 * 1024  # + socket buffers
    with Vault(vault_path) as vault:
        with vault.open_blob(sha) as stream:
            assert hashlib.sha256(stream.read()).hexdigest() == sha
        assert vault.upload_status(sha).verified  # held by the server: never sent back


def test_on_open_fetches_the_prefetch_set_then_what_is_opened(
    server: LiveServer, make_device: Any
) -> None:
    a = make_device("a", server.url)
    a.login()
    waiting_review = new_draft(a.repo, "Menunggu verifikasi")
    draft = new_draft(a.repo, "Masih draf")
    prefetched = add_evidence(a, waiting_review, pdf_bytes(1, 50_000), "diajukan.pdf")
    later = add_evidence(a, draft, pdf_bytes(2, 60_000), "draf.pdf")
    assert a.engine.run_once().phase is Phase.SYNCED
    place_review(server.settings, waiting_review, "diajukan")  # submitted, as the server says

    v = make_device("v", server.url)  # the verifier's default: on open + prefetch
    v.login("verifikator")
    assert v.engine.download_policy() is DownloadPolicy.ON_OPEN
    assert v.engine.run_once().phase is Phase.SYNCED
    assert v.vault.has(prefetched) and not v.vault.has(later)
    waiting = {i.sha256: i for i in v.engine.pending_items() if i.kind == "evidence"}
    assert waiting[later].state is OutboxState.QUEUED and waiting[later].priority == 0
    assert v.engine.download_state(later) == FetchState(OutboxState.QUEUED, 0.0)

    assert v.engine.fetch_now(later)  # the verifier opens the draft's document
    assert v.engine.run_once().phase is Phase.SYNCED
    assert opens_offline(v.vault, later)
    assert v.engine.download_state(later) == FetchState(None)
    assert not v.engine.fetch_now("f" * 64)  # nothing refers to it: nothing can bring it


def test_a_file_periksa_arsip_found_damaged_is_fetched_again_and_repaired(
    server: LiveServer, make_device: Any
) -> None:
    """The officer's only copy on this laptop went bad after it was sent (one byte of a stored
    chunk): "Periksa arsip" marks it damaged, and the next run brings the server's copy in its
    place, so the document opens again and the next check passes."""
    a = make_device("a", server.url)
    a.login()
    rid = new_draft(a.repo, "Arsip rusak")
    data = pdf_bytes(41, MIB + 300_000)
    sha = add_evidence(a, rid, data, "sk-rusak.pdf")
    assert a.engine.run_once().phase is Phase.SYNCED
    assert not [i for i in a.engine.pending_items() if i.kind == "evidence"]

    samples.flip_stored_byte(a.vault.path, sha)
    report = check_archive(a.folder, vault=a.vault)
    assert not report.ok and sha in report.damaged
    with pytest.raises(BlobDamaged):
        a.vault.open_blob(sha)

    assert a.engine.run_once().phase is Phase.SYNCED
    assert not a.vault.info(sha).damaged
    assert opens_offline(a.vault, sha)
    assert a.repo.recent_sync_runs(1)[0].downloaded == 1
    assert not [i for i in a.engine.pending_items() if i.kind == "evidence"]
    assert check_archive(a.folder, vault=a.vault).ok


def test_a_damaged_copy_waiting_to_be_sent_is_fetched_when_the_server_holds_the_file(
    server: LiveServer, make_device: Any
) -> None:
    """A file still to send whose copy here went bad: when the server holds the same bytes (a
    colleague sent them) it is fetched instead and the copy here repaired; when nobody sent it,
    the damaged copy is refused ("blob.damaged"), never sent."""
    a = make_device("a", server.url)
    a.login()
    shared = pdf_bytes(42, 300_000)
    add_evidence(a, new_draft(a.repo, "Dikirim rekan"), shared, "sama.pdf")
    assert a.engine.run_once().phase is Phase.SYNCED

    b = make_device("b", server.url)
    b.login()
    rid = new_draft(b.repo, "Salinan rusak")
    sha = add_evidence(b, rid, shared, "sama.pdf")
    only_here = add_evidence(b, rid, pdf_bytes(43, 200_000), "satu-satunya.pdf")
    for h in (sha, only_here):
        samples.flip_stored_byte(b.vault.path, h, seq=0, at=150_000)
        assert not b.vault.verify(h)

    b.engine.run_once()
    assert opens_offline(b.vault, sha) and not b.vault.info(sha).damaged
    waiting = {i.sha256: i for i in b.engine.pending_items() if i.kind == "evidence"}
    assert set(waiting) == {only_here}, waiting
    refused = waiting[only_here]
    assert refused.state is OutboxState.REFUSED and refused.direction is Direction.UP
    assert refused.problem is not None and refused.problem.code == "blob.damaged"
    assert b.vault.info(only_here).damaged
    assert server_blob(server, only_here) is None  # never sent


def test_the_pemdas_opd_list_comes_with_the_pull(server: LiveServer, make_device: Any) -> None:
    v = make_device("v", server.url)
    v.login("verifikator")
    assert v.engine.run_once().phase is Phase.SYNCED
    names = {o.name for o in v.repo.list_opds()}
    assert {"Dinas Pendidikan", "Dinas Kesehatan"} <= names
    # The screens that show OPD names hear of them once; a later pull with the same list
    # writes nothing and says nothing.
    told = [e.record_ids for e in v.of(RecordsChanged) if e.record_type == "opd"]
    assert [set(ids) for ids in told] == [{o.id for o in v.repo.list_opds()}]
    assert v.engine.run_once().phase is Phase.SYNCED
    assert len([e for e in v.of(RecordsChanged) if e.record_type == "opd"]) == 1
    a = make_device("a", server.url)
    a.login("operator")
    a.engine.run_once()
    assert [o.name for o in a.repo.list_opds()] == ["Dinas Pendidikan"]  # an operator: own OPD
