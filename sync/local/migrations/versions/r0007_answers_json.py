"""An innovation's answers as one JSON column of its row (``innovations.answers``): indicator
-> the answer's fields that differ from their defaults. A first pull wrote ~20 ``answers`` rows
per innovation, half of SQLite's work (bench/sync_pull.py); now it writes one value.

Every answer row is moved into its innovation's column (every field kept, in indicator order),
then the ``answers`` table is emptied in the same transaction; the table itself stays
(migrations only add), and the store was backed up before any migration ran.

Revision ID: 0007_answers_json
Revises: 0006_workflow
Create Date: 2026-12-06
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007_answers_json"
down_revision = "0006_workflow"
branch_labels = None
depends_on = None

# The defaults as of this revision (a copy: later code may change sync.local.rows).
_DEFAULTS: dict[str, Any] = {
    "claimed_level": None,
    "verified_level": None,
    "verdict": "pending",
    "verifier_note": "",
    "quantity": None,
    "quantity_base": None,
    "basis": "",
    "checklist": [],
}
_FIELDS = tuple(_DEFAULTS)


def upgrade() -> None:
    with op.batch_alter_table("innovations") as batch:
        batch.add_column(sa.Column("answers", sa.JSON(), nullable=False, server_default="{}"))
    bind = op.get_bind()
    moved: dict[str, dict[str, dict[str, Any]]] = {}
    rows = bind.exec_driver_sql(
        f"SELECT innovation_id, indicator, {', '.join(_FIELDS)} FROM answers"
        " ORDER BY innovation_id, indicator"
    )
    for innovation_id, indicator, *values in rows:
        fields = dict(zip(_FIELDS, values, strict=True))
        checklist = fields["checklist"]
        fields["checklist"] = json.loads(checklist) if isinstance(checklist, str) else []
        if fields["verdict"] is None:
            fields["verdict"] = "pending"
        if fields["verifier_note"] is None:
            fields["verifier_note"] = ""
        if fields["basis"] is None:
            fields["basis"] = ""
        moved.setdefault(innovation_id, {})[indicator] = {
            k: v for k, v in fields.items() if v != _DEFAULTS[k]
        }
    if moved:
        bind.exec_driver_sql(
            "UPDATE innovations SET answers = ? WHERE id = ?",
            [(json.dumps(answers, ensure_ascii=False), i) for i, answers in moved.items()],
        )
    bind.exec_driver_sql("DELETE FROM answers")


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.exec_driver_sql("SELECT id, answers FROM innovations").fetchall()
    values = []
    for innovation_id, text in rows:
        for indicator, entry in (json.loads(text or "{}") or {}).items():
            fields = {**_DEFAULTS, **entry}
            fields["checklist"] = json.dumps(fields["checklist"])
            values.append((innovation_id, indicator, *(fields[k] for k in _FIELDS)))
    if values:
        bind.exec_driver_sql(
            f"INSERT INTO answers (innovation_id, indicator, {', '.join(_FIELDS)})"
            f" VALUES (?, ?, {', '.join('?' for _ in _FIELDS)})",
            values,
        )
    with op.batch_alter_table("innovations") as batch:
        batch.drop_column("answers")
