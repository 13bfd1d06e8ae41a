"""Passwords: argon2id hashing on a bounded pool of its own, and the password policy.

Why a pool of its own: argon2 costs ~64 MiB and tens of milliseconds of CPU per hash by design.
Run on the server's shared thread pool (where every synchronous endpoint runs), a flood of
failed logins would take all of its threads and hundreds of MiB, and sync requests would queue
behind it. Here at most ``password_hash_workers`` hashes run at once and at most
``password_hash_queue`` more wait; beyond that a login is answered 503 at once.

The policy refuses what an online guesser tries first: anything on the common-password list of
``zxcvbn`` (a maintained estimator with a ranked list of the 30,000 most common passwords),
anything it scores as easy to guess given the account's own words (username, full name), and
the username itself.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from sync.server.problems import ProblemError, ProblemType, problem

MIN_PASSWORD_LENGTH = 8
MIN_ZXCVBN_SCORE = 2
"""zxcvbn's 2: "somewhat guessable, protection from throttled online attacks" (> 10^6 guesses)."""
POLICY_WORDS = ("inovasi", "desk", "sandi", "password", "katasandi")

_hasher = PasswordHasher()
# Verified against when the username is unknown, so a miss costs the same time as a hit.
_DUMMY_HASH = _hasher.hash("inovasi-desk-dummy-password")


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


class HashPool:
    """A bounded pool for argon2 work: ``workers`` threads, at most ``queue`` jobs waiting."""

    def __init__(self, workers: int = 2, queue: int = 64) -> None:
        self.workers = max(1, workers)
        self.queue = queue
        self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="argon2")
        self._slots = threading.BoundedSemaphore(self.workers + max(0, queue))

    def _submit(self, fn: Any, *args: Any) -> Future[Any]:
        if not self._slots.acquire(blocking=False):
            raise busy_problem()
        try:
            future = self._executor.submit(fn, *args)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _f: self._slots.release())
        return future

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """True if ``password`` matches; the same time is spent when there is no account."""
        result: bool = await asyncio.wrap_future(self._submit(_verify, password_hash, password))
        return result

    def verify_blocking(self, password_hash: str | None, password: str) -> bool:
        """``verify`` for synchronous code (waits on the pool, never hashes in the caller)."""
        result: bool = self._submit(_verify, password_hash, password).result()
        return result

    def hash_blocking(self, password: str) -> str:
        """An argon2id hash of ``password``, computed on the pool."""
        result: str = self._submit(_hasher.hash, password).result()
        return result

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


_pool: HashPool | None = None
_pool_lock = threading.Lock()


def configure_pool(workers: int, queue: int) -> HashPool:
    """Size the process's hashing pool (``create_app`` does, from the settings)."""
    global _pool
    with _pool_lock:
        if _pool is None or (_pool.workers, _pool.queue) != (max(1, workers), queue):
            _pool = HashPool(workers, queue)
        return _pool


def pool() -> HashPool:
    """The process's hashing pool (one per process: that is what bounds it)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = HashPool()
        return _pool


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``, computed on the process's pool."""
    return pool().hash_blocking(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """``HashPool.verify_blocking`` on the process's pool (for synchronous handlers)."""
    return pool().verify_blocking(password_hash, password)


def busy_problem() -> ProblemError:
    return problem(
        503,
        ProblemType.UNAVAILABLE,
        "Server sedang menerima terlalu banyak percobaan masuk. Tunggu beberapa detik lalu "
        "coba lagi.",
        "The server is receiving too many sign-in attempts. Wait a few seconds, then try again.",
        headers={"Retry-After": "5"},
    )


def check_password_strength(password: str, username: str = "", full_name: str = "") -> None:
    """Refuse a password an online guesser would try early (raises a 422 problem).

    Too short, the username itself (in any case or spacing), on zxcvbn's list of common
    passwords, or easy to guess from common words and the account's own words.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise problem(
            422,
            ProblemType.VALIDATION,
            f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter.",
            f"The password must have at least {MIN_PASSWORD_LENGTH} characters.",
        )
    folded = "".join(password.split()).casefold()
    name = "".join(username.split()).casefold()
    if name and (folded == name or folded == name[::-1]):
        raise problem(
            422,
            ProblemType.VALIDATION,
            "Kata sandi tidak boleh sama dengan nama pengguna. Pilih kata sandi lain.",
            "The password must not be the username. Choose another password.",
        )
    from zxcvbn import zxcvbn
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    words = [w for w in (username, full_name, *full_name.split(), *POLICY_WORDS) if w]
    common = folded in _common_passwords(FREQUENCY_LISTS)
    # zxcvbn refuses more than 72 characters; a longer one is judged by its first 72.
    if common or zxcvbn(password[:72], user_inputs=words)["score"] < MIN_ZXCVBN_SCORE:
        raise problem(
            422,
            ProblemType.VALIDATION,
            "Kata sandi ini terlalu mudah ditebak (termasuk kata sandi yang umum dipakai atau "
            "mirip nama akun). Pakai gabungan beberapa kata yang tidak berhubungan, misalnya "
            "'kopi-jendela-musim-7'.",
            "This password is too easy to guess (a commonly used password, or close to the "
            "account's name). Use several unrelated words together, e.g. "
            "'coffee-window-season-7'.",
        )


_COMMON: frozenset[str] | None = None


def _common_passwords(lists: dict[str, Any]) -> frozenset[str]:
    global _COMMON
    if _COMMON is None:
        _COMMON = frozenset(str(p).casefold() for p in lists["passwords"])
    return _COMMON
