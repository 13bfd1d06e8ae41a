"""Several machines (issue 16): two server processes with separate local disks behind a
round-robin balancer, sharing one PostgreSQL and one S3 bucket (moto's server). An upload whose
PATCHes alternate between them completes and verifies: its partial data lives in S3 (multipart
parts and a tail), its single writer is decided by a lease in the database, not a local lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tusclient.client import TusClient

from tests import pg
from tests.files import pdf_bytes
from tests.server.live import DEMO_PASSWORDS
from tests.servertus.conftest import (
    BUCKET,
    MIB,
    ServerProcess,
    Sha256Uploader,
    s3_settings,
    s3_store,
    sha256,
)
from tests.servertus.roundrobin import RoundRobinProxy

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.s3]


@pytest.fixture
def machines(
    tmp_path: Path, pg_cluster: pg.PostgresCluster, s3_endpoint: str
) -> Iterator[tuple[list[ServerProcess], RoundRobinProxy]]:
    url = pg_cluster.create_database()
    settings = {**s3_settings(s3_endpoint), "max_file_bytes": 16 * MIB}
    servers = [ServerProcess(tmp_path / name, url, **settings) for name in ("satu", "dua")]
    try:
        apis = [server.start() for server in servers]  # one after the other: one migrates
        backends = [("127.0.0.1", int(api.split(":")[2].split("/")[0])) for api in apis]
        with RoundRobinProxy(backends) as proxy:
            yield servers, proxy
    finally:
        for server in servers:
            server.stop()


def test_an_upload_alternating_between_two_machines_completes_and_verifies(
    machines: tuple[list[ServerProcess], RoundRobinProxy], s3_endpoint: str, tmp_path: Path
) -> None:
    servers, proxy = machines
    api = f"http://127.0.0.1:{proxy.port}/api/v1"
    token = httpx.post(
        api + "/auth/login",
        json={"username": "operator", "password": DEMO_PASSWORDS["operator"], "device": "t"},
    ).json()["access_token"]
    data = pdf_bytes(12 * MIB + 17)  # two full S3 parts and a tail
    sha = sha256(data)
    path = tmp_path / "bukti.pdf"
    path.write_bytes(data)
    up = Sha256Uploader(
        file_path=str(path),
        client=TusClient(api + "/uploads", headers={"Authorization": f"Bearer {token}"}),
        chunk_size=MIB,
        metadata={"sha256": sha, "filename": path.name, "filetype": "application/pdf"},
        upload_checksum=True,
    )
    before = list(proxy.connections)
    up.upload(stop_at=6 * MIB + 5)
    # Halfway: nothing of the upload is on either machine's disk; S3 holds it.
    for server in servers:
        assert not list((server.data_dir / "uploads").glob("*.part"))
    keys = {
        o["Key"]
        for o in s3_store(s3_endpoint).client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    }
    upload_id = up.url.rsplit("/", 1)[1]
    assert f"uploads/{upload_id}.tail" in keys
    up.upload()
    sent = [after - start for after, start in zip(proxy.connections, before, strict=True)]
    assert min(sent) >= 6, sent  # the PATCHes really alternated between the machines

    with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
        for _ in range(2):  # through each machine
            r = c.get(f"{api}/blobs/{sha}")
            assert r.status_code == 200 and sha256(r.content) == sha
            assert r.headers["content-type"] == "application/pdf"
        assert c.post(f"{api}/blobs/missing", json={"hashes": [sha]}).json() == {"missing": []}
    keys = {
        o["Key"]
        for o in s3_store(s3_endpoint).client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    }
    assert f"blobs/{sha[:2]}/{sha}" in keys
    assert not any(k.startswith(f"uploads/{upload_id}") for k in keys)  # nothing left behind
