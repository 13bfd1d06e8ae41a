"""Where verified evidence files live on the server: a folder (default) or an S3-compatible
bucket. Blobs are content addressed by their lowercase hex SHA-256 and never change once stored.

``create_blob_store(settings)`` picks the backend from ``settings.blob_store``. The uploads
module verifies a file's hash *before* calling ``put_file``, so the store never holds a blob
under a wrong name; ``put_file`` itself makes the blob appear atomically (rename on disk, a
single PUT or a completed multipart upload on S3).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from sync.private_files import private_dir, private_file
from sync.server.config import Settings

READ_CHUNK = 256 * 1024
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


class BlobStoreError(Exception):
    """The blob store could not do what was asked (missing blob, unreachable bucket)."""


def check_sha256(sha256: str) -> str:
    """``sha256`` if it is 64 lowercase hex digits, else ``ValueError`` (keeps paths and keys
    free of anything a caller could inject)."""
    if not SHA256_RE.match(sha256):
        raise ValueError(f"not a lowercase hex SHA-256: {sha256!r}")
    return sha256


class BlobStore(Protocol):
    """Content-addressed storage of verified evidence files."""

    def put_file(self, sha256: str, path: Path) -> None:
        """Store the file at ``path`` (already verified to hash to ``sha256``) under that
        hash. ``path`` may be moved away; an existing blob is left as it is."""
        ...

    def exists(self, sha256: str) -> bool:
        """True if the blob is stored."""
        ...

    def size(self, sha256: str) -> int:
        """The blob's size in bytes; ``BlobStoreError`` if it is missing."""
        ...

    def open_range(self, sha256: str, start: int, end: int) -> Iterator[bytes]:
        """Stream bytes ``start..end`` inclusive (as in an HTTP ``Range``), in chunks."""
        ...

    def delete(self, sha256: str) -> None:
        """Remove the blob if present."""
        ...


class FolderBlobStore:
    """Blobs as files ``<root>/<ab>/<cd>/<sha256>`` (two fan-out levels keep folders small)."""

    def __init__(self, root: Path) -> None:
        self.root = private_dir(root)

    def path(self, sha256: str) -> Path:
        check_sha256(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put_file(self, sha256: str, path: Path) -> None:
        target = self.path(sha256)
        if target.exists():
            return
        private_dir(target.parent.parent)
        private_dir(target.parent)
        tmp = target.parent / f".{sha256}.{uuid.uuid4().hex}.tmp"
        try:
            try:
                os.link(path, tmp)  # same file system: no copy, and the source stays valid
            except OSError:
                shutil.copyfile(path, tmp)
            private_file(tmp)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            # Why the order: data durable first, then the rename makes it visible, then the
            # directory entry is made durable. A crash leaves either no blob or a whole one.
            os.replace(tmp, target)
            _fsync_dir(target.parent)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def size(self, sha256: str) -> int:
        try:
            return self.path(sha256).stat().st_size
        except FileNotFoundError as exc:
            raise BlobStoreError(f"blob {sha256} is not stored") from exc

    def open_range(self, sha256: str, start: int, end: int) -> Iterator[bytes]:
        try:
            fh = open(self.path(sha256), "rb")  # noqa: SIM115 - closed by the generator
        except FileNotFoundError as exc:
            raise BlobStoreError(f"blob {sha256} is not stored") from exc
        return _read_span(fh, start, end)

    def delete(self, sha256: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(sha256).unlink()


def _read_span(fh: Any, start: int, end: int) -> Iterator[bytes]:
    with fh:
        fh.seek(start)
        left = end - start + 1
        while left > 0:
            data = fh.read(min(READ_CHUNK, left))
            if not data:
                return
            left -= len(data)
            yield data


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows cannot open folders
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class S3BlobStore:
    """Blobs as objects ``<prefix><ab>/<sha256>`` in an S3-compatible bucket (MinIO, Ceph, AWS).

    The bucket must exist; ``ensure_bucket()`` creates it for tests and first setups.
    Large files go up as multipart uploads (boto3's transfer manager), so memory stays flat.
    """

    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        region: str = "us-east-1",
        prefix: str = "blobs/",
    ) -> None:
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=endpoint_url or None,
            aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            region_name=region,
            config=Config(
                retries={"max_attempts": 5, "mode": "standard"},
                s3={"addressing_style": "path"},
            ),
        )

    def key(self, sha256: str) -> str:
        check_sha256(sha256)
        return f"{self.prefix}{sha256[:2]}/{sha256}"

    def ensure_bucket(self) -> None:
        """Create the bucket if it does not exist yet."""
        from botocore.exceptions import ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError:
            self.client.create_bucket(Bucket=self.bucket)

    def put_file(self, sha256: str, path: Path) -> None:
        if self.exists(sha256):
            return
        # upload_file switches to multipart above 8 MiB; an object only becomes visible when
        # the whole upload completes, so a reader never sees half a blob.
        self.client.upload_file(
            str(path),
            self.bucket,
            self.key(sha256),
            ExtraArgs={"ContentType": "application/octet-stream"},
        )

    def _head(self, sha256: str) -> dict[str, Any] | None:
        from botocore.exceptions import ClientError

        try:
            head: dict[str, Any] = self.client.head_object(Bucket=self.bucket, Key=self.key(sha256))
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            if code in ("404", "NoSuchKey", "NotFound"):
                return None
            raise BlobStoreError(f"S3 HEAD {self.key(sha256)} failed: {code}") from exc
        return head

    def exists(self, sha256: str) -> bool:
        return self._head(sha256) is not None

    def size(self, sha256: str) -> int:
        head = self._head(sha256)
        if head is None:
            raise BlobStoreError(f"blob {sha256} is not stored")
        return int(head["ContentLength"])

    def open_range(self, sha256: str, start: int, end: int) -> Iterator[bytes]:
        from botocore.exceptions import ClientError

        try:
            obj = self.client.get_object(
                Bucket=self.bucket, Key=self.key(sha256), Range=f"bytes={start}-{end}"
            )
        except ClientError as exc:
            raise BlobStoreError(f"blob {sha256} could not be read from S3") from exc
        return _stream_body(obj["Body"])

    def delete(self, sha256: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.key(sha256))


def _stream_body(body: Any) -> Iterator[bytes]:
    try:
        yield from body.iter_chunks(READ_CHUNK)
    finally:
        body.close()


def create_blob_store(settings: Settings) -> FolderBlobStore | S3BlobStore:
    """The blob store the settings name: ``fs`` (``blob_dir``) or ``s3`` (``s3_*``)."""
    if settings.blob_store == "s3":
        return S3BlobStore(
            settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url,
            access_key=settings.s3_access_key,
            secret_key=settings.s3_secret_key,
            region=settings.s3_region,
        )
    assert settings.blob_dir is not None  # filled by Settings
    return FolderBlobStore(settings.blob_dir)
