"""Periksa arsip finds damage and whom it hurts; Cadangkan copies live data; Pulihkan checks."""

from __future__ import annotations

import os
import sqlite3
import threading
import uuid
from pathlib import Path

import pytest

from sync.local.backup import (
    ASIDE_PREFIX,
    BackupError,
    StoreDocument,
    backup,
    check_archive,
    list_backups,
    restore,
)
from sync.local.vault import UploadState, Vault
from tests.vault import samples

MB = 1024 * 1024


def make_store(folder: Path) -> sqlite3.Connection:
    """A stand-in for store.sqlite's evidence table (the repository owns the real schema)."""
    con = sqlite3.connect(folder / "store.sqlite", isolation_level=None, check_same_thread=False)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute(
        "CREATE TABLE IF NOT EXISTS evidence_documents (id TEXT PRIMARY KEY, innovation_id TEXT, "
        "slot TEXT, file_name TEXT, sha256 TEXT)"
    )
    return con


def attach(vault: Vault, store: sqlite3.Connection, src: Path, slot: str = "16") -> str:
    """The app's order: the blob is committed, then the document row that refers to it."""
    sha = vault.import_file(src).sha256
    store.execute(
        "INSERT INTO evidence_documents VALUES (?, ?, ?, ?, ?)",
        (str(uuid.uuid4()), "inov-1", slot, src.name, sha),
    )
    return sha


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


def test_healthy_archive_passes(data: Path, tmp_path: Path) -> None:
    store = make_store(data)
    with Vault(data / "vault.sqlite") as vault:
        attach(vault, store, samples.random_file(tmp_path / "a.bin", 2 * MB))
        report = check_archive(data, vault=vault)
    assert report.ok and report.blobs_checked == 1 and report.bytes_checked == 2 * MB
    assert report.references_checked
    assert "Arsip baik" in report.summary()


def test_damaged_blob_is_reported_with_the_documents_it_breaks(data: Path, tmp_path: Path) -> None:
    store = make_store(data)
    with Vault(data / "vault.sqlite") as vault:
        good = attach(vault, store, samples.random_file(tmp_path / "a.bin", MB, seed=1))
        bad = attach(vault, store, samples.random_file(tmp_path / "b.bin", 2 * MB, seed=2), "17")
        attach(vault, store, tmp_path / "b.bin", "18")
        with sqlite3.connect(data / "vault.sqlite") as con:
            con.execute(
                "UPDATE chunks SET data = zeroblob(length(data)) WHERE seq = 1 AND blob_id = "
                "(SELECT id FROM blobs WHERE sha256 = ?)",
                (bad,),
            )
        report = check_archive(data)
        assert not report.ok and list(report.damaged) == [bad]
        docs = report.damaged[bad]
        assert all(isinstance(d, StoreDocument) for d in docs)
        assert sorted(d.slot for d in docs) == ["17", "18"]  # type: ignore[attr-defined]
        assert "1 berkas rusak" in report.summary() and "2 dokumen" in report.summary()
        # Marked: the sync client never uploads it.
        assert vault.info(bad).damaged and not vault.info(good).damaged
        with pytest.raises(Exception, match="damaged"):
            vault.set_upload_state(bad, UploadState.UPLOADING)
        via_repository = check_archive(data, vault=vault, documents_using_blob=lambda s: ["doc"])
        assert via_repository.damaged == {bad: ("doc",)}


def test_document_pointing_at_a_missing_blob_is_reported(data: Path) -> None:
    store = make_store(data)
    store.execute(
        "INSERT INTO evidence_documents VALUES ('d1', 'i', '16', 'x.pdf', ?)", ("f" * 64,)
    )
    Vault(data / "vault.sqlite").close()
    report = check_archive(data)
    assert list(report.missing) == ["f" * 64] and not report.ok


def test_corrupt_database_file_fails_the_integrity_check(data: Path, tmp_path: Path) -> None:
    store = make_store(data)
    for i in range(400):
        store.execute(
            "INSERT INTO evidence_documents VALUES (?, 'i', '16', ?, NULL)", (f"d{i}", "x" * 200)
        )
    store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    Vault(data / "vault.sqlite").close()
    with (data / "store.sqlite").open("r+b") as f:
        f.seek(4096 * 3 + 100)
        f.write(os.urandom(3000))
    report = check_archive(data)
    assert report.store_problems and not report.ok


@pytest.mark.slow
def test_backup_during_import_and_edits_restores_a_consistent_store(
    data: Path, tmp_path: Path
) -> None:
    store = make_store(data)
    vault = Vault(data / "vault.sqlite")
    for i in range(3):
        attach(vault, store, samples.random_file(tmp_path / f"base{i}.bin", 12 * MB, seed=i))
    committed_before = {r[0] for r in store.execute("SELECT sha256 FROM evidence_documents")}
    stop = threading.Event()
    errors: list[BaseException] = []
    attached_during: list[str] = []

    def keep_working() -> None:
        try:
            n = 0
            while not stop.is_set() and n < 4:  # a live backup restarts until writes pause
                src = samples.random_file(tmp_path / f"live{n}.bin", 3 * MB, seed=100 + n)
                attached_during.append(attach(vault, store, src))
                store.execute("UPDATE evidence_documents SET file_name = ? WHERE rowid = 1",
                              (f"edit-{n}",))  # fmt: skip
                n += 1
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    worker = threading.Thread(target=keep_working)
    worker.start()
    try:
        info = backup(tmp_path / "usb", data)
    finally:
        stop.set()
        worker.join()
    assert errors == []
    assert attached_during, "the import loop did not run during the backup"
    assert list_backups(tmp_path / "usb") == [info.folder]

    fresh = tmp_path / "restored"
    fresh.mkdir()
    result = restore(info.folder, fresh)
    assert result.report.ok and result.set_aside is None
    assert check_archive(fresh).ok
    with sqlite3.connect(fresh / "store.sqlite") as con:
        restored_docs = {r[0] for r in con.execute("SELECT sha256 FROM evidence_documents")}
    assert committed_before <= restored_docs
    with Vault(fresh / "vault.sqlite") as restored_vault:
        for sha in restored_docs:
            assert restored_vault.has(sha) and restored_vault.verify(sha)
    vault.close()
    store.close()


def test_restore_checks_the_backup_and_keeps_current_data_aside(data: Path, tmp_path: Path) -> None:
    store = make_store(data)
    with Vault(data / "vault.sqlite") as vault:
        old = attach(vault, store, samples.random_file(tmp_path / "old.bin", MB, seed=5))
        info = backup(tmp_path / "usb", data)
        new = attach(vault, store, samples.random_file(tmp_path / "new.bin", MB, seed=6))
    store.close()

    result = restore(info.folder, data)
    assert result.set_aside is not None and result.set_aside.name.startswith(ASIDE_PREFIX)
    assert (result.set_aside / "store.sqlite").exists()
    assert (result.set_aside / "vault.sqlite").exists()
    with Vault(data / "vault.sqlite") as vault:
        assert vault.has(old) and not vault.has(new)
    with Vault(result.set_aside / "vault.sqlite") as kept:
        assert kept.has(new)
    assert not [p for p in data.iterdir() if p.name.startswith(".pulih-")]


def test_tampered_or_unfinished_backup_is_refused_and_nothing_changes(
    data: Path, tmp_path: Path
) -> None:
    store = make_store(data)
    with Vault(data / "vault.sqlite") as vault:
        attach(vault, store, samples.random_file(tmp_path / "a.bin", 2 * MB))
        info = backup(tmp_path / "usb", data)
    store.close()
    before = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}

    with (info.folder / "vault.sqlite").open("r+b") as f:
        f.seek(-300_000, os.SEEK_END)  # inside a chunk's data
        f.write(os.urandom(64))
    with pytest.raises(BackupError, match="rusak"):
        restore(info.folder, data)

    unfinished = tmp_path / "usb" / "inovasi-desk-cadangan-unfinished"
    unfinished.mkdir()
    with pytest.raises(BackupError, match="manifest"):
        restore(unfinished, data)

    after = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
    assert after == before
    assert [p.name for p in data.iterdir() if p.is_dir()] == []


def test_backup_of_an_empty_folder_is_refused(data: Path, tmp_path: Path) -> None:
    with pytest.raises(BackupError):
        backup(tmp_path / "usb", data)
