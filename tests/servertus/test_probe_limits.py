"""The probe's limits are the ones uploads enforce, and they come from the rule sets."""

from __future__ import annotations

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


def test_limits_come_from_the_rule_sets_of_iid_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dropped-in year with bigger files and one more image type widens the limits; a rule
    file that does not load is left out instead of breaking the probe."""
    rules_dir = tmp_path / "aturan"
    rules_dir.mkdir()
    (rules_dir / "2031.toml").write_text(
        'year = 2031\nbased_on = 2026\nstatus = "prognosis"\ntitle = "IID 2031"\n'
        'source = "uji"\n[limits]\nmax_file_bytes = 5242880\n'
        '[evidence_kinds.I]\nlabel = "JPG, PNG atau WEBP"\n'
        'media_types = ["image/jpeg", "image/png", "image/webp"]\n',
        encoding="utf-8",
    )
    (rules_dir / "2032.toml").write_text("year = 2032\n[limits\n", encoding="utf-8")
    monkeypatch.setenv("INOVASI_RULES_DIR", str(rules_dir))
    limits = server_limits(Settings(data_dir=tmp_path, max_file_bytes=1024))
    assert 2031 in limits.rule_years and 2026 in limits.rule_years
    assert 2032 not in limits.rule_years
    assert limits.rule_years == sorted(limits.rule_years)
    assert limits.max_file_bytes == 5 * 1024 * 1024
    assert {"application/pdf", "image/webp", "image/png", "video/mp4"} <= set(
        limits.accepted_media_types
    )
