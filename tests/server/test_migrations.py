"""Alembic migrations: the models match the migrated schema, and the revisions go down and up."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from sync.server.db import alembic_config, upgrade
from sync.server.models import Base
from tests.server.conftest import BACKENDS, database_url_for


@pytest.mark.parametrize("backend", BACKENDS)
def test_models_match_the_migrated_schema_and_downgrade_works(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = database_url_for(backend, request, tmp_path, empty=True)
    upgrade(url)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
            )
        assert diff == []
        command.downgrade(alembic_config(url), "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(url)
        assert "records" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_first_revision_id_is_the_published_one() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert script.get_base() == "0001_initial"


def test_existing_references_keep_working_only_within_their_owners_scope(tmp_path: Path) -> None:
    """0004 + 0006 (after 0005_workflow rebuilt ``pemda`` on SQLite, rows and all): a reference
    made before holders existed stays readable when the blob's uploader could read that record;
    a hash copied into another OPD's record does not."""
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    upgrade(url, "0003_web_sessions")
    now = "2026-01-01 00:00:00"
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(f"INSERT INTO pemda VALUES ('p', 'p', 'P', '{now}')"))
            for opd in ("a", "b"):
                conn.execute(
                    text(f"INSERT INTO opd VALUES ('{opd}', 'p', '{opd}', '{opd}', 1, '{now}')")
                )
            for user, role, opd in (
                ("up", "operator", "a"),
                ("mate", "operator", "a"),
                ("thief", "operator", "b"),
                ("adm", "admin", None),
            ):
                conn.execute(
                    text(
                        "INSERT INTO users (id, username, full_name, password_hash, role,"
                        " pemda_id, opd_id, active, created_at, password_changed_at) VALUES"
                        " (:u, :u, '', 'x', :role, 'p', :opd, 1, :now, :now)"
                    ),
                    {"u": user, "role": role, "opd": opd, "now": now},
                )
            conn.execute(text(f"INSERT INTO blobs VALUES ('s', 1, '', '', 'up', '{now}')"))
            for rec, opd, by in (("ra", "a", "mate"), ("rb", "b", "thief"), ("rc", "a", "adm")):
                conn.execute(
                    text(
                        "INSERT INTO records (id, type, pemda_id, opd_id, version, seq, content,"
                        f" content_hash, deleted, updated_at, updated_by) VALUES ('{rec}',"
                        f" 'innovation', 'p', '{opd}', 1, {ord(rec[1])}, '{{}}', 'h', 0, '{now}',"
                        f" '{by}')"
                    )
                )
                conn.execute(text(f"INSERT INTO record_blobs VALUES ('{rec}', 's')"))
        upgrade(url)
        with engine.connect() as conn:
            holders = set(conn.execute(text("SELECT user_id FROM blob_holders")).scalars())
        assert holders == {"up", "mate", "adm"}
    finally:
        engine.dispose()


def test_document_ids_of_live_records_are_filled_in_oldest_first(tmp_path: Path) -> None:
    """0009: the ids the live innovations and SPD profiles cite; a clash already stored is
    kept by the older record, a deleted record holds nothing, an over-long id is left out."""
    import json

    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    upgrade(url, "0008_known_sign_ins")
    now = "2026-01-01 00:00:00"
    engine = create_engine(url)

    def content(*ids: str) -> str:
        return json.dumps({"documents": [{"id": i, "slot": "16"} for i in ids]})

    try:
        with engine.begin() as conn:
            conn.execute(text(f"INSERT INTO pemda VALUES ('p', 'p', 'P', '{now}', 0)"))
            conn.execute(
                text(
                    "INSERT INTO users (id, username, full_name, password_hash, role, pemda_id,"
                    " active, created_at, password_changed_at) VALUES ('u', 'u', '', 'x',"
                    " 'admin', 'p', 1, :now, :now)"
                ),
                {"now": now},
            )
            for rec, kind, seq, body, deleted in (
                ("newer", "innovation", 5, content("shared", "mine"), 0),
                ("older", "innovation", 2, content("shared", "x" * 65), 0),
                ("gone", "innovation", 3, content("freed"), 1),
                ("spd", "spd_profile", 4, content("spd-doc"), 0),
                ("rev", "review", 6, content("not-a-document"), 0),
            ):
                conn.execute(
                    text(
                        "INSERT INTO records (id, type, pemda_id, version, seq, content,"
                        " content_hash, deleted, updated_at, updated_by) VALUES (:id, :kind,"
                        " 'p', 1, :seq, :body, 'h', :deleted, :now, 'u')"
                    ),
                    {
                        "id": rec,
                        "kind": kind,
                        "seq": seq,
                        "body": body,
                        "deleted": deleted,
                        "now": now,
                    },  # fmt: skip
                )
        upgrade(url)
        with engine.connect() as conn:
            rows = set(conn.execute(text("SELECT document_id, record_id FROM record_documents")))
        assert rows == {("shared", "older"), ("mine", "newer"), ("spd-doc", "spd")}
    finally:
        engine.dispose()


_PEAK_OF_UPGRADE = """
import sys
from pathlib import Path
from sync.server.db import upgrade

def kib(name):
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith(name)))

upgrade(sys.argv[2])  # an empty database first: what every upgrade loads is loaded
Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from here
before = kib("VmRSS:")
upgrade(sys.argv[1])
print((kib("VmHWM:") - before) // 1024)
"""


@pytest.mark.postgres
def test_document_ids_are_filled_in_without_holding_every_record_in_memory(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """0009 on PostgreSQL with more content than it may hold: a plain read holds the whole
    result (every content) at once, so a big server's upgrade at ``serve`` ran out of memory.
    ~90 MB of contents here; the upgrade's peak must stay well below that."""
    import json
    import os
    import subprocess
    import sys
    from datetime import UTC, datetime

    from sqlalchemy import text

    if not Path("/proc/self/clear_refs").exists():
        pytest.skip("the peak memory is read from Linux's /proc")
    url = database_url_for("postgres", request, tmp_path, empty=True)
    upgrade(url, "0008_known_sign_ins")
    warm = database_url_for("postgres", request, tmp_path, empty=True)
    upgrade(warm, "0008_known_sign_ins")
    engine = create_engine(url)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    filler = "x" * 300_000
    try:
        with engine.begin() as conn:
            conn.execute(
                text("INSERT INTO pemda (id, code, name, created_at) VALUES ('p', 'p', 'P', :now)"),
                {"now": now},
            )
            conn.execute(
                text(
                    "INSERT INTO users (id, username, full_name, password_hash, role, pemda_id,"
                    " active, created_at, password_changed_at) VALUES ('u', 'u', '', 'x',"
                    " 'admin', 'p', true, :now, :now)"
                ),
                {"now": now},
            )
            conn.execute(
                text(
                    "INSERT INTO records (id, type, pemda_id, version, seq, content, content_hash,"
                    " deleted, updated_at, updated_by) VALUES (:id, 'innovation', 'p', 1, :seq,"
                    " CAST(:body AS JSONB), 'h', false, :now, 'u')"
                ),
                [
                    {
                        "id": f"r{i}",
                        "seq": i + 1,
                        "body": json.dumps(
                            {"documents": [{"id": f"d{i % 250}", "slot": "16", "tentang": filler}]}
                        ),
                        "now": now,
                    }
                    for i in range(300)
                ],
            )
        root = Path(__file__).resolve().parents[2]
        env = {**os.environ, "PYTHONPATH": str(root)}
        done = subprocess.run(
            [sys.executable, "-c", _PEAK_OF_UPGRADE, url, warm],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=True,
        )
        grown = int(done.stdout.strip())
        assert grown < 45, f"{grown} MB more at the upgrade's peak"
        with engine.connect() as conn:
            found = conn.execute(text("SELECT document_id, record_id FROM record_documents"))
            rows = {doc_id: record_id for doc_id, record_id in found}
        # Every id once, held by the oldest record citing it.
        assert rows == {f"d{i}": f"r{i}" for i in range(250)}
    finally:
        engine.dispose()
