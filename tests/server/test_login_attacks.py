"""Sign-in and account attacks, run as an attacker would: name variants past the limit,
concurrent guesses, locking a colleague out, passwords typed into the name field, weak
passwords, an admin locking the pemda out of administration."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from sync.server.config import Settings
from sync.server.db import Database, upgrade
from sync.server.models import AuditEvent
from sync.server.throttle import LoginThrottle, normalise_username
from tests.server.helpers import assert_problem
from tests.server.live import LiveServer


def _login(live: LiveServer, username: str, password: str, **headers: str) -> httpx.Response:
    return httpx.post(
        f"{live.api}/auth/login",
        json={"username": username, "password": password},
        headers=headers,
        timeout=60,
    )


@pytest.fixture
def strict(make_server):  # type: ignore[no-untyped-def]
    return make_server(
        login_max_failures_per_account=3,
        login_max_failures_per_address=50,
        login_delay_base_seconds=30,  # the next attempt comes well within the first wait
    )


@pytest.mark.parametrize("variant", ["operator  ", " operator", "OPERATOR", "ｏｐｅｒａｔｏｒ"])
def test_name_variants_share_the_accounts_counter(strict: LiveServer, variant: str) -> None:
    for _ in range(3):
        assert _login(strict, "operator", "bukan-ini").status_code == 401
    # The lookup finds the account under the variant; so must the counter.
    assert_problem(_login(strict, variant, "demo-operator"), 429, "rate-limited")


def test_concurrent_guesses_get_no_more_than_the_free_attempts(
    make_server,  # type: ignore[no-untyped-def]
) -> None:
    live = make_server(login_delay_base_seconds=30)
    name = "pimpinan"
    answers: list[int] = []
    start = threading.Barrier(60)

    def guess(i: int) -> None:
        start.wait()
        answers.append(_login(live, name, f"tebakan-{i}").status_code)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(60)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    counts = Counter(answers)
    assert counts[401] == live.settings.login_max_failures_per_account, counts
    assert counts[429] == 60 - counts[401], counts


def test_a_stranger_cannot_lock_the_owner_out(make_server) -> None:  # type: ignore[no-untyped-def]
    # The first wait is long enough that no pause of a loaded machine between two requests
    # outlasts it (with the 1 s default, the guess from the third address could arrive after
    # the wait had passed and get its 401).
    live = make_server(trust_forwarded_for=True, login_delay_base_seconds=30)
    owner = {"X-Forwarded-For": "198.51.100.7"}
    attacker = {"X-Forwarded-For": "203.0.113.9"}
    assert _login(live, "verifikator", "demo-verifikator", **owner).status_code == 200
    waits = []
    for _ in range(12):
        r = _login(live, "verifikator", "tebakan", **attacker)
        if r.status_code == 429:
            waits.append(int(r.headers["retry-after"]))
    # Past the free attempts the attacker is slowed down, and so is guessing from any other
    # address (the account's own key: a botnet gets the slow rate too)...
    assert waits and max(waits) >= 1
    r = _login(live, "verifikator", "tebakan", **{"X-Forwarded-For": "192.0.2.44"})
    assert r.status_code == 429
    assert int(r.headers["retry-after"]) <= live.settings.login_max_delay_account_seconds
    # ...while the owner, where they already sign in, goes straight in.
    assert _login(live, "verifikator", "demo-verifikator", **owner).status_code == 200


def test_an_attacker_hammering_at_every_allowed_moment_never_delays_the_owner(
    tmp_path: Path,
) -> None:
    """The attacker tries again the very moment each wait ends, for an hour; the owner, at the
    address they signed in from before, is never asked to wait. Guessing from the owner's
    address is still slowed down (its own key for the account)."""
    settings = Settings(data_dir=tmp_path)
    upgrade(settings.database_url)
    db = Database(settings)
    throttle = LoginThrottle(settings)
    t = 2_000_000.0
    try:
        with db.session_scope() as session:
            assert throttle.reserve(session, "kepala", "10.1.1.1", now=t) is None
            throttle.succeeded(session, "kepala", "10.1.1.1", now=t)
        attacker_waits, owner_waits = [], []
        end = t + 3600
        while t < end:
            with db.session_scope() as session:
                wait = throttle.reserve(session, "Kepala ", "10.6.6.6", now=t)
            attacker_waits.append(wait or 0)
            with db.session_scope() as session:
                owner_waits.append(throttle.reserve(session, "kepala", "10.1.1.1", now=t + 0.5))
            with db.session_scope() as session:
                throttle.succeeded(session, "kepala", "10.1.1.1", now=t + 0.5)
            t += wait or 0.001
        assert max(attacker_waits) >= settings.login_max_delay_account_seconds
        assert owner_waits and all(w is None for w in owner_waits)
        # Wrong passwords from the owner's own address are limited like any others.
        waits = []
        for _ in range(settings.login_max_failures_per_account + 2):
            with db.session_scope() as session:
                waits.append(throttle.reserve(session, "kepala", "10.1.1.1", now=t))
            t += 0.001
        assert waits[-1] is not None
    finally:
        db.dispose()


def test_the_delay_grows_with_each_failure_and_is_forgotten(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, login_window_seconds=600)
    upgrade(settings.database_url)
    db = Database(settings)
    throttle = LoginThrottle(settings)
    t = 1_000_000.0
    waits = []
    try:
        for _ in range(17):
            with db.session_scope() as session:
                wait = throttle.reserve(session, "Admin ", "10.9.9.9", now=t)
            if wait is None:
                waits.append(0)
                t += 0.001
            else:
                waits.append(wait)
                t += wait  # the attacker waits exactly as long as asked
        # 5 free attempts, then 1, 2, 4, 8, 16 s, then the account's 30 s cap.
        assert [w for w in waits if w] == [1, 2, 4, 8, 16, 30]
        # A success clears the account's counter.
        with db.session_scope() as session:
            throttle.succeeded(session, "admin", "10.9.9.9")
        with db.session_scope() as session:
            assert throttle.reserve(session, "admin", "10.9.9.10", now=t) is None
        # A quiet period forgets failures altogether.
        for _ in range(5):
            with db.session_scope() as session:
                throttle.reserve(session, "pimpinan", "10.9.9.11", now=t)
        with db.session_scope() as session:
            assert throttle.reserve(session, "pimpinan", "10.9.9.11", now=t) is not None
        with db.session_scope() as session:
            assert throttle.reserve(session, "pimpinan", "10.9.9.11", now=t + 601) is None
    finally:
        db.dispose()


def test_normalised_names_fold_case_width_and_spaces() -> None:
    assert normalise_username(" Operator\t ") == "operator"
    assert normalise_username("ＯＰＥＲＡＴＯＲ") == "operator"
    assert normalise_username("op erator") == "operator"


def test_a_password_typed_into_the_name_field_is_not_kept(live: LiveServer) -> None:
    secret = "Kopi-Jendela-Musim-77"
    assert _login(live, secret, "salah").status_code == 401
    assert _login(live, "admin ", "salah-lagi").status_code == 401
    db = Database(live.settings)
    with db.session_scope() as session:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "auth.login_failed")
        ).all()
        dump = repr([(r.actor, r.details) for r in rows])
    db.dispose()
    assert secret not in dump and secret.lower() not in dump
    assert any(r.details.get("unknown_username_length") == len(secret) for r in rows)
    # A name that means an account is kept as the account's own name.
    assert any(r.details.get("username") == "admin" and r.actor == "admin" for r in rows)


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("tanti", "12345678"),
        ("tanti", "password1"),
        ("tanti", "qwertyuiop"),
        ("tanti.wid", "Tanti.Wid"),
        ("tantiwidya", "TantiWidya"),
        ("budiman", "budiman123"),
    ],
)
def test_weak_passwords_are_refused_with_what_to_do(
    live: LiveServer, username: str, password: str
) -> None:
    with live.client("admin") as admin:
        r = admin.post(
            "/users", json={"username": username, "password": password, "role": "pimpinan"}
        )
    body = assert_problem(r, 422, "validation")
    assert "kata sandi" in body["detail"].lower()


def test_a_strong_password_is_accepted(live: LiveServer) -> None:
    with live.client("admin") as admin:
        r = admin.post(
            "/users",
            json={"username": "kuat", "password": "kopi-jendela-musim-7", "role": "pimpinan"},
        )
    assert r.status_code == 201, r.text


def test_the_only_admin_cannot_demote_or_deactivate_themselves(
    make_server,  # type: ignore[no-untyped-def]
) -> None:
    live = make_server()
    me = live.user("admin")["id"]
    with live.client("admin") as admin:
        off = admin.patch(f"/users/{me}", json={"active": False})
        assert "admin" in assert_problem(off, 409, "conflict")["detail"]
        down = admin.patch(f"/users/{me}", json={"role": "verifikator"})
        assert_problem(down, 409, "conflict")
        assert admin.get("/users").status_code == 200  # still an admin, still signed in
        second = admin.post(
            "/users",
            json={"username": "admin-dua", "password": "kopi-jendela-musim-7", "role": "admin"},
        )
        assert second.status_code == 201
        # With a second active admin, stepping down is allowed.
        assert admin.patch(f"/users/{me}", json={"role": "verifikator"}).status_code == 200
