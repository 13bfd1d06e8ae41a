"""The vault's first schema: blobs with upload bookkeeping, their chunks, cached thumbnails.

Revision ID: v0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "v0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A blob row is 'pending' (invisible, sha256 NULL) while its chunks stream in, and becomes
    # 'complete' in one transaction once the hash is known: no partial blob is ever visible.
    op.execute(
        """
        CREATE TABLE blobs (
            id INTEGER PRIMARY KEY,
            sha256 TEXT UNIQUE,
            state TEXT NOT NULL CHECK (state IN ('pending', 'complete')),
            owner TEXT,
            size_bytes INTEGER NOT NULL DEFAULT 0,
            chunk_size INTEGER NOT NULL,
            chunk_count INTEGER NOT NULL DEFAULT 0,
            media_type TEXT,
            page_count INTEGER,
            duration_seconds REAL,
            created_at REAL NOT NULL,
            touched_at REAL NOT NULL,
            damaged INTEGER NOT NULL DEFAULT 0,
            upload_state TEXT NOT NULL DEFAULT 'in_vault'
                CHECK (upload_state IN ('in_vault', 'uploading', 'uploaded')),
            upload_url TEXT,
            server_offset INTEGER NOT NULL DEFAULT 0,
            verified INTEGER NOT NULL DEFAULT 0,
            CHECK (state = 'pending' OR sha256 IS NOT NULL)
        )
        """
    )
    op.execute("CREATE INDEX ix_blobs_state ON blobs (state)")
    op.execute("CREATE INDEX ix_blobs_upload_state ON blobs (upload_state)")
    # The data column is last so reading seq never walks a chunk's overflow pages.
    op.execute(
        """
        CREATE TABLE chunks (
            blob_id INTEGER NOT NULL REFERENCES blobs (id),
            seq INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (blob_id, seq)
        )
        """
    )
    op.execute(
        """
        CREATE TABLE thumbnails (
            sha256 TEXT NOT NULL,
            max_px INTEGER NOT NULL,
            png BLOB NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            PRIMARY KEY (sha256, max_px)
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE thumbnails")
    op.execute("DROP TABLE chunks")
    op.execute("DROP TABLE blobs")
