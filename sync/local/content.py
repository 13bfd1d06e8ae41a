"""The content of a record as it travels to the server and serves as the three-way merge base.

Content is defined by the domain codec (``iid.codec``), so the server reads exactly what this
device sends: for an innovation the officer's part only (no sync machinery, no workflow state,
no QC status, no verifier fields: those are the server's and come back in the ``review`` record);
for an SPD profile the codec's form without device counters. Two devices holding the same
officer's data produce equal content, and the server can answer a retry ``duplicate``.
"""

from __future__ import annotations

from typing import Any

from iid.codec import (
    innovation_content,
    spd_content,
    spd_profile_from_dict,
)
from iid.codec import (
    innovation_from_content as _innovation_from_content,
)
from iid.records import Innovation, SpdProfile

__all__ = ["innovation_content", "innovation_from_content", "spd_content", "spd_from_content"]


def innovation_from_content(content: dict[str, Any]) -> Innovation:
    """An innovation from content (server-owned fields and machinery at their defaults).

    Tolerant: content written by an older release (which still carried ``workflow_state``)
    reads fine; callers never take the workflow state from content.

    No copy of ``content`` is taken: the codec only reads it and builds every list and dict of
    the result anew (``tests/store/test_content_decoding.py`` pins that), so neither side can
    change the other afterwards. (A deep copy here was a third of a first pull's decoding.)
    """
    return _innovation_from_content(content)


def spd_from_content(content: dict[str, Any]) -> SpdProfile:
    """An SPD profile from content (not copied: see :func:`innovation_from_content`)."""
    return spd_profile_from_dict(content)
