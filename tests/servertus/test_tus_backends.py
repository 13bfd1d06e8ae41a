"""The same upload round trip on every backend pair: SQLite or PostgreSQL 15, blobs in a folder or
in S3 (moto's server on loopback); plus the blob stores on their own."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import httpx
import pytest
from tusclient.exceptions import TusUploadFailed

from sync.server.blobstore import (
    BlobStoreError,
    FolderBlobStore,
    S3BlobStore,
    check_sha256,
    create_blob_store,
)
from sync.server.config import Settings
from tests.files import pdf_bytes
from tests.server.live import start_server, stop_server
from tests.servertus.conftest import (
    BUCKET,
    MIB,
    TUS,
    chunk_checksum,
    create,
    patch,
    s3_settings,
    s3_store,
    sha256,
    uploader,
)

BACKENDS = [
    pytest.param("sqlite", "fs", id="sqlite-folder"),
    pytest.param("sqlite", "s3", id="sqlite-s3", marks=pytest.mark.s3),
    pytest.param("postgres", "fs", id="postgres-folder", marks=pytest.mark.postgres),
    pytest.param("postgres", "s3", id="postgres-s3", marks=[pytest.mark.postgres, pytest.mark.s3]),
]


@pytest.mark.slow
@pytest.mark.parametrize(("database", "blobs"), BACKENDS)
def test_upload_round_trip_with_a_restart(
    database: str, blobs: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = ""
    if database == "postgres":
        url = request.getfixturevalue("pg_cluster").create_database()
    extra: dict[str, object] = {"max_file_bytes": 16 * MIB}
    if blobs == "s3":
        extra.update(s3_settings(request.getfixturevalue("s3_endpoint")))
    settings = Settings(data_dir=tmp_path / "srv", database_url=url, **extra)
    data = pdf_bytes(9 * MIB + 3)  # over boto3's 8 MiB multipart threshold
    sha = sha256(data)
    path = tmp_path / "bukti.pdf"
    path.write_bytes(data)

    live = start_server(settings)
    try:
        up = uploader(live, "operator", path, chunk_size=2 * MIB)
        up.upload(stop_at=4 * MIB)
        upload_id = up.url.rsplit("/", 1)[1]
        # A damaged chunk is refused on this backend too.
        with live.client("operator") as c:
            bad = patch(c, up.url, 4 * MIB, b"x" * 10, checksum=chunk_checksum(b"y" * 10))
            assert bad.status_code == 460
    finally:
        stop_server(live)

    live = start_server(settings)  # same database, folders and bucket; a new process state
    try:
        resumed = uploader(live, "operator", path, url=f"{live.api}/uploads/{upload_id}")
        assert resumed.offset == 4 * MIB
        resumed.upload()
        with live.client("operator") as c:
            r = c.get(f"/blobs/{sha}")
            assert r.status_code == 200 and r.content == data
            r = c.get(f"/blobs/{sha}", headers={"Range": "bytes=-100"})
            assert r.status_code == 206 and r.content == data[-100:]
            r = c.get(f"/blobs/{sha}", headers={"Range": f"bytes={len(data)}-"})
            assert r.status_code == 416
            assert c.post("/blobs/missing", json={"hashes": [sha]}).json() == {"missing": []}
            again = create(c, len(data), sha)
            assert again.headers["upload-offset"] == str(len(data))
        # Metadata PostgreSQL could not store is refused up front, not a 500.
        with live.client("operator") as c:
            nul = base64.b64encode(b"a\x00b.pdf").decode()
            meta = f"sha256 {base64.b64encode(sha.encode()).decode()},filename {nul}"
            r = c.post("/uploads", headers={**TUS, "Upload-Length": "3", "Upload-Metadata": meta})
            assert r.status_code == 400
        # A file whose bytes do not match its declared hash never reaches the store.
        liar = tmp_path / "palsu.pdf"
        liar.write_bytes(os.urandom(1000))
        with pytest.raises(TusUploadFailed):
            uploader(live, "operator", liar, declared_sha=sha256(b"lain")).upload()
        store = create_blob_store(settings)
        assert store.exists(sha) and store.size(sha) == len(data)
        assert not store.exists(sha256(b"lain"))
        assert not store.exists(sha256(liar.read_bytes()))
        if blobs == "s3":
            assert not (settings.data_dir / "blobs").exists() or not any(
                (settings.data_dir / "blobs").rglob("*" + sha)
            )
    finally:
        stop_server(live)


def test_folder_store_puts_reads_ranges_and_deletes(tmp_path: Path) -> None:
    store = FolderBlobStore(tmp_path / "blobs")
    data = os.urandom(700_000)
    sha = sha256(data)
    src = tmp_path / "incoming"
    src.write_bytes(data)
    store.put_file(sha, src)
    store.put_file(sha, src)  # a second put of the same blob is harmless
    assert store.exists(sha) and store.size(sha) == len(data)
    assert store.path(sha).parent.parent.name == sha[:2]
    assert b"".join(store.open_range(sha, 0, len(data) - 1)) == data
    assert b"".join(store.open_range(sha, 300_000, 300_009)) == data[300_000:300_010]
    assert not list(store.path(sha).parent.glob(".*.tmp"))
    store.delete(sha)
    store.delete(sha)
    assert not store.exists(sha)
    with pytest.raises(BlobStoreError):
        store.size(sha)


@pytest.mark.parametrize("bad", ["../../etc/passwd", "A" * 64, "a" * 63, "", "a" * 64 + "/"])
def test_blob_names_must_be_lowercase_sha256(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError):
        check_sha256(bad)
    with pytest.raises(ValueError):
        FolderBlobStore(tmp_path).path(bad)


@pytest.mark.s3
def test_s3_store_puts_reads_ranges_and_deletes(s3_endpoint: str, tmp_path: Path) -> None:
    store = s3_store(s3_endpoint)
    data = os.urandom(300_000)
    sha = sha256(data)
    src = tmp_path / "incoming"
    src.write_bytes(data)
    assert not store.exists(sha)
    store.put_file(sha, src)
    assert store.exists(sha) and store.size(sha) == len(data)
    assert b"".join(store.open_range(sha, 10, 19)) == data[10:20]
    assert b"".join(store.open_range(sha, 0, len(data) - 1)) == data
    keys = [o["Key"] for o in store.client.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert f"blobs/{sha[:2]}/{sha}" in keys
    store.delete(sha)
    assert not store.exists(sha)
    with pytest.raises(BlobStoreError):
        store.size(sha)


def test_create_blob_store_follows_the_settings(tmp_path: Path) -> None:
    assert isinstance(create_blob_store(Settings(data_dir=tmp_path)), FolderBlobStore)
    s3 = create_blob_store(Settings(data_dir=tmp_path, **s3_settings("http://127.0.0.1:1")))
    assert isinstance(s3, S3BlobStore) and s3.bucket == BUCKET


def test_tus_requests_name_the_protocol_version(tmp_path: Path) -> None:
    live = start_server(Settings(data_dir=tmp_path))
    try:
        with live.client("operator") as c:
            r = create(c, 5, sha256(b"12345"))
            assert r.headers["tus-resumable"] == TUS["Tus-Resumable"]
            assert httpx.head(r.headers["location"]).status_code == 401
    finally:
        stop_server(live)
