"""The review workflow on the server: moves as workflow requests decided at push, the review
record that carries the result back, refusals a device can show, the content lock, the verdict
reset on changed evidence, the history, and the pemda's OPD-head step."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.server.helpers import (
    PROBLEM_BASE,
    complete_content,
    files_of,
    innovation,
    move,
    new_id,
    pull_all,
    push,
    verdicts_for,
)
from tests.server.live import LiveServer


def new_innovation(live: LiveServer, user: str = "operator", **profile: Any) -> dict[str, Any]:
    """A complete innovation of ``user``'s OPD on the server; returns its envelope."""
    rid = new_id()
    env = innovation(live.user(user)["opd_id"], rid)
    env["content"] = complete_content(
        live.user(user)["opd_id"], rid, files=files_of(live, user), **profile
    )
    with live.client(user) as c:
        assert push(c, env)[0]["status"] == "applied"
    return env


def review(client: httpx.Client, innovation_id: str) -> dict[str, Any]:
    """The innovation's review as a device pulls it (or {} when it has none)."""
    found = [
        ch
        for ch in pull_all(client)
        if ch["type"] == "review" and ch["content"].get("innovation_id") == innovation_id
    ]
    return found[-1] if found else {}


def refusal(result: dict[str, Any], status: int, code: str) -> dict[str, Any]:
    assert result["status"] == "rejected", result
    problem: dict[str, Any] = result["problem"]
    assert problem["type"] == PROBLEM_BASE + "workflow-refused", problem
    assert (problem["status"], problem["code"]) == (status, code), problem
    assert problem["detail"] and problem["detail_en"] and problem["detail"] != problem["detail_en"]
    return problem


def test_a_submission_reaches_everyone_who_reads_the_innovation(live: LiveServer) -> None:
    env = new_innovation(live)
    with live.client("operator") as op:
        result = push(op, move(env["id"], "ajukan"))[0]
        assert (result["status"], result["version"]) == ("applied", 1)
    with live.client("verifikator") as ver, live.client("operator2") as other:
        seen = review(ver, env["id"])
        assert seen["content"]["workflow_state"] == "diajukan"
        assert seen["opd_id"] == env["content"]["opd_id"] and seen["updated_by"] == "operator"
        step = seen["content"]["history"][-1]
        assert (step["action"], step["from_state"], step["to_state"], step["by"]) == (
            "ajukan",
            "draft",
            "diajukan",
            "operator",
        )
        assert review(other, env["id"]) == {}  # another OPD's operator does not see it
        history = ver.get(f"/innovations/{env['id']}/workflow").json()
    assert history["workflow_state"] == "diajukan"
    assert [(e["action"], e["actor"], e["role"]) for e in history["events"]] == [
        ("ajukan", "operator", "operator")
    ]


def test_a_refused_move_says_why_and_a_retry_gets_the_same_answer(live: LiveServer) -> None:
    rid = new_id()
    with live.client("operator") as op:
        assert push(op, innovation(live.user("operator")["opd_id"], rid))[0]["status"] == "applied"
        ask = move(rid, "ajukan")
        first = refusal(push(op, ask)[0], 422, "workflow.blocking_findings")
        assert first["params"]["count"] >= 5 and "indicator.mandatory" in first["params"]["codes"]
        assert first["errors"][0]["loc"] == ["content", "action"]
        assert "diajukan" in first["detail"].lower() or "dilengkapi" in first["detail"]
        again = push(op, ask)[0]
        assert again["problem"] == first  # stored: the same decision, not decided anew
        reused = copy.deepcopy(ask)
        reused["content"]["note"] = "lain"
        assert push(op, reused)[0]["problem"]["status"] == 409
        events = op.get(f"/innovations/{rid}/workflow").json()["events"]
    assert [(e["action"], e["code"]) for e in events] == [("refused", "workflow.blocking_findings")]


def test_an_applied_move_retried_is_a_duplicate(live: LiveServer) -> None:
    env = new_innovation(live)
    ask = move(env["id"], "ajukan")
    with live.client("operator") as op:
        first = push(op, ask)[0]
        again = push(op, ask)[0]
        assert (again["status"], again["version"], again["seq"]) == (
            "duplicate",
            first["version"],
            first["seq"],
        )
        # Someone else cannot replay a request id.
    with live.client("admin") as admin:
        assert push(admin, ask)[0]["problem"]["status"] == 403


def test_content_is_locked_in_review_but_an_earlier_edit_retried_is_a_duplicate(
    live: LiveServer,
) -> None:
    env = new_innovation(live)
    rid, opd = env["id"], env["content"]["opd_id"]
    edit = copy.deepcopy(env)
    edit.update(version=2, base_version=1)
    edit["content"]["profile"]["tujuan"] = "Tujuan diperbaiki"
    with live.client("operator") as op:
        assert push(op, edit)[0]["status"] == "applied"
        assert push(op, move(rid, "ajukan"))[0]["status"] == "applied"
        assert push(op, edit)[0]["status"] == "duplicate"  # the answer was lost: a retry
        later = copy.deepcopy(edit)
        later.update(version=3, base_version=2)
        later["content"]["profile"]["tujuan"] = "Diubah sesudah diajukan"
        locked = refusal(push(op, later)[0], 409, "workflow.locked")
        assert locked["params"] == {"state": "diajukan"}
        gone = {**later, "deleted": True, "content": {}}
        refusal(push(op, gone)[0], 409, "workflow.delete_locked")
    with live.client("admin") as admin:
        refusal(push(admin, later)[0], 409, "workflow.locked")  # the lock holds for the admin
        assert push(admin, move(rid, "perlu_revisi", "Lengkapi tujuan"))[0]["status"] == "applied"
    with live.client("operator") as op:
        assert push(op, later)[0]["status"] == "applied"  # revisi: the OPD edits again
        assert op.get(f"/records/{rid}").json()["content"]["profile"]["tujuan"] == (
            "Diubah sesudah diajukan"
        )
    del opd


def _evidence_changed(content: dict[str, Any], slot: str) -> dict[str, Any]:
    changed = copy.deepcopy(content)
    for doc in changed["documents"]:
        if doc["slot"] == slot:
            doc["link"] = "https://contoh.go.id/bukti/sk-baru.pdf"
            doc["nomor"] = "188/99/2025"
    return changed


def test_changed_evidence_puts_that_verdict_back_to_pending(live: LiveServer) -> None:
    env = new_innovation(live)
    rid, content = env["id"], env["content"]
    with live.client("operator") as op:
        push(op, move(rid, "ajukan"))
    given = verdicts_for(content)
    given["16"].update(verdict="tidak_sesuai", verified_level=1, note="SK tidak menyebut inovasi")
    with live.client("verifikator") as ver:
        assert push(ver, move(rid, "nilai", verdicts=given))[0]["status"] == "applied"
        assert push(ver, move(rid, "perlu_revisi", "Perbaiki SK"))[0]["status"] == "applied"
    fixed = {**env, "version": 2, "base_version": 1, "content": _evidence_changed(content, "16")}
    with live.client("operator") as op:
        before = review(op, rid)
        assert push(op, fixed)[0]["status"] == "applied"
        after = review(op, rid)
        assert after["version"] == before["version"] + 1
        indicators = after["content"]["indicators"]
        assert indicators["16"]["verdict"] == "pending" and indicators["16"]["reset"] is True
        assert indicators["16"]["note"] == "SK tidak menyebut inovasi"  # kept for the officer
        assert indicators["16"]["verified_level"] is None
        assert indicators["17"] == before["content"]["indicators"]["17"]
        assert after["content"]["workflow_state"] == "revisi"
        events = op.get(f"/innovations/{rid}/workflow").json()["events"]
    assert [e["action"] for e in events] == ["ajukan", "nilai", "perlu_revisi", "verdict_reset"]
    assert events[-1]["indicators"] == {"16": "tidak_sesuai"}
    assert events[2]["note"] == "Perbaiki SK" and events[2]["actor"] == "verifikator"
    assert events[1]["indicators"]["16"]["verdict"] == "tidak_sesuai"


def test_a_verdict_given_on_evidence_that_changed_meanwhile_is_refused(live: LiveServer) -> None:
    env = new_innovation(live)
    rid, content = env["id"], env["content"]
    seen_by_verifier = verdicts_for(content)  # the verifier reads the evidence, goes offline
    with live.client("operator") as op:
        push(op, move(rid, "ajukan"))
    with live.client("admin") as admin:
        push(admin, move(rid, "perlu_revisi", "Cek lagi SK-nya"))
    fixed = {**env, "version": 2, "base_version": 1, "content": _evidence_changed(content, "16")}
    with live.client("operator") as op:
        assert push(op, fixed)[0]["status"] == "applied"
        assert push(op, move(rid, "ajukan_ulang"))[0]["status"] == "applied"
    with live.client("verifikator") as ver:  # back online: the verdicts made on the old SK
        result = push(ver, move(rid, "nilai", verdicts={"16": seen_by_verifier["16"]}))[0]
        problem = refusal(result, 409, "workflow.evidence_changed")
        assert problem["params"] == {"indicator": "16"}
        assert problem["errors"][0]["loc"] == ["content", "verdicts", "16", "fingerprint"]
        assert "berubah sejak Anda memeriksa" in problem["detail"]
        # Unchanged evidence: the verdict made offline is applied.
        ok = push(ver, move(rid, "nilai", verdicts={"17": seen_by_verifier["17"]}))[0]
        assert ok["status"] == "applied"
        state = review(ver, rid)["content"]
    assert state["indicators"]["17"]["verdict"] == "sesuai"
    assert "16" not in state["indicators"]


def test_ajukan_waits_until_the_server_holds_every_file(live: LiveServer) -> None:
    env = new_innovation(live)
    content = copy.deepcopy(env["content"])
    content["documents"][0].update(
        link=None, sha256="0f" * 32, file_name="sk.pdf", media_type="application/pdf"
    )
    with live.client("operator") as op:
        edit = {**env, "version": 2, "base_version": 1, "content": content}
        assert push(op, edit)[0]["status"] == "applied"
        problem = refusal(
            push(op, move(env["id"], "ajukan"))[0], 422, "workflow.evidence_not_uploaded"
        )
    assert problem["params"]["hashes"] == ["0f" * 32]


def test_withdrawing_is_possible_only_before_the_review_starts(live: LiveServer) -> None:
    env = new_innovation(live)
    rid = env["id"]
    with live.client("operator") as op:
        push(op, move(rid, "ajukan"))
        assert push(op, move(rid, "tarik_kembali"))[0]["status"] == "applied"
        assert review(op, rid)["content"]["workflow_state"] == "draft"
        push(op, move(rid, "ajukan"))
    with live.client("verifikator") as ver:
        given = verdicts_for(env["content"], only=["16"])
        assert push(ver, move(rid, "nilai", verdicts=given))[0]["status"] == "applied"
    with live.client("operator") as op:
        refusal(push(op, move(rid, "tarik_kembali"))[0], 409, "workflow.review_started")


def test_reviews_are_written_by_the_server_only(live: LiveServer) -> None:
    env = new_innovation(live)
    forged = {
        "type": "review",
        "id": new_id(),
        "version": 1,
        "base_version": 0,
        "content": {"innovation_id": env["id"], "workflow_state": "disetujui"},
    }
    for role in ("operator", "verifikator", "admin"):
        with live.client(role) as c:
            result = push(c, forged)[0]
            assert result["problem"]["type"] == PROBLEM_BASE + "server-owned-field"


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        (lambda c: c.update(action="setujui_semua"), ["content", "action"]),
        (lambda c: c.pop("action"), ["content", "action"]),
        (lambda c: c.update(surprise=1), ["content", "surprise"]),
        (
            lambda c: c["verdicts"]["16"].pop("fingerprint"),
            ["content", "verdicts", "16", "fingerprint"],
        ),
        (
            lambda c: c["verdicts"]["16"].update(verdict="bagus"),
            ["content", "verdicts", "16", "verdict"],
        ),
        (lambda c: c.update(innovation_id=new_id()), ["content", "innovation_id"]),
    ],
)
def test_malformed_requests_are_422_naming_the_field(
    live: LiveServer, change: Any, loc: list[str]
) -> None:
    env = new_innovation(live)
    ask = move(env["id"], "nilai", verdicts=verdicts_for(env["content"], only=["16"]))
    change(ask["content"])
    with live.client("verifikator") as ver:
        result = push(ver, ask)[0]
    assert result["status"] == "rejected"
    assert result["problem"]["status"] == 422
    assert result["problem"]["errors"][0]["loc"] == loc


@pytest.fixture
def opd_step(live: LiveServer) -> Iterator[None]:
    with live.client("admin") as admin:
        assert admin.put("/pemda/settings", json={"opd_step": True}).json() == {"opd_step": True}
    try:
        yield
    finally:
        with live.client("admin") as admin:
            admin.put("/pemda/settings", json={"opd_step": False})


def test_only_the_admin_changes_the_pemda_settings(live: LiveServer) -> None:
    for role in ("operator", "verifikator", "pimpinan", "kepala"):
        with live.client(role) as c:
            assert c.get("/pemda/settings").json() == {"opd_step": False}
            r = c.put("/pemda/settings", json={"opd_step": True})
            assert r.status_code == 403 and r.json()["detail_en"]
    with live.client("operator") as c:
        assert c.get("/probe").json()["workflow"] == {"opd_step": False}


def test_with_the_opd_head_step_the_kepala_opd_approves_first(
    live: LiveServer, opd_step: None
) -> None:
    env = new_innovation(live)
    rid = env["id"]
    given = verdicts_for(env["content"], only=["16"])
    with live.client("operator") as op:
        assert op.get("/probe").json()["workflow"] == {"opd_step": True}
        push(op, move(rid, "ajukan"))
    with live.client("verifikator") as ver:
        refusal(push(ver, move(rid, "nilai", verdicts=given))[0], 409, "workflow.state")
    other = new_innovation(live, "operator2")
    with live.client("operator2") as op2:
        push(op2, move(other["id"], "ajukan"))
    with live.client("kepala") as head:
        refusal(push(head, move(other["id"], "sahkan"))[0], 403, "workflow.other_opd")
        assert push(head, move(rid, "sahkan", "Disahkan Kadis"))[0]["status"] == "applied"
        assert review(head, rid)["content"]["workflow_state"] == "disahkan_opd"
        assert review(head, other["id"]) == {}  # the kepala OPD reads their own OPD only
    with live.client("verifikator") as ver:
        assert push(ver, move(rid, "nilai", verdicts=given))[0]["status"] == "applied"
