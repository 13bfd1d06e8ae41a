"""Fixtures for the iid tests: the bundled rule sets and a helper to write altered rule files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from iid.rules import PACKAGE_RULES_DIR, RuleSet, load_rules


@pytest.fixture(autouse=True)
def _bundled_rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the bundled rule files unless they point INOVASI_RULES_DIR somewhere."""
    monkeypatch.delenv("INOVASI_RULES_DIR", raising=False)


@pytest.fixture
def rules2026() -> RuleSet:
    return load_rules(2026)


@pytest.fixture
def rules2027() -> RuleSet:
    return load_rules(2027)


@pytest.fixture
def rules2023() -> RuleSet:
    return load_rules(2023)


def bundled_text(year: int) -> str:
    return (PACKAGE_RULES_DIR / f"{year}.toml").read_text(encoding="utf-8")


@pytest.fixture
def altered_rules(tmp_path: Path) -> Callable[[str, str, str], Path]:
    """Write the 2026 file with one text replaced; returns its path (the change must apply)."""

    def write(old: str, new: str, name: str = "2026.toml") -> Path:
        text = bundled_text(2026)
        assert old in text, f"test setup: {old!r} not in 2026.toml"
        path = tmp_path / name
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    return write
