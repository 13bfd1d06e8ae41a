"""Resumable downloads: a pending blob row may be a download in progress of a known hash.

``download_sha256`` names the file a pending row is being fetched as (its chunks are the bytes
received so far, committed chunk by chunk, so a kill or a cut resumes from the last chunk);
``expected_size`` is the size the server announced. One download per hash (unique).

Revision ID: v0002
Revises: v0001
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision = "v0002"
down_revision = "v0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE blobs ADD COLUMN download_sha256 TEXT")
    op.execute("ALTER TABLE blobs ADD COLUMN expected_size INTEGER")
    op.execute("CREATE UNIQUE INDEX ux_blobs_download_sha256 ON blobs (download_sha256)")


def downgrade() -> None:
    op.execute("DROP INDEX ux_blobs_download_sha256")
    op.execute("ALTER TABLE blobs DROP COLUMN expected_size")
    op.execute("ALTER TABLE blobs DROP COLUMN download_sha256")
