"""The review workflow on the device: workflow requests (moves and verdicts asked for here,
sent through the outbox) and the pemda's OPD-head step as the server last said.

Revision ID: 0006_workflow
Revises: 0005_spd_inputs
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_workflow"
down_revision = "0005_spd_inputs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pemda") as batch:
        batch.add_column(sa.Column("opd_step", sa.Boolean(), nullable=False, server_default="0"))
    op.create_table(
        "workflow_requests",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("innovation_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("indicator", sa.String(length=16), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("applied_version", sa.Integer(), nullable=True),
        sa.Column("problem_code", sa.String(length=64), nullable=False),
        sa.Column("problem_params", sa.JSON(), nullable=True),
        sa.Column("problem_detail", sa.Text(), nullable=False),
        sa.Column("problem_detail_en", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("sync_state", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("synced_content", sa.JSON(), nullable=True),
        sa.Column("server_content", sa.JSON(), nullable=True),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workflow_requests")),
    )
    with op.batch_alter_table("workflow_requests") as batch:
        batch.create_index(
            batch.f("ix_workflow_requests_innovation_id"), ["innovation_id"], unique=False
        )
        batch.create_index(batch.f("ix_workflow_requests_state"), ["state"], unique=False)


def downgrade() -> None:
    op.drop_table("workflow_requests")
    with op.batch_alter_table("pemda") as batch:
        batch.drop_column("opd_step")
