"""Fixtures of the export tests: the demo pemda in a real store and vault (built once)."""

from __future__ import annotations

import shutil
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from iid.rules import load_rules
from sync.export.local import LocalSource
from sync.local.db import Store
from sync.local.repository import Repository
from sync.local.vault import Vault
from tests.sync.conftest import make_device, server  # noqa: F401 - the server export tests


@dataclass
class DemoData:
    folder: Path
    store: Store
    repo: Repository
    vault: Vault
    ids: list[str]

    @property
    def source(self) -> LocalSource:
        return LocalSource(self.repo, self.vault)


def open_demo(folder: Path) -> DemoData:
    store = Store(folder / "store.sqlite")
    repo = Repository(store)
    vault = Vault(folder / "vault.sqlite")
    return DemoData(folder, store, repo, vault, [])


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo pemda (desktop/demo_data.py) seeded once per module; tests copy it."""
    from desktop.demo_data import seed

    folder = tmp_path_factory.mktemp("demo-master")
    data = open_demo(folder)
    seed(types.SimpleNamespace(repo=data.repo, vault=data.vault, rules=load_rules))
    data.vault.close()
    data.store.close()
    yield folder


@pytest.fixture
def demo(demo_master: Path, tmp_path: Path) -> Iterator[DemoData]:
    """A private copy of the demo data folder (tests may change it)."""
    folder = tmp_path / "demo"
    shutil.copytree(demo_master, folder)
    data = open_demo(folder)
    yield data
    data.vault.close()
    data.store.close()
