"""Login, logout and ``/me``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync.protocol import LoginRequest, Problem, Role, TokenResponse, UserInfo
from sync.server.audit import record_event
from sync.server.auth import (
    CurrentPrincipal,
    LoginLimiter,
    client_address,
    issue_token,
    verify_password,
)
from sync.server.db import Database, get_database, get_session
from sync.server.models import Opd, Pemda, Token, User
from sync.server.problems import ProblemType, problem

router = APIRouter(tags=["akun"])

AUTH_RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "description": "Belum masuk / token tidak berlaku"},
}


def user_info(session: Session, user: User) -> UserInfo:
    """The wire view of an account, with its pemda and OPD names."""
    pemda = session.get(Pemda, user.pemda_id)
    opd = session.get(Opd, user.opd_id) if user.opd_id else None
    return UserInfo(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        role=Role(user.role),
        pemda_id=user.pemda_id,
        pemda_name=pemda.name if pemda else "",
        opd_id=user.opd_id,
        opd_name=opd.name if opd else None,
    )


@router.post(
    "/auth/login",
    response_model=TokenResponse,
    responses={
        401: {"model": Problem, "description": "Nama pengguna atau kata sandi salah"},
        429: {"model": Problem, "description": "Terlalu banyak percobaan gagal"},
    },
)
def login(
    body: LoginRequest,
    request: Request,
    db: Annotated[Database, Depends(get_database)],
) -> TokenResponse:
    """Exchange a username and password for a bearer token.

    Failed attempts are counted per account and per address; past the limit the answer is 429
    with ``Retry-After`` until the window ends, even for the right password.
    """
    settings = db.settings
    limiter = LoginLimiter(settings)
    address = client_address(request, settings)
    with db.session_scope() as session:
        wait = limiter.retry_after(session, body.username, address)
    if wait is not None:
        raise problem(
            429,
            ProblemType.RATE_LIMITED,
            f"Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {wait} detik.",
            f"Too many failed login attempts. Try again in {wait} seconds.",
            headers={"Retry-After": str(wait)},
        )
    with db.session_scope() as session:
        user = session.scalar(
            select(User).where(func.lower(User.username) == body.username.strip().lower())
        )
        ok = verify_password(user.password_hash if user else None, body.password)
        if not ok or user is None or not user.active:
            # Counted in its own committed transaction: the 401 below must not roll it back.
            limiter.record_failure(session, body.username, address)
            record_event(
                session,
                action="auth.login_failed",
                target_type="user",
                target_id=user.id if user else None,
                details={"username": body.username[:150]},
                actor_label=body.username[:150],
                address=address,
                pemda_id=user.pemda_id if user else None,
            )
            failed = True
        else:
            failed = False
            limiter.record_success(session, user.username)
            raw, tok = issue_token(
                session, user, body.device, timedelta(hours=settings.token_ttl_hours)
            )
            record_event(
                session,
                action="auth.login",
                target_type="token",
                target_id=tok.id,
                details={"username": user.username},
                actor_label=user.username,
                address=address,
                pemda_id=user.pemda_id,
            )
            info = user_info(session, user)
            expires_at = tok.expires_at
    if failed:
        raise problem(
            401,
            ProblemType.UNAUTHENTICATED,
            "Nama pengguna atau kata sandi salah, atau akun dinonaktifkan.",
            "Wrong username or password, or the account is disabled.",
        )
    return TokenResponse(access_token=raw, expires_at=expires_at, user=info)


@router.post("/auth/logout", status_code=204, responses=AUTH_RESPONSES)
def logout(
    principal: CurrentPrincipal,
    request: Request,
    session: Annotated[Session, Depends(get_session)],
) -> Response:
    """End this session: the token stops working at once."""
    tok = session.get(Token, principal.token_id)
    if tok is not None and tok.revoked_at is None:
        tok.revoked_at = datetime.now(UTC)
        record_event(
            session,
            action="auth.logout",
            target_type="token",
            target_id=tok.id,
            actor=principal,
            address=request.client.host if request.client else None,
        )
    return Response(status_code=204)


@router.get("/me", response_model=UserInfo, responses=AUTH_RESPONSES)
def me(principal: CurrentPrincipal, session: Annotated[Session, Depends(get_session)]) -> UserInfo:
    """The logged-in account."""
    user = session.get(User, principal.user_id)
    assert user is not None
    return user_info(session, user)
