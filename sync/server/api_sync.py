"""The sync endpoints: probe, push, pull, and reading one record and its history."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from iid.rules import RuleSetError, available_years, load_rules
from sync.protocol import (
    API_VERSION,
    MAX_PULL_LIMIT,
    MAX_PUSH_RECORDS,
    Limits,
    ProbeResponse,
    Problem,
    PullResponse,
    PushRequest,
    PushResponse,
    RecordVersionInfo,
    ServerRecord,
    WorkflowSettingsInfo,
)
from sync.server import records, reviews
from sync.server.api_auth import user_info
from sync.server.auth import (
    BearerCredentials,
    CurrentPrincipal,
    Principal,
    bearer,
    principal_for,
)
from sync.server.config import Settings
from sync.server.db import Database, SessionDep
from sync.server.models import User
from sync.server.problems import ProblemError, answered_by_the_app

log = logging.getLogger(__name__)
router = APIRouter(tags=["sinkronisasi"])

RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "description": "Belum masuk / token tidak berlaku"},
    403: {"model": Problem, "description": "Tidak berhak"},
}

DEFAULT_MEDIA_TYPES = ["application/pdf", "image/jpeg", "image/png", "video/mp4", "video/quicktime"]


def server_limits(settings: Settings) -> Limits:
    """Limits from the settings and the rule sets the server knows (``iid.rules``).

    A rule file that does not load is left out (logged), so one bad drop-in cannot take the
    probe down; records of that year are refused with the reason when pushed.
    """
    years: list[int] = []
    media: set[str] = set()
    max_file = settings.max_file_bytes
    for year in available_years():
        try:
            rule_set = load_rules(year)
        except RuleSetError:
            log.exception("rule file of %s does not load; its year is not offered", year)
            continue
        years.append(year)
        max_file = max(max_file, rule_set.max_file_bytes)
        for slot in rule_set.evidence_slots():
            media.update(rule_set.accepted_media_types(slot))
    return Limits(
        max_file_bytes=max_file,
        max_upload_bytes=settings.max_upload_bytes,
        max_push_records=MAX_PUSH_RECORDS,
        max_pull_limit=MAX_PULL_LIMIT,
        accepted_media_types=sorted(media) or DEFAULT_MEDIA_TYPES,
        rule_years=years,
        chunk_size_hint=settings.chunk_size_hint,
        max_record_bytes=settings.max_record_bytes,
        max_pull_bytes=settings.max_pull_bytes,
        max_open_uploads=settings.max_open_uploads,
    )


def _json(model: BaseModel) -> Response:
    """``model`` as the JSON answer, encoded here (in the handler's thread) by pydantic:
    FastAPI would validate the returned model against ``response_model`` again and encode it
    on the event loop. ``response_model`` still documents the answer."""
    return Response(model.model_dump_json(by_alias=True), media_type="application/json")


# The sync endpoints are the hot ones: each runs its whole work (authentication, the handler,
# the commit, the JSON encoding) in ONE threadpool hop. With sync dependencies FastAPI hands a
# request to the threadpool once per dependency and once more for the handler (five hand-offs
# for a pull), which cost more than the pull itself (bench/server_sync.py).


@router.get("/probe", response_model=ProbeResponse, responses=RESPONSES)
async def probe(request: Request, credentials: BearerCredentials) -> Response:
    """Cheap authenticated check: is the server there, who am I, what does it accept."""
    return await run_in_threadpool(_probe, request, credentials)


def _probe(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Response:
    db: Database = request.app.state.db
    with db.session_scope() as session:  # read only: authenticated in the same transaction
        principal = principal_for(session, credentials)
        request.state.principal = principal
        user = session.get(User, principal.user_id)
        assert user is not None
        limits: Limits = request.app.state.limits
        settings = reviews.settings_of(session, principal.pemda_id)
        answer = ProbeResponse(
            server_time=datetime.now(UTC),
            api_version=API_VERSION,
            user=user_info(session, user),
            limits=limits,
            workflow=WorkflowSettingsInfo(opd_step=settings.opd_step),
        )
    return _json(answer)


@router.post("/sync/push", response_model=PushResponse, responses=RESPONSES)
async def push(body: PushRequest, principal: CurrentPrincipal, request: Request) -> Response:
    """Apply a batch of record changes; one result per record, in order.

    ``applied``: stored as ``version``. ``duplicate``: that content is already stored (a retry).
    ``conflict``: the base is stale; ``server_copy`` is the server's record to merge with.
    ``rejected``: never acceptable as sent (``problem`` says why).
    """
    # Authenticated by the dependency (its own hop and transaction, before the body is judged:
    # a caller without a valid token learns nothing from a 422), then one hop for the push.
    return await run_in_threadpool(_push, request, principal, body)


def _push(request: Request, principal: Principal, body: PushRequest) -> Response:
    db: Database = request.app.state.db
    with db.session_scope() as session:
        limits: Limits = request.app.state.limits
        results = records.push(
            session, principal, body.records, max_record_bytes=limits.max_record_bytes
        )
    # Committed before the answer is sent: a client never reads "applied" for a lost change.
    return _json(PushResponse(server_time=datetime.now(UTC), results=results))


DEFAULT_PULL_LIMIT = 200
MAX_CURSOR = 2**63 - 1
"""The largest ``since`` a pull takes (a signed 64-bit sequence number)."""


@router.get("/sync/pull", response_model=PullResponse, responses=RESPONSES)
async def pull(
    request: Request,
    credentials: BearerCredentials,
    since: Annotated[
        int, Query(ge=0, le=MAX_CURSOR, description="Kursor: seq terakhir yang diterima")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = DEFAULT_PULL_LIMIT,
) -> Response:
    """Changes the caller may see with ``seq > since``, oldest first; continue from
    ``next_cursor`` while ``has_more``. A page also stops before its records' content passes
    ``max_pull_bytes`` (the probe's limits), so a page's size is bounded however big records
    are."""
    return await run_in_threadpool(_pull, request, credentials, since, limit)


_PULL_PARAMETERS = frozenset({"since", "limit"})
_DIGITS = re.compile(r"[0-9]{1,19}")


def plain_pull_query(query_string: bytes) -> tuple[int, int] | None:
    """``(since, limit)`` of a pull's query string when it is plain: nothing but ``since`` and
    ``limit``, each at most once, as decimal digits within the route's bounds (a client's
    every poll). None for anything else, which the route reads and judges as always (its 422
    for a bad value, its defaults, parameters it ignores)."""
    try:
        text = query_string.decode("ascii")
    except UnicodeDecodeError:
        return None
    values = {"since": 0, "limit": DEFAULT_PULL_LIMIT}
    if text:
        seen: set[str] = set()
        for part in text.split("&"):
            name, equals, value = part.partition("=")
            if not equals or name not in _PULL_PARAMETERS or name in seen:
                return None
            if not _DIGITS.fullmatch(value):
                return None
            seen.add(name)
            values[name] = int(value)
    since, limit = values["since"], values["limit"]
    if since > MAX_CURSOR or not 1 <= limit <= MAX_PULL_LIMIT:
        return None
    return since, limit


class PullShortcut:
    """ASGI middleware: ``GET <prefix>/sync/pull`` with a plain query (:func:`plain_pull_query`)
    goes straight to the pull's handler, past the app's routing and FastAPI's parameter and
    dependency solving; anything else goes on to the route. A pull with an empty delta is what
    every device sends at every poll, and those layers were about a third of its time on the
    event loop (py-spy, bench/server_sync.py). Installed inside the app's own middleware (body
    size limit, security headers, the 500 problem), so those still apply; the bearer token is
    read by the route's own ``bearer``, and a ``ProblemError`` (401) is answered by the app's
    registered handler. The route itself stays (OpenAPI, and every query that is not plain)."""

    def __init__(self, app: ASGIApp, path: str) -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        query = None
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == self.path:
            query = plain_pull_query(scope.get("query_string", b""))
        if query is None:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive, send)
        try:
            credentials = await bearer(request)
            response = await run_in_threadpool(_pull, request, credentials, *query)
        except ProblemError as exc:
            response = await answered_by_the_app(request, exc)
        await response(scope, receive, send)


def _pull(
    request: Request, credentials: HTTPAuthorizationCredentials | None, since: int, limit: int
) -> Response:
    db: Database = request.app.state.db
    with db.session_scope() as session:  # read only: authenticated in the same transaction
        principal = principal_for(session, credentials, pemda_opds=False)  # no OPD checks
        request.state.principal = principal
        limits: Limits = request.app.state.limits
        page = records.pull(session, principal, since, limit, max_bytes=limits.max_pull_bytes)
    return _json(page)


RecordIdPath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]


@router.get(
    "/records/{record_id}",
    response_model=ServerRecord,
    responses={**RESPONSES, 404: {"model": Problem, "description": "Tidak ditemukan"}},
)
def get_record(
    record_id: RecordIdPath,
    principal: CurrentPrincipal,
    session: SessionDep,
) -> ServerRecord:
    """The newest version of one record."""
    record, username = records.get_record(session, principal, record_id)
    return records.to_wire(record, username)


@router.get(
    "/records/{record_id}/history",
    response_model=list[RecordVersionInfo],
    responses={**RESPONSES, 404: {"model": Problem, "description": "Tidak ditemukan"}},
)
def get_history(
    record_id: RecordIdPath,
    principal: CurrentPrincipal,
    session: SessionDep,
) -> list[RecordVersionInfo]:
    """Every version of one record: who, when, from which device, which fields changed."""
    return records.history(session, principal, record_id)
