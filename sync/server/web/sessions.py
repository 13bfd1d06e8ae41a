"""Browser sessions of the web dashboard: an HttpOnly cookie, a synchronizer CSRF token per
session, idle and absolute expiry, revocation. Separate from the API's bearer tokens: the
cookie never authenticates an API call, and a token never opens a page.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fastapi import Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.protocol import Role
from sync.server.config import Settings
from sync.server.db import Database
from sync.server.models import Opd, Pemda, User, WebSession

SESSION_COOKIE = "idk_web"
LOGIN_CSRF_COOKIE = "idk_web_csrf"
"""Double-submit token of the sign-in form (there is no session yet to hold it)."""
_TOUCH_EVERY = timedelta(seconds=60)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def is_https(request: Request, settings: Settings) -> bool:
    """Served over HTTPS (directly, or behind a proxy whose public URL is https)."""
    return request.url.scheme == "https" or settings.public_url.lower().startswith("https://")


def set_cookie(
    response: Response,
    request: Request,
    settings: Settings,
    name: str,
    value: str,
    max_age: int | None,
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        secure=is_https(request, settings),
        samesite="lax",
    )


def clear_cookie(response: Response, request: Request, settings: Settings, name: str) -> None:
    response.delete_cookie(
        name, path="/", httponly=True, secure=is_https(request, settings), samesite="lax"
    )


def same_token(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison of a form's CSRF token with the expected one."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


@dataclass(frozen=True)
class WebUser:
    """The signed-in person behind a browser session."""

    session_id: str
    user_id: str
    username: str
    full_name: str
    role: Role
    pemda_id: str
    pemda_name: str
    opd_id: str | None
    opd_name: str | None
    csrf_token: str
    pemda_opd_ids: frozenset[str]


def start(session: Session, user: User, address: str, settings: Settings) -> str:
    """Create a browser session for ``user``; returns the cookie value (shown once)."""
    raw = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    session.add(
        WebSession(
            id=str(uuid.uuid4()),
            session_hash=_hash(raw),
            csrf_token=secrets.token_urlsafe(32),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=settings.web_session_hours),
            revoked_at=None,
            address=address[:100],
        )
    )
    return raw


def current(request: Request, db: Database) -> WebUser | None:
    """The browser session's user, or None (no cookie, unknown, expired, idle, revoked, or the
    account disabled). Moves ``last_seen_at`` at most once a minute."""
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw or len(raw) > 200:
        return None
    settings = db.settings
    now = datetime.now(UTC)
    with db.session_scope() as session:
        found = session.execute(
            select(WebSession, User)
            .join(User, User.id == WebSession.user_id)
            .where(WebSession.session_hash == _hash(raw))
        ).first()
        if found is None:
            return None
        row, user = found
        idle_limit = row.last_seen_at + timedelta(minutes=settings.web_idle_minutes)
        if row.revoked_at is not None or row.expires_at <= now or idle_limit <= now:
            return None
        if not user.active:
            return None
        if now - row.last_seen_at >= _TOUCH_EVERY:
            row.last_seen_at = now
        pemda = session.get(Pemda, user.pemda_id)
        opd = session.get(Opd, user.opd_id) if user.opd_id else None
        opd_ids = frozenset(session.scalars(select(Opd.id).where(Opd.pemda_id == user.pemda_id)))
        return WebUser(
            session_id=row.id,
            user_id=user.id,
            username=user.username,
            full_name=user.full_name,
            role=Role(user.role),
            pemda_id=user.pemda_id,
            pemda_name=pemda.name if pemda else "",
            opd_id=user.opd_id,
            opd_name=opd.name if opd else None,
            csrf_token=row.csrf_token,
            pemda_opd_ids=opd_ids,
        )


def end(db: Database, session_id: str) -> None:
    """Revoke one browser session (sign-out)."""
    with db.session_scope() as session:
        row = session.get(WebSession, session_id)
        if row is not None and row.revoked_at is None:
            row.revoked_at = datetime.now(UTC)


def new_form_token() -> str:
    """A fresh random token for the sign-in form's double-submit cookie."""
    return secrets.token_urlsafe(32)
