"""Fixtures of the server tests: the throwaway PostgreSQL cluster and live servers per backend."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sync.server.config import Settings
from tests import pg
from tests.server.live import LiveServer, seeded_postgres_database, start_server, stop_server

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pg.PostgresCluster]:
    """One PostgreSQL 15 cluster for the whole run, deleted at the end."""
    reason = pg.available()
    if reason:
        pytest.skip(reason)
    cluster = pg.PostgresCluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()


def database_url_for(
    backend: str, request: pytest.FixtureRequest, folder: Path, *, empty: bool = False
) -> str:
    """A fresh database of ``backend`` for ``start_server``: a PostgreSQL one comes migrated and
    seeded (a copy of a template database) unless ``empty``; a SQLite file does not exist yet
    (``start_server`` copies its own template there)."""
    if backend == "postgres":
        cluster: pg.PostgresCluster = request.getfixturevalue("pg_cluster")
        return cluster.create_database() if empty else seeded_postgres_database(cluster)
    return f"sqlite:///{folder / 'server.sqlite'}"


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def live(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A seeded demo server shared by the tests of one module, per backend."""
    folder = tmp_path_factory.mktemp(f"server-{backend}")
    settings = Settings(data_dir=folder, database_url=database_url_for(backend, request, folder))
    server = start_server(settings)
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture
def make_server(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[..., LiveServer]]:
    """Start a private server with custom settings (stopped after the test)."""
    started: list[LiveServer] = []

    def make(**overrides: Any) -> LiveServer:
        folder = tmp_path / f"srv{len(started)}"
        url = database_url_for(backend, request, folder)
        server = start_server(Settings(data_dir=folder, database_url=url, **overrides))
        started.append(server)
        return server

    yield make
    for server in started:
        stop_server(server)
