"""The upload client follows an upload address only on its own server: a server (or anyone in
between) that answers with a ``Location`` on another host gets neither the file nor the token."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sync.client.http import Timeouts, new_session
from sync.client.uploads import Uploader, same_server
from sync.local.vault import UploadState, Vault


class _Recorder(ThreadingHTTPServer):
    def __init__(self, location: str = "") -> None:
        self.location = location
        self.seen: list[tuple[str, str, str | None]] = []
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: _Recorder

    def _answer(self) -> None:
        self.server.seen.append((self.command, self.path, self.headers.get("Authorization")))
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.command == "POST" and self.server.location:
            self.send_response(201)
            self.send_header("Tus-Resumable", "1.0.0")
            self.send_header("Location", self.server.location)
        else:
            offset = int(self.headers.get("Upload-Offset") or 0) + length
            self.send_response(204 if self.command == "PATCH" else 200)
            self.send_header("Tus-Resumable", "1.0.0")
            self.send_header("Upload-Offset", str(offset))
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PATCH = do_HEAD = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def servers() -> Iterator[tuple[_Recorder, _Recorder]]:
    evil = _Recorder()
    server = _Recorder(location=evil.url + "/steal")
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in (server, evil)]
    for t in threads:
        t.start()
    yield server, evil
    for s in (server, evil):
        s.shutdown()
        s.server_close()


def test_a_location_on_another_host_is_not_followed(
    servers: tuple[_Recorder, _Recorder], tmp_path: Path
) -> None:
    server, evil = servers
    source = tmp_path / "bukti.pdf"
    source.write_bytes(b"%PDF-1.4\n" + b"x" * 5000 + b"\n%%EOF\n")
    with Vault(tmp_path / "vault.sqlite") as vault:
        sha = vault.import_file(source).sha256
        up = Uploader(
            vault,
            uploads_url=server.url + "/api/v1/uploads",
            session=new_session(),
            token=lambda: "idk_rahasia",
            timeouts=Timeouts(connect=2.0, read=4.0),
        )
        outcome = up.upload(sha, "bukti.pdf", "application/pdf")
        assert outcome.status == "permanent"
        assert "server lain" in outcome.message and "another server" in outcome.message
        assert evil.seen == []  # not one request, so not the token either
        assert vault.upload_status(sha).state is not UploadState.UPLOADED


def test_a_stored_address_on_another_host_is_dropped(
    servers: tuple[_Recorder, _Recorder], tmp_path: Path
) -> None:
    server, evil = servers
    server.location = "/api/v1/uploads/abc"  # relative: on the server itself
    source = tmp_path / "bukti.pdf"
    source.write_bytes(b"%PDF-1.4\n" + b"y" * 5000 + b"\n%%EOF\n")
    with Vault(tmp_path / "vault.sqlite") as vault:
        sha = vault.import_file(source).sha256
        vault.set_upload_state(
            sha, UploadState.UPLOADING, upload_url=evil.url + "/old", server_offset=10
        )
        up = Uploader(
            vault,
            uploads_url=server.url + "/api/v1/uploads",
            session=new_session(),
            token=lambda: "idk_rahasia",
            timeouts=Timeouts(connect=2.0, read=4.0),
        )
        up.upload(sha, "bukti.pdf", "application/pdf")
        assert evil.seen == []
        assert server.seen[0][0] == "POST"  # a new upload on our own server instead


def test_same_server_compares_scheme_host_and_port() -> None:
    base = "https://inovasi.kab.go.id/api/v1/uploads"
    assert same_server("https://inovasi.kab.go.id/api/v1/uploads/1", base)
    assert same_server("https://INOVASI.kab.go.id:443/x", "https://inovasi.kab.go.id/x") is False
    assert not same_server("http://inovasi.kab.go.id/api/v1/uploads/1", base)
    assert not same_server("https://inovasi.kab.go.id.evil.example/x", base)
    assert not same_server("https://inovasi.kab.go.id:8443/x", base)
