"""Each blob's CRC-32, taken when its bytes come in: what lets the Paket kirim prove the bytes it
wrote are the vault's without hashing them again (tests/export/test_package.py covers that
side). Blobs stored before the vault kept CRCs get one only from a whole read that matched
their SHA-256."""

from __future__ import annotations

import hashlib
import sqlite3
import zlib
from pathlib import Path

import pytest

from sync.local import vault as vault_module
from sync.local.vault import CHUNK_SIZE, Vault
from tests.migration_cut import open_killed_before_the_version_is_written
from tests.vault import samples


def _crc(data: bytes) -> int:
    return zlib.crc32(data)


def _forget_crc(vault: Vault, sha256: str) -> None:
    with sqlite3.connect(vault.path) as con:
        con.execute("UPDATE blobs SET crc32 = NULL WHERE sha256 = ?", (sha256,))


def test_every_way_in_records_the_crc32(vault: Vault, tmp_path: Path) -> None:
    # Imported: several chunks and a short last one.
    path = samples.random_file(tmp_path / "a.pdf", 2 * CHUNK_SIZE + 12345, seed=1)
    body = path.read_bytes()
    assert vault.import_file(path).crc32 == _crc(body)

    # Downloaded in pieces, cut after its first chunk, then resumed (the committed chunk is
    # read back from the vault into the running CRC).
    data = samples.random_file(tmp_path / "b.bin", 2 * CHUNK_SIZE + 7, seed=2).read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    with vault.open_download(sha) as download:
        download.write(data[: CHUNK_SIZE + 500])
    with vault.open_download(sha) as download:
        download.write(data[download.offset :])
        assert download.finish().crc32 == _crc(data)
    assert vault.info(sha).crc32 == _crc(data)


def test_a_blob_stored_before_crcs_gets_one_only_from_a_whole_matching_read(
    vault: Vault, tmp_path: Path
) -> None:
    path = samples.random_file(tmp_path / "a.pdf", CHUNK_SIZE + 99, seed=3)
    body = path.read_bytes()
    sha = vault.import_file(path).sha256
    _forget_crc(vault, sha)
    assert vault.info(sha).crc32 is None

    assert vault.verify(sha)  # read whole, matched its hash: the CRC is kept
    assert vault.info(sha).crc32 == _crc(body)

    _forget_crc(vault, sha)
    vault.import_file(path)  # the same content again: hashed, not written, CRC kept
    assert vault.info(sha).crc32 == _crc(body)

    _forget_crc(vault, sha)
    assert vault.record_crc32({sha: _crc(body), "f" * 64: 1}) == 1  # unknown blobs: ignored
    assert vault.record_crc32({sha: _crc(body) ^ 1}) == 0  # never replaced
    assert vault.info(sha).crc32 == _crc(body)


def test_a_damaged_blob_gets_no_crc_from_verification(vault: Vault, tmp_path: Path) -> None:
    sha = vault.import_file(samples.random_file(tmp_path / "a.pdf", CHUNK_SIZE, seed=4)).sha256
    _forget_crc(vault, sha)
    with sqlite3.connect(vault.path) as con:
        con.execute("UPDATE chunks SET data = zeroblob(length(data))")
    assert not vault.verify(sha)
    assert vault.info(sha).crc32 is None


def _vault_as_v0003_left_it(tmp_path: Path) -> tuple[Path, str]:
    """A vault with one 1000-byte blob, as the revision before CRC-32s left it: its path and
    the blob's SHA-256."""
    path = tmp_path / "v.sqlite"
    with Vault(path) as v:
        sha = v.import_file(samples.random_file(tmp_path / "a.pdf", 1000, seed=5)).sha256
    with sqlite3.connect(path) as con:
        con.execute("ALTER TABLE blobs DROP COLUMN crc32")
        con.execute("UPDATE alembic_version SET version_num = 'v0003'")
    con.close()
    return path, sha


def test_a_vault_from_before_crcs_opens_with_none_recorded(tmp_path: Path) -> None:
    path, sha = _vault_as_v0003_left_it(tmp_path)
    with Vault(path) as v:
        info = v.info(sha)
        assert info.crc32 is None and info.size_bytes == 1000
    with sqlite3.connect(path) as con:
        version = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert version == vault_module.HEAD_REVISION


def test_a_vault_upgrade_cut_short_leaves_the_old_schema_and_opens_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The upgrade is one transaction: cut after v0004 added its column but before the
    version was written (the app killed), the vault is as v0003 left it, and the next start
    upgrades it. (The column once stayed, committed on its own, and every later start failed
    with "duplicate column name: crc32": the evidence could not be opened.)"""
    path, sha = _vault_as_v0003_left_it(tmp_path)

    open_killed_before_the_version_is_written(monkeypatch, lambda: Vault(path))
    with sqlite3.connect(path) as con:
        columns = [row[1] for row in con.execute("PRAGMA table_info(blobs)")]
        version = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    con.close()
    assert "crc32" not in columns and version == "v0003"
    with Vault(path) as v:
        assert v.info(sha).crc32 is None and v.verify(sha)
        assert v.info(sha).crc32 is not None


def test_recording_crcs_gives_up_soon_while_another_writer_holds_the_vault(
    vault: Vault, tmp_path: Path
) -> None:
    """Best effort for the export that calls it: it must not hold up a finished package for
    the vault's usual 30 s while an import holds the write lock."""
    sha = vault.import_file(samples.random_file(tmp_path / "a.pdf", 1000, seed=6)).sha256
    _forget_crc(vault, sha)
    other = sqlite3.connect(vault.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(sqlite3.OperationalError):
            vault.record_crc32({sha: 1}, wait_seconds=0.01)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert vault.info(sha).crc32 is None
    assert vault.record_crc32({sha: 1}) == 1
