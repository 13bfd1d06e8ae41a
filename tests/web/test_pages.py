"""The web dashboard's pages and the projection API without a browser: CSRF on the sign-in
form, cookie flags over HTTPS, no open redirect, security headers, the login limit shared with
the API, and the projection each role is served."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from iid.projection import PemdaProjection, projection_from_dict
from sync.server.app import create_app
from sync.server.blobstore import create_blob_store
from sync.server.config import Settings
from sync.server.db import Database, upgrade
from sync.server.demo import DEMO_ACCOUNTS, seed_demo, seed_demo_innovations
from sync.server.projection import clear_cache
from tests.server.helpers import complete_content, evidence_on_server, move

PASSWORDS = {a.username: a.password for a in DEMO_ACCOUNTS}


def make_client(tmp: Path, base_url: str = "http://testserver", **settings: object) -> TestClient:
    config = Settings(data_dir=tmp, **settings)  # type: ignore[arg-type]
    upgrade(config.database_url)
    db = Database(config)
    with db.session_scope() as session:
        seed_demo(session)
    with db.session_scope() as session:
        seed_demo_innovations(session, create_blob_store(config))
    db.dispose()
    clear_cache()
    return TestClient(create_app(config), base_url=base_url)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with make_client(tmp_path_factory.mktemp("web")) as c:
        yield c


def form_token(client: TestClient) -> str:
    page = client.get("/masuk")
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found is not None
    return found.group(1)


def sign_in(
    client: TestClient, username: str, password: str | None = None, next_: str = "/"
) -> object:
    client.cookies.clear()
    token = form_token(client)
    return client.post(
        "/masuk",
        data={
            "username": username,
            "password": password or PASSWORDS[username],
            "csrf": token,
            "next": next_,
        },
        follow_redirects=False,
    )


def test_sign_in_without_the_forms_token_is_refused(client: TestClient) -> None:
    client.cookies.clear()
    form_token(client)
    r = client.post(
        "/masuk",
        data={"username": "pimpinan", "password": PASSWORDS["pimpinan"], "csrf": "forged"},
        follow_redirects=False,
    )
    assert r.status_code == 403 and "kedaluwarsa" in r.text
    assert "idk_web" not in r.cookies


def test_a_cross_site_form_post_is_refused(client: TestClient) -> None:
    client.cookies.clear()
    token = form_token(client)
    r = client.post(
        "/masuk",
        data={"username": "pimpinan", "password": PASSWORDS["pimpinan"], "csrf": token},
        headers={"Sec-Fetch-Site": "cross-site"},
        follow_redirects=False,
    )
    assert r.status_code == 403


def test_sign_in_only_follows_local_paths(client: TestClient) -> None:
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        r = sign_in(client, "pimpinan", next_=target)
        assert r.status_code == 303 and r.headers["location"] == "/"  # type: ignore[attr-defined]
    r = sign_in(client, "pimpinan", next_="/inovasi?set=counted")
    assert r.headers["location"] == "/inovasi?set=counted"  # type: ignore[attr-defined]


def test_pages_carry_security_headers_and_no_outside_assets(client: TestClient) -> None:
    sign_in(client, "admin")
    page = client.get("/")
    assert page.status_code == 200
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store"
    # Every asset is the server's own: no absolute URL in a src or href.
    assert not re.search(r'(src|href)="(https?:)?//', page.text)
    css = client.get("/static/dashboard.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]


def test_the_session_cookie_is_secure_behind_https(tmp_path: Path) -> None:
    public = "https://inovasi.example.go.id"
    with make_client(tmp_path, base_url=public, public_url=public) as c:
        r = sign_in(c, "pimpinan")
        assert r.status_code == 303  # type: ignore[attr-defined]
        cookie = r.headers.get_list("set-cookie")[0]  # type: ignore[attr-defined]
        assert "idk_web=" in cookie
        assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=lax" in cookie


def test_web_failures_count_against_the_same_login_limit(tmp_path: Path) -> None:
    with make_client(tmp_path, login_max_failures_per_account=2) as c:
        for _ in range(2):
            assert sign_in(c, "verifikator", "wrong-password").status_code == 401  # type: ignore[attr-defined]
        # The web's own failures lock the API's login for that account, and the other way.
        api = c.post(
            "/api/v1/auth/login",
            json={"username": "verifikator", "password": PASSWORDS["verifikator"]},
        )
        assert api.status_code == 429
        web = sign_in(c, "verifikator")
        assert web.status_code == 429 and "Coba lagi" in web.text  # type: ignore[attr-defined]


def bearer(client: TestClient, username: str) -> dict[str, str]:
    r = client.post(
        "/api/v1/auth/login", json={"username": username, "password": PASSWORDS[username]}
    )
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_the_projection_api_serves_the_same_figures_to_every_role(client: TestClient) -> None:
    served = {}
    for username in ("admin", "verifikator", "pimpinan", "operator"):
        r = client.get("/api/v1/projection?year=2026", headers=bearer(client, username))
        assert r.status_code == 200, r.text
        served[username] = projection_from_dict(r.json()["projection"])
    whole = served["pimpinan"]
    assert whole.scope == "pemda" and whole.claimed.n == 12
    assert {p.claimed for p in served.values()} == {whole.claimed}
    own = served["operator"]
    assert own.scope == "opd" and len(own.opds) == 1
    assert {r.opd_id for r in own.innovations} == {own.scope_opd}
    assert len(own.innovations) < len(whole.innovations)


def test_the_projection_api_refuses_what_it_cannot_answer(client: TestClient) -> None:
    assert client.get("/api/v1/projection").status_code == 401
    auth = bearer(client, "admin")
    missing = client.get("/api/v1/projection?year=2031", headers=auth)
    assert missing.status_code == 404 and "2026" in missing.json()["detail"]
    unknown = client.get("/api/v1/projection?year=2023", headers=auth)
    assert unknown.status_code == 422 and unknown.json()["detail_en"]


def served_projection(client: TestClient, auth: dict[str, str]) -> PemdaProjection:
    return projection_from_dict(client.get("/api/v1/projection", headers=auth).json()["projection"])


def test_the_projection_follows_a_push_at_once(client: TestClient) -> None:
    auth = bearer(client, "admin")
    before = projection_from_dict(
        client.get("/api/v1/projection", headers=auth).json()["projection"]
    )
    operator = bearer(client, "operator")
    own_opd = client.get("/api/v1/me", headers=operator).json()["opd_id"]
    draft = next(
        r for r in before.innovations if r.status.value == "potensi" and r.opd_id == own_opd
    )
    # The operator completes the draft and submits it (the state is the server's to change).
    record = client.get(f"/api/v1/records/{draft.id}", headers=operator).json()
    files = evidence_on_server(client, prefix="/api/v1", headers=operator)
    complete = complete_content(
        own_opd, draft.id, nama=record["content"]["profile"]["nama"], files=files
    )
    edit = {
        "type": "innovation",
        "id": draft.id,
        "version": record["version"] + 1,
        "base_version": record["version"],
        "content": complete,
    }
    pushed = client.post(
        "/api/v1/sync/push", headers=operator, json={"records": [edit, move(draft.id, "ajukan")]}
    )
    assert [r["status"] for r in pushed.json()["results"]] == ["applied", "applied"]
    after = projection_from_dict(
        client.get("/api/v1/projection", headers=auth).json()["projection"]
    )
    assert after.claimed.n == before.claimed.n + 1
