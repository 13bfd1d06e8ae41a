"""Login, logout and ``/me``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated, TypeVar

import anyio.from_thread
from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from sync.protocol import LoginRequest, PasswordChange, Problem, Role, TokenResponse, UserInfo
from sync.server import accounts, passwords
from sync.server.audit import record_event
from sync.server.auth import CurrentPrincipal, client_address, issue_token
from sync.server.db import Database, SessionDep, get_database
from sync.server.models import Opd, Pemda, Token, User
from sync.server.problems import ProblemType, problem
from sync.server.throttle import LoginThrottle

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
        pemda_code=pemda.code if pemda else "",
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


def _failed_login_details(typed: str, user: User | None) -> tuple[dict[str, object], str]:
    """What the audit log keeps of a failed login: the account's own name when the typed name
    means one, else only its length. A password typed into the name field is never stored."""
    if user is not None:
        return {"username": user.username}, user.username
    return {"username": None, "unknown_username_length": len(typed)}, "(tidak dikenal)"


@router.post(
    "/auth/login",
    response_model=TokenResponse,
    responses={
        401: {"model": Problem, "description": "Nama pengguna atau kata sandi salah"},
        429: {"model": Problem, "description": "Terlalu banyak percobaan gagal"},
        503: {"model": Problem, "description": "Server sedang sibuk memeriksa kata sandi"},
    },
)
async def login(
    body: LoginRequest,
    request: Request,
    db: Annotated[Database, Depends(get_database)],
) -> TokenResponse:
    """Exchange a username and password for a bearer token.

    Failed attempts are counted per account and per address; past a few, each next attempt
    waits longer (429 with ``Retry-After``, even for the right password), up to a short cap for
    an account and a longer one for an address. The password is checked on the server's
    hashing pool, never on the threads that serve sync.
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

    # Cache-Control: no-store comes with every API answer (app.SecurityHeaders).
    return await authenticate_async(db, request, body.username, body.password, issue)


async def authenticate_async(
    db: Database,
    request: Request,
    username: str,
    password: str,
    on_success: Callable[[Session, User, str], T],
) -> T:
    """The one sign-in check of the server (the API's login and the web dashboard's): the login
    throttle, the password, the account's state, the audit of a failure. On success
    ``on_success(session, user, address)`` runs in the same transaction (it issues the token or
    the web session) and its result is returned; otherwise a 429 or 401 problem is raised.

    The attempt is reserved with the throttle before the password is checked (atomic under
    concurrency, ``sync.server.throttle``); the password is checked on the hashing pool
    (``sync.server.passwords``), so a flood of sign-ins never holds the threads sync runs on.
    """
    settings = db.settings
    throttle: LoginThrottle = request.app.state.login_throttle
    address = client_address(request, settings)

    def reserve() -> tuple[int | None, User | None]:
        with db.session_scope() as session:
            wait = throttle.reserve(session, username, address)
        if wait is not None:
            return wait, None
        with db.session_scope() as session:
            user = accounts.lookup_user(session, username)
            if user is not None:
                session.expunge(user)
            return None, user

    wait, user = await run_in_threadpool(reserve)
    if wait is not None:
        raise _rate_limited(wait)
    ok = await passwords.pool().verify(user.password_hash if user else None, password)

    def conclude() -> tuple[bool, T | None]:
        with db.session_scope() as session:
            if not ok or user is None or not user.active:
                details, label = _failed_login_details(username, user)
                record_event(
                    session,
                    action="auth.login_failed",
                    target_type="user",
                    target_id=user.id if user else None,
                    details=details,
                    actor_label=label,
                    address=address,
                    pemda_id=user.pemda_id if user else None,
                )
                return False, None
            throttle.succeeded(session, username, address)
            fresh = session.get(User, user.id)
            assert fresh is not None
            return True, on_success(session, fresh, address)

    succeeded, result = await run_in_threadpool(conclude)
    if not succeeded:
        raise problem(
            401,
            ProblemType.UNAUTHENTICATED,
            "Nama pengguna atau kata sandi salah, atau akun dinonaktifkan.",
            "Wrong username or password, or the account is disabled.",
        )
    return result  # type: ignore[return-value]


def authenticate(
    db: Database,
    request: Request,
    username: str,
    password: str,
    on_success: Callable[[Session, User, str], T],
) -> T:
    """``authenticate_async`` for a handler running on a worker thread (the web sign-in): the
    check runs on the event loop; this thread only waits for it."""
    return anyio.from_thread.run(authenticate_async, db, request, username, password, on_success)


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
    throttle: LoginThrottle = request.app.state.login_throttle
    address = client_address(request, db.settings)
    # A guess at the current password counts like a failed login, reserved in its own
    # transaction before the handler's session reads anything (the 403 below rolls that one
    # back; and on SQLite a transaction that read before another writer committed cannot write).
    with db.session_scope() as counting:
        wait = throttle.reserve(counting, principal.username, address)
    if wait is not None:
        raise _rate_limited(wait)
    user = session.get(User, principal.user_id)
    assert user is not None
    if not passwords.verify_password(user.password_hash, body.current_password):
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
    session.commit()
    with db.session_scope() as counting:
        throttle.succeeded(counting, principal.username, address)
    return Response(status_code=204)
