"""The review workflow: the pemda's OPD-head step setting, workflow requests as decided, and
the first releases' verdict records renamed to review records.

Revision ID: 0005_workflow
Revises: 0004_hardening
Create Date: 2026-12-05 20:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005_workflow"
down_revision: str | Sequence[str] | None = "0004_hardening"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    """Add ``pemda.opd_step`` and ``workflow_requests``; ``verdict`` records become ``review``
    records (their content reads as a review: ``iid.codec.review_from_dict``)."""
    with op.batch_alter_table("pemda") as batch:
        batch.add_column(
            sa.Column("opd_step", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "workflow_requests",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("pemda_id", sa.String(length=64), nullable=False),
        sa.Column("innovation_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=200), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("content", JSON_DOC, nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("problem", JSON_DOC, nullable=True),
        sa.Column("review_version", sa.Integer(), nullable=True),
        sa.Column("review_seq", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["pemda_id"], ["pemda.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_workflow_requests_innovation_id", "workflow_requests", ["innovation_id"])
    op.execute("UPDATE records SET type = 'review' WHERE type = 'verdict'")
    op.execute("UPDATE record_versions SET type = 'review' WHERE type = 'verdict'")


def downgrade() -> None:
    op.execute("UPDATE record_versions SET type = 'verdict' WHERE type = 'review'")
    op.execute("UPDATE records SET type = 'verdict' WHERE type = 'review'")
    op.drop_index("ix_workflow_requests_innovation_id", table_name="workflow_requests")
    op.drop_table("workflow_requests")
    with op.batch_alter_table("pemda") as batch:
        batch.drop_column("opd_step")
