"""The sync endpoints: probe, push, pull, and reading one record and its history."""

from __future__ import annotations

import contextlib
import importlib
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

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
)
from sync.server import records
from sync.server.api_auth import user_info
from sync.server.auth import CurrentPrincipal
from sync.server.config import Settings
from sync.server.db import SessionDep
from sync.server.models import User

router = APIRouter(tags=["sinkronisasi"])

RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "description": "Belum masuk / token tidak berlaku"},
    403: {"model": Problem, "description": "Tidak berhak"},
}

DEFAULT_MEDIA_TYPES = ["application/pdf", "image/jpeg", "image/png", "video/mp4", "video/quicktime"]


def server_limits(settings: Settings) -> Limits:
    """Limits from the settings and the rule sets the server knows (``iid.rules``)."""
    years: list[int] = []
    media: set[str] = set()
    max_file = settings.max_file_bytes
    rules: Any = None
    # The rule engine (iid.rules) is another part's work; the probe lives without it.
    with contextlib.suppress(ModuleNotFoundError):
        rules = importlib.import_module("iid.rules")
    if rules is not None:
        years = sorted(rules.available_years())
        load = getattr(rules, "load_rules", None) or rules.load_rule_set
        for year in years:
            try:
                rule_set = load(year)
            except Exception:  # noqa: BLE001 - a broken rule file must not break the probe
                continue
            max_file = max(max_file, int(getattr(rule_set, "max_file_bytes", 0) or 0))
            media.update(_rule_media_types(rule_set))
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


def _rule_media_types(rule_set: Any) -> set[str]:
    """Every MIME type some evidence slot of ``rule_set`` accepts (SID indicators, SPD rows,
    profile file fields)."""
    media: set[str] = set()
    accepted = getattr(rule_set, "accepted_media_types", None)
    if callable(accepted):
        slots = [*getattr(rule_set, "indicators", {}), *getattr(rule_set, "spd_rows", {})]
        slots += [
            f.name
            for f in getattr(rule_set, "profile_fields", ())
            if getattr(f, "kind", "") == "file"
        ]
        for slot in slots:
            with contextlib.suppress(Exception):
                media.update(accepted(slot) or ())
    for kind in getattr(rule_set, "evidence_kinds", {}).values():
        media.update(getattr(kind, "media_types", ()) or ())
    return media


@router.get("/probe", response_model=ProbeResponse, responses=RESPONSES)
def probe(
    principal: CurrentPrincipal,
    request: Request,
    session: SessionDep,
) -> ProbeResponse:
    """Cheap authenticated check: is the server there, who am I, what does it accept."""
    user = session.get(User, principal.user_id)
    assert user is not None
    limits: Limits = request.app.state.limits
    return ProbeResponse(
        server_time=datetime.now(UTC),
        api_version=API_VERSION,
        user=user_info(session, user),
        limits=limits,
    )


@router.post("/sync/push", response_model=PushResponse, responses=RESPONSES)
def push(
    body: PushRequest,
    principal: CurrentPrincipal,
    session: SessionDep,
    request: Request,
) -> PushResponse:
    """Apply a batch of record changes; one result per record, in order.

    ``applied``: stored as ``version``. ``duplicate``: that content is already stored (a retry).
    ``conflict``: the base is stale; ``server_copy`` is the server's record to merge with.
    ``rejected``: never acceptable as sent (``problem`` says why).
    """
    limits: Limits = request.app.state.limits
    results = records.push(
        session, principal, body.records, max_record_bytes=limits.max_record_bytes
    )
    return PushResponse(server_time=datetime.now(UTC), results=results)


@router.get("/sync/pull", response_model=PullResponse, responses=RESPONSES)
def pull(
    principal: CurrentPrincipal,
    session: SessionDep,
    request: Request,
    since: Annotated[
        int, Query(ge=0, le=2**63 - 1, description="Kursor: seq terakhir yang diterima")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = 200,
) -> PullResponse:
    """Changes the caller may see with ``seq > since``, oldest first; continue from
    ``next_cursor`` while ``has_more``. A page also stops before its records' content passes
    ``max_pull_bytes`` (the probe's limits), so a page's size is bounded however big records
    are."""
    limits: Limits = request.app.state.limits
    return records.pull(session, principal, since, limit, max_bytes=limits.max_pull_bytes)


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
