"""Fixtures of the tus upload tests: a live server with upload limits, the reference tus client
(tuspy) and raw tus requests over httpx, a PostgreSQL cluster and moto's S3 server."""

from __future__ import annotations

import base64
import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tusclient.client import TusClient
from tusclient.uploader import Uploader

from sync.server.blobstore import S3BlobStore
from sync.server.config import Settings
from tests import pg
from tests.server.live import REPO, LiveServer, start_server, stop_server

MIB = 1024 * 1024
TUS = {"Tus-Resumable": "1.0.0"}
# Small enough that tests can declare "too large" files without sending them.
LIMITS: dict[str, Any] = {"max_file_bytes": 8 * MIB, "max_upload_bytes": 48 * MIB}


class Sha256Uploader(Uploader):  # type: ignore[misc]
    """tuspy's uploader with the sha256 chunk checksum (tuspy's default is sha1)."""

    CHECKSUM_ALGORITHM_PAIR = ("sha256", hashlib.sha256)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def metadata(sha: str, filename: str = "bukti.pdf", filetype: str = "application/pdf") -> str:
    """An ``Upload-Metadata`` header value."""
    pairs = {"sha256": sha, "filename": filename, "filetype": filetype}
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in pairs.items())


def tus_client(live: LiveServer, username: str) -> TusClient:
    return TusClient(
        live.api + "/uploads", headers={"Authorization": f"Bearer {live.token(username)}"}
    )


def uploader(
    live: LiveServer,
    username: str,
    path: Path,
    *,
    chunk_size: int = MIB,
    declared_sha: str | None = None,
    filetype: str = "application/pdf",
    url: str | None = None,
    checksum: bool = True,
) -> Sha256Uploader:
    """A tuspy uploader for ``path`` declaring its sha256 (or ``declared_sha``)."""
    sha = declared_sha or sha256(path.read_bytes())
    return Sha256Uploader(
        file_path=str(path),
        client=tus_client(live, username),
        url=url,
        chunk_size=chunk_size,
        metadata={"sha256": sha, "filename": path.name, "filetype": filetype},
        upload_checksum=checksum,
    )


def create(
    c: httpx.Client, length: int, sha: str, filetype: str = "application/pdf"
) -> httpx.Response:
    """A raw tus creation request; its ``Location`` is resolved against the request's URL
    (the server answers a relative one unless it has a ``public_url``), as tus clients do."""
    r = c.post(
        "/uploads",
        headers={
            **TUS,
            "Upload-Length": str(length),
            "Upload-Metadata": metadata(sha, "f", filetype),
        },
    )
    if "location" in r.headers:
        r.headers["location"] = str(r.url.join(r.headers["location"]))
    return r


def patch(
    c: httpx.Client, url: str, offset: int, body: bytes, checksum: str | None = None
) -> httpx.Response:
    headers = {
        **TUS,
        "Upload-Offset": str(offset),
        "Content-Type": "application/offset+octet-stream",
    }
    if checksum is not None:
        headers["Upload-Checksum"] = checksum
    return c.patch(url, content=body, headers=headers)


def chunk_checksum(data: bytes) -> str:
    return "sha256 " + base64.b64encode(hashlib.sha256(data).digest()).decode()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A seeded demo server (SQLite, blobs in a folder) shared by one module's tests."""
    folder = tmp_path_factory.mktemp("tus-server")
    server = start_server(Settings(data_dir=folder, **LIMITS))
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pg.PostgresCluster]:
    """One throwaway PostgreSQL 15 cluster for the run."""
    reason = pg.available()
    if reason:
        pytest.skip(reason)
    cluster = pg.PostgresCluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()


class ServerProcess:
    """``python -m sync.server demo`` as a child process that a test can kill outright
    (SIGKILL: no shutdown code runs, like a power cut) and start again on the same data."""

    def __init__(
        self, data_dir: Path, database_url: str = "", code: Path = REPO, **settings: Any
    ) -> None:
        self.data_dir = data_dir
        self.database_url = database_url
        self.code = code
        """The checkout whose server runs (another one: a benchmark's A/B)."""
        self.settings = settings
        self.proc: subprocess.Popen[bytes] | None = None
        self.api = ""

    def start(self) -> str:
        port = pg.free_port()
        cmd = [sys.executable, "-m", "sync.server", "demo", "--data", str(self.data_dir)]
        cmd += ["--port", str(port)]
        if self.database_url:
            cmd += ["--database-url", self.database_url]
        env = {k: v for k, v in os.environ.items() if not k.startswith("INOVASI_SERVER_")}
        env.update(PYTHONPATH=str(self.code), INOVASI_SERVER_LOG_LEVEL="warning")
        env.update({f"INOVASI_SERVER_{k.upper()}": str(v) for k, v in self.settings.items()})
        self.proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=self.code
        )
        self.api = f"http://127.0.0.1:{port}/api/v1"
        deadline = time.monotonic() + 120  # a hang guard
        while True:
            try:
                if httpx.get(self.api + "/health", timeout=5).status_code == 200:
                    return self.api
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("server process did not start")
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to finish anything."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


BUCKET = "bukti-uji"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server on a loopback port, with an empty bucket."""
    from moto.server import ThreadedMotoServer

    port = pg.free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        s3_store(endpoint).ensure_bucket()
        yield endpoint
    finally:
        server.stop()


def s3_store(endpoint: str) -> S3BlobStore:
    return S3BlobStore(BUCKET, endpoint_url=endpoint, access_key="uji", secret_key="rahasia")


def s3_settings(endpoint: str) -> dict[str, str]:
    return {
        "blob_store": "s3",
        "s3_endpoint_url": endpoint,
        "s3_bucket": BUCKET,
        "s3_access_key": "uji",
        "s3_secret_key": "rahasia",
    }
