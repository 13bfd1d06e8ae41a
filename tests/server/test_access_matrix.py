"""The access matrix: every endpoint x every role x own / other / foreign OPD, allow or deny.

``own`` is the operator's OPD (Dinas Pendidikan), ``other`` another OPD of the same pemda (Dinas
Kesehatan), ``foreign`` an OPD of a second pemda on the same server. Rows with one column do
not depend on an OPD. Every case goes over HTTP to the real server.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from sync.protocol import Role
from sync.server import accounts
from sync.server.db import Database
from tests.server.helpers import innovation, new_id, pull_all, push, spd_profile
from tests.server.live import DEMO_PASSWORDS, LiveServer

Y, N = True, False
ROLES = ["operator", "verifikator", "admin", "pimpinan", "kepala"]
SCOPES = ["own", "other", "foreign"]
ALL, NONE, OWN, PEMDA = (Y, Y, Y), (N, N, N), (Y, N, N), (Y, Y, N)

# fmt: off
# The kepala OPD ("kepala") belongs to the operator's OPD. Workflow moves (every action x role x
# own/other OPD x state) have their own matrix: tests/server/test_workflow_matrix.py.
# action                            operator  verifikator admin   pimpinan  kepala OPD
#                                   own/oth/for for each role
_ROWS: list[tuple[str, tuple[bool, ...], tuple[bool, ...], tuple[bool, ...], tuple[bool, ...],
                  tuple[bool, ...]]] = [
    ("GET /records/{id}",               OWN,      PEMDA,    PEMDA,   PEMDA,    OWN),
    ("GET /records/{id}/history",       OWN,      PEMDA,    PEMDA,   PEMDA,    OWN),
    ("GET /innovations/{id}/workflow",  OWN,      PEMDA,    PEMDA,   PEMDA,    OWN),
    ("GET /sync/pull (sees record)",    OWN,      PEMDA,    PEMDA,   PEMDA,    OWN),
    ("GET /opds (lists OPD)",           OWN,      PEMDA,    PEMDA,   PEMDA,    OWN),
    ("GET /projection (lists inn.)",    OWN,      PEMDA,    PEMDA,   PEMDA,    OWN),
    ("push innovation (create)",        OWN,      NONE,     PEMDA,   NONE,     NONE),
    ("push innovation (update)",        OWN,      NONE,     PEMDA,   NONE,     NONE),
    # Server-owned parts of an innovation: nobody writes them but the server's workflow.
    ("push review",                     NONE,     NONE,     NONE,    NONE,     NONE),
    ("push innovation (sets state)",    NONE,     NONE,     NONE,    NONE,     NONE),
    ("push innovation (sets verdict)",  NONE,     NONE,     NONE,    NONE,     NONE),
    ("PATCH /users/{id}",               NONE,     NONE,     PEMDA,   NONE,     NONE),
    # Rows with one column do not depend on an OPD.
    ("GET /me",                         (Y,),     (Y,),     (Y,),    (Y,),     (Y,)),
    ("GET /probe",                      (Y,),     (Y,),     (Y,),    (Y,),     (Y,)),
    ("GET /sync/pull",                  (Y,),     (Y,),     (Y,),    (Y,),     (Y,)),
    ("GET /sync/pull (sees SPD)",       (Y,),     (Y,),     (Y,),    (Y,),     (Y,)),
    ("push spd_profile",                (N,),     (N,),     (Y,),    (N,),     (N,)),
    ("POST /opds",                      (N,),     (N,),     (Y,),    (N,),     (N,)),
    ("GET /users",                      (N,),     (N,),     (Y,),    (N,),     (N,)),
    ("POST /users",                     (N,),     (N,),     (Y,),    (N,),     (N,)),
    ("GET /audit",                      (N,),     (N,),     (Y,),    (N,),     (N,)),
    ("GET /pemda/settings",             (Y,),     (Y,),     (Y,),    (Y,),     (Y,)),
    ("PUT /pemda/settings",             (N,),     (N,),     (Y,),    (N,),     (N,)),
    ("POST /auth/logout",               (Y,),     (Y,),     (Y,),    (Y,),     (Y,)),
    ("POST /auth/password",             (Y,),     (Y,),     (Y,),    (Y,),     (Y,)),
]
# fmt: on
MATRIX: dict[str, dict[str, tuple[bool, ...]]] = {
    action: dict(zip(ROLES, cells, strict=True)) for action, *cells in _ROWS
}


@dataclass
class World:
    """The records and accounts every case works on."""

    live: LiveServer
    opd: dict[str, str]  # scope -> OPD id
    innovation: dict[str, str]  # scope -> innovation record id
    operator_of: dict[str, str]  # scope -> user id of an operator in that OPD
    spd_id: str


@pytest.fixture(scope="module")
def world(live: LiveServer) -> World:
    db = Database(live.settings)
    with db.session_scope() as session:
        foreign = accounts.get_or_create_pemda(session, "kota-lain", "Kota Lain")
        f_opd, _ = accounts.upsert_opd(session, foreign, "DISDIK", "Dinas Pendidikan Kota Lain")
        f_admin = accounts.create_user(
            session, foreign, username="admin-lain", password="kunci-pemda-lain-9", role=Role.ADMIN
        )
        f_oper = accounts.create_user(
            session,
            foreign,
            username="operator-lain",
            password="kunci-operator-lain-7",
            role=Role.OPERATOR,
            opd=f_opd,
        )
        foreign_ids = (f_opd.id, f_oper.id)
        del f_admin
    db.dispose()
    opd = {
        "own": live.user("operator")["opd_id"],
        "other": live.user("operator2")["opd_id"],
        "foreign": foreign_ids[0],
    }
    innovations = {"own": new_id(), "other": new_id(), "foreign": new_id()}
    with live.client("admin") as admin:
        for scope in ("own", "other"):
            assert push(admin, innovation(opd[scope], innovations[scope]))[0]["status"] == "applied"
        spd = spd_profile()
        assert push(admin, spd)[0]["status"] == "applied"
    token = live.login("admin-lain", "kunci-pemda-lain-9")
    with httpx.Client(base_url=live.api, headers={"Authorization": f"Bearer {token}"}) as fa:
        env = innovation(opd["foreign"], innovations["foreign"])
        assert push(fa, env)[0]["status"] == "applied"
    return World(
        live=live,
        opd=opd,
        innovation=innovations,
        operator_of={
            "own": live.user("operator")["id"],
            "other": live.user("operator2")["id"],
            "foreign": foreign_ids[1],
        },
        spd_id=spd["id"],
    )


def _status_ok(r: httpx.Response) -> bool:
    if r.status_code in (401, 403, 404, 422):
        assert r.headers["content-type"].startswith("application/problem+json")
        return False
    assert r.status_code < 300, r.text
    return True


def _push_ok(c: httpx.Client, env: dict[str, Any]) -> bool:
    r = c.post("/sync/push", json={"records": [env]})
    if r.status_code == 403:  # pimpinan: the whole push is refused
        return False
    assert r.status_code == 200, r.text
    result = r.json()["results"][0]
    assert result["status"] in ("applied", "rejected"), result
    return bool(result["status"] == "applied")


def _current_version(w: World, record_id: str) -> int:
    # Read by someone who may see it, so the update case tests the write, not the read.
    if record_id == w.innovation["foreign"]:
        return 1
    with w.live.client("admin") as admin:
        return int(admin.get(f"/records/{record_id}").json()["version"])


def _forged(w: World, scope: str, forge: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    """An otherwise valid update of the scope's innovation with a server-owned field set."""
    rid = w.innovation[scope]
    env = innovation(w.opd[scope], rid, base=_current_version(w, rid), answers={"16": 3})
    forge(env["content"])
    return env


Case = Callable[[World, httpx.Client, str], bool]

CASES: dict[str, Case] = {
    "GET /records/{id}": lambda w, c, s: _status_ok(c.get(f"/records/{w.innovation[s]}")),
    "GET /records/{id}/history": lambda w, c, s: _status_ok(
        c.get(f"/records/{w.innovation[s]}/history")
    ),
    "GET /sync/pull (sees record)": lambda w, c, s: (
        w.innovation[s] in {ch["id"] for ch in pull_all(c)}
    ),
    "GET /opds (lists OPD)": lambda w, c, s: w.opd[s] in {o["id"] for o in c.get("/opds").json()},
    "GET /projection (lists inn.)": lambda w, c, s: (
        w.innovation[s]
        in {i["id"] for i in c.get("/projection?year=2026").json()["projection"]["innovations"]}
    ),
    "push innovation (create)": lambda w, c, s: _push_ok(c, innovation(w.opd[s])),
    "push innovation (update)": lambda w, c, s: _push_ok(
        c,
        innovation(
            w.opd[s],
            w.innovation[s],
            base=_current_version(w, w.innovation[s]),
            nama=f"ubah {new_id()}",
        ),
    ),
    "GET /innovations/{id}/workflow": lambda w, c, s: _status_ok(
        c.get(f"/innovations/{w.innovation[s]}/workflow")
    ),
    "push review": lambda w, c, s: _push_ok(
        c,
        {
            "type": "review",
            "id": new_id(),
            "version": 1,
            "base_version": 0,
            "content": {"innovation_id": w.innovation[s], "workflow_state": "disetujui"},
        },
    ),
    "GET /pemda/settings": lambda w, c, s: _status_ok(c.get("/pemda/settings")),
    # The same value again: the setting stays off for the other cases.
    "PUT /pemda/settings": lambda w, c, s: _status_ok(
        c.put("/pemda/settings", json={"opd_step": False})
    ),
    "push innovation (sets state)": lambda w, c, s: _push_ok(
        c, _forged(w, s, lambda content: content.update(workflow_state="disetujui"))
    ),
    "push innovation (sets verdict)": lambda w, c, s: _push_ok(
        c,
        _forged(
            w,
            s,
            lambda content: content["answers"]["16"].update(verdict="sesuai", verified_level=3),
        ),
    ),
    "PATCH /users/{id}": lambda w, c, s: _status_ok(
        c.patch(f"/users/{w.operator_of[s]}", json={"full_name": f"Nama {new_id()[:6]}"})
    ),
    "GET /me": lambda w, c, s: _status_ok(c.get("/me")),
    "GET /probe": lambda w, c, s: _status_ok(c.get("/probe")),
    "GET /sync/pull": lambda w, c, s: _status_ok(c.get("/sync/pull")),
    "GET /sync/pull (sees SPD)": lambda w, c, s: w.spd_id in {ch["id"] for ch in pull_all(c)},
    "push spd_profile": lambda w, c, s: _push_ok(c, spd_profile()),
    "POST /opds": lambda w, c, s: _status_ok(
        c.post("/opds", json={"code": f"X{new_id()[:6]}", "name": "Kecamatan Uji"})
    ),
    "GET /users": lambda w, c, s: _status_ok(c.get("/users")),
    "POST /users": lambda w, c, s: _status_ok(
        c.post(
            "/users",
            json={"username": f"u{new_id()[:8]}", "password": "rahasia-123", "role": "pimpinan"},
        )
    ),
    "GET /audit": lambda w, c, s: _status_ok(c.get("/audit")),
    "POST /auth/logout": lambda w, c, s: _status_ok(c.post("/auth/logout")),
    # Same password again: the account keeps its demo password for the other cases.
    "POST /auth/password": lambda w, c, s: _status_ok(
        c.post(
            "/auth/password",
            json={
                "current_password": DEMO_PASSWORDS[w.live.user_of(c)],
                "new_password": DEMO_PASSWORDS[w.live.user_of(c)],
            },
        )
    ),
}


def _cases() -> list[Any]:
    out = []
    for action, row in MATRIX.items():
        for role in ROLES:
            for scope, expected in zip(SCOPES, row[role], strict=False):
                label = f"{action} | {role}" + (f" | {scope}" if len(row[role]) > 1 else "")
                out.append(pytest.param(action, role, scope, expected, id=label))
    return out


def test_matrix_covers_every_action_and_role() -> None:
    assert set(MATRIX) == set(CASES)
    for row in MATRIX.values():
        assert set(row) == set(ROLES)


@pytest.mark.parametrize(("action", "role", "scope", "expected"), _cases())
def test_access(world: World, action: str, role: str, scope: str, expected: bool) -> None:
    live = world.live
    # Logout kills the token: give that case its own login.
    token = live.login(role) if action == "POST /auth/logout" else live.token(role)
    with httpx.Client(base_url=live.api, headers={"Authorization": f"Bearer {token}"}) as c:
        assert CASES[action](world, c, scope) is expected


ANONYMOUS = [
    ("GET", "/me"),
    ("GET", "/probe"),
    ("GET", "/sync/pull"),
    ("POST", "/sync/push"),
    ("GET", "/records/x"),
    ("GET", "/records/x/history"),
    ("GET", "/innovations/x/workflow"),
    ("GET", "/pemda/settings"),
    ("PUT", "/pemda/settings"),
    ("GET", "/opds"),
    ("GET", "/projection"),
    ("POST", "/opds"),
    ("GET", "/users"),
    ("POST", "/users"),
    ("PATCH", "/users/x"),
    ("GET", "/audit"),
    ("POST", "/auth/logout"),
    ("POST", "/auth/password"),
]


@pytest.mark.parametrize(("method", "path"), ANONYMOUS)
def test_every_endpoint_but_login_needs_a_token(live: LiveServer, method: str, path: str) -> None:
    r = httpx.request(method, live.api + path, json={"records": []}, timeout=30)
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert r.json()["type"].endswith("/unauthenticated")


def test_every_api_route_is_in_the_matrix_or_open(live: LiveServer) -> None:
    spec = httpx.get(live.api + "/openapi.json").json()
    routes = {
        (m.upper(), p.removeprefix("/api/v1"))
        for p, ops in spec["paths"].items()
        for m in ops
        if not p.startswith("/api/v1/uploads") and not p.startswith("/api/v1/blobs")
    }
    covered = {(m, p.replace("/x", "/{record_id}", 1)) for m, p in ANONYMOUS}
    covered = {(m, p.replace("/users/{record_id}", "/users/{user_id}")) for m, p in covered}
    covered |= {("GET", "/innovations/{innovation_id}/workflow")}
    open_routes = {("POST", "/auth/login"), ("GET", "/health")}
    assert routes - covered - open_routes == set()
