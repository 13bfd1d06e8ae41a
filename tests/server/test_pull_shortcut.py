"""The pull's shortcut (``api_sync.PullShortcut``): a plain ``GET /sync/pull`` skips routing and
FastAPI's parameter solving, and answers exactly as the route does; anything else is the
route's, its 422s included."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from sync.server import api_sync
from sync.server.api_sync import plain_pull_query
from tests.server.helpers import assert_problem
from tests.server.live import LiveServer, seed_innovations

_ANSWER_HEADERS = ("content-type", "x-content-type-options", "cache-control")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (b"", (0, 200)),
        (b"since=5", (5, 200)),
        (b"since=5&limit=10", (5, 10)),
        (b"limit=10&since=0", (0, 10)),
        (b"since=9223372036854775807&limit=1000", (2**63 - 1, 1000)),
        # not plain: the route reads them (its 422, its defaults, what it ignores)
        (b"since=9223372036854775808", None),
        (b"since=-1", None),
        (b"since=1e3", None),
        (b"since=%35", None),
        (b"since=", None),
        (b"since", None),
        (b"since=1&since=2", None),
        (b"since=1&", None),
        (b"since=1&x=2", None),
        (b"limit=0", None),
        (b"limit=1001", None),
        (b"since=\xd9\xa1", None),  # a non-ASCII digit
    ],
)
def test_plain_pull_queries(query: bytes, expected: tuple[int, int] | None) -> None:
    assert plain_pull_query(query) == expected


def _same(shortcut: httpx.Response, routed: httpx.Response) -> None:
    assert shortcut.status_code == routed.status_code
    for name in _ANSWER_HEADERS:
        assert shortcut.headers.get(name) == routed.headers.get(name), name
    one, other = shortcut.json(), routed.json()
    one.pop("server_time", None)
    other.pop("server_time", None)
    assert one == other


def test_a_plain_pull_takes_the_shortcut_and_answers_as_the_route(
    live: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    judged: list[tuple[int, int] | None] = []

    def spy(query: bytes) -> tuple[int, int] | None:
        judged.append(plain_pull_query(query))
        return judged[-1]

    assert seed_innovations(live) > 3
    monkeypatch.setattr(api_sync, "plain_pull_query", spy)
    with live.client("operator") as c:
        # "x" is no parameter of the pull: the route ignores it, the shortcut leaves it to it.
        for params in ({"since": 0, "limit": 3}, {}, {"since": 10**9}):
            judged.clear()
            shortcut = c.get("/sync/pull", params=params)
            routed = c.get("/sync/pull", params={**params, "x": "1"})
            assert judged[0] is not None and judged[1] is None  # each went its own way
            assert shortcut.status_code == 200
            _same(shortcut, routed)
        page = c.get("/sync/pull", params={"since": 0, "limit": 3}).json()
        assert len(page["changes"]) == 3 and page["has_more"]
        # The route's own 422 for a bad value, still.
        assert_problem(c.get("/sync/pull", params={"limit": 0}), 422, "validation")

    # Not signed in, a token that is not the server's, another scheme: the route's 401s.
    cases: list[dict[str, Any]] = [
        {},
        {"Authorization": "Bearer bukan-token"},
        {"Authorization": "Basic b3BlcmF0b3I6eA=="},
    ]
    for headers in cases:
        judged.clear()
        shortcut = httpx.get(live.api + "/sync/pull", headers=headers)
        routed = httpx.get(live.api + "/sync/pull?x=1", headers=headers)
        assert judged == [(0, 200), None]
        assert_problem(shortcut, 401)
        _same(shortcut, routed)
