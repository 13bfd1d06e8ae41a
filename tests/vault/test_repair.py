"""A blob "Periksa arsip" marked damaged is repaired by a good copy of the same SHA-256: the
officer importing the original file again, or the server's copy arriving. The good chunks become
the blob's, the damaged ones are freed, and a reader that had the damaged copy open reads that
copy whole or fails (BlobDamaged), never a mix of both."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
import zlib
from pathlib import Path

import pytest

from sync.local.vault import CHUNK_SIZE, BlobDamaged, UploadState, Vault
from tests.vault import samples


def _rows(vault: Vault) -> tuple[int, int]:
    """(blob rows, chunk rows) in the vault file."""
    with sqlite3.connect(vault.path) as con:
        blobs = con.execute("SELECT COUNT(*) FROM blobs").fetchone()[0]
        chunks = con.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    return int(blobs), int(chunks)


@pytest.fixture
def damaged(vault: Vault, tmp_path: Path) -> tuple[Path, str]:
    """A three-chunk file imported, then damaged in the vault and found by verification."""
    path = samples.random_file(tmp_path / "sk-bupati.pdf", 2 * CHUNK_SIZE + 4321, seed=21)
    sha = vault.import_file(path).sha256
    samples.flip_stored_byte(vault.path, sha)
    assert not vault.verify(sha)
    assert vault.info(sha).damaged and vault.damaged_blobs() == [sha]
    return path, sha


def _assert_repaired(vault: Vault, path: Path, sha: str) -> None:
    body = path.read_bytes()
    info = vault.info(sha)
    assert not info.damaged and vault.damaged_blobs() == []
    assert info.crc32 == zlib.crc32(body)
    assert vault.has_intact(sha)
    with vault.open_blob(sha) as stream:
        assert stream.read() == body
    assert vault.verify(sha)
    assert _rows(vault) == (1, 3)  # the damaged copy's row and chunks are gone


def test_importing_the_original_file_again_repairs_a_damaged_blob(
    vault: Vault, damaged: tuple[Path, str]
) -> None:
    path, sha = damaged
    info = vault.import_file(path)
    assert info.sha256 == sha and not info.damaged
    _assert_repaired(vault, path, sha)


def test_the_repaired_blob_keeps_what_the_server_said_of_its_content(
    vault: Vault, tmp_path: Path
) -> None:
    path = samples.random_file(tmp_path / "a.pdf", CHUNK_SIZE + 10, seed=22)
    sha = vault.import_file(path).sha256
    vault.set_upload_state(sha, UploadState.UPLOADED, server_offset=CHUNK_SIZE + 10, verified=True)
    samples.flip_stored_byte(vault.path, sha, seq=0)
    assert not vault.verify(sha)
    vault.import_file(path)
    status = vault.upload_status(sha)
    assert not status.damaged and status.verified and status.state is UploadState.UPLOADED
    assert vault.blobs_to_upload() == []  # the server holds it: never sent again


def test_a_download_of_a_damaged_blob_repairs_it(vault: Vault, damaged: tuple[Path, str]) -> None:
    path, sha = damaged
    assert vault.has(sha) and not vault.has_intact(sha)  # the download stage fetches it
    body = path.read_bytes()
    with vault.open_download(sha) as download:
        download.set_expected_size(len(body))
        download.write(body)
        info = download.finish()
    assert not info.damaged
    _assert_repaired(vault, path, sha)
    status = vault.upload_status(sha)
    assert status.state is UploadState.UPLOADED and status.verified  # it came from the server


def test_a_repair_that_cannot_free_the_damaged_copy_stays_done_and_gc_frees_it(
    vault: Vault, damaged: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The vault busy past its timeout right after the repair committed: the import still
    succeeds with the good copy (nothing of it is undone) and garbage collection frees the
    damaged one later."""
    path, sha = damaged
    real = Vault._discard_pending
    calls: list[int] = []

    def busy_once(self: Vault, con: sqlite3.Connection, blob_id: int) -> None:
        calls.append(blob_id)
        if len(calls) == 1:
            raise sqlite3.OperationalError("database is locked")
        real(self, con, blob_id)

    monkeypatch.setattr(Vault, "_discard_pending", busy_once)
    assert not vault.import_file(path).damaged
    assert calls  # the damaged copy's freeing was tried and failed
    with vault.open_blob(sha) as stream:
        assert stream.read() == path.read_bytes()
    assert _rows(vault) == (2, 6)  # the hidden damaged copy is still there
    vault.collect_garbage({sha}, lambda _sha: False, grace_seconds=0)
    _assert_repaired(vault, path, sha)


def test_a_good_copy_is_never_replaced(vault: Vault, tmp_path: Path) -> None:
    path = samples.random_file(tmp_path / "a.pdf", 2 * CHUNK_SIZE, seed=23)
    sha = vault.import_file(path).sha256
    with sqlite3.connect(vault.path) as con:
        before = con.execute("SELECT id FROM blobs WHERE sha256 = ?", (sha,)).fetchone()[0]
    vault.import_file(path)
    body = path.read_bytes()
    with vault.open_download(sha) as download:
        download.write(body)
        download.finish()
    with sqlite3.connect(vault.path) as con:
        assert con.execute("SELECT id FROM blobs WHERE sha256 = ?", (sha,)).fetchone()[0] == before
    assert _rows(vault) == (1, 2)


def test_a_reader_streaming_the_damaged_copy_finishes_on_it_while_it_is_replaced(
    vault: Vault, damaged: tuple[Path, str]
) -> None:
    """One statement streams the damaged copy: the repair's commit waits for it, so the reader
    ends on that copy whole (every byte of it, the flipped one too), never on a mix."""
    path, sha = damaged
    body = path.read_bytes()
    with sqlite3.connect(vault.path) as con:
        old = b"".join(
            bytes(r[0])
            for r in con.execute(
                "SELECT c.data FROM chunks c JOIN blobs b ON b.id = c.blob_id "
                "WHERE b.sha256 = ? ORDER BY c.seq",
                (sha,),
            )
        )
    assert old != body
    reader = vault.reader()
    stream = reader.chunks(sha, allow_damaged=True)
    got = [next(stream)]
    errors: list[BaseException] = []

    def repair() -> None:
        try:
            vault.import_file(path)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    worker = threading.Thread(target=repair)
    worker.start()
    time.sleep(0.5)  # the import has written its copy and waits to commit
    got.extend(stream)
    reader.close()
    worker.join(timeout=30)
    assert not worker.is_alive() and not errors
    assert b"".join(got) == old
    _assert_repaired(vault, path, sha)


def test_a_reader_between_chunks_of_the_damaged_copy_fails_rather_than_mix(
    vault: Vault, damaged: tuple[Path, str]
) -> None:
    """The seekable reader fetches chunk by chunk: once the damaged copy is replaced its next
    chunk is gone and it raises BlobDamaged; it never hands out the new copy's bytes."""
    path, sha = damaged
    body = path.read_bytes()
    stream = vault.open_blob(sha, allow_damaged=True)
    try:
        assert stream.read(CHUNK_SIZE) == body[:CHUNK_SIZE]  # chunk 0 was not the damaged one
        vault.import_file(path)
        with pytest.raises(BlobDamaged):
            stream.read()
    finally:
        stream.close()
    _assert_repaired(vault, path, sha)


def test_verification_records_the_crc_it_read_over_a_wrong_one(
    vault: Vault, tmp_path: Path
) -> None:
    """A wrong CRC-32 on record would fail every Paket kirim of the blob: a whole read that
    matched the SHA-256 puts the right one in its place."""
    path = samples.random_file(tmp_path / "a.pdf", CHUNK_SIZE + 77, seed=24)
    body = path.read_bytes()
    sha = vault.import_file(path).sha256
    with sqlite3.connect(vault.path) as con:
        con.execute("UPDATE blobs SET crc32 = ? WHERE sha256 = ?", (zlib.crc32(body) ^ 1, sha))
    assert vault.verify(sha)
    assert vault.info(sha).crc32 == zlib.crc32(body)
    assert hashlib.sha256(body).hexdigest() == sha


def test_discarding_a_blob_that_is_complete_touches_nothing(
    vault: Vault, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The clean-up of pending copies (a failed import, a dropped duplicate, a repair, the
    garbage collection) deletes by blob id: given the id of a complete blob (a caller's
    mistake, or an id another blob took meanwhile) it deletes nothing and says so."""
    path = samples.random_file(tmp_path / "perbup.pdf", 2 * CHUNK_SIZE + 17, seed=5)
    sha = vault.import_file(path).sha256
    with sqlite3.connect(vault.path) as con:
        blob_id = con.execute("SELECT id FROM blobs WHERE sha256 = ?", (sha,)).fetchone()[0]
    before = _rows(vault)
    con = vault._connect()
    try:
        vault._discard_pending(con, int(blob_id))
    finally:
        con.close()
    assert _rows(vault) == before
    assert b"".join(vault.iter_chunks(sha)) == path.read_bytes()
    assert "not discarding blob" in caplog.text
