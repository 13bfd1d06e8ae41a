"""Test-wide setup: headless Qt, an in-memory keyring, and a private data folder per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402


class MemoryKeyring(KeyringBackend):
    """keyring has no backend on CI machines; tests keep secrets in memory."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self._data: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._data.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._data[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._data.pop((service, username), None)


keyring.set_keyring(MemoryKeyring())

# Property tests on a shared 2-core machine: no per-example deadline and no "too slow" health
# check (both measure wall time), with the example count bounded (the default 100; tests that
# set their own max_examples keep it) so a loaded run takes longer but never fails for it.
settings.register_profile(
    "inovasi",
    deadline=None,
    max_examples=100,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("inovasi")

# httpx answers a slow server after 5 s with ReadTimeout: on a loaded 2-core machine a sign-in
# queued behind other argon2 hashes takes longer, so that default is a timing check, not a hang
# guard. Tests talk to servers they started; a call that names its own timeout keeps it.
_HANG_GUARD = httpx.Timeout(120.0)
for _function in (httpx.request, httpx.get, httpx.post, httpx.put, httpx.patch, httpx.delete):
    _function.__kwdefaults__["timeout"] = _HANG_GUARD
for _client in (httpx.Client, httpx.AsyncClient):
    _client.__init__.__kwdefaults__["timeout"] = _HANG_GUARD

REPO_ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    """The test process runs thousands of Qt calls in pytest-qt's QApplication, which is not
    made by ``desktop.qtapp.make_application``: protect it the same way from PySide6 6.12.0's
    dropped references to None/True/False on CPython 3.11 (an interpreter abort would take the
    whole run with it). tests/gui/test_qt_runtime.py checks the app's own path in a process of
    its own, without this."""
    from desktop.qtapp import keep_none_alive

    keep_none_alive()


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own data folder so nothing touches the user's real one."""
    data = tmp_path / "inovasi-data"
    data.mkdir()
    monkeypatch.setenv("INOVASI_DESK_DATA", str(data))
    yield data
