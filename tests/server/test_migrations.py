"""Alembic migrations: the models match the migrated schema, and the revisions go down and up."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from sync.server.db import alembic_config, upgrade
from sync.server.models import Base
from tests.server.conftest import BACKENDS, database_url_for


@pytest.mark.parametrize("backend", BACKENDS)
def test_models_match_the_migrated_schema_and_downgrade_works(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = database_url_for(backend, request, tmp_path, empty=True)
    upgrade(url)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
            )
        assert diff == []
        command.downgrade(alembic_config(url), "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(url)
        assert "records" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_first_revision_id_is_the_published_one() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert script.get_base() == "0001_initial"
