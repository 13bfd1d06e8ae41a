"""Migrations: head equals the models, an older database is backed up and upgraded with every
draft intact (the upgrade fixture is made by running the first migration only), a database
from a newer release or a foreign file is refused untouched, and the connection pragmas."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from iid.records import IndicatorAnswer, SyncState, Verdict
from sync.local import db
from sync.local.db import HEAD_REVISION, Store, StoreError, current_revision, run_migrations
from sync.local.models import Base
from sync.local.repository import Repository
from tests.migration_cut import open_killed_before_the_version_is_written

FIRST = "0001_initial"


def test_upgrade_head_on_an_empty_database_equals_the_models(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    run_migrations(path)
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_head_revision_constant_is_the_newest_script() -> None:
    from alembic.script import ScriptDirectory

    assert ScriptDirectory(str(db.MIGRATIONS_DIR)).get_current_head() == HEAD_REVISION
    assert FIRST in db.known_revisions()


def write_first_release_data(path: Path, sha256: str = "c" * 64) -> None:
    """Rows as the first release wrote them: plain SQL against the 0001_initial schema."""
    con = sqlite3.connect(path)
    with con:
        con.execute(
            "INSERT INTO opd (id, pemda_id, code, name, updated_at)"
            " VALUES ('o1', 'p1', 'DIK', 'Dinas Pendidikan', '2026-01-01 08:00:00.000000')"
        )
        con.execute(
            "INSERT INTO innovations (id, rule_year, opd_id, nama, tahapan, inisiator,"
            " inisiator_nama, jenis, bentuk, urusan_utama, urusan_lain, waktu_uji_coba,"
            " rancang_bangun, tujuan, manfaat, hasil, video_link, extra, workflow_state,"
            " sync_state, qc_status, verifier_note, version, base_version, synced_content,"
            " completeness, kematangan_centi, deleted, created_at, updated_at) VALUES"
            " ('inn-1', 2026, 'o1', 'Sekolah Ramah Anak', 'penerapan', 'opd', '', 'digital',"
            " 'pelayanan', 'Pendidikan', '[\"Sosial\"]', '2024-02-01', 'Rancang bangun lama',"
            " 't', 'm', 'h', '', '{\"anggaran_nilai\": \"5000\"}', 'draft', 'queued',"
            " 'pending', '', 3, 0, NULL, 40, 150, 0,"
            " '2026-01-01 08:00:00.000000', '2026-01-02 09:30:00.000000')"
        )
        con.execute(
            "INSERT INTO answers (innovation_id, indicator, claimed_level, verified_level,"
            " verdict, verifier_note) VALUES ('inn-1', '16', 3, NULL, 'pending', '')"
        )
        con.execute(
            "INSERT INTO documents (innovation_id, id, slot, nomor, tanggal, tentang, sha256,"
            " link, file_name, media_type, size_bytes, duration_seconds, page_count, position)"
            " VALUES ('inn-1', 'doc-1', '16', '12/2024', '2024-03-01', 'SK', ?, NULL,"
            " 'sk.pdf', 'application/pdf', 1000, NULL, 2, 0)",
            (sha256,),
        )
        con.execute(
            "INSERT INTO outbox (record_type, record_id, change_seq, state, attempts,"
            " last_error, created_at, updated_at) VALUES ('innovation', 'inn-1', 3, 'queued',"
            " 0, '', '2026-01-01 08:00:00.000000', '2026-01-02 09:30:00.000000')"
        )
    con.close()


def test_first_release_database_is_backed_up_and_opens_with_all_drafts_intact(
    tmp_path: Path,
) -> None:
    path = tmp_path / "store.sqlite"
    run_migrations(path, FIRST)
    write_first_release_data(path)
    assert current_revision(path) == FIRST

    store = Store(path)
    try:
        assert current_revision(path) == HEAD_REVISION
        assert store.backup_path == tmp_path / f"store.sqlite.bak-{FIRST}"
        repo = Repository(store)
        inn = repo.get_innovation("inn-1")
        assert inn is not None
        assert inn.profile.nama == "Sekolah Ramah Anak"
        assert inn.profile.urusan_lain == ["Sosial"]
        assert inn.profile.extra == {"anggaran_nilai": "5000"}
        assert inn.profile.waktu_uji_coba is not None
        assert inn.claimed_levels() == {"16": 3}
        assert [(d.id, d.sha256, d.page_count) for d in inn.documents] == [("doc-1", "c" * 64, 2)]
        # 0003: the proof fields of older documents and answers read as "not known".
        doc = inn.documents[0]
        assert (doc.jenis, doc.tahun, doc.names_innovation, doc.prefilled) == ("", None, None, ())
        assert inn.answers["16"].quantity is None and inn.answers["16"].checklist == ()
        assert inn.sync_state is SyncState.QUEUED and inn.version == 3
        assert [(i.record_id, i.change_seq, i.state) for i in repo.outbox.pending_items()] == [
            ("inn-1", 3, "queued"),
            ("c" * 64, 1, "queued"),  # its file: the next run asks the server whether it lacks it
        ]
        assert [o.name for o in repo.list_opds()] == ["Dinas Pendidikan"]
        assert [s.opd_name for s in repo.list_innovations()] == ["Dinas Pendidikan"]
        assert repo.referenced_blobs() == {"c" * 64}
        assert store.integrity_check() == "ok"
    finally:
        store.close()

    # The backup is the database as it was before the migration, complete and consistent.
    assert store.backup_path is not None
    assert current_revision(store.backup_path) == FIRST
    with sqlite3.connect(store.backup_path) as backup:
        assert backup.execute("SELECT nama FROM innovations").fetchall() == [
            ("Sekolah Ramah Anak",)
        ]
        assert backup.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # Opening again does not migrate or back up again.
    again = Store(path)
    again.close()
    assert again.backup_path is None
    assert sorted(p.name for p in tmp_path.iterdir() if ".bak-" in p.name) == [
        f"store.sqlite.bak-{FIRST}"
    ]


def test_an_existing_backup_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    run_migrations(path, FIRST)
    earlier = tmp_path / f"store.sqlite.bak-{FIRST}"
    earlier.write_bytes(b"older backup")
    store = Store(path)
    store.close()
    assert earlier.read_bytes() == b"older backup"
    assert store.backup_path == tmp_path / f"store.sqlite.bak-{FIRST}.1"


def test_a_database_from_a_newer_release_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    Store(path).close()
    with sqlite3.connect(path) as con:
        con.execute("UPDATE alembic_version SET version_num = '0099_future'")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="versi aplikasi yang lebih baru"):
        Store(path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.bak-*"))


def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE notes (x)")
        con.execute("INSERT INTO notes VALUES ('keep me')")
    with pytest.raises(StoreError, match="bukan basis data Inovasi Desk"):
        Store(path)
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT x FROM notes").fetchall() == [("keep me",)]


def test_connections_use_wal_full_sync_and_foreign_keys(store: Store) -> None:
    with store.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() == db.BUSY_TIMEOUT_MS
    with store.write() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_0007_moves_every_answer_of_a_populated_store_into_its_innovation(
    tmp_path: Path,
) -> None:
    """Answers were rows of ``answers`` up to 0006; 0007 moves each one, every field as it was,
    into ``innovations.answers`` and empties the table (which stays: migrations only add)."""
    path = tmp_path / "store.sqlite"
    run_migrations(path, "0006_workflow")
    con = sqlite3.connect(path)
    with con:
        for inn in ("inn-1", "inn-2", "inn-3"):
            con.execute(
                "INSERT INTO innovations (id, rule_year, opd_id, nama, tahapan, inisiator,"
                " inisiator_nama, jenis, bentuk, urusan_utama, urusan_lain, rancang_bangun,"
                " tujuan, manfaat, hasil, video_link, extra, workflow_state, sync_state,"
                " qc_status, verifier_note, version, base_version, deleted, created_at,"
                " updated_at) VALUES (?, 2026, 'o1', ?, '', '', '', '', '', '', '[]', '', '',"
                " '', '', '', '{}', 'diajukan', 'synced', 'pending', '', 2, 2, 0,"
                " '2026-01-01 08:00:00.000000', '2026-01-02 09:30:00.000000')",
                (inn, f"Inovasi {inn}"),
            )
        con.executemany(
            "INSERT INTO answers (innovation_id, indicator, claimed_level, verified_level,"
            " verdict, verifier_note, quantity, quantity_base, basis, checklist)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                # every field set (a measured ratio the verifier judged)
                (
                    "inn-1",
                    "29",
                    2,
                    3,
                    "sesuai",
                    "Bukti lengkap ✓",
                    "12.50",
                    "40",
                    "dokumen",
                    '["sk", "laporan"]',
                ),  # fmt: skip
                ("inn-1", "16", 3, None, "pending", "", None, None, "", "[]"),
                # a verdict on an indicator the officer no longer claims
                ("inn-1", "17", None, 1, "tidak_sesuai", "Lampirkan SK", None, None, "", "[]"),
                ("inn-2", "16", 1, None, "pending", "", None, None, "", "[]"),
            ],
        )
    con.close()

    store = Store(path)
    try:
        assert current_revision(path) == HEAD_REVISION
        assert store.backup_path == tmp_path / "store.sqlite.bak-0006_workflow"
        repo = Repository(store)
        one, two, three = (repo.get_innovation(i) for i in ("inn-1", "inn-2", "inn-3"))
        assert one is not None and two is not None and three is not None
        assert list(one.answers) == ["16", "17", "29"]  # indicator order, as the rows read
        assert one.answers["29"] == IndicatorAnswer(
            indicator="29",
            claimed_level=2,
            verified_level=3,
            verdict=Verdict.SESUAI,
            verifier_note="Bukti lengkap ✓",
            quantity=Decimal("12.50"),
            quantity_base=Decimal("40"),
            basis="dokumen",
            checklist=("sk", "laporan"),
        )
        assert one.answers["16"] == IndicatorAnswer(indicator="16", claimed_level=3)
        assert one.answers["17"] == IndicatorAnswer(
            indicator="17",
            verified_level=1,
            verdict=Verdict.TIDAK_SESUAI,
            verifier_note="Lampirkan SK",
        )
        assert two.answers == {"16": IndicatorAnswer(indicator="16", claimed_level=1)}
        assert three.answers == {}
        with store.read() as session:
            assert session.execute(text("SELECT count(*) FROM answers")).scalar() == 0
        assert store.integrity_check() == "ok"
    finally:
        store.close()
    with sqlite3.connect(tmp_path / "store.sqlite.bak-0006_workflow") as backup:
        assert backup.execute("SELECT count(*) FROM answers").fetchone() == (4,)


def test_0007_moves_the_answers_of_a_store_bigger_than_one_batch(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    run_migrations(path, "0006_workflow")
    n = 1201  # the migration writes 500 innovations at a time
    con = sqlite3.connect(path)
    with con:
        con.executemany(
            "INSERT INTO innovations (id, rule_year, opd_id, nama, tahapan, inisiator,"
            " inisiator_nama, jenis, bentuk, urusan_utama, urusan_lain, rancang_bangun, tujuan,"
            " manfaat, hasil, video_link, extra, workflow_state, sync_state, qc_status,"
            " verifier_note, version, base_version, deleted, created_at, updated_at) VALUES"
            " (?, 2026, 'o1', '', '', '', '', '', '', '', '[]', '', '', '', '', '', '{}',"
            " 'draft', 'synced', 'pending', '', 1, 1, 0, '2026-01-01 08:00:00.000000',"
            " '2026-01-01 08:00:00.000000')",
            [(f"inn-{i:05d}",) for i in range(n)],
        )
        con.executemany(
            "INSERT INTO answers (innovation_id, indicator, claimed_level, verdict,"
            " verifier_note) VALUES (?, ?, ?, 'pending', '')",
            [(f"inn-{i:05d}", str(k), 1 + (i + k) % 3) for i in range(n) for k in (16, 17)],
        )
    con.close()
    run_migrations(path)
    con = sqlite3.connect(path)
    try:
        moved = con.execute(
            "SELECT innovations.id, answer.key, json_extract(answer.value, '$.claimed_level')"
            " FROM innovations, json_each(innovations.answers) AS answer"
        ).fetchall()
        assert sorted(moved) == sorted(
            (f"inn-{i:05d}", str(k), 1 + (i + k) % 3) for i in range(n) for k in (16, 17)
        )
        assert con.execute("SELECT count(*) FROM answers").fetchone() == (0,)
    finally:
        con.close()


def test_0007_cut_short_leaves_the_answers_where_they_were_and_runs_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app killed in the middle of 0007 (after it added the column and moved the rows,
    before the version was written): the store is as 0006 left it, answers rows included, and
    the next start upgrades it (a second backup beside the first, which is never overwritten)."""
    path = tmp_path / "store.sqlite"
    run_migrations(path, "0006_workflow")
    con = sqlite3.connect(path)
    with con:
        con.execute(
            "INSERT INTO innovations (id, rule_year, opd_id, nama, tahapan, inisiator,"
            " inisiator_nama, jenis, bentuk, urusan_utama, urusan_lain, rancang_bangun, tujuan,"
            " manfaat, hasil, video_link, extra, workflow_state, sync_state, qc_status,"
            " verifier_note, version, base_version, deleted, created_at, updated_at) VALUES"
            " ('inn-1', 2026, 'o1', '', '', '', '', '', '', '', '[]', '', '', '', '', '', '{}',"
            " 'draft', 'synced', 'pending', '', 1, 1, 0, '2026-01-01 08:00:00.000000',"
            " '2026-01-01 08:00:00.000000')"
        )
        con.execute(
            "INSERT INTO answers (innovation_id, indicator, claimed_level, verified_level,"
            " verdict, verifier_note) VALUES ('inn-1', '16', 2, 3, 'sesuai', 'Lengkap')"
        )
    con.close()

    open_killed_before_the_version_is_written(monkeypatch, lambda: Store(path))
    assert current_revision(path) == "0006_workflow"
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT count(*) FROM answers").fetchone() == (1,)
        columns = [row[1] for row in con.execute("PRAGMA table_info(innovations)")]
        assert "answers" not in columns
    finally:
        con.close()

    store = Store(path)
    try:
        assert current_revision(path) == HEAD_REVISION
        assert store.backup_path == tmp_path / "store.sqlite.bak-0006_workflow.1"
        got = Repository(store).get_innovation("inn-1")
        assert got is not None
        assert got.answers == {
            "16": IndicatorAnswer(
                indicator="16",
                claimed_level=2,
                verified_level=3,
                verdict=Verdict.SESUAI,
                verifier_note="Lengkap",
            )
        }
    finally:
        store.close()
