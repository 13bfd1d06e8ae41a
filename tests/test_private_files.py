"""Data files are private on Linux: another local account reads neither the officer's store,
vault, backups and credentials nor the server's database, blobs and partial uploads."""

from __future__ import annotations

import base64
import os
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from sync.client.credentials import CredentialStore, StoredLogin
from sync.local.backup import backup
from sync.local.db import Store
from sync.local.paths import data_dir
from sync.local.vault import Vault
from tests.server.live import running_server

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def _others_can_read(path: Path) -> bool:
    return bool(stat.S_IMODE(path.stat().st_mode) & 0o077)


def _every_path(root: Path) -> list[Path]:
    return [root, *root.rglob("*")]


def test_the_desktops_data_folder_and_files_are_private(tmp_path: Path, qapp: Any) -> None:
    from desktop.settings import Settings
    from desktop.single_instance import InstanceGuard
    from sync.client.projection import ProjectionCache

    old = os.umask(0o022)  # a typical desktop umask: new files 0644, folders 0755
    try:
        folder = data_dir()
        guard = InstanceGuard(folder)
        assert guard.acquire()
        settings = Settings(folder)
        settings.server_url = "https://inovasi.kab-contoh.go.id"
        settings.username = "operator"
        ProjectionCache(folder).save(2026, {}, datetime.now(UTC), settings.server_url)
        store = Store(folder / "store.sqlite")
        vault = Vault(folder / "vault.sqlite")
        evidence = tmp_path / "scan.pdf"
        evidence.write_bytes(b"%PDF-1.4\n" + b"x" * 3000 + b"\n%%EOF\n")
        vault.import_file(evidence)
        with store.write() as session:
            session.execute(text("SELECT 1"))
        CredentialStore(folder, use_keyring=False).set(
            "https://s", StoredLogin(token="idk_token", username="operator")
        )
        copy = backup(tmp_path / "usb", folder)
        vault.close()
        store.close()
        leaky = [p for p in _every_path(folder) if _others_can_read(p)]
        names = {p.name for p in _every_path(folder)}
        guard.release()
    finally:
        os.umask(old)
    assert {"settings.ini", "inovasi-desk.lock", "projection-cache", "2026.json"} <= names
    assert leaky == [], leaky
    assert not [p for p in _every_path(copy.folder) if _others_can_read(p)]


def test_the_servers_data_is_private(tmp_path: Path) -> None:
    from tests.files import pdf_bytes
    from tests.server.helpers import innovation, push, upload_evidence

    old = os.umask(0o022)
    try:
        with running_server(tmp_path / "srv") as live, live.client("operator") as c:
            # A finished upload (a blob in the store, a record citing it) and an open one.
            sha = upload_evidence(c, pdf_bytes(3000), "sk.pdf", "application/pdf")
            doc = {"id": "d1", "slot": "16", "sha256": sha, "file_name": "sk.pdf"}
            env = innovation(live.user("operator")["opd_id"], documents=[doc])
            assert push(c, env)[0]["status"] == "applied"
            r = c.post(
                "/uploads",
                headers={
                    "Tus-Resumable": "1.0.0",
                    "Upload-Length": "100",
                    "Upload-Metadata": "sha256 " + base64.b64encode(b"c" * 64).decode(),
                },
            )
            assert r.status_code == 201
    finally:
        os.umask(old)
    paths = _every_path(tmp_path / "srv")
    assert any(p.name == sha for p in paths)  # the blob itself is among the files checked
    leaky = [p for p in paths if _others_can_read(p)]
    assert leaky == [], leaky
