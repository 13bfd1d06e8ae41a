"""Client-made record ids: UUIDv7 strings (time-ordered, so new rows append to the index)."""

from __future__ import annotations

import uuid6


def new_id() -> str:
    """A new UUIDv7 as a lowercase hyphenated string, for innovations, documents and the like.

    Generated on the device, offline: the time prefix keeps ids from one device ordered and
    B-tree inserts local; the 74 random bits make collisions between devices negligible.
    """
    return str(uuid6.uuid7())
