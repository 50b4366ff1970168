"""Generated and derived artefacts agree with the code: schema.graphql, and migrations vs models; the
migrations upgrade every database that was ever released; every foreign key has an index."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from mentormatch.db.engine import create_engine
from mentormatch.db.migrate import alembic_config, current_revision, head_revision, upgrade_to_head
from mentormatch.db.models import Base
from mentormatch.db.vector import EXPERTISE_HNSW
from mentormatch.graphql.schema import schema_sdl
from tests.conftest import PostgresServer

# Revision 0006 as it was first released (commit 04433c3), before it was withdrawn.
ORIGINAL_0006 = [
    "DROP INDEX ix_profile_items_expertise_embedding",
    "CREATE INDEX ix_profile_items_expertise_embedding ON profile_items USING hnsw"
    " (embedding vector_cosine_ops) WITH (m = 24, ef_construction = 128) WHERE kind = 'EXPERTISE'",
]
EXPERTISE_INDEX = (
    "SELECT oid, reloptions FROM pg_class WHERE relname = 'ix_profile_items_expertise_embedding'"
)
# Foreign keys whose lookups may scan: programme_settings has one row.
UNINDEXED_FOREIGN_KEYS = {("programme_settings", ("updated_by",))}


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


@pytest.fixture
async def unmigrated(postgres: PostgresServer) -> AsyncIterator[tuple[str, str]]:
    """An empty database of this test's own: (SQLAlchemy URL, libpq URL)."""
    name = f"migrations_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(postgres.libpq_url("postgres"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield postgres.url(name), postgres.libpq_url(name)
    finally:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


async def migrate(url: str, revision: str) -> None:
    await asyncio.to_thread(command.upgrade, alembic_config(url), revision)


async def test_a_database_stamped_with_the_withdrawn_0006_upgrades_to_head(
    unmigrated: tuple[str, str],
) -> None:
    url, libpq = unmigrated
    await migrate(url, "0005")
    connection = await asyncpg.connect(libpq)
    try:
        for statement in ORIGINAL_0006:
            await connection.execute(statement)
        await asyncio.to_thread(command.stamp, alembic_config(url), "0006")

        await asyncio.to_thread(upgrade_to_head, url)

        assert await connection.fetchval("SELECT version_num FROM alembic_version") == head_revision()
        index = await connection.fetchrow(EXPERTISE_INDEX)
    finally:
        await connection.close()
    assert index is not None
    assert sorted(index["reloptions"]) == sorted(f"{key}={value}" for key, value in EXPERTISE_HNSW.items())


async def test_upgrading_from_0005_recounts_active_mentees_and_keeps_the_expertise_index(
    unmigrated: tuple[str, str],
) -> None:
    url, libpq = unmigrated
    await migrate(url, "0005")
    connection = await asyncpg.connect(libpq)
    try:
        mentor, mentee = uuid.uuid4(), uuid.uuid4()
        await connection.execute(
            "INSERT INTO users (id, email, display_name) VALUES ($1, 'mia@example.com', 'Mia'),"
            " ($2, 'max@example.com', 'Max')",
            mentor,
            mentee,
        )
        # A counter that drifted: three mentees counted, none active.
        await connection.execute(
            "INSERT INTO profiles (user_id, can_mentor, active_mentees) VALUES ($1, true, 3)", mentor
        )
        built = await connection.fetchrow(EXPERTISE_INDEX)

        await asyncio.to_thread(upgrade_to_head, url)

        assert (
            await connection.fetchval("SELECT active_mentees FROM profiles WHERE user_id = $1", mentor) == 0
        )
        # Not rebuilt: the withdrawn 0006 is a no-op and 0007 leaves an index that already fits alone.
        assert await connection.fetchrow(EXPERTISE_INDEX) == built
    finally:
        await connection.close()


async def test_every_foreign_key_has_an_index_for_its_lookups(database_url: str) -> None:
    """Deleting a user (or a request, a mentorship) finds the referencing rows of every table through
    an index whose leading columns are the foreign key's, not by scanning the table."""
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    text(
                        """
                        SELECT c.conrelid::regclass::text AS table_name,
                               array(SELECT a.attname::text FROM unnest(c.conkey) AS k
                                     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k
                                     ORDER BY a.attname) AS columns,
                               EXISTS (
                                   SELECT 1 FROM pg_index i
                                   WHERE i.indrelid = c.conrelid AND i.indpred IS NULL AND i.indisvalid
                                     AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
                                     AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey
                               ) AS indexed
                        FROM pg_constraint c
                        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
                        """
                    )
                )
            ).all()
    finally:
        await engine.dispose()
    assert len(rows) > 10
    unindexed = {(row.table_name, tuple(row.columns)) for row in rows if not row.indexed}
    assert unindexed == UNINDEXED_FOREIGN_KEYS
