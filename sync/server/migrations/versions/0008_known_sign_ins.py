"""Known sign-in addresses: where each account last signed in successfully.

Revision ID: 0008_known_sign_ins
Revises: 0007_pemda_sequences
Create Date: 2026-12-05 21:45:00

The login throttle (``sync.server.throttle``) no longer lets a stranger's failures slow down an
account's owner at an address the owner already signed in from: there only the failures made
from that address count for the account.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_known_sign_ins"
down_revision: str | Sequence[str] | None = "0007_pemda_sequences"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "known_sign_ins",
        sa.Column("account", sa.String(length=250), nullable=False),
        sa.Column("address", sa.String(length=250), nullable=False),
        sa.Column("last_success_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("account", "address"),
    )


def downgrade() -> None:
    op.drop_table("known_sign_ins")
