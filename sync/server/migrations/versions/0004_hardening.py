"""Hardening: login throttle, blob holders, record sizes, upload sniffing and shared partials.

Revision ID: 0004_hardening
Revises: 0003_web_sessions
Create Date: 2026-12-05 12:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_hardening"
down_revision: str | Sequence[str] | None = "0003_web_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``login_throttle`` and ``blob_holders``; ``record_blobs.added_by``,
    ``records.content_bytes`` and the upload columns, filled for existing rows."""
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_allowed_ms", sa.BigInteger(), nullable=False),
        sa.Column("last_failure_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "blob_holders",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("sha256", "user_id"),
    )
    with op.batch_alter_table("blob_holders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_blob_holders_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("record_blobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("added_by", sa.String(length=64), nullable=True))
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("content_bytes", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("uploads", schema=None) as batch_op:
        batch_op.add_column(sa.Column("head", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("sniffed_type", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("store_ref", sa.String(length=1024), nullable=True))
        batch_op.add_column(sa.Column("lease_token", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))

    # Existing references were made by the record's last writer; existing blobs are held by
    # the account that uploaded them.
    op.execute(
        "UPDATE record_blobs SET added_by = "
        "(SELECT updated_by FROM records WHERE records.id = record_blobs.record_id)"
    )
    op.execute(
        "INSERT INTO blob_holders (sha256, user_id, since) "
        "SELECT sha256, uploaded_by, created_at FROM blobs WHERE uploaded_by IS NOT NULL"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE records SET content_bytes = octet_length(content::text)")
    else:
        op.execute("UPDATE records SET content_bytes = length(CAST(content AS BLOB))")


def downgrade() -> None:
    """Drop what ``upgrade`` added."""
    with op.batch_alter_table("uploads", schema=None) as batch_op:
        batch_op.drop_column("lease_until")
        batch_op.drop_column("lease_token")
        batch_op.drop_column("store_ref")
        batch_op.drop_column("sniffed_type")
        batch_op.drop_column("head")
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_column("content_bytes")
    with op.batch_alter_table("record_blobs", schema=None) as batch_op:
        batch_op.drop_column("added_by")
    with op.batch_alter_table("blob_holders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_blob_holders_user_id"))
    op.drop_table("blob_holders")
    op.drop_table("login_throttle")
