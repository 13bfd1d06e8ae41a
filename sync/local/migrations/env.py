"""Alembic environment for store.sqlite: runs on the connection ``sync.local.db`` hands over."""

from __future__ import annotations

from alembic import context


def run_migrations() -> None:
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=None, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


# Alembic runs this file inside its environment (where ``context.config`` exists); a plain
# import, such as the layering test walking every package, must not try to migrate.
if hasattr(context, "config"):
    run_migrations()
