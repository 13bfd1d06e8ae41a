"""First schema of the local store: org units, local user, innovations with answers and
evidence, SPD profiles, verdicts, the coalesced outbox, sync cursor and history.

Frozen: later schema changes are new revisions; this file never imports the models.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "innovations",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("rule_year", sa.Integer(), nullable=False),
        sa.Column("opd_id", sa.String(length=64), nullable=False),
        sa.Column("nama", sa.Text(collation="NOCASE"), nullable=False),
        sa.Column("tahapan", sa.String(length=64), nullable=False),
        sa.Column("inisiator", sa.String(length=64), nullable=False),
        sa.Column("inisiator_nama", sa.Text(), nullable=False),
        sa.Column("jenis", sa.String(length=64), nullable=False),
        sa.Column("bentuk", sa.String(length=200), nullable=False),
        sa.Column("urusan_utama", sa.String(length=200), nullable=False),
        sa.Column("urusan_lain", sa.JSON(), nullable=False),
        sa.Column("waktu_uji_coba", sa.Date(), nullable=True),
        sa.Column("waktu_penerapan", sa.Date(), nullable=True),
        sa.Column("waktu_pengembangan", sa.Date(), nullable=True),
        sa.Column("rancang_bangun", sa.Text(), nullable=False),
        sa.Column("tujuan", sa.Text(), nullable=False),
        sa.Column("manfaat", sa.Text(), nullable=False),
        sa.Column("hasil", sa.Text(), nullable=False),
        sa.Column("video_link", sa.Text(), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("workflow_state", sa.String(length=32), nullable=False),
        sa.Column("sync_state", sa.String(length=32), nullable=False),
        sa.Column("qc_status", sa.String(length=32), nullable=False),
        sa.Column("verifier_note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("synced_content", sa.JSON(), nullable=True),
        sa.Column("server_content", sa.JSON(), nullable=True),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("completeness", sa.Integer(), nullable=True),
        sa.Column("kematangan_centi", sa.Integer(), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_innovations")),
    )
    op.create_index(
        op.f("ix_innovations_completeness"), "innovations", ["completeness"], unique=False
    )
    op.create_index(
        op.f("ix_innovations_kematangan_centi"), "innovations", ["kematangan_centi"], unique=False
    )
    op.create_index(op.f("ix_innovations_nama"), "innovations", ["nama"], unique=False)
    op.create_index(op.f("ix_innovations_opd_id"), "innovations", ["opd_id"], unique=False)
    op.create_index(op.f("ix_innovations_rule_year"), "innovations", ["rule_year"], unique=False)
    op.create_index(op.f("ix_innovations_sync_state"), "innovations", ["sync_state"], unique=False)
    op.create_index(op.f("ix_innovations_tahapan"), "innovations", ["tahapan"], unique=False)
    op.create_index(op.f("ix_innovations_updated_at"), "innovations", ["updated_at"], unique=False)
    op.create_index(
        op.f("ix_innovations_workflow_state"), "innovations", ["workflow_state"], unique=False
    )
    op.create_table(
        "local_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=150), nullable=False),
        sa.Column("full_name", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("pemda_id", sa.String(length=64), nullable=True),
        sa.Column("opd_id", sa.String(length=64), nullable=True),
        sa.Column("server_url", sa.String(length=1000), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_local_user")),
    )
    op.create_table(
        "opd",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("pemda_id", sa.String(length=64), nullable=True),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300, collation="NOCASE"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opd")),
    )
    op.create_index(op.f("ix_opd_name"), "opd", ["name"], unique=False)
    op.create_index(op.f("ix_opd_pemda_id"), "opd", ["pemda_id"], unique=False)
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("record_type", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("sent_seq", sa.Integer(), nullable=True),
        sa.Column("sent_content", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint(
            "record_type", "record_id", name=op.f("uq_outbox_record_type_record_id")
        ),
    )
    op.create_index("ix_outbox_state_due", "outbox", ["state", "next_attempt_at"], unique=False)
    op.create_table(
        "pemda",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pemda")),
    )
    op.create_table(
        "spd_profiles",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("pemda_id", sa.String(length=64), nullable=False),
        sa.Column("rule_year", sa.Integer(), nullable=False),
        sa.Column("sync_state", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("synced_content", sa.JSON(), nullable=True),
        sa.Column("server_content", sa.JSON(), nullable=True),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spd_profiles")),
        sa.UniqueConstraint("rule_year", name=op.f("uq_spd_profiles_rule_year")),
    )
    op.create_table(
        "sync_cursor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_cursor")),
    )
    op.create_table(
        "sync_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("pushed", sa.Integer(), nullable=False),
        sa.Column("pulled", sa.Integer(), nullable=False),
        sa.Column("conflicts", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_runs")),
    )
    op.create_index(op.f("ix_sync_runs_started_at"), "sync_runs", ["started_at"], unique=False)
    op.create_table(
        "verdicts",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("innovation_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verdicts")),
    )
    op.create_index(op.f("ix_verdicts_innovation_id"), "verdicts", ["innovation_id"], unique=False)
    op.create_table(
        "answers",
        sa.Column("innovation_id", sa.String(length=64), nullable=False),
        sa.Column("indicator", sa.String(length=16), nullable=False),
        sa.Column("claimed_level", sa.Integer(), nullable=True),
        sa.Column("verified_level", sa.Integer(), nullable=True),
        sa.Column("verdict", sa.String(length=32), nullable=False),
        sa.Column("verifier_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["innovation_id"],
            ["innovations.id"],
            name=op.f("fk_answers_innovation_id_innovations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("innovation_id", "indicator", name=op.f("pk_answers")),
    )
    op.create_table(
        "documents",
        sa.Column("innovation_id", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("slot", sa.String(length=64), nullable=False),
        sa.Column("nomor", sa.Text(), nullable=False),
        sa.Column("tanggal", sa.Date(), nullable=True),
        sa.Column("tentang", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("link", sa.Text(), nullable=True),
        sa.Column("file_name", sa.Text(), nullable=True),
        sa.Column("media_type", sa.String(length=200), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=True),
        sa.Column("duration_seconds", sa.Float(), nullable=True),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["innovation_id"],
            ["innovations.id"],
            name=op.f("fk_documents_innovation_id_innovations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    op.create_index(
        "ix_documents_owner_slot", "documents", ["innovation_id", "slot", "position"], unique=False
    )
    op.create_index(op.f("ix_documents_sha256"), "documents", ["sha256"], unique=False)
    op.create_table(
        "spd_answers",
        sa.Column("profile_id", sa.String(length=64), nullable=False),
        sa.Column("row", sa.String(length=16), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("raw_value", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["spd_profiles.id"],
            name=op.f("fk_spd_answers_profile_id_spd_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("profile_id", "row", name=op.f("pk_spd_answers")),
    )
    op.create_table(
        "spd_documents",
        sa.Column("profile_id", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("slot", sa.String(length=64), nullable=False),
        sa.Column("nomor", sa.Text(), nullable=False),
        sa.Column("tanggal", sa.Date(), nullable=True),
        sa.Column("tentang", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("link", sa.Text(), nullable=True),
        sa.Column("file_name", sa.Text(), nullable=True),
        sa.Column("media_type", sa.String(length=200), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=True),
        sa.Column("duration_seconds", sa.Float(), nullable=True),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["spd_profiles.id"],
            name=op.f("fk_spd_documents_profile_id_spd_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spd_documents")),
    )
    op.create_index(
        op.f("ix_spd_documents_profile_id"), "spd_documents", ["profile_id"], unique=False
    )
    op.create_index(op.f("ix_spd_documents_sha256"), "spd_documents", ["sha256"], unique=False)


def downgrade() -> None:
    op.drop_table("answers")
    op.drop_table("documents")
    op.drop_table("spd_answers")
    op.drop_table("spd_documents")
    op.drop_table("innovations")
    op.drop_table("local_user")
    op.drop_table("opd")
    op.drop_table("outbox")
    op.drop_table("pemda")
    op.drop_table("spd_profiles")
    op.drop_table("sync_cursor")
    op.drop_table("sync_runs")
    op.drop_table("verdicts")
