"""Fixtures of the sync tests: the real server on loopback and officers' installations.

An *installation* (:class:`Device`) is what one officer's PC holds: a data folder with a real
``Store``/``Repository`` and ``Vault``, a ``CredentialStore`` and a ``SyncEngine`` against a
server URL (the server itself, or the fault proxy in front of it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from sync.client.credentials import CredentialStore
from sync.client.engine import SyncEngine
from sync.client.policy import SyncPolicy
from sync.local.db import Store
from sync.local.repository import Repository
from sync.local.vault import Vault
from tests.server.live import DEMO_PASSWORDS, LiveServer, running_server

RULE_YEAR = 2026


@dataclass
class Device:
    """One officer's installation."""

    name: str
    folder: Path
    store: Store
    repo: Repository
    vault: Vault
    creds: CredentialStore
    engine: SyncEngine
    events: list[object] = field(default_factory=list)
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def on_event(self, event: object) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def wait_for(self, pred: Callable[[], bool], timeout: float = 60.0) -> bool:
        """Wait until ``pred()`` holds (re-checked on every event and every 50 ms)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not pred():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.05))
        return True

    def of(self, kind: type) -> list[Any]:
        with self._cond:
            return [e for e in self.events if isinstance(e, kind)]

    def login(self, username: str = "operator") -> None:
        self.engine.login(username, DEMO_PASSWORDS[username])

    def close(self) -> None:
        self.engine.stop()
        self.vault.close()
        self.store.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One seeded server per test module (tests use fresh ids, so they do not collide)."""
    with running_server(tmp_path_factory.mktemp("server")) as live:
        yield live


@pytest.fixture
def make_device(tmp_path: Path) -> Iterator[Callable[..., Device]]:
    """``make_device(name, url, **engine_kw)`` -> a Device (closed at the end of the test)."""
    made: list[Device] = []

    def make(
        name: str,
        url: str,
        *,
        policy: SyncPolicy | None = None,
        folder: Path | None = None,
        **kw: Any,
    ) -> Device:
        folder = folder or tmp_path / name
        folder.mkdir(parents=True, exist_ok=True)
        store = Store(folder / "store.sqlite")
        repo = Repository(store)
        vault = Vault(folder / "vault.sqlite")
        creds = CredentialStore(folder, use_keyring=False)
        kw.setdefault("metered", lambda: False)
        engine = SyncEngine(
            repo,
            vault,
            server_url=url,
            credentials=creds,
            policy=policy or SyncPolicy(probe_interval=3600.0),
            **kw,
        )
        device = Device(name, folder, store, repo, vault, creds, engine)
        engine.add_listener(device.on_event)
        made.append(device)
        return device

    yield make
    for device in made:
        device.close()


def new_draft(repo: Repository, nama: str, **profile: Any) -> str:
    """A draft innovation with ``nama`` (and other profile fields); returns its id."""
    from dataclasses import replace

    inn = repo.create_innovation(RULE_YEAR, nama=nama)
    if profile:
        repo.update_profile(inn.id, replace(inn.profile, **profile))
    return inn.id


def add_evidence(
    device: Device, innovation_id: str, data: bytes, name: str, media_type: str = "application/pdf"
) -> str:
    """Import ``data`` as a file into the device's vault and attach it; returns its sha256."""
    from iid.records import EvidenceDocument
    from sync.local.ids import new_id

    src = device.folder / "incoming" / name
    src.parent.mkdir(parents=True, exist_ok=True)
    src.write_bytes(data)
    info = device.vault.import_file(src)
    device.repo.add_document(
        innovation_id,
        EvidenceDocument(
            id=new_id(),
            slot="16",
            sha256=info.sha256,
            file_name=name,
            media_type=media_type,
            size_bytes=len(data),
        ),
    )
    return info.sha256


def server_blob(server: LiveServer, sha256: str, username: str = "operator") -> bytes | None:
    """The blob's bytes as the server serves them (None when it has none)."""
    with server.client(username) as c:
        r = c.get(f"/blobs/{sha256}")
        return r.content if r.status_code == 200 else None
