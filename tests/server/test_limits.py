"""Size limits against a hostile or careless client (issue 16): record content, a pull page's
bytes, and unfinished uploads per account. Each refusal is a problem+json that says what to do.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from sync.server.config import Settings
from tests.server.helpers import assert_problem, innovation, move, pull_all, push
from tests.server.live import LiveServer, start_server, stop_server
from tests.servertus.conftest import TUS, create, sha256

KIB = 1024
RECORD_LIMIT = 64 * KIB
PULL_BUDGET = 256 * KIB
OPEN_UPLOADS = 12


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("limits")
    live = start_server(
        Settings(
            data_dir=folder,
            max_record_bytes=RECORD_LIMIT,
            max_pull_bytes=PULL_BUDGET,
            max_open_uploads=OPEN_UPLOADS,
        )
    )
    try:
        yield live
    finally:
        stop_server(live)


@pytest.mark.slow
def test_ten_15_mb_records_are_refused_and_nothing_is_stored(server: LiveServer) -> None:
    opd = server.user("operator")["opd_id"]
    with server.client("operator") as c:
        before = len(pull_all(c))
        for _ in range(10):
            env = innovation(opd, nama="x" * (15 * 1000 * 1000))
            result = push(c, env)[0]
            assert result["status"] == "rejected"
            problem = result["problem"]
            assert problem["status"] == 413
            assert problem["type"].endswith("/record-too-large")
            assert "64 kB" in problem["detail"] and "berkas bukti" in problem["detail"]
            assert "64 kB" in problem["detail_en"]
        assert len(pull_all(c)) == before
    with server.client("verifikator") as c:
        assert all(len(json.dumps(ch["content"])) < RECORD_LIMIT for ch in pull_all(c))


def test_a_record_just_under_the_limit_is_stored_and_one_just_over_is_refused(
    server: LiveServer,
) -> None:
    opd = server.user("operator")["opd_id"]
    probe = innovation(opd, nama="")
    overhead = len(
        json.dumps({"content": probe["content"], "deleted": False}, separators=(",", ":"))
    )
    with server.client("operator") as c:
        fits = innovation(opd, nama="a" * (RECORD_LIMIT - overhead))
        assert push(c, fits)[0]["status"] == "applied"
        over = innovation(opd, nama="a" * (RECORD_LIMIT - overhead + 1))
        assert push(c, over)[0]["problem"]["status"] == 413
        # A batch goes on past a refused record.
        results = push(c, over, innovation(opd))
        assert [r["status"] for r in results] == ["rejected", "applied"]


def test_a_workflow_request_is_held_to_the_same_limit(server: LiveServer) -> None:
    """A workflow request is a record too: a huge note or verdict list is refused before the
    workflow reads it, and nothing is decided or stored for it."""
    opd = server.user("operator")["opd_id"]
    with server.client("operator") as c:
        env = innovation(opd)
        assert push(c, env)[0]["status"] == "applied"
        request = move(env["id"], "tarik_kembali", note="x" * RECORD_LIMIT)
        result = push(c, request)[0]
        assert result["status"] == "rejected"
        assert result["problem"]["status"] == 413
        assert result["problem"]["type"].endswith("/record-too-large")
        # Not stored: the same id with a small content is decided afresh (not "the same answer").
        small = {**request, "content": {**request["content"], "note": ""}}
        assert push(c, small)[0]["problem"]["code"] == "workflow.state"


def test_a_pull_page_stops_before_its_byte_budget_and_skips_nothing(server: LiveServer) -> None:
    opd = server.user("operator")["opd_id"]
    with server.client("verifikator") as c:
        start = c.get("/sync/pull", params={"since": 0, "limit": 1000}).json()
        while start["has_more"]:
            start = c.get("/sync/pull", params={"since": start["next_cursor"]}).json()
        cursor = start["next_cursor"]
    ids = []
    with server.client("operator") as c:
        for _ in range(12):
            env = innovation(opd, nama="b" * (60 * KIB))
            assert push(c, env)[0]["status"] == "applied"
            ids.append(env["id"])
    seen = []
    pages = 0
    with server.client("verifikator") as c:
        while True:
            body = c.get("/sync/pull", params={"since": cursor, "limit": 1000}).json()
            pages += 1
            size = sum(
                len(json.dumps(ch["content"], separators=(",", ":"))) for ch in body["changes"]
            )
            assert size <= PULL_BUDGET
            assert body["changes"], "every page while has_more carries at least one record"
            seen += [ch["id"] for ch in body["changes"]]
            cursor = body["next_cursor"]
            if not body["has_more"]:
                break
    assert seen == ids
    assert pages >= 3
    limits = httpx.get(
        server.api + "/probe", headers={"Authorization": f"Bearer {server.token('operator')}"}
    ).json()["limits"]
    assert (limits["max_record_bytes"], limits["max_pull_bytes"]) == (RECORD_LIMIT, PULL_BUDGET)
    assert limits["max_open_uploads"] == OPEN_UPLOADS


@pytest.mark.slow
def test_1000_upload_creations_by_one_operator_stop_at_the_cap(server: LiveServer) -> None:
    def create_many(lane: int) -> list[int]:
        with server.client("operator") as c:
            return [
                create(c, 1000, sha256(f"file {lane} {i}".encode())).status_code for i in range(250)
            ]

    with ThreadPoolExecutor(4) as pool:
        statuses = [s for lane in pool.map(create_many, range(4)) for s in lane]
    assert statuses.count(201) == OPEN_UPLOADS  # atomic: concurrent creations never overshoot
    assert statuses.count(429) == 1000 - OPEN_UPLOADS
    with server.client("operator") as c:
        r = create(c, 1000, sha256(b"one more"))
        body = assert_problem(r, 429, "too-many-open-uploads")
        assert "Selesaikan atau batalkan" in body["detail"]
        assert r.headers["tus-resumable"] == "1.0.0"
    # Another account is not affected.
    with server.client("admin") as c:
        assert create(c, 1000, sha256(b"admin file")).status_code == 201


def test_a_cancelled_upload_frees_its_place(server: LiveServer, tmp_path: Path) -> None:
    with server.client("operator2") as c:
        urls = []
        for i in range(OPEN_UPLOADS):
            r = create(c, 1000, sha256(f"op2 {i}".encode()))
            assert r.status_code == 201
            urls.append(r.headers["location"])
        assert create(c, 1000, sha256(b"op2 extra")).status_code == 429
        assert c.delete(urls[0], headers=TUS).status_code == 204
        assert create(c, 1000, sha256(b"op2 extra")).status_code == 201
