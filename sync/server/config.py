"""Server settings: declared once with type and default, read from ``INOVASI_SERVER_*`` variables
and an optional TOML file (``INOVASI_SERVER_CONFIG`` or ``--config``).

Precedence, highest first: values passed in code, environment variables, the TOML file, defaults.
Paths that are not set follow the data folder: ``server.sqlite``, ``blobs/``, ``uploads/``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from sync.private_files import private_dir

ENV_PREFIX = "INOVASI_SERVER_"
CONFIG_FILE_ENV = "INOVASI_SERVER_CONFIG"
MIB = 1024 * 1024


class Settings(BaseSettings):
    """Everything the server can be told. Other modules read it; nothing else reads the env."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid")

    data_dir: Path = Path("inovasi-server-data")
    database_url: str = ""
    """SQLAlchemy URL; empty means ``sqlite:///<data_dir>/server.sqlite``.
    PostgreSQL: ``postgresql+psycopg://user:pass@host/db``."""
    blob_store: Literal["fs", "s3"] = "fs"
    blob_dir: Path | None = None
    uploads_dir: Path | None = None
    s3_endpoint_url: str | None = None
    s3_bucket: str = "inovasi-desk"
    s3_access_key: str | None = None
    s3_secret_key: str | None = None
    s3_region: str = "us-east-1"
    public_url: str = ""
    """Base URL clients reach the server at, e.g. ``https://inovasi.kab-contoh.go.id``: upload
    addresses are built from it (never from the request's ``Host`` header). Required by
    ``serve`` unless it listens on loopback only; empty: upload addresses are relative."""

    max_file_bytes: int = Field(default=2 * MIB, gt=0)
    """Fallback per-file limit for documents when no rule set says otherwise."""
    max_upload_bytes: int = Field(default=512 * MIB, gt=0)
    """Largest single evidence upload (videos are the big ones)."""
    max_request_bytes: int = Field(default=16 * MIB, gt=0)
    """Largest JSON request body outside the upload endpoints; bigger ones get 413 unread."""
    max_record_bytes: int = Field(default=1 * MIB, gt=0)
    """Largest content of one record (canonical JSON): a push of a bigger one is refused, so a
    record that would make every reader's pull heavy cannot exist."""
    max_pull_bytes: int = Field(default=8 * MIB, gt=0)
    """Byte budget of one pull page: the page stops before its records' content passes it."""
    max_open_uploads: int = Field(default=100, gt=0)
    """Unfinished uploads one account may have at a time (each reserves space for a day)."""
    chunk_size_hint: int = Field(default=1 * MIB, gt=0)
    upload_expiry_hours: int = Field(default=24, gt=0)
    upload_idle_seconds: float = Field(default=6.0, gt=0)
    """A PATCH whose body stops arriving for this long is ended as if the client disconnected:
    the bytes that came are kept and the upload's lock is released, so a client whose line died
    silently (no reset: a mobile IP change, a NAT dropping state) can resume at once."""
    token_ttl_hours: int = Field(default=24 * 30, gt=0)
    web_session_hours: int = Field(default=12, gt=0)
    """Longest life of a web dashboard sign-in (a browser session cookie)."""
    web_idle_minutes: int = Field(default=60, gt=0)
    """A web dashboard session ends after this long without a request."""

    login_window_seconds: int = Field(default=900, gt=0)
    """A login key (account or address) without a failure for this long is forgotten."""
    login_max_failures_per_account: int = Field(default=5, gt=0)
    """Failed logins of one account (from anywhere) before each next attempt waits."""
    login_max_failures_per_address: int = Field(default=20, gt=0)
    """Failed logins from one address (any accounts) before each next attempt waits."""
    login_delay_base_seconds: float = Field(default=1.0, gt=0)
    """The first wait; it doubles with each further failure."""
    login_max_delay_account_seconds: float = Field(default=30.0, gt=0)
    """Cap of an account's wait: all a stranger can impose on its owner (never a lockout)."""
    login_max_delay_address_seconds: float = Field(default=900.0, gt=0)
    """Cap of an address's wait (a guesser's own address)."""
    password_hash_workers: int = Field(default=2, ge=1)
    """Threads that compute argon2 hashes (each takes ~64 MiB while it runs)."""
    password_hash_queue: int = Field(default=64, ge=0)
    """Logins that may wait for a hashing thread; beyond that a login is answered 503."""
    trust_forwarded_for: bool = False
    """Take the client address from ``X-Forwarded-For`` (only behind your own reverse proxy)."""

    host: str = "127.0.0.1"
    port: int = 8750
    workers: int = Field(default=1, ge=1)
    log_level: str = "info"

    @model_validator(mode="after")
    def _fill_paths(self) -> Settings:
        if self.max_record_bytes > self.max_pull_bytes:
            raise ValueError(
                "max_record_bytes must not exceed max_pull_bytes (a pull page must hold any "
                "one record)"
            )
        self.data_dir = self.data_dir.expanduser()
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'server.sqlite').resolve()}"
        if self.blob_dir is None:
            self.blob_dir = self.data_dir / "blobs"
        if self.uploads_dir is None:
            self.uploads_dir = self.data_dir / "uploads"
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def ensure_dirs(self) -> None:
        """Create the data folders (not the database), private to the server's account."""
        private_dir(self.data_dir)
        if self.blob_store == "fs" and self.blob_dir is not None:
            private_dir(self.blob_dir)
        if self.uploads_dir is not None:
            private_dir(self.uploads_dir)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        config_file = os.environ.get(CONFIG_FILE_ENV)
        if config_file:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=Path(config_file)))
        return tuple(sources)


def load_settings(config_file: Path | None = None, **overrides: object) -> Settings:
    """Settings from the environment, an optional TOML file and explicit overrides."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    if config_file is None:
        return Settings(**clean)  # type: ignore[arg-type]
    previous = os.environ.get(CONFIG_FILE_ENV)
    os.environ[CONFIG_FILE_ENV] = str(config_file)
    try:
        return Settings(**clean)  # type: ignore[arg-type]
    finally:
        if previous is None:
            del os.environ[CONFIG_FILE_ENV]
        else:
            os.environ[CONFIG_FILE_ENV] = previous
