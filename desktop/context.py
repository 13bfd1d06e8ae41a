"""Everything a window needs, opened once per data folder: store, vault, rules, settings, lanes.

Widgets get the ``AppContext`` and call ``context.tasks.run_db(...)`` for anything that touches
the store (one ordered writer thread) and ``context.tasks.run_bg(...)`` for slow file work.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.settings import Settings
from desktop.tasks import TaskManager
from iid.rules import RuleSet, available_years, load_rules
from sync.local import paths
from sync.local.db import Store
from sync.local.repository import Repository
from sync.local.vault import Vault

log = logging.getLogger(__name__)


def current_rule_year(today_year: int | None = None) -> int:
    """The rule year new innovations get: the newest published (not prognosis) rule set."""
    published = [y for y in available_years() if load_rules(y).status != "prognosis"]
    years = published or available_years()
    if today_year is not None:
        years = [y for y in years if y <= today_year] or years
    return max(years)


@dataclass
class AppContext:
    data_dir: Path
    store: Store
    repo: Repository
    vault: Vault
    tasks: TaskManager
    settings: Settings
    language: str
    sync_bridge: Any = field(default=None, repr=False)
    """The ``desktop.sync_bridge.SyncBridge`` once the window installed it (fetches evidence)."""
    _closed: bool = field(default=False, repr=False)

    @classmethod
    def create(
        cls,
        data_dir: Path | None = None,
        *,
        inline_tasks: bool = False,
        language: str | None = None,
    ) -> AppContext:
        """Open (and migrate, keeping a backup) the store and vault in ``data_dir``.

        ``data_dir`` defaults to the per-user data folder (``INOVASI_DESK_DATA`` overrides it).
        """
        folder = Path(data_dir) if data_dir is not None else paths.data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        store = Store(paths.store_path(folder))
        try:
            vault = Vault(paths.vault_path(folder))
        except BaseException:
            store.close()
            raise
        settings = Settings(folder)
        return cls(
            data_dir=folder,
            store=store,
            repo=Repository(store),
            vault=vault,
            tasks=TaskManager(inline=inline_tasks),
            settings=settings,
            language=language or settings.language,
        )

    def rules(self, year: int) -> RuleSet:
        """The rule set of an assessment year (cached by ``iid.rules``)."""
        return load_rules(year)

    def default_rule_year(self) -> int:
        return current_rule_year()

    def close(self) -> None:
        """Finish queued writes, then close the store and the vault."""
        if self._closed:
            return
        self._closed = True
        try:
            self.tasks.shutdown()
        finally:
            self.store.close()
            self.vault.close()
