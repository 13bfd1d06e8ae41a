"""The local store database ``store.sqlite``: engine, pragmas, transactions, migrations on open.

SQLite in WAL mode with ``synchronous=FULL`` (a committed transaction survives a power cut or a
killed process), foreign keys on and a busy timeout. Opening a database written by an earlier
release first copies it to ``store.sqlite.bak-<old revision>`` with SQLite's online backup API
(a consistent snapshot, WAL included), then upgrades it with Alembic
(``sync/local/migrations``). Migrations only ever add; user data is never dropped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sync.local.paths import store_path
from sync.private_files import private_database, private_dir, private_file

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

# SQLAlchemy (and orjson) are imported where they are used, not here: the app reads the revision
# and the first page of the list (sync.local.listing) with sqlite3 before the ORM has loaded, and
# this module is on that path for HEAD_REVISION and current_revision alone.

HEAD_REVISION = "0007_answers_json"
"""The newest migration this code knows; a test checks it against the Alembic scripts."""

BUSY_TIMEOUT_MS = 10_000
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class StoreError(Exception):
    """The store cannot be opened or used; the message says what to do (Indonesian, English)."""


def _engine(path: Path, *, immediate: bool) -> Engine:
    """An engine whose transactions SQLAlchemy begins explicitly.

    pysqlite's own transaction handling starts a transaction lazily before the first DML
    statement, which leaves DDL in autocommit (a half-run migration) and turns a read followed
    by a write into a lock upgrade that can fail with "database is locked" regardless of the
    busy timeout. So the driver is put in autocommit mode and we emit BEGIN ourselves: writers
    take the write lock up front (BEGIN IMMEDIATE) and queue on the busy timeout instead.
    """
    from sqlalchemy import create_engine, event

    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
        json_serializer=json_text,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def json_text(value: Any) -> str:
    """The text of a JSON column: orjson's (a record's ``synced_content`` several times faster
    than ``json.dumps``; compact UTF-8, read back by ``json.loads`` as before). What orjson
    refuses goes through ``json.dumps`` as it always did: integers beyond 64 bits, lone
    surrogates, keys that are not text, and the types ``json.dumps`` refuses (datetimes and
    dataclasses are passed through to it, so they still raise ``TypeError``). One difference:
    a float that is not finite is written ``null`` (as the server's own JSON writes it), not
    the ``NaN`` that is not JSON."""
    import orjson

    try:
        return orjson.dumps(
            value, option=orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
        ).decode()
    except orjson.JSONEncodeError:
        import json

        return json.dumps(value)


def current_revision(path: Path) -> str | None:
    """The Alembic revision ``path`` is at, or None for a new or empty database."""
    if not path.exists():
        return None
    con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        has_version = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_version:
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    finally:
        con.close()


def _has_tables(path: Path) -> bool:
    con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        row = con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
        return bool(row[0] > 0)
    finally:
        con.close()


def known_revisions() -> set[str]:
    """Every revision in ``sync/local/migrations`` (loads the scripts: call only when needed)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return {rev.revision for rev in script.walk_revisions()}


def run_migrations(path: Path, target: str = "head") -> None:
    """Upgrade ``path`` to ``target`` with Alembic, all steps in one transaction."""
    from alembic import command
    from alembic.config import Config

    engine = _engine(path, immediate=True)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
    finally:
        engine.dispose()


def backup_database(path: Path, dest: Path) -> Path:
    """Copy ``path`` to ``dest`` with SQLite's online backup API (consistent, WAL included)."""
    src = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
            # The copy is one self-contained file (no -wal/-shm beside it) in any tool.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    return private_file(dest)


class Store:
    """The open local store: ``write()`` and ``read()`` give short-lived sessions.

    Construction migrates: a new file gets the newest schema; a file at an older revision is
    backed up first (``backup_path`` tells where), then upgraded; a file from a newer release
    is refused with :class:`StoreError` and left untouched.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else store_path()
        private_dir(self.path.parent)
        self.backup_path: Path | None = None
        self._migrate()
        private_database(self.path)
        from sqlalchemy.orm import sessionmaker

        self._write_engine = _engine(self.path, immediate=True)
        self._read_engine = _engine(self.path, immediate=False)
        self._writer = sessionmaker(self._write_engine, expire_on_commit=False)
        self._reader = sessionmaker(self._read_engine, expire_on_commit=False)

    def _migrate(self) -> None:
        revision = current_revision(self.path)
        if revision == HEAD_REVISION:
            return
        if revision is None:
            if self.path.exists() and _has_tables(self.path):
                raise StoreError(
                    f"Berkas {self.path} bukan basis data Inovasi Desk (tidak ada versi skema). "
                    "Pindahkan berkas itu lalu buka aplikasi lagi. / "
                    f"{self.path} is not an Inovasi Desk database (no schema version). "
                    "Move that file away and start the app again."
                )
            run_migrations(self.path)
            return
        if revision not in known_revisions():
            raise StoreError(
                f"Basis data {self.path} dibuat oleh versi aplikasi yang lebih baru "
                f"(skema {revision}). Pasang versi terbaru Inovasi Desk. / "
                f"The database {self.path} was written by a newer release (schema {revision}). "
                "Install the newest Inovasi Desk."
            )
        self.backup_path = backup_database(self.path, self._free_backup_name(revision))
        run_migrations(self.path)

    def _free_backup_name(self, revision: str) -> Path:
        # Never overwrite an earlier backup: it may be the only copy of older data.
        candidate = self.path.with_name(f"{self.path.name}.bak-{revision}")
        n = 1
        while candidate.exists():
            candidate = self.path.with_name(f"{self.path.name}.bak-{revision}.{n}")
            n += 1
        return candidate

    def listen(self, name: str, fn: Callable[..., Any]) -> None:
        """Attach ``fn`` to the SQLAlchemy session event ``name`` (``after_commit``,
        ``do_orm_execute``, ``after_flush``...) of this store's write sessions, once."""
        from sqlalchemy import event

        if not event.contains(self._writer, name, fn):
            event.listen(self._writer, name, fn)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE): commits on success, rolls back on error."""
        with self._writer() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One read transaction: a consistent snapshot, never blocks the writer (WAL)."""
        with self._reader() as session, session.begin():
            yield session

    def integrity_check(self) -> str:
        """``PRAGMA integrity_check``'s first line: ``"ok"`` for a sound database."""
        con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            return str(con.execute("PRAGMA integrity_check").fetchone()[0])
        finally:
            con.close()

    def close(self) -> None:
        """Close every connection, folding the WAL back into the main file first.

        After a clean close ``store.sqlite`` alone holds everything (a user copying the file,
        or the installer's upgrade, needs no -wal beside it). A busy database (another process
        still reading) just keeps its WAL: nothing is lost, SQLite replays it on next open.
        """
        self._write_engine.dispose()
        self._read_engine.dispose()
        try:
            con = sqlite3.connect(self.path, timeout=0.5)
            try:
                con.execute("PRAGMA optimize")
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                con.close()
        except sqlite3.Error:
            pass

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
