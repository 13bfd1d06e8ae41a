"""Property-based fuzzing of the served OpenAPI with schemathesis: no 500s, responses conform,
and the fuzzer reaches the handlers (not only the authentication in front of them).

Runs schemathesis's own runner (its CLI) against the live server, as an admin who signs in
again whenever a fuzzed operation ended its token (tests/server/schemathesis_hooks.py), with
every check on. Kept bounded: a few examples per operation and a time budget per backend.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO_ROOT
from tests.server.live import LiveServer
from tests.server.schemathesis_hooks import API_ENV

CORE = (
    ("GET", "/sync/pull"),
    ("POST", "/sync/push"),
    ("POST", "/blobs/missing"),
    ("GET", "/users"),
    ("PATCH", "/users/{id}"),
    ("POST", "/opds"),
    ("PUT", "/pemda/settings"),
    ("GET", "/projection"),
    ("GET", "/audit"),
)
"""Operations whose handlers the fuzzer must reach (answered 2xx)."""


def _operation(method: str, url: str, api: str) -> tuple[str, str]:
    path = url.split("?", 1)[0].removeprefix(api)
    path = re.sub(r"/users/[^/]+", "/users/{id}", path)
    return method, path


def _run(live: LiveServer, tmp_path: Path, phases: str, *budget: str) -> list[tuple[Any, int]]:
    """One schemathesis run of ``phases``; every check must pass. Returns each answered case
    as ((method, path template), status), in order, from the run's HAR report."""
    report = tmp_path / phases.replace(",", "-")
    cmd = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(Path(__file__).with_name("schemathesis.toml")),
        "run",
        live.api + "/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        "10",
        "--generation-deterministic",
        "--phases",
        phases,
        # One worker: CPython 3.11 < 3.11.8 (python/cpython#106905) raises a spurious
        # SystemError from ast.parse in threads (hypothesis describing a lambda in the coverage
        # phase), a fuzzer crash that struck about one run in twenty with two workers.
        "--workers",
        "1",
        "--request-timeout",
        "20",
        *budget,
        # Logging out would end the token the other operations use (the hook would sign in
        # again, but every logout case would then cost an argon2 sign-in).
        "--exclude-path",
        "/api/v1/auth/logout",
        "--no-color",
        "--report",
        "har",
        "--report-dir",
        str(report),
    ]
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "tests.server.schemathesis_hooks",
        API_ENV: live.api,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=170, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stdout[-8000:] + done.stderr[-2000:]
    (har,) = report.glob("har-*.json")
    entries = json.loads(har.read_text("utf-8"))["log"]["entries"]
    return [
        (_operation(e["request"]["method"], e["request"]["url"], live.api), e["response"]["status"])
        for e in entries
    ]


@pytest.mark.slow
def test_api_conforms_to_its_schema(make_server: Callable[..., LiveServer], tmp_path: Path) -> None:
    # The hook signs in from its own address (X-Forwarded-For), so the fuzzer's failed sign-ins
    # from 127.0.0.1 cannot get its sign-in answered 429 (see schemathesis_hooks).
    live = make_server(trust_forwarded_for=True)
    # The schema's examples and the coverage cases: a fixed, bounded set (no time budget), so
    # what they reach does not depend on how busy the machine is. (Under a shared time budget
    # a loaded machine once ran out of time before PATCH /users/{id} answered 2xx.)
    answered = _run(live, tmp_path, "examples,coverage")
    reached = {op for op, status in answered if 200 <= status < 300}
    assert set(CORE) <= reached, sorted(set(CORE) - reached)
    # Then generated cases for a fixed time: without a budget the fuzzing phase repeats; 20 s
    # per backend is thousands of cases. Every check must hold, and the handlers must still be
    # reached at the end of the run: a token ended mid-run (with no sign-in that works) leaves
    # the last cases at 401, whatever they ask. (Many 401s are expected all along:
    # schemathesis probes every operation without and with a wrong token.)
    fuzzed = _run(live, tmp_path, "fuzzing", "--max-time", "20")
    late = {op for op, status in fuzzed[len(fuzzed) * 3 // 4 :] if 200 <= status < 300}
    assert len(late & set(CORE)) >= 5, sorted(late)
