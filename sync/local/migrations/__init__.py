"""Alembic migrations of the local store database (store.sqlite); see ``sync.local.db``."""
