"""The workflow's access matrix over HTTP: every move x role x own / other / foreign OPD x state,
with the pemda's OPD-head step off and on. Exactly the moves of the process succeed (each on a
fresh innovation brought to that state by real moves, then checked for the state it ends in);
every other request is refused and leaves the innovation as it was.

``own`` is the Dinas Pendidikan (the demo operator and kepala OPD), ``other`` the Dinas
Kesehatan (another OPD of the pemda), ``foreign`` an innovation of a second pemda on the same
server (it does not exist for anyone of the first pemda, so every request about it is refused
whatever its state). The expected table is the one ``tests/iid/test_workflow.py`` states from the
issue, independently of ``iid.workflow.EDGES``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import product
from typing import Any

import httpx
import pytest

from iid.records import WorkflowState as S
from iid.workflow import Action, Role
from sync.server import accounts
from sync.server.db import Database
from tests.iid.test_workflow import EXPECTED
from tests.server.helpers import (
    complete_content,
    evidence_on_server,
    innovation,
    move,
    new_id,
    push,
    verdicts_for,
)
from tests.server.live import LiveServer

pytestmark = pytest.mark.slow

SCOPES = ("own", "other", "foreign")
ACCOUNTS = {  # role -> the account acting in that role (kepala and operator: of the own OPD)
    Role.OPERATOR: "operator",
    Role.VERIFIKATOR: "verifikator",
    Role.ADMIN: "admin",
    Role.PIMPINAN: "pimpinan",
    Role.KEPALA_OPD: "kepala",
}
OWNERS = {"own": ("operator", "kepala"), "other": ("operator2", "kepala2")}
"""Who drives an innovation of the scope through its OPD's moves: its operator, its kepala."""


@dataclass
class Matrix:
    live: LiveServer
    clients: dict[str, httpx.Client]
    foreign_id: str = ""
    files: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per account: the evidence files it sent to the server (media type -> SHA-256)."""

    def set_step(self, on: bool) -> None:
        r = self.clients["admin"].put("/pemda/settings", json={"opd_step": on})
        assert r.status_code == 200, r.text

    def state(self, innovation_id: str) -> S:
        r = self.clients["admin"].get(f"/innovations/{innovation_id}/workflow")
        assert r.status_code == 200, r.text
        return S(r.json()["workflow_state"])

    def ask(self, who: str, *moves: dict[str, Any]) -> list[dict[str, Any]]:
        r = self.clients[who].post("/sync/push", json={"records": list(moves)})
        if r.status_code == 403:  # pimpinan: the whole push is refused
            return [{"status": "rejected", "problem": r.json()} for _ in moves]
        assert r.status_code == 200, r.text
        results: list[dict[str, Any]] = r.json()["results"]
        return results

    def must(self, who: str, *requests: dict[str, Any]) -> None:
        for request, result in zip(requests, self.ask(who, *requests), strict=True):
            assert result["status"] == "applied", (request["content"]["action"], result["problem"])

    def innovations_in(
        self, scope: str, state: S, step_on: bool, count: int
    ) -> list[tuple[str, dict[str, Any]]]:
        """``count`` new complete innovations of ``scope`` brought to ``state`` by real moves
        (made and moved together: one push per step)."""
        operator, head = OWNERS[scope]
        opd = self.live.user(operator)["opd_id"]
        made = []
        envelopes = []
        for _ in range(count):
            rid = new_id()
            env = innovation(opd, rid)
            env["content"] = complete_content(
                opd, rid, nama=f"Matriks {rid[:8]}", files=self.files[operator]
            )
            envelopes.append(env)
            made.append((rid, env["content"]))
        results = push(self.clients[operator], *envelopes)
        assert {r["status"] for r in results} == {"applied"}, results
        ids = [rid for rid, _ in made]

        def step(who: str, action: str, note: str = "") -> None:
            self.must(who, *(move(rid, action, note) for rid in ids))

        if state is S.DRAFT:
            return made
        step(operator, "ajukan")
        if state is S.DIAJUKAN:
            return made
        if state is S.DISAHKAN_OPD:
            self.set_step(True)
            step(head, "sahkan")
            self.set_step(step_on)
            return made
        if step_on:  # the verifier works on disahkan_opd: the kepala OPD approves first
            step(head, "sahkan")
        if state is S.REVISI:
            step("verifikator", "perlu_revisi", "Perbaiki")
            return made
        self.must(
            "verifikator",
            *(move(rid, "nilai", verdicts=verdicts_for(content)) for rid, content in made),
        )
        step("verifikator", "setujui")
        if state is S.DISETUJUI:
            return made
        step("admin", "siap_kirim")
        if state is S.SIAP_KIRIM:
            return made
        step("admin", "terkirim")
        return made


UNSEEN = {"16": {"verdict": "sesuai", "verified_level": None, "note": "", "fingerprint": "0" * 64}}
"""A verdict on an innovation the asker cannot read (so no fingerprint of its evidence)."""


def request_for(
    action: Action, innovation_id: str, content: dict[str, Any] | None
) -> dict[str, Any]:
    verdicts = None
    if action is Action.NILAI:
        verdicts = verdicts_for(content, only=["16"]) if content else UNSEEN
    return move(innovation_id, action.value, "catatan", verdicts=verdicts)


@pytest.fixture(scope="module")
def matrix(live: LiveServer) -> Iterator[Matrix]:
    db = Database(live.settings)
    with db.session_scope() as session:
        pemda = accounts.get_or_create_pemda(session, "kab-contoh", "Kabupaten Contoh")
        dinkes = accounts.find_opd(session, pemda, "DINKES")
        accounts.create_user(
            session, pemda, username="kepala2", password="kopi-jendela-musim-27",
            role=Role.KEPALA_OPD, opd=dinkes,
        )  # fmt: skip
        foreign = accounts.get_or_create_pemda(session, "kota-lain", "Kota Lain")
        f_opd, _ = accounts.upsert_opd(session, foreign, "DISDIK", "Dinas Pendidikan Kota Lain")
        accounts.create_user(
            session, foreign, username="op-lain", password="teh-pintu-hujan-58",
            role=Role.OPERATOR, opd=f_opd,
        )  # fmt: skip
        foreign_opd = f_opd.id
    db.dispose()
    clients: dict[str, httpx.Client] = {}
    for name in ("operator", "operator2", "verifikator", "admin", "pimpinan", "kepala"):
        clients[name] = live.client(name)
    for name, password in (("kepala2", "kopi-jendela-musim-27"), ("op-lain", "teh-pintu-hujan-58")):
        clients[name] = httpx.Client(
            base_url=live.api,
            headers={"Authorization": f"Bearer {live.login(name, password)}"},
            timeout=60,
        )
    m = Matrix(live, clients)
    m.files = {name: evidence_on_server(clients[name]) for name in ("operator", "operator2")}
    m.foreign_id = new_id()
    env = innovation(foreign_opd, m.foreign_id)
    env["content"] = complete_content(
        foreign_opd, m.foreign_id, files=evidence_on_server(clients["op-lain"])
    )
    assert push(clients["op-lain"], env)[0]["status"] == "applied"
    try:
        yield m
    finally:
        for client in clients.values():
            client.close()


def _allowed(action: Action, role: Role, scope: str, state: S, step_on: bool) -> bool:
    expected = EXPECTED.get((action, role, step_on), {})
    # Operators and the kepala OPD act on their own OPD only; the others on every OPD.
    mine = scope == "own" or (scope == "other" and role not in (Role.OPERATOR, Role.KEPALA_OPD))
    return mine and state in expected


@pytest.mark.parametrize("step_on", [False, True], ids=["opd_step_off", "opd_step_on"])
def test_exactly_the_moves_of_the_process_succeed_over_http(matrix: Matrix, step_on: bool) -> None:
    matrix.set_step(step_on)
    wrong: dict[tuple[str, ...], str] = {}
    cells = list(product(Action, Role))
    try:
        for state, scope in product(S, SCOPES):
            allowed = [(a, r) for a, r in cells if _allowed(a, r, scope, state, step_on)]
            refused = [(a, r) for a, r in cells if (a, r) not in allowed]
            content: dict[str, Any] | None = None
            base = matrix.foreign_id
            fresh: list[tuple[str, dict[str, Any]]] = []
            if scope != "foreign":
                # One innovation takes every refused request; each allowed move gets its own.
                (base, content), *fresh = matrix.innovations_in(
                    scope, state, step_on, 1 + len(allowed)
                )
            # Setujui's guard: a verdict on every claimed indicator (given before, by the
            # verifier, where the verifier may give verdicts in this state).
            approvals = [
                (rid, c) for ((a, _), (rid, c)) in zip(allowed, fresh, strict=True)
                if a is Action.SETUJUI
            ]  # fmt: skip
            if approvals:
                matrix.must("verifikator", *(
                    move(rid, "nilai", verdicts=verdicts_for(c)) for rid, c in approvals
                ))  # fmt: skip
            for (action, role), (rid, fresh_content) in zip(allowed, fresh, strict=True):
                result = matrix.ask(ACCOUNTS[role], request_for(action, rid, fresh_content))[0]
                target = EXPECTED[(action, role, step_on)][state] or state
                ends = matrix.state(rid)
                if result["status"] != "applied" or ends is not target:
                    cell = (scope, state.value, action.value, role.value)
                    wrong[cell] = f"{result['status']} -> {ends}: {result.get('problem')}"
            by_account: dict[str, list[tuple[Action, dict[str, Any]]]] = {}
            for action, role in refused:
                ask = request_for(action, base, content)
                by_account.setdefault(ACCOUNTS[role], []).append((action, ask))
            for who, asks in by_account.items():
                results = matrix.ask(who, *(ask for _, ask in asks))
                for (action, _), result in zip(asks, results, strict=True):
                    if result["status"] != "rejected" or not result["problem"].get("detail_en"):
                        wrong[(scope, state.value, action.value, who)] = str(result)
            if scope != "foreign" and matrix.state(base) is not state:
                wrong[(scope, state.value, "*", "*")] = f"moved to {matrix.state(base)}"
    finally:
        matrix.set_step(False)
    assert wrong == {}
