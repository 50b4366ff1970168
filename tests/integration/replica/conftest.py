"""A real streaming replica of the session's embedded PostgreSQL (pg_basebackup -R), made once per run,
and for each test its own database, replicated before the test starts."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from mentormatch.db.embedded import EmbeddedReplica
from tests.conftest import PostgresServer
from tests.integration.matching.conftest import db, mentors, person

__all__ = ["db", "mentors", "person"]


# One replica for this package's tests, stopped when they are done: a replica left running would replay
# every database the rest of the suite creates.
@pytest.fixture(scope="package")
def replica_server(
    postgres: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[EmbeddedReplica]:
    replica = postgres.embedded.start_replica(tmp_path_factory.mktemp("replica"))
    try:
        yield replica
    finally:
        replica.stop(immediate=True)


@dataclass
class Replica:
    server: EmbeddedReplica
    url: str  # this test's database on the replica (postgresql+asyncpg)

    @property
    def libpq_url(self) -> str:
        return make_url(self.url).set(drivername="postgresql").render_as_string(hide_password=False)

    @asynccontextmanager
    async def replay_paused(self) -> AsyncIterator[None]:
        """Replay stopped on the replica: it serves the state it had, while the primary moves on."""
        connection = await asyncpg.connect(self.libpq_url)
        try:
            await connection.execute("SELECT pg_wal_replay_pause()")
            for _ in range(500):
                if await connection.fetchval("SELECT pg_get_wal_replay_pause_state()") == "paused":
                    break
                await asyncio.sleep(0.01)
            yield
        finally:
            await connection.execute("SELECT pg_wal_replay_resume()")
            await connection.close()

    async def caught_up(self, primary_url: str, within: float = 10.0) -> None:
        """Wait until the replica has replayed everything the primary has written so far."""
        primary = await asyncpg.connect(
            make_url(primary_url).set(drivername="postgresql").render_as_string(False)
        )
        replica = await asyncpg.connect(self.libpq_url)
        try:
            target = await primary.fetchval("SELECT pg_current_wal_insert_lsn()")
            deadline = time.monotonic() + within
            while not await replica.fetchval("SELECT pg_last_wal_replay_lsn() >= $1", target):
                assert time.monotonic() < deadline, "the replica did not catch up"
                await asyncio.sleep(0.02)
        finally:
            await primary.close()
            await replica.close()


@pytest.fixture
async def replica(replica_server: EmbeddedReplica, database_url: str) -> Replica:
    """This test's database on the replica, once the replica has replayed its creation."""
    name = make_url(database_url).database
    assert name is not None
    admin = make_url(replica_server.url("postgres")).set(drivername="postgresql")
    deadline = time.monotonic() + 30
    while True:
        try:
            connection = await asyncpg.connect(admin.render_as_string(hide_password=False))
        except (OSError, asyncpg.PostgresError):
            connection = None
        if connection is not None:
            try:
                if await connection.fetchval("SELECT count(*) FROM pg_database WHERE datname = $1", name):
                    break
            finally:
                await connection.close()
        assert time.monotonic() < deadline, "the test database never reached the replica"
        await asyncio.sleep(0.05)
    return Replica(replica_server, replica_server.url(name))
