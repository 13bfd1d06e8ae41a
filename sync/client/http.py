"""HTTP to the central server: one ``requests.Session`` with timeouts, a bearer token, and every
failure sorted into what the engine does next.

Classification (``classify``):

- **transient** (:class:`TransientError`, try again later with backoff): no connection, DNS,
  connection reset, timeouts, 5xx, 429 (``Retry-After`` honoured, seconds or an HTTP date), 408;
  and a *captive portal* (:class:`CaptivePortalError`): an answer that is a redirect or is not
  JSON (a hotel or office Wi-Fi login page answering in the server's place).
- **auth** (:class:`AuthError`): 401 - the token is missing, expired or revoked; the user must
  sign in again. Nothing is dropped.
- **permanent** (:class:`PermanentError`): every other 4xx (409, 413, 415, 422, 403, 404, ...):
  sending the same thing again will not help. Carries the server's RFC 9457 ``detail``
  (Indonesian) and ``detail_en`` (English) for the user.

Timeouts: connect ~10 s, read ~30 s (per socket read, not the whole transfer), so a dead line is
noticed but a slow one is not cut off.
"""

from __future__ import annotations

import email.utils
import json
import socket
import sys
import threading

try:  # Linux: bytes a TCP socket still holds unacknowledged
    import fcntl
    import termios

    _OUTQ: int | None = termios.TIOCOUTQ if sys.platform.startswith("linux") else None
except ImportError:  # Windows
    _OUTQ = None
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
import requests
import urllib3.connection
import urllib3.connectionpool

from sync.protocol import (
    API_PREFIX,
    MissingBlobsResponse,
    Opd,
    ProbeResponse,
    PushResponse,
    TokenResponse,
    WorkflowHistory,
)

CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0
USER_AGENT = "InovasiDesk-sync/1"

TRANSIENT_STATUSES = frozenset({408, 425, 429})


class SyncError(Exception):
    """A failed call to the server. ``message`` is English technical text; ``detail`` and
    ``detail_en`` are the server's own words when it sent a problem document."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        detail: str = "",
        detail_en: str = "",
        problem_type: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.detail = detail
        self.detail_en = detail_en
        self.problem_type = problem_type

    def user_text(self) -> str:
        """The server's words (both languages) or the technical message: for logs and the
        upload outcome's ``message``. Officers see a ``Problem`` worded by the desktop."""
        if self.detail and self.detail_en and self.detail != self.detail_en:
            return f"{self.detail} / {self.detail_en}"
        return self.detail or self.detail_en or self.message


class TransientError(SyncError):
    """Worth retrying later (network, timeout, 5xx, 429). ``retry_after`` in seconds if the
    server said how long to wait."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class SyncNetworkError(TransientError):
    """The server could not be reached or did not answer in time."""


class SyncTimeout(SyncNetworkError):
    """The server did not answer in time (connect or read timeout)."""


class CaptivePortalError(TransientError):
    """Something other than the server answered (a redirect or an HTML login page)."""


class AuthError(SyncError):
    """401: no valid token. The user must sign in again."""


class PermanentError(SyncError):
    """The server refused this request for good (4xx other than 401/408/429)."""


class LoginFailed(SyncError):
    """Wrong username or password, a disabled account, or too many attempts."""


def _login_failed(exc: SyncError) -> LoginFailed:
    """The server's refusal of a sign-in, with its words."""
    return LoginFailed(
        exc.message,
        status=exc.status,
        detail=exc.detail,
        detail_en=exc.detail_en,
        problem_type=exc.problem_type,
    )


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date; None when absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _problem_fields(response: requests.Response) -> dict[str, str]:
    try:
        body = response.json()
    except ValueError:
        return {}
    if not isinstance(body, dict):
        return {}
    fields = {
        k: str(body[k])
        for k in ("detail", "detail_en", "type", "title")
        if isinstance(body.get(k), str | int)
    }
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        # Name the first invalid field: "which record, which field" is what helps.
        first = errors[0]
        loc = ".".join(str(x) for x in first.get("loc") or [])
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        fields["detail_en"] = (
            f"{fields.get('detail_en', '')} [{loc}: {first.get('message', '')}{more}]".strip()
        )
    return fields


def is_json(response: requests.Response) -> bool:
    ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    return ctype == "application/json" or ctype.endswith("+json")


def classify(response: requests.Response) -> SyncError | None:
    """The error a response stands for, or None when it is a JSON success (2xx)."""
    status = response.status_code
    if 300 <= status < 400:
        where = response.headers.get("Location", "?")
        return CaptivePortalError(
            f"The network redirected the request to {where}: probably a login page "
            "(captive portal). Sign in to the network in a browser.",
            status=status,
        )
    if 200 <= status < 300:
        if status != 204 and not is_json(response):
            return CaptivePortalError(
                "The answer was not the server's (HTML or another non-JSON page): probably a "
                "captive portal. Sign in to the network in a browser.",
                status=status,
            )
        return None  # its body is not read here: a pull page is decoded once, by its reader
    fields = _problem_fields(response) if is_json(response) else {}
    kw: dict[str, Any] = dict(
        status=status,
        detail=fields.get("detail", ""),
        detail_en=fields.get("detail_en", ""),
        problem_type=fields.get("type", ""),
    )
    what = fields.get("detail_en") or fields.get("title") or response.reason or ""
    if status == 401:
        return AuthError(f"HTTP 401: {what or 'sign in again'}", **kw)
    if status >= 500 or status in TRANSIENT_STATUSES:
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        return TransientError(f"HTTP {status}: {what}", retry_after=retry_after, **kw)
    if not is_json(response) and status in (403, 404, 407):
        # A proxy or portal answering for the server (e.g. 407 proxy auth, a 403 HTML page).
        return CaptivePortalError(
            f"HTTP {status} from something other than the server (not JSON): check the "
            "network or the server address.",
            status=status,
        )
    return PermanentError(f"HTTP {status}: {what}", **kw)


@dataclass(frozen=True)
class Timeouts:
    connect: float = CONNECT_TIMEOUT
    read: float = READ_TIMEOUT


class ApiClient:
    """The server's JSON API under ``<server_url>/api/v1``.

    ``token`` is asked for on every request (the engine may change it between calls). Not
    thread-safe: give each thread its own client (or its own session).
    """

    def __init__(
        self,
        server_url: str,
        *,
        token: Callable[[], str | None] = lambda: None,
        session: requests.Session | None = None,
        timeouts: Timeouts = Timeouts(),
    ) -> None:
        self.server_url = server_url.rstrip("/")
        self.base = self.server_url + API_PREFIX
        self.token = token
        self.session = session or new_session()
        self.timeouts = timeouts

    def close(self) -> None:
        self.session.close()

    def url(self, path: str) -> str:
        return self.base + path

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: dict[str, Any] | None = None,
        auth: bool = True,
        timeouts: Timeouts | None = None,
    ) -> requests.Response:
        """Send one request; returns a 2xx JSON response or raises a :class:`SyncError`."""
        headers = {"Accept": "application/json"}
        if auth:
            token = self.token()
            if not token:
                raise AuthError("Not signed in.")
            headers["Authorization"] = f"Bearer {token}"
        t = timeouts or self.timeouts
        try:
            response = self.session.request(
                method,
                self.url(path),
                json=json_body,
                params=params,
                headers=headers,
                timeout=(t.connect, t.read),
                allow_redirects=False,
            )
        except requests.Timeout as exc:
            raise SyncTimeout(f"The server did not answer in time ({exc})") from exc
        except requests.RequestException as exc:
            raise SyncNetworkError(f"The server could not be reached ({exc})") from exc
        error = classify(response)
        if error is not None:
            raise error
        return response

    def json(self, method: str, path: str, **kw: Any) -> Any:
        """A request's 2xx answer, decoded. orjson reads it (about twice as fast as ``json``:
        a pull page is ~2 MB, read while the store waits for it); what orjson refuses (not
        UTF-8, ``NaN``, integers beyond 64 bits, not JSON at all) is read as requests reads
        it, and an answer that is not JSON is a captive portal's."""
        response = self.request(method, path, **kw)
        try:
            return orjson.loads(response.content)
        except orjson.JSONDecodeError:
            pass
        try:
            return response.json()
        except (ValueError, json.JSONDecodeError) as exc:
            raise CaptivePortalError(f"The answer was not valid JSON: {exc}") from exc

    # --- endpoints ---------------------------------------------------------------------------

    def probe(self) -> ProbeResponse:
        """The cheap authenticated probe: server there, token valid, limits."""
        try:
            return ProbeResponse.model_validate(self.json("GET", "/probe"))
        except ValueError as exc:  # pydantic ValidationError is a ValueError
            if isinstance(exc, SyncError):
                raise
            raise CaptivePortalError(f"The probe's answer is not the server's: {exc}") from exc

    def push(self, envelopes: list[dict[str, Any]]) -> PushResponse:
        body = self.json("POST", "/sync/push", json_body={"records": envelopes})
        return PushResponse.model_validate(body)

    def pull(self, since: int, limit: int) -> dict[str, Any]:
        """One pull page as plain JSON (``changes`` stay dicts: they go to the store as is)."""
        body = self.json("GET", "/sync/pull", params={"since": since, "limit": limit})
        if not isinstance(body, dict) or not {"changes", "next_cursor", "has_more"} <= body.keys():
            raise CaptivePortalError("The pull answer is not the server's.")
        return body

    def opds(self) -> list[Opd]:
        """The OPDs the caller may see (an operator: their own; others: the whole pemda)."""
        body = self.json("GET", "/opds")
        if not isinstance(body, list):
            raise CaptivePortalError("The OPD list is not the server's.")
        return [Opd.model_validate(item) for item in body]

    def workflow_history(self, innovation_id: str) -> WorkflowHistory:
        """``GET /innovations/{id}/workflow``: the innovation's workflow events (audit log)."""
        return WorkflowHistory.model_validate(
            self.json("GET", f"/innovations/{innovation_id}/workflow")
        )

    def missing_blobs(self, hashes: list[str]) -> list[str]:
        body = self.json("POST", "/blobs/missing", json_body={"hashes": hashes})
        return MissingBlobsResponse.model_validate(body).missing

    def login(self, username: str, password: str, device: str | None) -> TokenResponse:
        """Exchange a password for a token; raises :class:`LoginFailed` on 401/429/422."""
        try:
            body = self.json(
                "POST",
                "/auth/login",
                json_body={"username": username, "password": password, "device": device},
                auth=False,
            )
        except AuthError as exc:
            raise _login_failed(exc) from exc
        except (PermanentError, TransientError) as exc:
            if isinstance(exc, SyncNetworkError | CaptivePortalError) or (
                exc.status is not None and exc.status >= 500
            ):
                raise
            raise _login_failed(exc) from exc
        return TokenResponse.model_validate(body)

    def logout(self) -> None:
        self.request("POST", "/auth/logout", timeouts=Timeouts(connect=5.0, read=5.0))


_SENDING = threading.local()


class _Tracking:
    """Tells :func:`sending_socket` which socket this thread's request goes out on (mixed into
    urllib3's connection classes, before them)."""

    def request(self, *args: Any, **kwargs: Any) -> None:
        _SENDING.connection = self
        try:
            super().request(*args, **kwargs)  # type: ignore[misc]
        finally:
            _SENDING.connection = None


class _TrackedHTTPConnection(_Tracking, urllib3.connection.HTTPConnection):
    pass


class _TrackedHTTPSConnection(_Tracking, urllib3.connection.HTTPSConnection):
    pass


class _TrackedHTTPPool(urllib3.connectionpool.HTTPConnectionPool):
    ConnectionCls = _TrackedHTTPConnection


class _TrackedHTTPSPool(urllib3.connectionpool.HTTPSConnectionPool):
    ConnectionCls = _TrackedHTTPSConnection


class TrackedAdapter(requests.adapters.HTTPAdapter):
    """The session's adapter: its connections let a request body (called from inside the send)
    find its socket, to watch the line drain it (:func:`unsent_bytes`)."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _TrackedHTTPPool,
            "https": _TrackedHTTPSPool,
        }


def sending_socket() -> socket.socket | None:
    """The socket this thread is sending a request on (called from a body iterator of a
    :func:`new_session` request), else None."""
    conn = getattr(_SENDING, "connection", None)
    sock = getattr(conn, "sock", None)
    return sock if isinstance(sock, socket.socket) else None


def unsent_bytes(sock: socket.socket) -> int | None:
    """Bytes the kernel still holds for ``sock`` (not yet acknowledged by the peer; Linux's
    ``SIOCOUTQ``), None where the platform does not tell."""
    request = _OUTQ
    if request is None:
        return None
    try:
        buf = fcntl.ioctl(sock.fileno(), request, b"\0\0\0\0")
    except OSError:
        return None
    return int.from_bytes(buf, sys.byteorder, signed=True)


def can_watch_sends(session: requests.Session, url: str) -> bool:
    """Whether request bodies sent through ``session`` to ``url`` can watch the line drain
    them (:func:`unsent_bytes` works here and the session is a :func:`new_session`)."""
    return _OUTQ is not None and isinstance(session.get_adapter(url), TrackedAdapter)


def new_session() -> requests.Session:
    """A session with a keep-alive pool and our user agent; no urllib3 retries (the engine
    decides about retries itself)."""
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    adapter = TrackedAdapter(pool_connections=4, pool_maxsize=8, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.trust_env = True
    return session
