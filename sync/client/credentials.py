"""Where the sign-in token lives: the OS keyring, or a file only the user can read.

``keyring`` picks the platform's store (Windows Credential Locker, macOS Keychain, Secret
Service on Linux desktops). Where it has no usable backend (a bare Linux session, a CI box) the
token goes to ``credentials.json`` in the data folder, created with mode 0600 (on Windows the
file inherits the per-user data folder's ACL, which is already private to the user). A keyring
that fails at run time (locked, D-Bus gone) falls back to the file for that call, so a sign-in
is never lost to a keyring hiccup.

The stored value is a small JSON document per server URL: token, username, expiry.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import keyring
import keyring.errors

log = logging.getLogger(__name__)

SERVICE = "inovasi-desk"
FILE_NAME = "credentials.json"


@dataclass(frozen=True)
class StoredLogin:
    """A sign-in remembered for one server."""

    token: str
    username: str
    expires_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "token": self.token,
            "username": self.username,
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
        }

    @classmethod
    def from_json(cls, data: Any) -> StoredLogin | None:
        if not isinstance(data, dict) or not isinstance(data.get("token"), str):
            return None
        expires = data.get("expires_at")
        try:
            expires_at = datetime.fromisoformat(expires) if isinstance(expires, str) else None
        except ValueError:
            expires_at = None
        return cls(str(data["token"]), str(data.get("username") or ""), expires_at)


def keyring_usable() -> bool:
    """True when ``keyring`` has a real backend (not the fail/null one, priority > 0)."""
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - any failure to find a backend means "no keyring"
        return False
    name = type(backend).__module__ + "." + type(backend).__name__
    if name.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return False
    try:
        priority = float(getattr(backend, "priority", 1))
    except Exception:  # noqa: BLE001 - some backends raise from priority when unavailable
        return False
    if name.startswith("keyring.backends.chainer") and priority <= 0:
        return False
    return priority > 0


class CredentialStore:
    """Tokens per server URL. ``use_keyring=None`` decides by :func:`keyring_usable`."""

    def __init__(self, data_dir: Path, *, use_keyring: bool | None = None) -> None:
        self.path = Path(data_dir) / FILE_NAME
        self._use_keyring = keyring_usable() if use_keyring is None else use_keyring
        self._lock = threading.Lock()

    @property
    def backend(self) -> str:
        """``"keyring"`` or ``"file"``: where new sign-ins go."""
        return "keyring" if self._use_keyring else "file"

    # --- public -------------------------------------------------------------------------------

    def get(self, server_url: str) -> StoredLogin | None:
        key = _key(server_url)
        with self._lock:
            if self._use_keyring:
                try:
                    raw = keyring.get_password(SERVICE, key)
                except keyring.errors.KeyringError as exc:
                    log.warning("keyring read failed, using the file: %s", exc)
                    raw = None
                if raw is not None:
                    with contextlib.suppress(ValueError):
                        return StoredLogin.from_json(json.loads(raw))
            return StoredLogin.from_json(self._read_file().get(key))

    def set(self, server_url: str, login: StoredLogin) -> None:
        key = _key(server_url)
        value = json.dumps(login.to_json())
        with self._lock:
            if self._use_keyring:
                try:
                    keyring.set_password(SERVICE, key, value)
                except keyring.errors.KeyringError as exc:
                    log.warning("keyring write failed, using the file: %s", exc)
                else:
                    self._drop_from_file(key)
                    return
            data = self._read_file()
            data[key] = login.to_json()
            self._write_file(data)

    def delete(self, server_url: str) -> None:
        key = _key(server_url)
        with self._lock:
            if self._use_keyring:
                with contextlib.suppress(keyring.errors.KeyringError):
                    keyring.delete_password(SERVICE, key)
            self._drop_from_file(key)

    # --- the file fallback --------------------------------------------------------------------

    def _read_file(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("credentials file %s unreadable (%s); treated as empty", self.path, exc)
            return {}
        return data if isinstance(data, dict) else {}

    def _drop_from_file(self, key: str) -> None:
        data = self._read_file()
        if key in data:
            del data[key]
            self._write_file(data)

    def _write_file(self, data: dict[str, Any]) -> None:
        """Atomically replace the file; the new file is 0600 from its first byte."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)  # umask cannot widen it, but be explicit
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                fd = -1
                json.dump(data, f)
                f.flush()
                os.fsync(f.fileno())
        finally:
            if fd >= 0:
                os.close(fd)
        os.replace(tmp, self.path)


def _key(server_url: str) -> str:
    return server_url.rstrip("/").lower()
