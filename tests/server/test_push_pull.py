"""Push and pull over HTTP: idempotent retries, conflicts, the cursor, verdicts flowing back."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.server.helpers import innovation, new_id, pull_all, push, verdict
from tests.server.live import LiveServer


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
        assert stale["server_copy"]["content"]["nama"] == "B"
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
    assert history[1]["changed_fields"] == ["nama"]
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


def test_verdict_written_by_verifikator_reaches_the_operator_by_pull(live: LiveServer) -> None:
    opd = live.user("operator")["opd_id"]
    with live.client("operator") as op, live.client("verifikator") as ver:
        inov = innovation(opd)
        push(op, inov)
        cursor = pull_all(op)[-1]["seq"]
        v = verdict(inov["id"])
        result = push(ver, v)[0]
        assert result["status"] == "applied", result
        changes = pull_all(op, since=cursor)
    got = [ch for ch in changes if ch["id"] == v["id"]]
    assert len(got) == 1
    assert got[0]["type"] == "verdict"
    assert got[0]["opd_id"] == opd
    assert got[0]["content"]["indicators"]["16"]["verdict"] == "sesuai"
    assert got[0]["updated_by"] == "verifikator"


def test_a_batch_is_answered_record_by_record(live: LiveServer) -> None:
    own = live.user("operator")["opd_id"]
    other = live.user("operator2")["opd_id"]
    with live.client("operator") as c:
        results = push(
            c,
            innovation(own),
            innovation(other),
            verdict(new_id()),
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


@pytest.mark.parametrize("bad_verdict", [{"qc_status": "maybe"}, {"surprise": 1}])
def test_invalid_verdict_content_is_rejected_with_the_field_named(
    live: LiveServer, bad_verdict: dict[str, object]
) -> None:
    opd = live.user("operator")["opd_id"]
    with live.client("operator") as op, live.client("verifikator") as ver:
        inov = innovation(opd)
        push(op, inov)
        env = verdict(inov["id"])
        env["content"].update(bad_verdict)
        result = push(ver, env)[0]
    assert result["status"] == "rejected"
    assert result["problem"]["errors"][0]["loc"][0] == "content"
