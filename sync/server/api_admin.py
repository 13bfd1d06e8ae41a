"""Administration endpoints: OPDs, accounts and the audit log (admin only, except listing OPDs)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.protocol import (
    AuditEntry,
    Opd,
    OpdCreate,
    Problem,
    Role,
    UserAccount,
    UserCreate,
    UserUpdate,
)
from sync.server import accounts
from sync.server.auth import AdminPrincipal, CurrentPrincipal
from sync.server.db import SessionDep
from sync.server.models import AuditEvent, Pemda, User
from sync.server.models import Opd as OpdRow
from sync.server.problems import ProblemType, problem

router = APIRouter(tags=["administrasi"])

RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "description": "Belum masuk / token tidak berlaku"},
    403: {"model": Problem, "description": "Tidak berhak"},
}

IdPath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]


def _opd_wire(row: OpdRow) -> Opd:
    return Opd(id=row.id, code=row.code, name=row.name)


def _account(user: User) -> UserAccount:
    return UserAccount(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        role=Role(user.role),
        opd_id=user.opd_id,
        active=user.active,
        created_at=user.created_at,
    )


def _actor(principal: AdminPrincipal, request: Request) -> accounts.Actor:
    return accounts.Actor(
        principal=principal, address=request.client.host if request.client else None
    )


def _pemda(session: Session, pemda_id: str) -> Pemda:
    pemda = session.get(Pemda, pemda_id)
    assert pemda is not None
    return pemda


def _opd_of_pemda(session: Session, pemda: Pemda, opd_id: str | None) -> OpdRow | None:
    if opd_id is None:
        return None
    row = session.get(OpdRow, opd_id)
    if row is None or row.pemda_id != pemda.id:
        raise problem(
            422,
            ProblemType.VALIDATION,
            "OPD yang dipilih tidak ada di pemda ini.",
            "The chosen OPD does not exist in this pemda.",
        )
    return row


@router.get("/opds", response_model=list[Opd], responses=RESPONSES)
def list_opds(principal: CurrentPrincipal, session: SessionDep) -> list[Opd]:
    """The OPDs the caller may see: an operator's own, everyone else's whole pemda."""
    rows = session.scalars(
        select(OpdRow).where(OpdRow.pemda_id == principal.pemda_id).order_by(OpdRow.code)
    )
    return [_opd_wire(r) for r in rows if principal.can_read_opd(r.id)]


@router.post("/opds", response_model=Opd, status_code=201, responses=RESPONSES)
def create_opd(
    body: OpdCreate,
    principal: AdminPrincipal,
    request: Request,
    session: SessionDep,
) -> Opd:
    """Create an OPD (or rename the one with this code)."""
    row, _ = accounts.upsert_opd(
        session,
        _pemda(session, principal.pemda_id),
        body.code,
        body.name,
        _actor(principal, request),
    )
    return _opd_wire(row)


@router.get("/users", response_model=list[UserAccount], responses=RESPONSES)
def list_users(principal: AdminPrincipal, session: SessionDep) -> list[UserAccount]:
    """Every account of the pemda."""
    rows = session.scalars(
        select(User).where(User.pemda_id == principal.pemda_id).order_by(User.username)
    )
    return [_account(u) for u in rows]


@router.post(
    "/users",
    response_model=UserAccount,
    status_code=201,
    responses={**RESPONSES, 409: {"model": Problem, "description": "Nama pengguna sudah dipakai"}},
)
def create_user(
    body: UserCreate,
    principal: AdminPrincipal,
    request: Request,
    session: SessionDep,
) -> UserAccount:
    """Create an account in the admin's pemda."""
    pemda = _pemda(session, principal.pemda_id)
    user = accounts.create_user(
        session,
        pemda,
        username=body.username,
        password=body.password,
        role=body.role,
        full_name=body.full_name,
        opd=_opd_of_pemda(session, pemda, body.opd_id),
        actor=_actor(principal, request),
    )
    return _account(user)


@router.patch(
    "/users/{user_id}",
    response_model=UserAccount,
    responses={
        **RESPONSES,
        403: {"model": Problem, "description": "Kata sandi sendiri lewat /auth/password"},
        404: {"model": Problem, "description": "Tidak ditemukan"},
        409: {"model": Problem, "description": "Pemda akan tanpa admin aktif"},
    },
)
def update_user(
    user_id: IdPath,
    body: UserUpdate,
    principal: AdminPrincipal,
    request: Request,
    session: SessionDep,
) -> UserAccount:
    """Change an account; a new password or deactivation ends its sessions. An admin's own
    password changes only through ``POST /auth/password`` (it asks for the current one: a
    session left open must not be enough to take the account over)."""
    user = session.get(User, user_id)
    if user is None or user.pemda_id != principal.pemda_id:
        raise problem(404, ProblemType.NOT_FOUND, "Akun tidak ditemukan.", "Account not found.")
    if body.password is not None and user.id == principal.user_id:
        raise problem(
            403,
            ProblemType.FORBIDDEN,
            "Kata sandi Anda sendiri diganti lewat Ganti kata sandi, dengan kata sandi sekarang. "
            "Tidak ada yang diubah.",
            "Your own password is changed through Change password, with the current one. "
            "Nothing was changed.",
        )
    pemda = _pemda(session, principal.pemda_id)
    actor = _actor(principal, request)
    accounts.update_user(
        session,
        user,
        actor=actor,
        full_name=body.full_name,
        role=body.role,
        opd=_opd_of_pemda(session, pemda, body.opd_id),
        clear_opd=body.clear_opd,
        active=body.active,
    )
    if body.password is not None:
        accounts.set_password(session, user, body.password, actor)
    return _account(user)


@router.get("/audit", response_model=list[AuditEntry], responses=RESPONSES)
def list_audit(
    principal: AdminPrincipal,
    session: SessionDep,
    before_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[AuditEntry]:
    """Account and administration events of the pemda, newest first."""
    query = select(AuditEvent).where(AuditEvent.pemda_id == principal.pemda_id)
    if before_id is not None:
        query = query.where(AuditEvent.id < before_id)
    rows = session.scalars(query.order_by(AuditEvent.id.desc()).limit(limit))
    return [
        AuditEntry(
            id=e.id,
            at=e.at,
            actor=e.actor,
            actor_user_id=e.actor_user_id,
            device=e.device,
            address=e.address,
            action=e.action,
            target_type=e.target_type,
            target_id=e.target_id,
            details=e.details,
        )
        for e in rows
    ]
