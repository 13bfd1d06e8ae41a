"""Push ordering per pemda: a counter row per pemda, numbers from a PostgreSQL sequence.

Revision ID: 0007_pemda_sequences
Revises: 0006_blob_holders
Create Date: 2026-12-05 20:00:00

Before, every push of every pemda locked the one ``records`` counter row. Now a push locks its
pemda's row (``records:<pemda id>``, made on the pemda's first push, starting at the global
value so no client's cursor is ever ahead of it); on PostgreSQL the numbers come from the
sequence ``records_seq``, which starts after the last number handed out. On SQLite the global
row keeps handing out the numbers (SQLite has one writer at a time anyway).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007_pemda_sequences"
down_revision: str | Sequence[str] | None = "0006_blob_holders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``records_seq`` (PostgreSQL) after the global counter's value."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE records_seq AS BIGINT MINVALUE 1")
        op.execute(
            "SELECT setval('records_seq', GREATEST(COALESCE("
            "(SELECT value FROM counters WHERE name = 'records'), 0), 1), "
            "COALESCE((SELECT value FROM counters WHERE name = 'records'), 0) > 0)"
        )


def downgrade() -> None:
    """Back to the one global row: it takes the last number handed out anywhere."""
    op.execute(
        "UPDATE counters SET value = (SELECT COALESCE(MAX(seq), 0) FROM records) "
        "WHERE name = 'records'"
    )
    op.execute("DELETE FROM counters WHERE name LIKE 'records:%'")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP SEQUENCE records_seq")
