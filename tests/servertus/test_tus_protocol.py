"""tus 1.0 over HTTP on loopback: tuspy uploads, checksums, termination, expiry, limits, roles."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import select, update
from tusclient.exceptions import TusCommunicationError, TusUploadFailed

from sync.server import uploads
from sync.server.auth import token_hash
from sync.server.config import Settings
from sync.server.db import Database
from sync.server.models import AuditEvent, Blob, Token, Upload, User
from sync.server.uploads import cleanup_expired
from tests.files import pdf_bytes
from tests.server.live import LiveServer, start_server, stop_server
from tests.servertus.conftest import (
    LIMITS,
    MIB,
    TUS,
    chunk_checksum,
    create,
    patch,
    sha256,
    uploader,
)


def _part(live: LiveServer, url: str) -> Path:
    """The partial file of the upload at ``url``."""
    assert live.settings.uploads_dir is not None
    return live.settings.uploads_dir / (url.rsplit("/", 1)[1] + ".part")


@pytest.mark.parametrize(
    ("size", "chunk_size"),
    [
        (700, MIB),  # the smallest PDF here
        (MIB, MIB),  # exactly one chunk
        (3 * MIB + 7, MIB),  # a short last chunk
        (5 * MIB, 256 * 1024),
        (7 * MIB, 5 * MIB),
    ],
    ids=["700B", "1MiB-1chunk", "3MiB+7-1MiB", "5MiB-256KiB", "7MiB-5MiB"],
)
def test_tuspy_uploads_files_and_they_download_byte_for_byte(
    live: LiveServer, tmp_path: Path, size: int, chunk_size: int
) -> None:
    data = pdf_bytes(size)
    path = tmp_path / "bukti.pdf"
    path.write_bytes(data)
    up = uploader(live, "operator", path, chunk_size=chunk_size)
    up.upload()
    sha = sha256(data)
    with live.client("operator") as c:
        assert c.post("/blobs/missing", json={"hashes": [sha]}).json() == {"missing": []}
        r = c.get(f"/blobs/{sha}")
        assert r.status_code == 200
        assert r.content == data
        assert r.headers["etag"] == f'"{sha}"'
        assert r.headers["accept-ranges"] == "bytes"
        head = c.head(up.url, headers=TUS)
        assert head.headers["upload-offset"] == str(size)
    assert up.url.startswith(live.api + "/uploads/")
    assert not _part(live, up.url).exists()  # moved into the blob store


def test_options_advertises_version_extensions_size_and_sha256(live: LiveServer) -> None:
    r = httpx.options(live.api + "/uploads")
    assert r.status_code == 204
    assert r.headers["tus-version"] == "1.0.0"
    extensions = set(r.headers["tus-extension"].split(","))
    assert {"creation", "checksum", "termination", "expiration"} <= extensions
    assert "sha256" in r.headers["tus-checksum-algorithm"].split(",")
    assert r.headers["tus-max-size"] == str(live.settings.max_upload_bytes)


def test_a_corrupted_chunk_is_refused_with_460_and_the_offset_stays(live: LiveServer) -> None:
    data = pdf_bytes(2 * MIB)
    with live.client("operator") as c:
        r = create(c, len(data), sha256(data))
        assert r.status_code == 201
        url = r.headers["location"]
        first = data[:MIB]
        damaged = first[:100] + bytes([first[100] ^ 0xFF]) + first[101:]
        r = patch(c, url, 0, damaged, checksum=chunk_checksum(first))
        assert r.status_code == 460
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["type"].endswith("/checksum-mismatch")
        assert c.head(url, headers=TUS).headers["upload-offset"] == "0"
        # The same chunk sent intact goes through, and the upload completes.
        assert patch(c, url, 0, first, checksum=chunk_checksum(first)).status_code == 204
        r = patch(c, url, MIB, data[MIB:], checksum=chunk_checksum(data[MIB:]))
        assert r.status_code == 204
        assert c.get(f"/blobs/{sha256(data)}").content == data


def test_unknown_checksum_algorithm_is_a_400(live: LiveServer) -> None:
    with live.client("operator") as c:
        data = pdf_bytes(700)  # fresh bytes: never a duplicate of a stored blob
        url = create(c, 10, sha256(data)).headers["location"]
        r = patch(c, url, 0, data, checksum="crc32 AAAA")
        assert r.status_code == 400
        assert c.head(url, headers=TUS).headers["upload-offset"] == "0"


def test_a_whole_file_that_does_not_match_its_sha256_is_discarded(
    live: LiveServer, tmp_path: Path
) -> None:
    data = pdf_bytes(MIB + 5)
    path = tmp_path / "bukti.pdf"
    path.write_bytes(data)
    claimed = sha256(b"something else")
    up = uploader(live, "operator", path, chunk_size=512 * 1024, declared_sha=claimed)
    with pytest.raises(TusUploadFailed) as failed:
        up.upload()
    assert failed.value.status_code == 422
    with live.client("operator") as c:
        assert c.head(up.url, headers=TUS).status_code == 404
        assert c.post("/blobs/missing", json={"hashes": [claimed, sha256(data)]}).json() == {
            "missing": [claimed, sha256(data)]
        }
        assert c.get(f"/blobs/{claimed}").status_code == 404
    assert not _part(live, up.url).exists()


def test_termination_deletes_the_partial_upload(live: LiveServer) -> None:
    data = pdf_bytes(MIB)
    with live.client("operator") as c:
        url = create(c, len(data), sha256(data)).headers["location"]
        assert patch(c, url, 0, data[:1000]).status_code == 204
        assert _part(live, url).stat().st_size == 1000
        assert c.delete(url, headers=TUS).status_code == 204
        assert c.head(url, headers=TUS).status_code == 404
        assert patch(c, url, 1000, data[1000:]).status_code == 404
        assert c.delete(url, headers=TUS).status_code == 404
    assert not _part(live, url).exists()


def test_expiry_is_announced_and_expired_uploads_are_cleaned_up(live: LiveServer) -> None:
    data = pdf_bytes(3000)
    db = Database(live.settings)
    try:
        with live.client("operator") as c:
            r = create(c, len(data), sha256(data))
            expires = parsedate_to_datetime(r.headers["upload-expires"])
            hours = live.settings.upload_expiry_hours
            assert abs(expires - datetime.now(UTC) - timedelta(hours=hours)) < timedelta(minutes=2)
            swept, answered = r.headers["location"], create(c, len(data), sha256(data))
            gone = answered.headers["location"]
            for url in (swept, gone):
                r = patch(c, url, 0, data[:1000])
                assert r.status_code == 204
                assert parsedate_to_datetime(r.headers["upload-expires"]) > datetime.now(UTC)
            past = datetime.now(UTC) - timedelta(minutes=1)
            with db.session_scope() as s:
                s.execute(
                    update(Upload)
                    .where(Upload.id.in_([swept[-32:], gone[-32:]]))
                    .values(expires_at=past)
                )
            # Asked about before the sweep: 410 Gone (and removed); after it: 404.
            assert c.head(gone, headers=TUS).status_code == 410
            assert live.settings.uploads_dir is not None
            assert cleanup_expired(db, live.settings.uploads_dir) == 1
            assert c.head(swept, headers=TUS).status_code == 404
            assert c.head(gone, headers=TUS).status_code == 404
        with db.session_scope() as s:
            assert s.scalars(select(Upload.id).where(Upload.id == swept[-32:])).all() == []
        assert not _part(live, swept).exists() and not _part(live, gone).exists()
    finally:
        db.dispose()


def test_orphan_partial_files_are_swept(live: LiveServer) -> None:
    assert live.settings.uploads_dir is not None
    orphan = live.settings.uploads_dir / ("f" * 32 + ".part")
    orphan.write_bytes(b"left behind by a crash")
    old = datetime.now(UTC).timestamp() - 2 * 3600
    os.utime(orphan, (old, old))
    db = Database(live.settings)
    try:
        cleanup_expired(db, live.settings.uploads_dir)
    finally:
        db.dispose()
    assert not orphan.exists()


def test_too_large_files_get_413_problems_before_any_byte(live: LiveServer) -> None:
    sha = sha256(b"x")
    over_doc = live.settings.max_file_bytes + 1
    with live.client("operator") as c:
        r = create(c, over_doc, sha, "application/pdf")
        assert r.status_code == 413
        assert r.headers["content-type"].startswith("application/problem+json")
        body = r.json()
        assert body["type"].endswith("/payload-too-large") and body["detail_en"]
        # Videos may be bigger than documents, up to max_upload_bytes.
        assert create(c, over_doc, sha, "video/mp4").status_code == 201
        assert create(c, live.settings.max_upload_bytes + 1, sha, "video/mp4").status_code == 413
    assert httpx.get(live.api + "/health").status_code == 200


def test_a_file_type_the_server_does_not_accept_is_refused(live: LiveServer) -> None:
    with live.client("operator") as c:
        r = create(c, 10, sha256(b"x"), "application/x-msdownload")
        assert r.status_code == 415
        assert "application/pdf" in r.json()["detail_en"]


def test_a_chunk_past_the_declared_length_is_refused_and_not_kept(live: LiveServer) -> None:
    with live.client("operator") as c:
        data = pdf_bytes(700)
        url = create(c, 10, sha256(data)).headers["location"]
        assert patch(c, url, 0, data + b"abc").status_code == 400
        assert c.head(url, headers=TUS).headers["upload-offset"] == "0"


def test_a_wrong_offset_gets_409_with_the_servers_offset(live: LiveServer) -> None:
    data = pdf_bytes(700)  # fresh bytes: never a duplicate of a stored blob
    with live.client("operator") as c:
        url = create(c, len(data), sha256(data)).headers["location"]
        assert patch(c, url, 0, data[:4]).status_code == 204
        r = patch(c, url, 2, data[2:])
        assert r.status_code == 409
        assert r.headers["upload-offset"] == "4"
        # Its body was read while the lease was taken (uploads._Prefetch): none of it is kept.
        assert _part(live, url).stat().st_size == 4
        assert patch(c, url, 4, data[4:]).status_code == 204


def test_protocol_mistakes_get_the_tus_statuses(live: LiveServer) -> None:
    data = pdf_bytes(700)  # fresh bytes: never a duplicate of a stored blob
    with live.client("operator") as c:
        url = create(c, len(data), sha256(data)).headers["location"]
        r = c.head(url, headers={"Tus-Resumable": "0.2.2"})
        assert r.status_code == 412 and r.headers["tus-version"] == "1.0.0"
        r = c.patch(url, content=data, headers={**TUS, "Upload-Offset": "0"})
        assert r.status_code == 415
        r = c.post("/uploads", headers={**TUS, "Upload-Length": "10", "Upload-Metadata": "x"})
        assert r.status_code == 400 and "sha256" in r.json()["detail_en"]
        r = c.post("/uploads", headers={**TUS, "Upload-Metadata": "x"})
        assert r.status_code == 400
        r = c.post(
            "/uploads", headers={**TUS, "Upload-Length": "10", "Upload-Metadata": "sha256 !!"}
        )
        assert r.status_code == 400


def test_pimpinan_and_verifikator_may_not_upload(live: LiveServer) -> None:
    for role in ("pimpinan", "verifikator"):
        with live.client(role) as c:
            r = create(c, 10, sha256(b"x"))
            assert r.status_code == 403, role
            assert r.json()["type"].endswith("/forbidden")
            assert c.post("/blobs/missing", json={"hashes": []}).status_code == 403
    with live.client("admin") as c:
        assert create(c, 10, sha256(b"y")).status_code == 201


def test_uploads_and_downloads_need_a_token(live: LiveServer) -> None:
    sha = sha256(b"x")
    for method, path in [
        ("POST", "/uploads"),
        ("HEAD", "/uploads/" + "a" * 32),
        ("PATCH", "/uploads/" + "a" * 32),
        ("DELETE", "/uploads/" + "a" * 32),
        ("POST", "/blobs/missing"),
        ("GET", f"/blobs/{sha}"),
        ("HEAD", f"/blobs/{sha}"),
    ]:
        r = httpx.request(method, live.api + path, headers=TUS)
        assert r.status_code == 401, (method, path)


def test_nobody_else_sees_or_touches_someone_elses_upload(live: LiveServer) -> None:
    data = pdf_bytes(1000)
    with live.client("operator") as mine:
        url = create(mine, len(data), sha256(data)).headers["location"]
        assert patch(mine, url, 0, data[:100]).status_code == 204
    for other in ("operator2", "admin"):
        with live.client(other) as c:
            assert c.head(url, headers=TUS).status_code == 404
            assert patch(c, url, 100, data[100:]).status_code == 404
            assert c.delete(url, headers=TUS).status_code == 404
    with live.client("operator") as mine:
        assert mine.head(url, headers=TUS).headers["upload-offset"] == "100"


def test_a_duplicate_of_a_blob_the_caller_holds_completes_at_once(
    live: LiveServer, tmp_path: Path
) -> None:
    data = pdf_bytes(2 * MIB)
    path = tmp_path / "bukti.pdf"
    path.write_bytes(data)
    uploader(live, "operator", path).upload()
    sha = sha256(data)
    with live.client("operator") as c:
        r = create(c, len(data), sha)
        assert r.status_code == 201
        assert r.headers["upload-offset"] == str(len(data))
        assert c.head(r.headers["location"], headers=TUS).headers["upload-offset"] == str(len(data))
    with live.client("operator2") as c:
        # Someone else's file: claiming its hash is not enough, the bytes must be sent
        # (tests/servertus/test_blob_holders.py).
        r = create(c, len(data), sha)
        assert r.status_code == 201 and "upload-offset" not in r.headers
        assert c.get(f"/blobs/{sha}").status_code == 404
    # tuspy (which PATCHes from 0 after creating) finishes too, sending nothing.
    up = uploader(live, "operator", path)
    up.upload()
    assert up.offset == len(data)


def test_completed_uploads_are_audited_and_indexed(live: LiveServer, tmp_path: Path) -> None:
    data = pdf_bytes(4096)
    path = tmp_path / "laporan.pdf"
    path.write_bytes(data)
    uploader(live, "operator", path).upload()
    db = Database(live.settings)
    try:
        with db.session_scope() as s:
            blob = s.get(Blob, sha256(data))
            assert blob is not None and blob.size == 4096 and blob.filename == "laporan.pdf"
            assert blob.media_type == "application/pdf"
            events = s.scalars(
                select(AuditEvent).where(
                    AuditEvent.action == "blob.upload", AuditEvent.target_id == sha256(data)
                )
            ).all()
            assert len(events) == 1 and events[0].actor == "operator"
    finally:
        db.dispose()


def test_a_bad_upload_header_never_becomes_a_server_error(live: LiveServer) -> None:
    with live.client("operator") as c:
        for length in ("-1", "1e3", "9" * 30, ""):
            r = c.post("/uploads", headers={**TUS, "Upload-Length": length, "Upload-Metadata": ""})
            assert r.status_code == 400, length
        url = create(c, 10, sha256(pdf_bytes(700))).headers["location"]
        r = c.patch(
            url,
            content=b"x",
            headers={
                **TUS,
                "Upload-Offset": "zero",
                "Content-Type": "application/offset+octet-stream",
            },
        )
        assert r.status_code == 400


def test_tuspy_reports_a_refused_creation(live: LiveServer, tmp_path: Path) -> None:
    path = tmp_path / "besar.pdf"
    with open(path, "wb") as fh:
        fh.truncate(live.settings.max_file_bytes + 1)  # sparse: nothing is read or sent
    with pytest.raises(TusCommunicationError) as refused:
        uploader(live, "operator", path, declared_sha="0" * 64).upload()
    assert refused.value.status_code == 413


def _headers(live: LiveServer, offset: int, checksum: str | None = None) -> dict[str, str]:
    headers = {
        **TUS,
        "Authorization": f"Bearer {live.token('operator')}",
        "Upload-Offset": str(offset),
        "Content-Type": "application/offset+octet-stream",
    }
    if checksum:
        headers["Upload-Checksum"] = checksum
    return headers


class _Cut(Exception):
    pass


@pytest.mark.parametrize("with_checksum", [False, True], ids=["plain", "checksummed"])
def test_a_chunk_cut_off_mid_way_keeps_its_bytes_unless_it_promised_a_checksum(
    live: LiveServer, with_checksum: bool
) -> None:
    data = pdf_bytes(MIB)
    with live.client("operator") as c:
        url = create(c, len(data), sha256(data)).headers["location"]

    sent = uploads.SPOOL_BATCH  # the server writes what it received in batches of this

    def body() -> Iterator[bytes]:
        yield data[:sent]
        # The server has taken in what was sent (its partial file holds it: judged by the
        # bytes, not by a pause that a loaded machine may outlast) ...
        part = _part(live, url)
        while not part.exists() or part.stat().st_size < sent:
            time.sleep(0.01)
        raise _Cut  # ... then the connection breaks

    checksum = chunk_checksum(data) if with_checksum else None
    with pytest.raises((_Cut, httpx.TransportError)):
        httpx.patch(url, content=body(), headers=_headers(live, 0, checksum))
    with live.client("operator") as c:
        deadline = time.monotonic() + 60  # a hang guard
        expected = "0" if with_checksum else str(sent)
        while c.head(url, headers=TUS).headers["upload-offset"] != expected:
            assert time.monotonic() < deadline, "the server never settled the cut chunk"
            time.sleep(0.05)
        offset = int(expected)
        assert patch(c, url, offset, data[offset:]).status_code == 204
        assert c.get(f"/blobs/{sha256(data)}").content == data


def test_a_body_that_goes_silent_is_ended_so_the_client_can_resume_at_once(
    tmp_path: Path,
) -> None:
    """A line that dies without a reset (mobile IP change, NAT state lost): the server stops
    waiting after ``upload_idle_seconds``, keeps what arrived and releases the upload's lock,
    so the client's next PATCH goes on from there instead of waiting for the OS to notice."""
    import socket
    from urllib.parse import urlsplit

    live = start_server(Settings(data_dir=tmp_path, upload_idle_seconds=1.0, **LIMITS))
    silent = None
    try:
        data = pdf_bytes(MIB)
        with live.client("operator") as c:
            url = create(c, len(data), sha256(data)).headers["location"]
        parts = urlsplit(url)
        silent = socket.create_connection((parts.hostname, parts.port), timeout=10)
        head = [f"PATCH {parts.path} HTTP/1.1", f"Host: {parts.netloc}",
                f"Content-Length: {len(data)}"]  # fmt: skip
        head += [f"{k}: {v}" for k, v in _headers(live, 0).items()]
        silent.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + data[: 300 * 1024])
        # ... and then nothing more: the socket stays open, no FIN, no reset.
        with live.client("operator") as c:
            deadline = time.monotonic() + 60  # a hang guard
            while c.head(url, headers=TUS).headers["upload-offset"] != str(300 * 1024):
                assert time.monotonic() < deadline, "the server kept waiting for the silent body"
                time.sleep(0.1)
            assert patch(c, url, 300 * 1024, data[300 * 1024 :]).status_code == 204
            assert c.get(f"/blobs/{sha256(data)}").content == data
    finally:
        if silent is not None:
            silent.close()
        stop_server(live)


def test_two_writers_on_one_upload_take_turns(live: LiveServer) -> None:
    data = pdf_bytes(2 * MIB)
    with live.client("operator") as c:
        url = create(c, len(data), sha256(data)).headers["location"]
    first_started = threading.Event()

    def slow_body() -> Iterator[bytes]:
        yield data[: MIB // 2]
        first_started.set()
        time.sleep(0.5)
        yield data[MIB // 2 : MIB]

    results: dict[str, httpx.Response] = {}

    def first() -> None:
        results["first"] = httpx.patch(url, content=slow_body(), headers=_headers(live, 0))

    thread = threading.Thread(target=first)
    thread.start()
    assert first_started.wait(10)
    while not _part(live, url).stat().st_size:  # the first holds the lock and is writing
        time.sleep(0.01)
    # Same offset while the first is writing: it waits for the lock, then finds the offset moved.
    second = httpx.patch(url, content=data[:MIB], headers=_headers(live, 0), timeout=30)
    thread.join(30)
    assert results["first"].status_code == 204
    assert second.status_code == 409
    assert second.headers["upload-offset"] == str(MIB)
    with live.client("operator") as c:
        assert patch(c, url, MIB, data[MIB:]).status_code == 204
        assert c.get(f"/blobs/{sha256(data)}").content == data


def test_the_server_sweeps_expired_uploads_when_it_starts(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    live = start_server(settings)
    try:
        with live.client("operator") as c:
            url = create(c, 10, sha256(pdf_bytes(700))).headers["location"]
            assert patch(c, url, 0, b"01234").status_code == 204
    finally:
        stop_server(live)
    db = Database(settings)
    try:
        with db.session_scope() as s:
            s.execute(update(Upload).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    finally:
        db.dispose()
    part = _part(live, url)
    assert part.exists()
    live = start_server(settings)
    try:
        deadline = time.monotonic() + 60  # a hang guard
        while part.exists():
            assert time.monotonic() < deadline, "no sweep at startup"
            time.sleep(0.05)
        with live.client("operator") as c:
            assert c.head(f"{live.api}/uploads/{url[-32:]}", headers=TUS).status_code == 404
    finally:
        stop_server(live)


def test_the_sweep_spares_an_upload_a_patch_revived_after_the_sweep_looked(
    live: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = pdf_bytes(700)  # fresh bytes: never a duplicate of a stored blob
    with live.client("operator") as c:
        url = create(c, len(data), sha256(data)).headers["location"]
        assert patch(c, url, 0, data[:5]).status_code == 204
    upload_id = url[-32:]
    db = Database(live.settings)
    try:
        with db.session_scope() as s:
            s.execute(
                update(Upload)
                .where(Upload.id == upload_id)
                .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
        real_query = uploads._expired_uploads

        def query_then_a_patch(*args: Any) -> list[tuple[str, str | None]]:
            # A PATCH finishes between the sweep's query and its delete, extending the expiry.
            found = real_query(*args)
            with db.session_scope() as s:
                s.execute(
                    update(Upload)
                    .where(Upload.id == upload_id)
                    .values(expires_at=datetime.now(UTC) + timedelta(hours=1))
                )
            return found

        monkeypatch.setattr(uploads, "_expired_uploads", query_then_a_patch)
        assert live.settings.uploads_dir is not None
        cleanup_expired(db, live.settings.uploads_dir)
    finally:
        db.dispose()
    assert _part(live, url).stat().st_size == 5
    with live.client("operator") as c:
        assert patch(c, url, 5, data[5:]).status_code == 204
        assert c.get(f"/blobs/{sha256(data)}").content == data


def test_the_whole_file_hash_runs_as_bytes_arrive_and_still_refuses_a_wrong_file(
    live: LiveServer,
) -> None:
    data = pdf_bytes(3 * MIB + 5)
    running = _running(live)
    with live.client("operator") as c:
        url = create(c, len(data), sha256(data)).headers["location"]
        upload_id = url.rsplit("/", 1)[1]
        assert patch(c, url, 0, data[:MIB]).status_code == 204
        assert running[upload_id].offset == MIB  # the file's hash so far, kept by this process
        assert patch(c, url, MIB, data[MIB : 2 * MIB]).status_code == 204
        assert running[upload_id].offset == 2 * MIB
        assert patch(c, url, 2 * MIB, data[2 * MIB :]).status_code == 204
        assert upload_id not in running
        assert c.get(f"/blobs/{sha256(data)}").content == data
        # A file whose bytes differ from its declared SHA-256 is refused all the same.
        other = pdf_bytes(2 * MIB)
        url = create(c, len(other), sha256(data + b"x")).headers["location"]
        assert patch(c, url, 0, other[:MIB]).status_code == 204
        refused = patch(c, url, MIB, other[MIB:])
        assert refused.status_code == 422
        assert refused.json()["type"].endswith("blob-hash-mismatch")


def test_a_hash_this_process_cannot_vouch_for_is_made_from_the_file(live: LiveServer) -> None:
    # Another worker wrote a chunk (this process has no running hash), or the partial file is
    # not the one that was hashed: the whole file is read back and hashed before it counts.
    data = pdf_bytes(2 * MIB)
    running = _running(live)
    with live.client("operator") as c:
        url = create(c, len(data), sha256(data)).headers["location"]
        upload_id = url.rsplit("/", 1)[1]
        assert patch(c, url, 0, data[:MIB]).status_code == 204
        running.pop(upload_id)  # as if another worker had taken the first chunk
        assert patch(c, url, MIB, data[MIB:]).status_code == 204
        assert c.get(f"/blobs/{sha256(data)}").content == data
        # A running hash whose file was replaced underneath (another inode) is not used.
        fake = pdf_bytes(2 * MIB)
        url = create(c, len(fake), sha256(fake)).headers["location"]
        upload_id = url.rsplit("/", 1)[1]
        assert patch(c, url, 0, fake[:MIB]).status_code == 204
        part = _part(live, url)
        swapped = part.with_suffix(".swap")
        swapped.write_bytes(fake[:100] + os.urandom(MIB - 100))  # same size, new inode
        swapped.replace(part)
        refused = patch(c, url, MIB, fake[MIB:])
        assert refused.status_code == 422  # hashed from the file on disk: the swap is caught


def _running(live: LiveServer) -> dict[str, Any]:
    """The running whole-file hashes of the live server's folder partial store."""
    running: dict[str, Any] = live.server.config.app.state.partials.folder.running
    return running


def test_a_flowing_body_is_taken_for_silent_after_a_limit_from_its_own_rate() -> None:
    """A body's silence is judged by the time ``BODY_STALL_BYTES`` take at its own rate from
    its first byte on, within the floor and ``upload_idle_seconds``; before it, by the time a
    body may take to start (pure arithmetic, no clock)."""
    from sync.server import uploads as server_uploads

    limit = server_uploads.body_stall_limit
    # nothing came yet (a PATCH whose headers crossed just before the cut)
    assert limit(0, 5.0, 6.0) == server_uploads.BODY_FIRST_BYTE_SECONDS < 6.0
    assert limit(0, 5.0, 2.0) == 2.0
    # A fresh PATCH cut in its first second (it began just before a cut) is released at the
    # floor, not after the whole idle setting: the client's next request waits for it.
    assert limit(27_500, 0.2, 6.0) == server_uploads.BODY_STALL_MIN
    assert limit(1_000, 0.5, 6.0) == 6.0  # 2 kB/s so far: 32 KiB would take longer than that
    assert limit(125_000 * 5, 5.0, 6.0) == server_uploads.BODY_STALL_MIN  # 1 Mbit/s: floor
    slow = limit(2_000 * 5, 5.0, 60.0)  # 16 kbit/s: 32 KiB take ~16 s
    assert slow == server_uploads.BODY_STALL_BYTES / 2_000
    assert limit(2_000 * 5, 5.0, 6.0) == 6.0  # never beyond the setting


def _new_operator(live: LiveServer, username: str) -> str:
    """An operator account of the demo operator's OPD (password ``awal-1234``); its id."""
    with live.client("admin") as admin:
        created = admin.post(
            "/users",
            json={"username": username, "password": "awal-1234", "role": "operator",
                  "opd_id": live.user("operator")["opd_id"]},
        )  # fmt: skip
        assert created.status_code == 201, created.text
        return str(created.json()["id"])


def test_a_patch_is_refused_from_the_moment_its_session_ends(live: LiveServer) -> None:
    """A chunk's PATCH is authenticated by the statement that takes the upload's lease, every
    chunk, never from a cache: signing out, a session past its end, a deactivated account and
    a revoked session refuse the very next chunk (401) and the refused chunk changes nothing.
    A new session of the same account continues the upload, and the blob is the account's."""
    uid = _new_operator(live, "pengunggah")
    data = pdf_bytes(5000)
    db = Database(live.settings)

    def session() -> tuple[httpx.Client, str]:
        token = live.login("pengunggah", "awal-1234")
        return httpx.Client(base_url=live.api, headers={"Authorization": f"Bearer {token}"}), token

    def refused(c: httpx.Client, url: str, offset: int) -> None:
        r = patch(c, url, offset, data[offset : offset + 1000])
        assert r.status_code == 401, r.text
        assert r.json()["type"].endswith("/unauthenticated")
        with db.session_scope() as s:
            row = s.get(Upload, url.rsplit("/", 1)[1])
            assert row is not None and row.upload_offset == offset and row.lease_token is None
        assert _part(live, url).stat().st_size == offset

    try:
        c, _ = session()
        url = create(c, len(data), sha256(data)).headers["location"]
        assert patch(c, url, 0, data[:1000]).status_code == 204
        assert c.post("/auth/logout").status_code == 204
        refused(c, url, 1000)

        c, token = session()
        assert patch(c, url, 1000, data[1000:2000]).status_code == 204
        with db.session_scope() as s:
            s.execute(
                update(Token)
                .where(Token.token_hash == token_hash(token))
                .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
        refused(c, url, 2000)

        c, _ = session()
        assert patch(c, url, 2000, data[2000:3000]).status_code == 204
        with db.session_scope() as s:  # the account alone, its sessions left as they are
            s.execute(update(User).where(User.id == uid).values(active=False))
        refused(c, url, 3000)
        with db.session_scope() as s:
            s.execute(update(User).where(User.id == uid).values(active=True))

        with live.client("admin") as admin:  # deactivation through the API ends the sessions
            assert admin.patch(f"/users/{uid}", json={"active": False}).status_code == 200
            refused(c, url, 3000)
            assert admin.patch(f"/users/{uid}", json={"active": True}).status_code == 200
        refused(c, url, 3000)  # a revoked session stays revoked

        c, _ = session()
        assert patch(c, url, 3000, data[3000:4000]).status_code == 204
        r = patch(c, url, 4000, data[4000:])
        assert r.status_code == 204 and r.headers["upload-offset"] == str(len(data))
        with db.session_scope() as s:
            events = s.scalars(
                select(AuditEvent).where(
                    AuditEvent.action == "blob.upload", AuditEvent.target_id == sha256(data)
                )
            ).all()
            assert [e.actor for e in events] == ["pengunggah"]
    finally:
        db.dispose()


def test_an_account_moved_to_a_read_only_role_is_refused_at_its_next_chunk(
    live: LiveServer,
) -> None:
    """Only operators and admins upload; the role is checked every chunk, in the statement
    that authenticates the chunk and takes the lease: an operator made pimpinan or
    verifikator while an upload of theirs is on its way gets 403 at the very next chunk, and
    that chunk changes nothing. Made operator again, the same session finishes the upload."""
    uid = _new_operator(live, "penurun")
    data = pdf_bytes(5000)
    db = Database(live.settings)
    token = live.login("penurun", "awal-1234")
    try:
        with (
            httpx.Client(base_url=live.api, headers={"Authorization": f"Bearer {token}"}) as c,
            live.client("admin") as admin,
        ):
            url = create(c, len(data), sha256(data)).headers["location"]
            assert patch(c, url, 0, data[:1000]).status_code == 204
            for role in ("pimpinan", "verifikator"):
                moved = admin.patch(f"/users/{uid}", json={"role": role})
                assert moved.status_code == 200, moved.text
                r = patch(c, url, 1000, data[1000:2000])
                assert r.status_code == 403, (role, r.text)
                assert r.json()["type"].endswith("/forbidden")
                with db.session_scope() as s:
                    row = s.get(Upload, url.rsplit("/", 1)[1])
                    assert row is not None and row.upload_offset == 1000
                    assert row.lease_token is None
                assert _part(live, url).stat().st_size == 1000
            assert admin.patch(f"/users/{uid}", json={"role": "operator"}).status_code == 200
            assert patch(c, url, 1000, data[1000:2000]).status_code == 204
            r = patch(c, url, 2000, data[2000:])
            assert r.status_code == 204 and r.headers["upload-offset"] == str(len(data))
            assert c.get(f"/blobs/{sha256(data)}").content == data
    finally:
        db.dispose()


def test_a_patch_to_a_malformed_upload_address_is_a_validation_problem(live: LiveServer) -> None:
    """The PATCH route is served without FastAPI's parameter validation (``_served_route``):
    it checks the upload id itself and answers as the documented 422."""
    with live.client("operator") as c:
        for upload_id in ("A" * 32, "a" * 31, "a" * 33, "a" * 31 + "-"):
            r = patch(c, f"/uploads/{upload_id}", 0, b"x")
            assert r.status_code == 422, (upload_id, r.text)
            assert r.headers["content-type"].startswith("application/problem+json")
            assert r.json()["errors"][0]["loc"] == ["path", "upload_id"]


def test_a_chunk_taken_by_the_shortcut_is_answered_as_by_the_app(live: LiveServer) -> None:
    """PATCH of a well-formed upload address skips the app's routing (uploads.PatchShortcut)
    but not its middleware: the security headers, the body size limit and problem+json."""
    data = pdf_bytes(3000)
    with live.client("operator") as c:
        url = create(c, len(data), sha256(data)).headers["location"]
        r = patch(c, url, 0, data[:1000])
        assert r.status_code == 204
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["cache-control"] == "no-store"
        r = patch(c, url, 5, data[5:10])
        assert r.status_code == 409 and r.headers["upload-offset"] == "1000"
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.json()["instance"] == urlsplit(url).path
    # A declared body over the upload limit is refused before a byte of it is read.
    target = urlsplit(url)
    head = {**_headers(live, 1000), "Content-Length": str(live.settings.max_upload_bytes + 1)}
    request = f"PATCH {target.path} HTTP/1.1\r\nHost: {target.netloc}\r\n" + "".join(
        f"{name}: {value}\r\n" for name, value in head.items()
    )
    with socket.create_connection((target.hostname, target.port), timeout=30) as sock:
        sock.sendall((request + "\r\n").encode())
        answer = sock.makefile("rb").readline()
    assert answer.split()[1] == b"413"
    assert _part(live, url).stat().st_size == 1000
