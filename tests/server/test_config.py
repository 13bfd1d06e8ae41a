"""Server settings: defaults follow the data folder; env beats the TOML file; bad values fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from sync.server.config import CONFIG_FILE_ENV, Settings, load_settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for key in list(os.environ):
        if key.startswith("INOVASI_SERVER_"):
            monkeypatch.delenv(key)


def test_paths_default_to_the_data_folder(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path)
    assert s.database_url == f"sqlite:///{tmp_path.resolve() / 'server.sqlite'}"
    assert s.blob_dir == tmp_path / "blobs"
    assert s.uploads_dir == tmp_path / "uploads"
    assert s.blob_store == "fs"
    assert s.upload_expiry_hours == 24


def test_environment_overrides_the_toml_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    toml = tmp_path / "server.toml"
    toml.write_text(
        'data_dir = "/srv/inovasi"\nblob_store = "s3"\ns3_bucket = "bukti"\n'
        "max_upload_bytes = 1000\n",
        "utf-8",
    )
    monkeypatch.setenv("INOVASI_SERVER_MAX_UPLOAD_BYTES", "2000")
    monkeypatch.setenv("INOVASI_SERVER_DATABASE_URL", "postgresql+psycopg://u@db/inovasi")
    s = load_settings(config_file=toml)
    assert CONFIG_FILE_ENV not in __import__("os").environ
    assert s.data_dir == Path("/srv/inovasi")
    assert (s.blob_store, s.s3_bucket) == ("s3", "bukti")
    assert s.max_upload_bytes == 2000
    assert s.database_url.startswith("postgresql+psycopg://")
    assert not s.is_sqlite


def test_unknown_or_invalid_settings_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        Settings(data_dir=tmp_path, blob_store="ftp")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Settings(data_dir=tmp_path, max_upload_bytes=0)
    toml = tmp_path / "bad.toml"
    toml.write_text("tidak_dikenal = 1\n", "utf-8")
    with pytest.raises(ValidationError):
        load_settings(config_file=toml)
