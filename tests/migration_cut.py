"""Killing an upgrade at the worst moment: after a migration step's changes, before Alembic
writes the new version (as a power cut or a killed app would)."""

from __future__ import annotations

from collections.abc import Callable

import pytest


class Killed(Exception):
    """Raised where the app was killed."""


def open_killed_before_the_version_is_written(
    monkeypatch: pytest.MonkeyPatch, open_it: Callable[[], object]
) -> None:
    """Run ``open_it`` (which upgrades) with the step's version update replaced by a kill;
    asserts the kill happened."""
    from alembic.runtime.migration import HeadMaintainer

    def killed(*_args: object) -> None:
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(HeadMaintainer, "update_to_step", killed)
        with pytest.raises(Killed):
            open_it()
