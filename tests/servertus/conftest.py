"""Fixtures of the tus upload tests: a live server with upload limits, the reference tus client
(tuspy) and raw tus requests over httpx, a PostgreSQL cluster and moto's S3 server."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tusclient.client import TusClient
from tusclient.uploader import Uploader

from sync.server.config import Settings
from tests import pg
from tests.server.live import LiveServer, start_server, stop_server

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
    """A raw tus creation request."""
    return c.post(
        "/uploads",
        headers={
            **TUS,
            "Upload-Length": str(length),
            "Upload-Metadata": metadata(sha, "f", filetype),
        },
    )


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
