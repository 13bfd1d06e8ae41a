"""What reading a blob found (text layer or OCR), cached by its hash so a file is read once.

Revision ID: v0003
Revises: v0002
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision = "v0003"
down_revision = "v0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ``reader`` is the reader's version: a newer reader reads again instead of trusting an
    # older result. ``result`` is JSON (page texts, what was recognised, how long it took).
    op.execute(
        """
        CREATE TABLE readings (
            sha256 TEXT PRIMARY KEY,
            reader INTEGER NOT NULL,
            result TEXT NOT NULL,
            created_at REAL NOT NULL
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE readings")
