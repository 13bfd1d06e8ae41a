"""How the app is assembled: the tus uploads and blob routes are part of every server."""

from __future__ import annotations

from pathlib import Path

from sync.server.app import create_app
from sync.server.config import Settings


def test_app_serves_tus_uploads_and_blob_routes(tmp_path: Path) -> None:
    paths = create_app(Settings(data_dir=tmp_path)).openapi()["paths"]
    assert any(p.startswith("/api/v1/uploads") for p in paths), sorted(paths)
    assert "/api/v1/blobs/missing" in paths
    assert any(p.startswith("/api/v1/blobs/{") for p in paths), sorted(paths)
