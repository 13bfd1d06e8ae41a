"""The store's JSON columns are written by orjson (sync.local.db.json_text) and read back as the
standard library reads them: every value the standard library could write comes back equal."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from iid.records import InnovationProfile
from sync.local.db import json_text
from sync.local.repository import Repository

AWKWARD: list[Any] = [
    {"nama": "Layanan \u00e9\u2028\U0001f600", "n": [1, -2.5, None, True, False]},
    2**70,  # beyond 64 bits: the standard library writes it
    "\ud800",  # a lone surrogate: escaped by the standard library
    {1: "a key that is not text"},
    [],
    {},
]


@pytest.mark.parametrize("value", AWKWARD)
def test_what_is_written_reads_back_as_the_standard_library_would(value: Any) -> None:
    assert json.loads(json_text(value)) == json.loads(json.dumps(value))


def test_types_json_refuses_are_still_refused() -> None:
    @dataclass
    class Point:
        x: int

    for value in (datetime(2026, 1, 1, tzinfo=UTC), Point(1), {"when": object()}):
        with pytest.raises(TypeError):
            json_text(value)


def test_a_profile_with_awkward_json_values_is_kept_exactly(repo: Repository) -> None:
    inn = repo.create_innovation(2026, nama="Awal", opd_id="o1")
    extra = {"besar": 2**70, "teks": "\ud800 sendiri", "daftar": [1.5, "dua", None]}
    profile = InnovationProfile(nama="Baru \u00e9", urusan_lain=["kesehatan"], extra=extra)
    repo.update_profile(inn.id, profile)
    again = repo.get_innovation(inn.id)
    assert again is not None
    assert again.profile.extra == extra and again.profile.urusan_lain == ["kesehatan"]
