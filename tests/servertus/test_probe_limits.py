"""The probe's limits are the ones uploads enforce, and they come from the rule sets."""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sync.server.api_sync import server_limits
from sync.server.config import Settings
from tests.server.live import LiveServer
from tests.servertus.conftest import create, sha256


def test_probe_limits_are_what_the_upload_endpoint_enforces(live: LiveServer) -> None:
    with live.client("operator") as c:
        limits = c.get("/probe").json()["limits"]
        assert limits["chunk_size_hint"] == live.settings.chunk_size_hint
        assert limits["max_upload_bytes"] == live.settings.max_upload_bytes
        doc, video = limits["max_file_bytes"], limits["max_upload_bytes"]
        sha = sha256(b"x")
        assert create(c, doc, sha, "application/pdf").status_code == 201
        assert create(c, doc + 1, sha, "application/pdf").status_code == 413
        assert create(c, video, sha, "video/mp4").status_code == 201
        assert create(c, video + 1, sha, "video/mp4").status_code == 413
        for media in limits["accepted_media_types"]:
            assert create(c, 10, sha, media).status_code == 201, media
        assert "text/html" not in limits["accepted_media_types"]
        assert create(c, 10, sha, "text/html").status_code == 415


@dataclass
class _Field:
    name: str
    kind: str


@dataclass
class _Rules:
    max_file_bytes: int = 5 * 1024 * 1024
    indicators: dict[str, object] = field(default_factory=lambda: {"16": None, "17": None})
    spd_rows: dict[str, object] = field(default_factory=lambda: {"1": None})
    profile_fields: tuple[_Field, ...] = (_Field("video", "file"), _Field("nama", "text"))

    def accepted_media_types(self, slot: str) -> frozenset[str]:
        return {
            "16": frozenset({"application/pdf"}),
            "17": frozenset({"image/webp"}),
            "1": frozenset({"image/png"}),
            "video": frozenset({"video/mp4"}),
            "nama": frozenset({"text/plain"}),  # not a file field: never asked
        }[slot]


def test_limits_come_from_the_rule_sets_of_iid_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = types.ModuleType("iid.rules")
    fake.available_years = lambda: [2027, 2026]  # type: ignore[attr-defined]
    fake.load_rules = lambda year: _Rules()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "iid.rules", fake)
    limits = server_limits(Settings(data_dir=tmp_path, max_file_bytes=1024))
    assert limits.rule_years == [2026, 2027]
    assert limits.max_file_bytes == 5 * 1024 * 1024
    assert set(limits.accepted_media_types) == {
        "application/pdf",
        "image/webp",
        "image/png",
        "video/mp4",
    }
