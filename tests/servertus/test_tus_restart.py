"""The headline resume case: tuspy uploads 30 MB in 1 MB chunks, the client stops at 40 %, the
server is killed (SIGKILL) in the middle of the next chunk, started again on the same data, and
a new tuspy client resumes from the server's offset and finishes; the blob's hash is checked."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tusclient.client import TusClient

from tests.files import mp4_bytes, pdf_bytes
from tests.server.live import DEMO_PASSWORDS
from tests.servertus.conftest import MIB, TUS, ServerProcess, Sha256Uploader, sha256

SIZE = 30 * MIB


def _token(api: str) -> str:
    r = httpx.post(
        api + "/auth/login",
        json={"username": "operator", "password": DEMO_PASSWORDS["operator"], "device": "t"},
    )
    r.raise_for_status()
    return str(r.json()["access_token"])


def _uploader(api: str, token: str, path: Path, sha: str, url: str | None) -> Sha256Uploader:
    return Sha256Uploader(
        file_path=str(path),
        client=TusClient(api + "/uploads", headers={"Authorization": f"Bearer {token}"}),
        url=url,
        chunk_size=MIB,
        metadata={"sha256": sha, "filename": path.name, "filetype": "video/mp4"},
        upload_checksum=True,
    )


@pytest.mark.slow
def test_upload_resumes_from_the_servers_offset_after_the_server_is_killed(
    tmp_path: Path,
) -> None:
    data = mp4_bytes(SIZE)  # declared video/mp4 below: its bytes must be one
    sha = sha256(data)
    path = tmp_path / "video.mp4"
    path.write_bytes(data)
    server = ServerProcess(tmp_path / "server", max_upload_bytes=64 * MIB)
    try:
        api = server.start()
        token = _token(api)
        first = _uploader(api, token, path, sha, None)
        first.upload(stop_at=SIZE * 4 // 10)  # the client stops at 40 %
        assert first.offset == 12 * MIB
        upload_id = first.url.rsplit("/", 1)[1]

        # The next chunk is in flight when the server dies.
        sent_half = threading.Event()

        def body() -> Iterator[bytes]:
            yield data[12 * MIB : 12 * MIB + MIB // 2]
            sent_half.set()
            threading.Event().wait(5)  # the rest never comes
            yield data[12 * MIB + MIB // 2 : 13 * MIB]

        def send() -> None:
            headers = {
                **TUS,
                "Authorization": f"Bearer {token}",
                "Upload-Offset": str(12 * MIB),
                "Content-Type": "application/offset+octet-stream",
            }
            with contextlib.suppress(httpx.TransportError):  # the server dies mid-request
                httpx.patch(first.url, content=body(), headers=headers, timeout=30)

        sender = threading.Thread(target=send)
        sender.start()
        assert sent_half.wait(30)
        part = tmp_path / "server" / "uploads" / f"{upload_id}.part"
        while part.stat().st_size <= 12 * MIB:  # the server is writing the half chunk
            threading.Event().wait(0.01)
        server.kill()
        sender.join(30)

        api = server.start()  # same data folder, new process (and port)
        url = f"{api}/uploads/{upload_id}"
        head = httpx.head(url, headers={**TUS, "Authorization": f"Bearer {token}"})
        assert head.status_code == 200
        assert head.headers["upload-offset"] == str(12 * MIB)  # what was durably recorded
        assert head.headers["upload-length"] == str(SIZE)

        second = _uploader(api, token, path, sha, url)
        assert second.offset == 12 * MIB
        second.upload()
        assert second.offset == SIZE

        with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
            r = c.get(f"{api}/blobs/{sha}")
            assert r.status_code == 200
            assert sha256(r.content) == sha
            assert c.post(f"{api}/blobs/missing", json={"hashes": [sha]}).json() == {"missing": []}
        assert not part.exists()
    finally:
        server.stop()


@pytest.mark.slow
def test_uploads_across_two_worker_processes(tmp_path: Path) -> None:
    """tuspy opens a new connection per request, so chunks land on either worker: the offset
    in the database and the lock on the partial file must hold across processes."""
    server = ServerProcess(tmp_path / "server", workers=2, max_file_bytes=16 * MIB)
    try:
        api = server.start()
        token = _token(api)
        files = []
        for i in range(3):
            path = tmp_path / f"bukti{i}.mp4"
            path.write_bytes(pdf_bytes(4 * MIB + i))
            files.append(path)
        errors: list[BaseException] = []

        def upload(path: Path) -> None:
            try:
                up = _uploader(api, token, path, sha256(path.read_bytes()), None)
                up.chunk_size = 256 * 1024
                up.upload()
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=upload, args=(p,)) for p in files]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert errors == []
        with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
            for path in files:
                r = c.get(f"{api}/blobs/{sha256(path.read_bytes())}")
                assert r.status_code == 200 and r.content == path.read_bytes()
    finally:
        server.stop()
