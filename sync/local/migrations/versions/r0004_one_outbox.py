"""One outbox for everything not yet confirmed by the server, with one closed state set.

The outbox row of a record or of an evidence blob (``record_type = 'blob'``, ``record_id`` = the
SHA-256) carries the item's state (``sync.local.outbox.OutboxState``: queued, sending, waiting,
held, refused, conflict), its direction (``up``: to send, ``down``: to fetch) and the problem
that stopped it as a stable code with parameters (``problem_*``; the desktop words it). History
rows get the same problem columns and a download count.

Data: the first releases kept "held" as a ``[held] `` prefix on a quarantined row's error text
and the server's refusals as "Indonesian / English" text; those become the states ``held`` and
``refused`` (the text split into the two languages). A queued row with a retry time and attempts
becomes ``waiting``. Every file a document refers to gets an ``up`` row: the next run asks the
server which it lacks (one request per 1000), confirms the rest and fetches what this device
does not hold. ``last_error`` is kept (migrations only add) and no longer written.

Revision ID: 0004_one_outbox
Revises: 0003_evidence_proof
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_one_outbox"
down_revision = "0003_evidence_proof"
branch_labels = None
depends_on = None


NOW = "strftime('%Y-%m-%d %H:%M:%S', 'now') || '.000000'"
"""SQLAlchemy's storage format of a naive UTC datetime on SQLite."""


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(
            sa.Column("direction", sa.String(length=8), nullable=False, server_default="up")
        )
        batch.add_column(
            sa.Column("problem_code", sa.String(length=64), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("problem_params", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("problem_detail", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("problem_detail_en", sa.Text(), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("size_bytes", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("priority", sa.Integer(), nullable=False, server_default="0"))
    op.create_index("ix_outbox_direction_state", "outbox", ["direction", "state", "priority"])
    with op.batch_alter_table("sync_runs") as batch:
        batch.add_column(sa.Column("downloaded", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(
            sa.Column("problem_code", sa.String(length=64), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("problem_params", sa.JSON(), nullable=True))

    # --- data of the first releases ---
    op.execute(
        "UPDATE outbox SET state = 'held', last_error = '' "
        "WHERE state = 'quarantined' AND last_error LIKE '[held] %'"
    )
    op.execute(
        "UPDATE outbox SET state = 'refused', problem_code = 'server.refused', "
        "problem_detail = CASE WHEN instr(last_error, ' / ') > 0 "
        "  THEN substr(last_error, 1, instr(last_error, ' / ') - 1) ELSE last_error END, "
        "problem_detail_en = CASE WHEN instr(last_error, ' / ') > 0 "
        "  THEN substr(last_error, instr(last_error, ' / ') + 3) ELSE last_error END "
        "WHERE state = 'quarantined'"
    )
    op.execute(
        "UPDATE outbox SET state = 'waiting', problem_code = 'sync.retry' "
        "WHERE state = 'queued' AND attempts > 0 AND next_attempt_at IS NOT NULL"
    )
    for table in ("innovations", "spd_profiles"):
        op.execute(
            f"UPDATE {table} SET sync_state = 'held' WHERE id IN (SELECT record_id FROM outbox "
            f"WHERE state = 'held' AND record_type != 'blob')"
        )
    op.execute(
        "INSERT OR IGNORE INTO outbox (record_type, record_id, direction, change_seq, state, "
        "attempts, last_error, created_at, updated_at) "
        "SELECT 'blob', sha256, 'up', 1, 'queued', 0, '', "
        f"{NOW}, {NOW} FROM "
        "(SELECT sha256 FROM documents WHERE sha256 IS NOT NULL AND sha256 != '' "
        " UNION SELECT sha256 FROM spd_documents WHERE sha256 IS NOT NULL AND sha256 != '')"
    )


def downgrade() -> None:
    op.execute("DELETE FROM outbox WHERE record_type = 'blob'")
    op.drop_index("ix_outbox_direction_state", table_name="outbox")
    with op.batch_alter_table("sync_runs") as batch:
        batch.drop_column("problem_params")
        batch.drop_column("problem_code")
        batch.drop_column("downloaded")
    with op.batch_alter_table("outbox") as batch:
        for name in (
            "priority", "size_bytes", "problem_detail_en", "problem_detail", "problem_params",
            "problem_code", "direction",
        ):  # fmt: skip
            batch.drop_column(name)
