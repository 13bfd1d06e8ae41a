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
from itertools import groupby
from operator import itemgetter
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
    rows = bind.exec_driver_sql(
        f"SELECT innovation_id, indicator, {', '.join(_FIELDS)} FROM answers"
        " ORDER BY innovation_id, indicator"
    )
    # One innovation at a time (the rows come grouped), written in batches: a verifier's
    # store of 10,000 innovations has 200,000 answer rows, never all in memory at once.
    pending: list[tuple[str, str]] = []
    for innovation_id, group in groupby(rows, key=itemgetter(0)):
        answers = {indicator: _compact(values) for _, indicator, *values in group}
        pending.append((json.dumps(answers, ensure_ascii=False), innovation_id))
        if len(pending) >= _BATCH:
            _write(bind, pending)
    _write(bind, pending)
    bind.exec_driver_sql("DELETE FROM answers")


_BATCH = 500


def _compact(values: list[Any]) -> dict[str, Any]:
    """An answer row's fields as the column keeps them (those that differ from the default)."""
    fields = dict(zip(_FIELDS, values, strict=True))
    checklist = fields["checklist"]
    fields["checklist"] = (json.loads(checklist) or []) if isinstance(checklist, str) else []
    for name in ("verdict", "verifier_note", "basis"):  # NOT NULL, but never trusted blindly
        if fields[name] is None:
            fields[name] = _DEFAULTS[name]
    return {k: v for k, v in fields.items() if v != _DEFAULTS[k]}


def _write(bind: Any, pending: list[tuple[str, str]]) -> None:
    if pending:
        bind.exec_driver_sql("UPDATE innovations SET answers = ? WHERE id = ?", list(pending))
        pending.clear()


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
