"""The real server on loopback for integration tests: uvicorn in a thread, demo data seeded.

Other areas' integration tests (the sync client) can use ``running_server`` too.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from sync.private_files import private_database
from sync.server.app import create_app
from sync.server.blobstore import create_blob_store
from sync.server.config import Settings
from sync.server.db import Database, upgrade
from sync.server.demo import DEMO_ACCOUNTS, seed_demo, seed_demo_innovations
from tests.pg import free_port

DEMO_PASSWORDS = {a.username: a.password for a in DEMO_ACCOUNTS}
REPO = Path(__file__).resolve().parents[2]


@dataclass
class LiveServer:
    """A running server: its base URL, settings and a few helpers for tests."""

    url: str
    settings: Settings
    server: uvicorn.Server
    thread: threading.Thread
    _tokens: dict[str, str] = field(default_factory=dict)
    _me: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def api(self) -> str:
        return self.url + "/api/v1"

    def login(self, username: str, password: str | None = None, device: str = "test") -> str:
        """A fresh bearer token for ``username`` (demo password by default)."""
        r = httpx.post(
            f"{self.api}/auth/login",
            json={
                "username": username,
                "password": password or DEMO_PASSWORDS[username],
                "device": device,
            },
            timeout=30,
        )
        r.raise_for_status()
        body = r.json()
        self._me[username] = body["user"]
        return str(body["access_token"])

    def token(self, username: str) -> str:
        """A cached token for a demo account (log in once per server)."""
        if username not in self._tokens:
            self._tokens[username] = self.login(username)
        return self._tokens[username]

    def user(self, username: str) -> dict[str, Any]:
        self.token(username)
        return self._me[username]

    def user_of(self, client: httpx.Client) -> str:
        """The demo account whose cached token ``client`` sends."""
        token = client.headers["Authorization"].removeprefix("Bearer ")
        return next(name for name, tok in self._tokens.items() if tok == token)

    def client(self, username: str | None = None) -> httpx.Client:
        """An httpx client on the API, logged in as ``username`` if given."""
        headers = {"Authorization": f"Bearer {self.token(username)}"} if username else {}
        return httpx.Client(base_url=self.api, headers=headers, timeout=60)


_TEMPLATES: dict[bool, Path] = {}
_TEMPLATES_LOCK = threading.Lock()


def _template(seed: bool) -> Path:
    """A SQLite server database migrated to head (and seeded with the demo pemda if ``seed``),
    made once per test process. Seeding hashes five demo passwords with argon2 (~64 MiB and
    tens to hundreds of milliseconds of CPU each, by design) and the migrations run dozens of
    DDL statements: together most of a test server's start. Each server gets its own copy."""
    with _TEMPLATES_LOCK:
        path = _TEMPLATES.get(seed)
        if path is not None:
            return path
        folder = Path(tempfile.mkdtemp(prefix="inovasi-server-template-"))
        atexit.register(shutil.rmtree, folder, True)
        settings = Settings(data_dir=folder)
        upgrade(settings.database_url)
        if seed:
            db = Database(settings)
            with db.session_scope() as session:
                seed_demo(session)
            db.dispose()
        path = Path(settings.database_url.removeprefix("sqlite:///"))
        _TEMPLATES[seed] = path
        return path


_PG_TEMPLATES: dict[str, str] = {}


def seeded_postgres_database(cluster: Any) -> str:
    """A fresh PostgreSQL database of ``cluster`` (a ``tests.pg.PostgresCluster``), migrated
    and seeded with the demo pemda: a copy of a template database built once per cluster."""
    with _TEMPLATES_LOCK:
        name = _PG_TEMPLATES.get(str(cluster.root))
        if name is None:
            name = f"tpl_{uuid.uuid4().hex[:12]}"
            url = cluster.create_database(name)
            upgrade(url)
            db = Database(Settings(data_dir=Path(tempfile.gettempdir()), database_url=url))
            with db.session_scope() as session:
                seed_demo(session)
            db.dispose()
            _PG_TEMPLATES[str(cluster.root)] = name
        return str(cluster.create_database(template=name))


def _copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database (the backup API: no torn WAL)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    private_database(target)


def start_server(settings: Settings, seed: bool = True) -> LiveServer:
    """Migrate, seed the demo pemda, and serve ``settings`` on a free loopback port.

    A new SQLite database starts as a copy of this process's migrated (and seeded) template
    (:func:`_template`); any other database (PostgreSQL, or a file that exists: a restart) is
    migrated and seeded in place."""
    settings.ensure_dirs()
    sqlite_file = (
        Path(settings.database_url.removeprefix("sqlite:///"))
        if settings.database_url.startswith("sqlite:///")
        else None
    )
    if sqlite_file is not None and not sqlite_file.exists():
        _copy_database(_template(seed), sqlite_file)
    else:
        upgrade(settings.database_url)
        if seed:
            db = Database(settings)
            with db.session_scope() as session:
                seed_demo(session)
            db.dispose()
    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 120  # a hang guard
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    return LiveServer(
        url=f"http://127.0.0.1:{port}", settings=settings, server=server, thread=thread
    )


def stop_server(live: LiveServer) -> None:
    live.server.should_exit = True
    live.thread.join(timeout=30)


@contextmanager
def running_server(data_dir: Path, database_url: str = "", **settings: Any) -> Iterator[LiveServer]:
    """A seeded server on loopback for the duration of the block."""
    live = start_server(Settings(data_dir=data_dir, database_url=database_url, **settings))
    try:
        yield live
    finally:
        stop_server(live)


@contextmanager
def demo_process(
    data_dir: Path, database_url: str = "", workers: int = 1, **settings: Any
) -> Iterator[str]:
    """``python -m sync.server demo`` as a separate process (several uvicorn workers if asked;
    ``settings`` as ``INOVASI_SERVER_*`` variables); yields the API base URL. Stopped with
    SIGINT like an operator's Ctrl+C."""
    port = free_port()
    cmd = [sys.executable, "-m", "sync.server", "demo", "--data", str(data_dir)]
    cmd += ["--port", str(port)]
    if database_url:
        cmd += ["--database-url", database_url]
    env = {k: v for k, v in os.environ.items() if not k.startswith("INOVASI_SERVER_")}
    env.update(
        PYTHONPATH=str(REPO),
        INOVASI_SERVER_WORKERS=str(workers),
        INOVASI_SERVER_LOG_LEVEL="warning",
    )
    env.update({f"INOVASI_SERVER_{k.upper()}": str(v) for k, v in settings.items()})
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    api = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.monotonic() + 120  # a hang guard
        while True:
            try:
                if httpx.get(api + "/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                err = proc.stderr.read().decode() if proc.stderr and proc.poll() is not None else ""
                raise RuntimeError(f"demo server did not start: {err[-2000:]}")
            time.sleep(0.1)
        yield api
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def seed_innovations(live: LiveServer) -> int:
    """Add the demo innovations (``inovasi-server demo``'s: every state, their evidence files
    in the server's blob store) to ``live``'s demo pemda; returns how many were added."""
    db = Database(live.settings)
    try:
        with db.session_scope() as session:
            return seed_demo_innovations(session, create_blob_store(live.settings))
    finally:
        db.dispose()
