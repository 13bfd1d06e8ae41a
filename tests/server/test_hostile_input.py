"""Hostile requests that used to reach the server's insides: unencodable text, a forged Host
header in upload addresses, answers a browser or a cache could misuse, a server started on a
public address without its public URL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.server.helpers import assert_problem, innovation, new_id
from tests.server.live import REPO, LiveServer

SURROGATE = "\ud800"


def _raw(live: LiveServer, path: str, body: str, token: str | None = None) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    # Written by hand: a JSON escape for a lone UTF-16 half, as an attacker's client sends it.
    return httpx.post(f"{live.api}{path}", content=body.encode(), headers=headers, timeout=30)


@pytest.mark.parametrize("where", ["value", "key", "nested"])
def test_a_lone_surrogate_in_record_content_is_a_422_not_a_500(
    live: LiveServer, where: str
) -> None:
    opd = live.user("operator")["opd_id"]
    content = {
        "value": f'{{"opd_id": "{opd}", "rule_year": 2026, "nama": "\\ud800"}}',
        "key": f'{{"opd_id": "{opd}", "rule_year": 2026, "\\udfff": 1}}',
        "nested": f'{{"opd_id": "{opd}", "rule_year": 2026, "d": [{{"x": ["a\\ud83d"]}}]}}',
    }[where]
    body = (
        f'{{"records": [{{"type": "innovation", "id": "{new_id()}", "version": 1, '
        f'"base_version": 0, "content": {content}}}]}}'
    )
    r = _raw(live, "/sync/push", body, live.token("operator"))
    problem = assert_problem(r, 422, "validation")
    assert problem["detail_en"]


def test_lone_surrogates_in_sign_in_and_admin_forms_are_422(live: LiveServer) -> None:
    r = _raw(live, "/auth/login", '{"username": "op\\ud800", "password": "x"}')
    assert_problem(r, 422, "validation")
    r = _raw(
        live,
        "/users",
        '{"username": "baru", "password": "kopi-jendela-musim-7", "role": "pimpinan", '
        '"full_name": "Budi \\udc00"}',
        live.token("admin"),
    )
    assert_problem(r, 422, "validation")
    r = _raw(live, "/opds", '{"code": "X1", "name": "Dinas \\ud800"}', live.token("admin"))
    assert_problem(r, 422, "validation")


def test_a_valid_pair_of_surrogates_is_an_ordinary_character(live: LiveServer) -> None:
    opd = live.user("operator")["opd_id"]
    rid = new_id()
    body = (
        f'{{"records": [{{"type": "innovation", "id": "{rid}", "version": 1, '
        f'"base_version": 0, "content": {{"id": "{rid}", "opd_id": "{opd}", "rule_year": 2026, '
        f'"profile": {{"nama": "Senyum \\ud83d\\ude00"}}}}}}]}}'
    )
    r = _raw(live, "/sync/push", body, live.token("operator"))
    assert r.status_code == 200 and r.json()["results"][0]["status"] == "applied"


def test_upload_addresses_never_come_from_the_host_header(live: LiveServer) -> None:
    with live.client("operator") as c:
        r = c.post(
            "/uploads",
            headers={
                "Tus-Resumable": "1.0.0",
                "Upload-Length": "10",
                "Upload-Metadata": "sha256 " + __import__("base64").b64encode(b"a" * 64).decode(),
                "Host": "evil.example",
                "X-Forwarded-Host": "evil.example",
            },
        )
    assert r.status_code == 201, r.text
    location = r.headers["location"]
    assert "evil" not in location
    assert location.startswith("/api/v1/uploads/")  # no public_url: a relative address


def test_with_a_public_url_upload_addresses_use_it(make_server) -> None:  # type: ignore[no-untyped-def]
    live = make_server(public_url="https://inovasi.kab-contoh.go.id/")
    with live.client("operator") as c:
        r = c.post(
            "/uploads",
            headers={
                "Tus-Resumable": "1.0.0",
                "Upload-Length": "10",
                "Upload-Metadata": "sha256 " + __import__("base64").b64encode(b"b" * 64).decode(),
                "Host": "evil.example",
            },
        )
    assert r.headers["location"].startswith("https://inovasi.kab-contoh.go.id/api/v1/uploads/")


def test_every_answer_says_nosniff_and_sign_in_is_not_cached(live: LiveServer) -> None:
    r = httpx.post(
        f"{live.api}/auth/login", json={"username": "operator", "password": "demo-operator"}
    )
    assert r.status_code == 200
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "no-store"
    with live.client("operator") as c:
        for answer in (c.get("/me"), c.get("/sync/pull"), c.get("/records/nope")):
            assert answer.headers["x-content-type-options"] == "nosniff"
            assert answer.headers["cache-control"] == "no-store"
    bad = httpx.post(f"{live.api}/auth/login", json={"username": "x", "password": "y"})
    assert bad.headers["cache-control"] == "no-store"


def _serve(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("INOVASI_SERVER_")}
    return subprocess.run(
        [sys.executable, "-m", "sync.server", "serve", "--data", str(tmp_path), *args],
        capture_output=True,
        text=True,
        env={**clean, "PYTHONPATH": str(REPO), **env},
        timeout=120,
    )


def test_serve_on_a_public_address_needs_the_public_url(tmp_path: Path) -> None:
    done = _serve(tmp_path, "--host", "0.0.0.0", "--port", "1")
    assert done.returncode != 0
    assert "public_url" in done.stderr and "INOVASI_SERVER_PUBLIC_URL" in done.stderr


def test_loopback_names_are_recognised() -> None:
    from sync.server.cli import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert is_loopback("127.5.0.1")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.0.0.1")
    assert not is_loopback("inovasi.kab-contoh.go.id")


def test_a_pushed_record_answer_is_unharmed_by_the_headers(live: LiveServer) -> None:
    with live.client("operator") as c:
        r = c.post("/sync/push", json={"records": [innovation(live.user("operator")["opd_id"])]})
    assert r.status_code == 200 and r.json()["results"][0]["status"] == "applied"
