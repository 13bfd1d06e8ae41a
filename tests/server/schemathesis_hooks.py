"""Schemathesis hooks for tests/server/test_schemathesis.py (loaded through SCHEMATHESIS_HOOKS).

The fuzzer signs in as the demo admin itself and signs in again whenever a request answers 401:
a fuzzed operation may end the admin's token (deactivating or resetting the admin through
``PATCH /users/{id}``, changing its password), and every case after that would otherwise test
nothing but authentication. Schemathesis replays the request with the new token once and marks
an operation whose 401 survives that (a wrong password at sign-in) as not about the token.
"""

from __future__ import annotations

import os
from typing import Any

import httpx
import schemathesis

API_ENV = "INOVASI_FUZZ_API"


@schemathesis.auth(retry_on=[401])
class AdminSignIn:
    def get(self, case: Any, context: Any) -> str:
        r = httpx.post(
            os.environ[API_ENV] + "/auth/login",
            json={"username": "admin", "password": "demo-admin", "device": "schemathesis"},
            timeout=60,
        )
        r.raise_for_status()
        return str(r.json()["access_token"])

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"
