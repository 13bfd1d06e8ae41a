"""Database engine, sessions and migrations for the server (SQLite by default, PostgreSQL at scale).

``Database`` owns one engine per process. Request handlers get a session through the
``get_session`` dependency; scripts use ``Database.session_scope()``. Both commit on success and
roll back on any exception.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from alembic import command
from alembic.config import Config
from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

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


class Database:
    """One engine and session factory for the process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = make_engine(settings.database_url)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)

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
