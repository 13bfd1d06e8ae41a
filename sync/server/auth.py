"""Authentication and access: opaque bearer tokens stored hashed and the caller's ``Principal``
with its role and OPD checks. Passwords: ``sync.server.passwords``; login throttling:
``sync.server.throttle``.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import ScalarSelect, bindparam, or_, select, true, update
from sqlalchemy.orm import Session

from iid.workflow import OPD_ROLES
from sync.protocol import Role
from sync.server.config import Settings
from sync.server.db import Database, get_database
from sync.server.models import Opd, Token, User, WebSession
from sync.server.problems import ProblemType, problem

TOKEN_PREFIX = "idk_"


@dataclass(frozen=True)
class Principal:
    """The authenticated caller of a request.

    ``pemda_opd_ids`` holds every OPD of the caller's pemda: OPD checks never cross pemda lines.
    """

    user_id: str
    username: str
    role: Role
    pemda_id: str
    opd_id: str | None
    token_id: str
    device: str | None
    pemda_opd_ids: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def can_verify(self) -> bool:
        """May write verdicts (verifikator and admin)."""
        return self.role in (Role.VERIFIKATOR, Role.ADMIN)

    @property
    def opd_bound(self) -> bool:
        """Works on its own OPD only (operator, kepala OPD); the other roles span the pemda."""
        return self.role in OPD_ROLES

    def can_read_opd(self, opd_id: str | None) -> bool:
        """Operators and the kepala OPD read their own OPD; every other role reads all OPDs of
        the pemda."""
        if opd_id is None or opd_id not in self.pemda_opd_ids:
            return False
        if self.opd_bound:
            return opd_id == self.opd_id
        return True

    def can_write_opd(self, opd_id: str | None) -> bool:
        """May write an OPD's innovations: its own operators, and the pemda's admins."""
        if opd_id is None or opd_id not in self.pemda_opd_ids:
            return False
        if self.role is Role.OPERATOR:
            return opd_id == self.opd_id
        return self.role is Role.ADMIN


# --- tokens --------------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    session: Session, user: User, device: str | None, ttl: timedelta
) -> tuple[str, Token]:
    """Create a login session; returns the bearer token (shown once) and its stored row."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    row = Token(
        id=str(uuid.uuid4()),
        token_hash=token_hash(raw),
        user_id=user.id,
        device=device,
        created_at=now,
        expires_at=now + ttl,
        revoked_at=None,
    )
    session.add(row)
    return raw, row


def revoke_user_tokens(session: Session, user_id: str, keep: str | None = None) -> None:
    """Revoke every live token of a user but ``keep`` (password reset, deactivation)."""
    now = datetime.now(UTC)
    for row in session.scalars(
        select(Token).where(Token.user_id == user_id, Token.revoked_at.is_(None))
    ):
        if row.id != keep:
            row.revoked_at = now
    # The web dashboard's browser sessions end too (they are not bearer tokens).
    session.execute(
        update(WebSession)
        .where(WebSession.user_id == user_id, WebSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )


bearer = HTTPBearer(auto_error=False, description="Token dari POST /api/v1/auth/login")


def _unauthenticated(detail_id: str, detail_en: str) -> Exception:
    return problem(
        401,
        ProblemType.UNAUTHENTICATED,
        detail_id,
        detail_en,
        headers={"WWW-Authenticate": "Bearer"},
    )


_TOKENS, _USERS, _OPDS = Token.__table__.c, User.__table__.c, Opd.__table__.c
# Built once (bound parameters): Core statements skip the ORM's per-call construction, compile
# lookup and entity loading.
_PRINCIPAL = (
    select(
        _TOKENS.id,
        _TOKENS.device,
        _TOKENS.expires_at,
        _TOKENS.revoked_at,
        _USERS.id,
        _USERS.username,
        _USERS.role,
        _USERS.pemda_id,
        _USERS.opd_id,
        _USERS.active,
    )
    .join_from(Token.__table__, User.__table__, _USERS.id == _TOKENS.user_id)
    .where(_TOKENS.token_hash == bindparam("token_hash"))
)
_OPD_IDS = select(_OPDS.id).where(_OPDS.pemda_id == bindparam("pemda_id"))


def live_caller_id(roles: Collection[Role] | None = None) -> ScalarSelect[str]:
    """The user id behind a bearer token that :func:`principal_for` would accept (known, not
    revoked, not expired, account active), and with ``roles`` only an account in one of
    them, as a subquery with the parameters ``b_token_hash`` (:func:`token_hash` of the
    token) and ``b_now``: a statement can authenticate its caller itself (``uploads``: the
    tus PATCH takes its lease in the same statement). NULL for any token ``principal_for``
    refuses (or another role), so the statement does nothing and the caller falls back to
    ``principal_for`` for the exact 401 (or its own 403). The same checks in every request: a
    revocation, a deactivation or a new role counts from the next statement on. Any check
    added to ``principal_for`` must be added here too."""
    found = (
        select(_USERS.id)
        .join_from(Token.__table__, User.__table__, _USERS.id == _TOKENS.user_id)
        .where(
            _TOKENS.token_hash == bindparam("b_token_hash"),
            _TOKENS.revoked_at.is_(None),
            _TOKENS.expires_at > bindparam("b_now"),
            _USERS.active == true(),
        )
    )
    if roles is not None:
        # Comparisons, not IN: bound values a prepared statement keeps (no expanding list).
        found = found.where(or_(*(_USERS.role == role.value for role in sorted(roles))))
    return found.scalar_subquery()


LIVE_CALLER_ID = live_caller_id()
""":func:`live_caller_id` of any role."""


def principal_for(
    session: Session,
    credentials: HTTPAuthorizationCredentials | None,
    *,
    pemda_opds: bool = True,
) -> Principal:
    """The caller behind the bearer token (read in ``session``), or a 401 problem.

    Two indexed reads of plain columns (no ORM objects): the token with its user, and the ids
    of the pemda's OPDs. Called once per request (bench/server_sync.py profiles it).
    ``pemda_opds=False`` skips the second read for a handler that never checks an OPD against
    the pemda's list (the pull: a third of its statements); ``pemda_opd_ids`` is then empty,
    so an OPD check made by mistake refuses (``can_write_opd`` is False), never allows."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthenticated(
            "Anda belum masuk. Masuk (login) dulu lalu coba lagi.",
            "You are not logged in. Log in, then try again.",
        )
    connection = session.connection()
    found = connection.execute(
        _PRINCIPAL, {"token_hash": token_hash(credentials.credentials)}
    ).first()
    if found is None:
        raise _unauthenticated(
            "Token tidak dikenal. Masuk (login) kembali.",
            "Unknown token. Log in again.",
        )
    token_id, device, expires_at, revoked_at, user_id, username, role, pemda_id, opd_id, active = (
        found
    )
    if revoked_at is not None:
        raise _unauthenticated(
            "Sesi ini sudah diakhiri. Masuk (login) kembali.",
            "This session was ended. Log in again.",
        )
    if expires_at <= datetime.now(UTC):
        raise _unauthenticated(
            "Sesi sudah kedaluwarsa. Masuk (login) kembali.",
            "The session has expired. Log in again.",
        )
    if not active:
        raise _unauthenticated(
            "Akun ini dinonaktifkan. Hubungi admin pemda.",
            "This account is disabled. Contact your pemda admin.",
        )
    opd_ids = (
        frozenset(connection.execute(_OPD_IDS, {"pemda_id": pemda_id}).scalars())
        if pemda_opds
        else frozenset()
    )
    return Principal(
        user_id=user_id,
        username=username,
        role=Role(role),
        pemda_id=pemda_id,
        opd_id=opd_id,
        token_id=token_id,
        device=device,
        pemda_opd_ids=opd_ids,
    )


def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    db: Annotated[Database, Depends(get_database)],
) -> Principal:
    """FastAPI dependency: the caller behind the bearer token, or a 401 problem."""
    # Its own short transaction, never the handler's: on SQLite a transaction that starts
    # with a read and later writes fails with SQLITE_BUSY if another writer committed in
    # between, so a push must begin its transaction with its first write (records.py).
    with db.session_scope() as session:
        principal = principal_for(session, credentials)
    request.state.principal = principal  # the error telemetry names the caller
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
"""The bearer credentials as sent, unchecked (``bearer`` runs on the event loop): for handlers
that authenticate with :func:`principal_for` in their own threadpool hop (``api_sync``)."""


def require_admin(principal: CurrentPrincipal) -> Principal:
    """FastAPI dependency: the caller, who must be an admin."""
    if not principal.is_admin:
        raise problem(
            403,
            ProblemType.FORBIDDEN,
            "Hanya admin pemda yang boleh melakukan ini.",
            "Only the pemda admin may do this.",
        )
    return principal


AdminPrincipal = Annotated[Principal, Depends(require_admin)]


# --- client address ------------------------------------------------------------------------


def client_address(request: Request, settings: Settings) -> str:
    """The caller's address (the first ``X-Forwarded-For`` hop only if the proxy is trusted)."""
    if settings.trust_forwarded_for:
        forwarded = request.headers.get("x-forwarded-for", "")
        if forwarded.strip():
            return forwarded.split(",")[0].strip()
    return request.client.host if request.client else "unknown"
