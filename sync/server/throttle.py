"""Login throttling: a delay that grows with each failed attempt, per account and per address.

Why not a lockout: a fixed "5 failures, then 15 minutes" lets anyone lock anyone out. Here each
failure past a few free ones doubles the wait before the next attempt for that key, capped per
kind of key: low for an account, high for an address (a guesser's own address slows down for
everyone it tries). A quiet period (``login_window_seconds`` without a failure) forgets a key.

Which keys an attempt counts on: its address always; for the account, the account's own key
(``account:<name>``, shared by every address) unless the account signed in successfully from
this address within ``KNOWN_FOR_MS`` (``KnownSignIn``): then only the failures made from this
address count for the account (``pair:<hash of name and address>``). So a stranger guessing from
elsewhere slows down guessing from everywhere else (a botnet gets the account's slow rate), and
can never slow the owner down where the owner already signs in; only someone behind the owner's
own address (the same office network) can, and only by the account's short cap.

Why it holds under concurrency: an attempt is *reserved* before its password is checked, in one
transaction that takes the key rows' locks (sorted, so two attempts cannot deadlock), checks
that each key's next attempt is allowed now and counts the attempt as a failure in advance. A
success then clears the account key and takes the address's advance count back. There is no
window between "may I" and "count me" for concurrent requests to slip through.

Keys use the normalised name (``normalise_username``): the same normalisation the account
lookup uses, so spacing or letter-case variants of a name share one counter.
"""

from __future__ import annotations

import hashlib
import math
import time
import unicodedata
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sync.server.config import Settings
from sync.server.models import KnownSignIn, ThrottleKey

KNOWN_FOR_MS = 90 * 24 * 3600 * 1000
"""How long a successful sign-in makes its address known for the account."""


def normalise_username(username: str) -> str:
    """The form account names are compared in: NFKC, no whitespace anywhere, case-folded."""
    return "".join(unicodedata.normalize("NFKC", username).split()).casefold()


@dataclass(frozen=True)
class Policy:
    free: int
    """Failures allowed without any delay."""
    base_seconds: float
    max_seconds: float

    def delay_after(self, failures: int) -> float:
        """Seconds to wait after the ``failures``-th failure: 0, then base, 2 base, 4 base..."""
        if failures < self.free:
            return 0.0
        exponent = min(failures - self.free, 40)
        return float(min(self.max_seconds, self.base_seconds * (2**exponent)))


class LoginThrottle:
    """Reserve, succeed: see the module docstring. One instance per app (stateless)."""

    def __init__(self, settings: Settings) -> None:
        self.forget_ms = int(settings.login_window_seconds * 1000)
        self.account = Policy(
            settings.login_max_failures_per_account,
            settings.login_delay_base_seconds,
            settings.login_max_delay_account_seconds,
        )
        self.address = Policy(
            settings.login_max_failures_per_address,
            settings.login_delay_base_seconds,
            settings.login_max_delay_address_seconds,
        )

    @staticmethod
    def _names(username: str, address: str) -> tuple[str, str]:
        return normalise_username(username)[:250], address[:250]

    @staticmethod
    def _pair_key(account: str, address: str) -> str:
        digest = hashlib.sha256(f"{account}\n{address}".encode()).hexdigest()[:40]
        return f"pair:{digest}"

    def _keys(
        self, session: Session, username: str, address: str, now_ms: int
    ) -> dict[str, Policy]:
        account, address = self._names(username, address)
        known = session.scalar(
            select(KnownSignIn.last_success_ms).where(
                KnownSignIn.account == account,
                KnownSignIn.address == address,
                KnownSignIn.last_success_ms > now_ms - KNOWN_FOR_MS,
            )
        )
        account_key = self._pair_key(account, address) if known else f"account:{account}"
        return {account_key: self.account, f"address:{address}": self.address}

    def reserve(
        self, session: Session, username: str, address: str, now: float | None = None
    ) -> int | None:
        """Count this attempt as a failure in advance, or refuse it.

        Returns None when the attempt may go ahead (and is counted), else the whole seconds to
        wait (nothing is counted). Commit the session right after: the row locks are held
        until then.
        """
        now_ms = _ms(now)
        pg = session.get_bind().dialect.name == "postgresql"
        insert = postgresql.insert if pg else sqlite.insert
        # The first statement writes: on SQLite that takes the write lock at once (a read
        # first would fail with SQLITE_BUSY when another attempt commits in between).
        # The address key is one of the keys whatever the account's key turns out to be.
        session.execute(
            insert(ThrottleKey)
            .values(key=f"address:{self._names(username, address)[1]}", failures=0,
                    next_allowed_ms=0, last_failure_ms=0)
            .on_conflict_do_nothing(index_elements=[ThrottleKey.key])
        )  # fmt: skip
        keys = self._keys(session, username, address, now_ms)
        session.execute(
            insert(ThrottleKey)
            .values(
                [
                    {"key": k, "failures": 0, "next_allowed_ms": 0, "last_failure_ms": 0}
                    for k in sorted(keys)
                ]
            )
            .on_conflict_do_nothing(index_elements=[ThrottleKey.key])
        )
        query = select(ThrottleKey).where(ThrottleKey.key.in_(keys)).order_by(ThrottleKey.key)
        if pg:
            query = query.with_for_update()
        rows = list(session.scalars(query))
        wait_ms = 0
        for row in rows:
            if row.failures and now_ms - row.last_failure_ms > self.forget_ms:
                row.failures, row.next_allowed_ms = 0, 0
            wait_ms = max(wait_ms, row.next_allowed_ms - now_ms)
        if wait_ms > 0:
            return max(1, math.ceil(wait_ms / 1000))
        for row in rows:
            row.failures += 1
            row.last_failure_ms = now_ms
            row.next_allowed_ms = now_ms + int(keys[row.key].delay_after(row.failures) * 1000)
        return None

    def succeeded(
        self, session: Session, username: str, address: str, now: float | None = None
    ) -> None:
        """The reserved attempt was right: forget the account's failures (its own key and this
        address's), take the address's advance count back, and remember the address as one
        the account signs in from."""
        now_ms = _ms(now)
        account, where = self._names(username, address)
        session.execute(
            delete(ThrottleKey).where(
                ThrottleKey.key.in_([f"account:{account}", self._pair_key(account, where)])
            )
        )
        session.execute(
            update(ThrottleKey)
            .where(ThrottleKey.key == f"address:{where}", ThrottleKey.failures > 0)
            .values(failures=ThrottleKey.failures - 1)
        )
        pg = session.get_bind().dialect.name == "postgresql"
        insert = postgresql.insert if pg else sqlite.insert
        session.execute(
            insert(KnownSignIn)
            .values(account=account, address=where, last_success_ms=now_ms)
            .on_conflict_do_update(
                index_elements=[KnownSignIn.account, KnownSignIn.address],
                set_={"last_success_ms": now_ms},
            )
        )
        session.execute(
            delete(KnownSignIn).where(
                KnownSignIn.account == account,
                KnownSignIn.last_success_ms <= now_ms - KNOWN_FOR_MS,
            )
        )


def _ms(now: float | None) -> int:
    return int((time.time() if now is None else now) * 1000)
