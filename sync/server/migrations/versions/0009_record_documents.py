"""Which record of a pemda holds each evidence document id.

Revision ID: 0009_record_documents
Revises: 0008_known_sign_ins
Create Date: 2026-12-06 06:20:00

A push citing a document id another record of the pemda holds is refused from now on
(``sync.server.documents``). The ids the live innovations and SPD profiles cite are filled in
oldest change first: should two records already share an id, the older keeps it and the other
is refused at its next push (with words saying how to mend it). Ids longer than the 64
characters now taken are left out: their records are refused at their next push anyway.

The records are read a few at a time, one pemda after another, and the rows written a batch at
a time: a server's records may be far more than its memory (a plain read on PostgreSQL holds the
whole result, every content, at once).
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_record_documents"
down_revision: str | Sequence[str] | None = "0008_known_sign_ins"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MAX_DOCUMENT_ID = 64
READ_BATCH = 50
"""Records read at once (a content may be up to 1 MiB)."""
WRITE_BATCH = 1000


def upgrade() -> None:
    table = op.create_table(
        "record_documents",
        sa.Column("pemda_id", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["record_id"], ["records.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pemda_id", "document_id"),
    )
    op.create_index(
        op.f("ix_record_documents_record_id"), "record_documents", ["record_id"], unique=False
    )
    assert table is not None
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT id, pemda_id, content FROM records "
            "WHERE type IN ('innovation', 'spd_profile') AND NOT deleted ORDER BY pemda_id, seq"
        ).execution_options(yield_per=READ_BATCH)
    )
    pemda: str | None = None
    held: set[str] = set()
    batch: list[dict[str, str]] = []
    for record_id, pemda_id, content in rows:
        if pemda_id != pemda:
            pemda, held = pemda_id, set()  # ids are a pemda's: only its own are remembered
        data = json.loads(content) if isinstance(content, str | bytes) else content
        documents = data.get("documents") if isinstance(data, dict) else None
        for doc in documents if isinstance(documents, list) else []:
            doc_id = doc.get("id") if isinstance(doc, dict) else None
            if not isinstance(doc_id, str) or not doc_id or len(doc_id) > MAX_DOCUMENT_ID:
                continue
            if doc_id in held:
                continue
            held.add(doc_id)
            batch.append({"pemda_id": pemda_id, "document_id": doc_id, "record_id": record_id})
        if len(batch) >= WRITE_BATCH:
            connection.execute(sa.insert(table), batch)
            batch = []
    if batch:
        connection.execute(sa.insert(table), batch)


def downgrade() -> None:
    op.drop_index(op.f("ix_record_documents_record_id"), table_name="record_documents")
    op.drop_table("record_documents")
