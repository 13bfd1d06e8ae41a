"""Login, logout and ``/me``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync.protocol import LoginRequest, PasswordChange, Problem, Role, TokenResponse, UserInfo
from sync.server import accounts
from sync.server.audit import record_event
from sync.server.auth import (
    CurrentPrincipal,
    LoginLimiter,
    client_address,
    issue_token,
    verify_password,
)
from sync.server.db import Database, SessionDep, get_database
from sync.server.models import Opd, Pemda, Token, User
from sync.server.problems import ProblemType, problem

router = APIRouter(tags=["akun"])
T = TypeVar("T")

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


def _rate_limited(wait: int) -> Exception:
    return problem(
        429,
        ProblemType.RATE_LIMITED,
        f"Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {wait} detik.",
        f"Too many failed login attempts. Try again in {wait} seconds.",
        headers={"Retry-After": str(wait)},
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

    def issue(session: Session, user: User, address: str) -> TokenResponse:
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
        return TokenResponse(
            access_token=raw, expires_at=tok.expires_at, user=user_info(session, user)
        )

    return authenticate(db, request, body.username, body.password, issue)


def authenticate(
    db: Database,
    request: Request,
    username: str,
    password: str,
    on_success: Callable[[Session, User, str], T],
) -> T:
    """The one sign-in check of the server (the API's login and the web dashboard's): the login
    limit, the password, the account's state, the audit of a failure. On success
    ``on_success(session, user, address)`` runs in the same transaction (it issues the token or
    the web session) and its result is returned; otherwise a 429 or 401 problem is raised.
    """
    settings = db.settings
    limiter = LoginLimiter(settings)
    address = client_address(request, settings)
    with db.session_scope() as session:
        wait = limiter.retry_after(session, username, address)
    if wait is not None:
        raise _rate_limited(wait)
    with db.session_scope() as session:
        user = session.scalar(
            select(User).where(func.lower(User.username) == username.strip().lower())
        )
        ok = verify_password(user.password_hash if user else None, password)
        if not ok or user is None or not user.active:
            # Counted in its own committed transaction: the 401 below must not roll it back.
            limiter.record_failure(session, username, address)
            record_event(
                session,
                action="auth.login_failed",
                target_type="user",
                target_id=user.id if user else None,
                details={"username": username[:150]},
                actor_label=username[:150],
                address=address,
                pemda_id=user.pemda_id if user else None,
            )
            failed = True
        else:
            failed = False
            limiter.record_success(session, user.username)
            result = on_success(session, user, address)
    if failed:
        raise problem(
            401,
            ProblemType.UNAUTHENTICATED,
            "Nama pengguna atau kata sandi salah, atau akun dinonaktifkan.",
            "Wrong username or password, or the account is disabled.",
        )
    return result


@router.post("/auth/logout", status_code=204, responses=AUTH_RESPONSES)
def logout(
    principal: CurrentPrincipal,
    request: Request,
    session: SessionDep,
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
def me(principal: CurrentPrincipal, session: SessionDep) -> UserInfo:
    """The logged-in account."""
    user = session.get(User, principal.user_id)
    assert user is not None
    return user_info(session, user)


@router.post(
    "/auth/password",
    status_code=204,
    responses={
        **AUTH_RESPONSES,
        403: {"model": Problem, "description": "Kata sandi sekarang salah"},
        429: {"model": Problem, "description": "Terlalu banyak percobaan gagal"},
    },
)
def change_password(
    body: PasswordChange,
    principal: CurrentPrincipal,
    request: Request,
    db: Annotated[Database, Depends(get_database)],
    session: SessionDep,
) -> Response:
    """Change one's own password. This session stays; every other session of the account ends."""
    user = session.get(User, principal.user_id)
    assert user is not None
    limiter = LoginLimiter(db.settings)
    address = client_address(request, db.settings)
    with db.session_scope() as counting:
        wait = limiter.retry_after(counting, user.username, address)
    if wait is not None:
        raise _rate_limited(wait)
    if not verify_password(user.password_hash, body.current_password):
        # A guess at the current password counts like a failed login (own transaction: the
        # 403 below rolls the handler's session back).
        with db.session_scope() as counting:
            limiter.record_failure(counting, user.username, address)
        raise problem(
            403,
            ProblemType.FORBIDDEN,
            "Kata sandi sekarang salah. Kata sandi tidak diganti.",
            "The current password is wrong. The password was not changed.",
        )
    accounts.set_password(
        session,
        user,
        body.new_password,
        accounts.Actor(
            principal=principal, address=request.client.host if request.client else None
        ),
        keep_token_id=principal.token_id,
    )
    return Response(status_code=204)
