"""What proves a level: a document's jenis, year, whether it names the innovation, its
readability and which fields were read from it; an answer's measure (quantity, ratio base,
basis, checklist). Only adds nullable or defaulted columns, so older rows read as "not known".

Revision ID: 0003_evidence_proof
Revises: 0002_list_index
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_evidence_proof"
down_revision = "0002_list_index"
branch_labels = None
depends_on = None

_DOCUMENT_TABLES = ("documents", "spd_documents")


def upgrade() -> None:
    for table in _DOCUMENT_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("jenis", sa.String(64), nullable=False, server_default=""))
            batch.add_column(sa.Column("tahun", sa.Integer(), nullable=True))
            batch.add_column(sa.Column("names_innovation", sa.Boolean(), nullable=True))
            batch.add_column(sa.Column("name_page", sa.Integer(), nullable=True))
            batch.add_column(
                sa.Column("readability", sa.String(32), nullable=False, server_default="")
            )
            batch.add_column(sa.Column("prefilled", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("quantity", sa.String(64), nullable=True))
        batch.add_column(sa.Column("quantity_base", sa.String(64), nullable=True))
        batch.add_column(sa.Column("basis", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("checklist", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        for column in ("checklist", "basis", "quantity_base", "quantity"):
            batch.drop_column(column)
    for table in _DOCUMENT_TABLES:
        with op.batch_alter_table(table) as batch:
            for column in (
                "prefilled",
                "readability",
                "name_page",
                "names_innovation",
                "tahun",
                "jenis",
            ):
                batch.drop_column(column)
