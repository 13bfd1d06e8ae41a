"""Blob holders for references made before holders existed.

Revision ID: 0006_blob_holders
Revises: 0005_workflow
Create Date: 2026-12-05 19:30:00

Before issue 16 any record that cited a hash opened the blob. From now on only a reference
whose author holds the blob does (``sync.server.blob_access``). An existing reference stays
readable when its author could have read the file anyway: the blob's uploader belongs to the
record's pemda and could read the record (the same OPD, an all-OPD role, or the pemda-wide SPD
profile). References copied across OPDs or pemdas lose their effect, as they should.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_blob_holders"
down_revision: str | Sequence[str] | None = "0005_workflow"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Insert the holders that keep legitimate existing references working."""
    op.execute(
        "INSERT INTO blob_holders (sha256, user_id, since) "
        "SELECT rb.sha256, rb.added_by, MIN(b.created_at) FROM record_blobs rb "
        "JOIN records r ON r.id = rb.record_id "
        "JOIN blobs b ON b.sha256 = rb.sha256 "
        "JOIN users v ON v.id = b.uploaded_by "
        "WHERE rb.added_by IS NOT NULL AND v.pemda_id = r.pemda_id "
        "AND (v.role NOT IN ('operator', 'kepala_opd') OR v.opd_id = r.opd_id "
        "OR r.type = 'spd_profile') "
        "AND NOT EXISTS (SELECT 1 FROM blob_holders h "
        "WHERE h.sha256 = rb.sha256 AND h.user_id = rb.added_by) "
        "GROUP BY rb.sha256, rb.added_by"
    )


def downgrade() -> None:
    """Nothing to undo: holders are data, and 0004's downgrade drops the table."""
