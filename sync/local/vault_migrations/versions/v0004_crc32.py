"""Each blob's CRC-32, taken when its bytes came in (imported or downloaded).

A blob's SHA-256 is its name; its CRC-32 lets a reader that computes one anyway (the Paket
kirim's ZIP does, for every entry) prove that the bytes it wrote are the vault's bytes without
hashing them a second time with SHA-256. NULL for blobs stored before this revision: readers
then hash them fully, and the vault records the CRC-32 the next time it reads such a blob whole
and finds it matches its hash (``Vault.record_crc32``, ``Vault.verify``, importing the same
content again).

Revision ID: v0004
Revises: v0003
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "v0004"
down_revision = "v0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE blobs ADD COLUMN crc32 INTEGER")


def downgrade() -> None:
    op.execute("ALTER TABLE blobs DROP COLUMN crc32")
