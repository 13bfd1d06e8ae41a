"""Database engine, sessions and migrations for the server (SQLite by default, PostgreSQL at scale).

``Database`` owns one engine per process. Request handlers get a session through the
``get_session`` dependency; scripts use ``Database.session_scope()``. Both commit on success and
roll back on any exception.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from alembic import command
from alembic.config import Config
from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement

from sync.private_files import private_database
from sync.server.config import Settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_S = 30


def make_engine(database_url: str) -> Engine:
    """An engine with the pragmas the server relies on (WAL and foreign keys on SQLite)."""
    if database_url.startswith("sqlite"):
        engine = create_engine(
            database_url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False},
            pool_size=8,
            max_overflow=8,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(database_url, pool_size=10, max_overflow=10, pool_pre_ping=True)


class PreparedStatement:
    """A Core statement compiled once for an engine's dialect and run on a pooled DBAPI
    connection in a transaction of its own: the parameters and the returned row go through
    the columns' types (UTC datetimes, JSON...) as SQLAlchemy would convert them, without its
    per-execution machinery (the result, the execution context, the cache-key lookup). For
    the few statements of a hot path: the tus PATCH runs two per chunk, and through Core they
    cost ~0.3-0.5 ms of CPU each on a busy server (bench/tus_upload.py). Errors are the
    driver's own (``sqlite3`` / ``psycopg``), not SQLAlchemy's wrappers."""

    def __init__(self, engine: Engine, statement: ClauseElement) -> None:
        dialect = engine.dialect
        compiled = statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)
        if "POSTCOMPILE" in compiled.string:
            raise ValueError("an expanding IN cannot be prepared; compare with bound values")
        self.engine = engine
        self.sql = compiled.string
        self.order: Sequence[str] | None = compiled.positiontup if compiled.positional else None
        self.given = {k: v for k, v in compiled.params.items() if v is not None}
        """Values the statement carries itself (``column == "value"``)."""
        self.bind: dict[str, Callable[[Any], Any]] = {}
        for key, bind in compiled.binds.items():
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                self.bind[key] = process
        returned = getattr(statement, "exported_columns", ())
        self.keys = [column.key for column in returned]
        self.result: list[Callable[[Any], Any] | None] = [
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in returned
        ]

    def _parameters(self, params: Mapping[str, Any]) -> Any:
        values = {**self.given, **params} if self.given else dict(params)
        for key, process in self.bind.items():
            if key in values:
                values[key] = process(values[key])
        if self.order is None:
            return values
        return [values[key] for key in self.order]

    def run(self, params: Mapping[str, Any]) -> tuple[int, dict[str, Any] | None]:
        """Execute and commit; returns (rows affected, the first returned row as a mapping
        of column keys, or None)."""
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            try:
                cursor.execute(self.sql, self._parameters(params))
                found = cursor.fetchone() if self.keys else None
                if found is not None:
                    cursor.fetchall()  # the statement runs to its end before the commit
                count = cursor.rowcount
            finally:
                cursor.close()
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
        finally:
            connection.close()
        if found is None:
            return count, None
        return count, {
            key: value if process is None else process(value)
            for key, value, process in zip(self.keys, found, self.result, strict=True)
        }


class Database:
    """One engine and session factory for the process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = make_engine(settings.database_url)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)
        self._prepared: dict[ClauseElement, PreparedStatement] = {}
        self._preparing = threading.Lock()

    def prepared(self, statement: ClauseElement) -> PreparedStatement:
        """``statement`` compiled for this database, once (:class:`PreparedStatement`)."""
        found = self._prepared.get(statement)
        if found is None:
            with self._preparing:
                found = self._prepared.get(statement)
                if found is None:
                    found = self._prepared[statement] = PreparedStatement(self.engine, statement)
        return found

    @contextmanager
    def session_scope(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        session = self.sessionmaker()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


async def get_database(request: Request) -> Database:
    """FastAPI dependency: the app's ``Database``. ``async`` although it does no I/O: FastAPI
    runs a plain ``def`` dependency in the threadpool, one hand-off per request for nothing."""
    db: Database = request.app.state.db
    return db


def get_session(request: Request) -> Iterator[Session]:
    """FastAPI dependency: a session committed after the handler returns. Use it as
    ``SessionDep``, which commits *before* the response is sent."""
    db: Database = request.app.state.db
    with db.session_scope() as session:
        yield session


# scope="function": commit before the response goes out. FastAPI's default ends a yield
# dependency after the response is sent, so a client could read "applied" for a change whose
# commit then fails (or not yet see it on its next request).
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def alembic_config(database_url: str) -> Config:
    """An Alembic config pointing at the packaged migrations and the given database."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return cfg


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (runs on ``init``, ``demo`` and ``serve``)."""
    sqlite_file = database_url.startswith("sqlite:///")
    if sqlite_file:
        Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(database_url), revision)
    if sqlite_file:
        private_database(Path(database_url.removeprefix("sqlite:///")))
