"""The app's preferences, kept in ``settings.ini`` inside the data folder.

Keeping them beside the data (not in the registry or ~/.config) means a portable data folder
(``INOVASI_DESK_DATA`` on a USB stick) carries the officer's language, window layout and server
with it, and every test's private data folder has private settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from desktop.i18n import DEFAULT_LANGUAGE, LANGUAGES
from sync.private_files import private_file

SYNC_POLICIES = ("auto", "unmetered", "manual")


class Settings:
    """Typed access to the preferences; every setter writes through to disk."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / "settings.ini"
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def _str(self, key: str, default: str) -> str:
        value = self._qs.value(key, default)
        return str(value) if value is not None else default

    def _set(self, key: str, value: object) -> None:
        self._qs.setValue(key, value)
        self._sync()

    def _sync(self) -> None:
        self._qs.sync()
        # A new file gets the umask's mode (0644 on most desktops); Qt keeps the mode when it
        # rewrites the file later. The server address and the account name are in it.
        private_file(self.path)

    @property
    def language(self) -> str:
        value = self._str("ui/language", DEFAULT_LANGUAGE)
        return value if value in LANGUAGES else DEFAULT_LANGUAGE

    @language.setter
    def language(self, value: str) -> None:
        if value not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, not {value!r}")
        self._set("ui/language", value)

    @property
    def server_url(self) -> str:
        return self._str("sync/server_url", "")

    @server_url.setter
    def server_url(self, value: str) -> None:
        self._set("sync/server_url", value.strip())

    @property
    def username(self) -> str:
        return self._str("sync/username", "")

    @username.setter
    def username(self, value: str) -> None:
        self._set("sync/username", value.strip())

    @property
    def sync_policy(self) -> str:
        value = self._str("sync/policy", "auto")
        return value if value in SYNC_POLICIES else "auto"

    @sync_policy.setter
    def sync_policy(self, value: str) -> None:
        if value not in SYNC_POLICIES:
            raise ValueError(f"sync policy must be one of {SYNC_POLICIES}, not {value!r}")
        self._set("sync/policy", value)

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        geometry = self._qs.value("window/geometry")
        state = self._qs.value("window/state")
        return (
            geometry if isinstance(geometry, QByteArray) else None,
            state if isinstance(state, QByteArray) else None,
        )

    def save_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        """Remember the window's place and layout; a window closed as it was opened writes
        nothing (no rewrite of the file, and its flush to disk, at every close)."""
        if self.window_state() == (geometry, state):
            return
        self._qs.setValue("window/geometry", geometry)
        self._qs.setValue("window/state", state)
        self._sync()

    def value(self, key: str, default: str = "") -> str:
        return self._str(key, default)

    def set_value(self, key: str, value: str) -> None:
        self._set(key, value)
