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
from tests.server.helpers import complete_content, innovation, move, new_id, push, verdicts_for
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
    made: list[str] = field(default_factory=list)

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

    def must(self, who: str, request: dict[str, Any]) -> None:
        result = self.ask(who, request)[0]
        assert result["status"] == "applied", (who, request["content"]["action"], result)

    def innovation_in(self, scope: str, state: S, step_on: bool) -> tuple[str, dict[str, Any]]:
        """A new complete innovation of ``scope`` brought to ``state`` by real moves."""
        operator, head = OWNERS[scope]
        opd = self.live.user(operator)["opd_id"]
        rid = new_id()
        env = innovation(opd, rid)
        env["content"] = content = complete_content(opd, rid, nama=f"Matriks {rid[:8]}")
        assert push(self.clients[operator], env)[0]["status"] == "applied"
        self.made.append(rid)
        if state is S.DRAFT:
            return rid, content
        self.must(operator, move(rid, "ajukan"))
        if state is S.DIAJUKAN:
            return rid, content
        if state is S.DISAHKAN_OPD:
            self.set_step(True)
            self.must(head, move(rid, "sahkan"))
            self.set_step(step_on)
            return rid, content
        if step_on:  # the verifier works on disahkan_opd: the kepala OPD approves first
            self.must(head, move(rid, "sahkan"))
        if state is S.REVISI:
            self.must("verifikator", move(rid, "perlu_revisi", "Perbaiki"))
            return rid, content
        self.must("verifikator", move(rid, "nilai", verdicts=verdicts_for(content)))
        self.must("verifikator", move(rid, "setujui"))
        if state is S.DISETUJUI:
            return rid, content
        self.must("admin", move(rid, "siap_kirim"))
        if state is S.SIAP_KIRIM:
            return rid, content
        self.must("admin", move(rid, "terkirim"))
        return rid, content


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
    m.foreign_id = new_id()
    env = innovation(foreign_opd, m.foreign_id)
    env["content"] = complete_content(foreign_opd, m.foreign_id)
    assert push(clients["op-lain"], env)[0]["status"] == "applied"
    try:
        yield m
    finally:
        for client in clients.values():
            client.close()


@pytest.mark.parametrize("step_on", [False, True], ids=["opd_step_off", "opd_step_on"])
def test_exactly_the_moves_of_the_process_succeed_over_http(matrix: Matrix, step_on: bool) -> None:
    matrix.set_step(step_on)
    wrong: dict[tuple[str, ...], str] = {}
    try:
        for state, scope in product(S, SCOPES):
            content: dict[str, Any] | None
            if scope == "foreign":
                base, content = matrix.foreign_id, None
            else:
                base, content = matrix.innovation_in(scope, state, step_on)
            refused: dict[str, list[tuple[Action, dict[str, Any]]]] = {}
            for action, role in product(Action, Role):
                expected = EXPECTED.get((action, role, step_on), {})
                allowed = scope == "own" or (scope == "other" and role not in (
                    Role.OPERATOR, Role.KEPALA_OPD
                ))  # fmt: skip
                allowed = allowed and state in expected
                who = ACCOUNTS[role]
                cell = (scope, state.value, action.value, role.value)
                if not allowed:
                    ask = request_for(action, base, content)
                    refused.setdefault(who, []).append((action, ask))
                    continue
                fresh, fresh_content = matrix.innovation_in(scope, state, step_on)
                if action is Action.SETUJUI:  # its guard: a verdict on every claimed indicator
                    matrix.must("verifikator", move(fresh, "nilai", verdicts=verdicts_for(
                        fresh_content
                    )))  # fmt: skip
                result = matrix.ask(who, request_for(action, fresh, fresh_content))[0]
                ends = matrix.state(fresh)
                if result["status"] != "applied" or ends is not (expected[state] or state):
                    wrong[cell] = f"{result['status']} -> {ends}: {result.get('problem')}"
            for who, asks in refused.items():
                results = matrix.ask(who, *(ask for _, ask in asks))
                for (action, _), result in zip(asks, results, strict=True):
                    if result["status"] != "rejected" or not result["problem"].get("detail_en"):
                        wrong[(scope, state.value, action.value, who)] = str(result)
            if scope != "foreign" and matrix.state(base) is not state:
                wrong[(scope, state.value, "*", "*")] = f"moved to {matrix.state(base)}"
    finally:
        matrix.set_step(False)
    assert wrong == {}
