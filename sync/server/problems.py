"""RFC 9457 problem+json for every error the server returns, with stable type URIs.

Raise ``problem(...)`` anywhere in a handler; ``install_problem_handlers(app)`` turns it, FastAPI's
own ``HTTPException``, validation errors and anything unexpected into ``application/problem+json``
with an Indonesian ``detail`` and an English ``detail_en``. Stack traces go to the log only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync.protocol import FieldError, Problem

log = logging.getLogger(__name__)

PROBLEM_BASE = "https://inovasi-desk.id/problems/"
MEDIA_TYPE = "application/problem+json"


class ProblemType:
    """The stable problem type URIs clients match on."""

    BAD_REQUEST = PROBLEM_BASE + "bad-request"
    VALIDATION = PROBLEM_BASE + "validation"
    UNAUTHENTICATED = PROBLEM_BASE + "unauthenticated"
    FORBIDDEN = PROBLEM_BASE + "forbidden"
    NOT_FOUND = PROBLEM_BASE + "not-found"
    METHOD_NOT_ALLOWED = PROBLEM_BASE + "method-not-allowed"
    CONFLICT = PROBLEM_BASE + "conflict"
    TOO_LARGE = PROBLEM_BASE + "payload-too-large"
    UNSUPPORTED_MEDIA = PROBLEM_BASE + "unsupported-media-type"
    RATE_LIMITED = PROBLEM_BASE + "rate-limited"
    INVALID_RECORD = PROBLEM_BASE + "invalid-record"
    RECORD_TOO_LARGE = PROBLEM_BASE + "record-too-large"
    TOO_MANY_UPLOADS = PROBLEM_BASE + "too-many-open-uploads"
    SERVER_OWNED_FIELD = PROBLEM_BASE + "server-owned-field"
    WORKFLOW_REFUSED = PROBLEM_BASE + "workflow-refused"
    """A workflow move (or a content change) the process does not allow now; the extension
    member ``code`` is the ``iid.workflow`` refusal code, ``params`` its parameters."""
    INTERNAL = PROBLEM_BASE + "internal"
    UNAVAILABLE = PROBLEM_BASE + "unavailable"


_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    410: "Gone",
    412: "Precondition Failed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    460: "Checksum Mismatch",
    500: "Internal Server Error",
    503: "Service Unavailable",
}

# Generic messages for statuses raised without our own words (e.g. Starlette's 404/405).
_GENERIC: dict[int, tuple[str, str, str]] = {
    400: (ProblemType.BAD_REQUEST, "Permintaan tidak dapat dibaca.", "The request is malformed."),
    401: (
        ProblemType.UNAUTHENTICATED,
        "Silakan masuk (login) kembali.",
        "Please log in again.",
    ),
    403: (
        ProblemType.FORBIDDEN,
        "Anda tidak berhak melakukan ini.",
        "You are not allowed to do this.",
    ),
    404: (
        ProblemType.NOT_FOUND,
        "Alamat atau data tidak ditemukan.",
        "The address or item was not found.",
    ),
    405: (
        ProblemType.METHOD_NOT_ALLOWED,
        "Metode HTTP ini tidak didukung untuk alamat ini.",
        "This HTTP method is not supported for this address.",
    ),
    413: (
        ProblemType.TOO_LARGE,
        "Data yang dikirim terlalu besar.",
        "The request body is too large.",
    ),
    415: (
        ProblemType.UNSUPPORTED_MEDIA,
        "Jenis isi permintaan tidak didukung; kirim JSON.",
        "Unsupported content type; send JSON.",
    ),
    429: (
        ProblemType.RATE_LIMITED,
        "Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi.",
        "Too many attempts. Wait a while and try again.",
    ),
}


FASTAPI_BODY_ERROR = "There was an error parsing the body"


class ProblemError(Exception):
    """An error answered as a problem document. Create it with :func:`problem`."""

    def __init__(
        self,
        status: int,
        type_: str,
        detail_id: str,
        detail_en: str,
        *,
        headers: Mapping[str, str] | None = None,
        errors: list[FieldError] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(detail_en)
        self.status = status
        self.type = type_
        self.detail_id = detail_id
        self.detail_en = detail_en
        self.headers = dict(headers or {})
        self.errors = errors
        self.extra = dict(extra or {})

    def to_problem(self, instance: str | None = None) -> Problem:
        return Problem(
            type=self.type,
            title=_TITLES.get(self.status, "Error"),
            status=self.status,
            detail=self.detail_id,
            detail_en=self.detail_en,
            instance=instance,
            errors=self.errors,
            **self.extra,
        )


def size_words(size: int) -> tuple[str, str]:
    """A size for people, Indonesian and English: ``("15,2 MB", "15.2 MB")`` (1 MB = 2^20
    bytes, as the national screens' "maks 2 MB" means), or kB below one MB."""
    unit, value = ("MB", size / 1024**2) if size >= 1024**2 else ("kB", size / 1024)
    english = f"{value:.1f}".removesuffix(".0") + f" {unit}"
    return english.replace(".", ","), english


def problem(
    status: int,
    type_: str,
    detail_id: str,
    detail_en: str,
    *,
    headers: Mapping[str, str] | None = None,
    errors: list[FieldError] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> ProblemError:
    """Build a problem to ``raise``: ``raise problem(403, ProblemType.FORBIDDEN, "...", "...")``.

    ``type_`` may be a full URI or a short slug (``"forbidden"``), which gets the common prefix.
    """
    if "://" not in type_ and type_ != "about:blank":
        type_ = PROBLEM_BASE + type_
    return ProblemError(
        status, type_, detail_id, detail_en, headers=headers, errors=errors, extra=extra
    )


async def answered_by_the_app(request: Request, exc: ProblemError) -> Any:
    """The answer of the app's registered ``ProblemError`` handler to ``exc``, for ASGI
    middleware that serves a route itself (``uploads.PatchShortcut``,
    ``api_sync.PullShortcut``); ``exc`` goes on up when the app has none."""
    handler = request.scope["app"].exception_handlers.get(ProblemError)
    if handler is None:
        raise exc
    return await handler(request, exc)


def problem_response(prob: Problem, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """Serialise a problem with the problem+json media type."""
    return JSONResponse(
        prob.model_dump(mode="json", exclude_none=True),
        status_code=prob.status,
        media_type=MEDIA_TYPE,
        headers=dict(headers or {}),
    )


def generic_problem(status: int, instance: str | None = None) -> Problem:
    """A problem for a bare status code, with the generic words for it."""
    type_, detail_id, detail_en = _GENERIC.get(
        status,
        (
            ProblemType.BAD_REQUEST if status < 500 else ProblemType.INTERNAL,
            "Permintaan tidak dapat diproses.",
            "The request could not be processed.",
        ),
    )
    return Problem(
        type=type_,
        title=_TITLES.get(status, "Error"),
        status=status,
        detail=detail_id,
        detail_en=detail_en,
        instance=instance,
    )


def validation_errors(exc: RequestValidationError) -> list[FieldError]:
    """Pydantic's errors as wire ``FieldError``s (no input values echoed back)."""
    out = []
    for err in exc.errors():
        loc = [p if isinstance(p, int) else str(p) for p in err.get("loc", ())]
        out.append(FieldError(loc=loc, message=str(err.get("msg", "")), type=str(err.get("type"))))
    return out


def _allowed_methods(request: Request) -> list[str]:
    """Methods the API serves at this path, from the app's own OpenAPI description (FastAPI
    nests included routers, so Starlette's 405 names only some of them)."""
    table: list[tuple[re.Pattern[str], set[str]]] | None = getattr(
        request.app.state, "allowed_methods", None
    )
    if table is None:
        table = []
        for path, operations in request.app.openapi().get("paths", {}).items():
            pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path))
            table.append((re.compile(f"^{pattern}$"), {m.upper() for m in operations}))
        request.app.state.allowed_methods = table
    methods: set[str] = set()
    literal: set[str] = set()
    for regex, verbs in table:
        if regex.match(request.url.path):
            methods |= verbs
            if "[^/]+" not in regex.pattern:
                literal |= verbs
    # A literal path (``/blobs/missing``) wins over a template (``/blobs/{sha256}``), as in
    # routing: the template's methods are not served there.
    return sorted(literal or methods)


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error of ``app`` a problem+json response."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(exc.to_problem(request.url.path), exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == FASTAPI_BODY_ERROR:
            # Undecodable bodies (not UTF-8): the same answer as any other malformed JSON.
            return problem_response(
                Problem(
                    type=ProblemType.VALIDATION,
                    title=_TITLES[422],
                    status=422,
                    detail="Isi permintaan bukan JSON yang sah (UTF-8). Kirim JSON yang benar.",
                    detail_en="The request body is not valid JSON (UTF-8). Send valid JSON.",
                    instance=request.url.path,
                    errors=[FieldError(loc=["body"], message="invalid JSON", type="json_invalid")],
                )
            )
        prob = generic_problem(exc.status_code, request.url.path)
        if isinstance(exc.detail, str) and exc.detail and exc.status_code not in _GENERIC:
            prob.detail_en = exc.detail
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette names only the first matching route's methods; list them all.
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return problem_response(prob, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = validation_errors(exc)
        where = ", ".join(".".join(str(p) for p in e.loc) for e in errors[:5])
        prob = Problem(
            type=ProblemType.VALIDATION,
            title=_TITLES[422],
            status=422,
            detail=f"Data yang dikirim tidak valid ({where}). Periksa isian lalu kirim ulang.",
            detail_en=f"The request data is invalid ({where}). Check the fields and resend.",
            instance=request.url.path,
            errors=errors,
        )
        return problem_response(prob)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        prob = Problem(
            type=ProblemType.INTERNAL,
            title=_TITLES[500],
            status=500,
            detail="Terjadi kesalahan di server. Coba lagi nanti; bila berulang, hubungi admin.",
            detail_en="The server hit an error. Try again later; if it repeats, tell the admin.",
            instance=request.url.path,
        )
        return problem_response(prob)
