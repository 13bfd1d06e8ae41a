"""Long lists in pieces, for one SQL statement (or request) per piece.

Every ``IN (...)`` over ids that can be many goes through :func:`batches`: it keeps the
statement under SQLite's limit on bound values (999 before SQLite 3.32) with room left for the
statement's other values, and PostgreSQL's plans stay small.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

IN_BATCH = 500
"""Ids per ``IN (...)``."""


def batches(items: Sequence[T], size: int = IN_BATCH) -> Iterator[Sequence[T]]:
    """``items`` in consecutive slices of at most ``size`` (none for an empty sequence)."""
    if size < 1:
        raise ValueError(f"size must be at least 1, not {size}")
    for start in range(0, len(items), size):
        yield items[start : start + size]
