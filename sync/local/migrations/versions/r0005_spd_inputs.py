"""The raw values a numeric SPD row was answered with (the national form's T-2 and T-1 figures):
a JSON object per answer, null for rows answered with a level or a figure entered directly.

Revision ID: 0005_spd_inputs
Revises: 0004_one_outbox
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_spd_inputs"
down_revision = "0004_one_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("spd_answers") as batch:
        batch.add_column(sa.Column("inputs", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("spd_answers") as batch:
        batch.drop_column("inputs")
