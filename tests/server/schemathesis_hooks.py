"""Schemathesis hooks for tests/server/test_schemathesis.py (loaded through SCHEMATHESIS_HOOKS).

The fuzzer signs in as the demo admin itself and signs in again whenever a request answers 401:
a fuzzed operation may end the admin's token (deactivating or resetting the admin through
``PATCH /users/{id}``, changing its password), and every case after that would otherwise test
nothing but authentication. Schemathesis replays the request with the new token once and marks
an operation whose 401 survives that (a wrong password at sign-in) as not about the token.

The hook signs in from its own address (``X-Forwarded-For``; the test's server trusts it), the
admin's known address: the fuzzer's failed sign-ins from 127.0.0.1 slow that address down (past
``login_max_failures_per_address``) and may slow the account's own key down, and the throttle
never lets that delay the owner where the owner already signs in. From the fuzzer's address the
hook's sign-in would be answered 429 whenever the fuzzer had just been slowed down.
"""

from __future__ import annotations

import os
from typing import Any

import httpx
import schemathesis

API_ENV = "INOVASI_FUZZ_API"
ADDRESS = "198.51.100.20"
"""The address the admin signs in from (documentation range, RFC 5737)."""


@schemathesis.auth(retry_on=[401])
class AdminSignIn:
    def get(self, case: Any, context: Any) -> str:
        r = httpx.post(
            os.environ[API_ENV] + "/auth/login",
            json={"username": "admin", "password": "demo-admin", "device": "schemathesis"},
            headers={"X-Forwarded-For": ADDRESS},
            timeout=60,
        )
        r.raise_for_status()
        return str(r.json()["access_token"])

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"
