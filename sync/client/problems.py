"""A failed call to the server as a :class:`~sync.local.problems.Problem` (a stable code with
parameters and the server's own words): what the engine records and reports, never words."""

from __future__ import annotations

from typing import Any

from sync.client.http import (
    AuthError,
    CaptivePortalError,
    PermanentError,
    SyncError,
    SyncNetworkError,
    SyncTimeout,
    TransientError,
)
from sync.local import problems
from sync.local.problems import Problem


def problem_of(exc: BaseException) -> Problem:
    """The problem ``exc`` stands for (any exception: an unexpected one is ``sync.internal``)."""
    if not isinstance(exc, SyncError):
        return Problem(problems.INTERNAL, technical=f"{type(exc).__name__}: {exc}")
    status = exc.status

    def make(code: str, params: dict[str, Any] | None = None) -> Problem:
        return Problem(
            code, params or {}, detail=exc.detail, detail_en=exc.detail_en, technical=exc.message
        )

    if isinstance(exc, CaptivePortalError):
        return make(problems.CAPTIVE_PORTAL)
    if isinstance(exc, SyncTimeout):
        return make(problems.TIMEOUT)
    if isinstance(exc, SyncNetworkError):
        return make(problems.UNREACHABLE)
    if isinstance(exc, AuthError):
        return make(problems.SIGN_IN_REFUSED)
    if isinstance(exc, TransientError):
        if status is not None and status >= 500:
            return make(problems.SERVER_UNAVAILABLE, {"status": status})
        if status is not None:
            return make(problems.SERVER_BUSY, {"status": status})
        return make(problems.UNREACHABLE)
    if isinstance(exc, PermanentError) or status is not None:
        return make(problems.SERVER_REFUSED, {"status": status} if status else {})
    return make(problems.INTERNAL)
