"""Private file modes for data files on POSIX systems: folders 0700, files 0600.

Records, evidence, credentials and the server's database must not be readable by other local
accounts (a shared office PC, a shared server). The folder's mode is what protects files made
later by other code (SQLite's -wal/-shm, Qt's settings); files we know of are narrowed too, so
a file copied out of its folder stays private. No-ops on Windows, whose per-user folders are
private already.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if missing; make ``path`` itself 0700."""
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        with contextlib.suppress(PermissionError):
            os.chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make an existing file 0600 (missing files are left missing)."""
    if os.name == "posix":
        with contextlib.suppress(FileNotFoundError, PermissionError):
            os.chmod(path, FILE_MODE)
    return path


def private_database(path: Path) -> Path:
    """A SQLite file and its side files 0600 (SQLite gives side files it creates later the
    database file's mode)."""
    private_file(path)
    for suffix in SQLITE_SIDE_FILES:
        private_file(path.with_name(path.name + suffix))
    return path
