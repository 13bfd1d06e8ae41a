"""The vault stores by content, streams in and out, dedups, tracks uploads, collects garbage."""

from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from sync.local import vault as vault_module
from sync.local.inspect import PDF
from sync.local.vault import (
    CHUNK_SIZE,
    BlobDamaged,
    BlobNotFound,
    ImportCancelled,
    SourceChanged,
    UploadState,
    Vault,
)
from tests.vault import samples

MB = 1024 * 1024


def sha_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(MB):
            digest.update(block)
    return digest.hexdigest()


def raw(vault: Vault) -> sqlite3.Connection:
    return sqlite3.connect(vault.path)


def test_import_stores_by_hash_and_leaves_the_original_untouched(
    vault: Vault, tmp_path: Path
) -> None:
    src = samples.random_file(tmp_path / "scan.bin", 3 * MB + 123)
    stat_before = src.stat()
    info = vault.import_file(src)
    assert info.sha256 == sha_of(src)
    assert info.size_bytes == 3 * MB + 123
    assert vault.has(info.sha256) and vault.size(info.sha256) == info.size_bytes
    assert src.stat().st_mtime_ns == stat_before.st_mtime_ns and src.exists()
    with raw(vault) as con:
        assert con.execute("SELECT COUNT(*) FROM chunks").fetchone()[0] == 4


def test_import_records_media_type_and_pages(vault: Vault, evidence: dict[str, Path]) -> None:
    info = vault.import_file(evidence["scanned_pdf"])
    assert (info.media_type, info.page_count) == (PDF, 3)
    assert vault.info(info.sha256) == info
    video = vault.import_file(evidence["video_4min"])
    assert video.duration_seconds == pytest.approx(240.0)


def test_export_and_reader_return_the_same_bytes(vault: Vault, tmp_path: Path) -> None:
    src = samples.random_file(tmp_path / "a.bin", 2 * MB + 77, seed=3)
    data = src.read_bytes()
    sha = vault.import_file(src).sha256
    (tmp_path / "out").mkdir()
    out = vault.export(sha, tmp_path / "out" / "copy.bin")
    assert out.read_bytes() == data
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["copy.bin"]
    with vault.open_blob(sha) as reader:
        assert reader.read() == data
        for offset in (0, 1, CHUNK_SIZE - 3, CHUNK_SIZE, 2 * CHUNK_SIZE + 70, len(data)):
            reader.seek(offset)
            assert reader.tell() == offset
            assert reader.read(10) == data[offset : offset + 10]
        reader.seek(-5, io.SEEK_END)
        assert reader.read() == data[-5:]


def test_unknown_hash_is_reported(vault: Vault) -> None:
    assert not vault.has("0" * 64)
    with pytest.raises(BlobNotFound):
        vault.info("0" * 64)
    with pytest.raises(BlobNotFound):
        vault.open_blob("0" * 64)


@pytest.mark.slow
def test_same_50mb_file_in_ten_documents_is_stored_once(vault: Vault, tmp_path: Path) -> None:
    src = samples.random_file(tmp_path / "big.bin", 50 * MB, seed=7)
    hashes = {vault.import_file(src).sha256 for _ in range(10)}
    assert len(hashes) == 1
    assert vault.stored_bytes() == 50 * MB
    with raw(vault) as con:
        assert con.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 1
        assert con.execute("SELECT COUNT(*) FROM chunks").fetchone()[0] == 50
    vault.reclaim_space()
    assert vault.path.stat().st_size < 52 * MB


def test_cancel_leaves_nothing_behind(vault: Vault, tmp_path: Path) -> None:
    src = samples.random_file(tmp_path / "big.bin", 10 * MB, seed=1)
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done >= 5 * MB:
            cancel.set()

    with pytest.raises(ImportCancelled):
        vault.import_file(src, progress=progress, cancel=cancel)
    assert vault.list_blobs() == []
    with raw(vault) as con:
        assert con.execute("SELECT COUNT(*) FROM chunks").fetchone()[0] == 0
        assert con.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 0


def test_progress_reports_bytes_and_total(vault: Vault, tmp_path: Path) -> None:
    src = samples.random_file(tmp_path / "p.bin", 3 * MB)
    seen: list[tuple[int, int]] = []
    vault.import_file(src, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(MB, 3 * MB), (2 * MB, 3 * MB), (3 * MB, 3 * MB)]


def test_file_changing_during_import_is_refused(vault: Vault, tmp_path: Path) -> None:
    src = samples.random_file(tmp_path / "growing.bin", 3 * MB)

    def grow(done: int, total: int) -> None:
        if done == MB:
            with src.open("ab") as f:
                f.write(b"more")

    with pytest.raises(SourceChanged):
        vault.import_file(src, progress=grow)
    assert vault.list_blobs() == []


def test_corrupted_blob_is_found_marked_and_never_uploaded(vault: Vault, tmp_path: Path) -> None:
    sha = vault.import_file(samples.random_file(tmp_path / "a.bin", 2 * MB)).sha256
    assert vault.verify(sha)
    with raw(vault) as con:
        con.execute("UPDATE chunks SET data = zeroblob(length(data)) WHERE seq = 1")
    assert not vault.verify(sha)
    assert vault.info(sha).damaged and vault.damaged_blobs() == [sha]
    with pytest.raises(BlobDamaged):
        vault.set_upload_state(sha, UploadState.UPLOADING, upload_url="http://s/u/1")
    assert vault.blobs_to_upload() == []
    with pytest.raises(BlobDamaged):
        vault.open_blob(sha)
    with pytest.raises(BlobDamaged):
        vault.export(sha, tmp_path / "x.bin")
    assert not (tmp_path / "x.bin").exists()


def test_missing_chunk_fails_verification(vault: Vault, tmp_path: Path) -> None:
    sha = vault.import_file(samples.random_file(tmp_path / "a.bin", 3 * MB)).sha256
    with raw(vault) as con:
        con.execute("DELETE FROM chunks WHERE seq = 2")
    assert not vault.verify(sha)


def test_upload_bookkeeping_round_trip(vault: Vault, tmp_path: Path) -> None:
    sha = vault.import_file(samples.random_file(tmp_path / "a.bin", MB)).sha256
    status = vault.upload_status(sha)
    assert status.state is UploadState.IN_VAULT and status.server_offset == 0
    assert [s.sha256 for s in vault.blobs_to_upload()] == [sha]
    vault.set_upload_state(sha, UploadState.UPLOADING, upload_url="http://srv/uploads/abc")
    vault.set_server_offset(sha, 4096)
    status = vault.upload_status(sha)
    assert (status.state, status.upload_url, status.server_offset) == (
        UploadState.UPLOADING, "http://srv/uploads/abc", 4096,
    )  # fmt: skip
    vault.set_upload_state(sha, UploadState.UPLOADED, server_offset=MB, verified=True)
    assert vault.upload_status(sha).verified
    assert vault.blobs_to_upload() == []
    vault.set_upload_state(sha, UploadState.IN_VAULT)
    assert vault.upload_status(sha).upload_url is None


def test_garbage_collection_keeps_what_is_needed(vault: Vault, tmp_path: Path) -> None:
    def imp(name: str, seed: int) -> str:
        return vault.import_file(samples.random_file(tmp_path / name, 2 * MB, seed)).sha256

    referenced = imp("ref.bin", 1)
    imp("never.bin", 2)  # never sent, not referenced: collected
    uploading = imp("half.bin", 3)
    confirmed = imp("done.bin", 4)
    unconfirmed = imp("unconfirmed.bin", 5)
    vault.set_upload_state(uploading, UploadState.UPLOADING, upload_url="u", server_offset=5)
    vault.set_upload_state(confirmed, UploadState.UPLOADED, upload_url="u", verified=False)
    vault.set_upload_state(unconfirmed, UploadState.UPLOADED, upload_url="u", verified=False)
    size_before = vault.path.stat().st_size

    # Within the grace period nothing is deleted: its document row may not be written yet.
    assert vault.collect_garbage({referenced}, lambda s: True) == 0

    deleted = vault.collect_garbage({referenced}, lambda s: s == confirmed, grace_seconds=0)
    assert deleted == 2
    assert set(vault.list_blobs()) == {referenced, uploading, unconfirmed}
    assert vault.freelist_pages() == 0
    assert vault.path.stat().st_size < size_before - 3 * MB
    assert vault.integrity_check() == []


def test_garbage_collection_removes_abandoned_pending_imports(vault: Vault) -> None:
    now = time.time()
    with raw(vault) as con:
        for owner in ("999999999:dead", f"{os.getpid()}:forgotten"):
            cur = con.execute(
                "INSERT INTO blobs (state, owner, chunk_size, created_at, touched_at) "
                "VALUES ('pending', ?, ?, ?, ?)",
                (owner, CHUNK_SIZE, now, now),
            )
            con.execute(
                "INSERT INTO chunks (blob_id, seq, data) VALUES (?, 0, ?)",
                (cur.lastrowid, b"x" * 1000),
            )
    vault.collect_garbage(set(), lambda s: False)
    with raw(vault) as con:
        assert con.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 0
        assert con.execute("SELECT COUNT(*) FROM chunks").fetchone()[0] == 0


def test_concurrent_imports_and_reads_from_threads(vault: Vault, tmp_path: Path) -> None:
    files = [samples.random_file(tmp_path / f"f{i}.bin", 3 * MB, seed=i % 3) for i in range(6)]
    results: dict[int, str] = {}
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            results[i] = vault.import_file(files[i]).sha256
            vault.list_blobs()
            assert vault.verify(results[i])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(results.values())) == 3
    assert sorted(vault.list_blobs()) == sorted(set(results.values()))
    assert vault.stored_bytes() == 9 * MB


def test_reopening_keeps_blobs_and_schema_is_at_head(tmp_path: Path) -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    path = tmp_path / "v.sqlite"
    with Vault(path) as v:
        sha = v.import_file(samples.random_file(tmp_path / "a.bin", MB)).sha256
    with Vault(path) as v:
        assert v.has(sha) and v.verify(sha)
    config = Config()
    config.set_main_option(
        "script_location", str(Path(vault_module.__file__).parent / "vault_migrations")
    )
    assert ScriptDirectory.from_config(config).get_current_head() == vault_module.HEAD_REVISION
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA page_size").fetchone()[0] == vault_module.PAGE_SIZE
        assert con.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental


def test_default_location_is_the_data_folder(_private_data_dir: Path) -> None:
    with Vault() as v:
        assert v.path == _private_data_dir / "vault.sqlite"


def test_closed_vault_says_so(vault: Vault) -> None:
    vault.close()
    with pytest.raises(vault_module.VaultError):
        vault.list_blobs()


def test_content_stored_by_another_import_meanwhile_is_kept_once(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = samples.random_file(tmp_path / "a.bin", 3 * MB, seed=9)
    first = vault.import_file(src)
    # As if a concurrent import stored the same content after this one checked for it.
    monkeypatch.setattr(Vault, "_known_copy", lambda self, *args: None)
    second = vault.import_file(src)
    assert second == first
    with raw(vault) as con:
        assert con.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 1
        assert con.execute("SELECT COUNT(*) FROM chunks").fetchone()[0] == 3
