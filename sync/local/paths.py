"""Where the officer's data lives: one per-user data folder, overridable for tests and portable
use."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from sync.private_files import private_dir

DATA_DIR_ENV = "INOVASI_DESK_DATA"
STORE_FILE = "store.sqlite"
VAULT_FILE = "vault.sqlite"


def data_dir(*, create: bool = True) -> Path:
    """The data folder: ``$INOVASI_DESK_DATA`` if set, else the platform's per-user data folder;
    made if missing unless ``create`` is false (checks that must change nothing)."""
    override = os.environ.get(DATA_DIR_ENV)
    path = Path(override) if override else Path(platformdirs.user_data_dir("InovasiDesk", False))
    return private_dir(path) if create else path


def store_path(folder: Path | None = None) -> Path:
    return (folder or data_dir()) / STORE_FILE


def vault_path(folder: Path | None = None) -> Path:
    return (folder or data_dir()) / VAULT_FILE
