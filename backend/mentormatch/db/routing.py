"""Which server a request's reads go to: the primary, or a streaming replica (DATABASE_REPLICA_URL).

The rule lives here, once. Writes, and every read inside a write (a mutation's payload, a subscription's
re-checks, authentication, rate-limit counters), always use the primary's sessionmaker. A GraphQL query
gets `Context.reads`, which `ReadRouter.reads_for` chooses per request:

- no replica configured, or the replica is in its back-off after a failure: the primary;
- the viewer has no recorded write, or the replica has replayed past their last write: the replica;
- otherwise (the replica has not yet replayed the viewer's own write): the primary.

Read your writes, across processes. After a signed-in viewer's mutation commits, the primary's WAL insert
position (`pg_current_wal_insert_lsn()`, taken after the COMMIT, so at or past the end of its commit
record) is stored on their session row (`sessions.write_lsn`, as a byte offset). Every request already
reads that row to authenticate, so the position costs no extra round trip, holds for every API process
(a cookie would miss API clients with bearer tokens and could be forged to send reads to a stale
server; process memory would miss the next request landing on another worker), and goes away with the
session. The replica's `pg_last_wal_replay_lsn()` is cached for MENTORMATCH_REPLICA_LAG_CHECK_SECONDS:
replay only moves forward, so a stale cached value can only send a viewer to the primary needlessly,
never to a replica that lacks their write. Other viewers read the replica as it stands (it may lag).

Fallback. The position query doubles as the replica's health check: when it (or a replica read) fails
with an outage-class error (`db.availability` decides), reads go to the primary for
MENTORMATCH_REPLICA_RETRY_SECONDS and then the replica is tried again. A warning is logged once per
transition (down, back), not once per request.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field

from sqlalchemy import BigInteger, literal_column, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from mentormatch.db.availability import is_database_unavailable

log = logging.getLogger(__name__)

# Byte offsets: pg_lsn minus the origin is a numeric that fits a bigint for any real cluster.
REPLAY_POSITION = text("SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint")
INSERT_POSITION = literal_column("(pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint", BigInteger())


@dataclass
class ReadRouter:
    """Primary and (optional) replica sessionmakers of one process, and what is known of the replica."""

    primary: async_sessionmaker[AsyncSession]
    replica: async_sessionmaker[AsyncSession] | None = None
    replica_engine: AsyncEngine | None = None
    lag_check_seconds: float = 0.05
    retry_seconds: float = 5.0
    _replayed: int | None = None
    _checked_at: float = float("-inf")
    _down_until: float = float("-inf")
    _healthy: bool = True
    _probe: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def enabled(self) -> bool:
        return self.replica is not None

    @property
    def state(self) -> str:
        """For /readyz: "none" (not configured), "up", or "down" (reads on the primary)."""
        if self.replica is None:
            return "none"
        return "up" if self._healthy else "down"

    async def reads_for(self, write_lsn: int | None) -> async_sessionmaker[AsyncSession]:
        """Where a query of a viewer whose last write is at `write_lsn` (None: none known) reads."""
        if self.replica is None or time.monotonic() < self._down_until:
            return self.primary
        replayed = self._replayed
        if replayed is None or time.monotonic() - self._checked_at >= self.lag_check_seconds:
            replayed = await self._replay_position(force=False)
        if replayed is None or (write_lsn is not None and replayed < write_lsn):
            return self.primary
        return self.replica

    def is_replica(self, db: async_sessionmaker[AsyncSession]) -> bool:
        return self.replica is not None and db is self.replica

    def replica_failed(self, error: BaseException) -> None:
        """A read on the replica failed: if it is an outage, read from the primary for a while."""
        if is_database_unavailable(error):
            self._mark_down(error)

    async def check_replica(self) -> bool:
        """Whether the replica answers now (for /readyz); updates what the router knows."""
        if self.replica is None:
            return False
        return await self._replay_position(force=True) is not None

    async def _replay_position(self, *, force: bool) -> int | None:
        assert self.replica is not None
        async with self._probe:
            # Another request may have asked while this one waited.
            if not force and time.monotonic() - self._checked_at < self.lag_check_seconds:
                return self._replayed
            try:
                async with self.replica() as session:
                    position = await session.scalar(REPLAY_POSITION)
            except Exception as exc:
                if not is_database_unavailable(exc):
                    raise
                self._mark_down(exc)
                return None
            if position is None:
                # Not in recovery: DATABASE_REPLICA_URL names a primary. Nothing proves it holds our
                # writes, so it is not read from.
                self._mark_down(RuntimeError("DATABASE_REPLICA_URL is not a server in recovery"))
                return None
            self._replayed, self._checked_at = int(position), time.monotonic()
            self._down_until = float("-inf")
            if not self._healthy:
                self._healthy = True
                log.warning("database replica is back: reads go to it again")
            return self._replayed

    def _mark_down(self, error: BaseException) -> None:
        self._down_until = time.monotonic() + self.retry_seconds
        self._replayed, self._checked_at = None, float("-inf")
        if self._healthy:
            self._healthy = False
            log.warning(
                "database replica unavailable (%s): reads go to the primary, retry in %.1fs",
                error,
                self.retry_seconds,
            )
