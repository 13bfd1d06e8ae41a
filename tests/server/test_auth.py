"""Accounts over HTTP: login, hashed tokens, expiry, revocation, rate limits, audit of changes."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select, text, update

from sync.server.db import Database
from sync.server.demo import DEMO_PEMDA_CODE
from sync.server.models import AuditEvent, Token, User
from tests.server.helpers import assert_problem
from tests.server.live import LiveServer


def _login(live: LiveServer, username: str, password: str) -> httpx.Response:
    return httpx.post(
        f"{live.api}/auth/login",
        json={"username": username, "password": password, "device": "pc-1"},
        timeout=30,
    )


def test_login_returns_a_token_and_me_describes_the_account(live: LiveServer) -> None:
    r = _login(live, "operator", "demo-operator")
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "bearer"
    assert datetime.fromisoformat(body["expires_at"]) > datetime.now(UTC) + timedelta(days=1)
    me = httpx.get(
        f"{live.api}/me", headers={"Authorization": f"Bearer {body['access_token']}"}
    ).json()
    assert me["username"] == "operator"
    assert me["role"] == "operator"
    assert me["opd_name"] == "Dinas Pendidikan"
    assert me["pemda_name"] == "Kabupaten Contoh"
    assert me["pemda_code"] == DEMO_PEMDA_CODE


def test_tokens_and_passwords_are_stored_only_as_hashes(live: LiveServer) -> None:
    token = live.login("verifikator")
    db = Database(live.settings)
    with db.session_scope() as session:
        stored = session.scalars(select(Token.token_hash)).all()
        hashes = session.scalars(select(User.password_hash)).all()
        dump = " ".join(str(v) for v in session.execute(text("SELECT * FROM tokens")).all())
    db.dispose()
    assert hashlib.sha256(token.encode()).hexdigest() in stored
    assert token not in dump
    assert all(h.startswith("$argon2id$") for h in hashes)


def test_wrong_password_is_a_401_problem(live: LiveServer) -> None:
    body = assert_problem(_login(live, "pimpinan", "salah-sekali"), 401, "unauthenticated")
    assert "kata sandi" in body["detail"]


def test_logout_revokes_the_token_at_once(live: LiveServer) -> None:
    token = live.login("pimpinan")
    headers = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{live.api}/probe", headers=headers).status_code == 200
    assert httpx.post(f"{live.api}/auth/logout", headers=headers).status_code == 204
    body = assert_problem(httpx.get(f"{live.api}/probe", headers=headers), 401, "unauthenticated")
    assert "diakhiri" in body["detail"]


def test_expired_token_is_refused(live: LiveServer) -> None:
    token = live.login("pimpinan")
    db = Database(live.settings)
    with db.session_scope() as session:
        session.execute(
            update(Token)
            .where(Token.token_hash == hashlib.sha256(token.encode()).hexdigest())
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    db.dispose()
    r = httpx.get(f"{live.api}/probe", headers={"Authorization": f"Bearer {token}"})
    assert "kedaluwarsa" in assert_problem(r, 401, "unauthenticated")["detail"]


def test_unknown_and_malformed_tokens_are_refused(live: LiveServer) -> None:
    for header in ("Bearer idk_nope", "Basic abc", "Bearer"):
        r = httpx.get(f"{live.api}/probe", headers={"Authorization": header})
        assert_problem(r, 401, "unauthenticated")


def test_admin_password_reset_and_deactivation_end_sessions(live: LiveServer) -> None:
    with live.client("admin") as admin:
        created = admin.post(
            "/users",
            json={"username": "sementara", "password": "awal-1234", "role": "pimpinan"},
        )
        assert created.status_code == 201, created.text
        uid = created.json()["id"]
        token = live.login("sementara", "awal-1234")
        headers = {"Authorization": f"Bearer {token}"}
        assert httpx.get(f"{live.api}/me", headers=headers).status_code == 200
        r = admin.patch(f"/users/{uid}", json={"password": "baru-12345"})
        assert r.status_code == 200
        assert httpx.get(f"{live.api}/me", headers=headers).status_code == 401
        assert _login(live, "sementara", "awal-1234").status_code == 401
        token = live.login("sementara", "baru-12345")
        assert admin.patch(f"/users/{uid}", json={"active": False}).status_code == 200
        r = httpx.get(f"{live.api}/me", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401
        assert _login(live, "sementara", "baru-12345").status_code == 401
        audit = admin.get("/audit").json()
    actions = [e["action"] for e in audit if e["target_id"] == uid]
    assert {"user.create", "user.password_reset", "user.update"} <= set(actions)
    update_event = next(e for e in audit if e["action"] == "user.update" and e["target_id"] == uid)
    assert update_event["details"] == {"active": [True, False]}
    assert update_event["actor"] == "admin"


def test_an_open_admin_session_cannot_set_the_admins_own_password(live: LiveServer) -> None:
    """Whoever sits at an admin's open session must not take the account over: the admin's
    own password changes only with the current one (POST /auth/password)."""
    me = live.user("admin")["id"]
    token = live.login("admin", device="kantor")
    with live.client("admin") as admin:
        r = admin.patch(f"/users/{me}", json={"password": "punya-penyusup-99", "full_name": "X"})
        assert "Ganti kata sandi" in assert_problem(r, 403, "forbidden")["detail"]
        assert admin.get("/me").json()["full_name"] != "X"  # nothing of the request applied
    assert _login(live, "admin", "punya-penyusup-99").status_code == 401
    assert (
        httpx.get(f"{live.api}/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    )


def test_user_creation_errors_say_what_to_do(live: LiveServer) -> None:
    with live.client("admin") as admin:
        dup = admin.post(
            "/users", json={"username": "operator", "password": "rahasia-123", "role": "admin"}
        )
        assert "sudah dipakai" in assert_problem(dup, 409, "conflict")["detail"]
        no_opd = admin.post(
            "/users", json={"username": "op-tanpa", "password": "rahasia-123", "role": "operator"}
        )
        assert "OPD" in assert_problem(no_opd, 422, "validation")["detail"]
        short = admin.post(
            "/users", json={"username": "pendek", "password": "123", "role": "admin"}
        )
        assert_problem(short, 422, "validation")


@pytest.fixture
def strict(make_server):  # type: ignore[no-untyped-def]
    return make_server(
        login_max_failures_per_account=3,
        login_max_failures_per_address=6,
        login_delay_base_seconds=30,  # the next attempt comes well within the first wait
    )


def test_login_is_rate_limited_per_account(strict: LiveServer) -> None:
    for _ in range(3):
        assert _login(strict, "admin", "bukan-ini").status_code == 401
    r = _login(strict, "admin", "demo-admin")  # even the right password waits now
    body = assert_problem(r, 429, "rate-limited")
    assert int(r.headers["retry-after"]) > 0
    assert "detik" in body["detail"]
    # Another account from the same address is not locked by the first one's failures.
    assert _login(strict, "pimpinan", "demo-pimpinan").status_code == 200
    db = Database(strict.settings)
    with db.session_scope() as session:
        failed = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "auth.login_failed")
        ).all()
    db.dispose()
    assert len(failed) == 3 and failed[0].address == "127.0.0.1"


def test_login_is_rate_limited_per_address(strict: LiveServer) -> None:
    for i in range(6):
        assert _login(strict, f"tidak-ada-{i}", "bukan-ini").status_code == 401
    assert_problem(_login(strict, "verifikator", "demo-verifikator"), 429, "rate-limited")


def test_a_successful_login_clears_the_account_counter(strict: LiveServer) -> None:
    for _ in range(2):
        assert _login(strict, "operator", "bukan-ini").status_code == 401
    assert _login(strict, "operator", "demo-operator").status_code == 200
    for _ in range(2):
        assert _login(strict, "operator", "bukan-ini").status_code == 401
    assert _login(strict, "operator", "demo-operator").status_code == 200


def test_changing_ones_password_keeps_this_session_and_ends_the_others(
    live: LiveServer,
) -> None:
    with live.client("admin") as admin:
        r = admin.post(
            "/users", json={"username": "ganti", "password": "lama-12345", "role": "pimpinan"}
        )
        assert r.status_code == 201
    this = {"Authorization": f"Bearer {live.login('ganti', 'lama-12345')}"}
    other = {"Authorization": f"Bearer {live.login('ganti', 'lama-12345')}"}
    wrong = httpx.post(
        f"{live.api}/auth/password",
        headers=this,
        json={"current_password": "keliru-123", "new_password": "baru-123456"},
    )
    assert "salah" in assert_problem(wrong, 403, "forbidden")["detail"]
    short = httpx.post(
        f"{live.api}/auth/password",
        headers=this,
        json={"current_password": "lama-12345", "new_password": "pendek"},
    )
    assert_problem(short, 422, "validation")
    ok = httpx.post(
        f"{live.api}/auth/password",
        headers=this,
        json={"current_password": "lama-12345", "new_password": "baru-123456"},
    )
    assert ok.status_code == 204
    assert httpx.get(f"{live.api}/me", headers=this).status_code == 200
    assert httpx.get(f"{live.api}/me", headers=other).status_code == 401
    assert _login(live, "ganti", "lama-12345").status_code == 401
    assert _login(live, "ganti", "baru-123456").status_code == 200


def test_guessing_the_current_password_is_rate_limited_too(strict: LiveServer) -> None:
    headers = {"Authorization": f"Bearer {strict.token('verifikator')}"}
    body = {"current_password": "tebakan-1", "new_password": "baru-123456"}
    for _ in range(3):
        r = httpx.post(f"{strict.api}/auth/password", headers=headers, json=body)
        assert r.status_code == 403
    body["current_password"] = "demo-verifikator"
    r = httpx.post(f"{strict.api}/auth/password", headers=headers, json=body)
    assert_problem(r, 429, "rate-limited")
