"""Generated and derived artefacts agree with the code: schema.graphql, and migrations vs models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from mentormatch.db.engine import create_engine
from mentormatch.db.migrate import current_revision, head_revision
from mentormatch.db.models import Base
from mentormatch.graphql.schema import schema_sdl


def test_committed_schema_graphql_matches_the_code(repo_root: Path) -> None:
    committed = (repo_root / "schema.graphql").read_text()
    assert committed == schema_sdl(), "schema.graphql is stale: run `make schema`"


async def test_models_and_migrations_agree(database_url: str) -> None:
    engine = create_engine(database_url, pool_size=1)
    try:
        assert await current_revision(engine) == head_revision()
        async with engine.connect() as connection:
            diff = await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata
                )
            )
            vector = await connection.scalar(
                text("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
            )
    finally:
        await engine.dispose()
    assert diff == [], f"models differ from migrations; add a migration: {diff}"
    assert vector is not None
