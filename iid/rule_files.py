"""Where the IID rule files are and which years they cover, without loading any of them.

Kept apart from :mod:`iid.rules` (TOML parsing, validation and the rule-set dataclasses) so that
what only asks "which years exist" (the innovation list's year filter, painted at start-up) does
not import the rule machinery. ``iid.rules`` re-exports everything here.
"""

from __future__ import annotations

import os
from pathlib import Path

RULES_ENV = "INOVASI_RULES_DIR"
PACKAGE_RULES_DIR = Path(__file__).resolve().parent.parent / "resources" / "rules"


def rules_dirs() -> list[Path]:
    """Directories searched for ``<year>.toml``: those in ``INOVASI_RULES_DIR`` first, then the
    bundled ``resources/rules``."""
    extra = [Path(p) for p in os.environ.get(RULES_ENV, "").split(os.pathsep) if p.strip()]
    return [*extra, PACKAGE_RULES_DIR]


def available_years() -> list[int]:
    """Every year with a rule file in the searched directories, ascending."""
    years: set[int] = set()
    for directory in rules_dirs():
        if directory.is_dir():
            years.update(int(p.stem) for p in directory.glob("*.toml") if p.stem.isdigit())
    return sorted(years)
