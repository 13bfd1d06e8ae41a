"""Where the token lives: the keyring (in-memory backend in tests) or a 0600 file."""

from __future__ import annotations

import json
import os
import stat
import sys
from datetime import UTC, datetime
from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend

from sync.client.credentials import SERVICE, CredentialStore, StoredLogin, keyring_usable

URL = "http://127.0.0.1:8765"
LOGIN = StoredLogin("tok-123", "operator", datetime(2030, 1, 2, 3, 4, tzinfo=UTC))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_file_fallback_is_created_0600_and_round_trips(tmp_path: Path) -> None:
    os.umask(0o022)  # a typical, permissive umask must not widen the file
    store = CredentialStore(tmp_path, use_keyring=False)
    assert store.backend == "file"
    assert store.get(URL) is None
    store.set(URL + "/", LOGIN)  # trailing slash: same server
    path = tmp_path / "credentials.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert store.get(URL) == LOGIN
    assert CredentialStore(tmp_path, use_keyring=False).get(URL) == LOGIN  # after a restart
    store.set("http://other:1", StoredLogin("t2", "admin"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    store.delete(URL)
    assert store.get(URL) is None
    assert store.get("http://other:1") == StoredLogin("t2", "admin")
    assert not list(tmp_path.glob("*.tmp"))


def test_keyring_path_keeps_the_token_out_of_files(tmp_path: Path) -> None:
    assert keyring_usable()  # tests install an in-memory backend (tests/conftest.py)
    store = CredentialStore(tmp_path)
    assert store.backend == "keyring"
    store.set(URL, LOGIN)
    assert not (tmp_path / "credentials.json").exists()
    raw = keyring.get_password(SERVICE, URL)
    assert raw is not None and json.loads(raw)["token"] == "tok-123"
    assert store.get(URL) == LOGIN
    store.delete(URL)
    assert keyring.get_password(SERVICE, URL) is None
    assert store.get(URL) is None


def test_a_file_token_moves_to_the_keyring_when_one_appears(tmp_path: Path) -> None:
    CredentialStore(tmp_path, use_keyring=False).set(URL, LOGIN)
    store = CredentialStore(tmp_path, use_keyring=True)
    assert store.get(URL) == LOGIN  # still found in the file
    store.set(URL, StoredLogin("tok-new", "operator"))
    assert store.get(URL) == StoredLogin("tok-new", "operator")
    assert URL not in json.loads((tmp_path / "credentials.json").read_text())


class BrokenKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("locked")


def test_a_failing_keyring_falls_back_to_the_file(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(BrokenKeyring())
    try:
        store = CredentialStore(tmp_path)
        assert store.backend == "keyring"
        store.set(URL, LOGIN)  # the sign-in is not lost
        assert store.get(URL) == LOGIN
        assert (tmp_path / "credentials.json").exists()
        store.delete(URL)
        assert store.get(URL) is None
    finally:
        keyring.set_keyring(previous)


def test_no_backend_means_file(tmp_path: Path) -> None:
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert not keyring_usable()
        assert CredentialStore(tmp_path).backend == "file"
    finally:
        keyring.set_keyring(previous)


def test_garbage_in_the_file_reads_as_signed_out(tmp_path: Path) -> None:
    (tmp_path / "credentials.json").write_text("{not json")
    store = CredentialStore(tmp_path, use_keyring=False)
    assert store.get(URL) is None
    store.set(URL, LOGIN)
    assert store.get(URL) == LOGIN
