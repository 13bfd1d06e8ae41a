"""Fixtures of the store tests: a fresh Store and Repository in the test's data folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.local.db import Store
from sync.local.repository import Repository


@pytest.fixture
def store(_private_data_dir: Path) -> Iterator[Store]:
    s = Store(_private_data_dir / "store.sqlite")
    yield s
    s.close()


@pytest.fixture
def repo(store: Store) -> Repository:
    return Repository(store)
