"""Errors are RFC 9457 problem+json; bad input is never a 500; oversize bodies get 413."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI

from tests.server.helpers import assert_problem
from tests.server.live import LiveServer


def test_unknown_path_and_wrong_method(live: LiveServer) -> None:
    assert_problem(httpx.get(live.api + "/tidak-ada"), 404, "not-found")
    assert_problem(httpx.delete(live.api + "/probe"), 405, "method-not-allowed")


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (b'{"records": [', "body"),
        (b"\xff\xfe not json", "body"),
        (b'{"records": "banyak"}', "records"),
        (
            b'{"records": [{"type": "innovation", "id": "a", "version": "satu", '
            b'"base_version": 0, "content": {}}]}',
            "version",
        ),
        (
            b'{"records": [{"type": "innovation", "id": "a", "version": 1, '
            b'"base_version": 0, "content": {}, "extra": 1}]}',
            "extra",
        ),
        (
            b'{"records": [{"type": "foto", "id": "a", "version": 1, '
            b'"base_version": 0, "content": {}}]}',
            "type",
        ),
        (b'{"records": []}', "records"),
        (b"[]", "body"),
    ],
)
def test_bad_push_bodies_are_422_with_the_field_named(
    live: LiveServer, body: bytes, where: str
) -> None:
    with live.client("operator") as c:
        r = c.post("/sync/push", content=body, headers={"Content-Type": "application/json"})
    problem = assert_problem(r, 422, "validation")
    assert problem["errors"]
    assert any(where in [str(p) for p in e["loc"]] for e in problem["errors"]), problem


def test_bad_query_parameters_are_422(live: LiveServer) -> None:
    with live.client("operator") as c:
        for params in ({"since": "kemarin"}, {"since": -1}, {"limit": 0}, {"limit": 10**6}):
            assert_problem(c.get("/sync/pull", params=params), 422, "validation")


def test_login_with_unknown_fields_is_422(live: LiveServer) -> None:
    r = httpx.post(live.api + "/auth/login", json={"username": "a", "password": "b", "x": 1})
    assert_problem(r, 422, "validation")


def _raw_request(url: str, head: bytes, body: bytes = b"") -> bytes:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(head + body)
        chunks = []
        while True:
            try:
                data = s.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not data:
                break
            chunks.append(data)
    return b"".join(chunks)


def test_declared_oversize_body_is_refused_before_it_is_sent(live: LiveServer) -> None:
    token = live.token("operator")
    head = (
        f"POST /api/v1/sync/push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {10**10}\r\n\r\n"
    ).encode()
    # No body is sent at all: the answer must come from the header alone.
    reply = _raw_request(live.url, head)
    status_line, _, rest = reply.partition(b"\r\n")
    assert b" 413 " in status_line
    assert b"application/problem+json" in rest
    assert b"payload-too-large" in rest


@pytest.fixture
def small(make_server) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    yield make_server(max_request_bytes=4096)


def test_chunked_oversize_body_is_cut_off_with_413(small: LiveServer) -> None:
    token = small.token("operator")

    def chunks() -> Iterator[bytes]:
        yield b'{"records": ['
        for _ in range(100):
            yield b" " * 1000

    r = httpx.post(
        small.api + "/sync/push",
        content=chunks(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert_problem(r, 413, "payload-too-large")
    # A body under the limit still works on the same server.
    with small.client("operator") as c:
        assert c.get("/probe").status_code == 200


def test_unexpected_errors_are_a_500_problem_without_internals(make_server) -> None:  # type: ignore[no-untyped-def]
    server = make_server()
    app: FastAPI = server.server.config.app

    @app.get("/api/v1/boom-for-test")
    def boom() -> None:
        raise RuntimeError("secret internal detail /etc/passwd")

    r = httpx.get(server.api + "/boom-for-test")
    body = assert_problem(r, 500, "internal")
    assert "secret" not in r.text and "RuntimeError" not in r.text
    assert body["detail_en"].startswith("The server hit an error")


def test_openapi_is_served_and_lists_the_sync_endpoints(live: LiveServer) -> None:
    spec = httpx.get(live.api + "/openapi.json").json()
    for path in ("/api/v1/probe", "/api/v1/sync/push", "/api/v1/sync/pull", "/api/v1/me"):
        assert path in spec["paths"]
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
