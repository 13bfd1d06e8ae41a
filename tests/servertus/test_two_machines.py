"""Several machines (issue 16): two server processes with separate local disks behind a
round-robin balancer, sharing one PostgreSQL and one S3 bucket (moto's server).

- An upload whose PATCHes alternate between them completes and verifies: its partial data lives
  in S3 (multipart parts and a tail), its single writer is decided by a lease in the database,
  not a local lock.
- Pushes of two pemdas go through while the other pemda's ordering lock is held (one pemda's
  pushes queue behind each other, never behind another pemda's), and pullers paging with random
  page sizes while pushes of both pemdas arrive on both machines end with every change: a pull
  never skips one.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, select, text
from tusclient.client import TusClient

from sync.protocol import RecordEnvelope, Role
from sync.server import accounts, records
from sync.server.config import Settings
from sync.server.db import Database
from sync.server.models import Record, User
from tests import pg
from tests.files import pdf_bytes
from tests.server.helpers import innovation, principal_of
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


SECOND_PASSWORD = "pemda-kedua-kuat-8"


@pytest.fixture(scope="module")
def database_url(pg_cluster: pg.PostgresCluster) -> str:
    return pg_cluster.create_database()


@pytest.fixture(scope="module")
def machines(
    tmp_path_factory: pytest.TempPathFactory, database_url: str, s3_endpoint: str
) -> Iterator[tuple[list[ServerProcess], RoundRobinProxy]]:
    folder = tmp_path_factory.mktemp("machines")
    settings = {**s3_settings(s3_endpoint), "max_file_bytes": 16 * MIB}
    servers = [ServerProcess(folder / name, database_url, **settings) for name in ("satu", "dua")]
    try:
        apis = [server.start() for server in servers]  # one after the other: one migrates
        backends = [("127.0.0.1", int(api.split(":")[2].split("/")[0])) for api in apis]
        with RoundRobinProxy(backends) as proxy:
            yield servers, proxy
    finally:
        for server in servers:
            server.stop()


def _token(api: str, username: str, password: str) -> str:
    r = httpx.post(
        api + "/auth/login", json={"username": username, "password": password, "device": "t"}
    )
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


def test_an_upload_alternating_between_two_machines_completes_and_verifies(
    machines: tuple[list[ServerProcess], RoundRobinProxy], s3_endpoint: str, tmp_path: Path
) -> None:
    servers, proxy = machines
    api = f"http://127.0.0.1:{proxy.port}/api/v1"
    token = _token(api, "operator", DEMO_PASSWORDS["operator"])
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


class Member:
    """One account talking to the balancer, a new connection per request (so its requests
    alternate between the machines), with its pull cursor and what it has pulled."""

    def __init__(self, api: str, token: str) -> None:
        self.http = httpx.Client(
            base_url=api,
            headers={"Authorization": f"Bearer {token}"},
            limits=httpx.Limits(max_keepalive_connections=0),
            timeout=120,
        )
        probe = self.http.get("/probe").json()
        self.opd_id: str = probe["user"]["opd_id"]
        self.cursor = 0
        self.seen: dict[str, int] = {}
        self.last_seq = 0

    def push(self, *envelopes: dict[str, Any]) -> list[dict[str, Any]]:
        r = self.http.post("/sync/push", json={"records": list(envelopes)})
        assert r.status_code == 200, r.text
        results: list[dict[str, Any]] = r.json()["results"]
        assert all(x["status"] == "applied" for x in results), results
        return results

    def pull_page(self, limit: int) -> bool:
        r = self.http.get("/sync/pull", params={"since": self.cursor, "limit": limit})
        assert r.status_code == 200, r.text
        page = r.json()
        seqs = [c["seq"] for c in page["changes"]]
        assert seqs == sorted(seqs) and all(q > self.cursor for q in seqs), (self.cursor, seqs)
        assert page["next_cursor"] >= self.cursor
        for change in page["changes"]:
            self.seen[change["id"]] = change["version"]
        self.cursor = page["next_cursor"]
        return bool(page["has_more"])

    def drain(self) -> None:
        while self.pull_page(50):
            pass


def _second_pemda(database_url: str, folder: Path) -> None:
    db = Database(Settings(data_dir=folder, database_url=database_url))
    try:
        with db.session_scope() as session:
            pemda = accounts.get_or_create_pemda(session, "kab-kedua", "Kabupaten Kedua")
            opd, _ = accounts.upsert_opd(session, pemda, "DISDIK", "Dinas Pendidikan Kedua")
            accounts.create_user(
                session,
                pemda,
                username="op-kedua",
                password=SECOND_PASSWORD,
                role=Role.OPERATOR,
                opd=opd,
            )
    finally:
        db.dispose()


def test_two_pemdas_push_through_two_machines_without_waiting_and_pulls_skip_nothing(
    machines: tuple[list[ServerProcess], RoundRobinProxy], database_url: str, tmp_path: Path
) -> None:
    _, proxy = machines
    api = f"http://127.0.0.1:{proxy.port}/api/v1"
    _second_pemda(database_url, tmp_path)
    first = Member(api, _token(api, "operator", DEMO_PASSWORDS["operator"]))
    second = Member(api, _token(api, "op-kedua", SECOND_PASSWORD))
    for member in (first, second):
        member.push(innovation(member.opd_id, str(uuid.uuid4())))  # each pemda's counter row
        member.drain()

    # 1. A push of the first pemda is held open half way (applied, not committed), in this
    # process, on the shared database: whatever locks a push takes, it holds them now.
    engine = create_engine(database_url)
    db = Database(Settings(data_dir=tmp_path, database_url=database_url))
    holder = db.sessionmaker()
    try:
        pusher = records.Pusher(holder, principal_of(holder, "operator"))
        envelope = RecordEnvelope.model_validate(innovation(first.opd_id, str(uuid.uuid4())))
        assert pusher.apply(envelope).status == "applied"
        # The other pemda's pushes go through on both machines meanwhile (were they waiting
        # for that lock they would never answer).
        before = list(proxy.connections)
        for i in range(4):
            second.push(innovation(second.opd_id, str(uuid.uuid4()), nama=f"Kedua {i}"))
        assert all(b > a for a, b in zip(before, proxy.connections, strict=True))
        # A push of the first pemda queues behind its own pemda's lock...
        queued: dict[str, Any] = {}
        thread = threading.Thread(
            target=lambda: queued.update(r=first.push(innovation(first.opd_id, str(uuid.uuid4()))))
        )
        thread.start()
        holder_pid = holder.scalar(text("SELECT pg_backend_pid()"))
        with engine.connect() as watch:
            deadline = time.monotonic() + 120
            waiting = text(
                "SELECT query FROM pg_stat_activity WHERE :holder = ANY(pg_blocking_pids(pid))"
            )
            while not (blocked := watch.execute(waiting, {"holder": holder_pid}).all()):
                activity = watch.execute(
                    text("SELECT state, wait_event_type, query FROM pg_stat_activity")
                ).all()
                assert time.monotonic() < deadline, f"the push never queued: {activity}"
                watch.rollback()
                time.sleep(0.05)
            assert "counters" in blocked[0].query, blocked
        assert "r" not in queued
    finally:
        holder.rollback()
        holder.close()
        db.dispose()
    thread.join(120)
    assert queued["r"][0]["status"] == "applied"  # ... and goes on once it is released

    # 2. Pushes of both pemdas on both machines, pulls paging through them at the same time.
    rng = random.Random(16)
    plans = [
        (member, [rng.randint(1, 4) for _ in range(12)], [rng.randint(1, 3000) for _ in range(12)])
        for member in (first, first, second, second)
    ]
    done = threading.Event()
    failures: list[BaseException] = []

    def pusher(index: int, member: Member, batches: list[int], sizes: list[int]) -> None:
        rng = random.Random(index)
        try:
            own: list[dict[str, Any]] = []
            for count, size in zip(batches, sizes, strict=True):
                envelopes = []
                for _ in range(count):
                    if own and rng.random() < 0.3:  # an edit of one of its records
                        old = own.pop(rng.randrange(len(own)))
                        env = innovation(member.opd_id, old["id"], base=old["version"],
                                         nama="e" * size)  # fmt: skip
                    else:
                        env = innovation(member.opd_id, str(uuid.uuid4()), nama="n" * size)
                    envelopes.append(env)
                for env in envelopes:
                    own.append(env)
                member.push(*envelopes)
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread
            failures.append(exc)

    def puller(member: Member, seed: int) -> None:
        local = random.Random(seed)
        try:
            while not done.is_set():
                member.pull_page(local.randint(1, 5))
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread
            failures.append(exc)

    pullers = [
        threading.Thread(target=puller, args=(member, seed))
        for seed, member in enumerate((first, second))
    ]
    pushers = [
        threading.Thread(target=pusher, args=(i, member, batches, sizes))
        for i, (member, batches, sizes) in enumerate(plans)
    ]
    for thread in [*pullers, *pushers]:
        thread.start()
    for thread in pushers:
        thread.join(600)
    done.set()
    for thread in pullers:
        thread.join(600)
    assert not failures, failures
    for member, username in ((first, "operator"), (second, "op-kedua")):
        member.drain()
        with engine.connect() as conn:
            pemda = conn.scalar(select(User.pemda_id).where(User.username == username))
            expected = dict(
                conn.execute(
                    select(Record.id, Record.version).where(
                        Record.pemda_id == pemda, Record.opd_id == member.opd_id
                    )
                ).all()
            )
        got = {k: v for k, v in member.seen.items() if k in expected}
        skipped = {k: v for k, v in expected.items() if got.get(k) != v}
        assert not skipped, f"{username} skipped {skipped}"
    engine.dispose()
