"""Alembic migrations of the evidence vault database (vault.sqlite), separate from the store's."""
