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
