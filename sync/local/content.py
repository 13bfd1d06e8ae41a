"""The content of a record as it travels to the server and serves as the three-way merge base.

Content is the codec's JSON form (``iid.codec``) without the machinery that is the device's own
(sync state, local counters, timestamps) and, for an innovation, without the verifier's fields:
those belong to the separate ``verdict`` record. So two devices holding the same officer's data
produce equal content, and the server can answer a retry ``duplicate``.
"""

from __future__ import annotations

from typing import Any

from iid.codec import (
    innovation_from_dict,
    innovation_to_dict,
    spd_profile_from_dict,
    spd_profile_to_dict,
)
from iid.records import Innovation, SpdProfile

INNOVATION_MACHINERY = ("sync_state", "version", "base_version", "updated_at", "qc_status")
ANSWER_VERIFIER_FIELDS = ("verified_level", "verdict", "verifier_note")
SPD_MACHINERY = ("version", "base_version")


def innovation_content(innovation: Innovation) -> dict[str, Any]:
    """The officer's part of ``innovation`` as JSON-safe content."""
    data = innovation_to_dict(innovation)
    for key in INNOVATION_MACHINERY:
        data.pop(key, None)
    answers = data.get("answers")
    if isinstance(answers, dict):
        for answer in answers.values():
            if isinstance(answer, dict):
                for key in ANSWER_VERIFIER_FIELDS:
                    answer.pop(key, None)
    return data


def innovation_from_content(content: dict[str, Any]) -> Innovation:
    """An innovation from content (verifier fields and machinery at their defaults).

    No copy of ``content`` is taken: the codec only reads it and builds every list and dict of
    the result anew (``tests/store/test_content_decoding.py`` pins that), so neither side can
    change the other afterwards. (A deep copy here was a third of a first pull's decoding.)"""
    return innovation_from_dict(content)


def spd_content(profile: SpdProfile) -> dict[str, Any]:
    """The SPD profile as JSON-safe content (carries ``rule_year``, as the server requires)."""
    data = spd_profile_to_dict(profile)
    for key in SPD_MACHINERY:
        data.pop(key, None)
    return data


def spd_from_content(content: dict[str, Any]) -> SpdProfile:
    """An SPD profile from content (not copied: see :func:`innovation_from_content`)."""
    return spd_profile_from_dict(content)
