"""``Vault.iter_chunks`` streams a blob's rows in one query and notices a missing or short
chunk instead of returning fewer bytes."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from sync.local.vault import CHUNK_SIZE, BlobDamaged, BlobNotFound, Vault


def test_chunks_are_the_file_and_a_missing_chunk_is_damage(tmp_path: Path) -> None:
    data = os.urandom(CHUNK_SIZE * 2 + 1234)
    source = tmp_path / "bukti.pdf"
    source.write_bytes(b"%PDF-1.4\n" + data)
    with Vault(tmp_path / "vault.sqlite") as vault:
        info = vault.import_file(source)
        pieces = list(vault.iter_chunks(info.sha256))
        assert len(pieces) == 3
        assert hashlib.sha256(b"".join(pieces)).hexdigest() == info.sha256
        with pytest.raises(BlobNotFound):
            list(vault.iter_chunks("0" * 64))
    con = sqlite3.connect(tmp_path / "vault.sqlite")
    con.execute("DELETE FROM chunks WHERE seq = 1")
    con.commit()
    con.close()
    with Vault(tmp_path / "vault.sqlite") as vault, pytest.raises(BlobDamaged):
        list(vault.iter_chunks(info.sha256))


def test_one_reader_streams_many_blobs_and_notices_damage(tmp_path: Path) -> None:
    """``Vault.reader`` keeps one connection for a pass over many blobs (the package writer):
    the same bytes as ``iter_chunks``, the same refusals."""
    with Vault(tmp_path / "vault.sqlite") as vault:
        hashes = []
        for number in range(3):
            source = tmp_path / f"bukti-{number}.pdf"
            source.write_bytes(b"%PDF-1.4\n" + os.urandom(CHUNK_SIZE + 100 * number))
            hashes.append(vault.import_file(source).sha256)
        with vault.reader() as reader:
            for sha in hashes:
                assert hashlib.sha256(b"".join(reader.chunks(sha))).hexdigest() == sha
            # A blob read halfway and dropped leaves the connection usable for the next one.
            next(reader.chunks(hashes[0]))
            assert b"".join(reader.chunks(hashes[1])) == b"".join(vault.iter_chunks(hashes[1]))
            with pytest.raises(BlobNotFound):
                reader.chunks("0" * 64)
            vault.mark_damaged(hashes[2])
            with pytest.raises(BlobDamaged):
                reader.chunks(hashes[2])
            assert b"".join(reader.chunks(hashes[2], allow_damaged=True))
            con = sqlite3.connect(tmp_path / "vault.sqlite")
            con.execute(
                "DELETE FROM chunks WHERE seq = 1 AND blob_id = "
                "(SELECT id FROM blobs WHERE sha256 = ?)",
                (hashes[1],),
            )
            con.commit()
            con.close()
            with pytest.raises(BlobDamaged):
                list(reader.chunks(hashes[1]))
            with pytest.raises(sqlite3.OperationalError):  # a reader never writes
                reader._con.execute("DELETE FROM chunks")
