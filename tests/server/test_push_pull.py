"""Push and pull over HTTP: idempotent retries, conflicts, the cursor, reviews following."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Connection, event
from sqlalchemy.orm import Session

from sync.server import blob_access
from sync.server.db import Database
from sync.server.models import Blob
from tests.server.conftest import database_url_for
from tests.server.helpers import (
    complete_content,
    files_of,
    innovation,
    move,
    new_id,
    principal_of,
    pull_all,
    push,
)
from tests.server.live import LiveServer, demo_process


def test_same_push_sent_20_times_concurrently_yields_one_version(live: LiveServer) -> None:
    opd = live.user("operator")["opd_id"]
    env = innovation(opd)
    token = live.token("operator")

    def send(_: int) -> dict[str, object]:
        with httpx.Client(base_url=live.api, headers={"Authorization": f"Bearer {token}"}) as c:
            return push(c, env)[0]

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(send, range(20)))

    statuses = sorted(str(r["status"]) for r in results)
    assert statuses == ["applied"] + ["duplicate"] * 19
    assert {r["version"] for r in results} == {1}
    with live.client("operator") as c:
        history = c.get(f"/records/{env['id']}/history").json()
    assert [h["version"] for h in history] == [1]


def test_concurrent_different_edits_on_one_base_apply_once_and_conflict_otherwise(
    live: LiveServer,
) -> None:
    opd = live.user("operator")["opd_id"]
    rid = new_id()
    with live.client("operator") as c:
        assert push(c, innovation(opd, rid))[0]["status"] == "applied"
    token = live.token("operator")

    def send(i: int) -> dict[str, object]:
        with httpx.Client(base_url=live.api, headers={"Authorization": f"Bearer {token}"}) as c:
            return push(c, innovation(opd, rid, base=1, nama=f"edit {i}"))[0]

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(send, range(10)))
    statuses = sorted(str(r["status"]) for r in results)
    assert statuses == ["applied"] + ["conflict"] * 9
    winner = next(r for r in results if r["status"] == "applied")
    assert winner["version"] == 2
    for r in results:
        if r["status"] == "conflict":
            assert r["server_copy"]["version"] == 2


def test_stale_base_with_different_content_is_a_conflict_carrying_the_server_copy(
    live: LiveServer,
) -> None:
    opd = live.user("operator")["opd_id"]
    rid = new_id()
    with live.client("operator") as c:
        assert push(c, innovation(opd, rid, nama="A"))[0]["version"] == 1
        assert push(c, innovation(opd, rid, base=1, nama="B"))[0]["version"] == 2
        stale = push(c, innovation(opd, rid, base=1, nama="C"))[0]
        assert stale["status"] == "conflict"
        assert stale["server_copy"]["content"]["profile"]["nama"] == "B"
        assert stale["server_copy"]["version"] == 2
        # The same edit retried after it was applied is a duplicate, not a conflict.
        again = push(c, innovation(opd, rid, base=1, nama="B"))[0]
        assert (again["status"], again["version"]) == ("duplicate", 2)
        # A base newer than the server's is a conflict too (the client must merge).
        ahead = push(c, innovation(opd, rid, base=7, nama="D"))[0]
        assert ahead["status"] == "conflict"
        # Merged on the server copy: applies as version 3.
        merged = push(c, innovation(opd, rid, base=2, nama="C"))[0]
        assert (merged["status"], merged["version"]) == ("applied", 3)
        history = c.get(f"/records/{rid}/history").json()
    assert [h["version"] for h in history] == [1, 2, 3]
    assert history[1]["changed_fields"] == ["profile"]
    assert all(h["username"] == "operator" for h in history)


def test_pull_pages_with_a_monotonic_cursor(live: LiveServer) -> None:
    opd = live.user("operator")["opd_id"]
    with live.client("operator") as c:
        cursor = c.get("/sync/pull", params={"since": 0, "limit": 1000}).json()["next_cursor"]
        ids = [new_id() for _ in range(7)]
        push(c, *[innovation(opd, i) for i in ids])
        seen: list[str] = []
        seqs: list[int] = []
        while True:
            body = c.get("/sync/pull", params={"since": cursor, "limit": 3}).json()
            assert len(body["changes"]) <= 3
            seen += [ch["id"] for ch in body["changes"]]
            seqs += [ch["seq"] for ch in body["changes"]]
            assert body["next_cursor"] >= cursor
            cursor = body["next_cursor"]
            if not body["has_more"]:
                break
        assert seen == ids
        assert seqs == sorted(seqs)
        empty = c.get("/sync/pull", params={"since": cursor}).json()
        assert empty["changes"] == [] and empty["has_more"] is False
        assert empty["next_cursor"] == cursor


def test_pull_from_a_cursor_beyond_the_server_starts_over(live: LiveServer) -> None:
    with live.client("operator") as c:
        body = c.get("/sync/pull", params={"since": 10**12}).json()
    assert body["next_cursor"] < 10**12


def test_a_batch_is_answered_record_by_record(live: LiveServer) -> None:
    own = live.user("operator")["opd_id"]
    other = live.user("operator2")["opd_id"]
    with live.client("operator") as c:
        results = push(
            c,
            innovation(own),
            innovation(other),
            move(new_id(), "ajukan"),
            {**innovation(own), "content": {"nama": "tanpa OPD"}},
            innovation(own),
        )
    assert [r["status"] for r in results] == [
        "applied",
        "rejected",
        "rejected",
        "rejected",
        "applied",
    ]
    assert results[1]["problem"]["type"].endswith("/forbidden")
    assert results[3]["problem"]["type"].endswith("/invalid-record")
    assert results[3]["problem"]["detail"] and results[3]["problem"]["detail_en"]


def test_deleting_a_record_travels_as_a_tombstone(live: LiveServer) -> None:
    opd = live.user("operator")["opd_id"]
    with live.client("operator") as c:
        env = innovation(opd)
        push(c, env)
        cursor = c.get(f"/records/{env['id']}").json()["seq"]
        gone = push(c, {**env, "base_version": 1, "version": 2, "deleted": True, "content": {}})
        assert gone[0]["status"] == "applied"
        changes = pull_all(c, since=cursor)
    tomb = [ch for ch in changes if ch["id"] == env["id"]]
    assert tomb and tomb[-1]["deleted"] is True and tomb[-1]["version"] == 2


def test_only_a_draft_can_be_deleted_and_a_refusal_keeps_the_record(live: LiveServer) -> None:
    opd = live.user("operator")["opd_id"]
    rid = new_id()
    env = innovation(opd, rid)
    env["content"] = complete_content(opd, rid, files=files_of(live, "operator"))
    with live.client("operator") as c:
        assert push(c, env)[0]["status"] == "applied"
        assert push(c, move(rid, "ajukan"))[0]["status"] == "applied"
        refused = push(c, {**env, "base_version": 1, "version": 2, "deleted": True, "content": {}})
        assert refused[0]["status"] == "rejected"
        problem = refused[0]["problem"]
        assert (problem["status"], problem["code"]) == (409, "workflow.delete_locked")
        assert "hanya draf" in problem["detail"]
        assert "only drafts" in problem["detail_en"]
        kept = c.get(f"/records/{rid}").json()
        assert kept["deleted"] is False and kept["version"] == 1
        # A draft goes.
        draft = innovation(opd)
        push(c, draft)
        gone = push(c, {**draft, "base_version": 1, "version": 2, "deleted": True})
        assert gone[0]["status"] == "applied", gone


def test_a_review_follows_an_innovation_moved_to_another_opd(live: LiveServer) -> None:
    own = live.user("operator")["opd_id"]
    other = live.user("operator2")["opd_id"]
    rid = new_id()
    env = innovation(own, rid)
    env["content"] = complete_content(own, rid, files=files_of(live, "admin"))
    with (
        live.client("admin") as admin,
        live.client("operator") as op,
        live.client("verifikator") as ver,
        live.client("operator2") as op2,
    ):
        push(admin, env)
        push(op, move(rid, "ajukan"))
        assert push(ver, move(rid, "perlu_revisi", "Salah OPD"))[0]["status"] == "applied"
        rv = next(
            ch
            for ch in pull_all(ver)
            if ch["type"] == "review" and ch["content"]["innovation_id"] == rid
        )
        cursor = op2.get("/sync/pull", params={"since": 0, "limit": 1000}).json()["next_cursor"]
        assert op2.get(f"/records/{rv['id']}").status_code == 403
        moved_env = {**env, "version": 2, "base_version": 1}
        moved_env["content"] = complete_content(other, rid, files=files_of(live, "admin"))
        moved = push(admin, moved_env)[0]
        assert moved["status"] == "applied"
        seen = {ch["id"]: ch for ch in pull_all(op2, since=cursor)}
        assert rid in seen and rv["id"] in seen
        assert seen[rv["id"]]["version"] == rv["version"] and seen[rv["id"]]["opd_id"] == other
        assert op2.get(f"/records/{rv['id']}").status_code == 200


def test_blob_access_follows_the_records_that_refer_to_it(live: LiveServer) -> None:
    opd = live.user("operator")["opd_id"]
    sha = hashlib.sha256(new_id().encode()).hexdigest()
    docs = [{"id": "d1", "slot": "16", "sha256": sha, "file_name": "sk.pdf"}]
    with live.client("operator") as c:
        env = innovation(opd, documents=docs)
        assert push(c, env)[0]["status"] == "applied"
    db = Database(live.settings)
    try:
        with db.session_scope() as s:
            # Not stored yet: nobody may read it, not even the record's author.
            assert not blob_access.can_read(s, principal_of(s, "operator"), sha)
            # operator's verified upload: the blob is stored and operator holds it.
            user_id = principal_of(s, "operator").user_id
            s.add(Blob(sha256=sha, size=1, uploaded_by=user_id, created_at=datetime.now(UTC)))
            blob_access.hold(s, user_id, [sha])
        with db.session_scope() as s:
            allowed = {
                name: blob_access.can_read(s, principal_of(s, name), sha)
                for name in ("operator", "operator2", "verifikator", "pimpinan", "admin")
            }
        assert allowed == {
            "operator": True,
            "operator2": False,
            "verifikator": True,
            "pimpinan": True,
            "admin": True,
        }
        with live.client("operator") as c:
            assert push(c, innovation(opd, env["id"], base=1, documents=[]))[0]["version"] == 2
        with db.session_scope() as s:
            # operator still holds the file it sent; the others lost their way to it.
            assert blob_access.can_read(s, principal_of(s, "operator"), sha)
            assert not blob_access.can_read(s, principal_of(s, "verifikator"), sha)
    finally:
        db.dispose()


@pytest.mark.slow
def test_same_push_20_times_across_two_worker_processes_yields_one_version(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = database_url_for(backend, request, tmp_path)
    with demo_process(tmp_path / "data", url, workers=2) as api:
        login = httpx.post(
            api + "/auth/login", json={"username": "operator", "password": "demo-operator"}
        ).json()
        headers = {"Authorization": f"Bearer {login['access_token']}"}
        env = innovation(login["user"]["opd_id"])

        def send(_: int) -> dict[str, object]:
            # A new connection each time, so the two worker processes share the requests.
            with httpx.Client(base_url=api, headers=headers, timeout=60) as c:
                return push(c, env)[0]

        with ThreadPoolExecutor(max_workers=20) as pool:
            results = list(pool.map(send, range(20)))
        with httpx.Client(base_url=api, headers=headers) as c:
            history = c.get(f"/records/{env['id']}/history").json()
    assert sorted(str(r["status"]) for r in results) == ["applied"] + ["duplicate"] * 19
    assert [h["version"] for h in history] == [1]


def test_a_push_is_answered_only_after_its_commit(make_server) -> None:  # type: ignore[no-untyped-def]
    server = make_server()
    opd = server.user("operator")["opd_id"]
    db: Database = server.server.config.app.state.db

    def mark(conn: Connection, _cursor: object, statement: str, *_args: object) -> None:
        # Any statement that writes (the push writes through the ORM and through Core).
        if statement.lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            conn.info["wrote"] = True

    def refuse_commit(session: Session) -> None:
        if session.connection().info.pop("wrote", False):
            raise RuntimeError("disk full")

    env = innovation(opd)
    event.listen(db.engine, "before_cursor_execute", mark)
    event.listen(db.sessionmaker, "before_commit", refuse_commit)
    try:
        with server.client("operator") as c:
            r = c.post("/sync/push", json={"records": [env]})
    finally:
        event.remove(db.sessionmaker, "before_commit", refuse_commit)
        event.remove(db.engine, "before_cursor_execute", mark)
    # Not "applied": the client must keep the change queued and send it again.
    assert r.status_code == 500
    assert r.headers["content-type"].startswith("application/problem+json")
    with server.client("operator") as c:
        assert c.get(f"/records/{env['id']}").status_code == 404
        assert push(c, env)[0]["status"] == "applied"


def test_a_pull_reads_no_opd_list_but_a_push_still_checks_it(live: LiveServer) -> None:
    """The pull never checks an OPD against the pemda's list, so it does not read that list
    (a third of an empty pull's statements); a push still refuses an OPD of no pemda of yours."""
    db: Database = live.server.config.app.state.db
    statements: list[str] = []

    def seen(_conn: Connection, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(" ".join(statement.split()).lower())

    with live.client("verifikator") as c:
        cursor, more = 0, True
        while more:  # to the end of what there is: the next pull is an empty delta
            page = c.get("/sync/pull", params={"since": cursor, "limit": 1000}).json()
            cursor, more = page["next_cursor"], page["has_more"]
        event.listen(db.engine, "before_cursor_execute", seen)
        try:
            r = c.get("/sync/pull", params={"since": cursor})  # an empty delta
        finally:
            event.remove(db.engine, "before_cursor_execute", seen)
    assert r.status_code == 200 and r.json()["changes"] == []
    assert any("token" in s for s in statements)  # the caller was authenticated
    assert not any(s.startswith("select opd.id from opd") for s in statements), statements
    with live.client("operator") as c:
        refused = push(c, innovation("opd-of-nobody"))[0]
    assert refused["status"] == "rejected", refused
    assert "OPD" in str(refused["problem"]), refused
