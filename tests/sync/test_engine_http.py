"""HTTP error classification: what the engine does next for each kind of answer."""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest
import requests

from sync.client.http import (
    ApiClient,
    AuthError,
    CaptivePortalError,
    LoginFailed,
    PermanentError,
    SyncNetworkError,
    Timeouts,
    TransientError,
    classify,
    parse_retry_after,
)
from tests.server.live import LiveServer
from tests.sync.faultproxy import FaultProxy


def response(
    status: int, body: Any = None, headers: dict[str, str] | None = None
) -> requests.Response:
    r = requests.Response()
    r.status_code = status
    r.reason = "x"
    r.headers.update(headers or {})
    if isinstance(body, dict):
        r._content = json.dumps(body).encode()
        r.headers.setdefault("Content-Type", "application/problem+json")
    elif isinstance(body, str):
        r._content = body.encode()
    else:
        r._content = b""
    return r


PROBLEM = {"type": "t", "title": "T", "status": 0, "detail": "Rusak", "detail_en": "Broken"}


def test_success_is_no_error() -> None:
    assert classify(response(200, {"a": 1}, {"Content-Type": "application/json"})) is None
    assert classify(response(204)) is None


def test_a_successful_answer_is_decoded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # A pull page is ~1 MB of JSON: classify leaves a 2xx body to the one who reads it.
    import requests.models

    from sync.client import http

    complexjson = vars(requests.models)["complexjson"]  # the json module requests decodes with
    page = {"changes": [], "next_cursor": 7, "has_more": False}
    decoded: list[Any] = []
    real_loads = {complexjson: complexjson.loads, http.orjson: http.orjson.loads}

    def counting_loads(text: Any, **kw: Any) -> Any:
        decoded.append(text)
        return real_loads[complexjson](text, **kw)

    monkeypatch.setattr(complexjson, "loads", counting_loads)
    monkeypatch.setattr(http.orjson, "loads", counting_loads)  # what ApiClient reads 2xx with

    class OnePage(requests.Session):
        def request(self, *args: Any, **kw: Any) -> requests.Response:
            return response(200, page, {"Content-Type": "application/json"})

    client = ApiClient("http://127.0.0.1:9", token=lambda: "t", session=OnePage())
    assert client.pull(0, 500) == page
    assert len(decoded) == 1
    # A refusal's problem fields are still read.
    err = classify(response(422, PROBLEM))
    assert isinstance(err, PermanentError) and err.detail == "Rusak" and len(decoded) == 2


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408, 429])
def test_server_trouble_and_rate_limits_are_transient(status: int) -> None:
    err = classify(response(status, PROBLEM, {"Retry-After": "17"}))
    assert isinstance(err, TransientError) and not isinstance(err, CaptivePortalError)
    assert err.retry_after == 17.0 and err.status == status


def test_401_is_auth() -> None:
    err = classify(response(401, PROBLEM))
    assert isinstance(err, AuthError)
    assert err.user_text() == "Rusak / Broken"


@pytest.mark.parametrize("status", [409, 413, 415, 422, 403, 404, 400])
def test_refusals_are_permanent_with_the_servers_words(status: int) -> None:
    err = classify(response(status, PROBLEM))
    assert isinstance(err, PermanentError)
    assert (err.detail, err.detail_en, err.status) == ("Rusak", "Broken", status)


def test_answers_orjson_refuses_are_read_as_requests_reads_them() -> None:
    """orjson reads 2xx answers; what it refuses but ``json`` reads (NaN, an integer beyond 64
    bits, another charset) is still read, and what is not JSON is a captive portal's."""

    class Answer(requests.Session):
        body = b""

        def request(self, *args: Any, **kw: Any) -> requests.Response:
            r = response(200, None, {"Content-Type": "application/json; charset=utf-16"})
            r._content = self.body
            return r

    session = Answer()
    client = ApiClient("http://127.0.0.1:9", token=lambda: "t", session=session)
    for body, expected in (
        (b'{"a": [1, 2.5, "\\u00e9"]}', {"a": [1, 2.5, "\u00e9"]}),
        (b'{"n": 18446744073709551616}', {"n": 2**64}),
        ('{"t": "Dinas Pendidikan"}'.encode("utf-16"), {"t": "Dinas Pendidikan"}),
    ):
        session.body = body
        assert client.json("GET", "/x") == expected
    session.body = b'{"nan": NaN}'
    nan = client.json("GET", "/x")["nan"]
    assert nan != nan
    session.body = b"<html>Masuk ke Wi-Fi hotel</html>"
    with pytest.raises(CaptivePortalError):
        client.json("GET", "/x")


def test_captive_portals() -> None:
    redirect = classify(response(302, None, {"Location": "http://portal/login"}))
    assert isinstance(redirect, CaptivePortalError) and "portal/login" in redirect.message
    html = classify(response(200, "<html>login</html>", {"Content-Type": "text/html"}))
    assert isinstance(html, CaptivePortalError)
    proxy_page = classify(response(403, "<html>blocked</html>", {"Content-Type": "text/html"}))
    assert isinstance(proxy_page, CaptivePortalError)


def test_retry_after_forms() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == 90
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_unreachable_server_is_a_network_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, not listening: connection refused
        api = ApiClient(f"http://127.0.0.1:{port}", token=lambda: "t")
        with pytest.raises(SyncNetworkError):
            api.probe()


def test_a_stalled_line_times_out_as_transient(server: LiveServer) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    with FaultProxy(host, int(port)) as proxy:
        proxy.stall(30)
        api = ApiClient(proxy.url, token=lambda: "t", timeouts=Timeouts(connect=1, read=0.5))
        with pytest.raises(SyncNetworkError, match="in time"):
            api.probe()
        proxy.unstall()


def test_real_server_answers(server: LiveServer) -> None:
    api = ApiClient(server.url, token=lambda: "not-a-token")
    with pytest.raises(AuthError):
        api.probe()
    with pytest.raises(LoginFailed) as err:
        api.login("operator", "wrong", "dev")
    assert err.value.detail and err.value.detail_en
    tok = api.login("operator", "demo-operator", "dev")
    api.token = lambda: tok.access_token
    assert api.probe().user.username == "operator"
    with pytest.raises(PermanentError) as perm:
        api.json("POST", "/sync/push", json_body={"records": []})  # 422: empty batch
    assert perm.value.status == 422 and perm.value.detail_en
    api.logout()
    with pytest.raises(AuthError):
        api.probe()
